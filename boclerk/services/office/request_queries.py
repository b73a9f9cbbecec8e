"""Reading supply requests: the list (paged by key) and one request in full, with each line's
decision, the purchase order it went on and how much of it came in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import RECORDS
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.office.quantities import in_units
from boclerk.services.office.requests import STATE_SQL, request_by_number, state_of
from boclerk.services.platform.audit import AuditRow, history
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


@dataclass(frozen=True)
class RequestLineRow:
    line_no: int
    sku: str
    name: str
    category: str
    qty: Decimal  # in the product's unit
    unit: str
    status: str
    reason: str
    decided_by: str | None
    po: str | None
    received: Decimal | None  # on its purchase order so far (None before it is ordered)
    unit_price: int = money_field()
    value: int = money_field()


@dataclass(frozen=True)
class RequestDetail:
    number: str
    state: str
    department: str
    asked_by: str
    created_by: str
    created_at: datetime
    wanted_by: date | None
    note: str
    lines: list[RequestLineRow]
    history: list[AuditRow]
    total: int = money_field()


_LIST = f"""SELECT r.id, r.number, r.created_at, d.code, COALESCE(s.name, r.created_by), r.wanted_by,
  (SELECT COUNT(*) FROM request_line l WHERE l.request_id = r.id),
  (SELECT COALESCE(SUM(l.value), 0) FROM request_line l WHERE l.request_id = r.id),
  {STATE_SQL}
FROM supply_request r JOIN department d ON d.id = r.department_id LEFT JOIN staff s ON s.id = r.staff_id"""


def list_requests(uow: UnitOfWork, *, state: str | None = None, mine: bool = False, department: str | None = None,
                  search: str | None = None, before_id: int | None = None, after_id: int | None = None,
                  limit: int = 100) -> list[RequestRow]:
    """Requests newest first, paged by id (``before_id`` older, ``after_id`` newer).

    ``state``: one of the states, or "waiting" (open) and "to_order" (approved); ``mine``: the
    ones the acting user asked for; ``search``: a number (or its beginning) or a product's SKU.
    """
    uow.require(Perm.READ)
    where, params = [], {"limit": limit}
    state = {"waiting": "open", "to_order": "approved"}.get(state or "", state)
    if state:
        if state not in STATES:
            raise InvalidInput(_("'{state}' is not a state of a supply request; choose one of: {names}.").format(state=state, names=', '.join(STATES)))
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
            where.append("r.number LIKE :prefix")
            params["prefix"] = term + "%"
        else:  # a product's SKU: the requests that ask for it, through the lines' product index
            skus = uow.s.execute(text("SELECT id FROM product WHERE UPPER(sku) = :term"), {"term": term}).scalars()
            ids = ", ".join(str(int(i)) for i in skus) or "0"
            where.append(f"r.id IN (SELECT request_id FROM request_line WHERE product_id IN ({ids}))")
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


def _day(at) -> date:
    """The local business date of a stored UTC timestamp (plain SQL gives SQLite's as text)."""
    if not isinstance(at, datetime):
        at = datetime.fromisoformat(str(at))
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone().date()


def request_detail(uow: UnitOfWork, number: str) -> RequestDetail:
    uow.require(Perm.READ)
    req = request_by_number(uow, number)
    head = uow.s.execute(text(
        "SELECT d.code, s.name FROM supply_request r JOIN department d ON d.id = r.department_id "
        "LEFT JOIN staff s ON s.id = r.staff_id WHERE r.id = :id"), {"id": req.id}).one()
    lines = []
    for ln in uow.s.execute(text(
            "SELECT l.line_no, p.sku, p.name, p.category, p.unit, l.qty, l.status, l.reason, l.decided_by, po.number, "
            "po.status, pl.qty_received, l.unit_price, l.value FROM request_line l "
            "JOIN product p ON p.id = l.product_id LEFT JOIN po_line pl ON pl.id = l.po_line_id "
            "LEFT JOIN purchase_order po ON po.id = pl.po_id WHERE l.request_id = :id ORDER BY l.line_no"),
            {"id": req.id}):
        no, sku, name, category, unit, qty, status, reason, by, po, po_status, got, price, value = ln
        po_text = _("{po} (cancelled)").format(po=po) if po and po_status == "cancelled" else po
        lines.append(RequestLineRow(no, sku, name, category, in_units(uow, qty, unit), unit, status, reason, by,
                                    po_text, in_units(uow, got or 0, unit) if po else None, price, value))
    return RequestDetail(req.number, state_of(uow, req.id), head[0], head[1] or req.created_by, req.created_by,
                         req.created_at, req.wanted_by, req.note, lines, history(uow, "request", req.number),
                         sum(ln.value for ln in lines))
