"""The money of an order, entry by entry.

An order's position: ``invoiced`` (gross shipped less gross returned) and ``paid``
(payments less refunds). What orders booked on accounts receivable must equal the sum of
max(invoiced - paid, 0); what they booked on customer advances the sum of
max(paid - invoiced, 0). Every entry below is written out by hand.
"""

from __future__ import annotations

import pytest

from boclerk.services.sales.orders import pay_order
from boclerk.services.sales.shipping import return_order, ship_order
from boclerk.services.sales.queries import order_detail
from tests.services.trade_helpers import (
    ADVANCES,
    AR,
    BANK,
    CARD,
    CASH,
    COGS,
    INVENTORY,
    RETURNS,
    SALES,
    SHRINKAGE,
    VAT_OUT,
    act,
    add_product,
    assert_sound,
    balance,
    confirmed,
    entry_lines,
    expected_position,
    money_position,
    moves_of,
    order_row,
    read,
    shop,
    sql,
    stock_in,
)


@pytest.fixture
def store(db):
    shop(db)
    return db


def position(db, number: str) -> tuple[int, int]:
    row = order_row(db, number)
    return row["invoiced"], row["paid"]


def assert_books_follow_orders(db) -> None:
    assert money_position(db) == expected_position(db)


def test_pay_part_ship_part_pay_rest_ship_rest_return_part(store):
    db = store
    # MUG 2 x 1 200.00 (net 2 000.00, VAT 400.00), LAMP 3 000.00 (2 500.00 + 500.00),
    # DELIVERY 300.00 (250.00 + 50.00): 5 700.00 in all
    number = confirmed(db, "ANNA", ("MUG", 2), ("LAMP", 1), ("DELIVERY", 1))
    assert order_row(db, number)["total"] == 570000

    # 1. 1 000.00 by card before anything ships: an advance
    pay1 = act(db, "acc", pay_order, number, 100000, method="card")
    assert entry_lines(db, pay1.entry) == [(CARD, None, 100000), (ADVANCES, None, -100000)]
    assert position(db, number) == (0, 100000)
    assert money_position(db) == (0, 100000)
    assert_books_follow_orders(db)

    # 2. one mug ships, delivery with it: 1 200.00 + 300.00 = 1 500.00 of revenue and VAT;
    #    1 000.00 comes out of the advance, 500.00 is owed; cost 500.00
    ship1 = act(db, "wh", ship_order, number, [("MUG", 1)])
    assert entry_lines(db, ship1.entry) == [
        (ADVANCES, None, 100000), (AR, None, 50000),
        (SALES, "SALES", -125000), (VAT_OUT, None, -25000),
        (COGS, "SALES", 50000), (INVENTORY, None, -50000)]
    assert position(db, number) == (150000, 100000)
    assert money_position(db) == (50000, 0)
    assert_books_follow_orders(db)

    # 3. the rest, 4 700.00, by bank: 500.00 settles the receivable, 4 200.00 is paid ahead
    assert read(db, "viewer", order_detail, number).due == 470000
    pay2 = act(db, "clerk", pay_order, number, 470000, method="bank")
    assert entry_lines(db, pay2.entry) == [(BANK, None, 470000), (AR, None, -50000), (ADVANCES, None, -420000)]
    assert position(db, number) == (150000, 570000)
    assert money_position(db) == (0, 420000)
    assert_books_follow_orders(db)

    # 4. the rest ships: a mug and the lamp, 4 200.00, all from the advance; cost 500.00 + 1 000.00
    ship2 = act(db, "wh", ship_order, number)
    assert ship2.status == "shipped"
    assert entry_lines(db, ship2.entry) == [
        (ADVANCES, None, 420000),
        (SALES, "SALES", -350000), (VAT_OUT, None, -70000),
        (COGS, "SALES", 150000), (INVENTORY, None, -150000)]
    assert position(db, number) == (570000, 570000)
    assert money_position(db) == (0, 0)
    assert_books_follow_orders(db)

    # 5. one mug comes back: 1 000.00 of revenue and 200.00 of VAT reversed; the customer is owed
    #    1 200.00 (an advance again), refunded by bank, the last method used; the mug is back at 500.00
    ret = act(db, "wh", return_order, number, [("MUG", 1)])
    assert entry_lines(db, ret.entry) == [
        (RETURNS, "SALES", 100000), (VAT_OUT, None, 20000), (ADVANCES, None, -120000),
        (INVENTORY, None, 50000), (COGS, "SALES", -50000)]
    assert entry_lines(db, ret.refund_entry) == [(ADVANCES, None, 120000), (BANK, None, -120000)]
    assert moves_of(db, number)[-1] == ("MUG", "MAIN", "customer_return", 1, 50000)
    assert position(db, number) == (450000, 450000)
    assert money_position(db) == (0, 0)
    assert_books_follow_orders(db)

    # the order's accounts, in sum
    assert balance(db, SALES, "order") == -475000 and balance(db, RETURNS, "order") == 100000
    assert balance(db, VAT_OUT, "order") == -95000 + 20000
    assert balance(db, COGS, "order") == 200000 - 50000
    assert balance(db, CARD) == 100000 and balance(db, BANK) == 470000 - 120000
    assert_sound(db)


