"""Creating, confirming, paying and cancelling an order in two phases (:func:`boclerk.db.uow.two_phase`).

Each ``prepare_*`` runs the reads and checks of its act in :mod:`.orders` (the same rule book
check, the same sentences) in a read unit and returns a plan of plain values; each ``apply_*``
writes the plan in a short write unit with a few Core statements, re-checking what the plan
relied on (:mod:`.plans`): the order's version and status, the products' and the customer's
versions, the VAT rates, the lock date, the stock still there to reserve. The rows, numbers,
audit events and hashes written are those of the one-phase act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, insert, select, update

from boclerk.db.phases import Stale
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Warehouse
from boclerk.domain.code_words import choices
from boclerk.domain.partners import Customer
from boclerk.domain.sales import OrderLine, OrderPayment, OrderStatus, SalesOrder
from boclerk.domain.sales_words import CHANNEL_WORDS
from boclerk.domain.stock import Reservation, StockLevel
from boclerk.errors import InvalidInput, PartnerArchived, Refused
from boclerk.i18n import _
from boclerk.services.catalog.partners import customer as find_customer
from boclerk.services.catalog.products import product as find_product
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.ledger.planned import (
    EntryPlan,
    finish_planned,
    plan_entry,
    recheck_entry,
    stage_planned,
)
from boclerk.services import shown
from boclerk.services.ledger.posting import take_number
from boclerk.services.sales import memos
from boclerk.services.sales import orders as so
from boclerk.services.sales.plans import (
    OrderSeen,
    move_order,
    order_seen,
    products_seen,
    rates_seen,
    recheck_day,
    recheck_products,
    recheck_rates,
)
from boclerk.services.stock import book as stock

_ORDER, _LINE, _PAY = SalesOrder.__table__, OrderLine.__table__, OrderPayment.__table__
_LEVEL, _RES, _CUSTOMER = StockLevel.__table__, Reservation.__table__, Customer.__table__
#: Built once: applying a plan compiles nothing.
_CUSTOMER_VERSION = select(_CUSTOMER.c.version).where(_CUSTOMER.c.id == bindparam("id"))
_INSERT_ORDER, _INSERT_LINES, _INSERT_PAY, _INSERT_RES = insert(_ORDER), insert(_LINE), insert(_PAY), insert(_RES)
_RESERVE = update(_LEVEL).where(
    _LEVEL.c.product_id == bindparam("pid"), _LEVEL.c.warehouse_id == bindparam("wid"),
    _LEVEL.c.on_hand - _LEVEL.c.reserved >= bindparam("qty")).values(reserved=_LEVEL.c.reserved + bindparam("qty"))
_UNRESERVE = update(_LEVEL).where(
    _LEVEL.c.product_id == bindparam("pid"), _LEVEL.c.warehouse_id == bindparam("wid")).values(
    reserved=_LEVEL.c.reserved - bindparam("qty"))
_WAREHOUSE_OPEN = select(Warehouse.__table__.c.active).where(Warehouse.__table__.c.id == bindparam("id"))
_RELEASE = update(_RES).where(_RES.c.id == bindparam("rid"), _RES.c.qty == bindparam("held"),
                              _RES.c.active.is_(True)).values(qty=0, active=False)


# -- create -----------------------------------------------------------------------------------

@dataclass
class CreatePlan:
    day: date
    customer: tuple[int, int]  # id, version
    order: dict
    lines: list[dict]
    products: tuple
    rates: tuple
    audit_after: dict


def prepare_create(uow: UnitOfWork, customer_code: str, lines: Sequence[so.LineInput], *,
                   channel: str = "website", channel_ref: str | None = None, delivery_address: str | None = None,
                   notes: str = "", order_date: date | None = None) -> CreatePlan:
    uow.require(so.NEW)
    if not lines:
        raise InvalidInput(_("An order needs at least one line."))
    try:
        chan = so.Channel(channel.strip().lower())
    except ValueError:
        raise InvalidInput(_("'{channel}' is not a channel; choose {codes}.").format(
            channel=channel, codes=choices((c.value for c in so.Channel), CHANNEL_WORDS))) from None
    cust = find_customer(uow, customer_code)
    if not cust.active:
        raise PartnerArchived(_("The customer {code} is archived.").format(code=cust.code), "customer", cust.code)
    ref = channel_ref.strip() if channel_ref and channel_ref.strip() else None
    if ref:
        _refuse_taken_ref(uow, chan.value, ref)
    day = order_date or uow.today
    priced, (net, vat, total) = so._priced_lines(uow, day, lines)
    products = [find_product(uow, ln.sku) for ln in lines]
    return CreatePlan(
        day=uow.today, customer=(cust.id, cust.version),
        order={"order_date": day, "customer_id": cust.id, "channel": chan.value, "channel_ref": ref,
               "status": OrderStatus.DRAFT.value, "warehouse_id": None, "backorder": False, "historical": False,
               "delivery_address": (delivery_address if delivery_address is not None else cust.address)[:500],
               "notes": notes, "net_total": net, "vat_total": vat, "total": total, "invoiced": 0, "paid": 0,
               "shipped_on": None, "version": 1},
        lines=priced, products=products_seen(uow, products), rates=rates_seen(uow),
        audit_after={"customer": cust.code, "channel": chan.value, "channel_ref": ref,
                     "total": so.money_text(uow, total), "lines": [(ln.sku, ln.qty) for ln in lines]})


def _refuse_taken_ref(uow: UnitOfWork, channel: str, ref: str) -> None:
    taken = uow.s.execute(select(_ORDER.c.number).where(_ORDER.c.channel == channel, _ORDER.c.channel_ref == ref)
                          ).scalars().first()
    if taken:
        raise Refused(_("The {channel} order {ref} is already {taken}.").format(channel=channel, ref=ref, taken=taken))


def apply_create(uow: UnitOfWork, plan: CreatePlan) -> so.ActResult:
    uow.require(so.NEW)
    recheck_day(uow, plan.day)
    cust_id, cust_version = plan.customer
    if uow.s.execute(_CUSTOMER_VERSION, {"id": cust_id}).scalar() != cust_version:
        raise Stale
    recheck_products(uow, plan.products)
    recheck_rates(uow, plan.rates)
    if plan.order["channel_ref"]:
        _refuse_taken_ref(uow, plan.order["channel"], plan.order["channel_ref"])
    number = take_number(uow, "SO", plan.order["order_date"].year)
    order_id = uow.s.execute(_INSERT_ORDER, {
        "number": number, "created_at": uow.now, "created_by": uow.actor_name, **plan.order}).inserted_primary_key[0]
    uow.s.execute(_INSERT_LINES, [{"order_id": order_id, "qty_shipped": 0, "qty_returned": 0, "cost_shipped": 0,
                                   "cost_returned": 0, **row} for row in plan.lines])
    uow.audit("order.create", "order", number, after=plan.audit_after)
    return so.ActResult(number, OrderStatus.DRAFT.value)


# -- confirm ----------------------------------------------------------------------------------

@dataclass
class ConfirmPlan:
    order: OrderSeen
    warehouse_id: int
    warehouse_code: str
    backorder: bool
    products: tuple
    #: (product id, line no, qty) to reserve, in product order
    reserve: list[tuple[int, int, int]] = field(default_factory=list)


def prepare_confirm(uow: UnitOfWork, number: str, *, warehouse: str | None = None,
                    backorder: bool = False) -> ConfirmPlan:
    o, w, lines, takes, short = so.confirming(uow, number, warehouse, backorder)
    plan = ConfirmPlan(order_seen(o), w.id, w.code, short, products_seen(uow, [p for __, p in lines]))
    plan.reserve = [(p.id, ln.line_no, take) for ln, p, take in takes]
    return plan


def apply_confirm(uow: UnitOfWork, plan: ConfirmPlan) -> so.ActResult:
    uow.require(so.CONFIRM)
    seen = plan.order
    move_order(uow, seen, status=OrderStatus.CONFIRMED.value, warehouse_id=plan.warehouse_id,
               backorder=plan.backorder)
    recheck_products(uow, plan.products)
    if not uow.s.execute(_WAREHOUSE_OPEN, {"id": plan.warehouse_id}).scalar():
        raise Stale  # closed meanwhile: planned again, and refused with the sentence
    for pid, line_no, qty in plan.reserve:  # as stock.reserve: only what is still available
        done = uow.s.execute(_RESERVE, {"pid": pid, "wid": plan.warehouse_id, "qty": qty})
        if done.rowcount != 1:
            raise Stale
    if plan.reserve:
        uow.s.execute(_INSERT_RES, [
            {"product_id": pid, "warehouse_id": plan.warehouse_id, "source_kind": "order", "source_ref": seen.number,
             "source_line": line_no, "qty": qty, "active": True, "created_at": uow.now}
            for pid, line_no, qty in plan.reserve])
    uow.audit("order.confirm", "order", seen.number, before={"status": seen.status}, after={
        "status": OrderStatus.CONFIRMED.value, "warehouse": plan.warehouse_code, "backorder": plan.backorder})
    return so.ActResult(seen.number, OrderStatus.CONFIRMED.value)


# -- pay, refund ------------------------------------------------------------------------------

@dataclass
class MoneyPlan:
    """A payment (amount > 0) or a refund (amount < 0) with its entry."""

    amount: int
    method: str
    day: date
    reference: str
    entry: EntryPlan | None
    audit_after: dict


@dataclass
class PayPlan:
    today: date
    order: OrderSeen
    money: MoneyPlan


def prepare_pay(uow: UnitOfWork, number: str, amount: int, *, method: str = "bank", reference: str = "",
                paid_on: date | None = None) -> PayPlan:
    uow.require(so.PAY)
    pm = so.payment_method(method)
    if not isinstance(amount, int) or amount <= 0:
        raise InvalidInput(_("A payment needs a positive amount."))
    day = ledger.payment_day(uow, paid_on)
    o = so.order_by_number(uow, number, lock=True)
    so.PAY.check(o.number, o.status)
    due = so.amount_due(uow, o)
    if amount > due:
        raise Refused(_("{number} has {due} left to pay; {amount} is too much.").format(
            number=o.number, due=shown.money(uow, max(due, 0)), amount=shown.money(uow, amount)))
    lines = posting_rules.customer_payment(amount, method_account=pm.account_role, shipped_unpaid=o.invoiced - o.paid)
    entry = plan_entry(uow, entry_date=day, memo=memos.payment(uow, o.number, pm.value), lines=lines,
                       source_kind="order", source_ref=o.number)
    return PayPlan(uow.today, order_seen(o), MoneyPlan(amount, pm.value, day, reference[:100], entry, {
        "amount": so.money_text(uow, amount), "method": pm.value, "paid": so.money_text(uow, o.paid + amount)}))


def write_money(uow: UnitOfWork, seen: OrderSeen, money: MoneyPlan) -> str | None:
    """The entry (staged first, finished last) and the payment row; returns the entry's number."""
    if money.entry is None:
        raise Stale  # amounts are never zero here; a plan without its entry is not one to apply
    recheck_entry(uow, money.entry)
    entry_id = stage_planned(uow, money.entry)
    uow.s.execute(_INSERT_PAY, {"order_id": seen.id, "paid_on": money.day, "amount": money.amount,
                                "method": money.method, "reference": money.reference, "entry_id": entry_id,
                                "created_by": uow.actor_name})
    return finish_planned(uow, money.entry, entry_id).number


