"""Reading supply requests: the list (paged by key) and one request in full, with each line's
decision, the purchase order it went on and how much of it came in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import RECORDS
from boclerk.domain.code_words import choices
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.counting import CAP, Count
from boclerk.services.office.counting import capped_count
from boclerk.services.office.request_view import STATE_SQL, RequestDetail, RequestLineRow, request_detail  # noqa: F401
from boclerk.services.rows import money_field

STATES = RECORDS["request"].states


@dataclass(frozen=True)
class RequestRow:
    id: int
    number: str
    created: date
    department: str
    asked_by: str
    wanted_by: date | None
    lines: int
    state: str
    total: int = money_field()


_LIST = f"""SELECT r.id, r.number, r.created_at, d.code, COALESCE(s.name, r.created_by), r.wanted_by,
  (SELECT COUNT(*) FROM request_line l WHERE l.request_id = r.id),
  (SELECT COALESCE(SUM(l.value), 0) FROM request_line l WHERE l.request_id = r.id),
  {STATE_SQL}
FROM supply_request r JOIN department d ON d.id = r.department_id LEFT JOIN staff s ON s.id = r.staff_id"""
#: the list's tables and joins, without its columns: what its count reads
_SOURCE = _LIST[_LIST.index("\nFROM ") + 1:]


def list_requests(uow: UnitOfWork, *, state: str | None = None, mine: bool = False, department: str | None = None,
                  search: str | None = None, before_id: int | None = None, after_id: int | None = None,
                  limit: int = 100) -> list[RequestRow]:
    """Requests newest first, paged by id (``before_id`` older, ``after_id`` newer).

    ``state``: one of the states, or "waiting" (open) and "to_order" (approved); ``mine``: the
    ones the acting user asked for; ``search``: a number (or its beginning) or a product's SKU.
    """
    where, params = _filters(uow, state=state, mine=mine, department=department, search=search)
    params["limit"] = limit
    if after_id is not None:
        where.append("r.id > :after")
        params["after"] = after_id
        order = "ASC"
    else:
        if before_id:
            where.append("r.id < :before")
            params["before"] = before_id
        order = "DESC"
    sql = _LIST + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY r.id {order} LIMIT :limit"
    rows = [RequestRow(i, n, _day(at), d, who, as_date(w) if w else None, int(c), s, int(t))
            for i, n, at, d, who, w, c, t, s in uow.s.execute(text(sql), params)]
    return list(reversed(rows)) if order == "ASC" else rows


def count_requests(uow: UnitOfWork, *, state: str | None = None, mine: bool = False, department: str | None = None,
                   search: str | None = None, cap: int = CAP) -> Count:
    """How many requests list_requests pages through under the same filters, up to ``cap``."""
    where, params = _filters(uow, state=state, mine=mine, department=department, search=search)
    return capped_count(uow, _SOURCE, where, params, cap)


def _filters(uow: UnitOfWork, *, state: str | None, mine: bool, department: str | None,
             search: str | None) -> tuple[list[str], dict]:
    """The conditions (and their parameters) of the requests a list shows."""
    uow.require(Perm.READ)
    where: list[str] = []
    params: dict = {}
    state = {"waiting": "open", "to_order": "approved"}.get(state or "", state)
    if state:
        if state not in STATES:
            raise InvalidInput(_("'{state}' is not a state of a supply request; choose {codes}.").format(
                state=state, codes=choices(STATES, RECORDS["request"].state_words)))
        stored = state if state in ("open", "cancelled") else "decided"
        where.append("r.status = :stored")
        params["stored"] = stored
        if stored == "decided":
            where.append(f"({STATE_SQL}) = :state")
            params["state"] = state
    if mine:
        where.append("r.created_by = :me")
        params["me"] = uow.actor_name
    if department:
        from boclerk.services.ledger.book import department as find_department

        where.append("r.department_id = :dept")
        params["dept"] = find_department(uow, department).id
    if search and search.strip():
        term = search.strip().upper()
        if re.fullmatch(r"REQ-\d{4}-\d{6}", term):
            where.append("r.number = :term")
            params["term"] = term
        elif term.startswith("REQ-"):
            from boclerk.services import like

            where.append("r.number LIKE :prefix ESCAPE '\\'")
            params["prefix"] = like.prefix(term)
        else:  # a product's SKU: the requests that ask for it, through the lines' product index
            skus = uow.s.execute(text("SELECT id FROM product WHERE UPPER(sku) = :term"), {"term": term}).scalars()
            ids = ", ".join(str(int(i)) for i in skus) or "0"
            where.append(f"r.id IN (SELECT request_id FROM request_line WHERE product_id IN ({ids}))")
    return where, params


def _day(at) -> date:
    """The local business date of a stored UTC timestamp (plain SQL gives SQLite's as text)."""
    if not isinstance(at, datetime):
        at = datetime.fromisoformat(str(at))
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone().date()
