"""libpq through ctypes: what the plain PostgreSQL reader needs of it, and nothing more.

``import psycopg`` alone takes two to three times as long as ``import typer`` (it loads asyncio,
ssl, logging, importlib.metadata and every type adapter); the lookups read a handful of rows.
So the reader speaks to the client library psycopg itself drives (the copy psycopg-binary ships,
else the system's ``libpq.so.5``): a connection, ``BEGIN READ ONLY``, statements with ``$n``
parameters sent as text, rows read as text and turned into the values psycopg gives for the
same types (int, Decimal, date, aware datetime, bool, str, parsed JSON), and errors with the
words psycopg would give them. Without a libpq to load, the reader uses psycopg
(boclerk/db/plain_pg.py).
"""

from __future__ import annotations

import ctypes
import json
import os
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

_P = ctypes.c_void_p
_S = ctypes.c_char_p
_I = ctypes.c_int
#: name: (result type, argument types)
_FUNCTIONS: dict[str, tuple[Any, list]] = {
    "PQconnectdbParams": (_P, [ctypes.POINTER(_S), ctypes.POINTER(_S), _I]),
    "PQstatus": (_I, [_P]), "PQerrorMessage": (_S, [_P]), "PQfinish": (None, [_P]),
    "PQtransactionStatus": (_I, [_P]), "PQexec": (_P, [_P, _S]),
    "PQexecParams": (_P, [_P, _S, _I, ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(_S), _P, _P, _I]),
    "PQresultStatus": (_I, [_P]), "PQresultErrorMessage": (_S, [_P]), "PQresultErrorField": (_S, [_P, _I]),
    "PQntuples": (_I, [_P]), "PQnfields": (_I, [_P]), "PQfname": (_S, [_P, _I]),
    "PQftype": (ctypes.c_uint, [_P, _I]), "PQgetvalue": (_S, [_P, _I, _I]), "PQgetisnull": (_I, [_P, _I, _I]),
    "PQclear": (None, [_P]),
    "PQsendQuery": (_I, [_P, _S]), "PQgetResult": (_P, [_P]),
}
#: libpq 14's pipeline mode: a unit's BEGIN sent with its first statement, in one round trip
_PIPELINE: dict[str, tuple[Any, list]] = {
    "PQenterPipelineMode": (_I, [_P]), "PQexitPipelineMode": (_I, [_P]), "PQpipelineSync": (_I, [_P]),
    "PQsendQueryParams": (_I, [_P, _S, _I, ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(_S), _P, _P, _I]),
}
CONNECTION_OK = 0
PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_PIPELINE_SYNC = 1, 2, 10
IDLE, INTRANS, INERROR = 0, 2, 3
_SQLSTATE = ord("C")
_lib: Any = None


def _candidates() -> list[str]:
    """psycopg-binary's own libpq first (the one psycopg would load, beside the package Python would
    import), then the system's."""
    from importlib.util import find_spec

    found = []
    try:
        spec = find_spec("psycopg_binary")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        libs = os.path.join(os.path.dirname(os.path.dirname(spec.origin)), "psycopg_binary.libs")
        try:
            found = [os.path.join(libs, n) for n in sorted(os.listdir(libs)) if n.startswith("libpq")]
        except OSError:
            pass
    return [*found, "libpq.so.5", "libpq.5.dylib", "libpq.so"]


def library():
    """The loaded libpq, or None when none can be loaded."""
    global _lib
    if _lib is None:
        for name in _candidates():
            try:
                lib = ctypes.CDLL(name)
            except OSError:
                continue
            for fn, (restype, argtypes) in _FUNCTIONS.items():
                getattr(lib, fn).restype, getattr(lib, fn).argtypes = restype, argtypes
            lib.pipeline = all(hasattr(lib, fn) for fn in _PIPELINE)  # libpq 14 and later
            if lib.pipeline:
                for fn, (restype, argtypes) in _PIPELINE.items():
                    getattr(lib, fn).restype, getattr(lib, fn).argtypes = restype, argtypes
            _lib = lib
            break
        else:
            _lib = False
    return _lib or None