def apply_pay(uow: UnitOfWork, plan: PayPlan) -> so.ActResult:
    uow.require(so.PAY)
    seen, money = plan.order, plan.money
    recheck_day(uow, plan.today)
    move_order(uow, seen, add={"paid": money.amount})
    posted = write_money(uow, seen, money)
    uow.audit("order.pay", "order", seen.number, after={**money.audit_after, "entry": posted})
    return so.ActResult(seen.number, seen.status, posted)


# -- cancel -----------------------------------------------------------------------------------

@dataclass
class CancelPlan:
    day: date
    order: OrderSeen
    #: (reservation id, product id, warehouse id, qty)
    reservations: list[tuple[int, int, int, int]]
    refund: MoneyPlan | None


def prepare_cancel(uow: UnitOfWork, number: str, *, refund_method: str | None = None) -> CancelPlan:
    uow.require(so.CANCEL)
    o = so.order_by_number(uow, number, lock=True)
    so.CANCEL.check(o.number, o.status)
    held = uow.s.execute(select(_RES.c.id, _RES.c.product_id, _RES.c.warehouse_id, _RES.c.qty).where(
        _RES.c.source_ref == o.number, _RES.c.active.is_(True)).order_by(_RES.c.product_id)).all()
    amount = min(o.paid, o.paid - o.invoiced) if o.paid > 0 else 0
    refund = plan_refund(uow, o, amount, refund_method) if amount > 0 else None
    return CancelPlan(uow.today, order_seen(o), [tuple(r) for r in held], refund)


