"""Reading contracts: the list (paged by key), one contract in full with what was billed or
ordered under it against its limit, and the reminders: contracts ending, or whose notice date
to stop a renewal comes, within N days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import RECORDS
from boclerk.domain.office_register import Contract, contract_state_of, notice_date, term_end
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.office.contracts import contract_by_number
from boclerk.services.platform.audit import AuditRow, history
from boclerk.services.rows import money_field

STATES = RECORDS["contract"].states


@dataclass(frozen=True)
class ContractRow:
    id: int
    number: str
    party: str
    subject: str
    valid_to: date | None
    term_end: date | None
    auto_renew: bool
    state: str
    amount: int | None = money_field()


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


@dataclass(frozen=True)
class Reminder:
    number: str
    party: str
    subject: str
    what: str  # "notice" (the last day to stop a renewal), "renews" (too late to stop it) or "ends"
    day: date  # the term's end, or the last day to give notice
    days_left: int
    term_end: date
    auto_renew: bool


_PARTY = "COALESCE(sup.name, cus.name, c.party_name)"
_FROM = ("FROM contract c LEFT JOIN supplier sup ON sup.id = c.supplier_id "
         "LEFT JOIN customer cus ON cus.id = c.customer_id")
_EXPIRED = "(c.status = 'signed' AND NOT c.auto_renew AND c.valid_to < :today)"


def _row(uow: UnitOfWork, r) -> ContractRow:
    c = uow.s.get(Contract, r[0])
    return ContractRow(c.id, c.number, r[1], c.subject, c.valid_to, term_end(c, uow.today), c.auto_renew,
                       contract_state_of(c, uow.today), c.amount)


def list_contracts(uow: UnitOfWork, *, state: str | None = None, party: str | None = None, search: str | None = None,
                   before_id: int | None = None, after_id: int | None = None, limit: int = 100) -> list[ContractRow]:
    """Contracts newest first, paged by id. ``state``: one of the states, or "live" (signed and not
    expired); ``search``: a number, their number, or part of the subject or the party's name."""
    uow.require(Perm.READ)
    where, params = [], {"limit": limit, "today": uow.today}
    if state:
        if state == "live":
            where.append(f"c.status = 'signed' AND NOT {_EXPIRED}")
        elif state == "expired":
            where.append(_EXPIRED)
        elif state == "signed":
            where.append(f"c.status = 'signed' AND NOT {_EXPIRED}")
        elif state in STATES:
            where.append("c.status = :status")
            params["status"] = state
        else:
            raise InvalidInput(_("'{state}' is not a state of a contract; choose one of: {names}, live.").format(state=state, names=', '.join(STATES)))
    if party:
        where.append("(sup.code = :code OR cus.code = :code)")
        params["code"] = party.strip().upper()
    if search and search.strip():
        from boclerk.services.lookup import _like

        term = search.strip()
        where.append(f"(c.number = :upper OR c.number LIKE :prefix OR c.their_number = :term "
                     f"OR LOWER(c.subject) LIKE :like ESCAPE '\\' OR LOWER({_PARTY}) LIKE :like ESCAPE '\\')")
        params.update(upper=term.upper(), term=term, like=_like(term),
                      prefix=term.upper() + "%" if term.upper().startswith("CTR-") else term.upper())
    if after_id is not None:
        where.append("c.id > :after")
        params["after"], order = after_id, "ASC"
    else:
        if before_id:
            where.append("c.id < :before")
            params["before"] = before_id
        order = "DESC"
    sql = (f"SELECT c.id, {_PARTY} {_FROM}" + (" WHERE " + " AND ".join(where) if where else "")
           + f" ORDER BY c.id {order} LIMIT :limit")
    rows = [_row(uow, r) for r in uow.s.execute(text(sql), params)]
    return list(reversed(rows)) if order == "ASC" else rows


def _links(uow: UnitOfWork, c: Contract) -> list[LinkRow]:
    sql = """
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
    return [LinkRow(kind, ref, as_date(day) if day else None, status, None if amount is None else int(amount))
            for _, kind, ref, day, status, amount, _ in uow.s.execute(text(sql), {"id": c.id})]


def _billed(uow: UnitOfWork, c: Contract) -> int:
    """Bills linked to the contract, or billed on its linked purchase orders, each once."""
    return int(uow.s.execute(text(
        "SELECT COALESCE(SUM(b.total), 0) FROM supplier_bill b WHERE b.status <> 'rejected' AND ("
        "b.id IN (SELECT target_id FROM contract_link WHERE contract_id = :id AND target_kind = 'bill') OR "
        "b.po_id IN (SELECT target_id FROM contract_link WHERE contract_id = :id AND target_kind = 'po'))"),
        {"id": c.id}).scalar() or 0)


def _ordered(uow: UnitOfWork, c: Contract) -> int:
    return int(uow.s.execute(text(
        "SELECT COALESCE(SUM(o.total), 0) FROM sales_order o WHERE o.status <> 'cancelled' AND "
        "o.id IN (SELECT target_id FROM contract_link WHERE contract_id = :id AND target_kind = 'order')"),
        {"id": c.id}).scalar() or 0)


def contract_detail(uow: UnitOfWork, number: str) -> ContractDetail:
    uow.require(Perm.READ)
    c = contract_by_number(uow, number)
    party, responsible = uow.s.execute(text(
        f"SELECT {_PARTY}, st.code {_FROM} LEFT JOIN staff st ON st.id = c.responsible_id WHERE c.id = :id"),
        {"id": c.id}).one()
    billed, ordered = _billed(uow, c), _ordered(uow, c)
    left = None if c.amount is None else c.amount - billed - ordered
    return ContractDetail(c.number, c.their_number, c.party_kind, party, c.subject, c.signed_on, c.valid_from,
                          c.valid_to, term_end(c, uow.today), c.auto_renew, c.renewal_months, c.notice_days,
                          notice_date(c, uow.today), responsible, contract_state_of(c, uow.today), c.notes,
                          _links(uow, c), history(uow, "contract", c.number), c.amount, billed, ordered, left)


def reminders(uow: UnitOfWork, days: int | None = None) -> list[Reminder]:
    """Signed contracts whose term ends, or whose notice date comes, within ``days`` (the office
    setting when not given), soonest first."""
    uow.require(Perm.READ)
    if days is None:
        from boclerk.services.office.equipment import office_settings

        days = office_settings(uow).reminder_days
    if not isinstance(days, int) or not 0 <= days <= 3660:
        raise InvalidInput(_("Reminders look 0 to 3660 days ahead."))
    today = uow.today
    horizon = today + timedelta(days=days)
    out = []
    stmt = (select(Contract).where(Contract.status == "signed", Contract.valid_to.is_not(None))
            .where((Contract.auto_renew.is_(True)) | (Contract.valid_to >= today)).order_by(Contract.id))
    for c in uow.s.scalars(stmt):
        end = term_end(c, today)
        if end is None or end < today:
            continue
        party = uow.s.execute(text(f"SELECT {_PARTY} {_FROM} WHERE c.id = :id"), {"id": c.id}).scalar()
        notice = notice_date(c, today)
        if notice is not None and today <= notice <= horizon:
            out.append(Reminder(c.number, party, c.subject, "notice", notice, (notice - today).days, end, True))
        elif end <= horizon:
            what = "renews" if c.auto_renew else "ends"
            out.append(Reminder(c.number, party, c.subject, what, end, (end - today).days, end, c.auto_renew))
    return sorted(out, key=lambda r: (r.day, r.number))
