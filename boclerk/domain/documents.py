"""Incoming documents, their links and text, and the bank statements read from them.

A document is a file registered once: its bytes live in the document store under their
SHA-256 (never under the sender's name), its row here. Documents are never deleted, only
archived. Bank statements keep their lines keyed by the bank's fingerprint, so the same
payment imported twice is one line; each line waits for a match (an order payment, a
bill payment, a bank fee) and records the journal entry its confirmation posted.

The full-text index is not a model: SQLite keeps an FTS5 table ``document_fts`` over
``document_text`` (by triggers), PostgreSQL a ``search`` tsvector column on
``document_text`` with a GIN index (kept in step by the service). The migration creates
them with dialect-specific DDL.
"""

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
)
from sqlmodel import Field, SQLModel

from boclerk.domain.base import Minor, UTCDateTime, version_column


class DocType(StrEnum):
    SUPPLIER_INVOICE = "supplier_invoice"
    UPD = "upd"
    WAYBILL = "waybill"
    ACT = "act"
    CONTRACT = "contract"
    RECEIPT = "receipt"
    BANK_STATEMENT = "bank_statement"
    # produced by the shop (besides the outgoing UPD, which is an "upd" too)
    CUSTOMER_INVOICE = "customer_invoice"  # invoice for payment (счёт на оплату)
    PACKING_SLIP = "packing_slip"
    PURCHASE_ORDER = "purchase_order"
    RECONCILIATION = "reconciliation"  # reconciliation statement (акт сверки)
    OTHER = "other"


#: The types only the shop's own documents have.
PRODUCED_TYPES = (DocType.CUSTOMER_INVOICE, DocType.PACKING_SLIP, DocType.PURCHASE_ORDER, DocType.RECONCILIATION)


class DocStatus(StrEnum):
    INBOX = "inbox"
    REVIEWED = "reviewed"
    FILED = "filed"
    ARCHIVED = "archived"


#: The order of the statuses: a document only moves forward.
STATUS_ORDER = (DocStatus.INBOX, DocStatus.REVIEWED, DocStatus.FILED, DocStatus.ARCHIVED)


class LinkKind(StrEnum):
    ORDER = "order"
    PO = "po"
    BILL = "bill"
    ENTRY = "entry"
    CUSTOMER = "customer"
    SUPPLIER = "supplier"


class LineStatus(StrEnum):
    UNMATCHED = "unmatched"
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    IGNORED = "ignored"


class MatchKind(StrEnum):
    ORDER = "order"
    BILL = "bill"
    FEE = "fee"
    ACCOUNT = "account"  # posted by hand to an account of the chart, with a memo


def _in(name: str, values) -> str:
    return f"{name} IN ({', '.join(repr(v.value) for v in values)})"


_doc_version = version_column()
_line_version = version_column()


class Document(SQLModel, table=True):
    __tablename__ = "document"
    __table_args__ = (
        CheckConstraint(_in("doc_type", DocType), name="doc_type"),
        CheckConstraint(_in("status", DocStatus), name="status"),
        CheckConstraint("size >= 0", name="size_non_negative"),
        CheckConstraint("customer_id IS NULL OR supplier_id IS NULL", name="one_counterparty"),
        Index("ix_document_status", "status", "id"),
        Index("ix_document_type", "doc_type", "id"),
        Index("ix_document_supplier", "supplier_id", "their_number"),
        Index("ix_document_customer", "customer_id", "id"),
        Index("ix_document_parent", "parent_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    sha256: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    size: int = Field(sa_column=Column(Minor, nullable=False))
    original_name: str = Field(sa_column=Column(String(255), nullable=False))  # for display only
    kind: str = Field(sa_column=Column(String(16), nullable=False))  # sniffed: pdf, xml, csv, text, image, zip, other
    doc_type: str = Field(default=DocType.OTHER.value, sa_column=Column(String(24), nullable=False))
    status: str = Field(default=DocStatus.INBOX.value, sa_column=Column(String(16), nullable=False))
    customer_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("customer.id"), nullable=True))
    supplier_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("supplier.id"), nullable=True))
    their_number: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))
    their_date: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    amount: int | None = Field(default=None, sa_column=Column(Minor, nullable=True))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    #: Why the document waits (an invoice that could not become a bill, ...); '' if it does not.
    reason: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    #: The archive a document was unpacked from.
    parent_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("document.id"), nullable=True))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_doc_version)

    __mapper_args__ = {"version_id_col": _doc_version}


