"""The few statements whose spelling differs between SQLite and PostgreSQL, and the values
that come back from them differently."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # as_date serves the plain sqlite3 reader too (db/plain.py), which loads no SQLAlchemy
    from sqlalchemy import Table
    from sqlalchemy.orm import Session


def _insert(session: Session, table: Table):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def insert_stmt(session: Session, table: Table):
    """The dialect's own ``INSERT`` (with ``on_conflict_do_update`` / ``_nothing``) for ``table``."""
    return _insert(session, table)


def insert_ignore_stmt(session: Session, table: Table, keys: Sequence[str]):
    """An ``INSERT ... ON CONFLICT (keys) DO NOTHING`` to run with many rows."""
    return _insert(session, table).on_conflict_do_nothing(index_elements=list(keys))


def insert_ignore(session: Session, table: Table, values: Mapping[str, Any], keys: Sequence[str]) -> None:
    """``INSERT ... ON CONFLICT (keys) DO NOTHING``."""
    stmt = _insert(session, table).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    session.execute(stmt)


def upsert_add(
    session: Session, table: Table, rows: Sequence[Mapping[str, Any]], keys: Sequence[str], add: Sequence[str]
) -> None:
    """Insert rows, or add their ``add`` columns to the existing row with the same keys."""
    if not rows:
        return
    stmt = _insert(session, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={col: table.c[col] + stmt.excluded[col] for col in add},
    )
    session.execute(stmt, list(rows))


def present(session: Session, column, values: Sequence[str]) -> set[str]:
    """Which of ``values`` the text ``column`` holds, asked in one statement a batch: PostgreSQL
    takes the batch as one array (``= ANY``), SQLite as one JSON list it joins with
    (``json_each``); 500 values spelled out as parameters each, 200 statements for a 100,000-line
    bank statement, took several times as long on both."""
    table, name = column.table.name, column.name
    if session.get_bind().dialect.name == "postgresql":
        sql, batch, as_param = f"SELECT {name} FROM {table} WHERE {name} = ANY(CAST(:values AS text[]))", 20000, list
    else:
        import json

        sql, batch, as_param = (f"SELECT t.{name} FROM json_each(:values) AS j JOIN {table} AS t ON t.{name} = j.value",
                                50000, json.dumps)
    from sqlalchemy import text

    found: set[str] = set()
    for i in range(0, len(values), batch):
        found.update(session.execute(text(sql), {"values": as_param(list(values[i:i + batch]))}).scalars())
    return found


def as_date(value: date | str) -> date:
    """A date column read with plain SQL: PostgreSQL gives a date, SQLite its ISO text
    (a DATE, or the date part of a timestamp)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
