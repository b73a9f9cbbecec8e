"""The shop itself (one row) and the counters behind its human document numbers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Integer, String
from sqlmodel import Field, SQLModel

from boclerk.domain.base import UTCDateTime, version_column

_company_version = version_column()


class Company(SQLModel, table=True):
    """Settings that belong to the database, not to a user's config file."""

    __tablename__ = "company"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    name: str = Field(max_length=200)
    currency: str = Field(sa_column=Column(String(3), nullable=False))
    locale: str = Field(default="ru", max_length=16)
    #: The language of the words the services write into the books (memos, reasons): ru or en
    #: (migration 0023). The locale says how days and money are written; this, what the words say.
    language: str = Field(default="en", sa_column=Column(String(8), nullable=False, server_default="en"))
    lock_date: date | None = Field(default=None)
    #: The shop's own requisites, printed on what it sends and checked like a partner's.
    country: str = Field(default="RU", sa_column=Column(String(2), nullable=False, server_default="RU"))
    tax_id: str = Field(default="", sa_column=Column(String(20), nullable=False, server_default=""))
    kpp: str = Field(default="", sa_column=Column(String(9), nullable=False, server_default=""))
    ogrn: str = Field(default="", sa_column=Column(String(15), nullable=False, server_default=""))
    bik: str = Field(default="", sa_column=Column(String(9), nullable=False, server_default=""))
    bank_account: str = Field(default="", sa_column=Column(String(20), nullable=False, server_default=""))
    #: What the documents the shop sends print: address, bank, the people who sign.
    legal_address: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    bank_name: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    corr_account: str = Field(default="", sa_column=Column(String(20), nullable=False, server_default=""))
    director: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    chief_accountant: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    #: Tolerances of the purchase workflow, in hundredths of a percent (100 = 1%).
    over_receipt_bp: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    bill_qty_tolerance_bp: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    bill_price_tolerance_bp: int = Field(default=100, sa_column=Column(Integer, nullable=False, server_default="100"))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_company_version)

    __mapper_args__ = {"version_id_col": _company_version}


class NumberSeries(SQLModel, table=True):
    """The last number taken in a series (SO, PO, BILL, JE, DOC ...) for one year."""

    __tablename__ = "number_series"
    __table_args__ = (CheckConstraint("last >= 0", name="last_non_negative"),)

    series: str = Field(sa_column=Column(String(8), primary_key=True))
    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    last: int = Field(default=0, nullable=False)


def format_number(series: str, year: int, seq: int) -> str:
    """``SO-2026-000123``: the human number of a document."""
    return f"{series}-{year:04d}-{seq:06d}"


def parse_number(text: str) -> tuple[str, int, int] | None:
    """Split ``SO-2026-000123`` into its parts; ``None`` if it is not such a number."""
    parts = text.strip().upper().split("-")
    if len(parts) != 3 or not parts[0].isalpha() or not (parts[1].isdigit() and parts[2].isdigit()):
        return None
    return parts[0], int(parts[1]), int(parts[2])


class ReferenceGeneration(SQLModel, table=True):
    """One row: a random value that changes with every change to the reference tables (accounts,
    departments, VAT rates and regimes, the company, units, warehouses, users), set by their
    triggers (migration 0022); what a process read of them holds while it is unchanged
    (:mod:`boclerk.db.reference`)."""

    __tablename__ = "reference_generation"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    generation: int = Field(sa_column=Column(BigInteger, nullable=False))