def test_unpaid_shipment_then_damaged_return_reduces_what_is_owed(store):
    db = store
    number = confirmed(db, "BORIS", ("MUG", 1), ("LAMP", 1))  # 4 200.00
    ship = act(db, "wh", ship_order, number)
    assert entry_lines(db, ship.entry) == [
        (AR, None, 420000), (SALES, "SALES", -350000), (VAT_OUT, None, -70000),
        (COGS, "SALES", 150000), (INVENTORY, None, -150000)]
    assert money_position(db) == (420000, 0)
    pay = act(db, "acc", pay_order, number, 100000, method="cash")
    assert entry_lines(db, pay.entry) == [(CASH, None, 100000), (AR, None, -100000)]
    assert money_position(db) == (320000, 0)
    # the lamp comes back broken: its 3 000.00 comes off the 3 200.00 still owed; no refund,
    # no stock move, its cost (1 000.00) is a warehouse write-off
    ret = act(db, "wh", return_order, number, [("LAMP", 1)], damaged=True)
    assert ret.refund_entry is None
    assert entry_lines(db, ret.entry) == [
        (RETURNS, "SALES", 250000), (VAT_OUT, None, 50000), (AR, None, -300000),
        (SHRINKAGE, "WH", 100000), (COGS, "SALES", -100000)]
    assert [m[2] for m in moves_of(db, number)] == ["shipment", "shipment"]
    assert position(db, number) == (120000, 100000)
    assert money_position(db) == (20000, 0)
    pay = act(db, "acc", pay_order, number, 20000, method="bank")
    assert entry_lines(db, pay.entry) == [(BANK, None, 20000), (AR, None, -20000)]
    assert money_position(db) == (0, 0)
    assert_books_follow_orders(db)
    assert_sound(db)


def test_return_splits_between_receivable_and_advance(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 2))  # 2 400.00
    act(db, "acc", pay_order, number, 100000, method="card")
    act(db, "wh", ship_order, number)  # 1 000.00 from the advance, 1 400.00 owed
    assert money_position(db) == (140000, 0)
    act(db, "acc", pay_order, number, 100000, method="card")  # 400.00 still owed
    # both mugs come back: 2 400.00 of credit, 400.00 clears the receivable, 2 000.00 refunded by card
    ret = act(db, "wh", return_order, number, [("MUG", 2)])
    assert entry_lines(db, ret.entry) == [
        (RETURNS, "SALES", 200000), (VAT_OUT, None, 40000), (AR, None, -40000), (ADVANCES, None, -200000),
        (INVENTORY, None, 100000), (COGS, "SALES", -100000)]
    assert entry_lines(db, ret.refund_entry) == [(ADVANCES, None, 200000), (CARD, None, -200000)]
    assert position(db, number) == (0, 0) and money_position(db) == (0, 0)
    assert_sound(db)


