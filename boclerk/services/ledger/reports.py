"""The books' reports: trial balance, profit and loss, balance sheet, account ledger,
stock valuation (from ``stock_value_day``, see :func:`stock_valuation`).

Account totals come from ``account_balance`` (debits and credits per account,
department and month, kept up to date as entries post) for whole months, and from the
postings themselves only for the partial months at the edges of a period: either the part
of the month inside the period, or the month's total less the part outside it, whichever
covers fewer days up to today (days still to come have next to no postings). A trial
balance at today therefore reads the postings dated after today, not the month so far: at a
million orders a week of December is some 230,000 postings.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from boclerk.db.plain import core_only, text
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput, NotFound
from boclerk.i18n import _
from boclerk.services import shown
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

Key = tuple[int, int]  # (account id, department id or 0)

INCOME, EXPENSE, ASSET = "income", "expense", "asset"  # the account types (domain.ledger.AccountType)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _period_of(day: date) -> int:
    return day.year * 100 + day.month  # as domain.ledger.period_of


def _add(totals: dict[Key, list[int]], rows, sign: int = 1) -> None:
    for acc, d, dr, cr in rows:
        cell = totals[(acc, d or 0)]
        cell[0] += sign * int(dr or 0)  # SUM(bigint) is numeric (Decimal) on PostgreSQL
        cell[1] += sign * int(cr or 0)


Range = tuple[date, date]


def _past_days(lo: date, hi: date, today: date) -> int:
    """Days of lo..hi on or before ``today``: what reading that range's postings costs."""
    return max((min(hi, today) - lo).days + 1, 0)


def month_plan(start: date | None, end: date, today: date) -> tuple[tuple[int, int] | None, list[Range], list[Range]]:
    """How :func:`movements` reads start..end: the months (first, last as YYYYMM, or None) whose
    totals come from ``account_balance``, the day ranges whose postings are added to them and
    those whose postings are taken off (a partial month read as its total less the days outside
    the period, when those are fewer days up to ``today`` than the days inside)."""
    first = None if start is None else start.replace(day=1)
    last = _month_end(end)
    add: list[Range] = []
    sub: list[Range] = []
    if start is not None and start.day != 1:
        inside = min(end, _month_end(start))  # start..inside: what of start's month the period holds
        outside = [r for r in ((first, start - timedelta(days=1)), (inside + timedelta(days=1), _month_end(start)))
                   if r[0] <= r[1]]
        if _past_days(start, inside, today) <= sum(_past_days(lo, hi, today) for lo, hi in outside):
            add.append((start, inside))
            first = _month_end(start) + timedelta(days=1)
        else:
            sub.extend(outside)
        if inside == end:  # the period ends in the month it starts in: done
            return (None if first > last else (_period_of(first), _period_of(last))), add, sub
    if end != last:
        month_start = end.replace(day=1)
        if _past_days(month_start, end, today) <= _past_days(end + timedelta(days=1), last, today):
            add.append((month_start, end))
            last = month_start - timedelta(days=1)
        else:
            sub.append((end + timedelta(days=1), last))
    if first is not None and first > last:
        return None, add, sub
    return (None if first is None else _period_of(first), _period_of(last)), add, sub


def movements(uow: UnitOfWork, start: date | None, end: date, *, by_department: bool = False) -> dict[Key, list[int]]:
    """Debits and credits per account (and department) of postings dated start..end.

    Plain SQL (it serves the reports that run without the ORM, see boclerk/db/plain.py)."""
    if start is not None and start > end:
        raise InvalidInput(_("The period starts ({start}) after it ends ({end}).").format(start=shown.day(uow, start), end=shown.day(uow, end)))
    totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    months, add, sub = month_plan(start, end, uow.today)
    if months is not None:
        first, last = months
        dept = "dept_key" if by_department else "0"
        sql = (f"SELECT account_id, {dept}, SUM(debit), SUM(credit) FROM account_balance "
               "WHERE period <= :last" + (" AND period >= :first" if first is not None else "")
               + " GROUP BY account_id" + (", dept_key" if by_department else ""))
        _add(totals, uow.s.execute(text(sql), {"last": last} if first is None else {"last": last, "first": first}))
    # a literal 0: PostgreSQL must see the same expression in SELECT and GROUP BY
    dept = "COALESCE(department_id, 0)" if by_department else "0"
    sql = (f"SELECT account_id, {dept}, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), "
           "SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) FROM posting WHERE entry_date >= :lo AND entry_date <= :hi"
           " GROUP BY account_id" + (", COALESCE(department_id, 0)" if by_department else ""))
    for ranges, sign in ((add, 1), (sub, -1)):
        for lo, hi in ranges:
            _add(totals, uow.s.execute(text(sql), {"lo": lo, "hi": hi}), sign)
    return {key: cell for key, cell in totals.items() if cell != [0, 0]}


