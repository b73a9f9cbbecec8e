"""One order in full: lines, reservations, payments, shipments, history.

Plain SQL on the indexes (order number; order id in every child table), so that
``boclerk show order`` over SSH answers without loading the ORM schema. The app's
order detail uses the same function.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text
from boclerk.domain.permissions import Perm
from boclerk.errors import NotFound
from boclerk.i18n import _
from boclerk.quantity import to_units
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str
    action: str
    before: object
    after: object


@dataclass(frozen=True)
class OrderLineRow:
    line_no: int
    sku: str
    name: str
    kind: str
    qty: Decimal  # quantities in the product's unit
    shipped: Decimal
    returned: Decimal
    reserved: Decimal
    discount_percent: str
    vat_rate: int | None  # None: без НДС
    unit: str
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
    history: list[HistoryRow] = field(default_factory=list)
    net_total: int = money_field(default=0)
    vat_total: int = money_field(default=0)
    total: int = money_field(default=0)
    paid: int = money_field(default=0)
    invoiced: int = money_field(default=0)
    due: int = money_field(default=0)


def _moment(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


@core_only
def order_detail(uow: UnitOfWork, number: str) -> OrderDetail:
    uow.require(Perm.READ)
    number = number.strip().upper()
    q = lambda sql, **p: uow.s.execute(text(sql), p)  # noqa: E731
    o = q("SELECT o.*, c.code AS customer_code, c.name AS customer_name, w.code AS warehouse_code "
          "FROM sales_order o JOIN customer c ON c.id = o.customer_id "
          "LEFT JOIN warehouse w ON w.id = o.warehouse_id WHERE o.number = :n", n=number).first()
    if o is None:
        raise NotFound(_("There is no order {number}.").format(number=number))
    reserved = {line: qty for line, qty in q(
        "SELECT source_line, qty FROM reservation WHERE source_ref = :n AND active", n=number)}
    lines = [
        OrderLineRow(r.line_no, r.sku, r.name, r.kind, to_units(r.qty, r.decimals), to_units(r.qty_shipped, r.decimals),
                     to_units(r.qty_returned, r.decimals), to_units(reserved.get(r.line_no, 0), r.decimals),
                     f"{r.discount_bp / 100:.2f}", r.vat_rate, r.unit, r.unit_price, r.net, r.vat, r.gross)
        for r in q("SELECT l.*, p.sku, p.name, p.kind, p.unit, u.decimals FROM order_line l "
                   "JOIN product p ON p.id = l.product_id JOIN unit u ON u.code = p.unit "
                   "WHERE l.order_id = :o ORDER BY l.line_no", o=o.id)
    ]
    payments = [PaymentRow(as_date(r.paid_on), r.method, r.reference, r.number, r.amount) for r in q(
        "SELECT p.paid_on, p.method, p.reference, p.amount, e.number FROM order_payment p "
        "LEFT JOIN journal_entry e ON e.id = p.entry_id WHERE p.order_id = :o ORDER BY p.id", o=o.id)]
    shipments = [ShipmentRow(r.kind, as_date(r.day), bool(r.damaged), r.number, r.net, r.vat, r.cost) for r in q(
        "SELECT s.kind, s.day, s.damaged, s.net, s.vat, s.cost, e.number FROM shipment s "
        "LEFT JOIN journal_entry e ON e.id = s.entry_id WHERE s.order_id = :o ORDER BY s.id", o=o.id)]
    history = [HistoryRow(_moment(r.at), r.actor, r.action, json.loads(r.before) if r.before else None,
                          json.loads(r.after) if r.after else None) for r in q(
        "SELECT at, actor, action, before, after FROM audit_event WHERE entity = 'order' AND entity_id = :n "
        "ORDER BY id", n=number)]
    returned = sum(s.net + s.vat for s in shipments if s.kind == "return")
    return OrderDetail(
        o.number, as_date(o.order_date), o.status, bool(o.backorder), bool(o.historical), o.customer_code,
        o.customer_name, o.channel, o.channel_ref, o.warehouse_code, o.delivery_address, o.notes, o.created_by,
        _moment(o.created_at), o.version, lines, payments, shipments, history, o.net_total, o.vat_total, o.total,
        o.paid, o.invoiced, o.total - returned - o.paid,
    )
