"""Prebuilt statements of an SQLite apply unit sent straight to the sqlite3 cursor.

An apply unit (:class:`boclerk.db.uow.CoreSession`) sends a few prebuilt Core statements while
it holds the write lock. Through SQLAlchemy's ``Connection.execute`` each costs about ten times
what the statement itself costs on the sqlite3 cursor (the execution context, the compiled
cache's key, the result's metadata). :func:`execute` keeps that out of the lock: it compiles
each statement once per process and shape with SQLAlchemy's own SQLite compiler, and at each
execution only orders the parameters, runs the column types' own bind processors on them (so
dates, datetimes, booleans and the rest are stored exactly as SQLAlchemy stores them), calls the
cursor, and runs the result processors on the rows read back (RETURNING rows and SELECTs).

A shape is the statement object, the names of the parameters given (inserts and updates compile
their column list from them) and whether a list of parameter sets was given (``executemany``).
Expanding IN lists (``bindparam(expanding=True)``) are expanded per execution by SQLAlchemy's
compiled statement. A statement is compiled here the second time it is sent: one built for a
single call goes through SQLAlchemy, whose compiled cache suits it better. A statement this
module does not know how to run exactly as SQLAlchemy would (text, a callable or SQL default, a
literal-execute parameter, a composite primary key, ...) returns ``None`` and the caller sends
it through SQLAlchemy; so does every statement on another database than SQLite.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections import namedtuple
from contextlib import nullcontext
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, MultipleResultsFound, NoResultFound
from sqlalchemy.sql.dml import Delete, Insert, Update
from sqlalchemy.sql.selectable import Select

#: ``BOCLERK_RAW_APPLY=0`` sends every statement through SQLAlchemy (to compare the two ways)
ENABLED = os.environ.get("BOCLERK_RAW_APPLY", "1") != "0"
#: a statement is compiled here the second time it is sent (False: the first, as the tests do)
FIRST_THROUGH_SQLALCHEMY = True
_KINDS = (Select, Insert, Update, Delete)
#: id(statement) -> (a weak reference to it, {(parameter names, many): _Plan, or None where the fast
#: path does not apply}); an entry goes with its statement
_PLANS: dict[int, tuple[weakref.ref, dict]] = {}
#: statements sent once (through SQLAlchemy); the second time they are compiled here
_SEEN: weakref.WeakSet = weakref.WeakSet()

_PARAM, _CONST = 0, 1


class _Unsupported(Exception):
    """The statement has something this module does not do the way SQLAlchemy does: fall back."""


class _Plan:
    """One statement shape, compiled: its SQL and how to turn parameters into the cursor's row."""

    __slots__ = ("sql", "slots", "expanded", "expanding", "row", "result_procs", "pk_keys", "is_insert",
                 "returns")

    def __init__(self, stmt, dialect: Dialect, keys: tuple[str, ...], many: bool):
        if not isinstance(stmt, _KINDS):
            raise _Unsupported
        compiled = stmt.compile(dialect=dialect, column_keys=list(keys) if isinstance(stmt, (Insert, Update)) else None,
                                for_executemany=many)
        if not compiled.positional or compiled.literal_execute_params:
            raise _Unsupported
        if any(not bp.expanding for bp in compiled.post_compile_params):
            raise _Unsupported
        if getattr(compiled, "update_prefetch", None):
            raise _Unsupported
        defaults: dict[str, Any] = {}
        for col in getattr(compiled, "insert_prefetch", ()) or ():
            default = col.default
            if default is None or not default.is_scalar:
                raise _Unsupported  # a callable or SQL default: SQLAlchemy's execution context computes it
            defaults[col.key] = default.arg
        self.expanding = bool(compiled.post_compile_params)
        self.expanded: dict[tuple[int, ...], str] = {}
        processors = compiled._bind_processors
        slots: list[tuple[str, int, Any, Callable | None, bool]] = []
        names = compiled.bind_names
        for bp, name in names.items():
            if bp.callable is not None:
                raise _Unsupported
        by_name = {name: bp for bp, name in names.items()}
        for name in compiled.positiontup or ():
            bp = by_name.get(name)
            if bp is None:
                raise _Unsupported
            if bp.expanding:
                if bp.type._is_tuple_type:
                    raise _Unsupported
                proc = bp.type._cached_bind_processor(dialect)  # each element's, as SQLAlchemy expands it
            else:
                proc = processors.get(name)
            if bp.key in keys:
                slots.append((name, _PARAM, bp.key, proc, bp.expanding))
            elif name in keys:
                slots.append((name, _PARAM, name, proc, bp.expanding))
            elif bp.expanding:
                raise _Unsupported
            elif bp.key in defaults:
                slots.append((name, _CONST, defaults[bp.key], proc, False))
            elif bp.required:
                raise _Unsupported  # SQLAlchemy says which parameter is missing
            else:
                slots.append((name, _CONST, bp.value, proc, False))
        self.slots = tuple(slots)
        self.sql = compiled.string
        self.is_insert = isinstance(stmt, Insert)
        self.returns = bool(compiled._result_columns)
        self.row = None
        self.result_procs: tuple = ()
        if self.returns:
            columns = compiled._result_columns
            self.row = namedtuple("Row", [c[0] for c in columns], rename=True)
            self.result_procs = tuple(c[3]._cached_result_processor(dialect, None) for c in columns)
        #: the primary key's columns: given, or (one integer key) the cursor's lastrowid, as SQLAlchemy reads it
        self.pk_keys: tuple[str, ...] = ()
        if self.is_insert and not many:
            self.pk_keys = tuple(c.key for c in stmt.table.primary_key)
            if not set(self.pk_keys) <= set(keys) and (
                    len(self.pk_keys) != 1 or stmt.table._autoincrement_column is None):
                raise _Unsupported  # a key neither given nor the rowid

    def args(self, params: dict) -> list:
        """The cursor's parameters, processed as SQLAlchemy processes them."""
        out = []
        for __, source, what, proc, __ in self.slots:
            value = params[what] if source == _PARAM else what
            out.append(value if proc is None else proc(value))
        return out

    def expand(self, params: dict) -> tuple[str, list] | None:
        """The SQL with each IN list expanded to its length, and the parameters (None: an empty list,
        which SQLAlchemy renders its own way)."""
        out: list = []
        lengths = []
        for __, source, what, proc, expanding in self.slots:
            value = params[what] if source == _PARAM else what
            if not expanding:
                out.append(value if proc is None else proc(value))
                continue
            if not value:
                return None
            lengths.append(len(value))
            out.extend(value if proc is None else [proc(v) for v in value])
        shape = tuple(lengths)
        sql = self.expanded.get(shape)
        if sql is None:
            sql = self.sql
            for (name, *__, expanding), n in zip((s for s in self.slots if s[4]), shape, strict=True):
                sql = sql.replace(f"__[POSTCOMPILE_{name}]", ", ".join("?" * n), 1)
            self.expanded[shape] = sql
        return sql, out


