"""Reading a SQLite database with the standard library's sqlite3 alone, for the quick lookups.

``boclerk find`` and ``boclerk show`` over SSH should answer in about the time Python takes
to start with typer, so they neither import SQLAlchemy nor SQLModel (on PostgreSQL the twin of
this reader, boclerk/db/plain_pg.py, reads through libpq; :func:`boclerk.db.quick.open_plain`
picks by the URL). Their
services are plain SQL already (marked :func:`core_only`); here is what they need to run
without the ORM: a read-only connection, the same revision check and the same actor and
permission rules as :class:`boclerk.db.uow.UnitOfWork`, and a session-like ``s.execute``
that takes the services' ``text(...)`` statements with ``:name`` parameters and gives rows
read by attribute, as SQLAlchemy's do.

A service runs unchanged on either: :func:`text` gives SQLAlchemy's ``text()`` when
SQLAlchemy is loaded (the full path), else the statement itself.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections import namedtuple
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from boclerk.db.schema import revision_problem
from boclerk.errors import DatabaseUnavailable, NotPermitted
from boclerk.i18n import _

SYSTEM_ACTOR = "system"


def core_only(fn):
    """Mark a read service as plain SQL: it needs neither the ORM schema nor SQLAlchemy."""
    fn.core_only = True
    return fn


class PlainText(str):
    """A statement for :class:`PlainSession` (what :func:`text` gives without SQLAlchemy)."""

    @property
    def text(self) -> str:
        return str(self)


def text(sql: str):
    """SQLAlchemy's ``text(sql)`` if SQLAlchemy is loaded, else the plain statement."""
    if "sqlalchemy" in sys.modules:
        from sqlalchemy import text as sa_text

        return sa_text(sql)
    return PlainText(sql)


class PlainResult:
    """The rows of one statement, read like SQLAlchemy's ``Result``."""

    def __init__(self, rows: list):
        self._rows = rows

    def __iter__(self):
        return iter(self._rows)

    def all(self) -> list:
        return list(self._rows)

    def first(self):
        return self._rows[0] if self._rows else None

    def one(self):
        if len(self._rows) != 1:
            raise LookupError(f"expected one row, got {len(self._rows)}")
        return self._rows[0]

    def one_or_none(self):
        return self.first()

    def scalar(self):
        return self._rows[0][0] if self._rows else None

    def scalar_one(self):
        return self.one()[0]

    def scalars(self) -> list:
        return [r[0] for r in self._rows]


_ROW_TYPES: dict[tuple[str, ...], type] = {}


def _row_factory(cursor: sqlite3.Cursor, values: tuple):
    names = tuple(d[0] for d in cursor.description)
    kind = _ROW_TYPES.get(names)
    if kind is None:
        kind = _ROW_TYPES[names] = namedtuple("Row", names, rename=True)  # type: ignore[misc]
    return kind(*values)


class PlainSession:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, statement: Any, params: dict | None = None) -> PlainResult:
        sql = statement.text if hasattr(statement, "text") else str(statement)
        return PlainResult(self.conn.execute(sql, params or {}).fetchall())

    def scalar(self, statement: Any, params: dict | None = None):
        return self.execute(statement, params).scalar()

    def scalars(self, statement: Any, params: dict | None = None) -> list:
        return self.execute(statement, params).scalars()


class PlainActor:
    def __init__(self, name: str, role: str, id: int | None = None):
        self.name, self.role, self.id = name, role, id


class PlainUnit:
    """A read transaction on a :class:`PlainDatabase`: what a core-only service uses of a
    :class:`boclerk.db.uow.UnitOfWork`."""

    write = False
    core_only = True

    def __init__(self, db: PlainDatabase, actor_name: str | None, *, system: bool = False):
        self.db = db
        self._actor_name = actor_name
        self._system = system
        self.now: datetime = db.clock()
        self.cache: dict[Any, Any] = {}
        self.actor: PlainActor | None = None
        self._session: PlainSession | None = None

    def __enter__(self) -> PlainUnit:  # noqa: PYI034 (as UnitOfWork.__enter__)
        conn = self.db.take()
        self._session = self.db.begin(conn)
        try:
            self.actor = self._load_actor()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        session, self._session = self._session, None
        if session is not None:
            try:
                self.db.end(session.conn)
            except BaseException:
                session.conn.close()
                raise
            self.db.give_back(session.conn)

    @property
    def s(self) -> PlainSession:
        if self._session is None:
            raise RuntimeError("unit of work is not open")
        return self._session

    def _load_actor(self) -> PlainActor:
        if self._system:
            return PlainActor(self._actor_name or SYSTEM_ACTOR, "admin")
        name = self._actor_name
        if not name:
            raise NotPermitted(_("Cannot tell which OS user is running boclerk."))
        user = self.s.execute("SELECT id, name, role, active FROM app_user WHERE name = :n", {"n": name}).first()
        if user is None:
            raise NotPermitted(
                _("The OS user '{name}' has no boclerk account; an admin can add it with: boclerk "
                    "user add {name} --role clerk").format(name=name)
            )
        if not user.active:
            raise NotPermitted(_("The boclerk account '{name}' is disabled.").format(name=name))
        return PlainActor(user.name, user.role, user.id)

    @property
    def actor_name(self) -> str:
        return self.actor.name if self.actor else SYSTEM_ACTOR

    def can(self, perm) -> bool:
        from boclerk.domain.permissions import allowed

        return self.actor is not None and allowed(self.actor.role, getattr(perm, "perm", perm))

    def require(self, perm) -> None:
        from boclerk.domain.permissions import DESCRIPTIONS

        perm = getattr(perm, "perm", perm)
        if not self.can(perm):
            who = self.actor.name if self.actor else "nobody"
            role = self.actor.role if self.actor else "no role"
            raise NotPermitted(_("{who} ({role}) may not {what}.").format(
                who=who, role=role, what=_(DESCRIPTIONS[perm])))

    @property
    def today(self) -> date:
        return self.now.astimezone().date()


