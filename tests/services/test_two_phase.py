"""Order acts done in two phases: planned outside the write lock, applied in a short unit.

The strongest check is a twin: the same act on two copies of one database, once the one-phase
way (the act inside one write unit) and once planned and applied, must leave every row of
every table equal, audit events and both hash chains included. Then what happens when the
order, a price or the stock changes between the two phases: the plan is made again and the
result is right, and nothing is done twice.
"""

from __future__ import annotations

import sqlite3

import pytest

from boclerk.db import phases as uow_module
from boclerk.db import raw
from boclerk.db.database import Database
from boclerk.db.uow import CoreSession
from boclerk.errors import Refused
from boclerk.services.sales import orders as so
from boclerk.services.sales.shipping import ship_order
from boclerk.settings import location_from
from tests.services.trade_helpers import (
    assert_sound,
    confirmed,
    execute,
    level,
    order_row,
    shop,
    snapshot,
    sql,
    sql_one,
)

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def twin(db, tmp_path):
    """A second database, a copy of ``db`` as it is when called, on the same clock."""
    opened = []

    def make() -> Database:
        target = tmp_path / f"twin{len(opened)}.db"
        src, dst = sqlite3.connect(db.location.path), sqlite3.connect(target)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        other = Database.open(location_from(str(target), "test"))
        other.clock = db.clock
        opened.append(other)
        return other

    yield make
    for other in opened:
        other.close()


def one_phase(db, user, fn, *args, **kwargs):
    db.plan_acts = False
    try:
        return db.run(user, fn, *args, write=True, **kwargs)
    finally:
        db.plan_acts = True


@pytest.fixture(autouse=True)
def straight_to_sqlite(monkeypatch) -> list:
    """Every statement of an apply unit goes to the sqlite3 cursor from its first sending (not its
    second, as outside the tests), so the twins compare the rows written that way; returns the
    list of statements that went through SQLAlchemy instead."""
    monkeypatch.setattr(raw, "FIRST_THROUGH_SQLALCHEMY", False)
    through_sqlalchemy: list[str] = []
    send = raw.execute

    def execute(cursor, dialect, stmt, params):
        done = send(cursor, dialect, stmt, params)
        if done is None:
            through_sqlalchemy.append(str(stmt))
        return done

    monkeypatch.setattr(raw, "execute", execute)
    return through_sqlalchemy


def planned(db, user, fn, *args, **kwargs):
    """The act through ``run``, which plans it in a read unit and applies the plan in a unit on a
    plain connection (no ORM session), each statement sent straight to the sqlite3 cursor
    (:mod:`boclerk.db.raw`); fails if the act was not done that way."""
    __, apply = uow_module.phases(fn)
    applied = []

    def applying(uow, plan):
        applied.append(type(uow.s))
        through_sqlalchemy = []
        send = uow.s.connection.execute

        def sent(stmt, params=None):
            through_sqlalchemy.append(str(stmt))
            return send(stmt, params)

        uow.s.connection.execute = sent
        try:
            return apply(uow, plan)
        finally:
            del uow.s.connection.execute
            applied.append(through_sqlalchemy)

    fn.apply = applying
    try:
        result = db.run(user, fn, *args, write=True, **kwargs)
    finally:
        fn.apply = apply
    assert applied == [CoreSession, []]  # every statement of the apply went straight to sqlite3
    return result


def same_books(a, b) -> None:
    left, right = snapshot(a), snapshot(b)
    differ = {t: (sorted(set(left[t]) - set(right[t]))[:3], sorted(set(right[t]) - set(left[t]))[:3])
              for t in left if left[t] != right.get(t)}
    assert differ == {}, f"these tables differ (one phase, planned): {differ}"


def test_shipping_planned_writes_what_shipping_in_one_unit_writes(db, twin):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 2), ("DELIVERY", 1), ("KETTLE", 1))
    one_phase(db, "acc", so.pay_order, number, 100000)
    other = twin()
    done = one_phase(db, "wh", ship_order, number)
    again = planned(other, "wh", ship_order, number)
    assert done == again and done.status == "shipped" and done.entry
    same_books(db, other)
    assert sql(db, "SELECT action, hash FROM audit_event ORDER BY seq DESC LIMIT 2") == \
        sql(other, "SELECT action, hash FROM audit_event ORDER BY seq DESC LIMIT 2")
    assert_sound(other)


def test_a_part_shipment_and_the_rest_planned_equal_one_phase(db, twin):
    shop(db)
    number = confirmed(db, "BORIS", ("MUG", 3), ("LAMP", 1))
    other = twin()
    for base in (db, other):
        base.plan_acts = True
    first = one_phase(db, "wh", ship_order, number, [("MUG", 1)])
    assert planned(other, "wh", ship_order, number, [("MUG", 1)]) == first
    assert first.status == "partially_shipped"
    rest = one_phase(db, "wh", ship_order, number)
    assert planned(other, "wh", ship_order, number) == rest
    same_books(db, other)
    assert_sound(other)


