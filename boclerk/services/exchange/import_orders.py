"""``boclerk import orders``: one row per order line; the rows of one order share its number.

Orders with status shipped, delivered or cancelled are history: stored for lookups and
the sales report, with no stock moves and no postings (the opening balances carry their
effect). They are priced like any order (:func:`boclerk.services.sales.pricing.price_line`),
take SO numbers from the normal gapless series of their order date's year, keep their
own number as the channel reference, count as invoiced and paid when shipped or
delivered (``shipped_on`` is their order date), and are written in bulk, a few
statements per thousand orders. Orders with status new or confirmed enter the live
workflow through the order services themselves; confirmed ones reserve stock in the
first warehouse and are refused if it is short.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, insert, select, text, update

from boclerk.dates import format_day
from boclerk.db.database import Database
from boclerk.db.dialect import as_date, insert_ignore
from boclerk.db.uow import UnitOfWork
from boclerk.domain.bounds import MAX_QTY
from boclerk.domain.catalog import ProductKind
from boclerk.domain.company import NumberSeries, format_number, parse_number
from boclerk.domain.partners import Customer
from boclerk.domain.permissions import Perm
from boclerk.domain.sales import Channel, OrderLine, OrderStatus, SalesOrder
from boclerk.errors import BoclerkError, InvalidInput
from boclerk.formats.csvio import Row, Table, Validator
from boclerk.i18n import _, ngettext
from boclerk.money import decimal_str, parse_percent
from boclerk.services import shown
from boclerk.services.bounds import date_window
from boclerk.services.catalog import units
from boclerk.services.exchange.import_base import (
    ImportResult,
    Progress,
    at_line,
    audit_rows,
    by_code,
    chunks,
    currency_of,
    money,
    products_by_code,
    validate,
)

#: file status -> stored status
STATUSES = {"new": OrderStatus.DRAFT.value, "draft": OrderStatus.DRAFT.value,
            "confirmed": OrderStatus.CONFIRMED.value, "shipped": OrderStatus.SHIPPED.value,
            "delivered": OrderStatus.DELIVERED.value, "cancelled": OrderStatus.CANCELLED.value}
HISTORY = frozenset({OrderStatus.SHIPPED.value, OrderStatus.DELIVERED.value, OrderStatus.CANCELLED.value})
CHANNELS = tuple(c.value for c in Channel)
_ORDER = SalesOrder.__table__
_LINE = OrderLine.__table__


@dataclass
class _Line:
    row: Row
    sku: str
    qty: Decimal  # in the product's unit, as written
    unit_price: int
    discount_bp: int
    stored: int = 0  # in the unit's smallest fraction, once the product is known


@dataclass
class _Order:
    number: str          # the order's own number in the file
    row: Row             # its first row
    order_date: date
    customer: str
    status: str          # as stored: draft, confirmed, shipped, delivered, cancelled
    channel: str
    lines: list[_Line] = field(default_factory=list)


def _discount_bp(row: Row) -> int:
    if not row.get("discount_percent"):
        return 0
    text = row.get("discount_percent")
    value = row.parse("discount_percent", parse_percent)
    bp = value * 100
    if bp != bp.to_integral_value():
        raise row.error("discount_percent", _("'{text}' has more than two decimals.").format(text=text))
    return int(bp)


def parse_orders(table: Table, db: Database, progress: Progress | None) -> list[_Order]:
    """Every row checked and grouped into orders (no database work beyond the currency)."""
    currency = currency_of(db)
    with db.read(None, system=True) as uow:
        today = uow.today
        earliest = date_window(uow).bounds(today)[0]
        locale = shown.shop_locale(uow)

    def one(row: Row) -> tuple:
        number = row.require("order_number")
        if len(number) > 64:
            raise row.error("order_number", _("an order number has up to 64 characters."))
        day = row.date("order_date")
        if day > today:
            raise row.error("order_date", _("{day} is in the future.").format(day=format_day(day, locale)))
        customer = row.require("customer_code")
        sku = row.require("sku")
        qty = row.decimal("quantity")
        if qty <= 0:
            raise row.error("quantity", _("{qty} is not a positive quantity.").format(qty=qty))
        if qty > MAX_QTY:
            raise row.error("quantity", _("{qty:,} units is more than one line may hold ({max_qty:,}).").format(qty=qty, max_qty=MAX_QTY))
        row.require("unit_price")
        price = money(row, "unit_price", currency)
        status = STATUSES[row.choice("status", STATUSES, default="new")]
        if day < earliest and status not in HISTORY:  # history may be old; a live order is recent
            raise row.error("order_date", _("{day} is before {earliest}, too old for an order still open; import it as shipped, delivered or cancelled history.").format(day=format_day(day, locale), earliest=format_day(earliest, locale)))
        channel = row.choice("channel", CHANNELS, default=Channel.WEBSITE.value)
        return number, day, customer, status, channel, _Line(row, sku, qty, price, _discount_bp(row))

    parsed = validate(table.rows, one, progress, _("checking rows"))
    orders: dict[str, _Order] = {}
    v = Validator()
    for number, day, customer, status, channel, line in parsed:
        o = orders.get(number)
        if o is None:
            orders[number] = o = _Order(number, line.row, day, customer, status, channel)
        else:
            for column, mine, theirs in (("order_date", day, o.order_date), ("customer_code", customer, o.customer),
                                         ("status", status, o.status), ("channel", channel, o.channel)):
                if mine != theirs:
                    v.add(str(line.row.error(column, _("order {number} has {theirs} on line {line}, not {mine}.").format(number=number, theirs=_shown(theirs), line=o.row.line, mine=_shown(mine)))))
                    break
        o.lines.append(line)
    v.raise_if_any()
    return list(orders.values())


def _shown(value) -> str:
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "new" if text == OrderStatus.DRAFT.value else text


def write_orders(uow: UnitOfWork, table: Table, orders: list[_Order], progress: Progress | None) -> ImportResult:
    uow.require(Perm.ORDER_MANAGE)
    v = Validator()
    customers = by_code(uow, Customer, {o.customer for o in orders})
    products = products_by_code(uow, {ln.sku for o in orders for ln in o.lines})
    for o in orders:
        c = customers.get(o.customer)
        if c is None:
            v.add(str(o.row.error("customer_code", _("there is no customer {customer}.").format(customer=o.customer))))
        elif not c.active and o.status not in HISTORY:
            v.add(str(o.row.error("customer_code", _("the customer {code} is archived.").format(code=c.code))))
        for ln in o.lines:
            p = products.get(ln.sku)
            if p is None:
                v.add(str(ln.row.error("sku", _("there is no product with SKU or barcode '{sku}'.").format(sku=ln.sku))))
                continue
            if p.kind == ProductKind.CONSUMABLE.value:
                v.add(str(ln.row.error("sku", _("{sku} is an office consumable; it is bought, not sold.").format(sku=p.sku))))
            elif not p.active and o.status not in HISTORY:
                v.add(str(ln.row.error("sku", _("{sku} is archived and cannot be sold.").format(sku=p.sku))))
            try:
                ln.stored = units.stored(uow, p, ln.qty)
            except InvalidInput as exc:
                v.add(str(ln.row.error("quantity", exc.message)))
    v.raise_if_any()

    fresh, unchanged = _recognise(uow, orders, customers, products, v)
    v.raise_if_any()
    # in date order (then file order), history and live orders alike, so that numbers and
    # ids follow the dates: history is written a batch at a time between the live orders
    fresh.sort(key=lambda o: (o.order_date, o.row.line))
    history: list[_Order] = []
    counts = {"history": 0, "live": 0, "confirmed": 0}

    def flush() -> None:
        if history:
            _write_history(uow, table, history, customers, products)
            counts["history"] += len(history)
            history.clear()

    for i, o in enumerate(fresh, start=1):
        if o.status in HISTORY:
            history.append(o)
            if len(history) >= 5000:
                flush()
        else:
            flush()
            counts["confirmed"] += _write_live(uow, o, products)
            counts["live"] += 1
        if progress and (i % 1000 == 0 or i == len(fresh)):
            progress(_("writing orders"), i, len(fresh))
    flush()
    notes = []
    if counts["history"]:
        notes.append(ngettext("{n} history order.", "{n} history orders.", counts["history"]).format(n=counts["history"]))
    live, confirmed = counts["live"], counts["confirmed"]
    if live:
        said = ngettext("{n} live order", "{n} live orders", live).format(n=live)
        if confirmed:
            said = _("{orders}, {confirmed} confirmed").format(orders=said, confirmed=confirmed)
        notes.append(said + ".")
    return ImportResult("orders", table.what, sum(len(o.lines) for o in orders), len(fresh), 0, unchanged,
                        notes=notes)


def _recognise(uow: UnitOfWork, orders: list[_Order], customers: dict, products: dict,
               v: Validator) -> tuple[list[_Order], int]:
    """Split the file's orders into new ones and those already imported (which must agree)."""
    found: dict[str, tuple] = {}  # file number -> (id, number, customer id, order date)
    by_channel: dict[str, list[str]] = defaultdict(list)
    for o in orders:
        by_channel[o.channel].append(o.number)
    cols = (_ORDER.c.id, _ORDER.c.number, _ORDER.c.customer_id, _ORDER.c.order_date)
    for channel, numbers in by_channel.items():
        for chunk in chunks(numbers):
            for row in uow.s.execute(select(_ORDER.c.channel_ref, *cols).where(
                    _ORDER.c.channel == channel, _ORDER.c.channel_ref.in_(chunk))):
                found[row[0]] = tuple(row[1:])
    ours: dict[str, list[str]] = defaultdict(list)  # boclerk numbers (an export of ours): SO-2026-000042
    for o in orders:
        if o.number not in found and _is_so(o.number):
            ours[o.number.strip().upper()].append(o.number)
    for chunk in chunks(list(ours)):
        for row in uow.s.execute(select(*cols).where(_ORDER.c.number.in_(chunk))):
            for number in ours[row[1]]:
                found[number] = tuple(row)
    if not found:
        return orders, 0
    stored: dict[int, list[tuple]] = defaultdict(list)
    ids = sorted({f[0] for f in found.values()})
    for chunk in chunks(ids):
        for oid, pid, qty, price, bp in uow.s.execute(
                select(_LINE.c.order_id, _LINE.c.product_id, _LINE.c.qty, _LINE.c.unit_price, _LINE.c.discount_bp)
                .where(_LINE.c.order_id.in_(chunk)).order_by(_LINE.c.order_id, _LINE.c.line_no)):
            stored[oid].append((pid, qty, price, bp))
    fresh, unchanged = [], 0
    for o in orders:
        f = found.get(o.number)
        if f is None:
            fresh.append(o)
            continue
        oid, number, customer_id, day = f
        lines = [(products[ln.sku].id, ln.stored, ln.unit_price, ln.discount_bp) for ln in o.lines]
        problem = None
        if customer_id != customers[o.customer].id:
            problem = _("another customer")
        elif as_date(day) != o.order_date:
            problem = _("another date")
        elif stored[oid] != lines:
            problem = _("other lines")
        if problem:
            v.add(str(o.row.error("order_number", _("order {number} is already here as {number2}, with {problem}; an import adds orders but does not change them.").format(number=o.number, number2=number, problem=problem))))
        else:
            unchanged += 1
    return fresh, unchanged


