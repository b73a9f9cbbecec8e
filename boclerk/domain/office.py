"""The office: staff, supply requests and budgets, its settings, and the internal deals
between departments (allocation rules and service agreements).

The equipment register and contracts are in :mod:`boclerk.domain.office_register`.
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
    Text,
)
from sqlmodel import Field, SQLModel

from boclerk.domain.base import Minor, UTCDateTime, version_column
from boclerk.domain.office_terms import DEFAULT_REMINDER_DAYS


#: 100,000.00 in minor units: the capitalisation threshold of Russian tax law, the default.
DEFAULT_THRESHOLD = 10_000_000

_staff_version = version_column()


class Staff(SQLModel, table=True):
    """A person of the company (a boclerk user or not), with their department."""

    __tablename__ = "staff"
    __table_args__ = (
        Index("ix_staff_department", "department_id", "id"),
        Index("ix_staff_user", "user_name"),
        Index("ix_staff_name", "name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(16), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    department_id: int = Field(sa_column=Column(Integer, ForeignKey("department.id"), nullable=False))
    position: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    email: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    phone: str = Field(default="", sa_column=Column(String(40), nullable=False, server_default=""))
    user_name: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))  # their boclerk login
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_staff_version)

    __mapper_args__ = {"version_id_col": _staff_version}


# -- supply requests --------------------------------------------------------------------------------

class RequestStatus(StrEnum):
    """What is stored; the state a person sees also reads the lines (services/office/requests.py)."""

    OPEN = "open"            # some line waits for the office manager's decision
    DECIDED = "decided"      # every line approved or rejected
    CANCELLED = "cancelled"


class LineStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


_request_version = version_column()


class SupplyRequest(SQLModel, table=True):
    __tablename__ = "supply_request"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'decided', 'cancelled')", name="status"),
        Index("ix_supply_request_status", "status", "id"),
        Index("ix_supply_request_creator", "created_by", "id"),
        Index("ix_supply_request_department", "department_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    department_id: int = Field(sa_column=Column(Integer, ForeignKey("department.id"), nullable=False))
    staff_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("staff.id"), nullable=True))
    wanted_by: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    status: str = Field(default=RequestStatus.OPEN.value, sa_column=Column(String(12), nullable=False))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_request_version)

    __mapper_args__ = {"version_id_col": _request_version}


class RequestLine(SQLModel, table=True):
    """An item asked for; approved lines become purchase order lines (one each)."""

    __tablename__ = "request_line"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("unit_price >= 0 AND value >= 0", name="price_non_negative"),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
        CheckConstraint("po_line_id IS NULL OR status = 'approved'", name="ordered_if_approved"),
        Index("ix_request_line_request", "request_id", "line_no", unique=True),
        Index("ix_request_line_po_line", "po_line_id"),
        Index("ix_request_line_status", "status", "request_id"),
        Index("ix_request_line_product", "product_id", "request_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(sa_column=Column(Integer, ForeignKey("supply_request.id"), nullable=False))
    line_no: int = Field(nullable=False)
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), nullable=False))
    qty: int = Field(sa_column=Column(BigInteger, nullable=False))  # in the product's unit
    unit_price: int = Field(sa_column=Column(Minor, nullable=False))  # estimate, net of VAT
    value: int = Field(sa_column=Column(Minor, nullable=False))  # qty at unit_price
    status: str = Field(default=LineStatus.PENDING.value, sa_column=Column(String(10), nullable=False))
    reason: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    decided_by: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    decided_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))  # the budget's month
    po_line_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("po_line.id"), nullable=True))


class DepartmentBudget(SQLModel, table=True):
    """What a department may spend on a category of supplies in a month."""

    __tablename__ = "department_budget"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_non_negative"),
        Index("uq_department_budget", "department_id", "category", "period", unique=True),
        Index("ix_department_budget_period", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(sa_column=Column(Integer, ForeignKey("department.id"), nullable=False))
    category: str = Field(sa_column=Column(String(100), nullable=False))
    period: int = Field(sa_column=Column(Integer, nullable=False))  # YYYYMM
    amount: int = Field(sa_column=Column(Minor, nullable=False))


_settings_version = version_column()


class OfficeSettings(SQLModel, table=True):
    """The office's settings (one row, made by migration 0008)."""

    __tablename__ = "office_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("capitalisation_threshold > 0", name="threshold_positive"),
        CheckConstraint("reminder_days >= 0", name="reminder_days_non_negative"),
    )

    id: int = Field(default=1, primary_key=True)
    capitalisation_threshold: int = Field(default=DEFAULT_THRESHOLD, sa_column=Column(
        Minor, nullable=False, server_default=str(DEFAULT_THRESHOLD)))
    reminder_days: int = Field(default=DEFAULT_REMINDER_DAYS, sa_column=Column(
        Integer, nullable=False, server_default=str(DEFAULT_REMINDER_DAYS)))
    version: int = Field(default=1, sa_column=_settings_version)

    __mapper_args__ = {"version_id_col": _settings_version}


