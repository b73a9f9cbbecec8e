"""Reconciliation statements (акт сверки) with a customer or a supplier for a period.

The statement is built from the documents: for a customer its shipments (what it owes),
returns, payments and refunds; for a supplier its posted bills, their reversals, its credit and debit
notes and what its payments cleared.
Each is dated by the journal entry that booked it, so the opening balance is everything
before the period and the closing balance is what the partner's entries leave on the
receivable and advance accounts (customers) or the payable account (suppliers):
:func:`ledger_balance` reads that from the postings, and the two agree.

Amounts are in the books' currency; a positive balance is owed to the shop (customers) or
by the shop (suppliers), as each side is used to reading it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from boclerk.db.uow import UnitOfWork
from boclerk.domain.ledger import Account, JournalEntry, Posting
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.domain.purchasing import SupplierBill, SupplierNote, SupplierPayment
from boclerk.domain.sales import OrderPayment, SalesOrder, Shipment
from boclerk.errors import InvalidInput, NotFound
from boclerk.i18n import N_, _
from boclerk.services import shown
from boclerk.services.rows import money_field

__all__ = ["Statement", "StatementRow", "ledger_balance", "statement"]

ROLES = {"customer": ("receivable", "customer_advances"), "supplier": ("payable",)}


@dataclass(frozen=True)
class StatementRow:
    day: date
    kind: str  # shipment, return, payment, refund, bill, reversal (of a bill), note (a supplier's credit or debit note)
    document: str  # SO-.../1, BILL-..., the payment's entry number
    entry: str  # JE-...
    debit: int = money_field()  # in the shop's books: shipments and refunds (customers), payments (suppliers)
    credit: int = money_field()
    bill: str = ""  # a note's: the bill it corrects


@dataclass(frozen=True)
class Statement:
    side: str  # customer or supplier
    code: str
    name: str
    tax_id: str
    start: date
    end: date
    opening: int = money_field()
    rows: tuple[StatementRow, ...]
    closing: int = money_field()
    currency: str

    @property
    def debit_total(self) -> int:
        return sum(r.debit for r in self.rows)

    @property
    def credit_total(self) -> int:
        return sum(r.credit for r in self.rows)


def _partner(uow: UnitOfWork, side: str, code: str):
    model = {"customer": Customer, "supplier": Supplier}[side]
    found = uow.s.scalars(select(model).where(model.code == code.strip().upper())).first()
    if found is None:
        found = uow.s.scalars(select(model).where(model.code == code.strip())).first()
    if found is None:
        raise NotFound(_("There is no {what} {code}.").format(what=_("customer") if side == "customer" else _("supplier"),
                                                             code=code.strip()))
    return found


def _customer_rows(uow: UnitOfWork, customer_id: int, until: date) -> list[StatementRow]:
    rows = []
    numbered: dict[str, int] = {}
    for number, kind, net, vat, day, entry in uow.s.execute(
        select(SalesOrder.number, Shipment.kind, Shipment.net, Shipment.vat, JournalEntry.entry_date,
               JournalEntry.number)
        .join(SalesOrder, SalesOrder.id == Shipment.order_id).join(JournalEntry, JournalEntry.id == Shipment.entry_id)
        .where(SalesOrder.customer_id == customer_id, JournalEntry.entry_date <= until)
        .order_by(JournalEntry.entry_date, Shipment.id)
    ):
        key = f"{number}:{kind}"
        numbered[key] = numbered.get(key, 0) + 1
        gross = net + vat
        document = f"{number}/{numbered[key]}" if kind == "ship" else f"{number} return {numbered[key]}"
        rows.append(StatementRow(day, "shipment" if kind == "ship" else "return", document, entry,
                                 gross if kind == "ship" else 0, gross if kind != "ship" else 0))
    for number, amount, day, entry in uow.s.execute(
        select(SalesOrder.number, OrderPayment.amount, JournalEntry.entry_date, JournalEntry.number)
        .join(SalesOrder, SalesOrder.id == OrderPayment.order_id)
        .join(JournalEntry, JournalEntry.id == OrderPayment.entry_id)
        .where(SalesOrder.customer_id == customer_id, JournalEntry.entry_date <= until)
    ):
        if amount > 0:
            rows.append(StatementRow(day, "payment", number, entry, 0, amount))
        else:
            rows.append(StatementRow(day, "refund", number, entry, -amount, 0))
    return rows


def _supplier_rows(uow: UnitOfWork, supplier_id: int, until: date) -> list[StatementRow]:
    rows = []
    for number, ref, total, day, entry in uow.s.execute(
        select(SupplierBill.number, SupplierBill.supplier_ref, SupplierBill.total_base, JournalEntry.entry_date,
               JournalEntry.number)
        .join(JournalEntry, JournalEntry.id == SupplierBill.entry_id)
        .where(SupplierBill.supplier_id == supplier_id, JournalEntry.entry_date <= until)
    ):
        rows.append(StatementRow(day, "bill", f"{number} ({ref})" if ref else number, entry, 0, total))
    for number, cleared, day, entry in uow.s.execute(
        select(SupplierBill.number, SupplierPayment.cleared_base, JournalEntry.entry_date, JournalEntry.number)
        .join(SupplierBill, SupplierBill.id == SupplierPayment.bill_id)
        .join(JournalEntry, JournalEntry.id == SupplierPayment.entry_id)
        .where(SupplierBill.supplier_id == supplier_id, JournalEntry.entry_date <= until)
    ):
        rows.append(StatementRow(day, "payment", number, entry, cleared, 0))
    mirror = aliased(JournalEntry)
    for number, ref, total, day, entry in uow.s.execute(  # a bill reversed: its entry mirrored
        select(SupplierBill.number, SupplierBill.supplier_ref, SupplierBill.total_base, mirror.entry_date,
               mirror.number)
        .join(mirror, mirror.reverses_id == SupplierBill.entry_id)
        .where(SupplierBill.supplier_id == supplier_id, mirror.entry_date <= until)
    ):
        rows.append(StatementRow(day, "reversal", f"{number} ({ref})" if ref else number, entry, total, 0))
    for number, ref, bill, total, day, entry in uow.s.execute(  # its credit notes (< 0) and debit notes (> 0)
        select(SupplierNote.number, SupplierNote.supplier_ref, SupplierBill.number, SupplierNote.total_base,
               JournalEntry.entry_date, JournalEntry.number)
        .join(SupplierBill, SupplierBill.id == SupplierNote.bill_id)
        .join(JournalEntry, JournalEntry.id == SupplierNote.entry_id)
        .where(SupplierNote.supplier_id == supplier_id, JournalEntry.entry_date <= until)
    ):
        rows.append(StatementRow(day, "note", f"{number} ({ref})", entry, max(-total, 0), max(total, 0), bill))
    return rows


def statement(uow: UnitOfWork, side: str, code: str, start: date, end: date) -> Statement:
    """The reconciliation statement with a customer or supplier from ``start`` to ``end``."""
    uow.require(Perm.READ)
    if side not in ROLES:
        raise InvalidInput(_("A statement is with a customer or a supplier."))
    if end < start:
        raise InvalidInput(_("The period ends ({end}) before it starts ({start}).").format(end=shown.day(uow, end), start=shown.day(uow, start)))
    partner = _partner(uow, side, code)
    rows = (_customer_rows if side == "customer" else _supplier_rows)(uow, partner.id, end)
    rows.sort(key=lambda r: (r.day, r.entry))
    sign = 1 if side == "customer" else -1  # a supplier's balance is what the shop owes: credit minus debit
    opening = sum(sign * (r.debit - r.credit) for r in rows if r.day < start)
    inside = tuple(r for r in rows if r.day >= start)
    closing = opening + sum(sign * (r.debit - r.credit) for r in inside)
    return Statement(side, partner.code, partner.name, partner.tax_id, start, end, opening, inside, closing,
                     uow.currency)


def _entry_ids(uow: UnitOfWork, side: str, partner_id: int):
    """The journal entries that concern the partner: those of its documents and payments."""
    if side == "customer":
        orders = select(SalesOrder.number).where(SalesOrder.customer_id == partner_id)
        paid = select(OrderPayment.entry_id).join(SalesOrder, SalesOrder.id == OrderPayment.order_id).where(
            SalesOrder.customer_id == partner_id, OrderPayment.entry_id.is_not(None))
        return or_(JournalEntry.id.in_(paid),
                   (JournalEntry.source_kind == "order") & JournalEntry.source_ref.in_(orders))
    bills = select(SupplierBill.number).where(SupplierBill.supplier_id == partner_id)
    paid = select(SupplierPayment.entry_id).join(SupplierBill, SupplierBill.id == SupplierPayment.bill_id).where(
        SupplierBill.supplier_id == partner_id, SupplierPayment.entry_id.is_not(None))
    return or_(JournalEntry.id.in_(paid), (JournalEntry.source_kind == "bill") & JournalEntry.source_ref.in_(bills))


def ledger_balance(uow: UnitOfWork, side: str, code: str, at: date) -> int:
    """What the partner's entries leave on its accounts in the books on ``at`` (signed as a statement)."""
    uow.require(Perm.READ)
    partner = _partner(uow, side, code)
    total = uow.s.scalar(
        select(func.coalesce(func.sum(Posting.amount), 0))
        .join(JournalEntry, JournalEntry.id == Posting.entry_id).join(Account, Account.id == Posting.account_id)
        .where(Account.role.in_(ROLES[side]), JournalEntry.status != "draft", Posting.entry_date <= at,
               _entry_ids(uow, side, partner.id)))
    return int(total) if side == "customer" else -int(total)