def test_many_orders_keep_receivables_and_advances_equal_to_their_positions(store):
    db = store
    stock_in(db, "MUG", 20, 50000)
    a = confirmed(db, "ANNA", ("MUG", 3))
    b = confirmed(db, "BORIS", ("MUG", 2), ("DELIVERY", 1))
    c = confirmed(db, "ANNA", ("LAMP", 2))
    act(db, "acc", pay_order, a, 200000)          # part ahead
    act(db, "wh", ship_order, b, [("MUG", 1)])   # owed
    act(db, "acc", pay_order, c, 600000)          # all ahead
    act(db, "wh", ship_order, a, [("MUG", 1)])   # part of the advance used
    assert money_position(db) == expected_position(db) == (150000, 80000 + 600000)
    act(db, "wh", ship_order, c, [("LAMP", 1)])
    act(db, "wh", return_order, b, [("MUG", 1)], refund=False)
    assert money_position(db) == expected_position(db)
    assert_sound(db)


@pytest.mark.parametrize(("price", "qty", "parts"), [
    (10000, 3, [1, 1, 1]),     # 3 x 100.00 incl. 20% VAT
    (9999, 3, [1, 1, 1]),      # 3 x 99.99
    (1001, 7, [2, 3, 2]),      # 7 x 10.01
    (333, 9, [4, 1, 1, 3]),    # 9 x 3.33
])
def test_partial_shipments_sum_exactly_to_the_line(store, price, qty, parts):
    db = store
    add_product(db, "PEN", price=price)
    stock_in(db, "PEN", qty, 100)
    number = confirmed(db, "ANNA", ("PEN", qty))
    line_net, line_vat, line_gross = sql(db, "SELECT net, vat, gross FROM order_line")[0]
    for part in parts:
        act(db, "wh", ship_order, number, [("PEN", part)])
    shipped = [tuple(r) for r in sql(db, "SELECT net, vat FROM shipment ORDER BY id")]
    assert sum(n for n, _ in shipped) == line_net
    assert sum(v for _, v in shipped) == line_vat
    assert position(db, number) == (line_gross, 0)
    # each shipment carries its share, within a penny of the exact fraction
    done = 0
    for (net, vat), part in zip(shipped, parts, strict=True):
        assert abs(net * qty - line_net * part) <= qty
        assert abs(vat * qty - line_vat * part) <= qty
        done += part
    assert_sound(db)


def test_three_mugs_at_one_hundred_shipped_one_by_one_by_hand(store):
    db = store
    add_product(db, "CUP", price=10000)
    stock_in(db, "CUP", 3, 100)
    number = confirmed(db, "ANNA", ("CUP", 3))
    # 300.00 incl. VAT: VAT 300 x 20/120 = 50.00, net 250.00; thirds of 250.00 are 83.33 | 83.34 | 83.33
    assert tuple(sql(db, "SELECT net, vat, gross FROM order_line")[0]) == (25000, 5000, 30000)
    entries = [act(db, "wh", ship_order, number, [("CUP", 1)]).entry for _ in range(3)]
    assert [entry_lines(db, e)[:3] for e in entries] == [
        [(AR, None, 10000), (SALES, "SALES", -8333), (VAT_OUT, None, -1667)],
        [(AR, None, 10000), (SALES, "SALES", -8334), (VAT_OUT, None, -1666)],
        [(AR, None, 10000), (SALES, "SALES", -8333), (VAT_OUT, None, -1667)],
    ]
    # returning them one at a time reverses the same pennies
    returns = [act(db, "wh", return_order, number, [("CUP", 1)]).entry for _ in range(3)]
    assert [entry_lines(db, e)[:3] for e in returns] == [
        [(RETURNS, "SALES", 8333), (VAT_OUT, None, 1667), (AR, None, -10000)],
        [(RETURNS, "SALES", 8334), (VAT_OUT, None, 1666), (AR, None, -10000)],
        [(RETURNS, "SALES", 8333), (VAT_OUT, None, 1667), (AR, None, -10000)],
    ]
    assert position(db, number) == (0, 0)
    assert balance(db, SALES, "order") + balance(db, RETURNS, "order") == 0
    assert balance(db, VAT_OUT, "order") == 0
    assert_sound(db)
