"""The demo shop: a deterministic, realistic store built through the same rules.

Six months of a home-goods shop, acted out day by day by its staff through the same
service functions the CLI and the app use: purchase orders received and billed (one bill
left held as an exception), customer orders in every state (backorders, partial
shipments, returns, cancellations), payments, transfers to the shop floor, a stocktake,
recharges between departments, a locked month, and the last morning's post of documents
(:mod:`boclerk.demo.docs`). The clock is the simulation's, so
the same seed gives the same database. Large order volumes (``orders`` above the
simulated ones) are added in bulk by :mod:`boclerk.demo.bulk`, applying the
same posting rules.

Longer than ~400 lines on purpose: it is one story, and its steps share the simulated
clock, the random generator and the queue of what happens later; cut by theme, each
part would need the whole of that state back. The office and the documents already
live beside it (:mod:`boclerk.demo.office`, :mod:`boclerk.demo.docs`).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from boclerk.db.database import Database
from boclerk.demo import data_ru, demo_name
from boclerk.demo.data import (
    CATEGORIES,
    CITIES,
    CUSTOMER_ORGS,
    EMAIL_DOMAINS,
    FIRST_NAMES,
    LAST_NAMES,
    STREETS,
    SUPPLIER_FORMS,
    SUPPLIER_WORDS,
    female,
)
from boclerk.errors import BoclerkError
from boclerk.i18n import _
from boclerk.services.catalog import partners
from boclerk.services.catalog import products as catalog
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.platform import users
from boclerk.services.platform.setup import init_database
from boclerk.services.purchasing import bills
from boclerk.services.purchasing import orders as purchasing
from boclerk.services.sales import backorders, orders
from boclerk.services.sales import shipping
from boclerk.services.stock import book as stock
from boclerk.services.stock import stocktake
from boclerk.settings import DbLocation

if TYPE_CHECKING:
    from boclerk.demo.office import Story

#: The day the tests build the demo on (the app and ``boclerk demo`` build it up to the day they
#: run, see :func:`demo_day`): fixed, so that the same seed gives the same database.
DEMO_TODAY = date(2026, 11, 27)
DAYS = 182
SIMULATED_ORDERS = 450
STAFF = {"anna": "clerk", "boris": "warehouse", "vera": "accountant", "gleb": "viewer", "dima": "admin"}
Progress = Callable[[str, int, int], None]


def ean13(body12: str) -> str:
    digits = [int(c) for c in body12]
    check = (10 - (sum(digits[0::2]) + 3 * sum(digits[1::2])) % 10) % 10
    return body12 + str(check)


def inn10(body9: str) -> str:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return body9 + str(sum(int(c) * w for c, w in zip(body9, weights, strict=True)) % 11 % 10)


@dataclass(order=True)
class _Event:
    day: date
    seq: int
    act: Callable[[], None] = field(compare=False)


@dataclass
class DemoSummary:
    products: int = 0
    customers: int = 0
    suppliers: int = 0
    orders: int = 0
    bulk_orders: int = 0
    purchase_orders: int = 0
    documents: int = 0


#: The demo shop's own requisites (a valid INN, and a BIK with accounts whose keys match).
COMPANY_REQUISITES = dict(tax_id="7736207543", kpp="773601001", ogrn="1027700132195", bik="044525225",
                          bank_account="40702810938000000001", bank_name="ПАО Сбербанк",
                          corr_account="30101810400000000225", legal_address="119991, Москва, ул. Тверская, д. 1",
                          director="Петров Пётр Петрович", chief_accountant="Сидорова Анна Ивановна")


class _Shop:
    def __init__(self, db: Database, rng: random.Random, start: date, today: date, progress: Progress | None,
                 names_in: str | None = None):
        self.db, self.rng, self.start, self.today = db, rng, start, today
        self.ru = names_in == "ru"  # the shop's words in Russian; its draws the same whatever the words
        self.say = data_ru.words(names_in)
        self.now = datetime.combine(start, time(9, 0), tzinfo=UTC)
        self.db.clock = lambda: self.now
        self.events: list[_Event] = []
        self.seq = 0
        self.progress = progress
        self.summary = DemoSummary()
        self.goods: list[tuple[str, int, str | None]] = []  # sku, price, supplier
        self.consumables: list[str] = []
        self.customers: list[str] = []
        self.suppliers: list[str] = []
        self.held_bill: str | None = None
        self.waiting: dict[str, bool] = {}  # backorders given up on for now: number -> prepaid

    # -- helpers -----------------------------------------------------------------------
    def tick(self, minutes: int = 3) -> None:
        self.now += timedelta(minutes=minutes)

    def act(self, who: str, fn, *args, **kwargs):
        """One act in its own unit of work; a refusal is part of shop life, not an error."""
        self.tick()
        try:
            with self.db.write(who) as uow:
                return fn(uow, *args, **kwargs)
        except BoclerkError:
            return None

    def later(self, days: int, act: Callable[[], None]) -> None:
        self.seq += 1
        heapq.heappush(self.events, _Event(self.day + timedelta(days=days), self.seq, act))

    # -- master data ---------------------------------------------------------------------
    def master_data(self) -> None:
        rng = self.rng
        with self.db.write(None, system=True) as uow:
            for name, role in STAFF.items():
                users.add_user(uow, name, role, self.first_name(name.capitalize()))
            from boclerk.services.platform.company import set_company_details

            set_company_details(uow, **COMPANY_REQUISITES)  # what the invoices and UPDs print
        with self.db.write("dima") as uow:
            catalog.add_warehouse(uow, "SHOP", self.say("Shop floor"))
            for i in range(30):
                word = SUPPLIER_WORDS[i % len(SUPPLIER_WORDS)]
                name = f"{word}{'-' + str(i // len(SUPPLIER_WORDS) + 1) if i >= len(SUPPLIER_WORDS) else ''} " \
                       f"{SUPPLIER_FORMS[i % len(SUPPLIER_FORMS)]}"
                code = f"S{i + 1:03d}"
                tax_id = inn10(f"77{rng.randrange(10**7):07d}")
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if self.ru:
                    name, contact = data_ru.SUPPLIERS[i], data_ru.person(first, last, female(first))
                else:
                    contact = f"{first} {last}"
                partners.add_supplier(uow, code, name, tax_id=tax_id, contact=contact,
                                      email=f"sales@{word.lower()}{i + 1}.example.com",
                                      phone=f"+7 495 {rng.randrange(100, 999)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}",
                                      payment_terms_days=rng.choice((7, 14, 14, 30, 30, 45)))
                self.suppliers.append(code)
            catalog.add_product(uow, "DELIVERY", self.say("Delivery"), category=self.say("Services"), kind="service",
                                sale_price=39000)
            ean = 460000000000  # 12 digits; ean13() adds the check digit
            for c_index, (category, (prefix, kind, vat, (lo, hi), names)) in enumerate(CATEGORIES.items()):
                supplier_pool = self.suppliers[(c_index * 3) % 30:(c_index * 3) % 30 + 3]
                if self.ru:
                    category, names = data_ru.CATEGORIES[category]
                for n, name in enumerate(names, start=1):
                    sku = f"{prefix}-{n:03d}"
                    if kind == "service":
                        catalog.add_product(uow, sku, name, category=category, kind=kind,
                                            sale_price=rng.randrange(150, 900) * 100)
                        continue
                    price = (rng.randrange(lo // 10 + 1, hi // 10) * 10 - 1) * 100  # 249,00 1 299,00 ...
                    cost = price * rng.randrange(40, 62) // 100
                    sup = rng.choice(supplier_pool)
                    ean += rng.randrange(1, 900)
                    if kind == "consumable":
                        catalog.add_product(uow, sku, name, category=category, kind=kind, standard_cost=cost,
                                            preferred_supplier=sup)
                        self.consumables.append(sku)
                        continue
                    rp = rng.choice((5, 8, 10, 15, 20))
                    catalog.add_product(uow, sku, name, category=category, kind=kind, sale_price=price,
                                        standard_cost=cost, vat_category=vat if n % 7 else "reduced", reorder_point=rp,
                                        reorder_qty=rp * rng.choice((2, 3, 4)), preferred_supplier=sup,
                                        barcodes=[ean13(str(ean))], unit="pcs")
                    self.goods.append((sku, price, sup))
        with self.db.write("anna") as uow:
            for i in range(500):
                first, surname = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                last = surname + "a" if female(first) else surname
                name = data_ru.person(first, surname, female(first)) if self.ru else f"{first} {last}"
                code = f"C{i + 1:05d}"
                business = i % 40 == 11  # a business buying for itself (drawn from no random number: the rest stays)
                email = f"{first.lower()}.{last.lower()}{i + 1}@{rng.choice(EMAIL_DOMAINS)}"
                phone = f"+7 9{rng.randrange(10, 99)} {rng.randrange(100, 999)}-{rng.randrange(10, 99)}-" \
                        f"{rng.randrange(10, 99)}"
                address = self.address(rng.choice(CITIES), rng.choice(STREETS), rng.randrange(1, 120),
                                       rng.randrange(1, 300), business)
                values = dict(email=email, phone=phone, address=address)
                if business:
                    org = CUSTOMER_ORGS[i // 40]
                    inn = inn10(f"50{(i * 7919) % 10**7:07d}")
                    name = data_ru.CUSTOMER_ORGS[i // 40] if self.ru else f"{org} LLC"
                    values.update(kind="organisation", tax_id=inn, kpp=inn[:4] + "01001",
                                  email=f"office@{org.lower().replace(' ', '-')}.example.com")
                partners.add_customer(uow, code, name, **values)
                self.customers.append(code)
        s = self.summary
        s.products = len(self.goods) + len(self.consumables) + 3
        s.customers, s.suppliers = len(self.customers), len(self.suppliers)

    def first_name(self, first: str) -> str:
        return data_ru.FIRST_NAMES[first] if self.ru else first

    def address(self, city: str, street: str, house: int, flat: int, business: bool) -> str:
        """A customer's address (a business's has an office where a person's has a flat)."""
        if self.ru:
            return data_ru.address(city, street, house, flat, business)
        return f"{city}, {street} st. {house}, {'office' if business else 'apt'} {flat}"

    # -- purchasing --------------------------------------------------------------------------
    def opening(self) -> None:
        self.act("vera", ledger.opening_balances,
                 [Line("1010", 1_500_000_000), Line("1000", 5_000_000), Line("3000", -1_505_000_000)],
                 entry_date=self.day, memo=self.say("Opening balances"))
        by_supplier: dict[str, list[purchasing.POLineInput]] = {}
        for sku, _price, sup in self.goods:
            by_supplier.setdefault(sup, []).append(purchasing.POLineInput(sku, self.rng.randrange(20, 60)))
        for sup, lines in sorted(by_supplier.items()):
            self.place_po(sup, lines, receive_in=0)

    def place_po(self, supplier: str, lines, *, receive_in: int | None = None) -> None:
        res = self.act("anna", purchasing.create_po, supplier, lines)
        if res is None:
            return
        self.summary.purchase_orders += 1
        self.act("anna", purchasing.send_po, res.number)
        number = res.number
        self.later(receive_in if receive_in is not None else self.rng.randrange(2, 6), lambda: self.receive(number))

    def receive(self, number: str) -> None:
        if self.rng.random() < 0.15:  # a partial delivery first
            with self.db.read("boris") as uow:
                po = purchasing.po_by_number(uow, number)
                first = purchasing.po_lines(uow, po)[0]
                sku, qty = first[1].sku, max(first[0].qty // 2, 1)
            self.act("boris", purchasing.receive_po, number, [(sku, qty)])
            self.later(self.rng.randrange(2, 5), lambda: self.receive(number))
            return
        if self.act("boris", purchasing.receive_po, number) is not None:
            self.later(self.rng.randrange(1, 5), lambda: self.bill(number))

    def bill(self, number: str) -> None:
        ref = f"INV-{self.rng.randrange(10000, 99999)}"
        lines = None
        if self.summary.purchase_orders % 11 == 0 or (self.held_bill is None and self.day > self.start + timedelta(150)):
            with self.db.read("vera") as uow:  # the supplier charges more than agreed on the first line
                po = purchasing.po_by_number(uow, number)
                pl = purchasing.po_lines(uow, po)
                lines = [bills.BillLineInput(p.sku, ln.qty_received - ln.qty_billed,
                                             ln.unit_price * (108 if i == 0 else 100) // 100)
                         for i, (ln, p) in enumerate(pl) if ln.qty_received > ln.qty_billed]
        res = self.act("vera", bills.enter_bill, number, ref, self.day, lines=lines)
        if res is None:
            return
        if res.status == "held":
            if self.held_bill is None and self.day > self.start + timedelta(150):
                self.held_bill = res.number  # left for an accountant to decide
                return
            self.later(2, lambda: self.act("vera", bills.approve_bill, res.number))
        self.later(self.rng.randrange(5, 25), lambda: self.pay_bill(res.number))

    def pay_bill(self, number: str) -> None:
        with self.db.read("vera") as uow:
            b = bills.bill_by_number(uow, number)
            left, status = b.total - b.paid, b.status
        if status == "held":
            self.later(3, lambda: self.pay_bill(number))
            return
        if left > 0 and status == "posted":
            part = left if self.rng.random() < 0.8 else left // 2
            self.act("vera", bills.pay_bill, number, part)
            if part < left:
                self.later(7, lambda: self.pay_bill(number))

    def reorder(self) -> None:
        groups = self.act("anna", purchasing.suggest_reorders, create=True) or []
        for g in groups:
            if g.created:
                self.summary.purchase_orders += 1
                self.act("anna", purchasing.send_po, g.created)
                self.later(self.rng.randrange(3, 7), lambda number=g.created: self.receive(number))

    # -- sales --------------------------------------------------------------------------------
    def new_order(self) -> None:
        rng = self.rng
        lines = []
        for sku, _price, _ in rng.sample(self.goods, rng.choice((1, 1, 1, 2, 2, 3, 4))):
            qty = rng.choice((1, 1, 1, 2, 2, 3, 5))
            discount = rng.choice((0,) * 8 + (500, 1000))
            lines.append(orders.LineInput(sku, qty, None, discount))
        channel = rng.choice(("website",) * 5 + ("marketplace",) * 3 + ("phone", "shop"))
        if channel != "shop" and rng.random() < 0.7:
            lines.append(orders.LineInput("DELIVERY", 1))
        ref = f"{channel[:2].upper()}-{rng.randrange(10**6, 10**7)}" if channel in ("website", "marketplace") else None
        res = self.act("anna", orders.create_order, rng.choice(self.customers), lines, channel=channel, channel_ref=ref)
        if res is None:
            return
        self.summary.orders += 1
        number = res.number
        if rng.random() < 0.06:  # stays a draft, waiting for the customer; most never call back
            if rng.random() < 0.7:
                self.later(rng.randrange(10, 20), lambda: self.act("anna", orders.cancel_order, number))
            return
        warehouse = "SHOP" if channel == "shop" else "MAIN"
        confirmed = self.act("anna", orders.confirm_order, number, warehouse=warehouse)
        if confirmed is None and warehouse == "SHOP":  # not on the shop floor: it comes from the warehouse
            warehouse = "MAIN"
            confirmed = self.act("anna", orders.confirm_order, number, warehouse=warehouse)
        if confirmed is None:
            if self.act("anna", orders.confirm_order, number, warehouse=warehouse, backorder=True) is None:
                return
        prepaid = channel in ("website", "marketplace") and rng.random() < 0.8
        if prepaid:
            self.pay(number, "card")
        if rng.random() < 0.04:
            self.later(rng.randrange(0, 3), lambda: self.act("anna", orders.cancel_order, number))
            return
        self.later(0 if channel == "shop" else rng.randrange(1, 3), lambda: self.ship(number, prepaid))

    def pay(self, number: str, method: str) -> None:
        with self.db.read("anna") as uow:
            o = orders.order_by_number(uow, number)
            due = orders.amount_due(uow, o)
        if due > 0:
            self.act("anna", orders.pay_order, number, due, method=method)

    def ship(self, number: str, prepaid: bool, tries: int = 0) -> None:
        if tries > 4:
            self.waiting[number] = prepaid  # a backorder still waiting: looked at again each week
            return
        with self.db.read("boris") as uow:
            o = orders.order_by_number(uow, number)
            backorder, status = o.backorder, o.status
        if status not in ("confirmed", "partially_shipped"):
            return
        if backorder:
            self.act("anna", backorders.top_up_reservations, number)
            detail = self._reserved_lines(number)
            if detail:
                self.act("boris", shipping.ship_order, number, detail)
            self.later(4, lambda: self.ship(number, prepaid, tries + 1))
            return
        if self.act("boris", shipping.ship_order, number) is None:
            self.later(2, lambda: self.ship(number, prepaid, tries + 1))
            return
        if not prepaid:
            self.later(self.rng.randrange(0, 10), lambda: self.pay(number, self.rng.choice(("bank", "cash", "card"))))
        self.later(self.rng.randrange(2, 6), lambda: self.deliver(number))

    def _reserved_lines(self, number: str) -> list[tuple[str, int]]:
        from boclerk.services.sales.queries import order_detail

        with self.db.read("boris") as uow:
            d = order_detail(uow, number)
        return [(ln.sku, ln.reserved) for ln in d.lines if ln.reserved > 0]

    def deliver(self, number: str) -> None:
        if self.act("boris", shipping.deliver_order, number) is None:
            return
        if self.rng.random() < 0.04:
            from boclerk.services.sales.queries import order_detail

            with self.db.read("anna") as uow:
                d = order_detail(uow, number)
            goods = [ln for ln in d.lines if ln.kind == "goods" and ln.shipped > ln.returned]
            if goods:
                ln = goods[0]
                damaged = self.rng.random() < 0.3
                self.later(self.rng.randrange(3, 12), lambda: self.act(
                    "anna", shipping.return_order, number, [(ln.sku, ln.shipped - ln.returned)], damaged=damaged))

    # -- the rest of back-office life -------------------------------------------------------------
    def monthly(self) -> None:
        self.act("vera", ledger.recharge, from_dept="IT", to_dept="SALES", amount=self.rng.randrange(20, 60) * 100000,
                 memo=self.say("IT support for sales"))
        self.act("vera", ledger.recharge, from_dept="MKT", to_dept="SALES", amount=self.rng.randrange(30, 90) * 100000,
                 memo=self.say("Campaign costs"))
        supplies = [purchasing.POLineInput(sku, self.rng.randrange(2, 10), None,
                                           self.rng.choice(("ACCT", "WH", "SALES", "IT")))
                    for sku in self.rng.sample(self.consumables, 4)]
        with self.db.read("anna") as uow:
            sup = catalog.get_product(uow, supplies[0].sku).preferred_supplier
        self.place_po(sup, supplies)

    def chase_backorders(self) -> None:
        """Once a week the clerk looks at what waits for goods again."""
        waiting, self.waiting = self.waiting, {}
        for number, prepaid in sorted(waiting.items()):
            self.ship(number, prepaid, 2)

    def settle_cards(self) -> None:
        """The acquirer pays the week's card takings into the bank, less its fee."""
        from boclerk.services.ledger.reports import movements

        with self.db.read("vera") as uow:
            card = ledger.account(uow, "card_clearing")
            held = sum(dr - cr for (a, _), (dr, cr) in movements(uow, None, self.day).items() if a == card.id)
        if held > 0:
            fee = held * 2 // 100
            self.act("vera", ledger.post_manual, entry_date=self.day, memo=self.say("Card settlement"),
                     lines=[Line("1010", held - fee), Line("5400", fee, "ACCT"), Line("1020", -held)])

    def weekly_transfer(self) -> None:
        for sku, _, _ in self.rng.sample(self.goods, 4):
            self.act("boris", stock.transfer_stock, sku, self.rng.randrange(1, 4), from_wh="MAIN", to_wh="SHOP",
                     reason=self.say("Shop floor refill"))

    def count(self) -> None:
        info = self.act("boris", stocktake.open_count, "MAIN", category=self.say("Kitchen"))
        if info is None:
            return
        with self.db.read("boris") as uow:
            rows = stocktake.differences(uow, info.number, all_lines=True)
        counts = []
        for r in rows:
            delta = self.rng.choice((0,) * 6 + (-2, -1, 1))
            counts.append((r.sku, max(r.on_hand + delta, 0)))
        self.act("boris", stocktake.enter_counts, info.number, counts)
        self.act("boris", stocktake.post_count, info.number)
        self.act("boris", stock.adjust_stock, self.goods[3][0], -1, reason=self.say("Dropped while unpacking"),
                 write_off=True)

    def big_order(self) -> None:
        """A customer wants more of a product than the warehouse holds: a backorder, shipped in part."""
        from sqlalchemy import select

        from boclerk.domain.catalog import Product, Warehouse
        from boclerk.domain.stock import StockLevel

        with self.db.read("anna") as uow:
            rows = uow.s.execute(select(Product.sku, StockLevel.on_hand - StockLevel.reserved)
                                 .join(StockLevel, StockLevel.product_id == Product.id)
                                 .join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
                                 .where(Warehouse.code == "MAIN", StockLevel.on_hand - StockLevel.reserved > 2)
                                 .order_by(Product.sku)).all()
        if not rows:
            return
        sku, available = self.rng.choice(rows)
        res = self.act("anna", orders.create_order, self.rng.choice(self.customers),
                       [orders.LineInput(sku, available + self.rng.randrange(5, 15)), orders.LineInput("DELIVERY", 1)],
                       channel="phone")
        if res is None:
            return
        self.summary.orders += 1
        if self.act("anna", orders.confirm_order, res.number, warehouse="MAIN", backorder=True) is not None:
            self.later(1, lambda number=res.number: self.ship(number, False))

    def restock(self, receive_in: int) -> None:
        """A purchase order for three goods of one supplier, delivered ``receive_in`` days later."""
        sup = self.rng.choice(sorted({s for _, _, s in self.goods if s}))
        skus = [sku for sku, _, s in self.goods if s == sup][:3]
        self.place_po(sup, [purchasing.POLineInput(sku, self.rng.randrange(10, 30)) for sku in skus],
                      receive_in=receive_in)

    def lock_first_month(self) -> None:
        first = self.start.replace(day=1) + timedelta(days=32)
        end_of_month = first.replace(day=1) - timedelta(days=1)
        self.act("dima", ledger.set_lock_date, end_of_month)

    # -- the simulation -------------------------------------------------------------------------------
    def run(self, simulated_orders: int, office: Story | None = None) -> None:
        """The days from the start to the day before today's post, the office's story beside them."""
        self.day = self.start
        self.opening()
        per_day = simulated_orders / DAYS
        carry = 0.0
        count_day = self.start + timedelta(days=120)
        lock_day = self.start + timedelta(days=70)
        while self.day <= self.today:
            self.now = datetime.combine(self.day, time(9, 0), tzinfo=UTC)
            while self.events and self.events[0].day <= self.day:
                heapq.heappop(self.events).act()
            if self.day.day == 1:
                self.monthly()
            if self.day.weekday() == 0:
                self.reorder()
                self.weekly_transfer()
            if self.day.weekday() == 4:
                self.settle_cards()
            if self.day.weekday() == 2:
                self.chase_backorders()
            if self.day == count_day:
                self.count()
            if self.day == lock_day:
                self.lock_first_month()
            if self.day in (self.today - timedelta(days=6), self.today - timedelta(days=2)):
                self.big_order()
            if self.day in (self.today - timedelta(days=12), self.today - timedelta(days=4)):
                self.restock(2 if self.day < self.today - timedelta(days=4) else 4)  # billed, then in the last post
            carry += per_day * (1.6 if self.day.weekday() >= 5 else 0.85)
            while carry >= 1:
                carry -= 1
                self.new_order()
            if office is not None and self.day < self.today:  # today's step waits for the morning's post
                office.until(self.day, lambda: self.now)
            if self.progress:
                self.progress(_("simulating days"), (self.day - self.start).days + 1, (self.today - self.start).days + 1)
            self.day += timedelta(days=1)


def demo_day(day: date | None = None) -> date:
    """The demo shop's last day: ``day``, else today (the local date, as the books keep it), so the
    shop a newcomer opens traded up to this morning; the tests build it on :data:`DEMO_TODAY`."""
    return day if day is not None else datetime.now(UTC).astimezone().date()


def build_demo(location: DbLocation, *, admin: str, seed: int = 42, orders: int | None = None,
               today: date = DEMO_TODAY, progress: Progress | None = None,
               simulated: int = SIMULATED_ORDERS, names_in: str | None = None) -> tuple[Database, DemoSummary]:
    """Create the demo database at ``location`` (its accounts, departments and main warehouse
    named in ``names_in``, a language, else in English).

    ``orders`` is the total wanted (default: the simulated ones); up to ``simulated`` of
    them are acted out day by day, the rest are added in bulk.
    """
    rng = random.Random(seed)
    start = today - timedelta(days=DAYS)
    clock_start = datetime.combine(start, time(8, 0), tzinfo=UTC)
    marker = building_marker(location)
    if marker is not None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    step = progress or (lambda what, done, total: None)
    step(_("creating the database"), 0, 1)
    # the app and `boclerk demo --replace` know the demo by its name (boclerk.demo.DEMO_NAMES)
    db = init_database(location, admin=admin, company=demo_name(names_in), currency="RUB", locale="ru",
                       clock=lambda: clock_start, names_in=names_in, language=names_in or "en")
    step(_("creating the database"), 1, 1)
    db.sync_each_unit = False  # a new file no one uses yet: one sync at the end, not one per act
    shop = _Shop(db, rng, start, today, progress, names_in)
    step(_("products, customers and suppliers"), 0, 1)
    shop.master_data()
    step(_("products, customers and suppliers"), 1, 1)
    wanted = simulated if orders is None else orders
    simulated = min(wanted, simulated)
    if wanted > simulated:
        from boclerk.demo.bulk import add_bulk_orders

        shop.summary.bulk_orders = add_bulk_orders(db, rng, wanted - simulated, start=start, end=today,
                                                   progress=progress, names_in=names_in)
    step(_("simulating days"), 0, (today - start).days + 1)
    from boclerk.demo.office import Story

    office = Story(db, today, start + timedelta(days=3), seed, names_in)
    shop.run(simulated, office)
    from boclerk.demo.docs import morning_post

    db.clock = lambda: datetime.combine(today, time(9, 30), tzinfo=UTC)
    step(_("the last morning's post"), 0, 1)
    shop.summary.documents = morning_post(db, today, rng, names_in)
    step(_("the last morning's post"), 1, 1)
    step(_("the office"), 0, 1)
    evening = datetime.combine(today, time(18, 0), tzinfo=UTC)
    office.until(today, lambda: evening)  # the morning's contract goes to the lawyer
    step(_("the office"), 1, 1)
    db.sync_each_unit = True
    db.sync()
    if marker is not None:
        marker.unlink(missing_ok=True)
    return db, shop.summary


def building_marker(location: DbLocation) -> Path | None:
    """The file that says a demo database is being built (``demo.db.building``): left behind by
    a build that was stopped, it tells the next ``--demo`` to build it again."""
    return location.path.with_name(location.path.name + ".building") if location.path is not None else None
