"""The SQLite engine is configured as DESIGN.md section 3 says."""

import sqlite3
import threading

import pytest
from sqlalchemy import text

from boclerk.db.database import Database
from boclerk.errors import DatabaseUnavailable
from boclerk.settings import location_from


@pytest.fixture
def sqlite_db(templates, tmp_path):
    import shutil

    target = tmp_path / "b.db"
    shutil.copyfile(templates["sqlite"], target)
    database = Database.open(location_from(str(target), "test"))
    yield database
    database.close()


def test_pragmas_on_every_connection(sqlite_db):
    with sqlite_db.read("viewer") as uow:
        got = {p: uow.s.execute(text(f"PRAGMA {p}")).scalar() for p in
               ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")}
    assert got == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2, "busy_timeout": 5000}


def test_write_units_take_the_write_lock_at_begin(sqlite_db):
    """A write unit holds RESERVED from BEGIN IMMEDIATE: another writer cannot start."""
    path = sqlite_db.location.path
    with sqlite_db.write("admin"):
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_read_units_do_not_block_writers(sqlite_db):
    path = sqlite_db.location.path
    with sqlite_db.read("viewer") as uow:
        uow.s.execute(text("SELECT count(*) FROM app_user")).scalar()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE company SET name = 'Changed'")
        other.execute("COMMIT")
        other.close()
        # the read unit still sees its snapshot
        assert uow.s.execute(text("SELECT name FROM company")).scalar() == "Test Shop"


def test_begin_retries_while_another_writer_holds_the_lock(sqlite_db, monkeypatch):
    monkeypatch.setattr("boclerk.db.engine.BUSY_TIMEOUT_MS", 50)
    path = sqlite_db.location.path
    fresh = Database.open(location_from(str(path), "test"))
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        with fresh.write("admin") as uow:  # must wait/retry, not fail
            uow.s.execute(text("UPDATE company SET name = 'After'"))
    finally:
        release.join()
        holder.close()
        fresh.close()


def test_never_creates_a_missing_file(tmp_path):
    missing = tmp_path / "nope.db"
    with pytest.raises(DatabaseUnavailable, match="boclerk db init"):
        Database.open(location_from(str(missing), "test"))
    assert not missing.exists()


def test_timestamps_come_back_aware_utc(db):
    from boclerk.services.platform.users import list_users

    with db.read("admin") as uow:
        created = list_users(uow)[0].created_at
    assert created.tzinfo is not None and created.utcoffset().total_seconds() == 0
