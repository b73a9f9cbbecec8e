"""A handle on one boclerk database: engine, revision check, units of work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from boclerk.db.engine import make_engine
from boclerk.db.schema import revision_problem
from boclerk.errors import DatabaseUnavailable
from boclerk.i18n import _
from boclerk.settings import DbLocation

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


def utcnow() -> datetime:
    return datetime.now(UTC)


class Database:
    """An opened database. Cheap to keep for the life of a process."""

    def __init__(self, location: DbLocation, engine: Engine, *, clock: Callable[[], datetime] = utcnow):
        self.location = location
        self.engine = engine
        self.write_engine = engine.execution_options(boclerk_mode="write")
        self.read_engine = engine.execution_options(boclerk_mode="read")
        #: What write units begin on: on SQLite they sync their commit after giving the write lock back.
        self.unit_write_engine = engine.execution_options(boclerk_mode="write", boclerk_sync_after=True) \
            if location.is_sqlite else self.write_engine
        self.clock = clock
        #: Sync each write unit's commit before it returns (SQLite). A builder of a new database no
        #: one else uses yet (the demo) turns it off and syncs once at the end (:meth:`sync`).
        self.sync_each_unit = True
        #: Read units keep what they read of the reference tables (:mod:`boclerk.db.reference`): only
        #: on a database found at the code's revision (:meth:`check_revision`), which has the generation.
        self.remembers = False
        self.reference_memo: tuple[int, dict] | None = None

    @classmethod
    def open(cls, location: DbLocation, *, check_revision: bool = True, pool: bool = True) -> Database:
        """Open an existing database; refuse one at another revision than the code's."""
        engine = make_engine(location, pool=pool)
        db = cls(location, engine)
        if check_revision:
            try:
                db.check_revision()
            except BaseException:
                engine.dispose()
                raise
        return db

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def revision(self) -> str | None:
        """The database's Alembic revision, or ``None`` if it has none."""
        try:
            with self.read_engine.connect() as conn:
                if not self._has_version_table(conn):
                    return None
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError as exc:
            raise DatabaseUnavailable(describe_connect_error(self.location, exc)) from None
        except DBAPIError as exc:
            raise DatabaseUnavailable(describe_connect_error(self.location, exc)) from None

    def _has_version_table(self, conn) -> bool:
        if self.dialect == "sqlite":
            row = conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
            ).first()
        else:
            row = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
        return bool(row)

    def check_revision(self) -> None:
        problem = revision_problem(self.revision(), self.location.display(), self.location.command("db upgrade"))
        if problem:
            raise DatabaseUnavailable(problem)
        self.remembers = True

    def write(self, actor: str | None, *, system: bool = False) -> UnitOfWork:
        """A write unit of work (``BEGIN IMMEDIATE`` on SQLite)."""
        from boclerk.db.uow import UnitOfWork

        return UnitOfWork(self, actor, write=True, system=system)

    def read(self, actor: str | None, *, system: bool = False, core_only: bool = False) -> UnitOfWork:
        """A read unit of work (plain ``BEGIN``); ``core_only`` for plain-SQL queries (see uow.core_only)."""
        from boclerk.db.uow import UnitOfWork

        return UnitOfWork(self, actor, write=False, system=system, core_only=core_only)

    def run(self, actor: str | None, fn: Callable, *args, write: bool, **kwargs):
        """``fn(uow, *args, **kwargs)`` in a unit of work of its own, run again if the database
        gives it up for a concurrent one (see :func:`boclerk.db.running.run`)."""
        from boclerk.db.running import run

        return run(self, actor, fn, args, kwargs, write=write)

    def sync(self) -> None:
        """Make every commit so far durable (SQLite: fsync the WAL; a server syncs its own)."""
        if self.location.is_sqlite and self.location.path is not None:
            from boclerk.db.engine import sync_wal

            sync_wal(self.location.path)

    def close(self) -> None:
        self.engine.dispose()


def describe_connect_error(location: DbLocation, exc: BaseException) -> str:
    """One sentence for a database that cannot be reached or read."""
    orig = getattr(exc, "orig", exc)
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    where = location.display()
    if location.is_sqlite:
        if "file is not a database" in detail or "not a database" in detail:
            return _("{path} is not a boclerk database (not an SQLite file).").format(path=where)
        if "unable to open" in detail:
            return _("Cannot open the database file {path}: check that it exists and is readable.").format(path=where)
        return _("Cannot use the database file {path}: {detail}.").format(path=where, detail=detail)
    if isinstance(exc, ProgrammingError):
        return _("The database at {where} cannot be read: {detail}.").format(where=where, detail=detail)
    return _("Cannot reach the database at {where}: {detail}.").format(where=where, detail=detail)
