"""Monthly budgets per department and category of supplies, and spending against them.

Spending is counted twice: what the office manager approved in the month (the commitment, which
the budget warns about at approval) and what was received in the month (the expense booked to
the department at receipt, at the purchase order's price).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, text

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.ledger import Department
from boclerk.domain.office import DepartmentBudget
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services.ledger import book as ledger
from boclerk.services.office.periods import first_day, in_words, last_day, shown
from boclerk.services.rows import money_field

SET_BUDGET = act("office.budget")


@dataclass(frozen=True)
class BudgetRow:
    month: str
    department: str
    category: str
    budget: int | None = money_field()  # None: no budget set
    approved: int = money_field(default=0)
    received: int = money_field(default=0)
    left: int | None = money_field(default=None)  # budget less approved

    @property
    def over(self) -> bool:
        return self.left is not None and self.left < 0


def set_budget(uow: UnitOfWork, department: str, category: str, amount: int, period: int) -> BudgetRow:
    """What ``department`` may spend on ``category`` in the month (0 forbids nothing: it warns)."""
    uow.require(SET_BUDGET)
    category = (category or "").strip()
    if not category:
        raise InvalidInput(_("Name the category of supplies the budget is for (as the products' category)."))
    if not isinstance(amount, int) or amount < 0:
        raise InvalidInput(_("A budget is an amount of zero or more."))
    dept = ledger.department(uow, department)
    row = uow.s.scalars(select(DepartmentBudget).where(
        DepartmentBudget.department_id == dept.id, DepartmentBudget.category == category,
        DepartmentBudget.period == period)).first()
    before = row.amount if row else None
    if row is None:
        row = DepartmentBudget(department_id=dept.id, category=category, period=period, amount=amount)
        uow.s.add(row)
    else:
        row.amount = amount
    uow.s.flush()
    uow.audit("budget.set", "budget", f"{dept.code}/{category}/{shown(period)}",
              before=None if before is None else {"amount": decimal_str(before, uow.currency)},
              after={"amount": decimal_str(amount, uow.currency)})
    return BudgetRow(shown(period), dept.code, category, amount)


def _approved(uow: UnitOfWork, department_id: int | None, start, end) -> dict[tuple[int, str, int], int]:
    """Approved request lines' value by (department, category, month decided)."""
    sql = ("SELECT r.department_id, p.category, l.decided_on, SUM(l.value) FROM request_line l "
           "JOIN supply_request r ON r.id = l.request_id JOIN product p ON p.id = l.product_id "
           "WHERE l.status = 'approved' AND l.decided_on >= :start AND l.decided_on <= :end")
    if department_id is not None:
        sql += " AND r.department_id = :dept"
    sql += " GROUP BY r.department_id, p.category, l.decided_on"
    out: dict[tuple[int, str, int], int] = defaultdict(int)
    from boclerk.db.dialect import as_date

    for dept, category, day, amount in uow.s.execute(text(sql), {"start": start, "end": end, "dept": department_id}):
        d = as_date(day)
        out[(dept, category, d.year * 100 + d.month)] += int(amount or 0)
    return out


def _received(uow: UnitOfWork, department_id: int | None, start, end) -> dict[tuple[int, str, int], int]:
    """What requested lines brought in, by (department, category, month received), at PO prices."""
    sql = ("SELECT r.department_id, p.category, g.day, SUM(rl.value) FROM request_line l "
           "JOIN supply_request r ON r.id = l.request_id JOIN product p ON p.id = l.product_id "
           "JOIN receipt_line rl ON rl.po_line_id = l.po_line_id JOIN goods_receipt g ON g.id = rl.receipt_id "
           "WHERE g.day >= :start AND g.day <= :end")
    if department_id is not None:
        sql += " AND r.department_id = :dept"
    sql += " GROUP BY r.department_id, p.category, g.day"
    out: dict[tuple[int, str, int], int] = defaultdict(int)
    from boclerk.db.dialect import as_date

    for dept, category, day, amount in uow.s.execute(text(sql), {"start": start, "end": end, "dept": department_id}):
        d = as_date(day)
        out[(dept, category, d.year * 100 + d.month)] += int(amount or 0)
    return out


def budget_warnings(uow: UnitOfWork, department_id: int, approved_now: Sequence[tuple[str, int]]) -> list[str]:
    """After lines were approved (their categories and values), one sentence per budget of the
    department this month that the approval took over."""
    today = uow.today
    period = today.year * 100 + today.month
    touched = {category for category, _ in approved_now}
    if not touched:
        return []
    budgets = {b.category: b.amount for b in uow.s.scalars(select(DepartmentBudget).where(
        DepartmentBudget.department_id == department_id, DepartmentBudget.period == period,
        DepartmentBudget.category.in_(touched)))}
    if not budgets:
        return []
    spent = _approved(uow, department_id, first_day(period), last_day(period))
    dept = uow.s.get(Department, department_id).code
    out = []
    for category in sorted(budgets):
        total = spent.get((department_id, category, period), 0)
        now = sum(value for c, value in approved_now if c == category)
        if total > budgets[category] and now:
            money = lambda v: decimal_str(v, uow.currency)  # noqa: E731
            out.append(_("Over budget: {dept}'s {category} budget for {period} is {amount}; approved {amount2} with these lines ({amount3} over).").format(dept=dept, category=category, period=in_words(period), amount=money(budgets[category]), amount2=money(total), amount3=money(total - budgets[category])))
    return out


def budget_report(uow: UnitOfWork, start: int | None = None, end: int | None = None, *,
                  department: str | None = None) -> list[BudgetRow]:
    """Spending against budget per month, department and category, from ``start`` to ``end``
    (YYYYMM; both this month when not given)."""
    uow.require(Perm.READ)
    start = start or uow.today.year * 100 + uow.today.month
    end = end or start
    if end < start:
        raise InvalidInput(_("The months run from {start} to {end}: the first comes after the last.").format(start=in_words(start), end=in_words(end)))
    if (end // 100 - start // 100) * 12 + end % 100 - start % 100 >= 120:
        raise InvalidInput(_("Ask for ten years at most."))
    dept_id = ledger.department(uow, department).id if department else None
    stmt = select(DepartmentBudget).where(DepartmentBudget.period >= start, DepartmentBudget.period <= end)
    if dept_id is not None:
        stmt = stmt.where(DepartmentBudget.department_id == dept_id)
    budgets = {(b.department_id, b.category, b.period): b.amount for b in uow.s.scalars(stmt)}
    approved = _approved(uow, dept_id, first_day(start), last_day(end))
    received = _received(uow, dept_id, first_day(start), last_day(end))
    codes = {d.id: d.code for d in uow.s.scalars(select(Department))}
    keys = sorted(set(budgets) | set(approved) | set(received), key=lambda k: (k[2], codes[k[0]], k[1]))
    rows = []
    for dept, category, period in keys:
        budget = budgets.get((dept, category, period))
        spent = approved.get((dept, category, period), 0)
        rows.append(BudgetRow(shown(period), codes[dept], category, budget, spent,
                              received.get((dept, category, period), 0),
                              None if budget is None else budget - spent))
    return rows
