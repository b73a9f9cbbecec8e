"""How many orders a list holds, at a bounded cost: the status line says "1 234 orders".

The count reads the same indexes as the list's pages and stops at ``CAP`` matches, so it costs
no more at a million orders than at a hundred thousand; above that the list says "more than".
It runs once when the list is loaded or narrowed, never on a page step (tui/lists.py). A search
is not counted: its matches come from several indexes merged page by page.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from boclerk.db.plain import plain_sql, text
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput, NotFound
from boclerk.services.counting import CAP, Count
from boclerk.services.sales.queries import order_filters

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


@plain_sql
def count_orders(uow: UnitOfWork, *, status: str | None = None, customer: str | None = None,
                 channel: str | None = None, start: date | None = None, end: date | None = None,
                 backorder: bool | None = None, search: str | None = None, cap: int = CAP) -> Count | None:
    """How many orders the Orders list holds under these filters (list_orders's), or None for a
    search or for filters the list itself refuses (it says why)."""
    uow.require(Perm.READ)
    if search and search.strip():
        return None
    params: dict = {"cap": cap + 1}
    try:
        where = order_filters(uow, params, status=status, customer=customer, channel=channel, start=start,
                              end=end, backorder=backorder)
    except (InvalidInput, NotFound):
        return None  # the list's own page says so
    inner = f"SELECT 1 FROM sales_order o{' WHERE ' + ' AND '.join(where) if where else ''} LIMIT :cap"
    n = uow.s.execute(text(f"SELECT count(*) FROM ({inner}) AS counted"), params).scalar_one()
    return Count(min(n, cap), n > cap)
