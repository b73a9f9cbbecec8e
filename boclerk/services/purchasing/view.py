"""One purchase order or supplier bill in full, read with plain SQL on the indexes (the number;
the order's or bill's id in every child table), so that ``boclerk show po`` and ``boclerk show
bill`` over SSH answer without loading the ORM schema, nor on SQLite SQLAlchemy. The app's
details and the typer commands read the same functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text
from boclerk.domain.permissions import Perm
from boclerk.errors import NotFound
from boclerk.i18n import _
from boclerk.quantity import to_units
from boclerk.services.platform.audit_view import AuditRow, history
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


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


def _rows(uow: UnitOfWork, sql: str, **params) -> list:
    return list(uow.s.execute(text(sql), params))


def _books_currency(uow: UnitOfWork) -> str:
    return _rows(uow, "SELECT currency FROM company WHERE id = 1")[0].currency


def _hold(uow: UnitOfWork, stored: str) -> str:
    if not stored:
        return stored
    from boclerk.services.purchasing.hold_words import read_hold

    return read_hold(uow, stored)


def bill_row(uow: UnitOfWork, b, supplier_code: str, po_number: str | None) -> BillRow:
    """A bill's row from its plain ``supplier_bill`` row (read with ``SELECT *``); its hold reason
    in the words of the books (services.purchasing.hold_words)."""
    return BillRow(b.id, b.number, supplier_code, b.supplier_ref, as_date(b.bill_date), as_date(b.due_date), b.status,
                   _hold(uow, b.hold_reason), po_number, b.currency or _books_currency(uow), b.total, b.paid, b.total_base)


def _entry_number(uow: UnitOfWork, entry_id: int | None) -> str | None:
    if not entry_id:
        return None
    found = _rows(uow, "SELECT number FROM journal_entry WHERE id = :i", i=entry_id)
    return found[0].number if found else None


@core_only
def po_detail(uow: UnitOfWork, number: str) -> PODetail:
    uow.require(Perm.READ)
    number = number.strip().upper()
    found = _rows(uow, "SELECT po.*, s.code AS supplier_code, s.name AS supplier_name, w.code AS warehouse_code "
                       "FROM purchase_order po JOIN supplier s ON s.id = po.supplier_id "
                       "JOIN warehouse w ON w.id = po.warehouse_id WHERE po.number = :n", n=number)
    if not found:
        raise NotFound(_("There is no purchase order {upper}.").format(upper=number))
    po = found[0]
    lines = [POLineRow(r.line_no, r.sku, r.name, r.kind, to_units(r.qty, r.decimals or 0),
                       to_units(r.qty_received, r.decimals or 0), to_units(r.qty_billed, r.decimals or 0), r.vat_rate,
                       r.department, r.unit, r.unit_price)
             for r in _rows(uow, "SELECT l.line_no, l.qty, l.qty_received, l.qty_billed, l.vat_rate, l.unit_price, "
                                 "p.sku, p.name, p.kind, p.unit, u.decimals, d.code AS department FROM po_line l "
                                 "JOIN product p ON p.id = l.product_id LEFT JOIN unit u ON u.code = p.unit "
                                 "LEFT JOIN department d ON d.id = l.department_id "
                                 "WHERE l.po_id = :o ORDER BY l.line_no", o=po.id)]
    bills = [bill_row(uow, b, po.supplier_code, po.number)
             for b in _rows(uow, "SELECT * FROM supplier_bill WHERE po_id = :o ORDER BY id", o=po.id)]
    return PODetail(po.number, po.supplier_code, po.supplier_name, as_date(po.order_date),
                    as_date(po.expected_date) if po.expected_date is not None else None, po.status, po.warehouse_code,
                    po.notes, lines, bills, history(uow, "po", po.number), po.currency or _books_currency(uow),
                    po.total)


@core_only
def bill_detail(uow: UnitOfWork, number: str) -> BillDetail:
    uow.require(Perm.READ)
    upper = number.strip().upper()
    found = _rows(uow, "SELECT b.*, s.code AS supplier_code, po.number AS po_number FROM supplier_bill b "
                       "JOIN supplier s ON s.id = b.supplier_id LEFT JOIN purchase_order po ON po.id = b.po_id "
                       "WHERE b.number = :n", n=upper)
    if not found:
        raise NotFound(_("There is no supplier bill {upper}.").format(upper=upper))
    b = found[0]
    lines = [BillLineRow(r.line_no, r.sku, r.name, to_units(r.qty, r.decimals or 0), r.vat_rate, r.unit, r.unit_price,
                         r.net, r.vat)
             for r in _rows(uow, "SELECT l.line_no, l.qty, l.vat_rate, l.unit_price, l.net, l.vat, p.sku, p.name, "
                                 "p.unit, u.decimals FROM bill_line l JOIN product p ON p.id = l.product_id "
                                 "LEFT JOIN unit u ON u.code = p.unit WHERE l.bill_id = :b ORDER BY l.line_no",
                            b=b.id)]
    pays = [BillPaymentRow(as_date(r.paid_on), r.reference, r.amount) for r in _rows(
        uow, "SELECT paid_on, reference, amount FROM supplier_payment WHERE bill_id = :b ORDER BY id", b=b.id)]
    adjustments = tuple(BillAdjustmentRow(r.line_no, r.bill_line_no, bool(r.charge), r.reason, r.vat_rate, r.net, r.vat)
                        for r in _rows(uow, "SELECT line_no, bill_line_no, charge, reason, vat_rate, net, vat "
                                            "FROM bill_adjustment WHERE bill_id = :b ORDER BY line_no", b=b.id))
    notes = tuple(BillNoteRow(r.number, r.kind, r.supplier_ref, as_date(r.note_date), r.entry, r.net, r.vat, r.total)
                  for r in _rows(uow, "SELECT n.number, n.kind, n.supplier_ref, n.note_date, n.net, n.vat, n.total, "
                                      "e.number AS entry FROM supplier_note n LEFT JOIN journal_entry e "
                                      "ON e.id = n.entry_id WHERE n.bill_id = :b ORDER BY n.id", b=b.id))
    owed = 0 if b.status in ("held", "rejected", "reversed") else b.total + b.noted - b.paid
    return BillDetail(bill_row(uow, b, b.supplier_code, b.po_number), lines, pays, _entry_number(uow, b.entry_id),
                      history(uow, "bill", b.number), b.net, b.vat, adjustments, notes, owed, b.prepaid)