#: a statement's line by its kind, in the language of the statement ({d} the document, {e} the entry)
_LABELS = {"shipment": N_("Shipment, UPD {d}"), "return": N_("Goods returned, {d}"), "payment": N_("Payment, {d} ({e})"),
           "refund": N_("Money refunded, {d} ({e})"), "bill": N_("Bill {d}"), "reversal": N_("Bill {d} reversed"),
           "credit note": N_("Credit note {d} on {b}"), "debit note": N_("Debit note {d} on {b}")}
#: what a statement is called on its file and in the documents' register
_TITLE = N_("Statement")


def _label(r: StatementRow) -> str:
    """A row's label: its kind's, a note's by what it does (a credit note lowers what the shop owes)."""
    if r.kind != "note":
        return r.kind
    return "credit note" if r.debit else "debit note"


def statement_data(uow: UnitOfWork, st: Statement, locale: str, language: str = ""):
    """The printable statement: the shop's side, balances signed in the shop's favour; amounts and
    dates as ``locale`` writes them, its words in ``language`` (the locale's when empty)."""
    from boclerk.formats.statement_pdf import StatementData, StatementLine

    sign = 1 if st.side == "customer" else -1
    lines = tuple(StatementLine(r.day, shown.said_in(language or locale, _LABELS[_label(r)], d=r.document, e=r.entry, b=r.bill),
                                r.debit, r.credit) for r in st.rows)
    c = uow.company
    return StatementData(c.name, st.name, st.start, st.end, sign * st.opening, lines, sign * st.closing,
                         c.director, uow.now.astimezone().replace(tzinfo=None), st.currency, locale,
                         language)