@dataclass(frozen=True)
class AccountRef:
    id: int
    code: str
    name: str
    type: str


def _accounts(uow: UnitOfWork) -> dict[int, AccountRef]:
    return {r.id: AccountRef(r.id, r.code, r.name, r.type)
            for r in uow.s.execute(text("SELECT id, code, name, type FROM account ORDER BY code"))}


def _account(uow: UnitOfWork, key: str) -> AccountRef:
    """An account by role ("inventory") or code ("1200"), as services.ledger.book.account finds it."""
    for sql, value in (("role = :k", key), ("code = :k", key.strip())):
        r = uow.s.execute(text(f"SELECT id, code, name, type FROM account WHERE {sql} ORDER BY id"), {"k": value}).first()
        if r is not None:
            return AccountRef(r.id, r.code, r.name, r.type)
    raise NotFound(_("There is no account {key}.").format(key=key))


def _departments(uow: UnitOfWork) -> dict[int, str]:
    return {r.id: r.code for r in uow.s.execute(text("SELECT id, code FROM department"))}


# -- trial balance -----------------------------------------------------------------

@dataclass(frozen=True)
class TrialBalanceRow:
    code: str
    name: str
    type: str
    debit: int = money_field()
    credit: int = money_field()
    balance: int = money_field()


@dataclass(frozen=True)
class TrialBalance:
    at: date
    rows: list[TrialBalanceRow]
    total_debit: int = money_field()
    total_credit: int = money_field()


@core_only
def trial_balance(uow: UnitOfWork, at: date | None = None) -> TrialBalance:
    """Every account with a balance at the end of ``at``: debit or credit column."""
    uow.require(Perm.READ)
    at = at or uow.today
    accounts = _accounts(uow)
    rows = []
    for (acc_id, _), (dr, cr) in sorted(movements(uow, None, at).items(), key=lambda kv: accounts[kv[0][0]].code):
        bal = dr - cr
        if bal == 0:
            continue
        a = accounts[acc_id]
        rows.append(TrialBalanceRow(a.code, a.name, a.type, max(bal, 0), max(-bal, 0), bal))
    return TrialBalance(at, rows, sum(r.debit for r in rows), sum(r.credit for r in rows))


# -- profit and loss ---------------------------------------------------------------

@dataclass(frozen=True)
class PnlRow:
    code: str
    name: str
    type: str
    department: str | None
    amount: int = money_field()  # income positive, expense positive


@dataclass(frozen=True)
class DepartmentResult:
    """One department's income, expenses and result; unpacks as (income, expense, profit)."""

    income: int = money_field()
    expense: int = money_field()
    profit: int = money_field()

    def __iter__(self):
        return iter((self.income, self.expense, self.profit))


@dataclass(frozen=True)
class Pnl:
    start: date
    end: date
    by_department: bool
    rows: list[PnlRow]
    income: int = money_field()
    expense: int = money_field()
    profit: int = money_field()
    departments: dict[str, DepartmentResult] = field(default_factory=dict)


@core_only
def profit_and_loss(uow: UnitOfWork, start: date, end: date, *, by_department: bool = False) -> Pnl:
    """Income and expenses of a period; by department, each department's own result."""
    uow.require(Perm.READ)
    accounts, depts = _accounts(uow), _departments(uow)
    rows: list[PnlRow] = []
    per_dept: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (acc_id, dept_id), (dr, cr) in movements(uow, start, end, by_department=by_department).items():
        a = accounts[acc_id]
        if a.type not in (INCOME, EXPENSE):
            continue
        amount = cr - dr if a.type == INCOME else dr - cr
        if amount == 0 and dr == 0:
            continue
        dept = depts.get(dept_id) if by_department else None
        rows.append(PnlRow(a.code, a.name, a.type, dept, amount))
        if by_department:
            cell = per_dept[dept or "-"]
            cell[0 if a.type == INCOME else 1] += amount
    rows.sort(key=lambda r: (r.type != INCOME, r.code, r.department or ""))
    income = sum(r.amount for r in rows if r.type == INCOME)
    expense = sum(r.amount for r in rows if r.type == EXPENSE)
    departments = {d: DepartmentResult(i, e, i - e) for d, (i, e, _) in sorted(per_dept.items())}
    return Pnl(start, end, by_department, rows, income, expense, income - expense, departments)


# -- balance sheet -------------------------------------------------------------------

@dataclass(frozen=True)
class BalanceSheetRow:
    section: str  # assets, liabilities, equity
    code: str
    name: str
    amount: int = money_field()


@dataclass(frozen=True)
class BalanceSheet:
    at: date
    rows: list[BalanceSheetRow]
    assets: int = money_field()
    liabilities: int = money_field()
    equity: int = money_field()
    earnings: int = money_field()  # income less expenses to date, not yet closed to equity


