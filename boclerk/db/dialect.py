"""The few statements whose spelling differs between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session


def _insert(session: Session, table: Table):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


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
