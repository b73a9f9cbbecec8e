"""Large order volumes for the demo and the benchmarks, inserted in bulk.

The orders are priced by :func:`boclerk.services.sales.pricing.price_line` and booked by the
posting rules (:func:`~boclerk.services.ledger.posting_rules.customer_payment`,
:func:`~boclerk.services.ledger.posting_rules.sale_shipment`), exactly as the order services
would; only the writing is different: rows are built in Python and inserted a chunk at a
time with executemany, journal entries go in as drafts and are then posted (so the
database triggers still check every one), and the period balances, counters and
sequences are brought up to date at the end. The stock they ship comes in first as
opening stock at standard cost, so the moving average never moves and every value is
exact.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import bindparam, func, insert, select, text, update

from boclerk.db.chain import link_entries
from boclerk.db.database import Database
from boclerk.db.dialect import upsert_add
from boclerk.db.uow import UnitOfWork
from boclerk.demo.data_ru import words
from boclerk.domain.catalog import Product, ProductKind, Warehouse
from boclerk.domain.company import NumberSeries, format_number
from boclerk.domain.ledger import (
    Account,
    AccountBalance,
    Department,
    JournalEntry,
    Posting,
    period_of,
)
from boclerk.domain.partners import Customer
from boclerk.domain.sales import (
    OrderLine,
    OrderPayment,
    PayMethod,
    SalesOrder,
    Shipment,
    ShipmentLine,
)
from boclerk.domain.stock import StockMove
from boclerk.i18n import _
from boclerk.services.ledger import posting_rules
from boclerk.services.ledger.vat import sale_rate
from boclerk.services.sales import memos
from boclerk.services.sales.pricing import price_line

Progress = Callable[[str, int, int], None]
CHUNK = 10_000
TABLES = (SalesOrder, OrderLine, OrderPayment, Shipment, ShipmentLine, JournalEntry, Posting, StockMove)


class _Ids:
    """Explicit primary keys, handed out in order, so parents and children link in Python."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.next = {m.__tablename__: (uow.s.scalar(select(func.max(m.__table__.c.id))) or 0) + 1 for m in TABLES}

    def take(self, model) -> int:
        name = model.__tablename__
        value = self.next[name]
        self.next[name] = value + 1
        return value


