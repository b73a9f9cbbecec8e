"""Reading a PostgreSQL database with psycopg alone, for the quick lookups and the app's first screens.

The twin of :class:`boclerk.db.plain.PlainDatabase` for a ``postgresql://`` URL: the same
revision check, the same actor and permission rules (:class:`~boclerk.db.plain.PlainUnit`), the
services' ``text(...)`` statements with ``:name`` parameters (turned into psycopg's
``%(name)s`` as SQLAlchemy turns them), rows read by attribute, each unit a read-only
transaction. psycopg gives the same values SQLAlchemy's ``text()`` gives on PostgreSQL (dates,
aware timestamps, booleans, ``Decimal`` for numerics), since those are the driver's own.

A server that is down, refuses the login or cannot be read is the one sentence the full
database says (:func:`boclerk.db.database.describe_connect_error`); the URL is shown without
its password.
"""

from __future__ import annotations

import re
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


def describe(location, exc: BaseException) -> str:
    """One sentence for a server that cannot be reached or read, as the full database says it."""
    import psycopg

    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    where = location.display()
    if isinstance(exc, psycopg.ProgrammingError):
        return _("The database at {where} cannot be read: {detail}.").format(where=where, detail=detail)
    return _("Cannot reach the database at {where}: {detail}.").format(where=where, detail=detail)


def conninfo(url: str) -> str:
    """The libpq URI of boclerk's ``postgresql+psycopg://`` URL."""
    return "postgresql://" + url.split("://", 1)[1]


class PgPlainDatabase(PlainDatabase):
    """A PostgreSQL database read with psycopg alone, checked to be at the code's revision."""

    dialect = "postgresql"

    def connect(self):
        try:
            import psycopg
        except ImportError:
            raise DatabaseUnavailable(
                _("PostgreSQL support is not installed; install it with: pip install 'boclerk[postgres]'")
            ) from None
        try:
            # the full database's connect arguments (boclerk/db/engine.py)
            conn = psycopg.connect(conninfo(self.location.url), connect_timeout=10, application_name="boclerk",
                                   row_factory=_row_factory)
        except psycopg.Error as exc:
            raise DatabaseUnavailable(describe(self.location, exc)) from None
        conn.read_only = True
        return conn

    def begin(self, conn) -> PgSession:
        # psycopg begins the transaction (READ ONLY) with the unit's first statement
        return PgSession(conn)

    def end(self, conn) -> None:
        from psycopg.pq import TransactionStatus

        # a read-only transaction wrote nothing: COMMIT ends it as ROLLBACK would, and keeps what
        # psycopg prepared on the server (its ROLLBACK drops every prepared statement)
        if conn.info.transaction_status == TransactionStatus.INERROR:
            conn.rollback()
        else:
            conn.commit()

    def revision(self) -> str | None:
        import psycopg

        conn = self.take()
        try:
            with conn.transaction():
                if conn.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is None:
                    rev = None
                else:
                    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                    rev = row[0] if row else None
        except psycopg.Error as exc:
            conn.close()
            raise DatabaseUnavailable(describe(self.location, exc)) from None
        except BaseException:
            conn.close()
            raise
        self.give_back(conn)
        return rev
