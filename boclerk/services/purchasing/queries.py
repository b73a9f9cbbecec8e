"""Reading purchases: purchase orders, bills, and the two aging reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, Warehouse
from boclerk.domain.ledger import Department, JournalEntry
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.domain.purchasing import (
    BillLine,
    BillStatus,
    POLine,
    POStatus,
    PurchaseOrder,
    SupplierBill,
    SupplierPayment,
)
from boclerk.domain.sales import SalesOrder
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services.catalog import units
from boclerk.services.platform.audit import AuditRow, history
from boclerk.services.purchasing.bills import bill_adjustments, bill_by_number
from boclerk.services.purchasing.orders import po_by_number
from boclerk.services.rows import money_field


@dataclass(frozen=True)
class PORow:
    id: int
    number: str
    order_date: date
    supplier: str
    supplier_name: str
    status: str
    total: int = money_field()


@dataclass(frozen=True)
class POLineRow:
    line_no: int
    sku: str
    name: str
    kind: str
    qty: Decimal  # quantities in the product's unit
    received: Decimal
    billed: Decimal
    vat_rate: int | None  # None: без НДС
    department: str | None
    unit: str
    unit_price: int = money_field()  # in the PO's currency


@dataclass(frozen=True)
class BillRow:
    id: int
    number: str
    supplier: str
    supplier_ref: str
    bill_date: date
    due_date: date
    status: str
    hold_reason: str
    po: str | None
    currency: str  # of total and paid; total_base is in the books' currency
    total: int = money_field()
    paid: int = money_field()
    total_base: int = money_field(default=0)


@dataclass(frozen=True)
class PODetail:
    number: str
    supplier: str
    supplier_name: str
    order_date: date
    expected_date: date | None
    status: str
    warehouse: str
    notes: str
    lines: list[POLineRow]
    bills: list[BillRow]
    history: list[AuditRow]
    currency: str
    total: int = money_field()


@dataclass(frozen=True)
class BillLineRow:
    line_no: int
    sku: str
    name: str
    qty: Decimal  # in the product's unit
    vat_rate: int | None  # None: без НДС
    unit: str
    unit_price: int = money_field()
    net: int = money_field()
    vat: int = money_field()


@dataclass(frozen=True)
class BillPaymentRow:
    paid_on: date
    reference: str
    amount: int = money_field()


@dataclass(frozen=True)
class BillAdjustmentRow:
    """An allowance (net < 0) or charge of a bill; ``line`` names the bill line it belongs to, if any."""

    line_no: int
    line: int | None
    charge: bool
    reason: str
    vat_rate: int | None
    net: int = money_field()
    vat: int = money_field()


@dataclass(frozen=True)
class BillNoteRow:
    """A supplier's credit note (amounts < 0) or debit note (> 0) against the bill."""

    number: str
    kind: str
    supplier_ref: str
    note_date: date
    entry: str | None
    net: int = money_field()
    vat: int = money_field()
    total: int = money_field()


@dataclass(frozen=True)
class BillDetail:
    bill: BillRow
    lines: list[BillLineRow]
    payments: list[BillPaymentRow]
    entry: str | None
    history: list[AuditRow]
    net: int = money_field()
    vat: int = money_field()
    adjustments: tuple[BillAdjustmentRow, ...] = ()
    notes: tuple[BillNoteRow, ...] = ()
    owed: int = money_field(default=0)  # its total and notes less its payments
    prepaid: int = money_field(default=0)  # what the supplier's invoice says was paid ahead


def list_pos(uow: UnitOfWork, *, status: str | None = None, supplier: str | None = None,
             before_id: int | None = None, limit: int = 100, after_id: int | None = None,
             search: str | None = None) -> list[PORow]:
    """Purchase orders newest first; page with ``before_id`` (older) or ``after_id`` (newer), by key.

    ``search``: a PO number (or its beginning, PO-...), or a supplier's code, tax id or part of its name.
    """
    uow.require(Perm.READ)
    po, s = PurchaseOrder, Supplier
    stmt = (select(po.id, po.number, po.order_date, s.code, s.name, po.status, po.total)
            .join(s, s.id == po.supplier_id))
    if status:
        if status == "open":
            stmt = stmt.where(po.status.in_([POStatus.SENT.value, POStatus.PARTIALLY_RECEIVED.value]))
        else:
            try:
                stmt = stmt.where(po.status == POStatus(status).value)
            except ValueError:
                raise InvalidInput(_("'{status}' is not a purchase order status; choose one of: {choices} or "
                    "open.").format(status=status, choices=', '.join((x.value for x in POStatus)))) from None
    if supplier:
        from boclerk.services.catalog.partners import supplier as find_supplier

        stmt = stmt.where(po.supplier_id == find_supplier(uow, supplier).id)
    if search and search.strip():
        term = search.strip()
        conds = [po.number == term.upper(), po.supplier_id.in_(_suppliers_matching(term))]
        if term.upper().startswith("PO-"):
            conds.append(po.number.like(f"{term.upper()}%"))
        stmt = stmt.where(or_(*conds))
    return [PORow(*r) for r in _keyset(uow, stmt, po.id, before_id, after_id, limit)]