class RawResult:
    """What the apply code reads of a result: rows, a scalar, the rowcount, the new row's key."""

    __slots__ = ("rows", "rowcount", "_pk")

    def __init__(self, rows: list, rowcount: int, pk: tuple = ()):
        self.rows, self.rowcount, self._pk = rows, rowcount, pk

    @property
    def inserted_primary_key(self) -> tuple:
        return self._pk

    def __iter__(self) -> Iterator:
        return iter(self.rows)

    def all(self) -> list:
        return list(self.rows)

    def first(self):
        return self.rows[0] if self.rows else None

    def one_or_none(self):
        if len(self.rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when one or none was required")
        return self.rows[0] if self.rows else None

    def one(self):
        if not self.rows:
            raise NoResultFound("No row was found when one was required")
        return self.one_or_none()

    def scalar(self):
        return self.rows[0][0] if self.rows else None

    def scalar_one(self):
        return self.one()[0]

    def scalar_one_or_none(self):
        row = self.one_or_none()
        return None if row is None else row[0]

    def scalars(self) -> RawResult:
        return RawResult([r[0] for r in self.rows], self.rowcount, self._pk)


def _forget(key: int) -> Callable:
    def gone(ref: weakref.ref) -> None:
        if _PLANS.get(key, (None,))[0] is ref:
            del _PLANS[key]
    return gone


def _plan(stmt, dialect: Dialect, keys: tuple[str, ...], many: bool) -> _Plan | None:
    known = _PLANS.get(id(stmt))
    if known is None or known[0]() is not stmt:
        if not isinstance(stmt, _KINDS):
            return None
        if FIRST_THROUGH_SQLALCHEMY and stmt not in _SEEN:
            _SEEN.add(stmt)
            return None
        known = _PLANS[id(stmt)] = (weakref.ref(stmt, _forget(id(stmt))), {})
    shapes = known[1]
    shape = (keys, many)
    if shape in shapes:
        return shapes[shape]
    try:
        plan = _Plan(stmt, dialect, keys, many)
    except _Unsupported:
        plan = None
    shapes[shape] = plan
    return plan


def execute(cursor: sqlite3.Cursor, dialect: Dialect, stmt, params: dict | Sequence[dict] | None) -> RawResult | None:
    """``stmt`` with ``params`` on ``cursor`` as SQLAlchemy would send it, or None: send it through
    SQLAlchemy (a statement seen for the first time, or one this module does not do)."""
    many = isinstance(params, (list, tuple))
    if many:
        if not params:
            return None
        keys = tuple(params[0])
        if any(tuple(p) != keys for p in params[1:]):
            return None
    else:
        params = params or {}
        keys = tuple(params)
    plan = _plan(stmt, dialect, keys, many)
    if plan is None:
        return None
    sql = plan.sql
    try:
        if many:
            if plan.expanding or plan.returns:
                return None
            cursor.executemany(sql, [plan.args(p) for p in params])
            return RawResult([], cursor.rowcount)
        if plan.expanding:
            expanded = plan.expand(params)
            if expanded is None:
                return None
            sql, args = expanded
        else:
            args = plan.args(params)
        cursor.execute(sql, args)
        rows = cursor.fetchall() if plan.returns else []
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, params, exc, sqlite3.Error, dialect=dialect, ismulti=many) from exc
    if rows:
        make, procs = plan.row, plan.result_procs
        rows = [make(*[v if p is None else p(v) for p, v in zip(procs, r, strict=True)]) for r in rows]
    pk = ()
    if plan.pk_keys:
        pk = tuple(cursor.lastrowid if params.get(k) is None else params[k] for k in plan.pk_keys)
    return RawResult(rows, cursor.rowcount, pk)


