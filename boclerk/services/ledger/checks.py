"""Invariants of the money book, for ``boclerk db check``."""

from __future__ import annotations

from sqlalchemy import text

from boclerk.db.uow import UnitOfWork
from boclerk.i18n import _


def entries_balance(uow: UnitOfWork) -> list[str]:
    rows = uow.s.execute(text(
        "SELECT e.number, SUM(p.amount) FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
        "GROUP BY e.number HAVING SUM(p.amount) <> 0"
    )).all()
    empty = uow.s.execute(text(
        "SELECT e.number FROM journal_entry e WHERE e.status = 'posted' "
        "AND NOT EXISTS (SELECT 1 FROM posting p WHERE p.entry_id = e.id)"
    )).all()
    return [_("{n} is off by {s} (minor units)").format(n=n, s=s) for n, s in rows] + [_("{n} has no postings").format(n=n) for (n,) in empty]


def postings_posted(uow: UnitOfWork) -> list[str]:
    rows = uow.s.execute(text(
        "SELECT p.id, e.id FROM posting p JOIN journal_entry e ON e.id = p.entry_id WHERE e.status <> 'posted'"
    )).all()
    return [_("posting {pid} belongs to draft entry #{eid}").format(pid=pid, eid=eid) for pid, eid in rows]


def trial_balance_zero(uow: UnitOfWork) -> list[str]:
    total = uow.s.execute(text("SELECT COALESCE(SUM(amount), 0) FROM posting")).scalar_one()
    periods = uow.s.execute(text("SELECT COALESCE(SUM(debit - credit), 0) FROM account_balance")).scalar_one()
    out = []
    if total:
        out.append(_("the postings sum to {total}, not zero").format(total=total))
    if periods:
        out.append(_("the period balances sum to {periods}, not zero").format(periods=periods))
    return out


def period_balances(uow: UnitOfWork) -> list[str]:
    period = "CAST(strftime('%Y%m', entry_date) AS INTEGER)" if uow.db.dialect == "sqlite" else \
        "CAST(to_char(entry_date, 'YYYYMM') AS INTEGER)"
    rows = uow.s.execute(text(
        "SELECT a.code, t.dept_key, t.period, SUM(t.dr1), SUM(t.dr2), SUM(t.cr1), SUM(t.cr2) FROM ("
        f" SELECT account_id, COALESCE(department_id, 0) AS dept_key, {period} AS period,"
        "  CASE WHEN amount > 0 THEN amount ELSE 0 END AS dr1, 0 AS dr2,"
        "  CASE WHEN amount < 0 THEN -amount ELSE 0 END AS cr1, 0 AS cr2 FROM posting"
        " UNION ALL SELECT account_id, dept_key, period, 0, debit, 0, credit FROM account_balance) t "
        "JOIN account a ON a.id = t.account_id "
        "GROUP BY a.code, t.dept_key, t.period HAVING SUM(t.dr1) <> SUM(t.dr2) OR SUM(t.cr1) <> SUM(t.cr2)"
    )).all()
    return [_("account {code} department #{d} {p}: postings {dr1}/{cr1}, balances {dr2}/{cr2}").format(code=code, d=d, p=p, dr1=dr1, cr1=cr1, dr2=dr2, cr2=cr2)
            for code, d, p, dr1, dr2, cr1, cr2 in rows]