def _is_so(number: str) -> bool:
    parts = parse_number(number)
    return parts is not None and parts[0] == "SO"


def _take_numbers(uow: UnitOfWork, year: int, count: int) -> int:
    """Take ``count`` numbers of the SO series for ``year`` at once; returns the first sequence number."""
    table = NumberSeries.__table__
    insert_ignore(uow.s, table, {"series": "SO", "year": year, "last": 0}, ["series", "year"])
    last = uow.s.execute(update(table).where(table.c.series == "SO", table.c.year == year)
                         .values(last=table.c.last + count).returning(table.c.last)).scalar_one()
    return last - count + 1


def _write_history(uow: UnitOfWork, table: Table, batch: list[_Order], customers: dict, products: dict) -> None:
    """Insert a batch of history orders, their lines and audit events (a few statements)."""
    from boclerk.services.ledger.vat import sale_rate
    from boclerk.services.sales.pricing import price_line

    per_year: dict[int, int] = defaultdict(int)
    for o in batch:
        per_year[o.order_date.year] += 1
    next_seq = {year: _take_numbers(uow, year, n) for year, n in sorted(per_year.items())}
    order_rows, line_rows, audits = [], [], []
    for o in batch:
        year = o.order_date.year
        number = format_number("SO", year, next_seq[year])
        next_seq[year] += 1
        shipped = o.status != OrderStatus.CANCELLED.value
        net_total = vat_total = total = 0
        priced = []
        for n, ln in enumerate(o.lines, start=1):
            p = products[ln.sku]
            rate = sale_rate(uow, p, o.order_date)  # history: shipped on its order date
            net, vat, gross = price_line(p, ln.stored, ln.unit_price, ln.discount_bp, rate, units.decimals(uow, p))
            priced.append({"line_no": n, "product_id": p.id, "qty": ln.stored, "unit_price": ln.unit_price,
                           "discount_bp": ln.discount_bp, "vat_rate": rate, "net": net, "vat": vat,
                           "gross": gross, "qty_shipped": ln.stored if shipped else 0, "qty_returned": 0,
                           "cost_shipped": 0, "cost_returned": 0})
            net_total, vat_total, total = net_total + net, vat_total + vat, total + gross
        c = customers[o.customer]
        order_rows.append({
            "number": number, "order_date": o.order_date, "customer_id": c.id, "channel": o.channel,
            "channel_ref": o.number, "status": o.status, "warehouse_id": None, "backorder": False,
            "historical": True, "delivery_address": c.address, "notes": "", "net_total": net_total,
            "vat_total": vat_total, "total": total, "invoiced": total if shipped else 0,
            "paid": total if shipped else 0, "shipped_on": o.order_date if shipped else None,
            "created_at": uow.now, "created_by": uow.actor_name, "version": 1})
        line_rows.append(priced)
        audits.append((number, {"status": o.status, "customer": c.code, "channel": o.channel,
                                "channel_ref": o.number, "total": decimal_str(total, uow.currency),
                                "lines": len(priced), "source": _("{what} line {line}").format(what=table.what, line=o.row.line),
                                "historical": True}))
    for oid, row in zip(_new_ids(uow, len(order_rows)), order_rows, strict=True):
        row["id"] = oid
    uow.s.execute(insert(_ORDER), order_rows)
    uow.s.execute(insert(_LINE), [{**line, "order_id": o["id"]}
                                  for o, lines in zip(order_rows, line_rows, strict=True) for line in lines])
    audit_rows(uow, "order.import", "order", audits)


