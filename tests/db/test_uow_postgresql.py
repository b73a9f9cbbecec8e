"""On PostgreSQL the unit of work runs again a transaction the database gave up for a
concurrent one (a serialization failure, a deadlock), a bounded number of times, before
the clerk is told the records changed under them; a uniqueness race reads as a clash.
Each case is provoked for real, by two connections.

Collected only when the suite has a PostgreSQL server (tests/conftest.py): every test here
takes the ``postgresql`` backend alone.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from boclerk.db import uow as uow_module
from boclerk.db.database import Database
from boclerk.db.engine import make_engine
from boclerk.errors import ConcurrentChange, WriteConflict
from tests.db.test_uow_errors import _audit_count, _insert_user, _users

pytestmark = pytest.mark.parametrize("backend", ["postgresql"])


@pytest.fixture
def repeatable_read(location):
    """The test database behind an engine whose transactions run at REPEATABLE READ, where
    PostgreSQL refuses to update a row changed since the transaction's snapshot (40001)."""
    engine = make_engine(location)
    yield Database(location, engine.execution_options(isolation_level="REPEATABLE READ"))
    engine.dispose()


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
