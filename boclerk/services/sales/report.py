"""The sales report: what the shop sold in a period, by day, month, product, customer or channel.

An order counts when it is shipped or delivered and its ``shipped_on`` date (the day of
its last shipment) falls in the period, imported historical orders included (they carry
the order date as ``shipped_on``). Amounts are net of returns: a line's returned share is
``round_half_up(amount x returned / qty)``, which is exactly what the return shipments
took back, since they share the line out by cumulative rounding (see
:func:`boclerk.services.sales.shipping.return_order`).

By day, month or channel the report reads the summaries ``sales_day`` and
``sales_day_orders`` (what this rule counts per day shipped, channel and product, kept in
step by triggers, see boclerk/db/summaries.py, and recomputed by ``db check``): its cost
follows the days of the period, not the orders. By product or customer it reads
the period's orders, written for the index ``ix_sales_order_shipped`` (shipped_on, id): one
range scan of the period's orders, their lines through ``ix_order_line_order``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text
from boclerk.domain.code_words import choices
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _
from boclerk.money import round_half_up
from boclerk.quantity import to_units
from boclerk.services import shown
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

GROUPINGS = ("day", "month", "product", "customer", "channel")
#: what each grouping means, for a refusal that offers them
GROUPING_WORDS = {"day": N_("by day"), "month": N_("by month"), "product": N_("by product"),
                  "customer": N_("by customer"), "channel": N_("by channel")}


@dataclass(frozen=True)
class SalesRow:
    key: str      # 2026-11-27, 2026-11, the SKU, the customer code or the channel
    name: str     # the product's or the customer's name ("" by day, month or channel)
    orders: int
    qty: Decimal  # sold less returned, each line in its product's unit (kilograms with their grams)
    net: int = money_field()
    vat: int = money_field()
    total: int = money_field()


@dataclass(frozen=True)
class SalesReport:
    start: date
    end: date
    by: str
    rows: list[SalesRow]
    orders: int
    qty: Decimal
    net: int = money_field()
    vat: int = money_field()
    total: int = money_field()


def _returned(qty: int, returned: int, amount: int) -> int:
    """The share of a line ``amount`` that went back with ``returned`` of its ``qty`` units."""
    return round_half_up(Decimal(amount) * returned / qty) if returned else 0


def sales_report(uow: UnitOfWork, start: date, end: date, *, by: str = "day") -> SalesReport:
    """Orders shipped or delivered from ``start`` to ``end`` (by ``shipped_on``), net of returns."""
    uow.require(Perm.READ)
    by = by.strip().lower()
    if by not in GROUPINGS:
        raise InvalidInput(_("'{by}' is not a way to group sales; choose {codes}.").format(
            by=by, codes=choices(GROUPINGS, GROUPING_WORDS)))
    if start > end:
        raise InvalidInput(_("The period starts ({start}) after it ends ({end}).").format(start=shown.day(uow, start), end=shown.day(uow, end)))
    cells = _from_summary(uow, start, end, by) if by in SUMMARISED else _from_orders(uow, start, end, by)
    names = _names(uow, by, list(cells))
    if by == "month":
        months: dict[str, list] = defaultdict(lambda: [0, Decimal(0), 0, 0, 0])
        for day, cell in cells.items():
            month = months[as_date(day).strftime("%Y-%m")]
            for i, value in enumerate(cell):
                month[i] += value
        items = [(k, "", cell) for k, cell in months.items()]
    elif by == "day":
        items = [(as_date(k).isoformat(), "", cell) for k, cell in cells.items()]
    else:
        items = [(*names.get(k, (str(k), "")), cell) for k, cell in cells.items()]
    if by in ("day", "month"):
        items.sort(key=lambda item: item[0])
    else:  # best sellers first
        items.sort(key=lambda item: (-item[2][4], item[0]))
    rows = [SalesRow(k, name, *cell) for k, name, cell in items]

    if by == "product":  # an order with several products counts once in the total
        from sqlalchemy import func, select

        from boclerk.domain.sales import SalesOrder

        orders = int(uow.s.scalar(select(func.count()).select_from(SalesOrder.__table__)
                                  .where(*_period(start, end))) or 0)
    else:
        orders = sum(r.orders for r in rows)
    return SalesReport(start, end, by, rows, orders, sum((r.qty for r in rows), Decimal(0)), sum(r.net for r in rows),
                       sum(r.vat for r in rows), sum(r.total for r in rows))


SUMMARISED = ("day", "month", "channel")


@core_only
def summary_sales_report(uow: UnitOfWork, start: date, end: date, *, by: str = "day") -> SalesReport:
    """:func:`sales_report` by day, month or channel: plain SQL on the summaries, so that on
    SQLite it runs without SQLAlchemy (boclerk/db/plain.py)."""
    if by.strip().lower() not in SUMMARISED:
        raise InvalidInput(_("'{by}' is not a way to group sales; choose {codes}.").format(
            by=by, codes=choices(GROUPINGS, GROUPING_WORDS)))
    return sales_report(uow, start, end, by=by)
Cells = dict[object, list]  # key -> [orders, qty, net, vat, gross]


def _period(start: date, end: date) -> tuple:
    # Only orders that shipped have a shipped_on date (partially shipped, shipped, delivered:
    # a shipped order cannot be cancelled). "Not partially shipped" picks the counted ones
    # with a condition no index serves, so that SQLite, which keeps no statistics, reads the
    # period through ix_sales_order_shipped rather than every shipped order through the
    # status index.
    from boclerk.domain.sales import OrderStatus, SalesOrder

    _O = SalesOrder.__table__
    return (_O.c.shipped_on >= start, _O.c.shipped_on <= end, _O.c.status != OrderStatus.PARTIALLY_SHIPPED.value)


def _from_summary(uow: UnitOfWork, start: date, end: date, by: str) -> Cells:
    """The period's cells by day (month: by day, gathered later) or channel, from the summaries."""
    key = "channel" if by == "channel" else "shipped_on"
    cells: Cells = defaultdict(lambda: [0, Decimal(0), 0, 0, 0])
    period = {"start": start, "end": end}
    for k, decimals, qty, net, vat, gross in uow.s.execute(text(
            f"SELECT {key}, decimals, SUM(qty), SUM(net), SUM(vat), SUM(gross) FROM sales_day "
            f"WHERE shipped_on >= :start AND shipped_on <= :end GROUP BY {key}, decimals"), period):
        cell = cells[k if by == "channel" else as_date(k)]  # SQLite gives a day as ISO text
        cell[1] += to_units(int(qty or 0), int(decimals))
        for i, value in ((2, net), (3, vat), (4, gross)):
            cell[i] += int(value or 0)  # PostgreSQL sums BIGINT columns as NUMERIC
    for k, orders in uow.s.execute(text(
            f"SELECT {key}, SUM(orders) FROM sales_day_orders "
            f"WHERE shipped_on >= :start AND shipped_on <= :end GROUP BY {key}"), period):
        cells[k if by == "channel" else as_date(k)][0] += int(orders or 0)
    # what a change took out again leaves zeros behind: not a row of the report
    return {k: cell for k, cell in cells.items() if any(cell)}


