"""Reading a PostgreSQL database without SQLAlchemy, for the quick lookups and the app's first screens.

The twin of :class:`boclerk.db.plain.PlainDatabase` for a ``postgresql://`` URL: the same
revision check, the same actor and permission rules (:class:`~boclerk.db.plain.PlainUnit`), the
services' ``text(...)`` statements with ``:name`` parameters (turned into the driver's as
SQLAlchemy turns them), rows read by attribute, each unit a read-only transaction ended by
COMMIT. It reads through libpq itself where one can be loaded (boclerk/db/libpq.py: importing
psycopg alone costs more than twice ``import typer``), else through psycopg; either gives the
values psycopg gives under SQLAlchemy's ``text()`` (dates, aware timestamps, booleans,
``Decimal`` for numerics).

A server that is down, refuses the login or cannot be read is the one sentence the full
database says (:func:`boclerk.db.database.describe_connect_error`); the URL is shown without
its password.
"""

from __future__ import annotations

import re
import sys
from collections import namedtuple
from typing import Any

from boclerk.db.plain import PlainDatabase, PlainResult, PlainSession
from boclerk.errors import DatabaseUnavailable
from boclerk.i18n import _

#: a ``:name`` parameter, as SQLAlchemy's ``text()`` finds them (not ``::type``, not ``\\:``)
_BIND = re.compile(r"(?<![:\w\x5c]):(\w+)(?!:)")
#: ``\\:`` written to keep a colon from being read as a parameter
_BIND_ESCAPED = re.compile(r"\x5c(:[\w\$]*)(?![:\w\$])")
_STATEMENTS: dict[str, str] = {}


def pyformat(sql: str) -> str:
    """``sql`` with its ``:name`` parameters as psycopg's ``%(name)s`` (and every ``%`` doubled),
    as SQLAlchemy compiles a ``text()`` statement for psycopg."""
    done = _STATEMENTS.get(sql)
    if done is None:
        done = _BIND_ESCAPED.sub(lambda m: m.group(1), _BIND.sub(r"%(\1)s", sql.replace("%", "%%")))
        if len(_STATEMENTS) < 512:
            _STATEMENTS[sql] = done
    return done


_ROW_TYPES: dict[tuple[str, ...], type] = {}


def _row_factory(cursor):
    names = tuple(d.name for d in cursor.description or ())
    kind = _ROW_TYPES.get(names)
    if kind is None:
        kind = _ROW_TYPES[names] = namedtuple("Row", names, rename=True)  # type: ignore[misc]
    return lambda values: kind(*values)


class PgSession(PlainSession):
    """A unit's statements on a psycopg connection."""

    def execute(self, statement: Any, params: dict | None = None) -> PlainResult:
        sql = statement.text if hasattr(statement, "text") else str(statement)
        cur = self.conn.execute(pyformat(sql), params or {})  # a dict even when empty: "%%" is read as "%"
        return PlainResult(cur.fetchall() if cur.description is not None else [])


_NUMBERED: dict[str, tuple[str, tuple[str, ...]]] = {}


def numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with its ``:name`` parameters as libpq's ``$1`` ... ``$n`` (one number a name), and the
    names in their numbers' order."""
    done = _NUMBERED.get(sql)
    if done is None:
        names: list[str] = []

        def number(m) -> str:
            if m.group(1) not in names:
                names.append(m.group(1))
            return f"${names.index(m.group(1)) + 1}"

        done = (_BIND_ESCAPED.sub(lambda m: m.group(1), _BIND.sub(number, sql)), tuple(names))
        if len(_NUMBERED) < 512:
            _NUMBERED[sql] = done
    return done


def _row_maker(names: tuple[str, ...]):
    kind = _ROW_TYPES.get(names)
    if kind is None:
        kind = _ROW_TYPES[names] = namedtuple("Row", names, rename=True)  # type: ignore[misc]
    return kind._make


