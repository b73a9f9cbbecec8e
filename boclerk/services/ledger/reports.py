"""The books' reports: trial balance, profit and loss, balance sheet, account ledger,
stock valuation (from ``stock_value_day``, see :func:`stock_valuation`).

Account totals come from ``account_balance`` (debits and credits per account,
department and month, kept up to date as entries post) for whole months, and from the
postings themselves only for the partial months at the edges of a period. A trial
balance therefore reads at most two months of postings, however large the books are.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import case, func, literal_column, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, Warehouse
from boclerk.domain.ledger import (
    Account,
    AccountBalance,
    AccountType,
    Department,
    JournalEntry,
    Posting,
    period_of,
)
from boclerk.domain.permissions import Perm
from boclerk.domain.stock import StockValueDay
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.ledger import book as ledger
from boclerk.services.rows import money_field

Key = tuple[int, int]  # (account id, department id or 0)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def movements(uow: UnitOfWork, start: date | None, end: date, *, by_department: bool = False) -> dict[Key, list[int]]:
    """Debits and credits per account (and department) of postings dated start..end."""
    if start is not None and start > end:
        raise InvalidInput(_("The period starts ({start}) after it ends ({end}).").format(start=start, end=end))
    totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    first_full = start if start is None or start.day == 1 else _month_end(start) + timedelta(days=1)
    last_full = end if end == _month_end(end) else end.replace(day=1) - timedelta(days=1)
    partial: list[tuple[date | None, date]] = []
    if first_full is None or first_full <= last_full:
        ab = AccountBalance
        dept = ab.dept_key if by_department else func.min(0)
        stmt = select(ab.account_id, dept, func.sum(ab.debit), func.sum(ab.credit)).where(
            ab.period <= period_of(last_full))
        if first_full is not None:
            stmt = stmt.where(ab.period >= period_of(first_full))
        stmt = stmt.group_by(ab.account_id, *([ab.dept_key] if by_department else []))
        for acc, d, dr, cr in uow.s.execute(stmt):
            cell = totals[(acc, d or 0)]
            cell[0] += int(dr or 0)  # SUM(bigint) is numeric (Decimal) on PostgreSQL
            cell[1] += int(cr or 0)
        if start is not None and start < first_full:
            partial.append((start, first_full - timedelta(days=1)))
        if last_full < end:
            partial.append((last_full + timedelta(days=1), end))
    else:
        partial.append((start, end))
    p = Posting
    debit = func.sum(case((p.amount > 0, p.amount), else_=0))
    credit = func.sum(case((p.amount < 0, -p.amount), else_=0))
    for lo, hi in partial:
        # a literal 0, not a bound parameter: PostgreSQL must see the same expression in
        # SELECT and GROUP BY, and two bound parameters are two different expressions to it
        dept_key = func.coalesce(p.department_id, literal_column("0"))
        dept = dept_key if by_department else func.min(0)
        stmt = select(p.account_id, dept, debit, credit).where(p.entry_date <= hi)
        if lo is not None:
            stmt = stmt.where(p.entry_date >= lo)
        stmt = stmt.group_by(p.account_id, *([dept_key] if by_department else []))
        for acc, d, dr, cr in uow.s.execute(stmt):
            cell = totals[(acc, d or 0)]
            cell[0] += int(dr or 0)  # SUM(bigint) is numeric (Decimal) on PostgreSQL
            cell[1] += int(cr or 0)
    return totals


def _accounts(uow: UnitOfWork) -> dict[int, Account]:
    return {a.id: a for a in uow.s.scalars(select(Account).order_by(Account.code))}


def _departments(uow: UnitOfWork) -> dict[int, str]:
    return {d.id: d.code for d in uow.s.scalars(select(Department))}


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


def profit_and_loss(uow: UnitOfWork, start: date, end: date, *, by_department: bool = False) -> Pnl:
    """Income and expenses of a period; by department, each department's own result."""
    uow.require(Perm.READ)
    accounts, depts = _accounts(uow), _departments(uow)
    rows: list[PnlRow] = []
    per_dept: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (acc_id, dept_id), (dr, cr) in movements(uow, start, end, by_department=by_department).items():
        a = accounts[acc_id]
        if a.type not in (AccountType.INCOME.value, AccountType.EXPENSE.value):
            continue
        amount = cr - dr if a.type == AccountType.INCOME.value else dr - cr
        if amount == 0 and dr == 0:
            continue
        dept = depts.get(dept_id) if by_department else None
        rows.append(PnlRow(a.code, a.name, a.type, dept, amount))
        if by_department:
            cell = per_dept[dept or "-"]
            cell[0 if a.type == AccountType.INCOME.value else 1] += amount
    rows.sort(key=lambda r: (r.type != AccountType.INCOME.value, r.code, r.department or ""))
    income = sum(r.amount for r in rows if r.type == AccountType.INCOME.value)
    expense = sum(r.amount for r in rows if r.type == AccountType.EXPENSE.value)
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


def balance_sheet(uow: UnitOfWork, at: date | None = None) -> BalanceSheet:
    uow.require(Perm.READ)
    at = at or uow.today
    accounts = _accounts(uow)
    rows, earnings = [], 0
    totals = {"asset": 0, "liability": 0, "equity": 0}
    for (acc_id, _), (dr, cr) in movements(uow, None, at).items():
        a = accounts[acc_id]
        if a.type in (AccountType.INCOME.value, AccountType.EXPENSE.value):
            earnings += cr - dr
            continue
        amount = dr - cr if a.type == AccountType.ASSET.value else cr - dr
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


def stock_valuation(uow: UnitOfWork, at: date | None = None) -> StockValuation:
    """What is in stock at the end of ``at``, per product and warehouse.

    Summed from ``stock_value_day`` (the moves per day, product and warehouse, kept in step
    with the moves by a trigger and checked by ``db check``), so the report reads days times
    products rather than every move there ever was.
    """
    uow.require(Perm.READ)
    at = at or uow.today
    m = StockValueDay
    stmt = (select(Product.sku, Product.name, Warehouse.code, func.sum(m.qty), func.sum(m.value), Product.unit)
            .join(Product, Product.id == m.product_id).join(Warehouse, Warehouse.id == m.warehouse_id)
            .where(m.move_date <= at)
            .group_by(Product.sku, Product.name, Warehouse.code, Product.unit)
            .having((func.sum(m.qty) != 0) | (func.sum(m.value) != 0))
            .order_by(Product.sku, Warehouse.code))
    from boclerk.services.catalog.units import shown

    rows = [ValuationRow(sku, name, wh, shown(uow, unit, int(qty)), int(value))
            for sku, name, wh, qty, value, unit in uow.s.execute(stmt)]
    inventory = ledger.account(uow, "inventory")
    booked = sum(dr - cr for (a, _), (dr, cr) in movements(uow, None, at).items() if a == inventory.id)
    return StockValuation(at, rows, sum(r.value for r in rows), booked)
