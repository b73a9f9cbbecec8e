"""How many purchase orders, bills and suppliers the Purchases lists hold under their filters
(the same queries as their pages, counted up to a cap: boclerk.services.counting)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boclerk.errors import InvalidInput, NotFound
from boclerk.services.counting import CAP, Count, bounded_count

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


def count_pos(uow: UnitOfWork, *, status: str | None = None, supplier: str | None = None,
              search: str | None = None, cap: int = CAP) -> Count | None:
    """How many purchase orders list_pos pages through, or None for filters it refuses (it says why)."""
    from boclerk.services.purchasing.queries import pos_query

    try:
        return bounded_count(uow, pos_query(uow, status=status, supplier=supplier, search=search), cap)
    except (InvalidInput, NotFound):
        return None


def count_bills(uow: UnitOfWork, *, status: str | None = None, supplier: str | None = None,
                search: str | None = None, cap: int = CAP) -> Count | None:
    """How many bills list_bills pages through, or None for filters it refuses (it says why)."""
    from boclerk.services.purchasing.queries import bills_query

    try:
        return bounded_count(uow, bills_query(uow, status=status, supplier=supplier, search=search), cap)
    except (InvalidInput, NotFound):
        return None


def count_suppliers(uow: UnitOfWork, *, search: str | None = None, cap: int = CAP) -> Count:
    """How many suppliers list_suppliers pages through (the active ones)."""
    from boclerk.services.catalog.partners import suppliers_query

    return bounded_count(uow, suppliers_query(uow, search=search), cap)