def partner_statement(db, actor: str, side: str, code: str, start: date, end: date, *, locale: str | None = None):
    """The statement as a PDF, registered once for the same partner, period and figures: in the
    language of the books (company.language), its amounts and dates as the shop's locale writes
    them, or, asked for a ``locale`` on purpose, as that one writes and says them."""
    import hashlib

    from boclerk.domain.documents import DocType, LinkKind
    from boclerk.formats.statement_pdf import statement_pdf
    from boclerk.services.documents.outbound import Draft, produce

    with db.read(actor) as uow:
        st = statement(uow, side, code, start, end)
        partner_id = _partner(uow, side, code).id
    figures = "|".join(f"{r.entry}:{r.debit}:{r.credit}" for r in st.rows) + f"|{st.opening}|{st.closing}"
    period = f"{start:%Y%m%d}-{end:%Y%m%d}#{hashlib.sha256(figures.encode()).hexdigest()[:12]}"

    def build(uow: UnitOfWork) -> list:
        lang = locale or uow.company.locale or "ru"
        language = "" if locale else shown.language(uow)
        current = statement(uow, side, code, start, end)
        data = statement_data(uow, current, lang, language)
        title = shown.said_in(language or lang, _TITLE)
        name = f"{title} {current.code} {start:%Y-%m-%d}..{end:%Y-%m-%d}.pdf"
        link = LinkKind.CUSTOMER if side == "customer" else LinkKind.SUPPLIER
        text = " ".join([title, current.code, current.name] + [x.text for x in data.lines])
        return [Draft("statement", name, statement_pdf(data), DocType.RECONCILIATION.value, "pdf", their_number=title,
                      their_date=end, amount=abs(current.closing), links=((link, partner_id),), text=text,
                      **({"customer_id": partner_id} if side == "customer" else {"supplier_id": partner_id}))]

    return st, produce(db, actor, side, partner_id, build, period=period)