@core_only
def balance_sheet(uow: UnitOfWork, at: date | None = None) -> BalanceSheet:
    uow.require(Perm.READ)
    at = at or uow.today
    accounts = _accounts(uow)
    rows, earnings = [], 0
    totals = {"asset": 0, "liability": 0, "equity": 0}
    for (acc_id, _), (dr, cr) in movements(uow, None, at).items():
        a = accounts[acc_id]
        if a.type in (INCOME, EXPENSE):
            earnings += cr - dr
            continue
        amount = dr - cr if a.type == ASSET else cr - dr
        if amount:
            rows.append(BalanceSheetRow({"asset": "assets", "liability": "liabilities", "equity": "equity"}[a.type],
                                        a.code, a.name, amount))
            totals[a.type] += amount
    order = {"assets": 0, "liabilities": 1, "equity": 2}
    rows.sort(key=lambda r: (order[r.section], r.code))
    return BalanceSheet(at, rows, totals["asset"], totals["liability"], totals["equity"] + earnings, earnings)


# -- account ledger -------------------------------------------------------------------

@dataclass(frozen=True)
class LedgerLine:
    entry_date: date
    number: str
    memo: str
    department: str | None
    source: str
    debit: int = money_field()
    credit: int = money_field()
    balance: int = money_field()


@dataclass(frozen=True)
class AccountLedger:
    code: str
    name: str
    type: str
    start: date | None
    end: date
    lines: list[LedgerLine]
    opening: int = money_field()
    closing: int = money_field()
    truncated: bool = False


def account_ledger(uow: UnitOfWork, account_key: str, *, start: date | None = None, end: date | None = None,
                   limit: int = 5000) -> AccountLedger:
    """One account's postings with a running balance (debit-positive)."""
    from sqlalchemy import select

    from boclerk.domain.ledger import Department, JournalEntry, Posting
    from boclerk.services.ledger import book as ledger

    uow.require(Perm.READ)
    acc = ledger.account(uow, account_key)
    end = end or uow.today
    opening = 0
    if start is not None:
        before = movements(uow, None, start - timedelta(days=1))
        opening = sum(dr - cr for (a, _), (dr, cr) in before.items() if a == acc.id)
    p, e = Posting, JournalEntry
    stmt = (select(p.entry_date, e.number, e.memo, Department.code, e.source_ref, p.amount)
            .join(e, e.id == p.entry_id).outerjoin(Department, Department.id == p.department_id)
            .where(p.account_id == acc.id, p.entry_date <= end).order_by(p.entry_date, p.id).limit(limit + 1))
    if start is not None:
        stmt = stmt.where(p.entry_date >= start)
    raw = uow.s.execute(stmt).all()
    truncated = len(raw) > limit
    running, lines = opening, []
    for d, number, memo, dept, source, amount in raw[:limit]:
        running += amount
        lines.append(LedgerLine(d, number, memo, dept, source, max(amount, 0), max(-amount, 0), running))
    return AccountLedger(acc.code, acc.name, acc.type, start, end, lines, opening, running, truncated)


# -- stock valuation -------------------------------------------------------------------

@dataclass(frozen=True)
class ValuationRow:
    sku: str
    name: str
    warehouse: str
    qty: Decimal  # in the product's unit
    value: int = money_field()


@dataclass(frozen=True)
class StockValuation:
    at: date
    rows: list[ValuationRow]
    total: int = money_field()
    inventory_account: int = money_field()

    @property
    def agrees(self) -> bool:
        return self.total == self.inventory_account


@core_only
def stock_valuation(uow: UnitOfWork, at: date | None = None) -> StockValuation:
    """What is in stock at the end of ``at``, per product and warehouse.

    Summed from ``stock_value_day`` (the moves per day, product and warehouse, kept in step
    with the moves by a trigger and checked by ``db check``), so the report reads days times
    products rather than every move there ever was.
    """
    uow.require(Perm.READ)
    at = at or uow.today
    from boclerk.quantity import to_units

    sums = uow.s.execute(text(
        "SELECT p.sku, p.name, w.code, SUM(m.qty), SUM(m.value), u.decimals FROM stock_value_day m "
        "JOIN product p ON p.id = m.product_id JOIN warehouse w ON w.id = m.warehouse_id "
        "LEFT JOIN unit u ON u.code = p.unit "
        "WHERE m.move_date <= :at GROUP BY p.sku, p.name, w.code, u.decimals "
        "HAVING SUM(m.qty) != 0 OR SUM(m.value) != 0 ORDER BY p.sku, w.code"), {"at": at})
    rows = [ValuationRow(sku, name, wh, to_units(int(qty), int(decimals or 0)), int(value))
            for sku, name, wh, qty, value, decimals in sums]
    inventory = _account(uow, "inventory")
    booked = sum(dr - cr for (a, _), (dr, cr) in movements(uow, None, at).items() if a == inventory.id)
    return StockValuation(at, rows, sum(r.value for r in rows), booked)
