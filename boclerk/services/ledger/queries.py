"""Reading the journal: entries, one entry with its lines, drafts, accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.ledger import (
    Account,
    Department,
    DraftLine,
    EntryStatus,
    JournalEntry,
    Posting,
)
from boclerk.domain.permissions import Perm
from boclerk.services.ledger.entry_view import EntryDetail, EntryLine, entry_detail  # noqa: F401 (plain SQL)
from boclerk.services.rows import money_field


@dataclass(frozen=True)
class EntryRow:
    id: int
    number: str | None
    entry_date: date
    memo: str
    source: str
    status: str
    amount: int = money_field()


@dataclass(frozen=True)
class AccountRow:
    code: str
    name: str
    type: str
    role: str | None
    active: bool
    balance: int = money_field()


def list_entries(uow: UnitOfWork, *, start: date | None = None, end: date | None = None,
                 source: str | None = None, before_id: int | None = None, after_id: int | None = None,
                 limit: int = 100) -> list[EntryRow]:
    """Posted entries, newest first (keyset on id: pass the last id as ``before_id``).

    ``after_id`` pages the other way: the ``limit`` entries nearest above that id (``0``: the
    oldest), still returned newest first.
    """
    e = JournalEntry
    stmt = entries_query(uow, start=start, end=end, source=source).limit(limit)
    stmt = stmt.order_by(e.id.asc() if after_id is not None else e.id.desc())
    if before_id:
        stmt = stmt.where(e.id < before_id)
    if after_id is not None:
        stmt = stmt.where(e.id > after_id)
    rows = [EntryRow(*r[:-1], int(r[-1])) for r in uow.s.execute(stmt)]  # SUM is Decimal on PostgreSQL
    return rows[::-1] if after_id is not None else rows


def entries_query(uow: UnitOfWork, *, start: date | None = None, end: date | None = None,
                  source: str | None = None):
    """The select of list_entries, unordered and unpaged (its count reads it too)."""
    uow.require(Perm.READ)
    e, p = JournalEntry, Posting
    amount = (select(func.coalesce(func.sum(case((p.amount > 0, p.amount), else_=0)), 0))
              .where(p.entry_id == e.id).correlate(e).scalar_subquery())
    stmt = (select(e.id, e.number, e.entry_date, e.memo, e.source_ref, e.status, amount)
            .where(e.status == EntryStatus.POSTED.value))
    if start:
        stmt = stmt.where(e.entry_date >= start)
    if end:
        stmt = stmt.where(e.entry_date <= end)
    if source:
        stmt = stmt.where(e.source_ref == source.strip().upper())
    return stmt


def count_entries(uow: UnitOfWork, *, start: date | None = None, end: date | None = None,
                  source: str | None = None):
    """How many posted entries list_entries pages through (a Count, up to its cap)."""
    from boclerk.services.counting import bounded_count

    return bounded_count(uow, entries_query(uow, start=start, end=end, source=source))


def list_drafts(uow: UnitOfWork) -> list[EntryRow]:
    uow.require(Perm.READ)
    e, d = JournalEntry, DraftLine
    amount = (select(func.coalesce(func.sum(case((d.amount > 0, d.amount), else_=0)), 0))
              .where(d.entry_id == e.id).correlate(e).scalar_subquery())
    stmt = (select(e.id, e.number, e.entry_date, e.memo, e.source_ref, e.status, amount)
            .where(e.status == EntryStatus.DRAFT.value).order_by(e.id))
    return [EntryRow(*r[:-1], int(r[-1])) for r in uow.s.execute(stmt)]  # SUM is Decimal on PostgreSQL


def list_accounts(uow: UnitOfWork, *, at: date | None = None) -> list[AccountRow]:
    """The chart of accounts with each account's balance (debit-positive) at ``at``."""
    uow.require(Perm.READ)
    from boclerk.services.ledger.reports import movements

    totals: dict[int, int] = {}
    for (acc, _), (dr, cr) in movements(uow, None, at or uow.today).items():
        totals[acc] = totals.get(acc, 0) + dr - cr
    return [AccountRow(a.code, a.name, a.type, a.role, a.active, totals.get(a.id, 0))
            for a in uow.s.scalars(select(Account).order_by(Account.code))]


@dataclass(frozen=True)
class DepartmentRow:
    code: str
    name: str
    active: bool


def list_departments(uow: UnitOfWork) -> list[DepartmentRow]:
    uow.require(Perm.READ)
    return [DepartmentRow(d.code, d.name, d.active)
            for d in uow.s.scalars(select(Department).order_by(Department.code))]
