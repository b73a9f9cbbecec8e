"""How many rows the Office lists hold under their filters, for their status lines: the lists'
own conditions over their own tables, counted up to a cap as every list counts
(boclerk.services.counting)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

from boclerk.domain.permissions import Perm
from boclerk.services.counting import CAP, Count

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


def capped_count(uow: UnitOfWork, source: str, where: list[str], params: dict, cap: int = CAP) -> Count:
    """The rows of ``FROM ...`` (``source``, a list's tables and joins) that meet ``where``, counted
    up to ``cap``: the scan stops at the cap, as at a hundred rows, whatever the table holds."""
    sql = (f"SELECT COUNT(*) FROM (SELECT 1 {source}" + (" WHERE " + " AND ".join(where) if where else "")
           + " LIMIT :cap_and_one) AS counted")
    n = uow.s.execute(text(sql), {**params, "cap_and_one": cap + 1}).scalar_one()
    return Count(min(n, cap), n > cap)


def count_staff(uow: UnitOfWork, *, search: str | None = None, include_gone: bool = False, cap: int = CAP) -> Count:
    """How many people list_staff pages through."""
    from boclerk.services.counting import bounded_count
    from boclerk.services.office.staff import staff_query

    return bounded_count(uow, staff_query(uow, search=search, include_gone=include_gone), cap)


def count_deals(uow: UnitOfWork, *, cap: int = CAP) -> Count:
    """How many allocation rules and service agreements list_deals pages through (ended ones too)."""
    from sqlalchemy import select

    from boclerk.domain.office import InternalDeal
    from boclerk.services.counting import bounded_count

    uow.require(Perm.READ)
    return bounded_count(uow, select(InternalDeal), cap)
