"""Reading contracts: the list (paged by key), one contract in full with what was billed or
ordered under it against its limit, and the reminders: contracts ending, or whose notice date
to stop a renewal comes, within N days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, text

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import RECORDS
from boclerk.domain.code_words import choices
from boclerk.domain.office_register import Contract, contract_state_of, notice_date, term_end
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.counting import CAP, Count
from boclerk.services.office.contract_view import FROM, PARTY, ContractDetail, LinkRow, contract_detail  # noqa: F401
from boclerk.services.office.counting import capped_count
from boclerk.services.rows import money_field

STATES = RECORDS["contract"].states


def _contract_state(code: str) -> str:
    """A state a contract list may be asked for, in words ("live": signed and still in force)."""
    return _("signed and in force") if code == "live" else RECORDS["contract"].state_words(code)


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
class Reminder:
    number: str
    party: str
    subject: str
    what: str  # "notice" (the last day to stop a renewal), "renews" (too late to stop it) or "ends"
    day: date  # the term's end, or the last day to give notice
    days_left: int
    term_end: date
    auto_renew: bool


_PARTY, _FROM = PARTY, FROM
_EXPIRED = "(c.status = 'signed' AND NOT c.auto_renew AND c.valid_to < :today)"


def _row(uow: UnitOfWork, r) -> ContractRow:
    c = uow.s.get(Contract, r[0])
    return ContractRow(c.id, c.number, r[1], c.subject, c.valid_to, term_end(c, uow.today), c.auto_renew,
                       contract_state_of(c, uow.today), c.amount)


def list_contracts(uow: UnitOfWork, *, state: str | None = None, party: str | None = None, search: str | None = None,
                   before_id: int | None = None, after_id: int | None = None, limit: int = 100) -> list[ContractRow]:
    """Contracts newest first, paged by id. ``state``: one of the states, or "live" (signed and not
    expired); ``search``: a number, their number, or part of the subject or the party's name."""
    where, params = _filters(uow, state=state, party=party, search=search)
    params["limit"] = limit
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


def count_contracts(uow: UnitOfWork, *, state: str | None = None, party: str | None = None,
                    search: str | None = None, cap: int = CAP) -> Count:
    """How many contracts list_contracts pages through under the same filters, up to ``cap``."""
    where, params = _filters(uow, state=state, party=party, search=search)
    return capped_count(uow, _FROM, where, params, cap)


def _filters(uow: UnitOfWork, *, state: str | None, party: str | None, search: str | None) -> tuple[list[str], dict]:
    """The conditions (and their parameters) of the contracts a list shows."""
    uow.require(Perm.READ)
    where: list[str] = []
    params: dict = {"today": uow.today}
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
            raise InvalidInput(_("'{state}' is not a state of a contract; choose {codes}.").format(
                state=state, codes=choices([*STATES, "live"], _contract_state)))
    if party:
        where.append("(sup.code = :code OR cus.code = :code)")
        params["code"] = party.strip().upper()
    if search and search.strip():
        from boclerk.services import like

        term = search.strip()
        where.append(f"(c.number = :upper OR c.number LIKE :prefix ESCAPE '\\' OR c.their_number = :term "
                     f"OR {like.folded_sql('c.subject')} LIKE :like ESCAPE '\\' OR {like.folded_sql(_PARTY)} LIKE :like ESCAPE '\\')")
        params.update(upper=term.upper(), term=term, like=like.contains(term),
                      prefix=like.prefix(term.upper()) if term.upper().startswith("CTR-") else like.escaped(term.upper()))
    return where, params


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
