"""Random sequences of acts by random roles; every invariant holds after every step.

A hypothesis state machine drives the stock book, the ledger, orders and purchases
through the same service functions the faces use. After each step ``db check``'s
invariants must all hold; an act refused for the actor's role must raise NotPermitted
and leave no trace.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import text

from boclerk.db.database import Database
from boclerk.domain.permissions import Perm, allowed
from boclerk.errors import BoclerkError, NotPermitted
from boclerk.services.catalog import partners
from boclerk.services.catalog import products as catalog
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.office import allocation, depreciation, equipment, requests
from boclerk.services.office import deals as office_deals
from boclerk.services.office import staff as office_staff
from boclerk.services.platform.checks import run_checks
from boclerk.services.purchasing import bills
from boclerk.services.purchasing import orders as purchasing
from boclerk.services.sales import orders
from boclerk.services.sales import shipping
from boclerk.services.stock import book as stock
from boclerk.services.stock import stocktake
from boclerk.settings import location_from
from tests.conftest import BACKENDS, PG_URL, ROLE_USERS, _pg_admin_engine, _pg_url_for

ROLES = list(ROLE_USERS.values())  # admin, acc, clerk, wh, viewer
ROLE_OF = {name: role for role, name in ROLE_USERS.items()}
GOODS = ["G1", "G2", "G3"]
_counter = itertools.count()


def who(perm: Perm):
    """Half the time a role that may do the act, half the time any role (refusals are tested too)."""
    permitted = [name for name in ROLES if allowed(ROLE_OF[name], perm)]
    return st.one_of(st.sampled_from(permitted), st.sampled_from(ROLES))
STEPS = int(os.environ.get("BOCLERK_STATEFUL_STEPS", "40"))
EXAMPLES = int(os.environ.get("BOCLERK_STATEFUL_EXAMPLES", "15"))


class Books(RuleBasedStateMachine):
    backend = "sqlite"
    template: object = None

    def __init__(self) -> None:
        super().__init__()
        self._new_database()
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        self.db.clock = lambda: self.now
        self.orders: list[str] = []
        self.pos: list[str] = []
        self.bills: list[str] = []
        self.entries: list[str] = []
        self.items: list[str] = []
        self.counts = itertools.count(1)

    # -- database per example ------------------------------------------------------------
    def _new_database(self) -> None:
        if self.backend == "sqlite":
            self.tmp = tempfile.mkdtemp(prefix="boclerk-stateful-")
            path = os.path.join(self.tmp, "b.db")
            shutil.copyfile(self.template, path)
            self.db = Database.open(location_from(path, "test"))
            self.pg_name = None
        else:
            self.pg_name = f"boclerk_sm{os.getpid()}_{next(_counter)}"
            admin = _pg_admin_engine()
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.pg_name}" TEMPLATE "{self.template}"'))
            admin.dispose()
            self.db = Database.open(location_from(_pg_url_for(self.pg_name), "test"))
            self.tmp = None

    def teardown(self) -> None:
        self.db.close()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
        if self.pg_name:
            admin = _pg_admin_engine()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)'))
            admin.dispose()

    # -- acting ----------------------------------------------------------------------------
    def audit_count(self) -> int:
        with self.db.engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM audit_event")).scalar_one()

    def act(self, who: str, perm: Perm | None, fn, *args, **kwargs):
        """Run one act; a role without ``perm`` must be refused with NotPermitted and no trace."""
        self.now += timedelta(minutes=7)
        before = self.audit_count()
        try:
            with self.db.write(who) as uow:
                result = fn(uow, *args, **kwargs)
        except NotPermitted:
            assert perm is not None and not allowed(ROLE_OF[who], perm), f"{who} was refused {fn.__name__}"
            assert self.audit_count() == before
            return None
        except BoclerkError:
            assert self.audit_count() == before
            return None
        if perm is not None:
            assert allowed(ROLE_OF[who], perm), f"{who} ({ROLE_OF[who]}) was allowed {fn.__name__}"
        return result

    @initialize()
    def setup_shop(self) -> None:
        with self.db.write("admin") as uow:
            partners.add_supplier(uow, "S1", "Supplier One", payment_terms_days=10)
            for i, sku in enumerate(GOODS, start=1):
                catalog.add_product(uow, sku, f"Goods {i}", sale_price=1000 * i + 99, standard_cost=400 * i,
                                    vat_category="standard" if i != 2 else "reduced", prices_include_vat=i != 3, reorder_point=3,
                                    reorder_qty=5, preferred_supplier="S1")
            catalog.add_product(uow, "SRV", "Delivery", kind="service", sale_price=300)
            catalog.add_product(uow, "CON", "Paper", kind="consumable", standard_cost=250)
            catalog.add_warehouse(uow, "SHOP", "Shop")
            partners.add_customer(uow, "C1", "Customer One")
            partners.add_customer(uow, "C2", "Customer Two")
        with self.db.write("wh") as uow:
            for i, sku in enumerate(GOODS, start=1):
                stock.receive_stock(uow, sku, 15, 333 * i + 1)
                stock.transfer_stock(uow, sku, 4, from_wh="MAIN", to_wh="SHOP")
        with self.db.write("admin") as uow:  # the office: paper of 10.00 or more is a fixed asset here
            equipment.set_office_settings(uow, threshold=1000)
            office_staff.add_staff(uow, "ANNA", "Anna", "SALES", login="clerk")
            office_staff.add_staff(uow, "BORIS", "Boris", "WH", login="wh")
            office_deals.add_allocation(uow, "RENT", "Other expenses by area", account="5900", basis="area",
                                        shares=[("SALES", "30"), ("WH", "70")])

    # -- time --------------------------------------------------------------------------------
    @rule(days=st.integers(0, 3))
    def time_passes(self, days: int) -> None:
        self.now += timedelta(days=days)

    # -- stock ---------------------------------------------------------------------------------
    @rule(who=who(Perm.STOCK_MOVE), sku=st.sampled_from(GOODS), qty=st.integers(1, 12), cost=st.integers(0, 5000))
    def receive(self, who, sku, qty, cost) -> None:
        self.act(who, Perm.STOCK_MOVE, stock.receive_stock, sku, qty, cost)

    @rule(who=who(Perm.STOCK_MOVE), sku=st.sampled_from(GOODS), delta=st.integers(-5, 5).filter(bool),
          write_off=st.booleans(), wh=st.sampled_from(["MAIN", "SHOP"]))
    def adjust(self, who, sku, delta, write_off, wh) -> None:
        if write_off:
            delta = -abs(delta)
        self.act(who, Perm.STOCK_MOVE, stock.adjust_stock, sku, delta, reason="test", warehouse=wh,
                 write_off=write_off)

    @rule(who=who(Perm.STOCK_MOVE), sku=st.sampled_from(GOODS), qty=st.integers(1, 6), to_shop=st.booleans())
    def transfer(self, who, sku, qty, to_shop) -> None:
        src, dst = ("MAIN", "SHOP") if to_shop else ("SHOP", "MAIN")
        self.act(who, Perm.STOCK_MOVE, stock.transfer_stock, sku, qty, from_wh=src, to_wh=dst)

    @rule(who=who(Perm.STOCK_COUNT), data=st.data())
    def stocktake(self, who, data) -> None:
        info = self.act(who, Perm.STOCK_COUNT, stocktake.open_count, "MAIN")
        if info is None:
            return
        counts = [(sku, data.draw(st.integers(0, 15), label=f"count {sku}")) for sku in GOODS]
        self.act(who, Perm.STOCK_COUNT, stocktake.enter_counts, info.number, counts)
        if self.act(who, Perm.STOCK_COUNT, stocktake.post_count, info.number) is None:
            self.act(who, Perm.STOCK_COUNT, stocktake.cancel_count, info.number)

    # -- ledger --------------------------------------------------------------------------------
    @rule(who=who(Perm.LEDGER_POST), amount=st.integers(1, 10**7), back=st.integers(0, 40),
          dept=st.sampled_from([None, "SALES", "IT"]))
    def manual_entry(self, who, amount, back, dept) -> None:
        day = (self.now - timedelta(days=back)).date()
        posted = self.act(who, Perm.LEDGER_POST, ledger.post_manual, entry_date=day, memo="test",
                          lines=[Line("5900", amount, dept), Line("1010", -amount)])
        if posted:
            self.entries.append(posted.number)

    @precondition(lambda self: self.entries)
    @rule(who=who(Perm.LEDGER_POST), data=st.data())
    def reverse(self, who, data) -> None:
        number = data.draw(st.sampled_from(self.entries))
        self.act(who, Perm.LEDGER_POST, ledger.reverse, number)

    @rule(who=who(Perm.LEDGER_POST), amount=st.integers(1, 10**6),
          pair=st.sampled_from([("IT", "SALES"), ("MKT", "WH"), ("SALES", "IT")]))
    def recharge(self, who, amount, pair) -> None:
        self.act(who, Perm.LEDGER_POST, ledger.recharge, from_dept=pair[0], to_dept=pair[1], amount=amount)

    @rule(who=who(Perm.LEDGER_LOCK), back=st.one_of(st.none(), st.integers(1, 30)))
    def move_lock_date(self, who, back) -> None:
        day = None if back is None else (self.now - timedelta(days=back)).date()
        self.act(who, Perm.LEDGER_LOCK, ledger.set_lock_date, day, reopen=True)

    # -- orders -------------------------------------------------------------------------------------
    @rule(who=who(Perm.ORDER_MANAGE), customer=st.sampled_from(["C1", "C2"]),
          lines=st.lists(st.tuples(st.sampled_from(GOODS), st.integers(1, 4), st.sampled_from([0, 0, 550, 1000])),
                         min_size=1, max_size=3),
          delivery=st.booleans(), backorder=st.booleans(), wh=st.sampled_from(["MAIN", "SHOP"]))
    def new_order(self, who, customer, lines, delivery, backorder, wh) -> None:
        inputs = [orders.LineInput(sku, qty, None, disc) for sku, qty, disc in lines]
        if delivery:
            inputs.append(orders.LineInput("SRV", 1))
        res = self.act(who, Perm.ORDER_MANAGE, orders.create_order, customer, inputs)
        if res is None:
            return
        self.orders.append(res.number)
        self.act(who, Perm.ORDER_MANAGE, orders.confirm_order, res.number, warehouse=wh, backorder=backorder)

    @rule(clerk=who(Perm.ORDER_MANAGE), warehouse=who(Perm.ORDER_SHIP), sku=st.sampled_from(GOODS),
          qty=st.integers(1, 3), prepay=st.booleans(), returned=st.integers(0, 3), damaged=st.booleans())
    def order_lifecycle(self, clerk, warehouse, sku, qty, prepay, returned, damaged) -> None:
        """A whole order in one step: create, confirm, (pay,) ship, deliver, (pay,) return some."""
        res = self.act(clerk, Perm.ORDER_MANAGE, orders.create_order, "C1",
                       [orders.LineInput(sku, qty), orders.LineInput("SRV", 1)])
        if res is None:
            return
        n = res.number
        self.orders.append(n)
        self.act(clerk, Perm.ORDER_MANAGE, orders.confirm_order, n, backorder=True)
        if prepay:
            self.act("clerk", Perm.ORDER_PAY, orders.pay_order, n, 1000, method="card")
        self.act(warehouse, Perm.ORDER_SHIP, shipping.ship_order, n)
        self.act(warehouse, Perm.ORDER_SHIP, shipping.deliver_order, n)
        with self.db.read("viewer") as uow:
            due = orders.amount_due(uow, orders.order_by_number(uow, n))
        if due > 0:
            self.act("acc", Perm.ORDER_PAY, orders.pay_order, n, due, method="bank")
        if returned:
            self.act(warehouse, Perm.ORDER_RETURN, shipping.return_order, n, [(sku, returned)], damaged=damaged)

    def _order(self, data) -> str:
        return data.draw(st.sampled_from(self.orders), label="order")

    @precondition(lambda self: self.orders)
    @rule(who=who(Perm.ORDER_PAY), data=st.data(), part=st.integers(1, 100),
          method=st.sampled_from(["bank", "card", "cash"]))
    def pay(self, who, data, part, method) -> None:
        number = self._order(data)
        with self.db.read("viewer") as uow:
            due = orders.amount_due(uow, orders.order_by_number(uow, number))
        amount = max(due * part // 100, 1)
        self.act(who, Perm.ORDER_PAY, orders.pay_order, number, amount, method=method)

    @precondition(lambda self: self.orders)
    @rule(who=who(Perm.ORDER_SHIP), data=st.data(), partial=st.integers(0, 3), qty=st.integers(1, 3))
    def ship(self, who, data, partial, qty) -> None:
        number = self._order(data)
        lines = None
        if partial == 0:  # a partial shipment of one of the order's own lines
            from boclerk.services.sales.queries import order_detail

            with self.db.read("viewer") as uow:
                goods = [ln.sku for ln in order_detail(uow, number).lines if ln.kind == "goods"]
            lines = [(data.draw(st.sampled_from(goods), label="sku"), qty)] if goods else None
        self.act(who, Perm.ORDER_SHIP, shipping.ship_order, number, lines)

    @precondition(lambda self: self.orders)
    @rule(who=who(Perm.ORDER_SHIP), data=st.data())
    def deliver(self, who, data) -> None:
        self.act(who, Perm.ORDER_SHIP, shipping.deliver_order, self._order(data))

    @precondition(lambda self: self.orders)
    @rule(who=who(Perm.ORDER_MANAGE), data=st.data())
    def cancel(self, who, data) -> None:
        self.act(who, Perm.ORDER_MANAGE, orders.cancel_order, self._order(data))

    @precondition(lambda self: self.orders)
    @rule(who=who(Perm.ORDER_RETURN), data=st.data(), sku=st.sampled_from(GOODS + ["SRV"]), qty=st.integers(1, 3),
          damaged=st.booleans(), refund=st.booleans())
    def return_goods(self, who, data, sku, qty, damaged, refund) -> None:
        self.act(who, Perm.ORDER_RETURN, shipping.return_order, self._order(data), [(sku, qty)], damaged=damaged,
                 refund=refund)

    # -- purchases --------------------------------------------------------------------------------------
    @rule(who=who(Perm.PURCHASE_MANAGE), lines=st.lists(st.tuples(st.sampled_from(GOODS + ["CON"]), st.integers(1, 8),
                                                             st.integers(100, 3000)), min_size=1, max_size=3))
    def new_po(self, who, lines) -> None:
        res = self.act(who, Perm.PURCHASE_MANAGE, purchasing.create_po, "S1",
                       [purchasing.POLineInput(sku, qty, price, "ACCT" if sku == "CON" else None)
                        for sku, qty, price in lines])
        if res is not None:
            self.pos.append(res.number)
            self.act(who, Perm.PURCHASE_MANAGE, purchasing.send_po, res.number)

    @rule(who=who(Perm.PURCHASE_MANAGE), create=st.booleans())
    def suggest(self, who, create) -> None:
        groups = self.act(who, Perm.PURCHASE_MANAGE if create else Perm.READ, purchasing.suggest_reorders,
                          create=create)
        for g in groups or []:
            if g.created:
                self.pos.append(g.created)

    @precondition(lambda self: self.pos)
    @rule(who=who(Perm.PURCHASE_RECEIVE), data=st.data(), partial=st.booleans(), sku=st.sampled_from(GOODS + ["CON"]),
          qty=st.integers(1, 5))
    def receive_po(self, who, data, partial, sku, qty) -> None:
        number = data.draw(st.sampled_from(self.pos), label="po")
        self.act(who, Perm.PURCHASE_RECEIVE, purchasing.receive_po, number, [(sku, qty)] if partial else None)

    @precondition(lambda self: self.pos)
    @rule(who=who(Perm.BILL_ENTER), data=st.data(), markup=st.sampled_from([100, 100, 101, 110]))
    def enter_bill(self, who, data, markup) -> None:
        number = data.draw(st.sampled_from(self.pos), label="po")
        with self.db.read("viewer") as uow:
            po = purchasing.po_by_number(uow, number)
            lines = [bills.BillLineInput(p.sku, ln.qty_received - ln.qty_billed, ln.unit_price * markup // 100)
                     for ln, p in purchasing.po_lines(uow, po) if ln.qty_received > ln.qty_billed]
        if not lines:
            return
        res = self.act(who, Perm.BILL_ENTER, bills.enter_bill, number, f"INV-{next(_counter)}",
                       self.now.date(), lines=lines)
        if res is not None:
            self.bills.append(res.number)

    @precondition(lambda self: self.bills)
    @rule(who=who(Perm.BILL_APPROVE), data=st.data(), approve=st.booleans())
    def decide_bill(self, who, data, approve) -> None:
        number = data.draw(st.sampled_from(self.bills), label="bill")
        if approve:
            self.act(who, Perm.BILL_APPROVE, bills.approve_bill, number)
        else:
            self.act(who, Perm.BILL_APPROVE, bills.reject_bill, number, "test")

    @precondition(lambda self: self.bills)
    @rule(who=who(Perm.BILL_PAY), data=st.data(), part=st.integers(1, 100))
    def pay_bill(self, who, data, part) -> None:
        number = data.draw(st.sampled_from(self.bills), label="bill")
        with self.db.read("viewer") as uow:
            b = bills.bill_by_number(uow, number)
            left = b.total - b.paid
        self.act(who, Perm.BILL_PAY, bills.pay_bill, number, max(left * part // 100, 1))

    # -- the office ------------------------------------------------------------------------------------
    @rule(asker=who(Perm.OFFICE_ASK), manager=who(Perm.OFFICE_APPROVE), buyer=who(Perm.PURCHASE_MANAGE),
          qty=st.integers(1, 9), approve=st.booleans())
    def supplies(self, asker, manager, buyer, qty, approve) -> None:
        """Paper asked for by anyone, decided by the office manager, ordered for the warehouse."""
        res = self.act(asker, Perm.OFFICE_ASK, requests.ask, [("CON", qty)], department="WH")
        if res is None:
            return
        if approve:
            self.act(manager, Perm.OFFICE_APPROVE, requests.approve, res.number)
        else:
            self.act(manager, Perm.OFFICE_APPROVE, requests.reject, res.number, "no")
        ordered = self.act(buyer, Perm.PURCHASE_MANAGE, requests.order_requests, supplier="S1")
        for made in ordered.pos if ordered else []:
            self.pos.append(made.po)
            self.act("admin", None, purchasing.send_po, made.po)

    @rule(keeper=who(Perm.EQUIPMENT_MANAGE), price=st.integers(100, 3000), life=st.integers(1, 4))
    def buy_equipment(self, keeper, price, life) -> None:
        """An item bought, received and billed, then put in the register (a fixed asset from 10.00)."""
        po = self.act("admin", None, purchasing.create_po, "S1", [purchasing.POLineInput("CON", 1, price, "IT")])
        self.act("admin", None, purchasing.send_po, po.number)
        if self.act("wh", None, purchasing.receive_po, po.number) is None:
            return
        bill = self.act("acc", None, bills.enter_bill, po.number, f"EQ-{next(_counter)}", self.now.date())
        if bill is None:
            return
        self.bills.append(bill.number)
        res = self.act(keeper, Perm.EQUIPMENT_MANAGE, equipment.register, "Shredder", bill=bill.number, sku="CON",
                       life_months=life)
        if res is not None:
            self.items.append(res.number)

    @precondition(lambda self: self.items)
    @rule(who=who(Perm.EQUIPMENT_MANAGE), data=st.data())
    def write_off_item(self, who, data) -> None:
        number = data.draw(st.sampled_from(self.items), label="item")
        self.act(who, Perm.EQUIPMENT_MANAGE, equipment.write_off, number, "broken")

    def _month(self, back: int) -> int:
        month = (self.now.year * 12 + self.now.month - 1) - back
        return (month // 12) * 100 + month % 12 + 1

    @precondition(lambda self: self.items)
    @rule(who=who(Perm.LEDGER_POST), back=st.integers(0, 2), days=st.integers(0, 45))
    def depreciate(self, who, back, days) -> None:
        self.now += timedelta(days=days)
        self.act(who, Perm.LEDGER_POST, depreciation.depreciate, self._month(back))

    @rule(who=who(Perm.ALLOCATION_RUN), back=st.integers(0, 1), amount=st.integers(1, 10**6))
    def month_end(self, who, back, amount) -> None:
        """Costs without a department, shared by floor area at the month's end."""
        self.act("acc", None, ledger.post_manual, entry_date=self.now.date(), memo="Shared",
                 lines=[Line("5900", amount), Line("1010", -amount)])
        self.act(who, Perm.ALLOCATION_RUN, allocation.allocate, self._month(back))

    # -- the point ---------------------------------------------------------------------------------
    @invariant()
    def books_hold(self) -> None:
        report = run_checks(self.db, "admin")
        assert report.ok, report.violations


def _template_for(backend: str, templates) -> object:
    return templates["sqlite"] if backend == "sqlite" else templates["postgresql"]


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_books_hold_under_random_acts(backend_name, templates):
    machine = type(f"Books_{backend_name}", (Books,), {"backend": backend_name,
                                                       "template": _template_for(backend_name, templates)})
    run = machine.TestCase
    run.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
                            suppress_health_check=list(HealthCheck), derandomize=bool(os.environ.get("CI")))
    run().runTest()


assert PG_URL is None or "postgresql" in BACKENDS
