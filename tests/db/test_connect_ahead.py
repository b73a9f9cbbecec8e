"""The app opens the plain reader's connections to a PostgreSQL server as it starts, so that Home's
first reads (in threads) find them open; on SQLite it opens none, and once the full database is
open the connections opened late are closed, not kept."""

from __future__ import annotations

from dataclasses import replace

from boclerk.db.database import Database
from boclerk.db.quick import QuickDatabase
from boclerk.services.dashboard import home_figures
from tests.services.trade_helpers import shop


def test_connections_opened_ahead_go_to_the_pool_on_postgresql_only(location):
    full = Database.open(location)
    try:
        shop(full)
        expected = replace(full.run("admin", home_figures, write=False), today=None)  # the test's clock aside
    finally:
        full.close()
    db = QuickDatabase.open(location)
    try:
        pooled = len(db.plain._idle)
        threads = db.open_ahead(2)
        for thread in threads:
            thread.join(30)
        if location.is_sqlite:
            assert threads == [] and len(db.plain._idle) == pooled
        else:
            assert len(threads) == 2 and len(db.plain._idle) == pooled + 2
        assert replace(db.run("admin", home_figures, write=False), today=None) == expected  # as any connection
        db.full  # noqa: B018 - the full database open: the plain reader's idle connections are closed
        assert db.plain._idle == []
        for thread in db.open_ahead(1):
            thread.join(30)
        assert db.plain._idle == []  # opened after that: closed, not kept
    finally:
        db.close()
