"""Bank statements: their lines kept once, matched, confirmed and posted once.

A statement's lines are stored by the fingerprint the reader gives them, so a line
already known from an earlier (overlapping) statement is not stored again and can never
post twice. Each new line gets a proposal (:mod:`boclerk.services.documents.matching`).

A clerk confirms proposals (``bank confirm``), matches lines by hand (``bank match``) or
ignores them with a reason; a confirmation posts through :func:`orders.pay_order`
(method "bank"), :func:`bills.pay_bill` or a bank-fee entry, and records the entry. It posts on
the line's booking date, the day the money moved; today when the books are locked on that date.
Lines nobody could match wait in the queue with the reason why.
"""

from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from boclerk.db.dialect import present
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import Act, act
from boclerk.domain.code_words import choices
from boclerk.domain.document_words import LINE_STATUS_WORDS
from boclerk.domain.documents import (
    BankLine,
    BankStatement,
    DocStatus,
    Document,
    LineStatus,
    LinkKind,
    MatchKind,
)
from boclerk.domain.ledger import JournalEntry
from boclerk.domain.permissions import Perm
from boclerk.domain.purchasing import SupplierBill
from boclerk.domain.sales import SalesOrder
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import N_, _, ngettext
from boclerk.services import shown
from boclerk.money import currency_decimals, to_minor
from boclerk.services.bounds import business_date
from boclerk.services.documents.matching import BILL, SO, Facts, money, set_state
from boclerk.services.documents.matching_sets import Progress, store_lines
from boclerk.services.documents.register import add_link
from boclerk.services.documents.document_view import BankLineRow

