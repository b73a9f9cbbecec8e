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
from boclerk.errors import NotFound
from boclerk.i18n import _
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
class EntryLine:
    account: str
    account_name: str
    department: str | None
    debit: int = money_field()
    credit: int = money_field()


@dataclass(frozen=True)
class EntryDetail:
    number: str | None
    id: int
    entry_date: date
    memo: str
    status: str
    source_kind: str
    source: str
    reverses: str | None
    reversed_by: str | None
    created_by: str
    posted_by: str | None
    lines: list[EntryLine]
    total: int = money_field()


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
    uow.require(Perm.READ)
    e, p = JournalEntry, Posting
    amount = (select(func.coalesce(func.sum(case((p.amount > 0, p.amount), else_=0)), 0))
              .where(p.entry_id == e.id).correlate(e).scalar_subquery())
    stmt = (select(e.id, e.number, e.entry_date, e.memo, e.source_ref, e.status, amount)
            .where(e.status == EntryStatus.POSTED.value).limit(limit))
    stmt = stmt.order_by(e.id.asc() if after_id is not None else e.id.desc())
    if start:
        stmt = stmt.where(e.entry_date >= start)
    if end:
        stmt = stmt.where(e.entry_date <= end)
    if source:
        stmt = stmt.where(e.source_ref == source.strip().upper())
    if before_id:
        stmt = stmt.where(e.id < before_id)
    if after_id is not None:
        stmt = stmt.where(e.id > after_id)
    rows = [EntryRow(*r[:-1], int(r[-1])) for r in uow.s.execute(stmt)]  # SUM is Decimal on PostgreSQL
    return rows[::-1] if after_id is not None else rows


def list_drafts(uow: UnitOfWork) -> list[EntryRow]:
    uow.require(Perm.READ)
    e, d = JournalEntry, DraftLine
    amount = (select(func.coalesce(func.sum(case((d.amount > 0, d.amount), else_=0)), 0))
              .where(d.entry_id == e.id).correlate(e).scalar_subquery())
    stmt = (select(e.id, e.number, e.entry_date, e.memo, e.source_ref, e.status, amount)
            .where(e.status == EntryStatus.DRAFT.value).order_by(e.id))
    return [EntryRow(*r[:-1], int(r[-1])) for r in uow.s.execute(stmt)]  # SUM is Decimal on PostgreSQL


def entry_detail(uow: UnitOfWork, key: str) -> EntryDetail:
    """A posted entry by number (JE-...) or a draft by its id (#12 or 12)."""
    uow.require(Perm.READ)
    key = key.strip()
    if key.lstrip("#").isdigit():
        entry = uow.s.get(JournalEntry, int(key.lstrip("#")))
    else:
        entry = uow.s.scalars(select(JournalEntry).where(JournalEntry.number == key.upper())).first()
    if entry is None:
        raise NotFound(_("There is no journal entry {key}.").format(key=key))
    table = Posting if entry.status == EntryStatus.POSTED.value else DraftLine
    rows = uow.s.execute(
        select(Account.code, Account.name, Department.code, table.amount)
        .join(Account, Account.id == table.account_id).outerjoin(Department, Department.id == table.department_id)
        .where(table.entry_id == entry.id).order_by(table.line_no)
    ).all()
    lines = [EntryLine(code, name, dept, max(a, 0), max(-a, 0)) for code, name, dept, a in rows]
    reverses = uow.s.get(JournalEntry, entry.reverses_id).number if entry.reverses_id else None
    reversed_by = uow.s.scalars(select(JournalEntry.number).where(JournalEntry.reverses_id == entry.id)).first()
    return EntryDetail(entry.number, entry.id, entry.entry_date, entry.memo, entry.status, entry.source_kind,
                       entry.source_ref, reverses, reversed_by, entry.created_by, entry.posted_by, lines,
                       sum(line.debit for line in lines))


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
