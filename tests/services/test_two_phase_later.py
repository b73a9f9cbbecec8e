"""Deliver, refund, a draft's new lines, a backorder's top-up and a return done in two phases
(:mod:`boclerk.services.sales.later_plans`, :mod:`boclerk.services.sales.return_plan`).

Twins as in test_two_phase.py: the same act on two copies of one database, once in one unit and
once planned and applied, must leave every row of every table equal (audit events and both hash
chains included); then what happens when the order or the stock changes between the phases.
"""

from __future__ import annotations

import pytest

from boclerk.errors import Refused
from boclerk.services.sales import orders as so
from boclerk.services.sales.backorders import top_up_reservations
from boclerk.services.sales.shipping import deliver_order, return_order, ship_order
from tests.services.test_two_phase import (  # noqa: F401  (fixtures: the twin, and every apply straight to sqlite3)
    _between_phases,
    one_phase,
    planned,
    same_books,
    straight_to_sqlite,
    twin,
)
from tests.services.trade_helpers import (
    assert_sound,
    audit_actions,
    confirmed,
    level,
    order,
    order_row,
    shop,
    sql,
    sql_one,
    stock_in,
)

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def both(db, other, user, fn, *args, **kwargs):
    """The act in one unit on ``db`` and planned on ``other``: same answer, same books."""
    done = one_phase(db, user, fn, *args, **kwargs)
    assert planned(other, user, fn, *args, **kwargs) == done
    same_books(db, other)
    return done


def test_deliver_planned_writes_what_it_writes_in_one_unit(db, twin):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    one_phase(db, "wh", ship_order, number)
    other = twin()
    done = both(db, other, "wh", deliver_order, number)
    assert done.status == "delivered" and order_row(other, number)["status"] == "delivered"
    assert audit_actions(other, "order", number)[-1] == "order.deliver"
    assert_sound(other)


def test_refunds_planned_write_what_they_write_in_one_unit(db, twin):
    """A refund of an advance by the method given and by the last payment's, and one after a
    return kept as credit: every row equal."""
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 2))
    one_phase(db, "acc", so.pay_order, number, 240000, method="card")
    kept = confirmed(db, "BORIS", ("LAMP", 1))
    one_phase(db, "acc", so.pay_order, kept, 300000, method="cash")
    one_phase(db, "wh", ship_order, kept)
    one_phase(db, "wh", return_order, kept, [("LAMP", 1)], refund=False)
    other = twin()
    first = both(db, other, "acc", so.refund_order, number, 40000, method="bank")
    second = both(db, other, "acc", so.refund_order, number, 20000)  # by card, as it was paid
    third = both(db, other, "acc", so.refund_order, kept, 300000)
    assert first.refund_entry and second.refund_entry and third.refund_entry
    assert sql(other, "SELECT amount, method FROM order_payment WHERE amount < 0 ORDER BY id") == \
        [(-40000, "bank"), (-20000, "card"), (-300000, "cash")]
    assert order_row(other, number)["paid"] == 180000 and order_row(other, kept)["paid"] == 0
    assert_sound(other)


def test_top_ups_planned_write_what_they_write_in_one_unit(db, twin):
    """Nothing arrived (the flag stays, the order's row unchanged), part arrived (two lines of one
    product take it in line order), then all of it (the flag comes off): every row equal."""
    shop(db)
    number = order(db, "ANNA", ("MUG", 6), ("LAMP", 5), ("MUG", 6), ("DELIVERY", 1))
    one_phase(db, "clerk", so.confirm_order, number, backorder=True)
    other = twin()
    version = "SELECT version FROM sales_order WHERE number = :n"
    before = sql_one(db, version, n=number)
    both(db, other, "clerk", top_up_reservations, number)
    assert sql_one(other, version, n=number) == before  # nothing changed on the order itself
    for base in (db, other):
        stock_in(base, "MUG", 1, 50000)
    both(db, other, "clerk", top_up_reservations, number)
    assert order_row(other, number)["backorder"] in (True, 1)
    for base in (db, other):
        stock_in(base, "MUG", 5, 50000)
        stock_in(base, "LAMP", 1, 100000)
    both(db, other, "clerk", top_up_reservations, number)
    assert order_row(other, number)["backorder"] in (False, 0)
    assert level(other, "MUG") == (16, 12) and level(other, "LAMP") == (5, 5)
    assert sql_one(other, version, n=number) == before + 1
    assert_sound(other)