_INT64 = 2**63
_LINE_REF = re.compile(r"(DOC-\d{4}-\d{6}):(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class StatementOutcome:
    new_lines: int
    known_lines: int
    proposed: int
    unmatched: int
    sentence: str


# -- storing a statement ---------------------------------------------------------------------

CONFIRM, CONFIRM_ALL = act("documents.confirm"), act("documents.confirm_all")
MATCH, IGNORE = act("documents.match"), act("documents.ignore")


def record_statement(uow: UnitOfWork, doc: Document, st, progress: Progress | None = None) -> StatementOutcome:
    """Store the statement's new lines and propose a match for each (called on intake).

    The lines are matched in sets and written in bulk (:mod:`matching_sets`); ``progress``
    hears how far it got."""
    currency = st.currency.upper()
    if currency != uow.currency and foreign_account(uow, currency) is None:
        raise InvalidInput(_("{original_name} is a statement in {currency}; the books are kept in {currency2} and no bank account is kept in {currency3} (add one: boclerk ledger account-add CODE NAME --type asset --currency {currency3}).").format(original_name=doc.original_name, currency=st.currency, currency2=uow.currency, currency3=currency))

    def minor(value, where: str) -> int | None:
        if value is None:  # the file gives no balance and none can be worked out
            return None
        try:
            return to_minor(value, currency)
        except InvalidInput:
            raise InvalidInput(_("{original_name}, {where}: {value} has more decimals than {currency} has.").format(original_name=doc.original_name, where=where, value=value, currency=currency)) from None

    if progress:
        progress(_("Checking lines"), 0, len(st.lines))
    row = BankStatement(document_id=doc.id, format=st.format, account=st.account[:64], currency=currency,
                        period_start=st.period_start, period_end=st.period_end, opening=minor(st.opening_balance, _("opening balance")),
                        closing=minor(st.closing_balance, _("closing balance")), line_count=len(st.lines), new_lines=0)
    uow.s.add(row)
    uow.s.flush()
    row_id = row.id
    prints = [fingerprint_key(ln.fingerprint) for ln in st.lines]
    known = present(uow.s, BankLine.__table__.c.fingerprint, prints)
    checked: set[date] = set()
    for ln in st.lines:  # each date once: the first line that has it is the one a refusal names
        if ln.booked not in checked:
            business_date(uow, ln.booked, _("{original_name} line {line_no}").format(original_name=doc.original_name, line_no=ln.line_no))
            checked.add(ln.booked)
    rows: list[dict] = []
    facts: list[Facts] = []
    unit = 10 ** currency_decimals(currency)  # a whole amount of minor units is taken as it is; anything else is said
    for ln, key in zip(st.lines, prints, strict=True):
        if key in known:
            continue
        known.add(key)
        line = {"statement_id": row_id, "line_no": ln.line_no, "fingerprint": key, "booked": ln.booked,
               "amount": _minor(ln.amount, unit) or minor(ln.amount, _("line {line_no}").format(line_no=ln.line_no)),
               "counterparty_name": _clean(ln.counterparty_name, 300),
               "counterparty_tax_id": _clean(ln.counterparty_tax_id, 32),
               "counterparty_account": _clean(ln.counterparty_account, 64), "purpose": _clean(ln.purpose, 4000),
               "reference": _clean(ln.reference, 140)}
        rows.append(line)
        facts.append(Facts(None, line["amount"], line["purpose"], line["reference"], line["counterparty_name"],
                           line["counterparty_tax_id"], currency))
    if progress:
        progress(_("Checking lines"), len(st.lines), len(st.lines))
    found = store_lines(uow, rows, facts, progress)
    if progress:
        progress(_("Filing"), 0, 1)
    row.new_lines = len(rows)
    doc.status = DocStatus.FILED.value
    doc.their_date = doc.their_date or st.period_end
    uow.s.flush()
    proposed = sum(p.status == LineStatus.PROPOSED for p in found)
    old = len(st.lines) - len(rows)
    if not rows:
        sentence = ngettext("its {count} line(s) are all known from earlier statements; nothing new to reconcile",
                            "its {count} line(s) are all known from earlier statements; nothing new to reconcile",
                            len(st.lines)).format(count=len(st.lines))
    else:
        sentence = ngettext("{count} new bank line(s), {proposed} with a proposed match, {waiting} waiting in the queue",
                            "{count} new bank line(s), {proposed} with a proposed match, {waiting} waiting in the queue",
                            len(rows)).format(count=len(rows), proposed=proposed, waiting=len(rows) - proposed) + (
                                _("; {old} already known").format(old=old) if old else "")
    if progress:
        progress(_("Filing"), 1, 1)
    uow.audit("bank.statement", "document", doc.number, after={
        "format": row.format, "account": row.account, "lines": len(st.lines), "new": len(rows), "proposed": proposed})
    return StatementOutcome(len(rows), old, proposed, len(rows) - proposed, sentence)


def foreign_account(uow: UnitOfWork, currency: str):
    """The one active bank account kept in ``currency``, or None."""
    from boclerk.domain.ledger import Account

    found = list(uow.s.scalars(select(Account).where(Account.currency == currency, Account.active.is_(True))))
    return found[0] if len(found) == 1 else None


def statement_currency(uow: UnitOfWork, line: BankLine) -> str:
    return uow.s.get(BankStatement, line.statement_id).currency


def fingerprint_key(fingerprint: str) -> str:
    """The fingerprint as stored: itself, or its SHA-256 if it is longer than the column."""
    import hashlib

    return fingerprint if len(fingerprint) <= 200 else "sha256:" + hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()


def _minor(value, unit: int) -> int | None:
    """``value`` in minor units when it is a Decimal of whole ones (the common case, quick), else None."""
    scaled = value * unit if type(value) is Decimal else None
    return int(scaled) if scaled is not None and scaled == scaled.to_integral_value() and -_INT64 <= scaled < _INT64 else None


def _clean(value: str, size: int) -> str:
    return (value or "").replace("\x00", "")[:size]


# -- the clerk's decisions -------------------------------------------------------------------

def line_by_ref(uow: UnitOfWork, ref: str | int, *, lock: bool = False) -> BankLine:
    """A line by its id (as the queue shows it) or as DOC-2026-000123:4 (statement and line)."""
    value = str(ref).strip()
    stmt = select(BankLine)
    if m := _LINE_REF.fullmatch(value):
        stmt = stmt.join(BankStatement, BankStatement.id == BankLine.statement_id).join(
            Document, Document.id == BankStatement.document_id).where(
            Document.number == m[1].upper(), BankLine.line_no == int(m[2]))
    elif value.isdigit() and len(value) < 12:
        stmt = stmt.where(BankLine.id == int(value))
    else:
        raise InvalidInput(_("'{value}' is not a bank line (give its number from boclerk bank queue, or DOC-...:LINE).").format(value=value))
    if lock and uow.db.dialect == "postgresql":
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = uow.s.scalars(stmt).first()
    if found is None:
        raise NotFound(_("There is no bank line {value}.").format(value=value))
    return found


def line_state(uow: UnitOfWork, ref: str | int) -> tuple[str, str, str]:
    line = line_by_ref(uow, ref)
    return str(line.id), line.status, _entry_number(uow, line)


def _statement_doc(uow: UnitOfWork, line: BankLine) -> Document:
    return uow.s.get(Document, uow.s.get(BankStatement, line.statement_id).document_id)


def _posting_day(uow: UnitOfWork, line: BankLine) -> date:
    """The booking date, unless the books are locked on it (or it is still to come): then today."""
    lock = uow.company.lock_date
    if line.booked > uow.today or (lock is not None and line.booked <= lock):
        return uow.today
    return line.booked


def _post(uow: UnitOfWork, line: BankLine, kind: MatchKind, order_id: int | None, bill_id: int | None) -> str:
    from boclerk.services.ledger import book as ledger
    from boclerk.services.ledger import posting_rules
    from boclerk.services.purchasing import bills
    from boclerk.services.sales import orders

    doc = _statement_doc(uow, line)
    ref = f"bank {doc.number}:{line.line_no}"
    day = _posting_day(uow, line)
    currency = statement_currency(uow, line)
    account = None if currency == uow.currency else foreign_account(uow, currency)
    if currency != uow.currency and account is None:
        raise Refused(_("No bank account is kept in {currency}; line {id} cannot be posted.").format(currency=currency, id=line.id))
    if account is not None and kind == MatchKind.ORDER:
        raise Refused(_("Line {id} is in {currency}; orders are paid in {currency2}.").format(id=line.id, currency=currency, currency2=uow.currency))
    if kind == MatchKind.ORDER:
        if line.amount <= 0:
            raise Refused(_("Line {id} is money out; only money in can pay an order.").format(id=line.id))
        order = uow.s.get(SalesOrder, order_id)
        entry = orders.pay_order(uow, order.number, line.amount, method="bank", reference=ref,
                                 paid_on=day).entry
        add_link(uow, doc, LinkKind.ORDER, order.id)
    elif kind == MatchKind.BILL:
        if line.amount >= 0:
            raise Refused(_("Line {id} is money in; only money out can pay a supplier bill.").format(id=line.id))
        bill = uow.s.get(SupplierBill, bill_id)
        entry = bills.pay_bill(uow, bill.number, -line.amount, reference=ref, paid_on=day,
                               bank_account=account.code if account is not None else None).entry
        add_link(uow, doc, LinkKind.BILL, bill.id)
    else:
        if line.amount >= 0:
            raise Refused(_("Line {id} is money in; a bank fee is money out.").format(id=line.id))
        from boclerk.services.ledger.rates import to_base

        fee = to_base(uow, -line.amount, currency if account is not None else None, day)  # at the day's rate
        posted = ledger.post(uow, entry_date=day, memo=shown.said(uow, N_("Bank fee: {purpose}"),
                                                                 purpose=line.purpose or line.counterparty_name)[:500],
                             lines=posting_rules.bank_fee(fee, bank=account.code if account is not None else None),
                             source_kind="bank", source_ref=doc.number)
        entry = posted.number
    je = uow.s.scalars(select(JournalEntry).where(JournalEntry.number == entry)).one()
    add_link(uow, doc, LinkKind.ENTRY, je.id)
    by_hand = (line.status, line.match_kind, line.order_id, line.bill_id) != (
        LineStatus.PROPOSED.value, kind.value, order_id, bill_id)
    line.status, line.entry_id = LineStatus.CONFIRMED.value, je.id
    # the reason is the books' words, as the proposal's was (services.shown.said)
    line.reason = shown.said(uow, N_("Matched by hand.")) if by_hand else line.reason.replace(
        shown.said(uow, N_("Proposed: ")), shown.said(uow, N_("Matched: ")), 1)
    line.match_kind, line.order_id, line.bill_id = kind.value, order_id, bill_id
    line.decided_by, line.decided_at = uow.actor_name, uow.now
    uow.s.flush()
    uow.audit("bank.confirm", "bank_line", f"{doc.number}:{line.line_no}", after={
        "amount": money(uow, line.amount), "match": _match_label(uow, line), "entry": entry})
    return entry


def _line(uow: UnitOfWork, ref: str | int, act_: Act) -> BankLine:
    """The line, locked, once the rule book allows the act on it."""
    uow.require(act_)
    line = line_by_ref(uow, ref, lock=True)
    act_.check(line.id, line.status, _entry_number(uow, line))
    return line


def _entry_number(uow: UnitOfWork, line: BankLine) -> str:
    return uow.s.get(JournalEntry, line.entry_id).number if line.entry_id else ""


def confirm_line(uow: UnitOfWork, ref: str | int) -> str:
    """Post a line's proposed match; returns the journal entry number."""
    line = _line(uow, ref, CONFIRM)
    return _post(uow, line, MatchKind(line.match_kind), line.order_id, line.bill_id)


def check_match_target(uow: UnitOfWork, target: str) -> None:
    """A hand match's target as typed (SO-..., BILL-... or ``fee``), checked before anyone is asked
    to go ahead (writes nothing); a number that names nothing is bad input here."""
    uow.require(MATCH)
    value = target.strip().upper()
    try:
        if SO.fullmatch(value):
            from boclerk.services.sales.orders import order_by_number

            order_by_number(uow, value)
        elif BILL.fullmatch(value):
            from boclerk.services.purchasing.bills import bill_by_number

            bill_by_number(uow, value)
        elif value != "FEE":
            raise InvalidInput(_("'{target}' is not an order (SO-...), a supplier bill (BILL-...) or 'fee'.").format(
                target=target))
    except NotFound as exc:
        raise InvalidInput(exc.message) from None


def match_line(uow: UnitOfWork, ref: str | int, target: str) -> str:
    """Match a line by hand (SO-..., BILL-... or ``fee``) and post it at once."""
    line = _line(uow, ref, MATCH)
    value = target.strip().upper()
    if value == "FEE":
        return _post(uow, line, MatchKind.FEE, None, None)
    if SO.fullmatch(value):
        from boclerk.services.sales.orders import order_by_number

        return _post(uow, line, MatchKind.ORDER, order_by_number(uow, value).id, None)
    if BILL.fullmatch(value):
        from boclerk.services.purchasing.bills import bill_by_number

        return _post(uow, line, MatchKind.BILL, None, bill_by_number(uow, value).id)
    raise InvalidInput(_("'{target}' is not an order (SO-...), a supplier bill (BILL-...) or 'fee'.").format(target=target))


def ignore_line(uow: UnitOfWork, ref: str | int, reason: str) -> None:
    uow.require(IGNORE)
    if not reason.strip():
        raise InvalidInput(_("Say why the line is ignored."))
    line = _line(uow, ref, IGNORE)
    before = line.status
    set_state(line, LineStatus.IGNORED, reason.strip())
    line.decided_by, line.decided_at = uow.actor_name, uow.now
    uow.s.flush()
    uow.audit("bank.ignore", "bank_line", f"{_statement_doc(uow, line).number}:{line.line_no}",
              before={"status": before}, after={"status": line.status, "reason": line.reason})


# -- reading -----------------------------------------------------------------------------------

def _match_label(uow: UnitOfWork, line: BankLine) -> str:
    if line.match_kind == MatchKind.ORDER.value and line.order_id:
        return uow.s.get(SalesOrder, line.order_id).number
    if line.match_kind == MatchKind.BILL.value and line.bill_id:
        return uow.s.get(SupplierBill, line.bill_id).number
    return line.match_kind or ""


def _line_row(uow: UnitOfWork, line: BankLine, statement: str) -> BankLineRow:
    entry = uow.s.get(JournalEntry, line.entry_id).number if line.entry_id else None
    return BankLineRow(line.id, statement, line.line_no, line.booked, line.counterparty_name, line.counterparty_tax_id,
                       line.purpose, line.status, _match_label(uow, line), line.reason, entry, line.amount)


def bank_queue(uow: UnitOfWork, *, status: str | None = None, after_id: int | None = None,
               before_id: int | None = None, last: bool = False, limit: int = 500) -> list[BankLineRow]:
    """Lines waiting for a decision (unmatched and proposed), or those of one status, oldest first.

    Pages by key: ``after_id`` (the next page), ``before_id`` (the one before), ``last``.
    """
    stmt = _queue_query(uow, status)
    if after_id is not None:
        stmt = stmt.where(BankLine.id > after_id)
    if before_id is not None or last:
        if before_id is not None:
            stmt = stmt.where(BankLine.id < before_id)
        rows = list(uow.s.execute(stmt.order_by(BankLine.id.desc()).limit(limit)))[::-1]
    else:
        rows = list(uow.s.execute(stmt.order_by(BankLine.id).limit(limit)))
    return [_line_row(uow, line, number) for line, number in rows]


def _queue_query(uow: UnitOfWork, status: str | None):
    uow.require(Perm.READ)
    if status in (None, "", "waiting"):
        wanted = [LineStatus.UNMATCHED.value, LineStatus.PROPOSED.value]
    elif status == "all":
        wanted = [s.value for s in LineStatus]
    else:
        try:
            wanted = [LineStatus(status).value]
        except ValueError:
            raise InvalidInput(_("'{status}' is not a bank line status; choose {codes}.").format(
                status=status, codes=choices([*(s.value for s in LineStatus), "waiting", "all"], LINE_STATUS_WORDS))) from None
    return (select(BankLine, Document.number).join(BankStatement, BankStatement.id == BankLine.statement_id)
            .join(Document, Document.id == BankStatement.document_id).where(BankLine.status.in_(wanted)))


def count_queue(uow: UnitOfWork, *, status: str | None = None):
    """How many lines bank_queue pages through (a Count up to its cap), or None for a status it refuses."""
    from boclerk.services.counting import bounded_count

    try:
        return bounded_count(uow, _queue_query(uow, status))
    except InvalidInput:
        return None
