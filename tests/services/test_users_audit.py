import json

import pytest
from sqlalchemy import text

from boclerk.errors import InvalidInput, NotFound, NotPermitted, Refused
from boclerk.services.platform import audit, users


def test_add_list_set_role_disable_with_audit(db):
    with db.write("admin") as uow:
        users.add_user(uow, "dora", "clerk", "Dora D.")
    with db.write("admin") as uow:
        users.set_role(uow, "dora", "accountant")
    with db.write("admin") as uow:
        users.set_active(uow, "dora", False)
    with db.read("admin") as uow:
        rows = {u.name: u for u in users.list_users(uow)}
        events = audit.list_events(uow, entity="user", entity_id="dora")
    assert rows["dora"].role == "accountant" and rows["dora"].active is False
    assert [e.action for e in events] == ["user.disable", "user.set_role", "user.add"]
    assert events[1].before == {"role": "clerk"} and events[1].after == {"role": "accountant"}
    assert all(e.actor == "admin" for e in events)


def test_disabled_and_unknown_users_are_refused(db):
    with db.write("admin") as uow:
        users.set_active(uow, "clerk", False)
    with pytest.raises(NotPermitted, match="disabled"):
        with db.read("clerk"):
            pass
    with pytest.raises(NotPermitted, match="no boclerk account"):
        with db.read("mallory"):
            pass


@pytest.mark.parametrize("who", ["acc", "clerk", "wh", "viewer"])
def test_only_admin_manages_users(db, who):
    with pytest.raises(NotPermitted, match=r"may not manage users"):
        with db.write(who) as uow:
            users.add_user(uow, "eve", "admin")
    with db.read("admin") as uow:
        assert "eve" not in {u.name for u in users.list_users(uow)}


def test_refusals(db):
    with db.write("admin") as uow:
        with pytest.raises(Refused, match="already exists"):
            users.add_user(uow, "clerk", "clerk")
        with pytest.raises(InvalidInput, match="not a role"):
            users.add_user(uow, "zed", "boss")
        with pytest.raises(InvalidInput, match="not a valid OS user name"):
            users.add_user(uow, "../x", "clerk")
        with pytest.raises(NotFound):
            users.set_role(uow, "nobody", "clerk")
        with pytest.raises(Refused, match="last active admin"):
            users.set_active(uow, "admin", False)
        with pytest.raises(Refused, match="last active admin"):
            users.set_role(uow, "admin", "viewer")


def test_failed_unit_writes_neither_change_nor_audit(db):
    with pytest.raises(RuntimeError):
        with db.write("admin") as uow:
            users.add_user(uow, "temp", "clerk")
            raise RuntimeError("boom")
    with db.read("admin") as uow:
        assert "temp" not in {u.name for u in users.list_users(uow)}
        assert audit.list_events(uow, entity_id="temp") == []


def test_audit_trail_is_immutable_in_the_database(db):
    with db.write("admin") as uow:
        users.add_user(uow, "fred", "viewer")
    for sql in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(Exception, match="immutable"):
            with db.engine.begin() as conn:
                conn.execute(text(sql))


def test_audit_filters(db):
    with db.write("admin") as uow:
        users.add_user(uow, "gina", "viewer")
    with db.read("acc") as uow:
        assert {e.actor for e in audit.list_events(uow, user="admin")} == {"admin"}
        assert audit.list_events(uow, user="nobody") == []
        assert all(e.entity == "user" for e in audit.list_events(uow, entity="user"))
    with pytest.raises(NotPermitted):
        with db.read("clerk") as uow:
            audit.list_events(uow)


def test_audit_json_before_after_round_trip(db):
    with db.write("admin") as uow:
        users.add_user(uow, "hal", "viewer", "Hal Ö")
    with db.engine.connect() as conn:
        after = conn.execute(text("SELECT after FROM audit_event WHERE entity_id='hal'")).scalar()
    assert json.loads(after) == {"full_name": "Hal Ö", "role": "viewer"}


def test_a_kind_of_record_the_trail_never_names_is_refused_with_the_kinds_it_has(db):
    """A typo in --entity would otherwise read as "nothing happened to it"."""
    with db.write("admin") as uow:
        users.add_user(uow, "hugo", "viewer")
    with db.read("acc") as uow:
        with pytest.raises(InvalidInput, match=r"'blob' \(--entity\); it has: .*\buser\b") as refused:
            audit.list_events(uow, entity="blob")
        kinds = str(refused.value).rsplit(": ", 1)[1].rstrip(".").split(", ")
        assert kinds == [r[0] for r in uow.s.execute(text("SELECT DISTINCT entity FROM audit_event ORDER BY 1"))]
        assert audit.list_events(uow, entity="user", entity_id="nobody") == []  # a known kind: nothing of that one
