"""``boclerk shop statuses``: what became of the website's orders, told back to the site.

For every web order whose state changed since it was last told (confirmed, shipped with its
date, delivered, cancelled, paid with the date of the last payment), one CommerceML
"Заказ товара" with the site's Ид and number and the state in ЗначенияРеквизитов, in the
names the sites' 1C importers read (1C-Bitrix: Проведен, Отменен, Дата оплаты по 1С, Номер
and Дата отгрузки по 1С, Финальный статус). A draft nobody has touched is not sent: the site
already knows it as accepted.

Like the catalogue, the document is planned in a read unit (:func:`plan_statuses`) and what
was told is recorded when the file is published (:func:`record_statuses`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.partners import Customer, CustomerKind
from boclerk.domain.sales import OrderPayment, OrderStatus, SalesOrder
from boclerk.domain.storefront import Direction, ShopExchange, ShopOrder
from boclerk.formats import commerceml as cml
from boclerk.money import to_decimal

EXPORT = act("exchange.shop_export")

#: how a state reads on the site
STATUS_WORDS = {
    OrderStatus.DRAFT.value: "Принят",
    OrderStatus.CONFIRMED.value: "Подтвержден",
    OrderStatus.PARTIALLY_SHIPPED.value: "Частично отгружен",
    OrderStatus.SHIPPED.value: "Отгружен",
    OrderStatus.DELIVERED.value: "Доставлен",
    OrderStatus.CANCELLED.value: "Отменен",
}
FINAL = {OrderStatus.DELIVERED.value, OrderStatus.CANCELLED.value}


@dataclass(frozen=True)
class OrderState:
    order: str
    site_number: str
    status: str
    shipped_on: date | None
    paid: bool
    paid_on: date | None

    @property
    def text(self) -> str:
        """The state as stored once told (compared to know whether it changed)."""
        return f"{self.status}|{self.shipped_on or ''}|{int(self.paid)}|{self.paid_on or ''}"


@dataclass
class StatusPlan:
    xml: bytes
    states: dict[int, OrderState] = field(default_factory=dict)  # order id -> state told

    @property
    def count(self) -> int:
        return len(self.states)


def _yes(flag: bool) -> str:
    return "true" if flag else "false"


def _stamp(day: date | None) -> str:
    return f"{day.isoformat()} 00:00:00" if day else ""


def plan_statuses(uow: UnitOfWork) -> StatusPlan:
    """The orders document of every web order whose state changed since it was last told (read unit)."""
    uow.require(EXPORT)
    last_paid = (select(OrderPayment.order_id, func.max(OrderPayment.paid_on).label("paid_on"))
                 .group_by(OrderPayment.order_id).subquery())
    rows = uow.s.execute(
        select(SalesOrder, ShopOrder, Customer.name, Customer.kind, last_paid.c.paid_on)
        .join(ShopOrder, ShopOrder.order_id == SalesOrder.id)
        .join(Customer, Customer.id == SalesOrder.customer_id)
        .outerjoin(last_paid, last_paid.c.order_id == SalesOrder.id)
        .order_by(SalesOrder.id)).all()
    currency = uow.currency
    docs: list[cml.StatusDocument] = []
    states: dict[int, OrderState] = {}
    for o, site, buyer, kind, paid_on in rows:
        paid = o.total > 0 and o.paid >= o.total
        state = OrderState(o.number, o.channel_ref or site.site_id, o.status, o.shipped_on, paid,
                           paid_on if paid else None)
        if state.text == site.sent_state:
            continue
        if not site.sent_state and o.status == OrderStatus.DRAFT.value and not paid:
            continue  # the site knows it as accepted already
        shipped = o.status in (OrderStatus.SHIPPED.value, OrderStatus.DELIVERED.value,
                               OrderStatus.PARTIALLY_SHIPPED.value)
        requisites = [
            ("Статус заказа", STATUS_WORDS.get(o.status, o.status)),
            ("Номер по 1С", o.number),
            ("Проведен", _yes(o.status not in (OrderStatus.DRAFT.value, OrderStatus.CANCELLED.value))),
            ("Отменен", _yes(o.status == OrderStatus.CANCELLED.value)),
            ("Заказ оплачен", _yes(paid)),
        ]
        if paid:
            requisites.append(("Дата оплаты по 1С", _stamp(state.paid_on)))
        if shipped and o.shipped_on:
            requisites += [("Номер отгрузки по 1С", o.number), ("Дата отгрузки по 1С", _stamp(o.shipped_on))]
        requisites.append(("Финальный статус", _yes(o.status in FINAL)))
        docs.append(cml.StatusDocument(
            id=site.site_id, number=state.site_number, day=o.order_date, currency=currency,
            total=to_decimal(o.total, currency), buyer=buyer, buyer_is_company=kind == CustomerKind.ORGANISATION.value,
            requisites=tuple(requisites)))
        states[o.id] = state
    out = io.BytesIO()
    cml.write_statuses(out, docs, uow.now.astimezone())
    return StatusPlan(out.getvalue(), states)


def record_statuses(uow: UnitOfWork, plan: StatusPlan, publish: Callable[[], None]) -> int:
    """Remember what ``plan`` told the site, then ``publish`` its file (a write unit)."""
    uow.require(EXPORT)
    for order_id, state in plan.states.items():
        row = uow.s.get(ShopOrder, order_id)
        row.sent_state = state.text
    uow.s.add(ShopExchange(direction=Direction.STATUSES.value, at=uow.now, actor=uow.actor_name,
                           orders_updated=plan.count))
    uow.audit("shop.statuses", "shop_exchange", Direction.STATUSES.value,
              after={"orders": {s.order: s.text for s in plan.states.values()}})
    uow.s.flush()
    publish()
    return plan.count