class LibpqSession(PlainSession):
    """A unit's statements on a libpq connection (boclerk/db/libpq.py)."""

    def execute(self, statement: Any, params: dict | None = None) -> PlainResult:
        sql, names = numbered(statement.text if hasattr(statement, "text") else str(statement))
        params = params or {}
        return PlainResult(self.conn.query(sql, [params[n] for n in names], _row_maker))


def describe(location, exc: BaseException) -> str:
    """One sentence for a server that cannot be reached or read, as the full database says it."""
    from boclerk.db import libpq

    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    where = location.display()
    if isinstance(exc, libpq.Error):
        programming = exc.programming
    else:
        import psycopg

        programming = isinstance(exc, psycopg.ProgrammingError)
    if programming:
        return _("The database at {where} cannot be read: {detail}.").format(where=where, detail=detail)
    return _("Cannot reach the database at {where}: {detail}.").format(where=where, detail=detail)


def conninfo(url: str) -> str:
    """The libpq URI of boclerk's ``postgresql+psycopg://`` URL."""
    return "postgresql://" + url.split("://", 1)[1]


#: what every connection is opened with (the full database's connect arguments, boclerk/db/engine.py)
CONNECT = {"connect_timeout": "10", "application_name": "boclerk"}


class PgPlainDatabase(PlainDatabase):
    """A PostgreSQL database read with libpq (or psycopg) alone, checked to be at the code's revision."""

    dialect = "postgresql"
    #: "libpq" (through ctypes, when a libpq can be loaded) or "psycopg"
    driver: str | None = None

    def connect(self):
        from boclerk.db import libpq

        if self.driver is None:
            self.driver = "libpq" if libpq.library() is not None else "psycopg"
        if self.driver == "libpq":
            try:
                return libpq.Connection(libpq.library(), {"dbname": conninfo(self.location.url), **CONNECT,
                                                          "client_encoding": "UTF8"})
            except libpq.Error as exc:
                raise DatabaseUnavailable(describe(self.location, exc)) from None
        try:
            import psycopg
        except ImportError:
            raise DatabaseUnavailable(
                _("PostgreSQL support is not installed; install it with: pip install 'boclerk[postgres]'")
            ) from None
        try:
            conn = psycopg.connect(conninfo(self.location.url), **CONNECT, row_factory=_row_factory)
        except psycopg.Error as exc:
            raise DatabaseUnavailable(describe(self.location, exc)) from None
        conn.read_only = True
        return conn

    def begin(self, conn) -> PlainSession:
        if self.driver == "libpq":
            conn.begin("BEGIN READ ONLY")
            return LibpqSession(conn)
        return PgSession(conn)  # psycopg begins (READ ONLY) with the unit's first statement

    def end(self, conn) -> None:
        # a read-only transaction wrote nothing: COMMIT ends it as ROLLBACK would, and keeps what
        # psycopg prepared on the server (its ROLLBACK drops every prepared statement)
        if self.driver == "libpq":
            from boclerk.db import libpq

            conn.end("ROLLBACK" if conn.status == libpq.INERROR else "COMMIT")
            return
        from psycopg.pq import TransactionStatus

        if conn.info.transaction_status == TransactionStatus.INERROR:
            conn.rollback()
        else:
            conn.commit()

    def revision(self) -> str | None:
        conn = self.take()
        try:
            session = self.begin(conn)
            try:
                if session.scalar("SELECT to_regclass('alembic_version')") is None:
                    rev = None
                else:
                    rev = session.scalar("SELECT version_num FROM alembic_version")
            finally:
                self.end(conn)
        except (DatabaseUnavailable, KeyboardInterrupt):
            conn.close()
            raise
        except Exception as exc:
            conn.close()
            if not _driver_error(exc):
                raise
            raise DatabaseUnavailable(describe(self.location, exc)) from None
        self.give_back(conn)
        return rev


def _driver_error(exc: BaseException) -> bool:
    from boclerk.db import libpq

    if isinstance(exc, libpq.Error):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.Error)
