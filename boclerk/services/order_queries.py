"""Reading orders: the list (a page at a time, by key) and one order in full."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, Warehouse
from boclerk.domain.ledger import JournalEntry
from boclerk.domain.partners import Customer
from boclerk.domain.permissions import Perm
from boclerk.domain.sales import OrderLine, OrderPayment, OrderStatus, SalesOrder, Shipment
from boclerk.domain.stock import Reservation
from boclerk.errors import InvalidInput
from boclerk.services.audit import AuditRow, history
from boclerk.services.orders import amount_due, order_by_number
from boclerk.services.rows import money_field


@dataclass(frozen=True)
class OrderRow:
    id: int
    number: str
    order_date: date
    customer: str
    customer_name: str
    channel: str
    channel_ref: str | None
    status: str
    backorder: bool
    total: int = money_field()
    paid: int = money_field()
    invoiced: int = money_field()


@dataclass(frozen=True)
class OrderLineRow:
    line_no: int
    sku: str
    name: str
    kind: str
    qty: int
    shipped: int
    returned: int
    reserved: int
    discount_percent: str
    vat_rate: int
    unit_price: int = money_field()
    net: int = money_field()
    vat: int = money_field()
    gross: int = money_field()


@dataclass(frozen=True)
class PaymentRow:
    paid_on: date
    method: str
    reference: str
    entry: str | None
    amount: int = money_field()


@dataclass(frozen=True)
class ShipmentRow:
    kind: str
    day: date
    damaged: bool
    entry: str | None
    net: int = money_field()
    vat: int = money_field()
    cost: int = money_field()


@dataclass(frozen=True)
class OrderDetail:
    number: str
    order_date: date
    status: str
    backorder: bool
    historical: bool
    customer: str
    customer_name: str
    channel: str
    channel_ref: str | None
    warehouse: str | None
    delivery_address: str
    notes: str
    created_by: str
    created_at: datetime
    version: int
    lines: list[OrderLineRow]
    payments: list[PaymentRow]
    shipments: list[ShipmentRow]
    history: list[AuditRow] = field(default_factory=list)
    net_total: int = money_field(default=0)
    vat_total: int = money_field(default=0)
    total: int = money_field(default=0)
    paid: int = money_field(default=0)
    invoiced: int = money_field(default=0)
    due: int = money_field(default=0)


SORTS = {"number": SalesOrder.id, "date": SalesOrder.order_date}


def list_orders(
    uow: UnitOfWork, *, status: str | None = None, customer: str | None = None, channel: str | None = None,
    start: date | None = None, end: date | None = None, backorder: bool | None = None,
    before_id: int | None = None, after_id: int | None = None, limit: int = 100,
) -> list[OrderRow]:
    """Orders newest first; page with ``before_id`` (older) or ``after_id`` (newer), by key."""
    uow.require(Perm.READ)
    o, c = SalesOrder, Customer
    stmt = select(o.id, o.number, o.order_date, c.code, c.name, o.channel, o.channel_ref, o.status, o.backorder,
                  o.total, o.paid, o.invoiced).join(c, c.id == o.customer_id)
    if status:
        if status == "open":
            stmt = stmt.where(o.status.in_([OrderStatus.CONFIRMED.value, OrderStatus.PARTIALLY_SHIPPED.value]))
        else:
            try:
                stmt = stmt.where(o.status == OrderStatus(status).value)
            except ValueError:
                raise InvalidInput(
                    f"'{status}' is not an order status; choose one of: "
                    f"{', '.join(s.value for s in OrderStatus)} or open."
                ) from None
    if customer:
        from boclerk.services.partners import customer as find_customer

        stmt = stmt.where(o.customer_id == find_customer(uow, customer).id)
    if channel:
        stmt = stmt.where(o.channel == channel.strip().lower())
    if start:
        stmt = stmt.where(o.order_date >= start)
    if end:
        stmt = stmt.where(o.order_date <= end)
    if backorder is not None:
        stmt = stmt.where(o.backorder.is_(backorder))
    if after_id is not None:
        stmt = stmt.where(o.id > after_id).order_by(o.id.asc()).limit(limit)
        rows = list(reversed(uow.s.execute(stmt).all()))
    else:
        if before_id is not None:
            stmt = stmt.where(o.id < before_id)
        rows = uow.s.execute(stmt.order_by(o.id.desc()).limit(limit)).all()
    return [OrderRow(*r) for r in rows]


def order_detail(uow: UnitOfWork, number: str) -> OrderDetail:
    uow.require(Perm.READ)
    o = order_by_number(uow, number)
    cust = uow.s.get(Customer, o.customer_id)
    reserved = dict(uow.s.execute(select(Reservation.source_line, Reservation.qty).where(
        Reservation.source_ref == o.number, Reservation.active.is_(True))).all())
    lines = [
        OrderLineRow(ln.line_no, p.sku, p.name, p.kind, ln.qty, ln.qty_shipped, ln.qty_returned,
                     reserved.get(ln.line_no, 0), f"{ln.discount_bp / 100:.2f}", ln.vat_rate, ln.unit_price,
                     ln.net, ln.vat, ln.gross)
        for ln, p in uow.s.execute(select(OrderLine, Product).join(Product, Product.id == OrderLine.product_id)
                                   .where(OrderLine.order_id == o.id).order_by(OrderLine.line_no)).tuples()
    ]
    payments = [PaymentRow(pay.paid_on, pay.method, pay.reference, number_, pay.amount)
                for pay, number_ in uow.s.execute(
                    select(OrderPayment, JournalEntry.number).outerjoin(JournalEntry, JournalEntry.id == OrderPayment.entry_id)
                    .where(OrderPayment.order_id == o.id).order_by(OrderPayment.id)).tuples()]
    shipments = [ShipmentRow(sh.kind, sh.day, sh.damaged, number_, sh.net, sh.vat, sh.cost)
                 for sh, number_ in uow.s.execute(
                     select(Shipment, JournalEntry.number).outerjoin(JournalEntry, JournalEntry.id == Shipment.entry_id)
                     .where(Shipment.order_id == o.id).order_by(Shipment.id)).tuples()]
    wh = uow.s.get(Warehouse, o.warehouse_id).code if o.warehouse_id else None
    return OrderDetail(
        o.number, o.order_date, o.status, o.backorder, o.historical, cust.code, cust.name, o.channel, o.channel_ref,
        wh, o.delivery_address, o.notes, o.created_by, o.created_at, o.version, lines, payments, shipments,
        history(uow, "order", o.number), o.net_total, o.vat_total, o.total, o.paid, o.invoiced,
        amount_due(uow, o),
    )
