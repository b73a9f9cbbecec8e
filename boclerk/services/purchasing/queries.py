"""Reading purchases: purchase orders, bills, and the two aging reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.code_words import choices
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.domain.state_words import state_word
from boclerk.domain.purchasing import (
    BillStatus,
    POStatus,
    PurchaseOrder,
    SupplierBill,
)
from boclerk.domain.sales import SalesOrder
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services import like
from boclerk.services.purchasing.hold_words import read_hold
from boclerk.services.purchasing.view import (  # noqa: F401 (plain SQL, read by the lookups too)
    BillAdjustmentRow,
    BillDetail,
    BillLineRow,
    BillNoteRow,
    BillPaymentRow,
    BillRow,
    PODetail,
    POLineRow,
    bill_detail,
    po_detail,
)
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


def _po_status(code: str) -> str:
    """A status a purchase order list may be asked for, in words ("open": sent or partially received)."""
    return _("sent or partially received") if code == "open" else state_word(code)


def list_pos(uow: UnitOfWork, *, status: str | None = None, supplier: str | None = None,
             before_id: int | None = None, limit: int = 100, after_id: int | None = None,
             search: str | None = None) -> list[PORow]:
    """Purchase orders newest first; page with ``before_id`` (older) or ``after_id`` (newer), by key.

    ``search``: a PO number (or its beginning, PO-...), or a supplier's code, tax id or part of its name.
    """
    stmt = pos_query(uow, status=status, supplier=supplier, search=search)
    return [PORow(*r) for r in _keyset(uow, stmt, PurchaseOrder.id, before_id, after_id, limit)]


def pos_query(uow: UnitOfWork, *, status: str | None = None, supplier: str | None = None,
              search: str | None = None):
    """The select of list_pos, unordered and unpaged (its count reads it too)."""
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
                raise InvalidInput(_("'{status}' is not a purchase order status; choose {codes}.").format(
                    status=status, codes=choices([*(x.value for x in POStatus), "open"], _po_status))) from None
    if supplier:
        from boclerk.services.catalog.partners import supplier as find_supplier

        stmt = stmt.where(po.supplier_id == find_supplier(uow, supplier).id)
    if search and search.strip():
        term = search.strip()
        conds = [po.number == term.upper(), po.supplier_id.in_(_suppliers_matching(term))]
        if term.upper().startswith("PO-"):
            conds.append(po.number.like(like.prefix(term.upper()), escape=like.ESCAPE))
        stmt = stmt.where(or_(*conds))
    return stmt


def _suppliers_matching(term: str):
    """Ids of suppliers whose code or tax id is ``term`` or whose name contains it (a subquery)."""
    return select(Supplier.id).where(or_(func.lower(Supplier.code) == term.lower(), Supplier.tax_id == term,
                                         like.holds(Supplier.name, term)))


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


def _bill_row(uow: UnitOfWork, b: SupplierBill, supplier_code: str, po_number: str | None) -> BillRow:
    return BillRow(b.id, b.number, supplier_code, b.supplier_ref, b.bill_date, b.due_date, b.status,
                   read_hold(uow, b.hold_reason), po_number, b.currency or _books_currency(b), b.total, b.paid, b.total_base)


def list_bills(uow: UnitOfWork, *, status: str | None = None, supplier: str | None = None,
               before_id: int | None = None, limit: int = 100, after_id: int | None = None,
               search: str | None = None) -> list[BillRow]:
    """Bills newest first; page with ``before_id`` (older) or ``after_id`` (newer), by key.

    ``search``: a bill number (or its beginning, BILL-...), the supplier's own number, the PO's number,
    or a supplier's code, tax id or part of its name.
    """
    stmt = bills_query(uow, status=status, supplier=supplier, search=search)
    return [_bill_row(uow, bill, code, po)
            for bill, code, po in _keyset(uow, stmt, SupplierBill.id, before_id, after_id, limit)]


def bills_query(uow: UnitOfWork, *, status: str | None = None, supplier: str | None = None,
                search: str | None = None):
    """The select of list_bills, unordered and unpaged (its count reads it too)."""
    uow.require(Perm.READ)
    b = SupplierBill
    stmt = (select(b, Supplier.code, PurchaseOrder.number).join(Supplier, Supplier.id == b.supplier_id)
            .outerjoin(PurchaseOrder, PurchaseOrder.id == b.po_id))
    if status:
        try:
            stmt = stmt.where(b.status == BillStatus(status).value)
        except ValueError:
            raise InvalidInput(_("'{status}' is not a bill status; choose {codes}.").format(
                status=status, codes=choices((x.value for x in BillStatus), state_word))) from None
    if supplier:
        from boclerk.services.catalog.partners import supplier as find_supplier

        stmt = stmt.where(b.supplier_id == find_supplier(uow, supplier).id)
    if search and search.strip():
        term = search.strip()
        conds = [b.number == term.upper(), b.supplier_ref == term, PurchaseOrder.number == term.upper(),
                 b.supplier_id.in_(_suppliers_matching(term))]
        if term.upper().startswith("BILL-"):
            conds.append(b.number.like(like.prefix(term.upper()), escape=like.ESCAPE))
        stmt = stmt.where(or_(*conds))
    return stmt


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
