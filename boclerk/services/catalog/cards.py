"""A customer's or supplier's card: who they are (contacts, address, tax ids, bank details), the
balance between us (what they owe the shop, or what the shop owes them, as the books say it),
what of it is overdue, and their latest orders or purchase orders and bills, and documents.

Reads a handful of rows per list, newest first, by the partner's indexed id: the same cost for a
partner with ten orders and one with a hundred thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import Document
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.domain.purchasing import BillStatus, PurchaseOrder, SupplierBill
from boclerk.domain.sales import OrderStatus, SalesOrder
from boclerk.services.rows import money_field

LATEST = 8


@dataclass(frozen=True)
class CardRecord:
    """An order, purchase order or bill on a card."""

    number: str
    day: date
    status: str
    amount: int = money_field()
    open: int = money_field()  # left to pay (0: settled, or nothing to pay yet for a PO)


@dataclass(frozen=True)
class CardDocument:
    number: str
    doc_type: str
    status: str
    name: str
    day: date | None


@dataclass(frozen=True)
class PartnerCard:
    side: str  # customer or supplier
    code: str
    name: str
    active: bool
    email: str
    phone: str
    contact: str  # suppliers: the person to talk to
    address: str
    tax_id: str
    kpp: str
    ogrn: str
    bank: str  # suppliers: BIK and account
    notes: str
    terms_days: int | None  # suppliers: payment terms
    #: what the books say between us: a customer's debt to the shop (> 0), or the shop's to a supplier (> 0);
    #: negative: an advance (the customer paid ahead, the shop paid the supplier ahead)
    balance: int = money_field()
    overdue: int = money_field()  # of the open amount: shipped over 30 days ago (customers), past due (suppliers)
    orders: tuple[CardRecord, ...] = field(default=())  # a customer's orders, a supplier's purchase orders
    bills: tuple[CardRecord, ...] = field(default=())  # a supplier's bills
    documents: tuple[CardDocument, ...] = field(default=())
    open_orders: int = 0  # orders (POs) not yet settled or closed, of all of them


def partner_card(uow: UnitOfWork, side: str, code: str) -> PartnerCard:
    """The card of the customer or supplier ``code`` (``side``: customer or supplier)."""
    from boclerk.services.ledger.statements import _partner, ledger_balance

    uow.require(Perm.READ)
    partner = _partner(uow, side, code)
    balance = ledger_balance(uow, side, partner.code, uow.today)
    docs = tuple(CardDocument(d.number, d.doc_type, d.status, d.original_name, d.their_date) for d in uow.s.scalars(
        select(Document).where((Document.customer_id if side == "customer" else Document.supplier_id) == partner.id)
        .order_by(Document.id.desc()).limit(LATEST)))
    if side == "customer":
        return _customer(uow, partner, balance, docs)
    return _supplier(uow, partner, balance, docs)


def _customer(uow: UnitOfWork, c: Customer, balance: int, docs) -> PartnerCard:
    from boclerk.services.sales.orders import amount_due

    o = SalesOrder
    orders = tuple(CardRecord(x.number, x.order_date, x.status, x.total,
                              0 if x.status in (OrderStatus.CANCELLED.value, OrderStatus.DRAFT.value)
                              else max(amount_due(uow, x), 0))
                   for x in uow.s.scalars(select(o).where(o.customer_id == c.id).order_by(o.id.desc()).limit(LATEST)))
    live = (o.customer_id == c.id, o.historical.is_(False),
            o.status.not_in((OrderStatus.CANCELLED.value, OrderStatus.DRAFT.value)))
    open_count = uow.s.scalar(select(func.count(o.id)).where(*live, o.total > o.paid)) or 0
    overdue = uow.s.scalar(select(func.coalesce(func.sum(o.invoiced - o.paid), 0)).where(
        *live, o.invoiced > o.paid, o.shipped_on.is_not(None), o.shipped_on < uow.today - timedelta(days=30))) or 0
    return PartnerCard("customer", c.code, c.name, c.active, c.email, c.phone, "", c.address, c.tax_id, c.kpp, "",
                       "", c.notes, None, balance, int(overdue), orders, (), docs, int(open_count))


def _supplier(uow: UnitOfWork, s: Supplier, balance: int, docs) -> PartnerCard:
    p, b = PurchaseOrder, SupplierBill
    pos = tuple(CardRecord(x.number, x.order_date, x.status, x.total, 0) for x in uow.s.scalars(
        select(p).where(p.supplier_id == s.id).order_by(p.id.desc()).limit(LATEST)))
    bills = tuple(CardRecord(x.number, x.bill_date, x.status, x.total + x.noted,
                             max(x.total + x.noted - x.paid, 0) if x.status == BillStatus.POSTED.value else 0)
                  for x in uow.s.scalars(select(b).where(b.supplier_id == s.id).order_by(b.id.desc()).limit(LATEST)))
    open_count = uow.s.scalar(select(func.count(p.id)).where(
        p.supplier_id == s.id, p.status.not_in(("closed", "cancelled")))) or 0
    left = case((b.currency.is_(None), b.total + b.noted - b.paid), else_=b.total_base + b.noted_base - b.paid_base)
    overdue = uow.s.scalar(select(func.coalesce(func.sum(left), 0)).where(
        b.supplier_id == s.id, b.status == BillStatus.POSTED.value, b.total + b.noted > b.paid,
        b.due_date < uow.today)) or 0
    bank = " ".join(part for part in (s.bik, s.bank_account) if part)
    return PartnerCard("supplier", s.code, s.name, s.active, s.email, s.phone, s.contact, s.address, s.tax_id, s.kpp,
                       s.ogrn, bank, "", s.payment_terms_days, balance, int(overdue), pos, bills, docs,
                       int(open_count))
