"""The unit of work turns the database's refusals into the domain's errors.

Faces never see SQLAlchemy's exceptions: a uniqueness clash reads the same sentence on the
command line and in the app. PostgreSQL's races, two connections at a time, are in
test_uow_postgresql.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from boclerk.db import uow as uow_module
from boclerk.errors import ConcurrentChange, Refused, WriteConflict
from tests.tui.helpers import notifications, settle


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


def test_sqlite_busy_in_the_middle_of_a_unit_runs_again_then_says_so(sqlite_location):
    """A unit that meets another process's write lock half-way (not at BEGIN, where it waits
    and retries already) is run again; if the lock stays, the clerk reads one sentence."""
    import sqlite3

    from boclerk.db.database import Database
    from boclerk.db.engine import BUSY_TIMEOUT_MS

    db = Database.open(sqlite_location)
    runs = []

    def sneak_a_write(uow) -> None:
        runs.append(1)
        uow.s.execute(text("PRAGMA busy_timeout = 0"))  # this connection only, and only for the test's speed
        try:
            uow.s.execute(text("UPDATE app_user SET full_name = 'x' WHERE name = 'viewer'"))
        finally:
            uow.s.execute(text(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}"))

    holder = sqlite3.connect(sqlite_location.path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(WriteConflict) as caught:
            db.run("admin", sneak_a_write, write=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()
    assert caught.value.message == uow_module.BUSY and len(runs) == uow_module.RUN_ATTEMPTS


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
