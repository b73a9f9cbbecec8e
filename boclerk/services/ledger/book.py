"""The money book: the chart, manual entries, drafts, reversals, the lock date, recharges, opening balances.

Posting itself is :mod:`.posting` (:func:`post`, the one door into the journal: every automatic
entry comes from a rule in :mod:`boclerk.services.ledger.posting_rules` and goes through it);
its names are offered here too, as callers have always found them. Manual entries are drafts
until an accountant posts them. A posted entry never changes: a correction is a reversal (a new
entry linked to it) plus a new entry. What the book shows and its invariants live apart
(:mod:`.queries`, :mod:`.reports`, :mod:`.checks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import Act, act
from boclerk.domain.ledger_words import account_type_choices
from boclerk.domain.ledger import (
    STOCK_CONTROLLED,
    Account,
    AccountRole,
    AccountType,
    Department,
    DraftLine,
    EntryStatus,
    JournalEntry,
    Posting,
)
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import N_, _
from boclerk.services import shown
from boclerk.services.acts_now import entry_reversal_refused
from boclerk.services.ledger.posting import (  # noqa: F401 - offered here as before the split
    Line,
    Posted,
    Staged,
    _difference_sentence,
    _finish_posting,
    _resolve,
    account,
    add_balances,
    check_open_period,
    checked_lines,
    department,
    finish,
    payment_day,
    post,
    stage,
    take_number,
)


SAVE_DRAFT, POST_DRAFT, DELETE_DRAFT = act("ledger.save_draft"), act("ledger.post_draft"), act("ledger.delete_draft")
POST_ENTRY, REVERSE, LOCK = act("ledger.post_entry"), act("ledger.reverse"), act("ledger.lock")
RECHARGE, OPENING = act("ledger.recharge"), act("ledger.opening")


# -- the chart ----------------------------------------------------------------

def add_account(uow: UnitOfWork, code: str, name: str, type_: str, *, currency: str | None = None) -> Account:
    """An account of the chart; ``currency``: a bank account kept in a foreign currency (asset only)."""
    uow.require(act("ledger.add_account"))
    code, name = code.strip(), name.strip()
    if not code or not code.replace(".", "").isalnum() or len(code) > 16:
        raise InvalidInput(_("'{code}' is not an account code (letters and digits, up to 16).").format(code=code))
    if not name:
        raise InvalidInput(_("An account needs a name."))
    try:
        kind = AccountType(type_.strip().lower())
    except ValueError:
        raise InvalidInput(
            _("'{type}' is not an account type; choose {codes}.").format(type=type_, codes=account_type_choices())
        ) from None
    if uow.s.scalars(select(Account).where(Account.code == code)).first() is not None:
        raise Refused(_("The account {code} already exists.").format(code=code))
    from boclerk.services.ledger.rates import foreign

    cur = foreign(uow, currency)
    if cur is not None and kind is not AccountType.ASSET:
        raise InvalidInput(_("Only a bank or cash account (an asset) is kept in a foreign currency."))
    acc = Account(code=code, name=name, type=kind.value, currency=cur)
    uow.s.add(acc)
    uow.s.flush()
    uow.audit("account.add", "account", code, after={"name": name, "type": kind.value, "currency": cur})
    return acc


def add_department(uow: UnitOfWork, code: str, name: str) -> Department:
    uow.require(act("ledger.add_department"))
    code, name = code.strip().upper(), name.strip()
    if not code or not code.isalnum() or len(code) > 16:
        raise InvalidInput(_("'{code}' is not a department code (letters and digits, up to 16).").format(code=code))
    if not name:
        raise InvalidInput(_("A department needs a name."))
    if uow.s.scalars(select(Department).where(Department.code == code)).first() is not None:
        raise Refused(_("The department {code} already exists.").format(code=code))
    dept = Department(code=code, name=name)
    uow.s.add(dept)
    uow.s.flush()
    uow.audit("department.add", "department", code, after={"name": name})
    return dept

def rename(uow: UnitOfWork, kind: str, code: str, name: str) -> str:
    """Give an account or a department (``kind``) a new name; its code, and everything posted to
    it, stay as they are: reports and exports show the new name. Returns the name it had."""
    uow.require(act("ledger.rename"))
    model = {"account": Account, "department": Department}[kind]
    name = name.strip()
    if not name:
        raise InvalidInput(_("A name must not be empty."))
    if len(name) > 200:
        raise InvalidInput(_("A name is at most 200 characters."))
    code = code.strip() if kind == "account" else code.strip().upper()
    record = uow.s.scalars(select(model).where(model.code == code)).first()
    if record is None:
        raise NotFound(_("There is no account {key}.").format(key=code) if kind == "account" else
                       _("There is no department {code}.").format(code=code))
    before = record.name
    if before != name:
        record.name = name
        uow.s.flush()
        uow.audit(f"{kind}.rename", kind, code, before={"name": before}, after={"name": name})
    return before


# -- manual entries -------------------------------------------------------------

def _manual_lines(uow: UnitOfWork, lines: Sequence[Line]) -> list[tuple[Account, Department | None, int]]:
    if len(lines) < 2:
        raise InvalidInput(_("A journal entry needs at least two lines."))
    if any(line.amount == 0 for line in lines):
        raise InvalidInput(_("Every line of a journal entry needs a non-zero amount."))
    resolved = _resolve(uow, lines)
    for acc, _x, _x in resolved:
        if acc.role in STOCK_CONTROLLED:
            raise Refused(
                _("The account {code} {name} moves only with the stock book; use a stock adjustment or a stocktake instead.").format(code=acc.code, name=acc.name)
            )
    return resolved


def check_manual(uow: UnitOfWork, *, lines: Sequence[Line], draft: bool = False,
                 entry_date: date | None = None) -> None:
    """A manual entry as typed, checked before anyone is asked to post it (writes nothing): its
    lines as :func:`create_draft` and :func:`post_manual` check them (an account or department
    code that names nothing is bad input here, not a record not found); one to post also balances
    in an open period."""
    uow.require(SAVE_DRAFT if draft else POST_ENTRY)
    try:
        _manual_lines(uow, lines)
        if not draft:
            checked_lines(uow, lines, entry_date or uow.today)
    except NotFound as exc:
        raise InvalidInput(exc.message) from None


def create_draft(uow: UnitOfWork, *, entry_date: date, memo: str, lines: Sequence[Line]) -> int:
    """A manual entry kept as a draft (it may not balance yet). Returns the draft's id."""
    uow.require(SAVE_DRAFT)
    resolved = _manual_lines(uow, lines)
    entry = JournalEntry(entry_date=entry_date, memo=memo[:500], status=EntryStatus.DRAFT.value,
                         source_kind="manual", created_by=uow.actor_name, created_at=uow.now)
    uow.s.add(entry)
    uow.s.flush()
    for i, (acc, dept, amount) in enumerate(resolved, start=1):
        uow.s.add(DraftLine(entry_id=entry.id, line_no=i, account_id=acc.id,
                            department_id=dept.id if dept else None, amount=amount))
    uow.s.flush()
    uow.audit("entry.draft", "entry", f"draft-{entry.id}", after={"date": entry_date, "memo": memo})
    return entry.id