class Error(Exception):
    """An error the server or libpq reported: its first words as psycopg gives them, its SQLSTATE."""

    def __init__(self, message: str, sqlstate: str | None = None):
        super().__init__(message)
        self.sqlstate = sqlstate

    @property
    def programming(self) -> bool:
        """What psycopg raises as a ProgrammingError (syntax, access rules, unknown objects)."""
        return (self.sqlstate or "")[:2] in ("42", "3D", "3F", "26", "34")


#: the severity words libpq puts before a server's message (psycopg strips them)
_SEVERITIES = ("ERROR:  ", "FATAL:  ", "PANIC:  ", "WARNING:  ")


def _clean(raw: bytes | None) -> str:
    text = (raw or b"").decode("utf-8", "replace")
    for word in _SEVERITIES:
        if text.startswith(word):
            text = text[len(word):]
    return text or "no error details available"


def _bool(v: bytes) -> bool:
    return v == b"t"


def _text(v: bytes) -> str:
    return v.decode()


#: each type's text form read as psycopg reads it (others stay text)
_LOADERS: dict[int, Callable[[bytes], Any]] = {
    16: _bool, 20: int, 21: int, 23: int, 26: int, 700: float, 701: float,
    1700: lambda v: Decimal(v.decode()), 1082: lambda v: date.fromisoformat(v.decode()),
    1114: lambda v: datetime.fromisoformat(v.decode()), 1184: lambda v: datetime.fromisoformat(v.decode()),
    1083: lambda v: time.fromisoformat(v.decode()), 114: json.loads, 3802: json.loads,
    17: lambda v: bytes.fromhex(v.decode()[2:]),
}


def _param(value: Any) -> tuple[int, bytes | None]:
    """(type oid, text) of a parameter: psycopg's types for numbers, dates and flags; text as unknown,
    for the server to read as the statement needs."""
    if value is None:
        return 0, None
    if isinstance(value, bool):
        return 16, b"true" if value else b"false"
    if isinstance(value, int):
        return (20 if -(2 ** 63) <= value < 2 ** 63 else 1700), str(value).encode()
    if isinstance(value, Decimal):
        return 1700, str(value).encode()
    if isinstance(value, float):
        return 701, repr(value).encode()
    if isinstance(value, datetime):
        return (1184 if value.tzinfo else 1114), value.isoformat().encode()
    if isinstance(value, date):
        return 1082, value.isoformat().encode()
    return 0, str(value).encode()


