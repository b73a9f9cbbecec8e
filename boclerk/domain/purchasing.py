"""Purchases from suppliers: purchase orders, receipts, supplier bills and payments."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlmodel import Field, SQLModel

from boclerk.domain.base import Minor, UTCDateTime, version_column


class POStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    PARTIALLY_RECEIVED = "partially_received"
    RECEIVED = "received"
    BILLED = "billed"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class BillStatus(StrEnum):
    HELD = "held"          # an exception of the three-way match, waiting for an accountant
    POSTED = "posted"
    PAID = "paid"
    REJECTED = "rejected"
    REVERSED = "reversed"  # posted, then its entry mirrored (replaced by a correction, or entered by mistake)


#: Statuses of a bill that no longer counts: its supplier number may be registered again.
SET_ASIDE = (BillStatus.REJECTED.value, BillStatus.REVERSED.value)


_PO = ", ".join(f"'{s.value}'" for s in POStatus)
_BILL = ", ".join(f"'{s.value}'" for s in BillStatus)
_OPEN_REF = "status NOT IN ('rejected', 'reversed')"
_po_version = version_column()
_bill_version = version_column()


class PurchaseOrder(SQLModel, table=True):
    __tablename__ = "purchase_order"
    __table_args__ = (
        CheckConstraint(f"status IN ({_PO})", name="status"),
        Index("ix_purchase_order_status", "status", "id"),
        Index("ix_purchase_order_supplier", "supplier_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    supplier_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier.id"), nullable=False))
    order_date: date = Field(sa_column=Column(Date, nullable=False))
    expected_date: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    status: str = Field(default=POStatus.DRAFT.value, sa_column=Column(String(20), nullable=False))
    currency: str | None = Field(default=None, sa_column=Column(String(3), nullable=True))  # None: the company's
    warehouse_id: int = Field(sa_column=Column(Integer, ForeignKey("warehouse.id"), nullable=False))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    total: int = Field(default=0, sa_column=Column(Minor, nullable=False))  # net, at agreed prices
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    version: int = Field(default=1, sa_column=_po_version)

    __mapper_args__ = {"version_id_col": _po_version}


class POLine(SQLModel, table=True):
    __tablename__ = "po_line"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("unit_price >= 0", name="price_non_negative"),
        CheckConstraint("qty_received >= 0 AND qty_billed >= 0", name="progress_non_negative"),
        Index("ix_po_line_po", "po_id", "line_no", unique=True),
        Index("ix_po_line_product", "product_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    po_id: int = Field(sa_column=Column(Integer, ForeignKey("purchase_order.id"), nullable=False))
    line_no: int = Field(nullable=False)
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), nullable=False))
    qty: int = Field(nullable=False)
    unit_price: int = Field(sa_column=Column(Minor, nullable=False))  # net of VAT, in the PO's currency
    vat_rate: int | None = Field(default=None, nullable=True)  # None: без НДС
    department_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("department.id"), nullable=True))
    qty_received: int = Field(default=0, nullable=False)
    qty_billed: int = Field(default=0, nullable=False)


class GoodsReceipt(SQLModel, table=True):
    __tablename__ = "goods_receipt"
    __table_args__ = (Index("ix_goods_receipt_po", "po_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    po_id: int = Field(sa_column=Column(Integer, ForeignKey("purchase_order.id"), nullable=False))
    day: date = Field(sa_column=Column(Date, nullable=False))
    value: int = Field(sa_column=Column(Minor, nullable=False))
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))


class ReceiptLine(SQLModel, table=True):
    __tablename__ = "receipt_line"
    __table_args__ = (CheckConstraint("qty > 0", name="qty_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    receipt_id: int = Field(sa_column=Column(Integer, ForeignKey("goods_receipt.id"), nullable=False, index=True))
    po_line_id: int = Field(sa_column=Column(Integer, ForeignKey("po_line.id"), nullable=False))
    qty: int = Field(nullable=False)
    value: int = Field(sa_column=Column(Minor, nullable=False))


class SupplierBill(SQLModel, table=True):
    __tablename__ = "supplier_bill"
    __table_args__ = (
        CheckConstraint(f"status IN ({_BILL})", name="status"),
        CheckConstraint("paid >= 0 AND paid <= total + (CASE WHEN noted > 0 THEN noted ELSE 0 END)",
                        name="paid_within_total"),
        Index("uq_supplier_bill_ref", "supplier_id", "supplier_ref", unique=True,
              sqlite_where=text(_OPEN_REF), postgresql_where=text(_OPEN_REF)),
        Index("ix_supplier_bill_status", "status", "id"),
        Index("ix_supplier_bill_po", "po_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    supplier_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier.id"), nullable=False))
    po_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("purchase_order.id"), nullable=True))
    supplier_ref: str = Field(sa_column=Column(String(64), nullable=False))
    bill_date: date = Field(sa_column=Column(Date, nullable=False))
    due_date: date = Field(sa_column=Column(Date, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    hold_reason: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    net: int = Field(sa_column=Column(Minor, nullable=False))
    vat: int = Field(sa_column=Column(Minor, nullable=False))
    total: int = Field(sa_column=Column(Minor, nullable=False))
    paid: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    #: What the supplier's credit notes (< 0) and debit notes (> 0) against it changed of what is owed,
    #: in its currency and in the company's (at the bill's rate).
    noted: int = Field(default=0, sa_column=Column(Minor, nullable=False, server_default="0"))
    noted_base: int = Field(default=0, sa_column=Column(Minor, nullable=False, server_default="0"))
    #: What the supplier's invoice says was paid ahead (PrepaidAmount), in its currency. Not a payment:
    #: the money is booked when its bank line is matched to the bill (it is in ``paid`` from then on).
    prepaid: int = Field(default=0, sa_column=Column(Minor, nullable=False, server_default="0"))
    #: A bill in a foreign currency: its amounts above are in that currency, booked in the company's
    #: at the rate of the bill date (``rate`` per ``rate_nominal`` units, see boclerk.money.RATE_DECIMALS).
    currency: str | None = Field(default=None, sa_column=Column(String(3), nullable=True))
    rate: int | None = Field(default=None, sa_column=Column(Minor, nullable=True))
    rate_nominal: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    total_base: int = Field(default=0, sa_column=Column(Minor, nullable=False, server_default="0"))
    paid_base: int = Field(default=0, sa_column=Column(Minor, nullable=False, server_default="0"))
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    decided_by: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    version: int = Field(default=1, sa_column=_bill_version)

    __mapper_args__ = {"version_id_col": _bill_version}


class BillLine(SQLModel, table=True):
    __tablename__ = "bill_line"
    __table_args__ = (CheckConstraint("qty > 0", name="qty_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    bill_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier_bill.id"), nullable=False, index=True))
    line_no: int = Field(nullable=False)
    po_line_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("po_line.id"), nullable=True))
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), nullable=False))
    qty: int = Field(nullable=False)
    unit_price: int = Field(sa_column=Column(Minor, nullable=False))
    vat_rate: int | None = Field(default=None, nullable=True)  # resolved on the bill date; None: без НДС
    net: int = Field(sa_column=Column(Minor, nullable=False))
    vat: int = Field(sa_column=Column(Minor, nullable=False))


class BillAdjustment(SQLModel, table=True):
    """An allowance (a discount: net < 0) or a charge (freight, packing: net > 0) on a supplier bill.

    ``bill_line_no`` names the bill line it belongs to (a line-level allowance or charge: the
    part of the invoice line's net its price does not explain); None: the whole document's.
    """

    __tablename__ = "bill_adjustment"

    id: int | None = Field(default=None, primary_key=True)
    bill_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier_bill.id"), nullable=False, index=True))
    line_no: int = Field(nullable=False)
    bill_line_no: int | None = Field(default=None, nullable=True)
    charge: bool = Field(nullable=False)
    reason: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    vat_rate: int | None = Field(default=None, nullable=True)  # None: без НДС, or a rate that is not whole
    net: int = Field(sa_column=Column(Minor, nullable=False))  # signed
    vat: int = Field(sa_column=Column(Minor, nullable=False))  # signed


class SupplierPayment(SQLModel, table=True):
    __tablename__ = "supplier_payment"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"), Index("ix_supplier_payment_bill", "bill_id"))

    id: int | None = Field(default=None, primary_key=True)
    bill_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier_bill.id"), nullable=False))
    paid_on: date = Field(sa_column=Column(Date, nullable=False))
    amount: int = Field(sa_column=Column(Minor, nullable=False))  # in the bill's currency
    #: In the company's currency: what left the bank (at the payment day's rate) and what it
    #: cleared of the payable (at the bill's rate); the difference is an exchange difference.
    amount_base: int = Field(default=0, sa_column=Column(Minor, nullable=False, server_default="0"))
    cleared_base: int = Field(default=0, sa_column=Column(Minor, nullable=False, server_default="0"))
    rate: int | None = Field(default=None, sa_column=Column(Minor, nullable=True))
    rate_nominal: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    reference: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))


class NoteKind(StrEnum):
    CREDIT = "credit"  # the supplier lowers what the shop owes (a price cut, goods returned, УКД уменьшение)
    DEBIT = "debit"    # the supplier raises it (УКД увеличение)


class SupplierNote(SQLModel, table=True):
    """A supplier's credit or debit note against a posted bill: a correction document (УКД), a UBL
    credit note, or one entered by hand. Its amounts are signed (a credit note's are negative), in
    the bill's currency; ``total_base`` in the company's at the bill's rate."""

    __tablename__ = "supplier_note"
    __table_args__ = (
        CheckConstraint("kind IN ('credit', 'debit')", name="kind"),
        CheckConstraint("(kind = 'credit' AND total < 0) OR (kind = 'debit' AND total > 0)", name="sign_of_kind"),
        Index("ix_supplier_note_bill", "bill_id", "id"),
        Index("ix_supplier_note_supplier", "supplier_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    bill_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier_bill.id"), nullable=False))
    supplier_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier.id"), nullable=False))
    kind: str = Field(sa_column=Column(String(8), nullable=False))
    supplier_ref: str = Field(sa_column=Column(String(64), nullable=False))
    note_date: date = Field(sa_column=Column(Date, nullable=False))
    reason: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    net: int = Field(sa_column=Column(Minor, nullable=False))
    vat: int = Field(sa_column=Column(Minor, nullable=False))
    total: int = Field(sa_column=Column(Minor, nullable=False))
    total_base: int = Field(sa_column=Column(Minor, nullable=False))
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_by: str = Field(sa_column=Column(String(64), nullable=False))


class SupplierNoteLine(SQLModel, table=True):
    """What a note changes at one VAT rate (a УКД line's difference, or one rate of a note by hand)."""

    __tablename__ = "supplier_note_line"

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier_note.id"), nullable=False, index=True))
    line_no: int = Field(nullable=False)
    description: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    vat_rate: int | None = Field(default=None, nullable=True)  # None: без НДС, or a rate that is not whole
    net: int = Field(sa_column=Column(Minor, nullable=False))  # signed as the note
    vat: int = Field(sa_column=Column(Minor, nullable=False))
