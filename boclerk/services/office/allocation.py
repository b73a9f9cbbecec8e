"""Posting the internal deals of a month, and each department's result before and after them.

``allocate(period)`` posts every allocation rule and service agreement in force that month as
one entry each, dated the month's last day (source "allocation", the deal's code); a deal's
month is posted once, so running the month again changes nothing. What a rule spreads is what
its account carries in the month in its source department (or without one), leaving the
allocations themselves out. Every line stays on the one account, so the company's total is the
same before and after: only the departments' shares of it differ.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, text

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.ledger import Account, Department, JournalEntry
from boclerk.domain.office import DealKind, DealPosting, DealShare, InternalDeal, Staff
from boclerk.domain.office_words import basis_word
from boclerk.domain.permissions import Perm
from boclerk.errors import Refused
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.office.periods import first_day, in_words, last_day, shown
from boclerk.services.rows import money_field

ALLOCATE = act("office.allocate")
SOURCE = "allocation"


@dataclass(frozen=True)
class DealPosted:
    code: str
    kind: str
    entry: str | None  # the entry of the month (posted now, or before)
    already: bool = False
    note: str = ""  # why nothing was posted
    amount: int = money_field(default=0)


@dataclass(frozen=True)
class AllocationRun:
    period: str
    deals: list[DealPosted] = field(default_factory=list)

    @property
    def posted(self) -> list[DealPosted]:
        return [d for d in self.deals if d.entry and not d.already]


def split(amount: int, weights: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``amount`` in proportion to the weights, in whole minor units that add up exactly: the
    units left after rounding down go to the largest remainders (ties by department code)."""
    total = sum(w for _, w in weights)
    sign, left = (1 if amount >= 0 else -1), abs(amount)
    parts = [(code, left * w // total, left * w % total) for code, w in weights]
    short = left - sum(p for _, p, _ in parts)
    order = sorted(range(len(parts)), key=lambda i: (-parts[i][2], parts[i][0]))
    extra = set(order[:short])
    return [(code, sign * (p + (1 if i in extra else 0))) for i, (code, p, _) in enumerate(parts)]


def _balance(uow: UnitOfWork, account_id: int, department_id: int | None, period: int, *,
             by_department: bool = False):
    """What an account carries in the month (debit positive), leaving allocations out; by
    department, a {department code: amount} of the departments that have any."""
    params = {"acc": account_id, "start": first_day(period), "end": last_day(period), "source": SOURCE}
    joins = "FROM posting p JOIN journal_entry e ON e.id = p.entry_id"
    where = ("WHERE p.account_id = :acc AND p.entry_date >= :start AND p.entry_date <= :end "
             "AND e.source_kind <> :source")
    if by_department:
        rows = uow.s.execute(text(f"SELECT d.code, SUM(p.amount) {joins} JOIN department d ON d.id = p.department_id "
                                  f"{where} GROUP BY d.code"), params)
        return {code: int(amount) for code, amount in rows if amount}
    if department_id is None:
        where += " AND p.department_id IS NULL"
    else:
        where += " AND p.department_id = :dept"
        params["dept"] = department_id
    return int(uow.s.execute(text(f"SELECT COALESCE(SUM(p.amount), 0) {joins} {where}"), params).scalar() or 0)


def _weights(uow: UnitOfWork, deal: InternalDeal, period: int, codes: dict[int, str]) -> list[tuple[str, int]]:
    named = [(codes[s.department_id], s.weight) for s in uow.s.scalars(
        select(DealShare).where(DealShare.deal_id == deal.id).order_by(DealShare.id))]
    if deal.basis in ("area", "fixed"):
        return [(c, w) for c, w in named if w > 0]
    if deal.basis == "headcount":
        counts: dict[str, int] = defaultdict(int)
        for dept_id in uow.s.scalars(select(Staff.department_id).where(Staff.active.is_(True))):
            counts[codes[dept_id]] += 1
    else:
        counts = {c: abs(v) for c, v in _balance(uow, deal.basis_account_id, None, period, by_department=True).items()}
    wanted = [c for c, _ in named] or sorted(counts)
    return [(c, counts.get(c, 0)) for c in wanted if counts.get(c, 0) > 0]


def _account_code(uow: UnitOfWork, account_id: int | None) -> str | None:
    return uow.s.get(Account, account_id).code if account_id else None


def _post_deal(uow: UnitOfWork, deal: InternalDeal, period: int, codes: dict[int, str]) -> DealPosted:
    acc = uow.s.get(Account, deal.account_id)
    memo = f"{deal.name}, {shown(period)}"
    if deal.kind == DealKind.SERVICE.value:
        amount = deal.fee
        lines = posting_rules.service_charge(deal.fee, account=acc.code, provider=codes[deal.from_department_id],
                                             receiver=codes[deal.to_department_id])
    else:
        amount = _balance(uow, acc.id, deal.from_department_id, period)
        where = (_("in {department}").format(department=codes[deal.from_department_id]) if deal.from_department_id
                 else _("without a department"))
        if amount == 0:
            return DealPosted(deal.code, deal.kind, None,
                              note=_("{code} {name} carries nothing {where} in {period}").format(code=acc.code, name=acc.name, where=where, period=in_words(period)))
        weights = _weights(uow, deal, period, codes)
        if not weights:
            return DealPosted(deal.code, deal.kind, None, note=_("no department has any {basis} to share by").format(
                basis=basis_word(deal.basis, _account_code(uow, deal.basis_account_id))))
        lines = posting_rules.allocation(acc.code, source=codes.get(deal.from_department_id),
                                         shares=split(amount, weights))
    posted = ledger.post(uow, entry_date=last_day(period), memo=memo, lines=lines, source_kind=SOURCE,
                         source_ref=deal.code)
    uow.s.add(DealPosting(deal_id=deal.id, period=period, entry_id=posted.id))
    uow.s.flush()
    return DealPosted(deal.code, deal.kind, posted.number, amount=abs(amount))


def allocate(uow: UnitOfWork, period: int) -> AllocationRun:
    """Post the month's allocations and service charges, each deal once."""
    uow.require(ALLOCATE)
    if first_day(period) > uow.today:
        raise Refused(_("{period} has not begun; allocations are posted for months that have.").format(period=in_words(period)))
    codes = {d.id: d.code for d in uow.s.scalars(select(Department))}
    deals = uow.s.scalars(select(InternalDeal).where(
        (InternalDeal.valid_from.is_(None)) | (InternalDeal.valid_from <= last_day(period)),
        (InternalDeal.valid_to.is_(None)) | (InternalDeal.valid_to >= first_day(period))).order_by(InternalDeal.code))
    out = []
    for deal in deals:
        before = uow.s.execute(select(JournalEntry.number).join(DealPosting, DealPosting.entry_id == JournalEntry.id)
                               .where(DealPosting.deal_id == deal.id, DealPosting.period == period)).scalar()
        if before is not None:
            out.append(DealPosted(deal.code, deal.kind, before, already=True))
            continue
        out.append(_post_deal(uow, deal, period, codes))
    if not out:
        raise Refused(_("No allocation rule or service agreement is in force in {period}.").format(period=in_words(period)))
    run = AllocationRun(shown(period), out)
    if run.posted:
        uow.audit("ledger.allocate", "period", shown(period), after={
            d.code: {"entry": d.entry, "amount": decimal_str(d.amount, uow.currency)} for d in run.posted})
    return run


# -- each department's result, before and after ---------------------------------------------------------------

@dataclass(frozen=True)
class DepartmentAllocation:
    department: str
    before: int = money_field()
    allocated: int = money_field()  # what the internal deals did to its result
    after: int = money_field()


@dataclass(frozen=True)
class AllocationPnl:
    start: date
    end: date
    departments: list[DepartmentAllocation]
    before: int = money_field()
    after: int = money_field()


def allocation_effect(uow: UnitOfWork, start: date, end: date) -> dict[str, int]:
    """What the internal deals dated start..end did to each department's result ("-": none)."""
    uow.require(Perm.READ)
    rows = uow.s.execute(text(
        "SELECT COALESCE(d.code, '-'), SUM(p.amount) FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
        "JOIN account a ON a.id = p.account_id LEFT JOIN department d ON d.id = p.department_id "
        "WHERE e.source_kind = :source AND p.entry_date >= :start AND p.entry_date <= :end "
        "AND a.type IN ('income', 'expense') GROUP BY COALESCE(d.code, '-')"),
        {"source": SOURCE, "start": start, "end": end})
    return {code: -int(amount) for code, amount in rows if amount}


def pnl_by_department(uow: UnitOfWork, start: date, end: date) -> AllocationPnl:
    """Each department's result for the period before and after allocation; the company's total
    is the same both ways."""
    from boclerk.services.ledger.reports import profit_and_loss

    uow.require(Perm.READ)
    after = profit_and_loss(uow, start, end, by_department=True)
    effect = allocation_effect(uow, start, end)
    names = sorted(set(after.departments) | set(effect))
    rows = []
    for dept in names:
        result = after.departments[dept].profit if dept in after.departments else 0
        rows.append(DepartmentAllocation(dept, result - effect.get(dept, 0), effect.get(dept, 0), result))
    return AllocationPnl(start, end, rows, sum(r.before for r in rows), sum(r.after for r in rows))