class Connection:
    """One libpq connection; each unit a read-only transaction.

    A unit costs one round trip per statement and nothing more: its BEGIN is not sent on its own
    but with the unit's first statement (``begin``; one round trip through libpq's pipeline mode,
    where the library has it), a unit that ran no statement sends nothing, and its COMMIT (or
    ROLLBACK) is sent without waiting for the answer (``end``), which is read before the
    connection's next statement. The transaction still ends on the server at once: a pooled idle
    connection holds no snapshot."""

    def __init__(self, lib, options: dict[str, str]):
        self.lib = lib
        self._begin: bytes | None = None  # a BEGIN to send with the next statement
        self._unread = False  # an ending sent whose answer is not read yet
        keys = (_S * (len(options) + 1))(*[k.encode() for k in options], None)
        values = (_S * (len(options) + 1))(*[v.encode() for v in options.values()], None)
        self.pg = lib.PQconnectdbParams(keys, values, 1)
        if not self.pg or lib.PQstatus(self.pg) != CONNECTION_OK:
            message = _clean(lib.PQerrorMessage(self.pg)) if self.pg else "out of memory"
            self.close()
            raise Error(f"connection failed: {message}")

    def close(self) -> None:
        if self.pg:
            self.lib.PQfinish(self.pg)
            self.pg = None

    @property
    def status(self) -> int:
        self._read_ending()
        return self.lib.PQtransactionStatus(self.pg)

    def command(self, sql: str) -> None:
        self._read_ending()
        self._send_begin()
        self._result(self.lib.PQexec(self.pg, sql.encode()), lambda *_: None)

    def begin(self, sql: str = "BEGIN READ ONLY") -> None:
        """Begin a unit's transaction with its first statement (or never, if it runs none)."""
        self._read_ending()
        self._begin = sql.encode()

    def end(self, sql: str) -> None:
        """End the unit's transaction with ``sql`` (COMMIT or ROLLBACK), its answer read later."""
        if self._begin is not None:  # no statement ran: no transaction to end
            self._begin = None
            return
        self._read_ending()
        if not self.lib.PQsendQuery(self.pg, sql.encode()):
            raise Error(_clean(self.lib.PQerrorMessage(self.pg)))
        self._unread = True

    def _read_ending(self) -> None:
        """Read the answer of the ending sent last (a failed one only matters if the connection broke,
        which the next statement reports)."""
        if not self._unread:
            return
        self._unread = False
        lib = self.lib
        while True:
            res = lib.PQgetResult(self.pg)
            if not res:
                return
            lib.PQclear(res)

    def _send_begin(self) -> None:
        if self._begin is not None:
            sql, self._begin = self._begin, None
            self._result(self.lib.PQexec(self.pg, sql), lambda *_: None)

    def query(self, sql: str, params: list, row: Callable[[tuple[str, ...]], Callable]) -> list:
        """The rows of ``sql`` (``$1`` ... ``$n`` are ``params``), each made by ``row(names)``."""
        self._read_ending()
        n = len(params)
        sent = [_param(v) for v in params]
        types = (ctypes.c_uint * n)(*[t for t, _ in sent])
        values = (_S * n)(*[v for _, v in sent])
        if self._begin is not None and self.lib.pipeline:
            return self._pipelined(sql.encode(), n, types, values, row)
        self._send_begin()
        return self._result(self.lib.PQexecParams(self.pg, sql.encode(), n, types, values, None, None, 0), row)

    def _pipelined(self, sql: bytes, n: int, types, values, row) -> list:
        """The unit's BEGIN and its first statement in one round trip."""
        lib, pg = self.lib, self.pg
        begin, self._begin = self._begin, None
        if not lib.PQenterPipelineMode(pg):
            raise Error(_clean(lib.PQerrorMessage(pg)))
        try:
            if not (lib.PQsendQueryParams(pg, begin, 0, None, None, None, None, 0)
                    and lib.PQsendQueryParams(pg, sql, n, types, values, None, None, 0) and lib.PQpipelineSync(pg)):
                raise Error(_clean(lib.PQerrorMessage(pg)))
            answers: list = []
            for _statement in (begin, sql):  # each statement's result, then a null
                answers.append(lib.PQgetResult(pg))
                while (extra := lib.PQgetResult(pg)):
                    lib.PQclear(extra)
            while (res := lib.PQgetResult(pg)) and lib.PQresultStatus(res) != PGRES_PIPELINE_SYNC:
                lib.PQclear(res)
            if res:
                lib.PQclear(res)
        finally:
            lib.PQexitPipelineMode(pg)
        began, rows = answers
        try:
            self._result(began, lambda *_: None)
        except Error:
            if rows:
                lib.PQclear(rows)
            raise
        return self._result(rows, row)

    def _result(self, res, row) -> list:
        lib = self.lib
        if not res:
            raise Error(_clean(lib.PQerrorMessage(self.pg)))
        try:
            status = lib.PQresultStatus(res)
            if status == PGRES_COMMAND_OK:
                return []
            if status != PGRES_TUPLES_OK:
                state = lib.PQresultErrorField(res, _SQLSTATE)
                raise Error(_clean(lib.PQresultErrorMessage(res)).split("\n", 1)[0],
                            state.decode() if state else None)
            fields = range(lib.PQnfields(res))
            make = row(tuple(lib.PQfname(res, c).decode() for c in fields))
            load = [_LOADERS.get(lib.PQftype(res, c), _text) for c in fields]
            getvalue, isnull = lib.PQgetvalue, lib.PQgetisnull
            return [make(tuple(None if isnull(res, r, c) else load[c](getvalue(res, r, c)) for c in fields))
                    for r in range(lib.PQntuples(res))]
        finally:
            lib.PQclear(res)