def _draft_entry(uow: UnitOfWork, draft_id: int | str) -> JournalEntry:
    text_id = str(draft_id).strip().lstrip("#")
    entry = uow.s.get(JournalEntry, int(text_id)) if text_id.isdigit() and len(text_id) < 12 else None
    if entry is None:
        raise NotFound(_("There is no draft entry #{text_id}.").format(text_id=text_id))
    return entry


def draft_state(uow: UnitOfWork, draft_id: int | str) -> tuple[str, str]:
    entry = _draft_entry(uow, draft_id)
    return f"#{entry.id}", entry.status


def _draft(uow: UnitOfWork, draft_id: int, act_: Act) -> JournalEntry:
    uow.require(act_)
    entry = _draft_entry(uow, draft_id)
    act_.check(f"#{entry.id}", entry.status)
    return entry


def post_draft(uow: UnitOfWork, draft_id: int) -> Posted:
    entry = _draft(uow, draft_id, POST_DRAFT)
    rows = uow.s.scalars(select(DraftLine).where(DraftLine.entry_id == entry.id).order_by(DraftLine.line_no)).all()
    resolved = [(uow.s.get(Account, r.account_id), uow.s.get(Department, r.department_id) if r.department_id else None,
                 r.amount) for r in rows]
    for acc, _x, _x in resolved:
        if acc.role in STOCK_CONTROLLED:
            raise Refused(_("The account {code} {name} moves only with the stock book.").format(code=acc.code, name=acc.name))
        if not acc.active:
            raise Refused(_("The account {code} {name} is closed.").format(code=acc.code, name=acc.name))
    total = sum(a for _, _, a in resolved)
    if len(resolved) < 2:
        raise Refused(_("Draft #{draft_id} has fewer than two lines.").format(draft_id=draft_id))
    if total != 0:
        raise Refused(_difference_sentence(uow, total))
    check_open_period(uow, entry.entry_date)
    uow.s.execute(delete(DraftLine.__table__).where(DraftLine.entry_id == entry.id))
    return _finish_posting(uow, entry, resolved)


