"""The unit of work turns the database's refusals into the domain's errors, and on
PostgreSQL runs again a transaction that lost a serialization race or a deadlock.

Faces never see SQLAlchemy's exceptions: a uniqueness clash reads the same sentence on the
command line and in the app, and a unit the database gave up for another runs again, a
bounded number of times, before the clerk is told the records changed under them.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from boclerk.db import uow as uow_module
from boclerk.db.database import Database
from boclerk.db.engine import make_engine
from boclerk.errors import ConcurrentChange, Refused, WriteConflict
from tests.conftest import BACKENDS
from tests.tui.helpers import notifications, settle

PG_ONLY = [b for b in BACKENDS if b == "postgresql"]  # empty without a server: nothing to run


def _users(db) -> dict[str, str]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT name, full_name FROM app_user")).all())


def _audit_count(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_event")).scalar()


def _insert_user(uow, name: str) -> None:
    """What a racing ``add_user`` does once its look for the name has come back empty."""
    uow.audit("user.add", "user", name)
    uow.s.execute(text("INSERT INTO app_user (name, role, full_name, active, created_at) "
                       "VALUES (:n, 'viewer', '', :t, :at)"), {"n": name, "t": True, "at": uow.now})


def test_a_clash_with_a_record_saved_meanwhile_is_a_concurrent_change(db):
    """Another connection saved the name after this one looked: the unique index refuses, the
    clerk reads one sentence, and nothing of the unit (its audit event included) is kept."""
    with db.read("admin") as uow:
        assert uow.s.execute(text("SELECT 1 FROM app_user WHERE name = 'late'")).first() is None
    with db.engine.begin() as other:
        other.execute(text("INSERT INTO app_user (name, role, full_name, active, created_at) "
                           "VALUES ('late', 'clerk', 'first', :t, CURRENT_TIMESTAMP)"), {"t": True})
    audits = _audit_count(db)
    with pytest.raises(ConcurrentChange) as caught:
        db.run("admin", _insert_user, "late", write=True)
    assert type(caught.value) is ConcurrentChange
    assert caught.value.message == uow_module.CLASH
    assert _users(db)["late"] == "first" and _audit_count(db) == audits


def test_a_check_constraint_is_refused_with_its_rule(db):
    def promote(uow) -> None:
        uow.s.execute(text("UPDATE app_user SET role = 'boss' WHERE name = 'clerk'"))

    with pytest.raises(Refused, match=r"^The database refused this \(.*ck_app_user_role.*\); nothing was written\.$"):
        db.run("admin", promote, write=True)


def test_a_trigger_is_refused_with_its_own_words(db):
    def rewrite_history(uow) -> None:
        uow.s.execute(text("UPDATE audit_event SET actor = 'x'"))

    with pytest.raises(Refused, match=r"^The database refused this \(.*immutable.*\); nothing was written\.$"):
        with db.write("admin") as uow:
            uow.audit("test", "test", 1)
            uow.s.flush()
            rewrite_history(uow)


def test_a_version_clash_at_commit_is_a_concurrent_change(db):
    """An edit whose row was changed meanwhile fails at the commit's flush: the same sentence."""
    from boclerk.domain import models  # noqa: F401
    from boclerk.domain.users import User

    with pytest.raises(ConcurrentChange, match="^This conflicts with a change saved a moment ago"):
        with db.write("admin") as uow:
            user = uow.s.query(User).filter_by(name="viewer").one()
            # the row moves on behind the loaded object's back, as another clerk's save would
            uow.s.execute(text("UPDATE app_user SET version = version + 1 WHERE name = 'viewer'"))
            user.full_name = "mine"
    assert _users(db)["viewer"] != "mine"


def test_the_command_line_prints_the_clash_sentence(cli, monkeypatch):
    from boclerk.services.platform import users

    monkeypatch.setattr(users, "add_user", lambda uow, name, role, full_name="": _insert_user(uow, name))
    r = cli("user", "add", "clerk", "--role", "clerk")
    assert (r.exit_code, r.stdout, r.stderr.strip()) == (1, "", uow_module.CLASH)


async def test_the_app_shows_the_clash_sentence(db):
    from boclerk.tui.app import BoclerkApp

    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.write(_insert_user, "clerk", done="Saved.")
        await settle(pilot)
        assert uow_module.CLASH in notifications(app) and "Saved." not in notifications(app)


# -- PostgreSQL: two connections really racing --------------------------------------------------

