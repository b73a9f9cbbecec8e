"""Customers and suppliers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, String, Text
from sqlmodel import Field, SQLModel

from boclerk.domain.base import UTCDateTime, version_column

_customer_version = version_column()


class CustomerKind(StrEnum):
    """Who a customer is in law: a person, an organisation (INN of 10 digits, KPP), or a sole
    trader (INN of 12 digits, no KPP)."""

    PERSON = "person"
    ORGANISATION = "organisation"
    SOLE_TRADER = "sole_trader"


CUSTOMER_KINDS_SQL = ", ".join(f"'{k.value}'" for k in CustomerKind)
_supplier_version = version_column()


class Customer(SQLModel, table=True):
    __tablename__ = "customer"
    __table_args__ = (
        Index("ix_customer_name", "name"),
        Index("ix_customer_email", "email"),
        Index("ix_customer_phone", "phone_digits"),
        CheckConstraint(f"kind IN ({CUSTOMER_KINDS_SQL})", name="kind"),
        CheckConstraint("kpp = '' OR kind = 'organisation'", name="kpp_of_organisation"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    email: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))  # lower case
    phone: str = Field(default="", sa_column=Column(String(40), nullable=False, server_default=""))
    phone_digits: str = Field(default="", sa_column=Column(String(20), nullable=False, server_default=""))
    address: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    country: str = Field(default="RU", sa_column=Column(String(2), nullable=False, server_default="RU"))
    tax_id: str = Field(default="", sa_column=Column(String(20), nullable=False, server_default=""))
    kind: str = Field(default=CustomerKind.PERSON.value,
                      sa_column=Column(String(16), nullable=False, server_default=CustomerKind.PERSON.value))
    kpp: str = Field(default="", sa_column=Column(String(9), nullable=False, server_default=""))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_customer_version)

    __mapper_args__ = {"version_id_col": _customer_version}


class Supplier(SQLModel, table=True):
    __tablename__ = "supplier"
    __table_args__ = (
        CheckConstraint("payment_terms_days >= 0", name="terms_non_negative"),
        Index("ix_supplier_name", "name"),
        Index("ix_supplier_tax_id", "country", "tax_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    tax_id: str = Field(default="", sa_column=Column(String(20), nullable=False, server_default=""))
    country: str = Field(default="RU", sa_column=Column(String(2), nullable=False, server_default="RU"))
    currency: str | None = Field(default=None, sa_column=Column(String(3), nullable=True))  # None: the company's
    kpp: str = Field(default="", sa_column=Column(String(9), nullable=False, server_default=""))
    ogrn: str = Field(default="", sa_column=Column(String(15), nullable=False, server_default=""))
    bik: str = Field(default="", sa_column=Column(String(9), nullable=False, server_default=""))
    bank_account: str = Field(default="", sa_column=Column(String(20), nullable=False, server_default=""))
    contact: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    email: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    phone: str = Field(default="", sa_column=Column(String(40), nullable=False, server_default=""))
    address: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    payment_terms_days: int = Field(default=30, nullable=False)
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_supplier_version)

    __mapper_args__ = {"version_id_col": _supplier_version}