def _utcnow() -> datetime:
    return datetime.now(UTC)


#: the first bytes of every SQLite database file
SQLITE_MAGIC = b"SQLite format 3\x00"


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def unicode_lower(conn: sqlite3.Connection) -> None:
    """Make SQL's ``lower()`` on ``conn`` lower every alphabet, as PostgreSQL's does in a UTF-8
    locale: SQLite's own lowers A-Z only, so a search for "иванов" would miss "Иванов"."""
    conn.create_function("lower", 1, _lower, deterministic=True)


def check_sqlite_file(path, *, must_exist: bool = True, writable: bool = True) -> None:
    """Refuse, with a sentence, a path that is not an SQLite database this account can open (and,
    ``writable``, write: the full database's check; the quick readers read a file they may only
    read all the same)."""
    try:
        if not path.exists():
            if must_exist:
                raise DatabaseUnavailable(
                    _("There is no boclerk database at {path}; create one with: boclerk db init").format(path=path))
            return
        if path.is_dir():
            raise DatabaseUnavailable(_("{path} is a directory, not a database file.").format(path=path))
        try:
            with path.open("rb") as fh:
                head = fh.read(16)
        except PermissionError:
            raise DatabaseUnavailable(_("No permission to read the database file {path}.").format(path=path)) from None
        if head and head != SQLITE_MAGIC:
            raise DatabaseUnavailable(_("{path} is not a boclerk database (not an SQLite file).").format(path=path))
        if writable and not os.access(path, os.W_OK):
            raise DatabaseUnavailable(_("No permission to write the database file {path}.").format(path=path))
    except PermissionError:  # a folder on the way is closed to this account (the documented 0700)
        raise DatabaseUnavailable(
            _("No permission to reach the database file {path}: a folder on the way is closed to "
                "this account. On a shared server, run boclerk through sudo as the README describes.").format(path=path)
        ) from None


class PlainDatabase:
    """A SQLite database opened read-only with sqlite3, checked to be at the code's revision."""

    dialect = "sqlite"

    def __init__(self, location, *, clock: Callable[[], datetime] = _utcnow):
        self.location = location
        self.clock = clock
        #: connections no unit is using: a command's units (and its revision check) share one,
        #: since each new connection reads the whole schema again
        self._idle: list[sqlite3.Connection] = []

    @classmethod
    def open(cls, location) -> PlainDatabase:
        db = cls(location)
        db.check_revision()
        return db

    def connect(self) -> sqlite3.Connection:
        path = self.location.path
        if path is None:
            raise DatabaseUnavailable(_("There is no database at {where}; create one with: boclerk db init").format(
                where=self.location.display()))
        check_sqlite_file(path, writable=False)
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = _row_factory
            unicode_lower(conn)
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            raise DatabaseUnavailable(_("Cannot open the database {where}: {exc}.").format(
                where=self.location.display(), exc=exc)) from None
        return conn

    def take(self) -> sqlite3.Connection:
        """A connection no unit is using (threads each take their own)."""
        try:
            return self._idle.pop()
        except IndexError:
            return self.connect()

    def give_back(self, conn: sqlite3.Connection) -> None:
        self._idle.append(conn)

    def begin(self, conn: sqlite3.Connection) -> PlainSession:
        """Begin a unit's read transaction on ``conn``: the session its statements run in."""
        conn.execute("BEGIN")
        return PlainSession(conn)

    def end(self, conn: sqlite3.Connection) -> None:
        """End the read transaction of a unit (nothing was written)."""
        conn.execute("ROLLBACK")

    def revision(self) -> str | None:
        conn = self.take()
        try:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone() \
                    is None:
                rev = None
            else:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                rev = row[0] if row else None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise DatabaseUnavailable(_("{where} cannot be read as a database: {exc}.").format(
                where=self.location.display(), exc=exc)) from None
        except BaseException:
            conn.close()
            raise
        self.give_back(conn)
        return rev

    def check_revision(self) -> None:
        problem = revision_problem(self.revision(), self.location.display(), self.location.command("db upgrade"))
        if problem:
            raise DatabaseUnavailable(problem)

    def read(self, actor: str | None, *, system: bool = False, core_only: bool = True) -> PlainUnit:
        return PlainUnit(self, actor, system=system)

    def run(self, actor: str | None, fn: Callable, *args, write: bool, **kwargs):
        if write or not getattr(fn, "core_only", False):
            raise RuntimeError("the plain reader runs core-only read services")
        with PlainUnit(self, actor) as uow:
            return fn(uow, *args, **kwargs)

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()


def plain_sql(fn):
    """Mark a read service as runnable on :class:`PlainDatabase` too: plain SQL with ``:name``
    parameters, no typed columns (what the app's first screens read before SQLAlchemy is loaded)."""
    fn.core_only = True
    fn.plain_sql = True
    return fn


def runs_plain(fn) -> bool:
    """Whether ``fn`` was marked :func:`plain_sql` (a bound method carries its function's mark)."""
    return bool(getattr(fn, "plain_sql", False))


def utc_moment(value) -> datetime | None:
    """A stored UTC timestamp as an aware datetime, as the ORM's UTCDateTime gives it: SQLite keeps
    naive UTC text, PostgreSQL an aware value."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
