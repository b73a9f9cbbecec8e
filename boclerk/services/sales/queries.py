"""Reading orders: the list, a page at a time by key (one order in full: order_view).

Plain SQL on the order indexes (status, customer, date, each with id), so the app's
Orders list answers without loading the ORM schema first (``core_only``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import plain_sql, text
from boclerk.domain.code_words import choices
from boclerk.domain.permissions import Perm
from boclerk.domain.state_words import state_word
from boclerk.errors import InvalidInput, NotFound
from boclerk.i18n import _
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork
    from boclerk.services.sales.view import OrderDetail, order_detail  # noqa: F401


def __getattr__(name: str):
    """One order in full (``order_detail``, ``OrderDetail``) lives in boclerk.services.sales.view
    and is loaded when first asked for here: the Orders list reads its first page in a thread
    while the screen is built on the main thread, and view's five dataclasses (some 8 ms to
    define, taken from the main thread as the two share the interpreter) are not part of it."""
    if name in ("order_detail", "OrderDetail"):
        from boclerk.services.sales import view

        return getattr(view, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


STATUSES = ("draft", "confirmed", "partially_shipped", "shipped", "delivered", "cancelled")
#: boclerk.domain.sales.Channel's values (that module loads SQLModel, which a plain read does without)
CHANNELS = ("website", "marketplace", "phone", "shop")


def _status(code: str) -> str:
    """A status an order list may be asked for, in words ("open": confirmed or partially shipped)."""
    return _("confirmed or partially shipped") if code == "open" else state_word(code)


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


def order_filters(uow: UnitOfWork, params: dict, *, status: str | None = None, customer: str | None = None,
                  channel: str | None = None, start: date | None = None, end: date | None = None,
                  backorder: bool | None = None) -> list[str]:
    """The conditions on ``sales_order o`` of the Orders list's filters (their values added to
    ``params``): what the list pages through and what its count counts."""
    where: list[str] = []
    if status:
        if status == "open":
            where.append("o.status IN ('confirmed', 'partially_shipped')")
        elif status in STATUSES:
            where.append("o.status = :status")
            params["status"] = status
        else:
            raise InvalidInput(_("'{status}' is not an order status; choose {codes}.").format(
                status=status, codes=choices([*STATUSES, "open"], _status)))
    if customer:
        found = uow.s.execute(text("SELECT id FROM customer WHERE code = :c OR lower(code) = lower(:c)"),
                              {"c": customer.strip()}).first()
        if found is None:
            raise NotFound(_("There is no customer {customer}.").format(customer=customer))
        where.append("o.customer_id = :customer_id")
        params["customer_id"] = found.id
    if channel:
        if channel.strip().lower() not in CHANNELS:  # else a typo lists no orders, as if there were none
            from boclerk.domain.sales_words import CHANNEL_WORDS

            raise InvalidInput(_("'{channel}' is not a channel; choose {codes}.").format(
                channel=channel, codes=choices(CHANNELS, CHANNEL_WORDS)))
        where.append("o.channel = :channel")
        params["channel"] = channel.strip().lower()
    if start:
        where.append("o.order_date >= :start")
        params["start"] = start
    if end:
        where.append("o.order_date <= :end")
        params["end"] = end
    if backorder is not None:
        where.append("o.backorder = :backorder")
        params["backorder"] = backorder
    return where


@plain_sql
def list_orders(
    uow: UnitOfWork, *, status: str | None = None, customer: str | None = None, channel: str | None = None,
    start: date | None = None, end: date | None = None, backorder: bool | None = None,
    search: str | None = None, before_id: int | None = None, after_id: int | None = None, limit: int = 100,
) -> list[OrderRow]:
    """Orders newest first; page with ``before_id`` (older) or ``after_id`` (newer), by key."""
    uow.require(Perm.READ)
    params: dict = {"limit": limit}
    where = order_filters(uow, params, status=status, customer=customer, channel=channel, start=start, end=end,
                          backorder=backorder)
    base = ("SELECT o.id, o.number, o.order_date, c.code, c.name, o.channel, o.channel_ref, o.status, o.backorder, "
            "o.total, o.paid, o.invoiced FROM sales_order o JOIN customer c ON c.id = o.customer_id")
    if after_id is not None:
        where.append("o.id > :after_id")
        params["after_id"] = after_id
    elif before_id is not None:
        where.append("o.id < :before_id")
        params["before_id"] = before_id
    order = "ASC" if after_id is not None else "DESC"

    def page(extra: list[str]) -> list:
        conds = where + extra
        sql = f"{base}{' WHERE ' + ' AND '.join(conds) if conds else ''} ORDER BY o.id {order} LIMIT :limit"
        return list(uow.s.execute(text(sql), params).all())

    if search and search.strip():
        # each way of matching runs on its own index and the pages are merged: one query with
        # an OR over them would either read every order or sort every match
        rows = {r[0]: r for branch in _search_branches(uow, search.strip(), params) for r in page(branch)}
        rows = sorted(rows.values(), key=lambda r: r[0], reverse=order == "DESC")[:limit]
    else:
        rows = page([])
    if order == "ASC":
        rows = list(reversed(rows))
    return [OrderRow(r[0], r[1], as_date(r[2]), r[3], r[4], r[5], r[6], r[7], bool(r[8]), r[9], r[10], r[11])
            for r in rows]


def _search_branches(uow: UnitOfWork, term: str, params: dict) -> list[list[str]]:
    """Conditions, one per index: the order number (exact, or a prefix as a range), the
    channel's own reference, and the customers whose name, email or phone match."""
    from boclerk.services.lookup import matching_customers

    up = term.upper()
    params["search_number"] = up
    params["search_ref"] = term
    branches = [["o.number = :search_number"],
                ["o.channel IN ('website', 'marketplace', 'phone', 'shop')", "o.channel_ref = :search_ref"]]
    if up.startswith("SO-") and len(up) > 3:
        params["search_from"], params["search_to"] = up, up + "\uffff"
        branches.append(["o.number >= :search_from", "o.number < :search_to"])
    ids = [int(c.id) for c, __ in matching_customers(uow, term, 200)]
    if ids:
        listed = ", ".join(str(i) for i in ids)
        if len(ids) <= 20 or uow.db.dialect != "sqlite":
            branches.append([f"o.customer_id IN ({listed})"])
        else:  # many customers: walking the orders newest first meets a hundred of theirs soonest
            branches.append([f"+o.customer_id IN ({listed})"])
    return branches
