"""The app's database: its first screens read with sqlite3 (or psycopg, for a PostgreSQL URL)
alone, SQLAlchemy and the ORM come when first needed.

The app's start should cost about what Textual's import costs. Home's figures and the Orders
list are plain SQL (services marked :func:`boclerk.db.plain.plain_sql`), so they run on a
:class:`~boclerk.db.plain.PlainDatabase` or :class:`~boclerk.db.plain_pg.PgPlainDatabase` (read-only, the same revision, actor and permission
checks) until the full :class:`~boclerk.db.database.Database` is open; every other read, every
write and everything else asked of the database go to the full one, opened on first use (or by
the app's warm-up once its first screen is up), which then serves the plain reads too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from boclerk.db.plain import PlainDatabase, PlainUnit, runs_plain


def open_plain(location) -> PlainDatabase:
    """The plain reader of the database at ``location``: sqlite3 for a file, libpq (or psycopg) alone
    for a PostgreSQL URL (boclerk/db/plain_pg.py); opened and checked to be at the code's revision."""
    if location.is_sqlite:
        return PlainDatabase.open(location)
    from boclerk.db.plain_pg import PgPlainDatabase

    return PgPlainDatabase.open(location)


class QuickDatabase:
    """A :class:`Database` stand-in whose plain-SQL reads need no SQLAlchemy."""

    def __init__(self, location, plain: PlainDatabase) -> None:
        self.location = location
        self.plain = plain
        self.dialect = plain.dialect
        self._full = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, location) -> QuickDatabase:
        """Open a database, refused (one sentence) if absent, unreachable, unreadable or at another revision."""
        return cls(location, open_plain(location))

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.plain.clock

    @clock.setter
    def clock(self, value: Callable[[], datetime]) -> None:
        self.plain.clock = value
        if self._full is not None:
            self._full.clock = value

    @property
    def loaded(self) -> bool:
        """Whether the full database (SQLAlchemy's engine) is open yet."""
        return self._full is not None

    @property
    def full(self):
        """The full database, opened once (from any thread)."""
        with self._lock:
            if self._full is None:
                from boclerk.db.database import Database

                db = Database.open(self.location)
                db.clock = self.plain.clock
                self._full = db
                self.plain.close()  # its idle connections: the full database serves the plain reads now
        return self._full

    def quick_read(self, actor: str | None) -> PlainUnit:
        """A plain read unit: the app's own first read (company, the actor's role)."""
        return self.plain.read(actor)

    def run(self, actor: str | None, fn: Callable, *args: Any, write: bool, **kwargs: Any):
        # plain-SQL reads give the same answer on either; once the full database is open its pooled
        # connections (their page cache warm) serve them too, instead of a new connection per read
        if not write and runs_plain(fn) and self._full is None:
            return self.plain.run(actor, fn, *args, write=False, **kwargs)
        return self.full.run(actor, fn, *args, write=write, **kwargs)

    def read(self, actor: str | None, *, system: bool = False, core_only: bool = False):
        return self.full.read(actor, system=system, core_only=core_only)

    def write(self, actor: str | None, *, system: bool = False):
        return self.full.write(actor, system=system)

    def close(self) -> None:
        self.plain.close()
        if self._full is not None:
            self._full.close()

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.full, name)  # engine, sync, revision ...: the full database's
