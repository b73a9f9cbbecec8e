"""The demo shop's office: its people, supply requests in every stage, the equipment register
with a maintenance plan overdue, contracts (a leased office renewing itself, a supplier's limit),
rent shared over departments by floor area and IT's service to Marketing.

Acted out beside the six months of trade, each step on the day it happened (the shop's days run
the story: :class:`Story`), through the same services, so its purchase orders and entries are
numbered among the shop's in date order; its own random numbers, so the trade is what it was.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Generator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from boclerk.db.database import Database
from boclerk.demo.data_ru import words
from boclerk.domain.catalog import Product
from boclerk.domain.documents import Document
from boclerk.domain.partners import Supplier
from boclerk.services.catalog import products as catalog
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.office import allocation, contracts, deals, depreciation, equipment, maintenance, requests, staff
from boclerk.services.office.budgets import set_budget
from boclerk.services.purchasing import bills
from boclerk.services.purchasing import orders as purchasing

#: code, name, department, position, boclerk login
STAFF = (
    ("ORLOVA", "Olga Orlova", "MGMT", "Director", "dima"),
    ("PETROVA", "Anna Petrova", "SALES", "Office manager", "anna"),
    ("SOKOLOV", "Ivan Sokolov", "SALES", "Sales manager", None),
    ("MOROZOVA", "Daria Morozova", "SALES", "Sales manager", None),
    ("BORISOV", "Boris Borisov", "WH", "Storekeeper", "boris"),
    ("LEBEDEV", "Pavel Lebedev", "WH", "Packer", None),
    ("VOLKOVA", "Vera Volkova", "ACCT", "Chief accountant", "vera"),
    ("GRIGORIEV", "Gleb Grigoriev", "IT", "System administrator", "gleb"),
    ("NIKITINA", "Alina Nikitina", "MKT", "Marketing manager", None),
)
#: a part of the story: it yields each moment it waits for (what follows happens then)
Steps = Generator[datetime, None, None]

RENT = 35_000_000  # 350 000.00 a month
AREA = (("SALES", "60"), ("WH", "220"), ("MGMT", "35"), ("IT", "25"), ("ACCT", "20"), ("MKT", "15"))


def months_before(first: date, n: int) -> date:
    """The first day of the month ``n`` months before the month of ``first``."""
    year, month = divmod(first.year * 12 + first.month - 1 - n, 12)
    return date(year, month + 1, 1)


class _Office:
    """The story is told in two clocks: the months before the last one (rent on the 1st, a month
    closed on the 2nd, a laptop bought mid-month) counted back from :attr:`month`, the month the
    last closing falls in, and its last weeks counted back from ``today``; whatever day the shop
    is built on, every step falls after the one before it and none after today."""

    def __init__(self, db: Database, today: date, start: date, rng: random.Random, names_in: str | None = None):
        self.db, self.today, self.start, self.rng = db, today, start, rng
        self.say = words(names_in)
        #: the last month the office closed (its 2nd falls at least 24 days before today)
        self.month = months_before(today - timedelta(days=26), 0)
        self.items: dict[str, str] = {}
        self.pair: list[str] = []
        self.pick: list[str] = []
        self.lease = self.supply = ""

    def on(self, day: date, hour: int = 10) -> Steps:
        """What follows happens at ``hour`` on ``day``: the story waits there for the shop's days."""
        yield datetime.combine(day, time(hour), tzinfo=UTC)

    def act(self, who: str, fn, *args, **kwargs):
        with self.db.write(who) as uow:
            return fn(uow, *args, **kwargs)

    def days_ago(self, n: int) -> date:
        return self.today - timedelta(days=n)

    def in_month(self, back: int, day: int) -> date:
        """The ``day``-th of the month ``back`` months before :attr:`month`."""
        return months_before(self.month, back).replace(day=day)

    @staticmethod
    def period(day: date) -> int:
        return day.year * 100 + day.month

    # -- the story, in the order it happened ---------------------------------------------------------
    def run(self) -> Steps:
        yield from self.on(self.start)
        self.people()
        self.contracts()
        self.register()
        yield from self.on(self.in_month(3, 20))
        self.act("anna", maintenance.log_service, self.items["printer"], self.say("Repair: new drum"), cost=380_000,
                 done_by=self.say("Print Service LLC"))
        yield from self.rent(2)
        bill = yield from self.laptop()
        yield from self.rent(1)
        yield from self.deals()
        yield from self.first_request()
        yield from self.rent(0)
        self.budgets()
        yield from self.on(self.in_month(0, 2), 9)  # the month before closed
        self.act("vera", allocation.allocate, self.period(self.in_month(1, 1)))
        self.act("vera", depreciation.depreciate, self.period(self.in_month(1, 1)))
        yield from self.on(self.days_ago(20))
        self.act("boris", equipment.move, self.items["aircon2"], location=self.say("Packing room"),
                 note=self.say("Moved for the season"))
        self.act("boris", equipment.write_off, self.items["old"],
                 self.say("Beyond repair: the fuser unit is no longer made"))
        yield from self.on(self.days_ago(17))
        no = self.act("anna", requests.ask, [(self.pick[2], 15)])
        self.act("anna", requests.reject, no.number, self.say("We still have a full box in the store room."))
        yield from self.coffee_machine()
        yield from self.november_requests()
        yield from self.on(self.today, 10)
        self.contract_to_review(bill)

    def people(self) -> None:
        say = self.say
        for code, name, dept, position, login in STAFF:
            self.act("dima", staff.add_staff, code, say(name), dept, position=say(position), login=login)
        self.act("dima", staff.add_staff, "ZAKHAROV", say("Egor Zakharov"), "WH", position=say("Driver"))
        self.act("dima", staff.staff_left, "ZAKHAROV")

    def contracts(self) -> None:
        """The contracts the office already had when it started keeping them here: a lease whose
        notice date is near, a supplier's year of IT (the laptop is bought under it), the internet."""
        lease_from = self.today + timedelta(days=45) - timedelta(days=365)
        signed = lease_from - timedelta(days=22)
        self.lease = self.act("anna", contracts.new_contract, "other:" + self.say("Business Centre Neva LLC"),
                              self.say("Lease of the office and warehouse, Sadovaya 12"),
                              their_number=f"A-118/{signed:%y}", valid_from=lease_from,
                              valid_to=self.today + timedelta(days=45), auto_renew=True, renewal_months=12,
                              notice_days=30, amount=RENT * 12, responsible="ORLOVA").number
        self.act("anna", contracts.sign, self.lease, signed)
        supply_from = self.in_month(10, 1)
        self.supply = self.act("anna", contracts.new_contract, "supplier:S001",
                               self.say("IT equipment and consumables {}").format(f"{supply_from:%Y}"),
                               valid_from=supply_from,
                               valid_to=_a_year_on(supply_from), amount=50_000_000, responsible="GRIGORIEV").number
        self.act("anna", contracts.sign, self.supply, supply_from + timedelta(days=14))
        isp_from = self.in_month(7, 1)
        isp = self.act("anna", contracts.new_contract, "other:" + self.say("FastNet LLC"),
                       self.say("Internet access, 500 Mbit/s"),
                       valid_from=isp_from, valid_to=_a_year_on(isp_from), auto_renew=True,
                       notice_days=60, amount=4_200_000, responsible="GRIGORIEV").number
        self.act("anna", contracts.sign, isp, isp_from - timedelta(days=4))

    def register(self) -> None:
        """The equipment the office already had (bought in the years before the story begins), put
        in the register, with its maintenance plans (the air conditioners' next summer after today)."""
        year, say = self.start.year, self.say
        self.items = {}
        for key, name, dept, cost, kwargs in (
            ("printer", say("Printer HP LaserJet M428"), "SALES", 3_200_000,
             {"model": "M428fdn", "serial": "VNB3K41822", "location": say("Sales 204"), "holder": "SOKOLOV",
              "category": say("Office equipment"), "acquired_on": date(year - 1, 11, 10)}),
            ("coffee", say("Coffee machine"), "MGMT", 4_500_000,
             {"model": "DeLonghi ECAM 22", "location": say("Kitchen"), "category": say("Kitchen"),
              "acquired_on": date(year - 2, 3, 1)}),
            ("aircon1", say("Air conditioner"), "SALES", 5_800_000,
             {"model": "Daikin FTXM35", "location": say("Sales 204"), "category": say("Climate"),
              "acquired_on": date(year - 1, 5, 20)}),
            ("aircon2", say("Air conditioner"), "WH", 6_400_000,
             {"model": "Daikin FTXM50", "location": say("Warehouse office"), "category": say("Climate"),
              "acquired_on": date(year - 1, 5, 20)}),
            ("extinguishers", say("Fire extinguishers (6)"), "MGMT", 1_200_000,
             {"location": say("All floors"), "category": say("Safety"),
              "acquired_on": date(year - 1, 12, 5)}),
            ("monitor", say("Monitor 27\""), "ACCT", 2_300_000,
             {"model": "Dell P2723", "serial": "CN0H9F", "holder": "VOLKOVA", "location": say("Accounts 108"),
              "category": say("Office equipment"), "acquired_on": date(year - 2, 12, 15),
              "warranty_until": self.today + timedelta(days=18)}),
            ("old", say("Printer Canon LBP"), "WH", 900_000,
             {"location": say("Warehouse office"), "category": say("Office equipment"),
              "acquired_on": date(year - 5, 2, 1)}),
        ):
            self.items[key] = self.act("anna", equipment.register, name, department=dept, cost=cost, **kwargs).number
        for key, what, every, first in (("printer", say("Service"), 6, self.days_ago(12)),
                                        ("aircon1", say("Service before summer"), 12, date(self.today.year + 1, 5, 15)),
                                        ("aircon2", say("Service before summer"), 12, date(self.today.year + 1, 5, 15)),
                                        ("extinguishers", say("Pressure check"), 12, self.today + timedelta(days=13))):
            self.act("anna", maintenance.add_plan, self.items[key], what, every, first_due=first)
        for key in ("aircon1", "aircon2"):
            self.act("anna", maintenance.log_service, self.items[key], say("Cleaned and refilled"), cost=450_000,
                     done_by=say("Klimat Service LLC"))

    def rent(self, back: int) -> Steps:
        day = self.in_month(back, 1)
        yield from self.on(day, 11)
        memo = self.say("Office and warehouse rent, {}").format(f"{day:%Y-%m}")
        self.act("vera", ledger.post_manual, entry_date=day, memo=memo,
                 lines=[Line("5500", RENT), Line("1010", -RENT)])

    def laptop(self) -> Generator[datetime, None, str]:
        """A laptop for IT bought on a bill: a fixed asset, depreciated from the month after."""
        say = self.say
        yield from self.on(self.in_month(2, 14))
        self.act("dima", catalog.add_product, "OFF-L01", say("Laptop 14\" 16 GB"), category=say("IT equipment"),
                 kind="consumable", standard_cost=14_000_000, expense_account="5350", preferred_supplier="S001")
        po = self.act("anna", purchasing.create_po, "S001", [purchasing.POLineInput("OFF-L01", 1, None, "IT")])
        self.act("anna", purchasing.send_po, po.number)
        bought = self.in_month(2, 16)
        yield from self.on(bought)
        self.act("boris", purchasing.receive_po, po.number)
        bill = self.act("vera", bills.enter_bill, po.number, "UT-4471", bought)
        self.act("vera", bills.pay_bill, bill.number, bill.total)
        self.act("anna", equipment.register, say("Laptop 14\" 16 GB"), bill=bill.number, holder="GRIGORIEV",
                 category=say("IT"), model="ThinkBook 14 G6", serial="PF4X2K91", location=say("IT room 12"),
                 warranty_until=bought.replace(year=bought.year + 2), life_months=36)
        self.act("anna", contracts.attach, self.supply, bill.number)
        return bill.number

    def deals(self) -> Steps:
        yield from self.on(self.in_month(1, 1), 12)
        self.act("vera", deals.add_allocation, "RENT", self.say("Rent by floor area"), account="5500", basis="area",
                 shares=list(AREA))
        self.act("vera", deals.add_service, "IT-MKT", self.say("IT support for Marketing"), provider="IT",
                 receiver="MKT", fee=2_500_000, valid_from=self.in_month(1, 1))

    def budgets(self) -> None:
        for dept, amount in (("SALES", 500_000), ("WH", 400_000), ("IT", 300_000), ("MGMT", 300_000)):
            self.act("vera", set_budget, dept, self.say("Office supplies"), amount, self.period(self.month))

    def coffee_machine(self) -> Steps:
        yield from self.on(self.days_ago(15))
        self.act("anna", equipment.set_condition, self.items["coffee"], "needs_repair",
                 note=self.say("Leaks under the tray"))
        self.act("anna", equipment.set_condition, self.items["coffee"], "in_repair")
        yield from self.on(self.days_ago(11))
        self.act("anna", maintenance.log_service, self.items["coffee"], self.say("Repair: new pump and seals"),
                 cost=650_000, done_by=self.say("Coffee Service LLC"))
        self.act("anna", equipment.set_condition, self.items["coffee"], "in_use")

    # -- supply requests ------------------------------------------------------------------------------
    def _by_supplier(self) -> dict[str, list[str]]:
        with self.db.read("anna") as uow:
            rows = uow.s.execute(select(Product.sku, Supplier.code).join(Supplier, Supplier.id ==
                                                                         Product.preferred_supplier_id)
                                 .where(Product.kind == "consumable", Product.category == self.say("Office supplies"))
                                 .order_by(Product.sku)).all()
        out: dict[str, list[str]] = defaultdict(list)
        for sku, sup in rows:
            out[sup].append(sku)
        return out

    def first_request(self) -> Steps:
        """The month before last: Sales's paper and coffee, bought and received (the expense is Sales's)."""
        by_supplier = self._by_supplier()
        self.pair = next(skus for _, skus in sorted(by_supplier.items()) if len(skus) >= 3)
        self.pick = self.rng.sample(sorted(sku for skus in by_supplier.values() for sku in skus), 6)
        yield from self.on(self.in_month(1, 20))
        done = self.act("anna", requests.ask, [(self.pick[0], 10), (self.pick[1], 2)],
                        wanted_by=self.in_month(1, 28))
        yield from self.on(self.in_month(1, 21))
        self.act("anna", requests.approve, done.number)
        yield from self.order(done.number, receive_on=self.in_month(1, 25))

    def november_requests(self) -> Steps:
        """The last weeks: the warehouse's tape and IT's toner ordered together; one approved, two waiting."""
        yield from self.on(self.days_ago(9))
        wh = self.act("boris", requests.ask, [(self.pair[0], 20), (self.pair[1], 5)],
                      note=self.say("For the Christmas peak"))
        it = self.act("gleb", requests.ask, [(self.pair[2], 3)])
        yield from self.on(self.days_ago(8))
        self.act("anna", requests.approve, wh.number)
        self.act("anna", requests.approve, it.number)
        yield from self.order(wh.number, it.number)
        yield from self.on(self.days_ago(3))
        acct = self.act("vera", requests.ask, [(self.pick[3], 10), (self.pick[4], 2)])
        self.act("anna", requests.approve, acct.number)
        yield from self.on(self.days_ago(2))
        self.act("gleb", requests.ask, [(self.pick[5], 2)], wanted_by=self.today + timedelta(days=7))
        yield from self.on(self.days_ago(1))
        self.act("dima", requests.ask, [(self.pick[1], 5), (self.pick[0], 3)],
                 note=self.say("Board meeting on Friday"))

    def order(self, *numbers: str, receive_on: date | None = None) -> Steps:
        result = self.act("anna", requests.order_requests, list(numbers))
        for made in result.pos:
            self.act("anna", purchasing.send_po, made.po)
            if receive_on is not None:
                yield from self.on(receive_on)
                self.act("boris", purchasing.receive_po, made.po)

    def contract_to_review(self, laptop_bill: str) -> None:
        """This morning's supply contract (in Documents) goes to the lawyer as a draft."""
        with self.db.read("anna") as uow:
            doc = uow.s.scalars(select(Document.number).where(Document.doc_type == "contract")
                                .order_by(Document.id.desc())).first()
        subject = self.say("Supply contract {}").format("14/26")
        draft = self.act("anna", contracts.new_contract, "supplier:S001", subject,
                         their_number=f"14/{self.today:%y}", valid_from=self.today,
                         valid_to=self.today + timedelta(days=365), auto_renew=True, notice_days=30).number
        if doc:
            self.act("anna", contracts.attach, draft, doc)
        self.act("anna", contracts.to_lawyer, draft)


def _a_year_on(first: date) -> date:
    """The last day of the year that begins on ``first`` (the first of a month)."""
    return months_before(first, -12) - timedelta(days=1)


class Story:
    """The office's story, run a day at a time beside the shop's: :meth:`until` acts out every step
    due by a day (the clock set to each step's moment), then gives the clock back."""

    def __init__(self, db: Database, today: date, start: date, seed: int, names_in: str | None = None) -> None:
        self.db = db
        self._steps = _Office(db, today, start, random.Random(seed + 17), names_in).run()
        self._next: datetime | None = next(self._steps, None)

    def until(self, day: date, clock: Callable[[], datetime]) -> None:
        while self._next is not None and self._next.date() <= day:
            moment = self._next
            self.db.clock = lambda: moment
            self._next = next(self._steps, None)  # the step, up to the moment the next one waits for
        self.db.clock = clock
