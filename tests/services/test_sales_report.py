"""The sales report: orders shipped or delivered in a period, history included, net of returns."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from boclerk.errors import InvalidInput
from boclerk.services.exchange.importing import import_file
from boclerk.services.sales.shipping import deliver_order, return_order, ship_order
from boclerk.services.sales.report import sales_report
from tests.services.trade_helpers import (
    act,
    add_customer,
    confirmed,
    read,
    set_day,
    shop,
    sql,
)

MAY_1, MAY_31 = date(2025, 5, 1), date(2025, 5, 31)

HISTORY = (
    b"order_number,order_date,customer_code,sku,quantity,unit_price,status,channel\n"
    b"1001,2025-05-03,ANNA,MUG,2,1200,delivered,website\n"
    b"1002,2025-05-04,ANNA,LAMP,1,3000,cancelled,website\n"
    b"1003,2025-05-20,BORIS,LAMP,1,3000,shipped,marketplace\n"
    b"1004,2025-04-30,BORIS,LAMP,1,3000,delivered,marketplace\n"
)


def on(db, day: date, user: str, fn, *args, **kwargs):
    set_day(db, day)
    return act(db, user, fn, *args, **kwargs)


@pytest.fixture
def sales(db):
    return _make_sales(db)


@pytest.fixture
def sqlite_db(sqlite_location):
    from boclerk.db.database import Database

    database = Database.open(sqlite_location)
    yield database
    database.close()


def _make_sales(db):
    """Four orders count in May: A (website, 1 of 2 mugs returned), B (phone, 10% off), and
    the history orders 1001 and 1003; the rest do not (cancelled, not yet shipped, partly
    shipped, shipped in April)."""
    set_day(db, date(2025, 4, 1))
    shop(db)
    set_day(db, date(2025, 4, 20))
    early = confirmed(db, "BORIS", ("LAMP", 1))
    on(db, date(2025, 4, 20), "wh", ship_order, early)
    set_day(db, date(2025, 5, 9))
    a = confirmed(db, "ANNA", ("MUG", 2), ("DELIVERY", 1))
    b = confirmed(db, "BORIS", ("LAMP", 1, None, 1000), channel="phone")
    confirmed(db, "ANNA", ("KETTLE", 1))  # confirmed, never shipped
    partly = confirmed(db, "ANNA", ("MUG", 3))
    on(db, date(2025, 5, 10), "wh", ship_order, a)
    on(db, date(2025, 5, 10), "wh", ship_order, b)
    on(db, date(2025, 5, 11), "wh", ship_order, partly, [("MUG", 2)])
    on(db, date(2025, 5, 12), "wh", deliver_order, a)
    on(db, date(2025, 5, 15), "clerk", return_order, a, [("MUG", 1)])
    set_day(db, date(2025, 6, 1))
    import_file(db, "admin", "orders", HISTORY, what="history.csv")
    return {"A": a, "B": b}


def report(db, by="day", start=MAY_1, end=MAY_31, user="viewer"):
    return read(db, user, sales_report, start, end, by=by)


def rows(r) -> list[tuple]:
    return [(row.key, row.name, row.orders, row.qty, row.net, row.vat, row.total) for row in r.rows]


def test_totals_count_shipped_and_delivered_orders_net_of_returns(db, sales):
    r = report(db)
    # A: 2 mugs 2 400.00 + delivery 300.00, one mug back (1 200.00); B: lamp 3 000.00 less 10%;
    # 1001: 2 mugs 2 400.00; 1003: lamp 3 000.00
    assert (r.orders, r.qty) == (4, 6)
    assert (r.net, r.vat, r.total) == (800000, 160000, 960000)


def test_by_day(db, sales):
    assert rows(report(db, "day")) == [
        ("2025-05-03", "", 1, 2, 200000, 40000, 240000),
        ("2025-05-10", "", 2, 3, 350000, 70000, 420000),
        ("2025-05-20", "", 1, 1, 250000, 50000, 300000),
    ]


def test_by_month(db, sales):
    r = report(db, "month", start=date(2025, 4, 1), end=date(2025, 6, 30))
    assert rows(r) == [("2025-04", "", 2, 2, 500000, 100000, 600000),
                       ("2025-05", "", 4, 6, 800000, 160000, 960000)]


def test_by_product_counts_each_order_once_in_the_total(db, sales):
    r = report(db, "product")
    assert rows(r) == [
        ("LAMP", "Product LAMP", 2, 2, 475000, 95000, 570000),
        ("MUG", "Product MUG", 2, 3, 300000, 60000, 360000),
        ("DELIVERY", "Product DELIVERY", 1, 1, 25000, 5000, 30000),
    ]
    assert r.orders == 4


def test_by_customer_and_by_channel(db, sales):
    assert rows(report(db, "customer")) == [
        ("BORIS", "Boris Ivanov", 2, 2, 475000, 95000, 570000),
        ("ANNA", "Anna Petrova", 2, 4, 325000, 65000, 390000),
    ]
    assert rows(report(db, "channel")) == [
        ("website", "", 2, 4, 325000, 65000, 390000),
        ("marketplace", "", 1, 1, 250000, 50000, 300000),
        ("phone", "", 1, 1, 225000, 45000, 270000),
    ]


def test_returned_shares_equal_what_the_returns_took_back(db):
    """Odd amounts, two returns: the report's share is exactly the return shipments' sum."""
    set_day(db, date(2025, 5, 1))
    shop(db)
    add_customer(db, "CAROL")
    number = confirmed(db, "CAROL", ("KETTLE", 3, 33333, 700))
    on(db, date(2025, 5, 2), "wh", ship_order, number)
    on(db, date(2025, 5, 3), "clerk", return_order, number, [("KETTLE", 1)])
    on(db, date(2025, 5, 4), "clerk", return_order, number, [("KETTLE", 1)])
    (shipped_net, shipped_vat), = sql(db, "SELECT SUM(CASE WHEN kind = 'ship' THEN net ELSE -net END), "
                                          "SUM(CASE WHEN kind = 'ship' THEN vat ELSE -vat END) FROM shipment")
    (row,) = report(db, "customer").rows
    assert (row.key, row.qty, row.net, row.vat, row.total) == ("CAROL", 1, shipped_net, shipped_vat,
                                                               shipped_net + shipped_vat)


def test_an_empty_period_and_bad_requests(db, sales):
    r = report(db, start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert (r.rows, r.orders, r.total) == ([], 0, 0)
    with pytest.raises(InvalidInput, match="'week' is not a way to group sales; choose day, month, product, customer or channel\\.$"):
        report(db, "week")
    with pytest.raises(InvalidInput, match=r"The period starts \(31\.05\.2025\) after it ends \(01\.05\.2025\)"):
        report(db, start=MAY_31, end=MAY_1)


def test_the_report_reads_the_period_through_its_index(sqlite_db):
    """SQLite keeps no statistics, so its plan is the one to pin (PostgreSQL's planner decides
    by the table's size)."""
    db = sqlite_db
    _make_sales(db)
    statements: list[str] = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        if "order_line" in statement:
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", grab)
    try:
        report(db, "product")
    finally:
        event.remove(db.engine, "before_cursor_execute", grab)
    assert statements
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "ix_sales_order_shipped" in plan, plan


def test_confirmed_and_partly_shipped_orders_are_left_out(db, sales):
    statuses = {r[0] for r in sql(db, "SELECT status FROM sales_order WHERE shipped_on BETWEEN '2025-05-01' AND "
                                      "'2025-05-31'")}
    assert "partially_shipped" in statuses  # it is there, but it does not count
    assert report(db).orders == 4
