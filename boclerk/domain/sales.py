"""Customer orders and what happens to them: payments, shipments, returns.

An order's money position: ``invoiced`` is the gross value shipped less the gross value
returned; ``paid`` is payments less refunds. What the customer still owes on shipped
goods (invoiced - paid, if positive) is a receivable; what they paid ahead
(paid - invoiced, if positive) is a customer advance. Every posting keeps that split.
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
    text,
)
from sqlmodel import Field, SQLModel

from boclerk.domain.base import Minor, UTCDateTime, version_column


class Channel(StrEnum):
    WEBSITE = "website"
    MARKETPLACE = "marketplace"
    PHONE = "phone"
    SHOP = "shop"


class OrderStatus(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class PayMethod(StrEnum):
    BANK = "bank"
    CARD = "card"
    CASH = "cash"

    @property
    def account_role(self) -> str:
        return {"bank": "bank", "card": "card_clearing", "cash": "cash"}[self.value]


_STATUSES = ", ".join(f"'{s.value}'" for s in OrderStatus)
_CHANNELS = ", ".join(f"'{c.value}'" for c in Channel)
_order_version = version_column()


class SalesOrder(SQLModel, table=True):
    __tablename__ = "sales_order"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        CheckConstraint(f"channel IN ({_CHANNELS})", name="channel"),
        CheckConstraint("total >= 0 AND net_total >= 0 AND vat_total >= 0", name="totals_non_negative"),
        Index("uq_sales_order_channel_ref", "channel", "channel_ref", unique=True,
              sqlite_where=text("channel_ref IS NOT NULL"), postgresql_where=text("channel_ref IS NOT NULL")),
        Index("ix_sales_order_status", "status", "id"),
        Index("ix_sales_order_customer", "customer_id", "id"),
        Index("ix_sales_order_date", "order_date", "id"),
        Index("ix_sales_order_shipped", "shipped_on", "id"),  # the sales report
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    order_date: date = Field(sa_column=Column(Date, nullable=False))
    customer_id: int = Field(sa_column=Column(Integer, ForeignKey("customer.id"), nullable=False))
    channel: str = Field(sa_column=Column(String(16), nullable=False))
    channel_ref: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    status: str = Field(default=OrderStatus.DRAFT.value, sa_column=Column(String(20), nullable=False))
    warehouse_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("warehouse.id"), nullable=True))
    backorder: bool = Field(default=False)
    historical: bool = Field(default=False)  # imported history: no stock moves, no postings
    delivery_address: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    net_total: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    vat_total: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    total: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    invoiced: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    paid: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    shipped_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    version: int = Field(default=1, sa_column=_order_version)

    __mapper_args__ = {"version_id_col": _order_version}


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_line"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("qty_shipped >= 0 AND qty_shipped <= qty", name="shipped_within_qty"),
        CheckConstraint("qty_returned >= 0 AND qty_returned <= qty_shipped", name="returned_within_shipped"),
        CheckConstraint("discount_bp >= 0 AND discount_bp <= 10000", name="discount_range"),
        Index("ix_order_line_order", "order_id", "line_no", unique=True),
        Index("ix_order_line_product", "product_id", "order_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(sa_column=Column(Integer, ForeignKey("sales_order.id"), nullable=False))
    line_no: int = Field(nullable=False)
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), nullable=False))
    qty: int = Field(nullable=False)
    unit_price: int = Field(sa_column=Column(Minor, nullable=False))
    discount_bp: int = Field(default=0, nullable=False)  # discount in hundredths of a percent
    vat_rate: int | None = Field(default=None, nullable=True)  # at the order date; None: без НДС
    net: int = Field(sa_column=Column(Minor, nullable=False))
    vat: int = Field(sa_column=Column(Minor, nullable=False))
    gross: int = Field(sa_column=Column(Minor, nullable=False))
    qty_shipped: int = Field(default=0, nullable=False)
    qty_returned: int = Field(default=0, nullable=False)
    cost_shipped: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    cost_returned: int = Field(default=0, sa_column=Column(Minor, nullable=False))


class OrderPayment(SQLModel, table=True):
    """Money in for an order (amount > 0) or a refund (amount < 0)."""

    __tablename__ = "order_payment"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_non_zero"),
        CheckConstraint("method IN ('bank', 'card', 'cash')", name="method"),
        Index("ix_order_payment_order", "order_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(sa_column=Column(Integer, ForeignKey("sales_order.id"), nullable=False))
    paid_on: date = Field(sa_column=Column(Date, nullable=False))
    amount: int = Field(sa_column=Column(Minor, nullable=False))
    method: str = Field(sa_column=Column(String(8), nullable=False))
    reference: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))


class Shipment(SQLModel, table=True):
    """Goods leaving for the customer (kind 'ship') or coming back (kind 'return')."""

    __tablename__ = "shipment"
    __table_args__ = (
        CheckConstraint("kind IN ('ship', 'return')", name="kind"),
        Index("ix_shipment_order", "order_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(sa_column=Column(Integer, ForeignKey("sales_order.id"), nullable=False))
    kind: str = Field(sa_column=Column(String(8), nullable=False))
    day: date = Field(sa_column=Column(Date, nullable=False))
    damaged: bool = Field(default=False)
    net: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    vat: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    cost: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))


class ShipmentLine(SQLModel, table=True):
    __tablename__ = "shipment_line"
    __table_args__ = (CheckConstraint("qty > 0", name="qty_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(sa_column=Column(Integer, ForeignKey("shipment.id"), nullable=False, index=True))
    order_line_id: int = Field(sa_column=Column(Integer, ForeignKey("order_line.id"), nullable=False))
    qty: int = Field(nullable=False)
    vat_rate: int | None = Field(default=None, nullable=True)  # in force on the shipment's day; None: без НДС
    net: int = Field(sa_column=Column(Minor, nullable=False))
    vat: int = Field(sa_column=Column(Minor, nullable=False))
    cost: int = Field(sa_column=Column(Minor, nullable=False))


class SalesDay(SQLModel, table=True):
    """What the sales report counts, per day shipped, channel and the decimals of the products'
    units: quantity (in the unit's smallest fraction), net, VAT and gross, less returns. Kept in step by triggers
    on ``order_line`` and ``sales_order`` (boclerk/db/summaries.py); ``db check`` recomputes it."""

    __tablename__ = "sales_day"

    shipped_on: date = Field(sa_column=Column(Date, primary_key=True))
    channel: str = Field(sa_column=Column(String(16), primary_key=True))
    decimals: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    qty: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    net: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    vat: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    gross: int = Field(default=0, sa_column=Column(Minor, nullable=False))


class SalesDayOrders(SQLModel, table=True):
    """How many orders the sales report counts per day shipped and channel (see SalesDay)."""

    __tablename__ = "sales_day_orders"

    shipped_on: date = Field(sa_column=Column(Date, primary_key=True))
    channel: str = Field(sa_column=Column(String(16), primary_key=True))
    orders: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
