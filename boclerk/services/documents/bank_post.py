"""A bank line that belongs to no order, bill or fee, posted to an account of the chart.

A deposit the landlord refunds, a tax refund, a loan: money that pays no order or bill. The
accountant names the account and says what it is (the memo); one entry posts the bank account
against that account on the line's booking date (today when the books are locked on it), and
the line is done: confirmed with its entry, so it can never post twice.

The line's ``match_kind`` is ``account``; its reason says the account and the memo.

Also here: what is still open on the order or bill a line is matched to, so that the
reconciliation view can flag a payment of less than that (a partial payment).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.documents import BankLine, BankStatement, Document, LineStatus, LinkKind, MatchKind
from boclerk.domain.ledger import JournalEntry
from boclerk.domain.purchasing import SupplierBill
from boclerk.domain.sales import SalesOrder
from boclerk.errors import InvalidInput, Refused
from boclerk.i18n import N_, _
from boclerk.services.documents.bank import (
    BankLineRow,
    _line,
    _posting_day,
    _statement_doc,
    foreign_account,
    statement_currency,
)
from boclerk.services.documents.matching import money
from boclerk.services.shown import said
from boclerk.services.documents.register import add_link

POST_ACCOUNT = act("documents.post_account")


def check_post_input(uow: UnitOfWork, account: str, memo: str):
    """What a clerk typed to post a bank line to an account, checked before anyone is asked to go
    ahead (writes nothing): a memo, and an account of the chart the books let a line be posted to
    (a code that names nothing is bad input here). Returns the account."""
    from boclerk.errors import NotFound
    from boclerk.services.ledger import book
    from boclerk.services.ledger.book import STOCK_CONTROLLED

    uow.require(POST_ACCOUNT)
    if not " ".join(memo.split()):
        raise InvalidInput(_("Say what the payment is: a memo goes into the entry."))
    if not account.strip():
        raise InvalidInput(_("Name the account of the chart to post the line to."))
    try:
        target = book.account(uow, account.strip())
    except NotFound as exc:
        raise InvalidInput(exc.message) from None
    if target.role in STOCK_CONTROLLED:
        raise Refused(_("The account {code} {name} moves only with the stock book; "
                        "use a stock adjustment or a stocktake instead.").format(code=target.code, name=target.name))
    return target


def post_to_account(uow: UnitOfWork, ref: str | int, account: str, memo: str) -> str:
    """Post a bank line to ``account`` (a code of the chart) with ``memo``; returns the entry number.

    Money in: Dr bank, Cr the account; money out: Dr the account, Cr bank.
    """
    from boclerk.domain.ledger import AccountRole as R
    from boclerk.services.ledger import book
    from boclerk.services.ledger.book import STOCK_CONTROLLED, Line
    from boclerk.services.ledger.rates import to_base

    memo = " ".join(memo.split())
    if not memo:
        raise InvalidInput(_("Say what the payment is: a memo goes into the entry."))
    if not account.strip():
        raise InvalidInput(_("Name the account of the chart to post the line to."))
    line = _line(uow, ref, POST_ACCOUNT)
    target = book.account(uow, account.strip())
    currency = statement_currency(uow, line)
    bank = None if currency == uow.currency else foreign_account(uow, currency)
    if currency != uow.currency and bank is None:
        raise Refused(_("No bank account is kept in {currency}; line {line} cannot be posted.").format(
            currency=currency, line=line.id))
    bank_acc = bank if bank is not None else book.account(uow, R.BANK)
    if target.id == bank_acc.id:
        raise InvalidInput(_("Line {line} is already on {account}; name the account on the other side.").format(
            line=line.id, account=target.code))
    if target.role in STOCK_CONTROLLED:
        raise Refused(_("The account {code} {name} moves only with the stock book; "
                        "use a stock adjustment or a stocktake instead.").format(code=target.code, name=target.name))
    day = _posting_day(uow, line)
    amount = to_base(uow, line.amount, currency if bank is not None else None, day)
    doc = _statement_doc(uow, line)
    posted = book.post(uow, entry_date=day, memo=memo[:500], lines=[Line(bank_acc.code, amount),
                                                                    Line(target.code, -amount)],
                       source_kind="bank", source_ref=doc.number)
    je = uow.s.scalars(select(JournalEntry).where(JournalEntry.number == posted.number)).one()
    add_link(uow, doc, LinkKind.ENTRY, je.id)
    line.status, line.entry_id = LineStatus.CONFIRMED.value, je.id
    line.match_kind, line.order_id, line.bill_id = MatchKind.ACCOUNT.value, None, None
    line.reason = said(uow, N_("Posted to {code} by hand: {memo}"), code=target.code, memo=memo)[:500]
    line.decided_by, line.decided_at = uow.actor_name, uow.now
    uow.s.flush()
    uow.audit("bank.post_account", "bank_line", f"{doc.number}:{line.line_no}", after={
        "amount": money(uow, line.amount), "account": target.code, "memo": memo, "entry": posted.number})
    return posted.number


def open_amounts(uow: UnitOfWork, rows: Sequence) -> dict[int, int]:
    """Bank line id -> what is still open on the order or bill the line is matched to (proposed
    lines, rows of :func:`boclerk.services.documents.bank.bank_queue`)."""
    from boclerk.services.sales.orders import amount_due

    out: dict[int, int] = {}
    for r in rows:
        if r.status != LineStatus.PROPOSED.value or not r.match:
            continue
        if r.match.startswith("SO-"):
            order = uow.s.scalars(select(SalesOrder).where(SalesOrder.number == r.match)).first()
            if order is not None:
                out[r.id] = amount_due(uow, order)
        elif r.match.startswith("BILL-"):
            bill = uow.s.scalars(select(SupplierBill).where(SupplierBill.number == r.match)).first()
            if bill is not None:
                out[r.id] = bill.total + bill.noted - bill.paid  # after the supplier's notes
    return out


def is_partial(amount: int, due: int | None) -> bool:
    """Whether a payment of ``amount`` (money in > 0, out < 0) pays less than ``due``."""
    return due is not None and 0 < abs(amount) < due


def statement_summary(uow: UnitOfWork, doc: Document) -> tuple[dict | None, list[BankLineRow]]:
    """The document's statement and its lines (see :func:`boclerk.services.documents.document_view.statement_summary`)."""
    from boclerk.services.documents.document_view import statement_summary as summary

    return summary(uow, doc.id, doc.number)