# -- internal deals between departments ----------------------------------------------------------------

class DealKind(StrEnum):
    ALLOCATION = "allocation"  # split a shared cost account over departments by a key
    SERVICE = "service"        # one department charges another a monthly fee


class Basis(StrEnum):
    HEADCOUNT = "headcount"  # active staff per department
    AREA = "area"            # floor area per department
    FIXED = "fixed"          # fixed shares (percent)
    ACCOUNT = "account"      # another account's amounts per department in the month


_deal_version = version_column()


class InternalDeal(SQLModel, table=True):
    __tablename__ = "internal_deal"
    __table_args__ = (
        CheckConstraint("kind IN ('allocation', 'service')", name="kind"),
        CheckConstraint("basis IS NULL OR basis IN ('headcount', 'area', 'fixed', 'account')", name="basis"),
        CheckConstraint("(kind = 'allocation') = (basis IS NOT NULL)", name="allocation_has_basis"),
        CheckConstraint("kind = 'allocation' OR (fee > 0 AND from_department_id IS NOT NULL "
                        "AND to_department_id IS NOT NULL)", name="service_complete"),
        CheckConstraint("(basis = 'account') = (basis_account_id IS NOT NULL)", name="basis_account"),
        CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="validity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(16), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    kind: str = Field(sa_column=Column(String(12), nullable=False))
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id"), nullable=False))
    #: allocation: where the shared cost sits (NULL: postings without a department); service: the provider
    from_department_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("department.id"),
                                                                          nullable=True))
    to_department_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("department.id"),
                                                                        nullable=True))  # service: the receiver
    basis: str | None = Field(default=None, sa_column=Column(String(12), nullable=True))
    basis_account_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("account.id"),
                                                                        nullable=True))
    fee: int | None = Field(default=None, sa_column=Column(Minor, nullable=True))  # service: per month
    valid_from: date | None = Field(default=None, sa_column=Column(Date, nullable=True))  # None: from the start
    valid_to: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    active: bool = Field(default=True)
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_deal_version)

    __mapper_args__ = {"version_id_col": _deal_version}


class DealShare(SQLModel, table=True):
    """A department's weight in an allocation (square metres or percent, in hundredths)."""

    __tablename__ = "deal_share"
    __table_args__ = (
        CheckConstraint("weight >= 0", name="weight_non_negative"),
        Index("uq_deal_share", "deal_id", "department_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(sa_column=Column(Integer, ForeignKey("internal_deal.id"), nullable=False))
    department_id: int = Field(sa_column=Column(Integer, ForeignKey("department.id"), nullable=False))
    weight: int = Field(sa_column=Column(BigInteger, nullable=False))


class DealPosting(SQLModel, table=True):
    """The entry that posted a deal for a month: a month is posted once."""

    __tablename__ = "deal_posting"
    __table_args__ = (Index("uq_deal_posting", "deal_id", "period", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(sa_column=Column(Integer, ForeignKey("internal_deal.id"), nullable=False))
    period: int = Field(sa_column=Column(Integer, nullable=False))  # YYYYMM
    entry_id: int = Field(sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=False))
