"""The money book: accounts, departments, journal entries and their postings.

A posting's amount is signed minor units: debit > 0, credit < 0; a posted entry's
postings sum to zero. Drafts keep their lines in ``draft_line``; ``posting`` only ever
holds lines of posted entries, which database triggers make immutable.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlmodel import Field, SQLModel

from boclerk.domain.base import BigId, Minor, UTCDateTime, version_column


class AccountType(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"


class Account(SQLModel, table=True):
    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint("type IN ('asset', 'liability', 'equity', 'income', 'expense')", name="type"),
        Index("uq_account_role", "role", unique=True,
              sqlite_where=text("role IS NOT NULL"), postgresql_where=text("role IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(16), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    type: str = Field(sa_column=Column(String(16), nullable=False))
    role: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    #: A bank or cash account kept in a foreign currency (None: the company's currency).
    currency: str | None = Field(default=None, sa_column=Column(String(3), nullable=True))
    active: bool = Field(default=True)


class Department(SQLModel, table=True):
    """A cost centre: postings may carry one."""

    __tablename__ = "department"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(16), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    active: bool = Field(default=True)


class EntryStatus(StrEnum):
    DRAFT = "draft"
    POSTED = "posted"


_entry_version = version_column()


class JournalEntry(SQLModel, table=True):
    __tablename__ = "journal_entry"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'posted')", name="status"),
        CheckConstraint("(status = 'posted') = (number IS NOT NULL)", name="number_iff_posted"),
        Index("ix_journal_entry_date", "entry_date", "id"),
        Index("ix_journal_entry_source", "source_ref"),
        Index("ix_journal_entry_chain_seq", "chain_seq", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str | None = Field(default=None, sa_column=Column(String(32), nullable=True, unique=True))
    entry_date: date = Field(sa_column=Column(Date, nullable=False))
    memo: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    status: str = Field(default=EntryStatus.DRAFT.value, sa_column=Column(String(8), nullable=False))
    source_kind: str = Field(default="", sa_column=Column(String(16), nullable=False, server_default=""))
    source_ref: str = Field(default="", sa_column=Column(String(32), nullable=False, server_default=""))
    reverses_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True, unique=True)
    )
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    posted_by: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    posted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    version: int = Field(default=1, sa_column=_entry_version)
    # the journal's hash chain (boclerk.domain.chain), set in the statement that posts the entry
    chain_seq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    prev_hash: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    hash: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))

    __mapper_args__ = {"version_id_col": _entry_version}


class DraftLine(SQLModel, table=True):
    """A line of a draft entry; moved into ``posting`` when the entry posts."""

    __tablename__ = "draft_line"
    __table_args__ = (CheckConstraint("amount <> 0", name="amount_non_zero"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=False, index=True))
    line_no: int = Field(nullable=False)
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id"), nullable=False))
    department_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("department.id"), nullable=True))
    amount: int = Field(sa_column=Column(Minor, nullable=False))


class Posting(SQLModel, table=True):
    """A line of a posted entry. Immutable; the entry date is copied here for the indexes."""

    __tablename__ = "posting"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_non_zero"),
        Index("ix_posting_account", "account_id", "entry_date", "id"),
        Index("ix_posting_entry", "entry_id"),
        Index("ix_posting_date", "entry_date"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    entry_id: int = Field(sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=False))
    line_no: int = Field(nullable=False)
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id"), nullable=False))
    department_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("department.id"), nullable=True))
    amount: int = Field(sa_column=Column(Minor, nullable=False))
    entry_date: date = Field(sa_column=Column(Date, nullable=False))


class AccountBalance(SQLModel, table=True):
    """Debits and credits per account, department (0 = none) and month, kept as entries post."""

    __tablename__ = "account_balance"
    __table_args__ = (CheckConstraint("debit >= 0 AND credit >= 0", name="non_negative"),)

    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id"), primary_key=True, autoincrement=False))
    dept_key: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    period: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))  # YYYYMM
    debit: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    credit: int = Field(default=0, sa_column=Column(Minor, nullable=False))


def period_of(day: date) -> int:
    return day.year * 100 + day.month


class AccountRole(StrEnum):
    """The accounts the posting rules need, whatever code the shop gives them."""

    CASH = "cash"
    BANK = "bank"
    CARD_CLEARING = "card_clearing"
    RECEIVABLE = "receivable"
    INVENTORY = "inventory"
    VAT_RECEIVABLE = "vat_receivable"
    PAYABLE = "payable"
    GRNI = "grni"
    CUSTOMER_ADVANCES = "customer_advances"
    VAT_PAYABLE = "vat_payable"
    EQUITY = "equity"
    OPENING_BALANCES = "opening_balances"
    SALES = "sales"
    SALES_RETURNS = "sales_returns"
    INVENTORY_GAIN = "inventory_gain"
    COGS = "cogs"
    SHRINKAGE = "shrinkage"
    SHIPPING = "shipping"
    OFFICE_SUPPLIES = "office_supplies"
    BANK_FEES = "bank_fees"
    OTHER_EXPENSES = "other_expenses"
    RECHARGES = "recharges"
    PURCHASE_VARIANCE = "purchase_variance"
    FX_GAIN = "fx_gain"
    FX_LOSS = "fx_loss"
    # the office's (migration 0008)
    FIXED_ASSETS = "fixed_assets"
    ACCUMULATED_DEPRECIATION = "accumulated_depreciation"
    EQUIPMENT_EXPENSE = "equipment_expense"
    RENT = "rent"
    REPAIRS = "repairs"
    DEPRECIATION = "depreciation"
    ASSET_DISPOSALS = "asset_disposals"


#: Accounts that move only together with the stock book (never by a manual entry).
STOCK_CONTROLLED = frozenset({AccountRole.INVENTORY})