class CoreSession:
    """What an apply unit has instead of an ORM session: its connection and transaction.

    The apply phase of a planned act (:mod:`boclerk.db.phases`) sends prebuilt Core statements
    only, so it needs none of the session's machinery (identity map, flush, ORM execution
    path); going without it keeps that cost out of the write lock. It answers the few calls
    the apply code and the chains make of a session: ``execute``, ``get_bind``,
    ``no_autoflush``, ``commit``, ``rollback``, ``close``."""

    no_autoflush = nullcontext()

    def __init__(self, connection: Connection):
        self.connection = connection
        self.transaction = connection.begin()  # the engine's begin hook: BEGIN IMMEDIATE
        dialect = connection.dialect
        #: on SQLite, the statements :func:`execute` knows go straight to the sqlite3 cursor; not
        #: while someone listens to the engine's statements (they are sent through SQLAlchemy then)
        watched = connection.dispatch.before_cursor_execute or connection.dispatch.after_cursor_execute
        straight = ENABLED and dialect.name == "sqlite" and not watched
        self._cursor = connection.connection.driver_connection.cursor() if straight else None
        self._dialect = dialect

    def execute(self, statement, params=None):
        if self._cursor is not None:
            done = execute(self._cursor, self._dialect, statement, params)
            if done is not None:
                return done
        return self.connection.execute(statement, params)

    def scalar(self, statement, params=None):
        return self.execute(statement, params).scalar()

    def get_bind(self) -> Connection:
        return self.connection

    def commit(self) -> None:
        self.transaction.commit()

    def rollback(self) -> None:
        if self.transaction.is_active:
            self.transaction.rollback()

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None
        self.connection.close()
