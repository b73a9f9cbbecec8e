"""Engines for SQLite (the embedded default) and PostgreSQL.

SQLite is opened exactly as DESIGN.md section 3 asks: WAL, foreign keys on,
synchronous=FULL and a busy timeout on every connection; pysqlite's own transaction
handling is switched off (``isolation_level=None``) and SQLAlchemy's ``begin`` event
emits ``BEGIN IMMEDIATE`` for write units and a plain ``BEGIN`` for reads. See
SQLAlchemy's SQLite dialect docs, "Enabling Non-Legacy SQLite Transactional Modes".

On PostgreSQL read units begin ``READ ONLY`` and end by ``COMMIT`` (see
:func:`_end_read_units_by_commit`), so the statements psycopg prepares on each pooled
connection outlive them; write units begin read-write at READ COMMITTED.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool, QueuePool

from boclerk.db.plain import check_sqlite_file, unicode_lower
from boclerk.errors import DatabaseUnavailable
from boclerk.i18n import _
from boclerk.settings import DbLocation

BUSY_TIMEOUT_MS = 5000
#: Execution option read by the begin hook: "write" starts BEGIN IMMEDIATE.
MODE_OPTION = "boclerk_mode"
#: Execution option of write units that make their commit durable themselves (see uow): their
#: commit does not wait for the disk while it holds the write lock; the unit syncs the WAL after it.
SYNC_OPTION = "boclerk_sync_after"
#: psycopg prepares a statement on the server once a connection has run it this many times
#: (its default, 5): the units' statements repeat on pooled connections, so they are parsed and
#: planned once per connection; one-off statements (IN-lists of varying length) are never prepared.
PG_PREPARE_THRESHOLD = 5
#: libpq's transaction states (psycopg.pq.TransactionStatus), spelled here so that importing this
#: module does not import psycopg.
_PG_IDLE, _PG_INTRANS = 0, 2


def _sqlite_creator(path: Path, create: bool):
    mode = "rwc" if create else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        return conn

    return connect


def _on_sqlite_connect(dbapi_conn, _record) -> None:
    unicode_lower(dbapi_conn)
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
    finally:
        cur.close()
    _record.info["boclerk_synchronous"] = "FULL"


def _on_sqlite_begin(conn) -> None:
    options = conn.get_execution_options()
    if options.get(MODE_OPTION, "read") == "write":
        sync, info = ("NORMAL" if options.get(SYNC_OPTION) else "FULL"), conn.connection.info
        if info.get("boclerk_synchronous") != sync:  # once per connection and setting, not on every unit
            conn.exec_driver_sql("PRAGMA synchronous = " + sync)
            info["boclerk_synchronous"] = sync
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def sync_wal(path: Path) -> None:
    """Make every commit written to the database's WAL so far durable (fsync the -wal file).

    A write unit commits with synchronous=NORMAL, gives the write lock to the next writer, then
    calls this before it tells anyone it is done: the WAL is appended in order and checksummed,
    so a sync covers this commit and every one before it, and a power cut can lose only commits
    no one was told were done. The result is synchronous=FULL's promise with the disk wait
    outside the lock (and one sync often covering several writers' commits).
    """
    wal = path.with_name(path.name + "-wal")
    try:
        fd = os.open(wal, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:  # checkpointed and removed: the commit is in the database file, synced
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_engine(location: DbLocation, *, create: bool = False, pool: bool = True) -> Engine:
    """An engine for ``location``. SQLite files are never created unless ``create``."""
    if location.is_sqlite:
        assert location.path is not None
        path = location.path
        check_sqlite_file(path, must_exist=not create)
        if create and not path.parent.is_dir():
            raise DatabaseUnavailable(_("The directory {parent} does not exist.").format(parent=path.parent))
        # "sqlite://" with a creator would get SQLAlchemy's in-memory default, a SingletonThreadPool,
        # which closes other threads' connections under load: a file database wants a QueuePool.
        engine = create_engine(
            "sqlite://", creator=_sqlite_creator(path, create), poolclass=QueuePool if pool else NullPool
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise DatabaseUnavailable(
            _("PostgreSQL support is not installed; install it with: pip install 'boclerk[postgres]'")
        ) from None
    engine = create_engine(
        location.url,
        connect_args={"connect_timeout": 10, "application_name": "boclerk", "prepare_threshold": PG_PREPARE_THRESHOLD},
        **({} if pool else {"poolclass": NullPool}),
    )
    event.listen(engine, "begin", _on_pg_begin)
    _end_read_units_by_commit(engine.dialect)
    return engine


def _raw(dbapi_conn):
    """The driver's own connection behind the pool's proxy."""
    return getattr(dbapi_conn, "dbapi_connection", None) or dbapi_conn


def _on_pg_begin(conn) -> None:
    """Read units (``boclerk_mode="read"``) run as ``BEGIN READ ONLY`` transactions on PostgreSQL.

    The driver starts the transaction itself with the first statement, so this costs no round
    trip: it only chooses the words of that ``BEGIN``. Anything else begins read-write."""
    raw = _raw(conn.connection.dbapi_connection)
    read_only = conn.get_execution_options().get(MODE_OPTION) == "read"
    if bool(raw.read_only) != read_only and raw.info.transaction_status == _PG_IDLE:
        raw.read_only = True if read_only else None  # None: the server's default, a plain BEGIN


def _end_read_units_by_commit(dialect) -> None:
    """End a read-only transaction with ``COMMIT`` where SQLAlchemy asks for ``ROLLBACK``.

    The two are the same for a transaction that cannot have written anything, but psycopg
    answers every ``ROLLBACK`` by dropping all the statements it has prepared on the server
    (``DEALLOCATE ALL``, one more round trip), so each read unit would cost the next units
    their prepared statements. Read-write transactions, and failed ones, still roll back."""
    rollback = dialect.do_rollback

    def do_rollback(dbapi_conn) -> None:
        raw = _raw(dbapi_conn)
        if getattr(raw, "read_only", False) and raw.info.transaction_status == _PG_INTRANS:
            raw.commit()
        else:
            rollback(dbapi_conn)

    dialect.do_rollback = do_rollback


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLite's 'database is locked/busy' and PostgreSQL's lock-not-available."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text or "lock not available" in text


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a PostgreSQL error (None for SQLite's and for anything else)."""
    return getattr(getattr(exc, "orig", exc), "sqlstate", None)


def sqlite_error_name(exc: BaseException) -> str | None:
    """SQLite's extended result name of an error, e.g. ``SQLITE_CONSTRAINT_UNIQUE``."""
    return getattr(getattr(exc, "orig", exc), "sqlite_errorname", None)


def is_retryable_error(exc: BaseException) -> bool:
    """Deadlocks and serialization failures on PostgreSQL, busy on SQLite: the transaction
    was given up for another and may succeed when run again from the start."""
    return is_busy_error(exc) or sqlstate(exc) in {"40001", "40P01", "55P03"}