def _new_ids(uow: UnitOfWork, count: int) -> list[int]:
    """``count`` fresh sales order ids, so that a batch goes in with one plain executemany
    (an INSERT ... RETURNING of thousands of rows is slow to build on psycopg)."""
    if uow.db.dialect == "postgresql":
        return list(uow.s.scalars(text("SELECT nextval(pg_get_serial_sequence('sales_order', 'id')) "
                                       "FROM generate_series(1, :n)"), {"n": count}))
    # SQLite: the write lock (BEGIN IMMEDIATE) is ours until commit, and ids are rowids
    top = uow.s.scalar(select(func.max(_ORDER.c.id))) or 0
    return list(range(top + 1, top + 1 + count))


def _write_live(uow: UnitOfWork, o: _Order, products: dict) -> int:
    """Create (and confirm) one live order through the order services; 1 if confirmed."""
    from boclerk.services.sales.orders import LineInput, confirm_order, create_order

    lines = [LineInput(products[ln.sku].sku, ln.qty, ln.unit_price, ln.discount_bp) for ln in o.lines]
    try:
        res = create_order(uow, o.customer, lines, channel=o.channel, channel_ref=o.number, order_date=o.order_date)
        if o.status == OrderStatus.CONFIRMED.value:
            confirm_order(uow, res.number)
            return 1
    except InvalidInput as exc:
        raise at_line(o.row, exc) from None
    except BoclerkError as exc:
        hint = (_(" Import the stock count first, or import the order as new.")
                if "available" in exc.message and "needed" in exc.message else "")
        raise type(exc)(_("{what} line {line} (order {number}): {message}{hint}").format(what=o.row.what, line=o.row.line, number=o.number, message=exc.message, hint=hint)) from None
    return 0