@pytest.fixture
def repeatable_read(location):
    """The test database behind an engine whose transactions run at REPEATABLE READ, where
    PostgreSQL refuses to update a row changed since the transaction's snapshot (40001)."""
    engine = make_engine(location)
    yield Database(location, engine.execution_options(isolation_level="REPEATABLE READ"))
    engine.dispose()


@pytest.mark.parametrize("backend", PG_ONLY)
def test_postgresql_serialization_failure_runs_again(repeatable_read, db):
    attempts = []

    def rename(uow) -> None:
        attempts.append(uow.s.execute(text("SELECT full_name FROM app_user WHERE name = 'viewer'")).scalar())
        if len(attempts) == 1:  # another clerk saves the row after this unit's snapshot
            with db.engine.begin() as other:
                other.execute(text("UPDATE app_user SET full_name = 'theirs' WHERE name = 'viewer'"))
        uow.s.execute(text("UPDATE app_user SET full_name = full_name || '+mine' WHERE name = 'viewer'"))

    repeatable_read.run("admin", rename, write=True)
    assert attempts == ["", "theirs"]  # the second run saw the other clerk's change
    assert _users(db)["viewer"] == "theirs+mine"


@pytest.mark.parametrize("backend", PG_ONLY)
def test_postgresql_gives_up_after_a_bounded_number_of_runs(repeatable_read, db):
    runs = []

    def rename(uow) -> None:
        runs.append(1)
        uow.audit("user.edit", "user", "viewer")
        uow.s.execute(text("SELECT 1 FROM app_user WHERE name = 'viewer'")).scalar()
        with db.engine.begin() as other:  # and every time someone is faster
            other.execute(text("UPDATE app_user SET full_name = full_name || 'x' WHERE name = 'viewer'"))
        uow.s.execute(text("UPDATE app_user SET full_name = 'mine' WHERE name = 'viewer'"))

    audits = _audit_count(db)
    with pytest.raises(WriteConflict) as caught:
        repeatable_read.run("admin", rename, write=True)
    assert caught.value.message == ("The records changed under you while this was being saved; nothing was "
                                    "written. Look again and retry.")
    assert len(runs) == uow_module.RUN_ATTEMPTS
    assert _users(db)["viewer"] == "x" * uow_module.RUN_ATTEMPTS and _audit_count(db) == audits


@pytest.mark.parametrize("backend", PG_ONLY)
def test_postgresql_deadlock_runs_again(db):
    """Two units lock two rows in opposite orders; PostgreSQL aborts one (40P01), which runs
    again once the other has committed. Both changes are kept."""
    both_hold_one = threading.Barrier(2, timeout=20)
    runs = {"a": 0, "b": 0}
    failures = []

    def cross(uow, me: str, first: str, second: str) -> None:
        runs[me] += 1
        uow.s.execute(text("UPDATE app_user SET full_name = full_name || :me WHERE name = :n"), {"me": me, "n": first})
        if runs[me] == 1:
            both_hold_one.wait()
        uow.s.execute(text("UPDATE app_user SET full_name = full_name || :me WHERE name = :n"), {"me": me, "n": second})

    def worker(me: str, first: str, second: str) -> None:
        try:
            db.run("admin", cross, me, first, second, write=True)
        except Exception as exc:  # reported below, failing the test
            failures.append(repr(exc))

    threads = [threading.Thread(target=worker, args=("a", "viewer", "clerk")),
               threading.Thread(target=worker, args=("b", "clerk", "viewer"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    assert sorted(runs.values()) == [1, 2]
    names = _users(db)
    assert sorted(names["viewer"]) == ["a", "b"] and sorted(names["clerk"]) == ["a", "b"]


@pytest.mark.parametrize("backend", PG_ONLY)
def test_postgresql_uniqueness_race(db):
    """Both units look for the name and find none; the second insert waits for the first to
    commit and then meets the unique index: one sentence, one row."""
    both_looked = threading.Barrier(2, timeout=20)
    outcomes = []

    def add(uow) -> None:
        assert uow.s.execute(text("SELECT 1 FROM app_user WHERE name = 'late'")).first() is None
        both_looked.wait()
        _insert_user(uow, "late")

    def worker() -> None:
        try:
            db.run("admin", add, write=True)
            outcomes.append("added")
        except ConcurrentChange as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == sorted(["added", uow_module.CLASH])
    assert "late" in _users(db)
