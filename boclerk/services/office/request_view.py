"""One supply request in full, read with plain SQL: each line's decision and reason, the purchase
order it went on and how much of it came in. ``boclerk show request`` answers with it before
SQLAlchemy is loaded (see boclerk/db/plain.py); the app and ``boclerk office request`` read the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text, utc_moment
from boclerk.domain.permissions import Perm
from boclerk.errors import NotFound
from boclerk.i18n import _
from boclerk.quantity import to_units
from boclerk.services.platform.audit_view import AuditRow, history
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


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


#: the state of a request (alias r), as SQL: one expression for the reader, the list and its filter
STATE_SQL = """CASE
  WHEN r.status = 'cancelled' THEN 'cancelled'
  WHEN r.status = 'open' THEN 'open'
  WHEN NOT EXISTS (SELECT 1 FROM request_line l WHERE l.request_id = r.id AND l.status = 'approved')
    THEN 'rejected'
  WHEN EXISTS (SELECT 1 FROM request_line l LEFT JOIN po_line pl ON pl.id = l.po_line_id
               LEFT JOIN purchase_order po ON po.id = pl.po_id
               WHERE l.request_id = r.id AND l.status = 'approved'
                 AND (l.po_line_id IS NULL OR po.status = 'cancelled'))
    THEN 'approved'
  WHEN NOT EXISTS (SELECT 1 FROM request_line l JOIN po_line pl ON pl.id = l.po_line_id
                   WHERE l.request_id = r.id AND l.status = 'approved' AND pl.qty_received < pl.qty)
    THEN 'received'
  WHEN EXISTS (SELECT 1 FROM request_line l JOIN po_line pl ON pl.id = l.po_line_id
               WHERE l.request_id = r.id AND l.status = 'approved' AND pl.qty_received > 0)
    THEN 'partially_received'
  ELSE 'ordered'
END"""


@core_only
def request_detail(uow: UnitOfWork, number: str) -> RequestDetail:
    uow.require(Perm.READ)
    wanted = (number or "").strip().upper()
    q = lambda sql, **p: uow.s.execute(text(sql), p)  # noqa: E731
    r = q(f"SELECT r.id, r.number, r.created_by, r.created_at, r.wanted_by, r.note, d.code AS department, "
          f"s.name AS staff, {STATE_SQL} AS state FROM supply_request r JOIN department d ON d.id = r.department_id "
          f"LEFT JOIN staff s ON s.id = r.staff_id WHERE r.number = :n", n=wanted).first()
    if r is None:
        raise NotFound(_("There is no supply request {value}.").format(value=wanted))
    lines = []
    for ln in q("SELECT l.line_no, p.sku, p.name, p.category, p.unit, COALESCE(u.decimals, 0) AS decimals, l.qty, "
                "l.status, l.reason, l.decided_by, po.number AS po, po.status AS po_status, pl.qty_received, "
                "l.unit_price, l.value FROM request_line l JOIN product p ON p.id = l.product_id "
                "LEFT JOIN unit u ON u.code = p.unit LEFT JOIN po_line pl ON pl.id = l.po_line_id "
                "LEFT JOIN purchase_order po ON po.id = pl.po_id WHERE l.request_id = :id ORDER BY l.line_no", id=r.id):
        po = _("{po} (cancelled)").format(po=ln.po) if ln.po and ln.po_status == "cancelled" else ln.po
        lines.append(RequestLineRow(ln.line_no, ln.sku, ln.name, ln.category, to_units(int(ln.qty), ln.decimals), ln.unit,
                                    ln.status, ln.reason, ln.decided_by, po,
                                    to_units(int(ln.qty_received or 0), ln.decimals) if ln.po else None,
                                    int(ln.unit_price), int(ln.value)))
    return RequestDetail(r.number, r.state, r.department, r.staff or r.created_by, r.created_by, utc_moment(r.created_at),
                         as_date(r.wanted_by) if r.wanted_by else None, r.note, lines,
                         history(uow, "request", r.number), sum(ln.value for ln in lines))
