"""Upgrading a database made by the previous release keeps every order, move and entry.

The database is a file that release wrote (tests/db/fixtures/shop-0006.tar.gz with its document
store, see build_shop.py beside it): a demo shop plus a product counted in kilograms, whole kilograms then. This code's
migrations upgrade it, and every order line, stock move, journal entry and posting must come
through with the same meaning: quantities of units that now have decimals are kept in the unit's
smallest fraction.
"""

from __future__ import annotations

import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from boclerk.db import migrate

FIXTURE = Path(__file__).parent / "fixtures" / "shop-0006.tar.gz"
PREVIOUS = "0006"


def _rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


ORDER_LINES = ("SELECT o.number, o.status, o.total, o.net_total, o.vat_total, o.invoiced, o.paid, l.line_no, p.sku, "
               "l.qty, l.qty_shipped, l.qty_returned, l.unit_price, l.net, l.vat, l.gross, l.vat_rate "
               "FROM sales_order o JOIN order_line l ON l.order_id = o.id JOIN product p ON p.id = l.product_id "
               "ORDER BY o.id, l.line_no")
MOVES = ("SELECT m.id, p.sku, m.warehouse_id, m.kind, m.qty, m.value, m.move_date, m.entry_id FROM stock_move m "
         "JOIN product p ON p.id = m.product_id ORDER BY m.id")
ENTRIES = ("SELECT e.number, e.entry_date, e.memo, e.status, p.line_no, p.account_id, p.department_id, p.amount "
           "FROM journal_entry e JOIN posting p ON p.entry_id = e.id ORDER BY e.id, p.line_no")
LEVELS = ("SELECT p.sku, l.warehouse_id, l.on_hand, l.reserved FROM stock_level l JOIN product p ON p.id = l.product_id "
          "ORDER BY p.sku, l.warehouse_id")


def test_a_database_of_the_previous_release_upgrades_with_every_order_move_and_entry(tmp_path):
    with tarfile.open(FIXTURE) as tar:
        tar.extractall(tmp_path, filter="data")
    path = tmp_path / "shop-0006.db"
    engine = create_engine(f"sqlite:///{path}")
    assert _rows(engine, "SELECT version_num FROM alembic_version") == [(PREVIOUS,)]
    before = {q: _rows(engine, q) for q in (ORDER_LINES, MOVES, ENTRIES, LEVELS)}
    assert any(r[8] == "KG-COFFEE" for r in before[ORDER_LINES]) and len(before[MOVES]) > 100

    migrate.upgrade(engine)
    assert _rows(engine, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]
    after = {q: _rows(engine, q) for q in (ORDER_LINES, MOVES, ENTRIES, LEVELS)}

    assert after[ENTRIES] == before[ENTRIES]  # every posted entry, untouched

    def in_units(row: tuple, sku_at: int, qty_at: tuple[int, ...]) -> tuple:
        """A row with its quantities in units: kilograms now keep grams."""
        scale = 1000 if row[sku_at] == "KG-COFFEE" else 1
        return tuple(Decimal(v) / scale if i in qty_at else v for i, v in enumerate(row))

    assert [in_units(r, 8, (9, 10, 11)) for r in after[ORDER_LINES]] == \
        [tuple(Decimal(v) if i in (9, 10, 11) else v for i, v in enumerate(r)) for r in before[ORDER_LINES]]
    assert [in_units(r, 1, (4,)) for r in after[MOVES]] == \
        [tuple(Decimal(v) if i == 4 else v for i, v in enumerate(r)) for r in before[MOVES]]
    assert [in_units(r, 0, (2, 3)) for r in after[LEVELS]] == \
        [tuple(Decimal(v) if i in (2, 3) else v for i, v in enumerate(r)) for r in before[LEVELS]]
    coffee = _rows(engine, "SELECT unit, vat_category, reorder_point, reorder_qty FROM product WHERE sku = 'KG-COFFEE'")
    assert coffee == [("kg", "standard", 3000, 10000)]
    # the stock moves' immutability still holds after the migration stepped around it
    with pytest.raises(Exception, match="immutable|stock moves"), engine.begin() as conn:
        conn.execute(text("UPDATE stock_move SET qty = qty + 1"))
    engine.dispose()

    from boclerk.db.database import Database
    from boclerk.services.platform.checks import run_checks
    from boclerk.settings import location_from

    db = Database.open(location_from(str(path), "test"))
    try:
        report = run_checks(db, "admin")
        assert report.ok, [(v.invariant, v.detail) for v in report.violations]
    finally:
        db.close()