def _suppliers_matching(term: str):
    """Ids of suppliers whose code or tax id is ``term`` or whose name contains it (a subquery)."""
    from boclerk.services.lookup import _like

    return select(Supplier.id).where(or_(func.lower(Supplier.code) == term.lower(), Supplier.tax_id == term,
                                         func.lower(Supplier.name).like(_like(term), escape="\\")))


def _keyset(uow: UnitOfWork, stmt, key, before_id: int | None, after_id: int | None, limit: int) -> list:
    """Rows newest first: the ``limit`` nearest above ``after_id``, or below ``before_id``, or the newest."""
    if after_id is not None:
        return list(reversed(uow.s.execute(stmt.where(key > after_id).order_by(key.asc()).limit(limit)).all()))
    if before_id:
        stmt = stmt.where(key < before_id)
    return list(uow.s.execute(stmt.order_by(key.desc()).limit(limit)).all())


def _books_currency(b: SupplierBill) -> str:
    from sqlalchemy.orm import object_session

    from boclerk.domain.company import Company

    return object_session(b).get(Company, 1).currency


def _bill_row(b: SupplierBill, supplier_code: str, po_number: str | None) -> BillRow:
    return BillRow(b.id, b.number, supplier_code, b.supplier_ref, b.bill_date, b.due_date, b.status, b.hold_reason,
                   po_number, b.currency or _books_currency(b), b.total, b.paid, b.total_base)


def list_bills(uow: UnitOfWork, *, status: str | None = None, supplier: str | None = None,
               before_id: int | None = None, limit: int = 100, after_id: int | None = None,
               search: str | None = None) -> list[BillRow]:
    """Bills newest first; page with ``before_id`` (older) or ``after_id`` (newer), by key.

    ``search``: a bill number (or its beginning, BILL-...), the supplier's own number, the PO's number,
    or a supplier's code, tax id or part of its name.
    """
    uow.require(Perm.READ)
    b = SupplierBill
    stmt = (select(b, Supplier.code, PurchaseOrder.number).join(Supplier, Supplier.id == b.supplier_id)
            .outerjoin(PurchaseOrder, PurchaseOrder.id == b.po_id))
    if status:
        try:
            stmt = stmt.where(b.status == BillStatus(status).value)
        except ValueError:
            raise InvalidInput(_("'{status}' is not a bill status; choose one of: {choices}.").format(
                status=status, choices=', '.join((x.value for x in BillStatus)))) from None
    if supplier:
        from boclerk.services.catalog.partners import supplier as find_supplier

        stmt = stmt.where(b.supplier_id == find_supplier(uow, supplier).id)
    if search and search.strip():
        term = search.strip()
        conds = [b.number == term.upper(), b.supplier_ref == term, PurchaseOrder.number == term.upper(),
                 b.supplier_id.in_(_suppliers_matching(term))]
        if term.upper().startswith("BILL-"):
            conds.append(b.number.like(f"{term.upper()}%"))
        stmt = stmt.where(or_(*conds))
    return [_bill_row(bill, code, po) for bill, code, po in _keyset(uow, stmt, b.id, before_id, after_id, limit)]


def po_detail(uow: UnitOfWork, number: str) -> PODetail:
    uow.require(Perm.READ)
    po = po_by_number(uow, number)
    sup = uow.s.get(Supplier, po.supplier_id)
    lines = [POLineRow(ln.line_no, p.sku, p.name, p.kind, units.shown(uow, p, ln.qty),
                       units.shown(uow, p, ln.qty_received), units.shown(uow, p, ln.qty_billed), ln.vat_rate, dept,
                       p.unit, ln.unit_price)
             for ln, p, dept in uow.s.execute(
                 select(POLine, Product, Department.code).join(Product, Product.id == POLine.product_id)
                 .outerjoin(Department, Department.id == POLine.department_id)
                 .where(POLine.po_id == po.id).order_by(POLine.line_no)).all()]
    bills = [_bill_row(b, sup.code, po.number) for b in uow.s.scalars(
        select(SupplierBill).where(SupplierBill.po_id == po.id).order_by(SupplierBill.id))]
    wh = uow.s.get(Warehouse, po.warehouse_id)
    return PODetail(po.number, sup.code, sup.name, po.order_date, po.expected_date, po.status, wh.code, po.notes,
                    lines, bills, history(uow, "po", po.number), po.currency or uow.currency, po.total)


