"""How many rows a list holds, at a bounded cost: the status lines' "1 234 orders".

A count reads the list's own query (its joins and filters, without its columns, order and page)
and stops at ``CAP`` matches, so it costs no more at a million rows than at a hundred thousand;
above that the list says "more than". The lists run it once when they are loaded or narrowed,
never on a page step (tui/lists.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

#: counted exactly up to this many; beyond it, "more than"
CAP = 100_000


@dataclass(frozen=True)
class Count:
    n: int
    more: bool  # there are more than ``n`` (the count stopped at the cap)


def bounded_count(uow: UnitOfWork, stmt: Any, cap: int = CAP) -> Count:
    """The rows of a list's select (SQLAlchemy), counted up to ``cap``: its columns (correlated
    sums and all) give way to a constant, its order and limit are dropped."""
    from sqlalchemy import func, literal_column, select

    inner = (stmt.with_only_columns(literal_column("1"), maintain_column_froms=True).order_by(None).limit(cap + 1)
             .subquery())
    n = uow.s.execute(select(func.count()).select_from(inner)).scalar_one()
    return Count(min(n, cap), n > cap)
