"""Posting: the one door into the journal, and the rows every posting writer shares.

:func:`post` writes a balanced entry now. Every automatic entry comes from a rule in
:mod:`boclerk.services.ledger.posting_rules` and goes through it, in two halves (:func:`stage`,
:func:`finish`) so that acts hold the rows every writer shares only at their end. Acts planned
outside the write lock post through :mod:`.planned`, which makes the same checks
(:func:`checked_lines`) and takes the number and adds the balances with the same statements
(:func:`take_number`, :func:`add_balances`, built once). Manual entries, drafts, reversals,
recharges and opening balances are in :mod:`.book`, which goes through here too (and still
offers these names, as before they were split off).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, select

from boclerk.db.chain import link_entry
from boclerk.db.reference import memo, remembered
from boclerk.db.uow import UnitOfWork
from boclerk.domain.bounds import check_amount
from boclerk.domain.company import NumberSeries, format_number
from boclerk.domain.ledger import (
    Account,
    AccountBalance,
    Department,
    EntryStatus,
    JournalEntry,
    Posting,
    period_of,
)
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services import shown
from boclerk.services.bounds import business_date


@dataclass(frozen=True)
class Line:
    """One side of an entry: an account (role or code), signed amount, optional department."""

    account: str
    amount: int
    department: str | None = None


@dataclass(frozen=True)
class Posted:
    id: int
    number: str



# -- accounts and departments, as entries name them ----------------------------------

def account(uow: UnitOfWork, key: str) -> Account:
    """An account by role ("inventory") or code ("1200"), memoised per unit of work."""
    cache_key = ("account", key)
    found = uow.cache.get(cache_key)
    if found is None:
        found = uow.s.scalars(select(Account).where(Account.role == key)).first()
        if found is None:
            found = uow.s.scalars(select(Account).where(Account.code == key.strip())).first()
        if found is None:
            raise NotFound(_("There is no account {key}.").format(key=key))
        uow.cache[cache_key] = found
    return found


def department(uow: UnitOfWork, code: str) -> Department:
    cache_key = ("department", code.upper())
    found = uow.cache.get(cache_key)
    if found is None:
        found = uow.s.scalars(select(Department).where(Department.code == code.strip().upper())).first()
        if found is None:
            raise NotFound(_("There is no department {code}.").format(code=code))
        uow.cache[cache_key] = found
    return found


_ACC, _DEPT = Account.__table__, Department.__table__
_ACCOUNT_REF = select(_ACC.c.id, _ACC.c.code, _ACC.c.name, _ACC.c.active, _ACC.c.role)
_ACCOUNT_BY_ROLE = _ACCOUNT_REF.where(_ACC.c.role == bindparam("key")).limit(1)
_ACCOUNT_BY_CODE = _ACCOUNT_REF.where(_ACC.c.code == bindparam("key")).limit(1)
_DEPARTMENT_BY_CODE = select(_DEPT.c.id, _DEPT.c.code).where(_DEPT.c.code == bindparam("key")).limit(1)


def _account_ref(uow: UnitOfWork, key: str):
    """What an entry needs of an account (id, code, name, active): in a read unit (an act's plan) a
    plain row the process keeps while the reference data is unchanged (:mod:`boclerk.db.reference`),
    found as :func:`account` finds it; in a write unit :func:`account` itself."""
    if memo(uow) is None:
        return account(uow, key)

    def load():
        found = uow.s.execute(_ACCOUNT_BY_ROLE, {"key": key}).first()
        return found if found is not None else uow.s.execute(_ACCOUNT_BY_CODE, {"key": key.strip()}).first()

    found = remembered(uow, ("account", key), load)
    if found is None:
        raise NotFound(_("There is no account {key}.").format(key=key))
    return found


def _department_ref(uow: UnitOfWork, code: str):
    """A department's (id, code), as :func:`_account_ref` gives an account's."""
    if memo(uow) is None:
        return department(uow, code)
    key = code.strip().upper()
    found = remembered(uow, ("department", key),
                       lambda: uow.s.execute(_DEPARTMENT_BY_CODE, {"key": key}).first())
    if found is None:
        raise NotFound(_("There is no department {code}.").format(code=code))
    return found

# -- posting ------------------------------------------------------------------

def check_open_period(uow: UnitOfWork, day: date) -> None:
    lock = uow.company.lock_date
    if lock is not None and day <= lock:
        raise Refused(_("Cannot post on {day}: the books are locked up to {lock}.").format(day=shown.day(uow, day), lock=shown.day(uow, lock)))


def payment_day(uow: UnitOfWork, day: date | None) -> date:
    """The date a payment posts on: the day the money moved, never a day still to come."""
    if day is None:
        return uow.today
    if not isinstance(day, date):
        raise InvalidInput(_("A payment date must be a date."))
    if day > uow.today:
        raise InvalidInput(_("A payment cannot be dated {day}, after today.").format(day=shown.day(uow, day)))
    check_open_period(uow, day)
    return day


def _resolve(uow: UnitOfWork, lines: Sequence[Line]) -> list[tuple[Account, Department | None, int]]:
    out = []
    for line in lines:
        if line.amount == 0:
            continue
        check_amount(line.amount, _("Account {account}").format(account=line.account))
        acc = _account_ref(uow, line.account)
        if not acc.active:
            raise Refused(_("The account {code} {name} is closed.").format(code=acc.code, name=acc.name))
        dept = _department_ref(uow, line.department) if line.department else None
        out.append((acc, dept, line.amount))
    return out


def _difference_sentence(uow: UnitOfWork, total: int) -> str:
    side = _("debits exceed credits") if total > 0 else _("credits exceed debits")
    return _("The entry does not balance: {side} by {amount}.").format(side=side, amount=shown.money(uow, abs(total)))


def post(
    uow: UnitOfWork,
    *,
    entry_date: date,
    memo: str,
    lines: Sequence[Line],
    source_kind: str = "",
    source_ref: str = "",
    reverses_id: int | None = None,
) -> Posted | None:
    """Post a balanced entry now. Returns ``None`` when every line is zero."""
    staged = stage(uow, entry_date=entry_date, memo=memo, lines=lines, source_kind=source_kind,
                   source_ref=source_ref, reverses_id=reverses_id)
    return finish(uow, staged) if staged is not None else None


@dataclass
class Staged:
    """An entry checked and written with its postings, not posted yet: its id is known, its number not."""

    entry: JournalEntry
    resolved: list

    @property
    def id(self) -> int:
        return self.entry.id


def checked_lines(uow: UnitOfWork, lines: Sequence[Line], entry_date: date):
    """An entry's lines resolved to (account, department, amount), checked to balance in an open
    period (what staging and planning an entry both check); empty when every line is zero."""
    resolved = _resolve(uow, lines)
    total = sum(amount for _, _, amount in resolved)
    if total != 0:
        raise Refused(_difference_sentence(uow, total))
    if resolved:
        check_open_period(uow, entry_date)
    return resolved


def stage(
    uow: UnitOfWork,
    *,
    entry_date: date,
    memo: str,
    lines: Sequence[Line],
    source_kind: str = "",
    source_ref: str = "",
    reverses_id: int | None = None,
) -> Staged | None:
    """The first half of :func:`post`: every check, the entry (a draft) and its postings.

    Nothing it touches is shared with other writers, so an act stages its entry, writes what
    refers to the entry's id (stock moves, payments), and calls :func:`finish` last: the rows
    every posting writer waits for (the JE counter, the journal chain's head, the balances)
    are then held for the shortest time. ``None`` when every line is zero."""
    resolved = checked_lines(uow, lines, entry_date)
    if not resolved:
        return None
    entry = JournalEntry(
        entry_date=entry_date, memo=memo[:500], status=EntryStatus.DRAFT.value,
        source_kind=source_kind, source_ref=source_ref, reverses_id=reverses_id,
        created_by=uow.actor_name, created_at=uow.now,
    )
    uow.s.add(entry)
    uow.s.flush()
    return _stage_postings(uow, entry, resolved)


def _stage_postings(uow: UnitOfWork, entry: JournalEntry, resolved) -> Staged:
    business_date(uow, entry.entry_date, _("The entry"))
    uow.s.execute(insert(Posting.__table__), [
        {"entry_id": entry.id, "line_no": i, "account_id": acc.id,
         "department_id": dept.id if dept else None, "amount": amount, "entry_date": entry.entry_date}
        for i, (acc, dept, amount) in enumerate(resolved, start=1)
    ])
    return Staged(entry, resolved)


def _finish_posting(uow: UnitOfWork, entry: JournalEntry, resolved) -> Posted:
    return finish(uow, _stage_postings(uow, entry, resolved))


def finish(uow: UnitOfWork, staged: Staged) -> Posted:
    """The second half of :func:`post`: the entry's number, its link in the chain, the balances."""
    entry, resolved = staged.entry, staged.resolved
    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for acc, dept, amount in resolved:
        cell = sums[(acc.id, dept.id if dept else 0)]
        cell[0 if amount > 0 else 1] += abs(amount)
    period = period_of(entry.entry_date)
    entry.number = take_number(uow, "JE", entry.entry_date.year)
    entry.status = EntryStatus.POSTED.value
    entry.posted_by = uow.actor_name
    entry.posted_at = uow.now
    link_entry(uow.s, entry, [(acc.id, dept.id if dept else None, amount) for acc, dept, amount in resolved])
    uow.s.flush()
    add_balances(uow, [{"account_id": a, "dept_key": d, "period": period, "debit": dr, "credit": cr}
                       for (a, d), (dr, cr) in sums.items()])
    uow.audit("entry.post", "entry", entry.number, after={
        "date": entry.entry_date, "memo": entry.memo, "source": entry.source_ref or None,
        "amount": decimal_str(sum(a for _, _, a in resolved if a > 0), uow.currency),
    })
    return Posted(entry.id, entry.number)


# -- the rows every posting writer shares ---------------------------------------------------

_SERIES, _BALANCE = NumberSeries.__table__, AccountBalance.__table__
_BUILT: dict[tuple[str, str], Any] = {}


def _built(uow: UnitOfWork, what: str):
    """The upserts of the shared rows, built once per dialect: the number counter (what
    :func:`boclerk.services.numbers.next_number` sends) and the balances (what
    :func:`boclerk.db.dialect.upsert_add` sends). Building and compiling them again on every
    posting cost 0.3 to 2 ms inside the write lock."""
    name = uow.s.get_bind().dialect.name
    stmt = _BUILT.get((name, what))
    if stmt is None:
        if name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        if what == "number":
            stmt = upsert(_SERIES).values(series=bindparam("series"), year=bindparam("year"), last=1)
            stmt = stmt.on_conflict_do_update(index_elements=["series", "year"],
                                              set_={"last": _SERIES.c.last + 1}).returning(_SERIES.c.last)
        else:
            stmt = upsert(_BALANCE)
            stmt = stmt.on_conflict_do_update(index_elements=["account_id", "dept_key", "period"], set_={
                "debit": _BALANCE.c.debit + stmt.excluded.debit, "credit": _BALANCE.c.credit + stmt.excluded.credit})
        _BUILT[(name, what)] = stmt
    return stmt


def take_number(uow: UnitOfWork, series: str, year: int) -> str:
    """The next number of ``series``: :func:`boclerk.services.numbers.next_number`'s one upsert, prebuilt."""
    seq = uow.s.execute(_built(uow, "number"), {"series": series, "year": year}).scalar_one()
    return format_number(series, year, seq)


def add_balances(uow: UnitOfWork, rows: list[dict]) -> None:
    """Add (account_id, dept_key, period, debit, credit) rows to the account balances: one upsert."""
    if rows:
        uow.s.execute(_built(uow, "balances"), rows)