def plan_refund(uow: UnitOfWork, o: SalesOrder, amount: int, method: str | None) -> MoneyPlan:
    """Paying ``amount`` back on ``o`` (more than 0, at most its credit), as :func:`so.refund_paid` does it:
    by the method given, else the last payment's, else by bank."""
    if method is None:
        last = uow.s.scalars(select(OrderPayment.method).where(
            OrderPayment.order_id == o.id, OrderPayment.amount > 0).order_by(OrderPayment.id.desc())).first()
        method = last or so.PayMethod.BANK.value
    pm = so.payment_method(method)
    entry = plan_entry(uow, entry_date=uow.today, memo=memos.refund(uow, o.number, pm.value),
                       lines=posting_rules.customer_refund(amount, method_account=pm.account_role),
                       source_kind="order", source_ref=o.number)
    return MoneyPlan(-amount, pm.value, uow.today, "", entry, {"amount": so.money_text(uow, amount), "method": pm.value})


def apply_cancel(uow: UnitOfWork, plan: CancelPlan) -> so.ActResult:
    uow.require(so.CANCEL)
    recheck_day(uow, plan.day)
    seen = plan.order
    values = {"status": OrderStatus.CANCELLED.value, "backorder": False}
    if plan.refund is not None:  # the refund is saved first, then the cancelling: two versions
        values.update(add={"paid": plan.refund.amount}, versions=2)
    move_order(uow, seen, **values)
    freed = 0
    for res_id, pid, wid, qty in plan.reservations:  # as stock.release
        uow.s.execute(_UNRESERVE, {"pid": pid, "wid": wid, "qty": qty})
        done = uow.s.execute(_RELEASE, {"rid": res_id, "held": qty})
        if done.rowcount != 1:
            raise Stale
        freed += qty
    refund = None
    if plan.refund is not None:
        refund = write_money(uow, seen, plan.refund)
        uow.audit("order.refund", "order", seen.number, after={**plan.refund.audit_after, "entry": refund})
    uow.audit("order.cancel", "order", seen.number, before={"status": seen.status}, after={
        "status": OrderStatus.CANCELLED.value, "released": freed, "refund_entry": refund})
    return so.ActResult(seen.number, OrderStatus.CANCELLED.value, None, refund)