def test_a_refund_meeting_a_shipment_between_the_phases_is_refused(db, monkeypatch):
    """The goods shipped while the refund was planned: the credit is gone, and the plan made again says so."""
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    one_phase(db, "acc", so.pay_order, number, 120000)
    plans = _between_phases(monkeypatch, so.refund_order, lambda: one_phase(db, "wh", ship_order, number))
    with pytest.raises(Refused, match="has 0,00 to refund; 1\xa0200,00 is too much"):
        db.run("acc", so.refund_order, number, 120000, write=True)
    assert len(plans) == 2
    assert sql_one(db, "SELECT count(*) FROM order_payment WHERE amount < 0") == 0
    assert order_row(db, number)["paid"] == 120000
    assert_sound(db)


def test_stock_taken_between_the_phases_of_a_top_up_is_seen(db, monkeypatch):
    """Another order reserves the mugs that arrived while the top-up was planned: what is left is taken."""
    shop(db)
    number = order(db, "ANNA", ("MUG", 12))
    one_phase(db, "clerk", so.confirm_order, number, backorder=True)
    stock_in(db, "MUG", 2, 50000)
    rival = order(db, "BORIS", ("MUG", 1))
    plans = _between_phases(monkeypatch, top_up_reservations,
                            lambda: one_phase(db, "clerk", so.confirm_order, rival))
    db.run("clerk", top_up_reservations, number, write=True)
    assert len(plans) == 2
    assert sql(db, "SELECT qty FROM reservation WHERE source_ref = :n AND active", n=number) == [(11,)]
    assert level(db, "MUG") == (12, 12)
    assert order_row(db, number)["backorder"] in (True, 1)
    assert_sound(db)


def test_deliver_after_someone_else_delivered_is_refused_once(db, monkeypatch):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    one_phase(db, "wh", ship_order, number)
    _between_phases(monkeypatch, deliver_order, lambda: one_phase(db, "wh", deliver_order, number))
    with pytest.raises(Refused, match="delivered"):
        db.run("wh", deliver_order, number, write=True)
    assert audit_actions(db, "order", number).count("order.deliver") == 1
    assert_sound(db)


def test_new_lines_of_a_draft_planned_write_what_they_write_in_one_unit(db, twin):
    """New totals (the order moves on two versions, as in one unit), then the same totals in other
    lines (one version), then a version the clerk no longer has: refused alike."""
    shop(db)
    number = order(db, "ANNA", ("MUG", 1))
    other = twin()
    version = "SELECT version FROM sales_order WHERE number = :n"
    start = sql_one(db, version, n=number)
    both(db, other, "clerk", so.replace_lines, number,
         [so.LineInput("MUG", 2, discount_bp=1000), so.LineInput("DELIVERY", 1)])
    assert sql_one(other, version, n=number) == start + 2
    both(db, other, "clerk", so.replace_lines, number,
         [so.LineInput("DELIVERY", 1), so.LineInput("MUG", 2, discount_bp=1000)])
    assert sql_one(other, version, n=number) == start + 3
    assert sql(other, "SELECT p.sku, l.line_no FROM order_line l JOIN product p ON p.id = l.product_id "
                      "ORDER BY l.line_no") == [("DELIVERY", 1), ("MUG", 2)]
    for base in (db, other):
        with pytest.raises(Refused, match="changed by someone else"):
            base.run("clerk", so.replace_lines, number, [so.LineInput("LAMP", 1)], expected_version=start,
                     write=True)
    same_books(db, other)
    assert_sound(other)


