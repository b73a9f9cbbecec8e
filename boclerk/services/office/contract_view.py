"""One contract in full, read with plain SQL: its terms, its documents, and what was billed or
ordered under it against its limit. ``boclerk show contract`` answers with it before SQLAlchemy
is loaded (see boclerk/db/plain.py); the app and ``boclerk office contract show`` read the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text
from boclerk.domain.office_terms import contract_state_of, notice_date, term_end
from boclerk.domain.permissions import Perm
from boclerk.errors import NotFound
from boclerk.i18n import _
from boclerk.services.platform.audit_view import AuditRow, history
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


@dataclass(frozen=True)
class LinkRow:
    kind: str
    ref: str
    day: date | None
    status: str
    amount: int | None = money_field()


@dataclass(frozen=True)
class ContractDetail:
    number: str
    their_number: str
    party_kind: str
    party: str
    subject: str
    signed_on: date | None
    valid_from: date | None
    valid_to: date | None
    term_end: date | None
    auto_renew: bool
    renewal_months: int
    notice_days: int
    notice_by: date | None
    responsible: str | None
    state: str
    notes: str
    links: list[LinkRow]
    history: list[AuditRow]
    amount: int | None = money_field()
    billed: int = money_field(default=0)  # bills under it (directly or through its POs), with VAT
    ordered: int = money_field(default=0)  # its customer orders, with VAT
    left: int | None = money_field(default=None)  # the limit less what was billed or ordered


PARTY = "COALESCE(sup.name, cus.name, c.party_name)"
FROM = ("FROM contract c LEFT JOIN supplier sup ON sup.id = c.supplier_id "
        "LEFT JOIN customer cus ON cus.id = c.customer_id")

_LINKS = """
SELECT 'document' AS k, l.target_kind, d.number, d.their_date, d.status, d.amount, l.id FROM contract_link l
  JOIN document d ON d.id = l.target_id WHERE l.contract_id = :id AND l.target_kind IN ('document', 'annex')
UNION ALL
SELECT 'po', l.target_kind, p.number, p.order_date, p.status, p.total, l.id FROM contract_link l
  JOIN purchase_order p ON p.id = l.target_id WHERE l.contract_id = :id AND l.target_kind = 'po'
UNION ALL
SELECT 'bill', l.target_kind, b.number, b.bill_date, b.status, b.total, l.id FROM contract_link l
  JOIN supplier_bill b ON b.id = l.target_id WHERE l.contract_id = :id AND l.target_kind = 'bill'
UNION ALL
SELECT 'order', l.target_kind, o.number, o.order_date, o.status, o.total, l.id FROM contract_link l
  JOIN sales_order o ON o.id = l.target_id WHERE l.contract_id = :id AND l.target_kind = 'order'
ORDER BY 7"""


def links(uow: UnitOfWork, contract_id: int) -> list[LinkRow]:
    return [LinkRow(kind, ref, as_date(day) if day else None, status, None if amount is None else int(amount))
            for _k, kind, ref, day, status, amount, _i in uow.s.execute(text(_LINKS), {"id": contract_id})]


def billed(uow: UnitOfWork, contract_id: int) -> int:
    """Bills linked to the contract, or billed on its linked purchase orders, each once."""
    return int(uow.s.execute(text(
        "SELECT COALESCE(SUM(b.total), 0) FROM supplier_bill b WHERE b.status <> 'rejected' AND ("
        "b.id IN (SELECT target_id FROM contract_link WHERE contract_id = :id AND target_kind = 'bill') OR "
        "b.po_id IN (SELECT target_id FROM contract_link WHERE contract_id = :id AND target_kind = 'po'))"),
        {"id": contract_id}).scalar() or 0)


def ordered(uow: UnitOfWork, contract_id: int) -> int:
    return int(uow.s.execute(text(
        "SELECT COALESCE(SUM(o.total), 0) FROM sales_order o WHERE o.status <> 'cancelled' AND "
        "o.id IN (SELECT target_id FROM contract_link WHERE contract_id = :id AND target_kind = 'order')"),
        {"id": contract_id}).scalar() or 0)


@core_only
def contract_detail(uow: UnitOfWork, number: str) -> ContractDetail:
    uow.require(Perm.READ)
    wanted = (number or "").strip().upper()
    r = uow.s.execute(text(
        f"SELECT c.id, c.number, c.their_number, c.party_kind, c.subject, c.signed_on, c.valid_from, c.valid_to, "
        f"c.auto_renew, c.renewal_months, c.notice_days, c.status, c.notes, c.amount, {PARTY} AS party, "
        f"st.code AS responsible {FROM} LEFT JOIN staff st ON st.id = c.responsible_id WHERE c.number = :n"),
        {"n": wanted}).first()
    if r is None:
        raise NotFound(_("There is no contract {value}.").format(value=wanted))
    day = lambda v: as_date(v) if v is not None else None  # noqa: E731
    c = SimpleNamespace(status=r.status, valid_to=day(r.valid_to), auto_renew=bool(r.auto_renew),
                        renewal_months=r.renewal_months, notice_days=r.notice_days)
    amount = None if r.amount is None else int(r.amount)
    got, sold = billed(uow, r.id), ordered(uow, r.id)
    today = uow.today
    return ContractDetail(r.number, r.their_number, r.party_kind, r.party, r.subject, day(r.signed_on),
                          day(r.valid_from), c.valid_to, term_end(c, today), c.auto_renew, r.renewal_months,
                          r.notice_days, notice_date(c, today), r.responsible, contract_state_of(c, today), r.notes,
                          links(uow, r.id), history(uow, "contract", r.number), amount, got, sold,
                          None if amount is None else amount - got - sold)
