"""Order to cash: create, confirm (reserve), pay, cancel, refund; goods leaving and coming
back (ship, deliver, return) are in :mod:`.shipping`.

Every act is one unit of work: it locks the order, checks its state, moves or reserves
stock through the stock book, posts through the posting rules, updates the order's
money position (``invoiced`` and ``paid``) and writes the audit event. Run through
``db.run`` on SQLite, create, confirm, pay and cancel are planned outside the write lock
first (:mod:`.order_plans`), and so are a refund, a draft's new lines and a backorder's top-up
(:mod:`.later_plans`);
the checks they share with the plans are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.orm.attributes import flag_modified

from boclerk.db.phases import two_phase
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.bounds import check_amount
from boclerk.domain.catalog import Product, ProductKind, Warehouse
from boclerk.domain.code_words import choices
from boclerk.domain.code_words import PAY_WORDS, choices
from boclerk.domain.sales import Channel, OrderLine, OrderPayment, OrderStatus, PayMethod, SalesOrder
from boclerk.domain.sales_words import CHANNEL_WORDS
from boclerk.errors import InvalidInput, NotFound, PartnerArchived, Refused
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services import shown
from boclerk.services.acts_now import order_due
from boclerk.services.catalog.partners import customer as find_customer
from boclerk.services.catalog.products import product as find_product
from boclerk.services.catalog.products import warehouse as find_warehouse
from boclerk.services.catalog.units import decimals as unit_decimals
from boclerk.services.catalog.units import shown as qty_shown
from boclerk.services.catalog.units import stored as stored_qty
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.ledger.vat import sale_rate
from boclerk.services.numbers import next_number
from boclerk.services.sales import memos
from boclerk.services.sales.pricing import price_line
from boclerk.services.stock import book as stock

NEW, EDIT, CONFIRM, RESERVE = act("orders.new"), act("orders.edit"), act("orders.confirm"), act("orders.reserve")
PAY, SHIP, DELIVER, CANCEL = act("orders.pay"), act("orders.ship"), act("orders.deliver"), act("orders.cancel")
RETURN, REFUND = act("orders.return"), act("orders.refund")


@dataclass(frozen=True)
class LineInput:
    sku: str
    qty: int | Decimal  # in the product's unit: 3, Decimal("1.250")
    unit_price: int | None = None  # default: the product's sale price, per whole unit
    discount_bp: int = 0  # hundredths of a percent


@dataclass(frozen=True)
class ActResult:
    number: str
    status: str
    entry: str | None = None
    refund_entry: str | None = None


def money_text(uow: UnitOfWork, minor: int) -> str:
    return decimal_str(minor, uow.currency)


#: Built once: every act reads its order and lines (building a statement costs more than running it).
_ORDER_BY_NUMBER = select(SalesOrder).where(SalesOrder.number == bindparam("number"))
_ORDER_LOCKED = _ORDER_BY_NUMBER.with_for_update().execution_options(populate_existing=True)
_ORDER_LINES = (select(OrderLine, Product).join(Product, Product.id == OrderLine.product_id)
                .where(OrderLine.order_id == bindparam("order_id")).order_by(OrderLine.line_no))


def order_by_number(uow: UnitOfWork, number: str, *, lock: bool = False) -> SalesOrder:
    stmt = _ORDER_LOCKED if lock and uow.db.dialect == "postgresql" else _ORDER_BY_NUMBER
    found = uow.s.scalars(stmt, {"number": number.strip().upper()}).first()
    if found is None:
        raise NotFound(_("There is no order {upper}.").format(upper=number.strip().upper()))
    if found.historical and lock:
        raise Refused(_("{number} is an imported historical order; it cannot be changed.").format(number=found.number))
    return found


def order_state(uow: UnitOfWork, number: str) -> tuple[str, str]:
    o = order_by_number(uow, number)
    return o.number, o.status


def order_lines(uow: UnitOfWork, o: SalesOrder) -> list[tuple[OrderLine, Product]]:
    return list(uow.s.execute(_ORDER_LINES, {"order_id": o.id}).all())


def audit_act(uow: UnitOfWork, action: str, o: SalesOrder, before: str, **after) -> None:
    uow.audit(f"order.{action}", "order", o.number, before={"status": before}, after={"status": o.status, **after})


# -- create ------------------------------------------------------------------------------

def create_order(
    uow: UnitOfWork, customer_code: str, lines: Sequence[LineInput], *, channel: str = Channel.WEBSITE.value,
    channel_ref: str | None = None, delivery_address: str | None = None, notes: str = "",
    order_date: date | None = None,
) -> ActResult:
    uow.require(NEW)
    if not lines:
        raise InvalidInput(_("An order needs at least one line."))
    try:
        chan = Channel(channel.strip().lower())
    except ValueError:
        raise InvalidInput(_("'{channel}' is not a channel; choose {codes}.").format(
            channel=channel, codes=choices((c.value for c in Channel), CHANNEL_WORDS))) from None
    cust = find_customer(uow, customer_code)
    if not cust.active:
        raise PartnerArchived(_("The customer {code} is archived.").format(code=cust.code), "customer", cust.code)
    ref = channel_ref.strip() if channel_ref and channel_ref.strip() else None
    if ref:
        taken = uow.s.scalars(select(SalesOrder.number).where(SalesOrder.channel == chan.value,
                                                              SalesOrder.channel_ref == ref)).first()
        if taken:
            raise Refused(_("The {channel} order {ref} is already {taken}.").format(
                channel=chan.value, ref=ref, taken=taken))
    day = order_date or uow.today
    priced, totals = _priced_lines(uow, day, lines)  # every read and check before the number is taken
    o = SalesOrder(number=next_number(uow, "SO", day.year), order_date=day, customer_id=cust.id, channel=chan.value,
                   channel_ref=ref, status=OrderStatus.DRAFT.value,
                   delivery_address=(delivery_address if delivery_address is not None else cust.address)[:500],
                   notes=notes, created_at=uow.now, created_by=uow.actor_name)
    o.net_total, o.vat_total, o.total = totals
    uow.s.add(o)
    uow.s.flush()
    _insert_lines(uow, o, priced)
    uow.audit("order.create", "order", o.number, after={
        "customer": cust.code, "channel": chan.value, "channel_ref": ref, "total": money_text(uow, o.total),
        "lines": [(ln.sku, ln.qty) for ln in lines]})
    return ActResult(o.number, o.status)


def _priced_lines(uow: UnitOfWork, day: date, lines: Sequence[LineInput]) -> tuple[list[dict], tuple[int, int, int]]:
    """The order lines' columns (but the order's id) and the totals (net, VAT, gross), checked and priced."""
    net_total = vat_total = total = 0
    priced = []
    for i, ln in enumerate(lines, start=1):
        if not 0 <= ln.discount_bp <= 10000:
            raise InvalidInput(_("Line {i}: a discount is between 0 and 100%.").format(i=i))
        p = find_product(uow, ln.sku)
        if not p.active:
            raise Refused(_("{sku} is archived and cannot be sold.").format(sku=p.sku))
        if p.kind == ProductKind.CONSUMABLE.value:
            raise Refused(_("{sku} is an office consumable; it is bought, not sold.").format(sku=p.sku))
        qty = stored_qty(uow, p, ln.qty, what=_("Line {n}").format(n=i))
        price = p.sale_price if ln.unit_price is None else ln.unit_price
        if price < 0:
            raise InvalidInput(_("Line {i}: the price cannot be negative.").format(i=i))
        rate = sale_rate(uow, p, day)  # at the order date; the shipment's day decides in the end
        net, vat, gross = price_line(p, qty, check_amount(price, f"Line {i}"), ln.discount_bp, rate,
                                     unit_decimals(uow, p))
        check_amount(gross, f"Line {i}")
        priced.append({"line_no": i, "product_id": p.id, "qty": qty, "unit_price": price,
                       "discount_bp": ln.discount_bp, "vat_rate": rate, "net": net, "vat": vat, "gross": gross})
        net_total, vat_total, total = net_total + net, vat_total + vat, total + gross
    return priced, (net_total, vat_total, total)


def _insert_lines(uow: UnitOfWork, o: SalesOrder, priced: list[dict]) -> None:
    for row in priced:
        uow.s.add(OrderLine(order_id=o.id, **row))
    uow.s.flush()


def _add_lines(uow: UnitOfWork, o: SalesOrder, lines: Sequence[LineInput]) -> None:
    priced, (o.net_total, o.vat_total, o.total) = _priced_lines(uow, o.order_date, lines)
    _insert_lines(uow, o, priced)


def editable(uow: UnitOfWork, number: str, lines: Sequence[LineInput], expected_version: int | None) -> SalesOrder:
    """Every check of replacing ``number``'s lines but the lines' own (the act and its plan share it): the order."""
    uow.require(EDIT)
    o = order_by_number(uow, number, lock=True)
    EDIT.check(o.number, o.status)
    if expected_version is not None and o.version != expected_version:
        raise Refused(_("{number} was changed by someone else meanwhile; reload it and try again.").format(
            number=o.number))
    if not lines:
        raise InvalidInput(_("An order needs at least one line."))
    return o


def replace_lines(uow: UnitOfWork, number: str, lines: Sequence[LineInput], *,
                  expected_version: int | None = None) -> ActResult:
    """Change the lines of a draft order."""
    o = editable(uow, number, lines, expected_version)
    for line, __ in order_lines(uow, o):
        uow.s.delete(line)
    uow.s.flush()
    _add_lines(uow, o, lines)
    flag_modified(o, "total")  # new lines are a new version, even when the totals come out the same
    uow.s.flush()
    uow.audit("order.edit", "order", o.number, after={"lines": [(ln.sku, ln.qty) for ln in lines],
                                                      "total": money_text(uow, o.total)})
    return ActResult(o.number, o.status)


# -- confirm -------------------------------------------------------------------------------

def confirming(uow: UnitOfWork, number: str, warehouse: str | None = None, backorder: bool = False):
    """Every check of confirming ``number``, nothing written (the act and its plan share it): the order,
    the warehouse, its lines, (line, product, quantity) to reserve by product, whether on backorder."""
    uow.require(CONFIRM)
    o = order_by_number(uow, number, lock=True)
    CONFIRM.check(o.number, o.status)
    w = find_warehouse(uow, warehouse)
    if not w.active:
        raise Refused(_("The warehouse {code} is closed.").format(code=w.code))
    lines = order_lines(uow, o)
    for __, p in lines:
        if not p.active:
            raise Refused(_("Cannot confirm {number}: {sku} is archived.").format(number=o.number, sku=p.sku))
    goods = [(ln, p) for ln, p in lines if p.kind == ProductKind.GOODS.value]
    need: dict[int, int] = {}
    for ln, p in goods:
        need[p.id] = need.get(p.id, 0) + ln.qty
    available = available_in(uow, w, list(need))
    short = [(p, available.get(p.id, 0), need[p.id]) for __, p in goods if available.get(p.id, 0) < need[p.id]]
    short = list({p.id: (p, a, n) for p, a, n in short}.values())
    if short and not backorder:
        parts = "; ".join(_("{sku} has {available} available, {needed} needed").format(
            sku=p.sku, available=qty_shown(uow, p, a), needed=qty_shown(uow, p, n)) for p, a, n in short)
        raise Refused(_("Cannot confirm {number}: {parts}.").format(number=o.number, parts=parts))
    takes, left = [], dict(available)
    for ln, p in sorted(goods, key=lambda lp: lp[1].id):
        if (take := min(ln.qty, max(left.get(p.id, 0), 0))) > 0:
            takes.append((ln, p, take))
            left[p.id] -= take
    return o, w, lines, takes, bool(short)


def confirm_order(uow: UnitOfWork, number: str, *, warehouse: str | None = None, backorder: bool = False) -> ActResult:
    """Reserve every stocked line in one warehouse; refused if short unless ``backorder``."""
    o, w, __, takes, short = confirming(uow, number, warehouse, backorder)
    for ln, p, take in takes:
        stock.reserve(uow, p, w, take, source_kind="order", source_ref=o.number, source_line=ln.line_no)
    before = o.status
    o.status = OrderStatus.CONFIRMED.value
    o.warehouse_id = w.id
    o.backorder = short
    uow.s.flush()
    audit_act(uow, "confirm", o, before, warehouse=w.code, backorder=o.backorder)
    return ActResult(o.number, o.status)


def available_in(uow: UnitOfWork, w: Warehouse, product_ids: list[int]) -> dict[int, int]:
    """Available (on hand less reserved) per product in a warehouse."""
    global _AVAILABLE
    if not product_ids:
        return {}
    if _AVAILABLE is None:
        from boclerk.domain.stock import StockLevel

        _AVAILABLE = select(StockLevel.product_id, StockLevel.on_hand - StockLevel.reserved).where(
            StockLevel.warehouse_id == bindparam("warehouse_id"),
            StockLevel.product_id.in_(bindparam("product_ids", expanding=True)))
    rows = uow.s.execute(_AVAILABLE, {"warehouse_id": w.id, "product_ids": list(product_ids)}).all()
    return {pid: avail for pid, avail in rows}


_AVAILABLE = None  # built at its first use (the stock tables' module is imported then)


# -- pay, refund -----------------------------------------------------------------------------

def amount_due(uow: UnitOfWork, o: SalesOrder) -> int:
    """What is left to pay on the order (after returns): the rule the app asks before it offers Pay."""
    return order_due(uow, o.id, o.total, o.paid)


def payment_method(method: str) -> PayMethod:
    """The payment method ``method`` names (any case, spaces around), or the refusal that says which there are."""
    try:
        return PayMethod(method.strip().lower())
    except ValueError:
        raise InvalidInput(_("'{method}' is not a payment method; choose {codes}.").format(
            method=method, codes=choices(("bank", "card", "cash"), PAY_WORDS))) from None


def pay_order(uow: UnitOfWork, number: str, amount: int, *, method: str = "bank", reference: str = "",
              paid_on: date | None = None) -> ActResult:
    """Money in, in full or in part: clears receivables first, the rest is an advance.

    ``paid_on`` is the day the money arrived (a bank statement's booking date); default today.
    """
    uow.require(PAY)
    pm = payment_method(method)
    if not isinstance(amount, int) or amount <= 0:
        raise InvalidInput(_("A payment needs a positive amount."))
    day = ledger.payment_day(uow, paid_on)
    o = order_by_number(uow, number, lock=True)
    PAY.check(o.number, o.status)
    due = amount_due(uow, o)
    if amount > due:
        raise Refused(_("{number} has {due} left to pay; {amount} is too much.").format(
            number=o.number, due=shown.money(uow, max(due, 0)), amount=shown.money(uow, amount)))
    lines = posting_rules.customer_payment(amount, method_account=pm.account_role,
                                           shipped_unpaid=o.invoiced - o.paid)
    staged = ledger.stage(uow, entry_date=day, memo=memos.payment(uow, o.number, pm.value), lines=lines,
                          source_kind="order", source_ref=o.number)
    uow.s.add(OrderPayment(order_id=o.id, paid_on=day, amount=amount, method=pm.value, reference=reference[:100],
                           entry_id=staged.id, created_by=uow.actor_name))
    o.paid += amount
    uow.s.flush()
    posted = ledger.finish(uow, staged)  # last: the rows every posting writer shares
    uow.audit("order.pay", "order", o.number, after={"amount": money_text(uow, amount), "method": pm.value,
                                                     "paid": money_text(uow, o.paid), "entry": posted.number})
    return ActResult(o.number, o.status, posted.number)


def refund_paid(uow: UnitOfWork, o: SalesOrder, amount: int, method: str | None) -> str | None:
    """Pay back up to the customer's credit on this order; returns the entry number."""
    credit = o.paid - o.invoiced
    amount = min(amount, credit)
    if amount <= 0:
        return None
    if method is None:
        last = uow.s.scalars(select(OrderPayment.method).where(OrderPayment.order_id == o.id, OrderPayment.amount > 0)
                             .order_by(OrderPayment.id.desc())).first()
        method = last or PayMethod.BANK.value
    pm = payment_method(method)
    staged = ledger.stage(uow, entry_date=uow.today, memo=memos.refund(uow, o.number, pm.value),
                          lines=posting_rules.customer_refund(amount, method_account=pm.account_role),
                          source_kind="order", source_ref=o.number)
    uow.s.add(OrderPayment(order_id=o.id, paid_on=uow.today, amount=-amount, method=pm.value, entry_id=staged.id,
                           created_by=uow.actor_name))
    o.paid -= amount
    uow.s.flush()
    posted = ledger.finish(uow, staged)  # last: the rows every posting writer shares
    uow.audit("order.refund", "order", o.number, after={"amount": money_text(uow, amount), "method": pm.value,
                                                        "entry": posted.number})
    return posted.number


# -- cancel ----------------------------------------------------------------------------

def cancel_order(uow: UnitOfWork, number: str, *, refund_method: str | None = None) -> ActResult:
    """Release reservations and refund what was paid; only before anything has shipped."""
    uow.require(CANCEL)
    o = order_by_number(uow, number, lock=True)
    CANCEL.check(o.number, o.status)
    freed = stock.release(uow, o.number)
    refund = refund_paid(uow, o, o.paid, refund_method) if o.paid > 0 else None
    before = o.status
    o.status = OrderStatus.CANCELLED.value
    o.backorder = False
    uow.s.flush()
    audit_act(uow, "cancel", o, before, released=freed, refund_entry=refund)
    return ActResult(o.number, o.status, None, refund)


def refundable(uow: UnitOfWork, number: str, amount: int) -> SalesOrder:
    """Every check of refunding ``amount`` on ``number`` (the act and its plan share it): the order."""
    uow.require(REFUND)
    if not isinstance(amount, int) or amount <= 0:
        raise InvalidInput(_("A refund needs a positive amount."))
    o = order_by_number(uow, number, lock=True)
    REFUND.check(o.number, o.status)
    credit = o.paid - o.invoiced
    if amount > credit:
        raise Refused(_("{number} has {credit} to refund; {amount} is too much.").format(
            number=o.number, credit=shown.money(uow, max(credit, 0)), amount=shown.money(uow, amount)))
    return o


def refund_order(uow: UnitOfWork, number: str, amount: int, *, method: str | None = None) -> ActResult:
    """Pay back a customer's credit on an order (e.g. after a return without refund)."""
    o = refundable(uow, number, amount)
    entry = refund_paid(uow, o, amount, method)
    return ActResult(o.number, o.status, None, entry)


for _act, _name in ((create_order, "create"), (confirm_order, "confirm"), (pay_order, "pay"),
                    (cancel_order, "cancel")):  # planned outside the write lock when run (see order_plans)
    two_phase(_act, f"boclerk.services.sales.order_plans:{_name}")
for _act, _name in ((refund_order, "refund"), (replace_lines, "edit")):  # see later_plans
    two_phase(_act, f"boclerk.services.sales.later_plans:{_name}")
del _act, _name
