"""Shared bits of the ``boclerk db copy`` tests: an SQLite shop to copy, empty PostgreSQL databases to
copy into, and every table's count and checksum on both sides."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from boclerk.settings import DbLocation, location_from
from tests.conftest import _pg_admin_engine, _pg_url_for
CYRILLIC = "ООО «Ромашка» — чайник электрический, 1,7 л"


def build_source(folder: Path) -> DbLocation:
    """A small demo shop (orders, payments, shipments, bills, stored documents, the office) with
    Cyrillic names and their audit events' JSON."""
    from boclerk.demo.shop import build_demo
    from boclerk.services.catalog.partners import add_customer
    from boclerk.services.catalog.products import add_product

    loc = location_from(str(folder / "shop.db"), "test")
    db, _summary = build_demo(loc, admin="admin", orders=20)
    with db.write("admin") as uow:
        add_customer(uow, "C-RU-1", CYRILLIC)
        add_product(uow, "TEA-RU-1", "Чайник электрический")
    db.close()
    return loc


def clone_source(source: DbLocation, folder: Path) -> DbLocation:
    """A copy of the source shop of one's own (its file and its document store)."""
    assert source.path is not None
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source.path, folder / "shop.db")
    shutil.copytree(source.path.parent / "shop.documents", folder / "shop.documents")
    return location_from(str(folder / "shop.db"), "test")


class EmptyDatabase:
    """An empty PostgreSQL database on the test server, dropped afterwards; ``plain_c``: made in the
    plain C locale (its lower() lowers A-Z only)."""

    def __init__(self, *, plain_c: bool = False) -> None:
        self.name = f"boclerk_copy_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.url = _pg_url_for(self.name)
        self.plain_c = plain_c

    def __enter__(self) -> str:
        from sqlalchemy import text

        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"' + (" TEMPLATE template0 LC_CTYPE 'C' LC_COLLATE 'C'"
                                                                   if self.plain_c else "")))
        admin.dispose()
        return self.url

    def __exit__(self, *exc) -> None:
        from sqlalchemy import text

        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": self.name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}"'))
        admin.dispose()


def pg_tables(url: str) -> list[str]:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(location_from(url, "test").url)
    try:
        with engine.connect() as conn:
            return sorted(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _value(kind: str, value):
    """One value as both databases mean it (SQLite keeps dates and times as text, booleans as 0/1)."""
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    if kind.startswith("timestamp"):
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)).isoformat()
    if kind == "date":
        return (value if isinstance(value, date) else date.fromisoformat(value)).isoformat()
    if kind in ("integer", "bigint", "smallint"):
        return int(value)
    if kind == "bytea":
        return bytes(value).hex()
    return str(value)


def fingerprints(source: DbLocation, url: str) -> tuple[dict, dict]:
    """Every table's (row count, SHA-256 of its sorted rows) in the SQLite source and in the target,
    over the columns both have, each value read as its PostgreSQL type means it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(location_from(url, "test").url)
    src = sqlite3.connect(f"file:{source.path}?mode=ro", uri=True)
    mine, theirs = {}, {}
    try:
        with engine.connect() as conn:
            kinds: dict[str, dict[str, str]] = {}
            for table, column, kind in conn.execute(text(
                    "SELECT table_name, column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = current_schema()")):
                kinds.setdefault(table, {})[column] = kind
            for table, types in sorted(kinds.items()):
                have = {r[1] for r in src.execute(f'PRAGMA table_info("{table}")')}
                cols = [c for c in sorted(types) if c in have]
                names = ", ".join(f'"{c}"' for c in cols)
                for side, rows in ((mine, src.execute(f'SELECT {names} FROM "{table}"').fetchall()),
                                   (theirs, conn.execute(text(f'SELECT {names} FROM "{table}"')).all())):
                    normal = sorted(repr(tuple(_value(types[c], v) for c, v in zip(cols, row))) for row in rows)
                    side[table] = (len(normal), hashlib.sha256("\n".join(normal).encode()).hexdigest())
    finally:
        src.close()
        engine.dispose()
    return mine, theirs