def _plan(seed: float, count: int, start: date, days: int, products: list, customers: list[int]) -> Iterator[tuple]:
    """The orders, in date order: (day, customer id, channel, method, delivered, [(product, qty)])."""
    rng = random.Random(seed)
    for i in range(count):
        day = start + timedelta(days=i * days // count)
        picks = rng.sample(products, rng.choice((1, 1, 2, 2, 3)))
        lines = [(p, rng.choice((1, 1, 1, 2, 3))) for p in picks]
        yield (day, rng.choice(customers), rng.choice(("website", "website", "marketplace", "phone")),
               rng.choice(("card", "card", "bank", "cash")), rng.random() < 0.9, lines)


def add_bulk_orders(db: Database, rng: random.Random, count: int, *, start: date, end: date,
                    progress: Progress | None = None, names_in: str | None = None) -> int:
    """Add ``count`` shipped and paid orders dated ``start`` .. ``end`` (the opening stock's words in
    ``names_in``, a language, else in English); returns how many."""
    if count <= 0:
        return 0
    seed = rng.random()
    days = max((end - start).days, 1)
    with db.read(None, system=True) as uow:
        products = list(uow.s.scalars(select(Product).where(Product.kind == ProductKind.GOODS.value,
                                                            Product.active.is_(True)).order_by(Product.id)))
        customers = list(uow.s.scalars(select(Customer.id).order_by(Customer.id)))
        for p in products:
            uow.s.expunge(p)
    if not products or not customers:
        raise ValueError("bulk orders need products and customers")
    demand: dict[int, int] = defaultdict(int)
    for *_, lines in _plan(seed, count, start, days, products, customers):
        for p, qty in lines:
            demand[p.id] += qty
    writer = _Writer(db, names_in)
    writer.opening_stock(start, products, demand)
    done = 0
    plan = _plan(seed, count, start, days, products, customers)
    while done < count:
        chunk = [next(plan) for _ in range(min(CHUNK, count - done))]
        writer.orders(chunk)
        done += len(chunk)
        if progress:
            progress(_("adding orders in bulk"), done, count)
    writer.finish(count)
    return count


class _Writer:
    def __init__(self, db: Database, names_in: str | None = None) -> None:
        self.db = db
        self.say = words(names_in)  # the demo's own words; an order's memos are the order services' (sales/memos.py)
        self.balances: dict[tuple[int, int, int], list[int]] = defaultdict(lambda: [0, 0])
        self.last_number: dict[tuple[str, int], int] = {}
        with db.read(None, system=True) as uow:
            self.accounts = {a.role: a.id for a in uow.s.scalars(select(Account)) if a.role}
            self.depts = {d.code: d.id for d in uow.s.scalars(select(Department))}
            self.warehouse = uow.s.scalars(select(Warehouse.id).where(Warehouse.code == "MAIN")).one()
            for row in uow.s.scalars(select(NumberSeries)):
                self.last_number[(row.series, row.year)] = row.last

    def _number(self, series: str, year: int) -> str:
        seq = self.last_number.get((series, year), 0) + 1
        self.last_number[(series, year)] = seq
        return format_number(series, year, seq)

    def _entry(self, ids: _Ids, buf: dict, day: date, at: datetime, memo: str, lines, source_kind: str,
               source_ref: str) -> int:
        entry_id = ids.take(JournalEntry)
        buf["entries"].append({"id": entry_id, "entry_date": day, "memo": memo, "status": "draft",
                               "source_kind": source_kind, "source_ref": source_ref, "created_by": "system",
                               "created_at": at, "version": 1})
        buf["post"].append({"eid": entry_id, "number": self._number("JE", day.year), "at": at,
                            "entry": buf["entries"][-1]})
        period = period_of(day)
        for n, line in enumerate(ln for ln in lines if ln.amount):
            account = self.accounts[line.account]
            dept = self.depts[line.department] if line.department else None
            buf["postings"].append({"id": ids.take(Posting), "entry_id": entry_id, "line_no": n + 1,
                                    "account_id": account, "department_id": dept, "amount": line.amount,
                                    "entry_date": day})
            cell = self.balances[(account, dept or 0, period)]
            cell[0 if line.amount > 0 else 1] += abs(line.amount)
        return entry_id

    def _flush(self, uow: UnitOfWork, buf: dict) -> None:
        s = uow.s
        for key, model in (("orders", SalesOrder), ("lines", OrderLine), ("entries", JournalEntry),
                           ("postings", Posting), ("payments", OrderPayment), ("shipments", Shipment),
                           ("shiplines", ShipmentLine), ("moves", StockMove)):
            if buf.get(key):
                s.execute(insert(model.__table__), buf[key])
        if buf.get("post"):
            je = JournalEntry.__table__
            links = [dict(e["entry"], number=e["number"], reverses_id=None, posted_by="system", posted_at=e["at"])
                     for e in buf["post"]]
            link_entries(s, links, ((p["entry_id"], p["line_no"], p["account_id"], p["department_id"], p["amount"])
                                    for p in buf["postings"]))
            s.execute(update(je).where(je.c.id == bindparam("eid")).values(
                status="posted", number=bindparam("number"), posted_by="system", posted_at=bindparam("at"),
                chain_seq=bindparam("s"), prev_hash=bindparam("p"), hash=bindparam("h"),
                version=je.c.version + 1),
                [{"eid": e["eid"], "number": e["number"], "at": e["at"], "s": link["chain_seq"],
                  "p": link["prev_hash"], "h": link["hash"]} for e, link in zip(buf["post"], links, strict=True)])
        # period balances and counters move in the same transaction as the postings and numbers
        upsert_add(s, AccountBalance.__table__,
                   [{"account_id": a, "dept_key": d, "period": p, "debit": dr, "credit": cr}
                    for (a, d, p), (dr, cr) in self.balances.items()],
                   keys=["account_id", "dept_key", "period"], add=["debit", "credit"])
        self.balances.clear()
        for (series, year), last in self.last_number.items():
            existing = s.get(NumberSeries, (series, year))
            if existing is None:
                s.execute(insert(NumberSeries.__table__).values(series=series, year=year, last=last))
            else:
                existing.last = last
        s.flush()

    def opening_stock(self, day: date, products: list[Product], demand: dict[int, int]) -> None:
        at = datetime.combine(day, time(7, 0), tzinfo=UTC)
        with self.db.write(None, system=True) as uow:
            ids = _Ids(uow)
            buf: dict = defaultdict(list)
            total = 0
            for p in products:
                qty = demand.get(p.id, 0)
                if not qty:
                    continue
                value = qty * p.standard_cost
                total += value
                buf["moves"].append({"id": ids.take(StockMove), "moved_at": at, "move_date": day, "product_id": p.id,
                                     "warehouse_id": self.warehouse, "qty": qty, "value": value, "kind": "receipt",
                                     "reason": self.say("opening stock (bulk orders)"), "source_kind": "stock",
                                     "source_ref": "OPENING", "source_line": None, "entry_id": None, "actor": "system"})
            entry_id = self._entry(ids, buf, day, at, self.say("Opening stock for the order history"),
                                   posting_rules.opening_stock(total), "stock", "OPENING")
            for m in buf["moves"]:
                m["entry_id"] = entry_id
            self._flush(uow, buf)
            # the same quantities leave again with the bulk orders: levels and cost rows end where they were

    def orders(self, chunk: list[tuple]) -> None:
        with self.db.write(None, system=True) as uow:
            ids = _Ids(uow)
            buf: dict = defaultdict(list)
            for day, customer_id, channel, method, delivered, lines in chunk:
                at = datetime.combine(day, time(12, 0), tzinfo=UTC)
                order_id = ids.take(SalesOrder)
                number = self._number("SO", day.year)
                shipment_id = ids.take(Shipment)
                net_total = vat_total = cost_total = 0
                for n, (p, qty) in enumerate(lines, start=1):
                    rate = sale_rate(uow, p, day)
                    net, vat, gross = price_line(p, qty, p.sale_price, 0, rate)
                    cost = qty * p.standard_cost
                    line_id = ids.take(OrderLine)
                    buf["lines"].append({"id": line_id, "order_id": order_id, "line_no": n, "product_id": p.id,
                                         "qty": qty, "unit_price": p.sale_price, "discount_bp": 0,
                                         "vat_rate": rate, "net": net, "vat": vat, "gross": gross,
                                         "qty_shipped": qty, "qty_returned": 0, "cost_shipped": cost,
                                         "cost_returned": 0})
                    buf["shiplines"].append({"id": ids.take(ShipmentLine), "shipment_id": shipment_id,
                                             "order_line_id": line_id, "qty": qty, "vat_rate": rate, "net": net, "vat": vat,
                                             "cost": cost})
                    buf["moves"].append({"id": ids.take(StockMove), "moved_at": at, "move_date": day,
                                         "product_id": p.id, "warehouse_id": self.warehouse, "qty": -qty,
                                         "value": -cost, "kind": "shipment", "reason": "", "source_kind": "order",
                                         "source_ref": number, "source_line": n, "entry_id": None,
                                         "actor": "system"})
                    net_total, vat_total, cost_total = net_total + net, vat_total + vat, cost_total + cost
                total = net_total + vat_total
                buf["orders"].append({
                    "id": order_id, "number": number, "order_date": day, "customer_id": customer_id,
                    "channel": channel, "channel_ref": None, "status": "delivered" if delivered else "shipped",
                    "warehouse_id": self.warehouse, "backorder": False, "historical": False, "delivery_address": "",
                    "notes": "", "net_total": net_total, "vat_total": vat_total, "total": total, "invoiced": total,
                    "paid": total, "shipped_on": day, "created_at": at, "created_by": "system", "version": 1})
                pay_entry = self._entry(ids, buf, day, at, memos.payment(uow, number, method),
                                        posting_rules.customer_payment(total, method_account=PayMethod(method).account_role,
                                                                       shipped_unpaid=0), "order", number)
                buf["payments"].append({"id": ids.take(OrderPayment), "order_id": order_id, "paid_on": day,
                                        "amount": total, "method": method, "reference": "", "entry_id": pay_entry,
                                        "created_by": "system"})
                ship_entry = self._entry(ids, buf, day, at, memos.shipment(uow, number),
                                         posting_rules.sale_shipment(net=net_total, vat=vat_total, cost=cost_total,
                                                                     from_advances=total), "order", number)
                buf["shipments"].append({"id": shipment_id, "order_id": order_id, "kind": "ship", "day": day,
                                         "damaged": False, "net": net_total, "vat": vat_total, "cost": cost_total,
                                         "entry_id": ship_entry, "created_by": "system"})
                for m in buf["moves"][-len(lines):]:
                    m["entry_id"] = ship_entry
            self._flush(uow, buf)

    def finish(self, count: int) -> None:
        with self.db.write(None, system=True) as uow:
            if uow.db.dialect == "postgresql":
                for model in TABLES:
                    name = model.__tablename__
                    uow.s.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                       f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"))
            uow.audit("demo.bulk_orders", "database", "demo", after={"orders": count})
