"""The VAT report of a period: output VAT per sale document, input VAT per supplier bill.

Read from the documents and their journal entries: a shipment or a return counts in the period
of its entry, a bill in the period of the entry that booked it (a late bill posts on the day it
was entered). Each row carries the counterparty's tax id, the base, the rate and the tax; the
totals per rate, the net VAT (output less input) and the movement of the VAT accounts in the
ledger, which it equals unless someone posted to a VAT account by hand (those entries are
listed, so the difference is explained).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from boclerk.db.uow import UnitOfWork
from boclerk.domain.ledger import Account, AccountRole, JournalEntry, Posting
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.domain.purchasing import SupplierBill
from boclerk.domain.sales import SalesOrder, Shipment, ShipmentLine
from boclerk.domain.tax import rate_label
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.rows import money_field


@dataclass(frozen=True)
class VatRow:
    side: str          # output (sales) or input (purchases)
    day: date          # of the entry that booked it
    document: str      # SO-... (a shipment or, ``returned``, a return) or BILL-...
    entry: str
    counterparty: str
    tax_id: str
    rate: str          # "22%", "10%", "0%", "без НДС"
    base: int = money_field()
    vat: int = money_field()
    returned: bool = False  # goods taken back on the sale ``document``

    @property
    def what(self) -> str:
        """The document as a reader reads it: a return named in the reader's words ("SO-... возврат товара")."""
        from boclerk.domain.sales_words import move_word

        return f"{self.document} {move_word('return')}" if self.returned else self.document


@dataclass(frozen=True)
class RateTotal:
    side: str
    rate: str
    base: int = money_field()
    vat: int = money_field()


@dataclass(frozen=True)
class VatReport:
    date_from: date
    date_to: date
    rows: list[VatRow]
    totals: list[RateTotal]
    other_entries: list[str] = field(default_factory=list)  # manual postings to the VAT accounts
    output_vat: int = money_field(default=0)
    input_vat: int = money_field(default=0)
    net_vat: int = money_field(default=0)       # output less input: owed to the budget if positive
    ledger_net: int = money_field(default=0)    # credit less debit of the VAT accounts in the period


def _rate_key(rate: int | None) -> tuple[bool, int]:
    return (rate is None, -(rate or 0))


def vat_report(uow: UnitOfWork, date_from: date, date_to: date) -> VatReport:
    uow.require(Perm.READ)
    if date_from > date_to:
        raise InvalidInput(_("The period is empty: {date_from} is after {date_to}.").format(date_from=date_from, date_to=date_to))
    rows: list[VatRow] = []
    period = (JournalEntry.entry_date >= date_from, JournalEntry.entry_date <= date_to)

    sales = uow.s.execute(
        select(Shipment.id, Shipment.kind, JournalEntry.entry_date, SalesOrder.number, JournalEntry.number,
               Customer.name, Customer.tax_id, ShipmentLine.vat_rate, func.sum(ShipmentLine.net),
               func.sum(ShipmentLine.vat))
        .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .join(JournalEntry, JournalEntry.id == Shipment.entry_id)
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .join(Customer, Customer.id == SalesOrder.customer_id)
        .where(*period)
        .group_by(Shipment.id, Shipment.kind, JournalEntry.entry_date, SalesOrder.number, JournalEntry.number,
                  Customer.name, Customer.tax_id, ShipmentLine.vat_rate)
        .order_by(JournalEntry.entry_date, Shipment.id)).all()
    for _sid, kind, day, number, entry, name, tax_id, rate, net, vat in sales:
        sign = -1 if kind == "return" else 1
        rows.append(VatRow("output", day, number, entry, name, tax_id or "", rate_label(rate), sign * int(net),
                           sign * int(vat), kind == "return"))

    from boclerk.services.purchasing.bills import vat_groups

    vat_in = _account_id(uow, AccountRole.VAT_RECEIVABLE)
    bills = uow.s.execute(
        select(SupplierBill, JournalEntry.entry_date, JournalEntry.number, Supplier.name, Supplier.tax_id,
               Supplier.country)
        .join(JournalEntry, JournalEntry.id == SupplierBill.entry_id)
        .join(Supplier, Supplier.id == SupplierBill.supplier_id)
        .where(*period).order_by(JournalEntry.entry_date, SupplierBill.id)).all()
    for bill, day, entry, name, tax_id, country in bills:
        recovered = int(uow.s.scalar(select(func.coalesce(func.sum(Posting.amount), 0)).where(
            Posting.entry_id == bill.entry_id, Posting.account_id == vat_in)) or 0)
        shown_tax = tax_id if country == "RU" or not tax_id else f"{tax_id} ({country})"
        for rate, net, vat in vat_groups(uow, bill):
            rows.append(VatRow("input", day, bill.number, entry, name, shown_tax or "", rate_label(rate), net,
                               vat if recovered else 0))

    rows += _corrections(uow, date_from, date_to, vat_in)

    totals: dict[tuple[str, int | None, str], list[int]] = {}
    for r in rows:
        key = (r.side, r.rate)
        t = totals.setdefault(key, [0, 0])
        t[0] += r.base
        t[1] += r.vat
    order = sorted(totals, key=lambda k: (k[0] != "output", k[1] == "без НДС", -int(k[1].rstrip("%") or 0)
                                          if k[1] != "без НДС" else 0))
    rate_totals = [RateTotal(side, rate, totals[(side, rate)][0], totals[(side, rate)][1]) for side, rate in order]
    output = sum(r.vat for r in rows if r.side == "output")
    input_ = sum(r.vat for r in rows if r.side == "input")
    ledger_net, others = _ledger_movement(uow, date_from, date_to, {r.entry for r in rows})
    return VatReport(date_from, date_to, rows, rate_totals, others, output, input_, output - input_, ledger_net)