def delete_draft(uow: UnitOfWork, draft_id: int) -> None:
    entry = _draft(uow, draft_id, DELETE_DRAFT)
    uow.s.execute(delete(DraftLine.__table__).where(DraftLine.entry_id == entry.id))
    uow.s.delete(entry)
    uow.s.flush()
    uow.audit("entry.delete_draft", "entry", f"draft-{draft_id}", before={"memo": entry.memo})


def post_manual(uow: UnitOfWork, *, entry_date: date, memo: str, lines: Sequence[Line]) -> Posted:
    """A manual entry posted at once."""
    uow.require(POST_ENTRY)
    _manual_lines(uow, lines)
    posted = post(uow, entry_date=entry_date, memo=memo, lines=lines, source_kind="manual")
    assert posted is not None
    return posted


def entry_by_number(uow: UnitOfWork, number: str) -> JournalEntry:
    entry = uow.s.scalars(select(JournalEntry).where(JournalEntry.number == number.strip().upper())).first()
    if entry is None:
        raise NotFound(_("There is no journal entry {number}.").format(number=number))
    return entry


def _reversed_by(uow: UnitOfWork, entry: JournalEntry) -> str | None:
    return uow.s.scalars(select(JournalEntry.number).where(JournalEntry.reverses_id == entry.id)).first()


def entry_state(uow: UnitOfWork, number: str) -> tuple[str, str, str]:
    entry = entry_by_number(uow, number)
    by = _reversed_by(uow, entry)
    return entry.number, "reversed" if by else entry.status, f"by {by}" if by else ""


def reverse(uow: UnitOfWork, number: str, *, entry_date: date | None = None, memo: str | None = None) -> Posted:
    """Post the mirror image of a manual entry, linked to it."""
    uow.require(REVERSE)
    original = entry_by_number(uow, number)
    already = _reversed_by(uow, original)
    REVERSE.check(original.number, "reversed" if already else original.status, f"by {already}" if already else "")
    why = entry_reversal_refused(original.number, original.source_kind, original.source_ref)
    if why:
        raise Refused(why)  # the rule the app asks before it offers Reverse
    day = entry_date or uow.today
    if day < original.entry_date:
        raise Refused(_("A reversal cannot be dated before the entry it reverses ({entry_date}).").format(entry_date=shown.day(uow, original.entry_date)))
    rows = uow.s.execute(
        select(Account.code, Department.code, Posting.amount)
        .join(Account, Account.id == Posting.account_id)
        .outerjoin(Department, Department.id == Posting.department_id)
        .where(Posting.entry_id == original.id).order_by(Posting.line_no)
    ).all()
    lines = [Line(code, -amount, dept) for code, dept, amount in rows]
    posted = post(uow, entry_date=day, memo=memo or shown.said(uow, N_("Reversal of {number}: {memo}"), number=original.number, memo=original.memo),
                  lines=lines, source_kind=original.source_kind, source_ref=original.number,
                  reverses_id=original.id)
    assert posted is not None
    uow.audit("entry.reverse", "entry", original.number, after={"reversed_by": posted.number})
    return posted


# -- lock date, recharges, opening balances -------------------------------------

def set_lock_date(uow: UnitOfWork, day: date | None, *, reopen: bool = False) -> date | None:
    """Move the lock date forward; moving it back (or removing it) reopens closed periods, which only
    an admin may do, saying so with ``reopen``. Returns the lock date before."""
    uow.require(LOCK)
    company = uow.company
    if day is not None and day > uow.today:
        raise Refused(_("Cannot lock the books beyond today ({today}).").format(today=shown.day(uow, uow.today)))
    before = company.lock_date
    back = before is not None and (day is None or day < before)
    if back:
        uow.require(Perm.LEDGER_REOPEN)
        if not reopen:
            raise Refused(_("The books are locked up to {before}; moving the lock date back to {day} reopens a closed "
                            "period: say so with --reopen.").format(before=shown.day(uow, before), day=shown.day(uow, day) or _("none")))
    company.lock_date = day
    uow.s.flush()
    uow.audit("ledger.reopen" if back else "ledger.lock", "company", 1, before={"lock_date": before},
              after={"lock_date": day})
    return before


