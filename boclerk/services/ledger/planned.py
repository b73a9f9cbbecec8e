"""Posting an entry in two phases, for acts planned outside the write lock (:func:`boclerk.db.uow.two_phase`).

:func:`plan_entry` runs with the act's reads: the same checks as :func:`.posting.stage` (accounts,
balance, open period, business date), giving an :class:`EntryPlan` of plain values.
:func:`stage_planned` and :func:`finish_planned` run in the short write unit: they re-check what the
plan relied on (the lock date, the accounts still open, :func:`recheck_entry`), then write the entry
as :func:`.posting.post` does (a draft with its postings, then its number, its link in the journal
chain, posted, the balances and the ``entry.post`` audit event) with a few Core statements: the same
rows, numbers, hashes and audit event as the one-phase way. The number and the balances go through
the very statements :mod:`.posting` uses (:func:`.posting.take_number`,
:func:`.posting.add_balances`), built once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, insert, select, update

from boclerk.db.chain import link_entries
from boclerk.db.phases import Stale
from boclerk.db.uow import UnitOfWork
from boclerk.domain.company import Company
from boclerk.domain.ledger import Account, EntryStatus, JournalEntry, Posting, period_of
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services.bounds import business_date
from boclerk.services.ledger.posting import Line, Posted, add_balances, checked_lines, take_number

_ENTRY = JournalEntry.__table__
_POSTING = Posting.__table__
_ACCOUNT, _COMPANY = Account.__table__, Company.__table__
#: Built once: applying a plan compiles nothing.
_LOCK_DATE = select(_COMPANY.c.lock_date).where(_COMPANY.c.id == 1)
_OPEN_ACCOUNTS = select(func.count()).select_from(_ACCOUNT).where(
    _ACCOUNT.c.id.in_(bindparam("ids", expanding=True)), _ACCOUNT.c.active.is_(True))
_INSERT_ENTRY, _INSERT_POSTINGS = insert(_ENTRY), insert(_POSTING)
_POST = update(_ENTRY).where(_ENTRY.c.id == bindparam("eid")).values(
    number=bindparam("number"), status=EntryStatus.POSTED.value, posted_by=bindparam("posted_by"),
    posted_at=bindparam("posted_at"), chain_seq=bindparam("chain_seq"), prev_hash=bindparam("prev_hash"),
    hash=bindparam("hash"), version=_ENTRY.c.version + 1)


@dataclass(frozen=True)
class EntryPlan:
    """An entry checked and ready to write: its postings as (account id, department id, amount)."""

    entry_date: date
    memo: str
    source_kind: str
    source_ref: str
    postings: tuple[tuple[int, int | None, int], ...]
    amount_text: str  # what the audit event says it moved
    lock_date: date | None  # the lock date the plan saw


def plan_entry(uow: UnitOfWork, *, entry_date: date, memo: str, lines: Sequence[Line], source_kind: str,
               source_ref: str) -> EntryPlan | None:
    """The checks of :func:`.book.stage`, nothing written; ``None`` when every line is zero."""
    resolved = checked_lines(uow, lines, entry_date)
    if not resolved:
        return None
    business_date(uow, entry_date, _("The entry"))
    return EntryPlan(
        entry_date=entry_date, memo=memo[:500], source_kind=source_kind, source_ref=source_ref,
        postings=tuple((acc.id, dept.id if dept else None, amount) for acc, dept, amount in resolved),
        amount_text=decimal_str(sum(a for _, _, a in resolved if a > 0), uow.currency),
        lock_date=uow.company.lock_date)


def recheck_entry(uow: UnitOfWork, plan: EntryPlan) -> None:
    """Raise :class:`Stale` if the lock date moved or an account the entry posts to was closed."""
    if uow.s.execute(_LOCK_DATE).scalar() != plan.lock_date:
        raise Stale
    ids = sorted({acc for acc, _, _ in plan.postings})
    if uow.s.execute(_OPEN_ACCOUNTS, {"ids": ids}).scalar_one() != len(ids):
        raise Stale


def stage_planned(uow: UnitOfWork, plan: EntryPlan) -> int:
    """The entry as a draft with its postings (rows no other writer waits for); returns its id."""
    entry_id = uow.s.execute(_INSERT_ENTRY, {
        "entry_date": plan.entry_date, "memo": plan.memo, "status": EntryStatus.DRAFT.value,
        "source_kind": plan.source_kind, "source_ref": plan.source_ref, "reverses_id": None,
        "created_by": uow.actor_name, "created_at": uow.now, "version": 1}).inserted_primary_key[0]
    uow.s.execute(_INSERT_POSTINGS, [
        {"entry_id": entry_id, "line_no": i, "account_id": acc, "department_id": dept, "amount": amount,
         "entry_date": plan.entry_date}
        for i, (acc, dept, amount) in enumerate(plan.postings, start=1)])
    return entry_id


def finish_planned(uow: UnitOfWork, plan: EntryPlan, entry_id: int) -> Posted:
    """As :func:`.book.finish`: the number, the link in the chain, posted, the balances, the audit event."""
    number = take_number(uow, "JE", plan.entry_date.year)
    fields = {"id": entry_id, "number": number, "entry_date": plan.entry_date, "memo": plan.memo,
              "source_kind": plan.source_kind, "source_ref": plan.source_ref, "reverses_id": None,
              "created_by": uow.actor_name, "posted_by": uow.actor_name, "posted_at": uow.now}
    link_entries(uow.s, [fields], [(entry_id, i, acc, dept, amount)
                                   for i, (acc, dept, amount) in enumerate(plan.postings, start=1)])
    uow.s.execute(_POST, {"eid": entry_id, "number": number, "posted_by": uow.actor_name, "posted_at": uow.now,
                          "chain_seq": fields["chain_seq"], "prev_hash": fields["prev_hash"], "hash": fields["hash"]})
    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for acc, dept, amount in plan.postings:
        sums[(acc, dept or 0)][0 if amount > 0 else 1] += abs(amount)
    period = period_of(plan.entry_date)
    add_balances(uow, [{"account_id": a, "dept_key": d, "period": period, "debit": dr, "credit": cr}
                       for (a, d), (dr, cr) in sums.items()])
    uow.audit("entry.post", "entry", number, after={
        "date": plan.entry_date, "memo": plan.memo, "source": plan.source_ref or None, "amount": plan.amount_text})
    return Posted(entry_id, number)