def _from_orders(uow: UnitOfWork, start: date, end: date, by: str) -> Cells:
    """The period's cells, read from its orders and their lines."""
    from sqlalchemy import distinct, func, select

    from boclerk.domain.catalog import Product, Unit
    from boclerk.domain.sales import OrderLine, SalesOrder

    _O, _L, _P, _U = SalesOrder.__table__, OrderLine.__table__, Product.__table__, Unit.__table__
    key = {"day": _O.c.shipped_on, "month": _O.c.shipped_on, "product": _L.c.product_id,
           "customer": _O.c.customer_id, "channel": _O.c.channel}[by]
    # Only orders that shipped have a shipped_on date (partially shipped, shipped, delivered:
    # a shipped order cannot be cancelled). "Not partially shipped" picks the counted ones
    # with a condition no index serves, so that SQLite, which keeps no statistics, reads the
    # period through ix_sales_order_shipped rather than every shipped order through the
    # status index.
    period = _period(start, end)
    joined = _O.join(_L, _L.c.order_id == _O.c.id)

    # key -> [orders, qty, net, vat, gross]
    cells: dict[object, list] = defaultdict(lambda: [0, Decimal(0), 0, 0, 0])
    grouped = (select(key, func.count(distinct(_O.c.id)), func.sum(_L.c.qty - _L.c.qty_returned),
                      func.sum(_L.c.net), func.sum(_L.c.vat), func.sum(_L.c.gross))
               .select_from(joined).where(*period).group_by(key))
    for k, orders, _qty, net, vat, gross in uow.s.execute(grouped):
        cell = cells[k]
        # int(): PostgreSQL sums BIGINT columns as NUMERIC (a Decimal)
        for i, value in ((0, orders), (2, net), (3, vat), (4, gross)):
            cell[i] += int(value or 0)
    # quantities in their units: summed per unit's decimals, each sum brought back to units
    by_unit = (select(key, _U.c.decimals, func.sum(_L.c.qty - _L.c.qty_returned))
               .select_from(joined.join(_P, _P.c.id == _L.c.product_id).join(_U, _U.c.code == _P.c.unit))
               .where(*period).group_by(key, _U.c.decimals))
    for k, decimals, qty in uow.s.execute(by_unit):
        cells[k][1] += to_units(int(qty or 0), int(decimals))
    returns = (select(key, _L.c.qty, _L.c.qty_returned, _L.c.vat, _L.c.gross)
               .select_from(joined).where(*period, _L.c.qty_returned > 0))
    for k, qty, returned, vat, gross in uow.s.execute(returns):
        back_gross, back_vat = _returned(qty, returned, gross), _returned(qty, returned, vat)
        cell = cells[k]
        cell[2] -= back_gross - back_vat
        cell[3] -= back_vat
        cell[4] -= back_gross

    return cells


def _names(uow: UnitOfWork, by: str, keys: list) -> dict[object, tuple[str, str]]:
    """id -> (code, name) of the products or customers in the report."""
    if by not in ("product", "customer") or not keys:
        return {}
    from sqlalchemy import select

    from boclerk.domain.catalog import Product
    from boclerk.domain.partners import Customer

    model, code = (Product, Product.sku) if by == "product" else (Customer, Customer.code)
    out: dict[object, tuple[str, str]] = {}
    for i in range(0, len(keys), 500):
        for id_, c, name in uow.s.execute(select(model.id, code, model.name).where(model.id.in_(keys[i:i + 500]))):
            out[id_] = (c, name)
    return out
