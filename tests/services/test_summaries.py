"""Summaries kept in step with the books: ``stock_value_day`` equals the moves after every
kind of write, and ``db check`` notices when it does not.

Every test of the suite that ends with ``assert_sound`` (``db check``) checks the summary too,
so each writing path the suite walks (acts, imports, stocktakes, the demo builder, reversals)
is covered; the test here walks one of each in a row and compares with a recomputation.
"""

from __future__ import annotations

from sqlalchemy import text

from boclerk.services.exchange.importing import import_file
from boclerk.services.stock.checks import check_value_summary
from tests.services.test_invariants import _busy_day
from tests.services.trade_helpers import act, confirmed, shop, sql

RECOMPUTED = ("SELECT move_date, product_id, warehouse_id, SUM(qty), SUM(value) FROM stock_move "
              "GROUP BY move_date, product_id, warehouse_id HAVING SUM(qty) <> 0 OR SUM(value) <> 0 ORDER BY 1, 2, 3")
SUMMARY = ("SELECT move_date, product_id, warehouse_id, qty, value FROM stock_value_day "
           "WHERE qty <> 0 OR value <> 0 ORDER BY 1, 2, 3")


def _in_step(db) -> None:
    assert sql(db, SUMMARY) == sql(db, RECOMPUTED)
    with db.read("admin") as uow:
        assert check_value_summary(uow) == []


def test_every_writing_path_keeps_the_stock_value_summary_in_step(db):
    from boclerk.services.sales.orders import cancel_order
    from boclerk.services.sales.shipping import return_order, ship_order

    shop(db)
    _in_step(db)
    number = confirmed(db, "ANNA", ("MUG", 3), ("LAMP", 1))
    act(db, "wh", ship_order, number)
    _in_step(db)
    act(db, "wh", return_order, number, [("MUG", 1)])
    _in_step(db)
    other = confirmed(db, "BORIS", ("KETTLE", 2))
    act(db, "clerk", cancel_order, other)
    _in_step(db)
    data = "sku,warehouse,counted_qty\nMUG,MAIN,5\n".encode()
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
    from boclerk.db import summaries

    shop(db)
    with db.engine.begin() as conn:
        summaries.drop(lambda sql_: conn.execute(text(sql_)), db.dialect)
    with db.read("admin") as uow:
        assert check_value_summary(uow) == [
            "the trigger trg_stock_value_day that keeps a summary in step is missing or disabled"]
