"""Reading orders: the list (a page at a time, by key) and one order in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.partners import Customer
from boclerk.domain.permissions import Perm
from boclerk.domain.sales import OrderStatus, SalesOrder
from boclerk.errors import InvalidInput
from boclerk.services.order_view import OrderDetail, order_detail  # noqa: F401  (one order in full)
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


SORTS = {"number": SalesOrder.id, "date": SalesOrder.order_date}


def list_orders(
    uow: UnitOfWork, *, status: str | None = None, customer: str | None = None, channel: str | None = None,
    start: date | None = None, end: date | None = None, backorder: bool | None = None,
    search: str | None = None, before_id: int | None = None, after_id: int | None = None, limit: int = 100,
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
    if search and search.strip():
        stmt = stmt.where(_search_condition(uow, search.strip()))
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


def _search_condition(uow: UnitOfWork, term: str):
    """Orders whose number, channel reference or customer (name, email, phone) matches."""
    from sqlalchemy import or_

    from boclerk.services.lookup import matching_customers

    o = SalesOrder
    conds = [o.number == term.upper(), o.channel_ref == term]
    if term.upper().startswith("SO-"):
        conds.append(o.number.like(f"{term.upper()}%"))
    ids = [c.id for c, _ in matching_customers(uow, term, 200)]
    if ids:
        conds.append(o.customer_id.in_(ids))
    return or_(*conds)