def test_a_price_change_between_the_phases_of_an_edit_is_seen(db, monkeypatch):
    from boclerk.services.catalog.products import edit_product

    shop(db)
    number = order(db, "ANNA", ("LAMP", 1))
    plans = _between_phases(monkeypatch, so.replace_lines,
                            lambda: one_phase(db, "admin", edit_product, "MUG", sale_price=150000))
    db.run("clerk", so.replace_lines, number, [so.LineInput("MUG", 2)], write=True)
    assert len(plans) == 2
    assert order_row(db, number)["total"] == 300000
    assert sql_one(db, "SELECT count(*) FROM order_line") == 1
    assert_sound(db)


def test_returns_planned_write_what_they_write_in_one_unit(db, twin):
    """Back to the shelf with the money refunded by the way it was paid; part of two lines of one
    product kept as credit; damaged goods written off; a service; an unpaid order (nothing to
    refund): every row equal, stock and cost rows included."""
    shop(db)
    paid = confirmed(db, "ANNA", ("MUG", 2), ("DELIVERY", 1))
    one_phase(db, "acc", so.pay_order, paid, 270000, method="card")
    one_phase(db, "wh", ship_order, paid)
    split = confirmed(db, "BORIS", ("MUG", 3), ("LAMP", 1), ("MUG", 2, 100000))
    one_phase(db, "acc", so.pay_order, split, 200000)
    one_phase(db, "wh", ship_order, split)
    unpaid = confirmed(db, "ANNA", ("KETTLE", 2))
    one_phase(db, "wh", ship_order, unpaid)
    stock_in(db, "MUG", 4, 80000)  # the average cost moves: a return goes back at what its shipment took
    other = twin()
    both(db, other, "wh", return_order, paid, [("MUG", 1), ("DELIVERY", 1)])
    both(db, other, "wh", return_order, split, [("MUG", 4)], refund=False)
    both(db, other, "wh", return_order, split, [("LAMP", 1)], damaged=True, refund_method="cash")
    both(db, other, "wh", return_order, unpaid, [("KETTLE", 1)])
    assert sql(other, "SELECT kind, damaged FROM shipment WHERE kind = 'return' ORDER BY id") == \
        [("return", 0), ("return", 0), ("return", 1), ("return", 0)]
    assert sql_one(other, "SELECT count(*) FROM order_payment WHERE amount < 0") == 2
    assert level(other, "MUG") == (10 - 2 - 5 + 4 + 1 + 4, 0)  # 10, out 2 and 5, in 4, back 1 and 4
    assert_sound(other)


def test_a_cost_change_between_the_phases_of_a_return_is_seen(db, monkeypatch, twin):
    """Stock received while the return was planned: the cost row moved, the return is planned again
    and puts its goods back at the shipment's cost as in one unit."""
    from boclerk.services.stock.book import receive_stock

    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 2))
    one_phase(db, "wh", ship_order, number)
    other = twin()
    plans = _between_phases(monkeypatch, return_order, lambda: one_phase(db, "wh", receive_stock, "MUG", 10, 80000))
    db.run("wh", return_order, number, [("MUG", 2)], write=True)
    assert len(plans) == 2
    monkeypatch.undo()
    one_phase(other, "wh", receive_stock, "MUG", 10, 80000)
    one_phase(other, "wh", return_order, number, [("MUG", 2)])
    same_books(db, other)
    assert_sound(db)


def test_one_product_on_two_lines_is_one_entry_of_the_audit_trail_with_both_quantities(db, twin):
    """Shipped and taken back, planned and in one unit alike: the audit says MUG 5 and 3, not the last line's part."""
    import json

    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 3), ("LAMP", 1), ("MUG", 2))
    other = twin()
    both(db, other, "wh", ship_order, number)
    both(db, other, "wh", return_order, number, [("MUG", 3)], refund=False)
    for base in (db, other):
        afters = [json.loads(a) for (a,) in sql(base, "SELECT after FROM audit_event WHERE action IN "
                                                      "('order.ship', 'order.return') ORDER BY id")]
        assert [a["lines"] for a in afters] == [{"MUG": 5, "LAMP": 1}, {"MUG": 3}]
