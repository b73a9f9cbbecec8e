"""The demo shop: same seed, same database; every state present; db check passes."""

import sqlite3

import pytest

from boclerk.services.checks import run_checks
from boclerk.services.demo import build_demo
from boclerk.settings import location_from

TABLES = ("product", "customer", "supplier", "sales_order", "order_line", "order_payment", "shipment",
          "purchase_order", "po_line", "supplier_bill", "journal_entry", "posting", "stock_move", "stock_level",
          "account_balance", "audit_event", "number_series", "company")


def _dump(path) -> dict[str, list]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_demos(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    paths = []
    for name in ("a.db", "b.db"):
        db, summary = build_demo(location_from(str(base / name), "test"), admin="admin", seed=7, orders=150,
                                 simulated=150)
        report = run_checks(db, "admin")
        db.close()
        paths.append((base / name, summary, report))
    return paths


def test_same_seed_same_database(two_demos):
    (a, _, _), (b, _, _) = two_demos
    da, db_ = _dump(a), _dump(b)
    for table in TABLES:
        assert da[table] == db_[table], table


def test_demo_passes_db_check(two_demos):
    _, _, report = two_demos[0]
    assert report.ok, report.violations


def test_demo_has_every_state(two_demos):
    path, summary, _ = two_demos[0]
    con = sqlite3.connect(path)
    statuses = {s for (s,) in con.execute("SELECT DISTINCT status FROM sales_order")}
    assert statuses >= {"draft", "confirmed", "partially_shipped", "shipped", "delivered", "cancelled"}
    assert con.execute("SELECT COUNT(*) FROM shipment WHERE kind = 'return'").fetchone()[0] > 0
    assert con.execute("SELECT COUNT(*) FROM supplier_bill WHERE status = 'held'").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM stock_count WHERE status = 'posted'").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM journal_entry WHERE source_kind = 'recharge'").fetchone()[0] >= 2
    assert con.execute("SELECT lock_date FROM company").fetchone()[0] is not None
    assert con.execute("SELECT COUNT(DISTINCT category) FROM product").fetchone()[0] == 10
    assert con.execute("SELECT COUNT(*) FROM warehouse").fetchone()[0] == 2
    assert (summary.customers, summary.suppliers) == (500, 30)
    assert con.execute("SELECT COUNT(*) FROM product WHERE kind = 'consumable'").fetchone()[0] > 0
    con.close()


def test_bulk_orders_apply_the_same_rules(tmp_path, backend, empty_location):
    db, summary = build_demo(empty_location if backend != "sqlite" else location_from(str(tmp_path / "bulk.db"), "t"),
                             admin="admin", seed=3, orders=60 + 2000, simulated=60)
    try:
        assert summary.bulk_orders == 2000
        report = run_checks(db, "admin")
        assert report.ok, report.violations
    finally:
        db.close()