def _recovered(uow: UnitOfWork, entry_id: int, vat_in: int) -> bool:
    return bool(uow.s.scalar(select(func.coalesce(func.sum(Posting.amount), 0)).where(
        Posting.entry_id == entry_id, Posting.account_id == vat_in)))


def _corrections(uow: UnitOfWork, date_from: date, date_to: date, vat_in: int) -> list[VatRow]:
    """Input VAT undone by bills reversed in the period, and changed by the suppliers' notes."""
    from boclerk.domain.purchasing import SupplierNote
    from boclerk.services.purchasing.bills import vat_groups
    from boclerk.services.purchasing.corrections import note_vat_groups

    rows = []
    party = (Supplier.name, Supplier.tax_id, Supplier.country)
    mirror = aliased(JournalEntry)
    for bill, day, entry, entry_id, name, tax_id, country in uow.s.execute(
            select(SupplierBill, mirror.entry_date, mirror.number, mirror.id, *party)
            .join(mirror, mirror.reverses_id == SupplierBill.entry_id)
            .join(Supplier, Supplier.id == SupplierBill.supplier_id)
            .where(mirror.entry_date >= date_from, mirror.entry_date <= date_to)
            .order_by(mirror.entry_date, SupplierBill.id)):
        recovered = _recovered(uow, entry_id, vat_in)
        for rate, net, vat in vat_groups(uow, bill):
            rows.append(VatRow("input", day, f"{bill.number} reversed", entry, name, _shown(tax_id, country),
                               rate_label(rate), -net, -vat if recovered else 0))
    for note, bill_number, day, entry, entry_id, name, tax_id, country in uow.s.execute(
            select(SupplierNote, SupplierBill.number, JournalEntry.entry_date, JournalEntry.number, JournalEntry.id,
                   *party)
            .join(SupplierBill, SupplierBill.id == SupplierNote.bill_id)
            .join(JournalEntry, JournalEntry.id == SupplierNote.entry_id)
            .join(Supplier, Supplier.id == SupplierNote.supplier_id)
            .where(JournalEntry.entry_date >= date_from, JournalEntry.entry_date <= date_to)
            .order_by(JournalEntry.entry_date, SupplierNote.id)):
        recovered = _recovered(uow, entry_id, vat_in)
        for rate, net, vat in note_vat_groups(uow, note):
            rows.append(VatRow("input", day, f"{note.number} on {bill_number}", entry, name, _shown(tax_id, country),
                               rate_label(rate), net, vat if recovered else 0))
    return rows


def _shown(tax_id: str | None, country: str) -> str:
    return (tax_id if country == "RU" or not tax_id else f"{tax_id} ({country})") or ""


def _account_id(uow: UnitOfWork, role: AccountRole) -> int:
    return uow.s.scalar(select(Account.id).where(Account.role == role.value))


def _ledger_movement(uow: UnitOfWork, date_from: date, date_to: date, documented: set[str]
                     ) -> tuple[int, list[str]]:
    """Credit less debit on the VAT accounts in the period, and the entries no document explains."""
    ids = [_account_id(uow, AccountRole.VAT_PAYABLE), _account_id(uow, AccountRole.VAT_RECEIVABLE)]
    movement = uow.s.execute(
        select(JournalEntry.number, func.sum(Posting.amount))
        .join(JournalEntry, JournalEntry.id == Posting.entry_id)
        .where(Posting.account_id.in_(ids), Posting.entry_date >= date_from, Posting.entry_date <= date_to)
        .group_by(JournalEntry.number).order_by(JournalEntry.number)).all()
    total = -sum(int(amount) for _, amount in movement)
    others = [number for number, amount in movement if number not in documented and int(amount) != 0]
    return total, others
