"""The office's registers: equipment (with maintenance plans, history and depreciation) and
contracts (with their documents and what was bought or sold under them)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from boclerk.domain.base import Minor, UTCDateTime, version_column
from boclerk.domain.office_terms import add_months, contract_state_of, notice_date, term_end

__all__ = ["add_months", "contract_state_of", "notice_date", "term_end"]  # the small rules live in office_terms


class Condition(StrEnum):
    IN_USE = "in_use"
    NEEDS_REPAIR = "needs_repair"
    IN_REPAIR = "in_repair"
    IN_STORE = "in_store"
    WRITTEN_OFF = "written_off"


_CONDITIONS = ", ".join(f"'{c.value}'" for c in Condition)
_equipment_version = version_column()


class Equipment(SQLModel, table=True):
    """An item of office or household equipment; its number (EQ-...) is its inventory number."""

    __tablename__ = "equipment"
    __table_args__ = (
        CheckConstraint(f"condition IN ({_CONDITIONS})", name="condition"),
        CheckConstraint("cost >= 0", name="cost_non_negative"),
        CheckConstraint("NOT fixed_asset OR useful_life_months > 0", name="asset_has_life"),
        CheckConstraint("(condition = 'written_off') = (written_off_on IS NOT NULL)", name="written_off_dated"),
        Index("ix_equipment_condition", "condition", "id"),
        Index("ix_equipment_department", "department_id", "id"),
        Index("ix_equipment_holder", "holder_id"),
        Index("ix_equipment_warranty", "warranty_until"),
        Index("ix_equipment_po_line", "po_line_id"),
        Index("ix_equipment_serial", "serial"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    category: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    model: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    serial: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    location: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    department_id: int = Field(sa_column=Column(Integer, ForeignKey("department.id"), nullable=False))
    holder_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("staff.id"), nullable=True))
    supplier_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("supplier.id"), nullable=True))
    bill_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("supplier_bill.id"), nullable=True))
    po_line_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("po_line.id"), nullable=True))
    cost: int = Field(sa_column=Column(Minor, nullable=False))  # net of VAT
    acquired_on: date = Field(sa_column=Column(Date, nullable=False))
    warranty_until: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    condition: str = Field(default=Condition.IN_USE.value, sa_column=Column(String(12), nullable=False))
    fixed_asset: bool = Field(default=False)
    useful_life_months: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    capitalised_entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"),
                                                                            nullable=True))
    written_off_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    write_off_reason: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    write_off_document_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("document.id"),
                                                                             nullable=True))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_equipment_version)

    __mapper_args__ = {"version_id_col": _equipment_version}


class MaintenancePlan(SQLModel, table=True):
    """Recurring maintenance of an item: a printer serviced every 6 months, a check every year."""

    __tablename__ = "maintenance_plan"
    __table_args__ = (
        CheckConstraint("every_months > 0", name="every_positive"),
        Index("ix_maintenance_plan_due", "active", "next_due"),
        Index("ix_maintenance_plan_equipment", "equipment_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    equipment_id: int = Field(sa_column=Column(Integer, ForeignKey("equipment.id"), nullable=False))
    what: str = Field(sa_column=Column(String(200), nullable=False))
    every_months: int = Field(nullable=False)
    next_due: date = Field(sa_column=Column(Date, nullable=False))
    last_done: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    active: bool = Field(default=True)


class EventKind(StrEnum):
    REGISTERED = "registered"
    MOVED = "moved"
    CONDITION = "condition"
    SERVICE = "service"
    PLANNED = "planned"
    WRITTEN_OFF = "written_off"


_EVENTS = ", ".join(f"'{k.value}'" for k in EventKind)


class EquipmentEvent(SQLModel, table=True):
    """The item's history: registered, moved, its condition, services and repairs, written off."""

    __tablename__ = "equipment_event"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_EVENTS})", name="kind"),
        CheckConstraint("cost >= 0", name="cost_non_negative"),
        Index("ix_equipment_event_equipment", "equipment_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    equipment_id: int = Field(sa_column=Column(Integer, ForeignKey("equipment.id"), nullable=False))
    day: date = Field(sa_column=Column(Date, nullable=False))
    kind: str = Field(sa_column=Column(String(12), nullable=False))
    what: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    done_by: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    cost: int = Field(default=0, sa_column=Column(Minor, nullable=False, server_default="0"))
    plan_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("maintenance_plan.id"),
                                                               nullable=True))
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"),
                                                                nullable=True))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class DepreciationCharge(SQLModel, table=True):
    """One month's depreciation of one fixed asset: a month is charged once."""

    __tablename__ = "depreciation_charge"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("uq_depreciation_charge", "equipment_id", "period", unique=True),
        Index("ix_depreciation_charge_period", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    equipment_id: int = Field(sa_column=Column(Integer, ForeignKey("equipment.id"), nullable=False))
    period: int = Field(sa_column=Column(Integer, nullable=False))  # YYYYMM
    amount: int = Field(sa_column=Column(Minor, nullable=False))
    entry_id: int = Field(sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=False))