def test_run_ships_in_two_phases_on_sqlite(db, monkeypatch):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    applied = []
    __, apply = uow_module.phases(ship_order)
    monkeypatch.setattr(ship_order, "apply", lambda uow, plan: applied.append(plan) or apply(uow, plan))
    result = db.run("wh", ship_order, number, write=True)
    assert result.status == "shipped" and len(applied) == 1
    assert_sound(db)


def _between_phases(monkeypatch, fn, change) -> list:
    """Make ``change()`` happen once, after the first plan is made and before it is applied;
    returns the list of times a plan was started."""
    plans = []
    prepare, __ = uow_module.phases(fn)

    def preparing(uow, *args, **kwargs):
        plans.append(len(plans) + 1)
        plan = prepare(uow, *args, **kwargs)
        if len(plans) == 1:
            change()
        return plan

    monkeypatch.setattr(fn, "prepare", preparing)
    return plans


def test_an_order_cancelled_between_the_phases_is_not_shipped(db, monkeypatch):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 2))
    before = level(db, "MUG")
    plans = _between_phases(monkeypatch, ship_order,
                            lambda: one_phase(db, "clerk", so.cancel_order, number))
    with pytest.raises(Refused, match="cancelled"):
        db.run("wh", ship_order, number, write=True)
    assert len(plans) == 2  # planned again, and the second plan met the rule book
    assert order_row(db, number)["status"] == "cancelled"
    assert sql_one(db, "SELECT count(*) FROM shipment") == 0
    assert level(db, "MUG")[0] == before[0]
    assert_sound(db)


def test_an_order_shipped_by_someone_else_between_the_phases_is_shipped_once(db, monkeypatch):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 2))
    _between_phases(monkeypatch, ship_order, lambda: one_phase(db, "wh", ship_order, number))
    with pytest.raises(Refused):
        db.run("wh", ship_order, number, write=True)
    assert sql_one(db, "SELECT count(*) FROM shipment") == 1
    assert sql_one(db, "SELECT count(*) FROM journal_entry WHERE source_ref = :n", n=number) == 1
    assert_sound(db)


def test_a_cost_change_between_the_phases_is_seen(db, monkeypatch, twin):
    """Stock received at another cost while the shipment was planned: the shipment takes the new average."""
    from boclerk.services.stock.book import receive_stock

    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 2))
    other = twin()
    plans = _between_phases(monkeypatch, ship_order, lambda: one_phase(db, "wh", receive_stock, "MUG", 10, 80000))
    db.run("wh", ship_order, number, write=True)
    assert len(plans) == 2
    monkeypatch.undo()
    one_phase(other, "wh", receive_stock, "MUG", 10, 80000)
    one_phase(other, "wh", ship_order, number)
    cost = "SELECT cost FROM shipment"
    assert sql_one(db, cost) == sql_one(other, cost) == 2 * 65000  # (10 x 500 + 10 x 800) / 20
    assert_sound(db)


def test_stock_taken_between_the_phases_is_seen(db, monkeypatch):
    """The reserved stock is taken by a stock adjustment meanwhile: the shipment is refused as in one phase."""
    shop(db)
    number = confirmed(db, "ANNA", ("LAMP", 4))

    def take_it():
        execute(db, "UPDATE reservation SET qty = 0, active = 0 WHERE source_ref = :n", n=number)
        execute(db, "UPDATE stock_level SET on_hand = 0, reserved = 0 WHERE product_id = "
                    "(SELECT id FROM product WHERE sku = 'LAMP')")

    plans = _between_phases(monkeypatch, ship_order, take_it)
    with pytest.raises(Refused, match="LAMP needs 4 more"):
        db.run("wh", ship_order, number, write=True)
    assert len(plans) == 2  # the second plan refused with the one-phase sentence
    assert sql_one(db, "SELECT count(*) FROM shipment") == 0


def test_an_order_that_keeps_changing_is_done_in_one_phase_at_last(db, monkeypatch):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    bump = "UPDATE sales_order SET version = version + 1 WHERE number = :n"
    plans = []
    prepare, __ = uow_module.phases(ship_order)

    def preparing(uow, *args, **kwargs):
        plan = prepare(uow, *args, **kwargs)
        plans.append(plan)
        execute(db, bump, n=number)  # someone else touches the order every time
        return plan

    monkeypatch.setattr(ship_order, "prepare", preparing)
    assert db.run("wh", ship_order, number, write=True).status == "shipped"
    assert len(plans) == uow_module.PLAN_ATTEMPTS - 1
    assert sql_one(db, "SELECT count(*) FROM shipment") == 1
    assert_sound(db)