class DocumentLink(SQLModel, table=True):
    """A document concerns a record: an order, a PO, a bill, an entry, a customer, a supplier."""

    __tablename__ = "document_link"
    __table_args__ = (
        CheckConstraint(_in("target_kind", LinkKind), name="target_kind"),
        Index("uq_document_link", "document_id", "target_kind", "target_id", unique=True),
        Index("ix_document_link_target", "target_kind", "target_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(sa_column=Column(Integer, ForeignKey("document.id"), nullable=False))
    target_kind: str = Field(sa_column=Column(String(16), nullable=False))
    target_id: int = Field(sa_column=Column(Integer, nullable=False))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class OutboundDocument(SQLModel, table=True):
    """A document the shop produced (an invoice, a UPD, a slip ...) for one record: made once.

    ``kind`` names the form (``invoice``, ``upd``, ``upd_pdf`` ...), ``target_kind`` and
    ``target_id`` the record it was made from (an order, a shipment, a PO, a partner's period).
    Printing it again finds this row and gives the stored document back.
    """

    __tablename__ = "outbound_document"
    __table_args__ = (
        Index("uq_outbound_document", "kind", "target_kind", "target_id", "period", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    target_kind: str = Field(sa_column=Column(String(16), nullable=False))
    target_id: int = Field(sa_column=Column(Integer, nullable=False))
    #: A statement's period ("2026-01-01..2026-03-31") or a day's slips; '' for the rest.
    period: str = Field(default="", sa_column=Column(String(32), nullable=False, server_default=""))
    document_id: int = Field(sa_column=Column(Integer, ForeignKey("document.id"), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class DocumentText(SQLModel, table=True):
    """What the full-text index reads: the extracted text and a line of metadata."""

    __tablename__ = "document_text"

    document_id: int = Field(sa_column=Column(Integer, ForeignKey("document.id"), primary_key=True,
                                              autoincrement=False))
    meta: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class BankStatement(SQLModel, table=True):
    __tablename__ = "bank_statement"
    __table_args__ = (Index("ix_bank_statement_document", "document_id"),)  # one per account of the file

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(sa_column=Column(Integer, ForeignKey("document.id"), nullable=False))
    format: str = Field(sa_column=Column(String(8), nullable=False))
    account: str = Field(sa_column=Column(String(64), nullable=False))
    currency: str = Field(sa_column=Column(String(3), nullable=False))
    period_start: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    period_end: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    opening: int | None = Field(default=None, sa_column=Column(Minor, nullable=True))  # None: the file gives none
    closing: int | None = Field(default=None, sa_column=Column(Minor, nullable=True))
    line_count: int = Field(nullable=False)  # lines in the file
    new_lines: int = Field(nullable=False)  # lines not already known from an earlier statement


class BankLine(SQLModel, table=True):
    __tablename__ = "bank_line"
    __table_args__ = (
        CheckConstraint(_in("status", LineStatus), name="status"),
        CheckConstraint("match_kind IS NULL OR " + _in("match_kind", MatchKind), name="match_kind"),
        CheckConstraint("(status = 'confirmed') = (entry_id IS NOT NULL)", name="entry_iff_confirmed"),
        CheckConstraint("status NOT IN ('proposed', 'confirmed') OR match_kind IS NOT NULL", name="matched_has_kind"),
        Index("ix_bank_line_status", "status", "id"),
        Index("ix_bank_line_statement", "statement_id", "line_no"),
    )

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(sa_column=Column(Integer, ForeignKey("bank_statement.id"), nullable=False))
    line_no: int = Field(nullable=False)
    fingerprint: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    booked: date = Field(sa_column=Column(Date, nullable=False))
    amount: int = Field(sa_column=Column(Minor, nullable=False))  # money in > 0, out < 0
    counterparty_name: str = Field(default="", sa_column=Column(String(300), nullable=False, server_default=""))
    counterparty_tax_id: str = Field(default="", sa_column=Column(String(32), nullable=False, server_default=""))
    counterparty_account: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))
    purpose: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    reference: str = Field(default="", sa_column=Column(String(140), nullable=False, server_default=""))
    status: str = Field(default=LineStatus.UNMATCHED.value, sa_column=Column(String(12), nullable=False))
    #: Why the line waits (unmatched), what the proposal rests on (proposed), or why it was ignored.
    reason: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    match_kind: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    order_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("sales_order.id"), nullable=True))
    bill_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("supplier_bill.id"), nullable=True))
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True))
    decided_by: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    version: int = Field(default=1, sa_column=_line_version)

    __mapper_args__ = {"version_id_col": _line_version}