# -- contracts -----------------------------------------------------------------------------------------

class ContractStatus(StrEnum):
    """What is stored; "expired" is read from the dates (services/office/contracts.py)."""

    DRAFT = "draft"
    WITH_LAWYER = "with_lawyer"
    SIGNED = "signed"
    TERMINATED = "terminated"


_contract_version = version_column()


class Contract(SQLModel, table=True):
    __tablename__ = "contract"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'with_lawyer', 'signed', 'terminated')", name="status"),
        CheckConstraint("party_kind IN ('customer', 'supplier', 'other')", name="party_kind"),
        CheckConstraint("(party_kind = 'customer') = (customer_id IS NOT NULL)", name="customer_party"),
        CheckConstraint("(party_kind = 'supplier') = (supplier_id IS NOT NULL)", name="supplier_party"),
        CheckConstraint("renewal_months > 0 AND notice_days >= 0", name="terms"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_non_negative"),
        CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="validity"),
        Index("ix_contract_status", "status", "id"),
        Index("ix_contract_supplier", "supplier_id"),
        Index("ix_contract_customer", "customer_id"),
        Index("ix_contract_valid_to", "valid_to"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    their_number: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))
    party_kind: str = Field(sa_column=Column(String(10), nullable=False))
    customer_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("customer.id"), nullable=True))
    supplier_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("supplier.id"), nullable=True))
    party_name: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    subject: str = Field(sa_column=Column(String(500), nullable=False))
    signed_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    valid_from: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    valid_to: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    auto_renew: bool = Field(default=False)
    renewal_months: int = Field(default=12, sa_column=Column(Integer, nullable=False, server_default="12"))
    notice_days: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    amount: int | None = Field(default=None, sa_column=Column(Minor, nullable=True))  # the amount or the limit
    responsible_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("staff.id"), nullable=True))
    status: str = Field(default=ContractStatus.DRAFT.value, sa_column=Column(String(12), nullable=False))
    terminated_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_contract_version)

    __mapper_args__ = {"version_id_col": _contract_version}


class LinkKind(StrEnum):
    DOCUMENT = "document"  # the scanned contract
    ANNEX = "annex"
    PO = "po"
    BILL = "bill"
    ORDER = "order"


class ContractLink(SQLModel, table=True):
    """A document of the contract, or a purchase order, bill or order made under it."""

    __tablename__ = "contract_link"
    __table_args__ = (
        CheckConstraint("target_kind IN ('document', 'annex', 'po', 'bill', 'order')", name="target_kind"),
        Index("uq_contract_link", "contract_id", "target_kind", "target_id", unique=True),
        Index("ix_contract_link_target", "target_kind", "target_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(sa_column=Column(Integer, ForeignKey("contract.id"), nullable=False))
    target_kind: str = Field(sa_column=Column(String(10), nullable=False))
    target_id: int = Field(nullable=False)
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
