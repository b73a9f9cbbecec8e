"""Summaries kept in step with the books: ``stock_value_day`` equals the moves, and
``sales_day``/``sales_day_orders`` the orders, after every kind of write, and ``db check``
notices when they do not.

Every test of the suite that ends with ``assert_sound`` (``db check``) checks the summary too,
so each writing path the suite walks (acts, imports, stocktakes, the demo builder, reversals)
is covered; the test here walks one of each in a row and compares with a recomputation.
"""

from __future__ import annotations

from sqlalchemy import text

from boclerk.services.exchange.importing import import_file
from boclerk.services.sales.checks import sales_summary
from boclerk.services.stock.checks import check_value_summary
from tests.services.test_invariants import _busy_day
from tests.services.trade_helpers import act, confirmed, shop, sql

RECOMPUTED = ("SELECT move_date, product_id, warehouse_id, SUM(qty), SUM(value) FROM stock_move "
              "GROUP BY move_date, product_id, warehouse_id HAVING SUM(qty) <> 0 OR SUM(value) <> 0 ORDER BY 1, 2, 3")
SUMMARY = ("SELECT move_date, product_id, warehouse_id, qty, value FROM stock_value_day "
           "WHERE qty <> 0 OR value <> 0 ORDER BY 1, 2, 3")


def _in_step(db) -> None:
    from datetime import date

    from boclerk.services.sales import report

    assert sql(db, SUMMARY) == sql(db, RECOMPUTED)
    with db.read("admin") as uow:
        assert check_value_summary(uow) == []
        assert sales_summary(uow) == []
        # the report read from the summaries equals the report read from the orders
        for by in report.SUMMARISED:
            start, end = date(2000, 1, 1), date(2100, 1, 1)
            assert report._from_summary(uow, start, end, by) == {
                k: v for k, v in report._from_orders(uow, start, end, by).items()}, by


def test_every_writing_path_keeps_the_stock_value_summary_in_step(db):
    from boclerk.services.sales.orders import cancel_order
    from boclerk.services.sales.shipping import return_order, ship_order

    shop(db)
    _in_step(db)
    number = confirmed(db, "ANNA", ("MUG", 3), ("LAMP", 1))
    act(db, "wh", ship_order, number)
    _in_step(db)
    assert sql(db, "SELECT SUM(orders) FROM sales_day_orders")[0][0] == 1
    act(db, "wh", return_order, number, [("MUG", 1)])
    _in_step(db)
    from boclerk.services.sales.shipping import deliver_order

    act(db, "wh", deliver_order, number)
    _in_step(db)
    partial = confirmed(db, "BORIS", ("MUG", 2), ("LAMP", 1))
    act(db, "wh", ship_order, partial, [("MUG", 1)])
    _in_step(db)
    act(db, "wh", ship_order, partial)
    _in_step(db)
    act(db, "wh", return_order, partial, [("MUG", 2), ("LAMP", 1)], damaged=True)
    _in_step(db)
    other = confirmed(db, "BORIS", ("KETTLE", 2))
    act(db, "clerk", cancel_order, other)
    _in_step(db)
    data = b"sku,warehouse,counted_qty\nMUG,MAIN,5\n"
    import_file(db, "admin", "stock-count", data, what="count.csv")
    _in_step(db)
    _busy_day(db)  # receipts, transfers, adjustments, a stocktake, a reversal
    _in_step(db)
    assert sql(db, "SELECT COUNT(*) FROM stock_value_day")[0][0] > 0


def test_db_check_names_a_summary_that_drifted(db):
    shop(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE stock_value_day SET qty = qty + 1 WHERE product_id = "
                          "(SELECT id FROM product WHERE sku = 'MUG')"))
    with db.read("admin") as uow:
        problems = check_value_summary(uow)
    assert len(problems) == 1 and problems[0].startswith("stock value of MUG in MAIN on ")
    assert "summary 11 units" in problems[0] and "moves 10 units" in problems[0]


def test_db_check_names_a_missing_trigger(db):
    shop(db)
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER trg_sales_day_line_update"))
        else:
            conn.execute(text("ALTER TABLE order_line DISABLE TRIGGER trg_sales_day_line_update"))
    with db.read("admin") as uow:
        assert check_value_summary(uow) == [
            "the trigger trg_sales_day_line_update that keeps a summary in step is missing or disabled"]


def test_db_check_names_a_sales_summary_that_drifted(db):
    from boclerk.services.sales.shipping import ship_order

    shop(db)
    act(db, "wh", ship_order, confirmed(db, "ANNA", ("MUG", 3)))
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE sales_day SET net = net + 1"))
        conn.execute(text("UPDATE sales_day_orders SET orders = orders + 1"))
    with db.read("admin") as uow:
        problems = sales_summary(uow)
    assert len(problems) == 2
    assert "units of 0 decimals): the summary says quantity, net, VAT, gross (3, " in problems[0]
    net = sql(db, "SELECT net FROM sales_day")[0][0]
    assert f"(3, {net}, " in problems[0] and f"the orders (3, {net - 1}, " in problems[0]
    assert problems[1].endswith("the summary says 2, the orders 1")