def bill_detail(uow: UnitOfWork, number: str) -> BillDetail:
    uow.require(Perm.READ)
    b = bill_by_number(uow, number)
    sup = uow.s.get(Supplier, b.supplier_id)
    po = uow.s.get(PurchaseOrder, b.po_id).number if b.po_id else None
    lines = [BillLineRow(bl.line_no, p.sku, p.name, units.shown(uow, p, bl.qty), bl.vat_rate, p.unit, bl.unit_price,
                         bl.net, bl.vat)
             for bl, p in uow.s.execute(select(BillLine, Product).join(Product, Product.id == BillLine.product_id)
                                        .where(BillLine.bill_id == b.id).order_by(BillLine.line_no)).all()]
    pays = [BillPaymentRow(pay.paid_on, pay.reference, pay.amount) for pay in uow.s.scalars(
        select(SupplierPayment).where(SupplierPayment.bill_id == b.id).order_by(SupplierPayment.id))]
    entry = uow.s.get(JournalEntry, b.entry_id).number if b.entry_id else None
    adjustments = tuple(BillAdjustmentRow(a.line_no, a.bill_line_no, a.charge, a.reason, a.vat_rate, a.net, a.vat)
                        for a in bill_adjustments(uow, b.id))
    from boclerk.services.purchasing.corrections import bill_notes

    notes = tuple(BillNoteRow(n.number, n.kind, n.supplier_ref, n.note_date,
                              uow.s.get(JournalEntry, n.entry_id).number if n.entry_id else None, n.net, n.vat, n.total)
                  for n in bill_notes(uow, b.id))
    owed = 0 if b.status in ("held", "rejected", "reversed") else b.total + b.noted - b.paid
    return BillDetail(_bill_row(b, sup.code, po), lines, pays, entry, history(uow, "bill", b.number), b.net, b.vat,
                      adjustments, notes, owed, b.prepaid)


# -- aging -------------------------------------------------------------------------------------

BUCKETS = ("current", "1-30", "31-60", "61-90", "over 90")


def _bucket(days: int) -> str:
    if days <= 0:
        return BUCKETS[0]
    if days <= 30:
        return BUCKETS[1]
    if days <= 60:
        return BUCKETS[2]
    if days <= 90:
        return BUCKETS[3]
    return BUCKETS[4]


@dataclass(frozen=True)
class AgingRow:
    party: str
    name: str
    document: str
    day: date  # shipped (receivables) or due (payables)
    days: int  # since shipment / past due
    bucket: str
    open: int = money_field()  # in the books' currency
    open_in_currency: str = ""  # a bill in another currency: what is open in it, "1200.00 EUR"


@dataclass(frozen=True)
class Aging:
    at: date
    rows: list[AgingRow]
    buckets: dict[str, int]
    total: int = money_field()


def _aging(at: date, rows: list[AgingRow]) -> Aging:
    buckets = dict.fromkeys(BUCKETS, 0)
    for r in rows:
        buckets[r.bucket] += r.open
    return Aging(at, rows, buckets, sum(buckets.values()))


def ar_aging(uow: UnitOfWork, at: date | None = None) -> Aging:
    """What customers owe for shipped goods, by age since the last shipment."""
    uow.require(Perm.READ)
    at = at or uow.today
    o = SalesOrder
    rows = []
    for number, code, name, shipped, invoiced, paid in uow.s.execute(
        select(o.number, Customer.code, Customer.name, o.shipped_on, o.invoiced, o.paid)
        .join(Customer, Customer.id == o.customer_id)
        .where(o.invoiced > o.paid, o.historical.is_(False)).order_by(o.shipped_on, o.number)
    ):
        days = (at - shipped).days if shipped else 0
        rows.append(AgingRow(code, name, number, shipped or at, days, _bucket(days), invoiced - paid))
    return _aging(at, rows)


def ap_aging(uow: UnitOfWork, at: date | None = None) -> Aging:
    """What the shop owes suppliers on posted bills, by days past due."""
    uow.require(Perm.READ)
    at = at or uow.today
    b = SupplierBill
    rows = []
    for number, code, name, due, total, paid, currency, total_base, paid_base in uow.s.execute(
        select(b.number, Supplier.code, Supplier.name, b.due_date, b.total + b.noted, b.paid, b.currency,
               b.total_base + b.noted_base, b.paid_base)  # the supplier's notes change what is owed
        .join(Supplier, Supplier.id == b.supplier_id)
        .where(b.status == BillStatus.POSTED.value, b.total + b.noted > b.paid).order_by(b.due_date, b.number)
    ):
        days = (at - due).days
        if currency is None:
            rows.append(AgingRow(code, name, number, due, days, _bucket(days), total - paid))
        else:  # in the books' currency at the bill's rate, and in the bill's own
            rows.append(AgingRow(code, name, number, due, days, _bucket(days), total_base - paid_base,
                                 f"{decimal_str(total - paid, currency)} {currency}"))
    return _aging(at, rows)