def _recharge_parts(uow: UnitOfWork, from_dept: str, to_dept: str, amount: int, account_key: str | None):
    if amount <= 0:
        raise InvalidInput(_("A recharge needs a positive amount."))
    src, dst = department(uow, from_dept), department(uow, to_dept)
    if src.id == dst.id:
        raise InvalidInput(_("A recharge moves an amount between two different departments."))
    acc = account(uow, account_key or AccountRole.RECHARGES.value)
    if acc.type not in (AccountType.EXPENSE.value, AccountType.INCOME.value):
        from boclerk.domain.ledger_words import account_kind

        raise Refused(_("Recharges move costs or revenue; {code} {name} is {kind}.").format(
            code=acc.code, name=acc.name, kind=account_kind(acc.type)))
    return src, dst, acc


def check_recharge(uow: UnitOfWork, *, from_dept: str, to_dept: str, amount: int,
                   account_key: str | None = None) -> None:
    """A recharge as typed, checked before anyone is asked to post it (writes nothing): a
    department or account code that names nothing is bad input here."""
    uow.require(RECHARGE)
    try:
        _recharge_parts(uow, from_dept, to_dept, amount, account_key)
    except NotFound as exc:
        raise InvalidInput(exc.message) from None


def recharge(
    uow: UnitOfWork, *, from_dept: str, to_dept: str, amount: int, account_key: str | None = None,
    memo: str = "", entry_date: date | None = None,
) -> Posted:
    """Move a cost (or revenue) from one department to another on one account."""
    uow.require(RECHARGE)
    src, dst, acc = _recharge_parts(uow, from_dept, to_dept, amount, account_key)
    sign = 1 if acc.type == AccountType.EXPENSE.value else -1
    lines = [Line(acc.code, sign * amount, dst.code), Line(acc.code, -sign * amount, src.code)]
    posted = post(uow, entry_date=entry_date or uow.today,
                  memo=memo or recharge_memo(uow, src.code, dst.code), lines=lines, source_kind="recharge")
    assert posted is not None
    return posted


#: the memo of a recharge given none, written in the books' language
RECHARGE_MEMO = N_("Recharge {source} -> {target}")


def recharge_memo(uow: UnitOfWork, source: str, target: str) -> str:
    """The memo :func:`recharge` writes when it is given none, in the books' language."""
    return recharge_memo_pattern(uow).format(source=source, target=target)


def recharge_memo_pattern(uow: UnitOfWork) -> str:
    """That memo with its ``{source}`` and ``{target}`` departments to fill in (a form shows what
    will be written for the departments chosen)."""
    return shown.said(uow, RECHARGE_MEMO)


def _opening_lines(uow: UnitOfWork, rows: Sequence[Line]):
    if not rows:
        raise InvalidInput(_("The opening balances are empty."))
    resolved = _resolve(uow, rows)
    for acc, _x, _x in resolved:
        if acc.role in STOCK_CONTROLLED:
            raise Refused(
                _("Opening stock is not a ledger balance: import it with boclerk import stock-count (the account {code} follows the stock book).").format(code=acc.code)
            )
    return resolved


def check_opening(uow: UnitOfWork, rows: Sequence[Line]) -> None:
    """Opening balances as read from a file, checked before anyone is asked to post them (writes
    nothing): an account or department code that names nothing is bad input here."""
    uow.require(OPENING)
    try:
        _opening_lines(uow, rows)
    except NotFound as exc:
        raise InvalidInput(exc.message) from None


def opening_balances(uow: UnitOfWork, rows: Sequence[Line], *, entry_date: date, memo: str | None = None) -> Posted:
    """One entry of the given balances against the opening-balances account.

    If the rows name the opening-balances account themselves, they must balance exactly.
    """
    uow.require(OPENING)
    resolved = _opening_lines(uow, rows)
    opening = account(uow, AccountRole.OPENING_BALANCES.value)
    total = sum(a for _, _, a in resolved)
    lines = list(rows)
    if any(acc.id == opening.id for acc, _, _ in resolved):
        if total != 0:
            raise Refused(
                _("The opening balances do not balance against {code} {name}: off by {amount}.").format(code=opening.code, name=opening.name, amount=shown.money(uow, total))
            )
    elif total != 0:
        lines.append(Line(opening.code, -total))
    posted = post(uow, entry_date=entry_date, memo=memo or shown.said(uow, N_("Opening balances")), lines=lines,
                  source_kind="opening")
    if posted is None:
        raise InvalidInput(_("The opening balances are all zero."))
    return posted