def test_every_order_act_planned_writes_what_it_writes_in_one_unit(db, twin):
    """create, confirm, pay, ship, cancel (with a refund) on twin databases: every row equal."""
    shop(db)
    other = twin()
    lines = [so.LineInput("MUG", 2), so.LineInput("KETTLE", 1, discount_bp=500), so.LineInput("DELIVERY", 1)]
    steps = [
        ("clerk", so.create_order, ("ANNA", lines), {"channel_ref": "WEB-7", "notes": "ring twice"}),
        ("clerk", so.create_order, ("BORIS", [so.LineInput("LAMP", 1)]), {}),
        ("clerk", so.confirm_order, ("SO-{y}-000001",), {}),
        ("clerk", so.confirm_order, ("SO-{y}-000002",), {}),
        ("acc", so.pay_order, ("SO-{y}-000001", 100000), {"method": "card", "reference": "r1"}),
        ("acc", so.pay_order, ("SO-{y}-000002", 50000), {}),
        ("wh", ship_order, ("SO-{y}-000001",), {}),
        ("acc", so.pay_order, ("SO-{y}-000001", 10000), {"method": "cash"}),
        ("clerk", so.cancel_order, ("SO-{y}-000002",), {}),
    ]
    year = db.clock().astimezone().year
    for user, fn, args, kwargs in steps:
        args = tuple(a.format(y=year) if isinstance(a, str) and "{y}" in a else a for a in args)
        assert one_phase(db, user, fn, *args, **kwargs) == planned(other, user, fn, *args, **kwargs)
        same_books(db, other)
    assert order_row(other, f"SO-{year}-000002")["status"] == "cancelled"
    assert sql_one(other, "SELECT count(*) FROM order_payment WHERE amount < 0") == 1
    assert_sound(other)


def test_planned_acts_refuse_with_the_one_phase_sentences(db):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    with pytest.raises(Refused, match="is too much"):
        db.run("acc", so.pay_order, number, 10**9, write=True)
    with pytest.raises(Refused, match="LAMP has 4 available, 5 needed"):
        db.run("clerk", so.create_order, "ANNA", [so.LineInput("LAMP", 5)], write=True)
        db.run("clerk", so.confirm_order, f"SO-{db.clock().astimezone().year}-000002", write=True)
    with pytest.raises(Refused, match="already"):
        db.run("clerk", so.confirm_order, number, write=True)
    assert_sound(db)


def test_a_price_change_between_the_phases_is_seen(db, monkeypatch):
    from boclerk.services.catalog.products import edit_product

    shop(db)
    plans = _between_phases(monkeypatch, so.create_order,
                            lambda: one_phase(db, "admin", edit_product, "MUG", sale_price=150000))
    made = db.run("clerk", so.create_order, "ANNA", [so.LineInput("MUG", 1)], write=True)
    assert len(plans) == 2
    assert sql_one(db, "SELECT total FROM sales_order WHERE number = :n", n=made.number) == 150000
    assert sql_one(db, "SELECT count(*) FROM sales_order") == 1  # made once
    assert_sound(db)


def test_stock_reserved_by_another_order_between_the_phases_is_seen(db, monkeypatch):
    shop(db)
    first = confirmed(db, "ANNA", ("LAMP", 1)) and None
    year = db.clock().astimezone().year
    mine = so.LineInput("LAMP", 3)
    made = db.run("clerk", so.create_order, "BORIS", [mine], write=True).number
    other = db.run("clerk", so.create_order, "ANNA", [so.LineInput("LAMP", 3)], write=True).number
    plans = _between_phases(monkeypatch, so.confirm_order, lambda: one_phase(db, "clerk", so.confirm_order, other))
    with pytest.raises(Refused, match="LAMP has 0 available, 3 needed"):
        db.run("clerk", so.confirm_order, made, write=True)
    assert len(plans) == 2 and first is None and year
    assert order_row(db, made)["status"] == "draft"
    assert_sound(db)


def test_a_payment_meeting_a_shipment_between_the_phases_is_booked_right(db, monkeypatch):
    """The order shipped between the plan and its applying: the payment clears receivables, not advances."""
    from tests.services.trade_helpers import balance, AR, ADVANCES

    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    plans = _between_phases(monkeypatch, so.pay_order, lambda: one_phase(db, "wh", ship_order, number))
    db.run("acc", so.pay_order, number, 120000, write=True)
    assert len(plans) == 2
    assert balance(db, AR) == 0 and balance(db, ADVANCES) == 0
    assert sql_one(db, "SELECT count(*) FROM order_payment") == 1
    assert_sound(db)


def test_a_warehouse_closed_between_the_phases_is_seen(db, monkeypatch):
    shop(db)
    number = db.run("clerk", so.create_order, "ANNA", [so.LineInput("MUG", 1)], write=True).number
    plans = _between_phases(monkeypatch, so.confirm_order,
                            lambda: execute(db, "UPDATE warehouse SET active = 0 WHERE code = 'MAIN'"))
    with pytest.raises(Refused, match="The warehouse MAIN is closed"):
        db.run("clerk", so.confirm_order, number, warehouse="MAIN", write=True)
    assert len(plans) == 2
    assert order_row(db, number)["status"] == "draft"
    assert sql_one(db, "SELECT count(*) FROM reservation") == 0


def test_postgresql_keeps_one_phase(backend):
    class Place:
        is_sqlite = False

    class Books:
        location = Place()

    assert not uow_module.planned(Books())
    Place.is_sqlite = True
    assert uow_module.planned(Books())
