"""The stock book: immutable moves, levels per warehouse, moving-average cost, counts."""

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

from boclerk.domain.base import BigId, Minor, UTCDateTime


class MoveKind(StrEnum):
    RECEIPT = "receipt"
    SHIPMENT = "shipment"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    ADJUSTMENT = "adjustment"
    WRITE_OFF = "write_off"
    COUNT_GAIN = "count_gain"
    COUNT_LOSS = "count_loss"
    CUSTOMER_RETURN = "customer_return"
    SUPPLIER_RETURN = "supplier_return"


MOVE_KINDS_SQL = ", ".join(f"'{k.value}'" for k in MoveKind)


class StockLevel(SQLModel, table=True):
    """On hand and reserved per product and warehouse; available = on_hand - reserved."""

    __tablename__ = "stock_level"
    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="on_hand_non_negative"),
        CheckConstraint("reserved >= 0", name="reserved_non_negative"),
        CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
        Index("ix_stock_level_warehouse", "warehouse_id", "product_id"),
    )

    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), primary_key=True, autoincrement=False))
    warehouse_id: int = Field(sa_column=Column(Integer, ForeignKey("warehouse.id"), primary_key=True, autoincrement=False))
    on_hand: int = Field(default=0, nullable=False)
    reserved: int = Field(default=0, nullable=False)


class ProductCost(SQLModel, table=True):
    """Quantity and value of a product across all warehouses: its moving average cost."""

    __tablename__ = "product_cost"
    __table_args__ = (
        CheckConstraint("qty >= 0", name="qty_non_negative"),
        CheckConstraint("value >= 0", name="value_non_negative"),
        CheckConstraint("qty > 0 OR value = 0", name="no_value_without_qty"),
    )

    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), primary_key=True, autoincrement=False))
    qty: int = Field(default=0, nullable=False)
    value: int = Field(default=0, sa_column=Column(Minor, nullable=False))


class StockMove(SQLModel, table=True):
    """One immutable change of stock: signed quantity and value in one warehouse."""

    __tablename__ = "stock_move"
    __table_args__ = (
        CheckConstraint(f"kind IN ({MOVE_KINDS_SQL})", name="kind"),
        CheckConstraint("qty <> 0", name="qty_non_zero"),
        Index("ix_stock_move_product", "product_id", "warehouse_id", "id"),
        Index("ix_stock_move_date", "move_date", "product_id"),
        Index("ix_stock_move_source", "source_ref"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    moved_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    move_date: date = Field(sa_column=Column(Date, nullable=False))
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), nullable=False))
    warehouse_id: int = Field(sa_column=Column(Integer, ForeignKey("warehouse.id"), nullable=False))
    qty: int = Field(nullable=False)
    value: int = Field(sa_column=Column(Minor, nullable=False))
    kind: str = Field(sa_column=Column(String(24), nullable=False))
    reason: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    source_kind: str = Field(default="", sa_column=Column(String(16), nullable=False, server_default=""))
    source_ref: str = Field(default="", sa_column=Column(String(32), nullable=False, server_default=""))
    source_line: int | None = Field(default=None)
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True))
    actor: str = Field(sa_column=Column(String(64), nullable=False))


class Reservation(SQLModel, table=True):
    """Stock held for a line of a source document (an order line)."""

    __tablename__ = "reservation"
    __table_args__ = (
        CheckConstraint("qty >= 0", name="qty_non_negative"),
        CheckConstraint("active = (qty > 0)", name="active_iff_qty"),
        Index(
            "uq_reservation_active_line", "source_ref", "source_line", unique=True,
            sqlite_where=text("active"), postgresql_where=text("active"),
        ),
        Index("ix_reservation_product", "product_id", "warehouse_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), nullable=False))
    warehouse_id: int = Field(sa_column=Column(Integer, ForeignKey("warehouse.id"), nullable=False))
    source_kind: str = Field(sa_column=Column(String(16), nullable=False))
    source_ref: str = Field(sa_column=Column(String(32), nullable=False))
    source_line: int = Field(nullable=False)
    qty: int = Field(nullable=False)
    active: bool = Field(default=True, nullable=False)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class CountStatus(StrEnum):
    OPEN = "open"
    POSTED = "posted"
    CANCELLED = "cancelled"


class StockCount(SQLModel, table=True):
    """A stocktake of one warehouse (optionally one category)."""

    __tablename__ = "stock_count"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'posted', 'cancelled')", name="status"),
        Index("uq_stock_count_open", "warehouse_id", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    warehouse_id: int = Field(sa_column=Column(Integer, ForeignKey("warehouse.id"), nullable=False))
    category: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    status: str = Field(default=CountStatus.OPEN.value, sa_column=Column(String(16), nullable=False))
    opened_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    opened_by: str = Field(sa_column=Column(String(64), nullable=False))
    posted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    entry_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("journal_entry.id"), nullable=True))


class StockCountLine(SQLModel, table=True):
    __tablename__ = "stock_count_line"
    __table_args__ = (CheckConstraint("counted IS NULL OR counted >= 0", name="counted_non_negative"),)

    count_id: int = Field(sa_column=Column(Integer, ForeignKey("stock_count.id"), primary_key=True, autoincrement=False))
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), primary_key=True, autoincrement=False))
    expected: int = Field(nullable=False)  # on hand when the count was opened
    counted: int | None = Field(default=None)


class StockValueDay(SQLModel, table=True):
    """Quantity and value moved per day, product and warehouse: a summary of ``stock_move``.

    Kept in step by a trigger on every insert into ``stock_move`` (boclerk/db/summaries.py),
    so every writer keeps it in the same transaction; ``db check`` recomputes it from the
    moves. The stock valuation at a date sums it instead of the moves: its size follows days
    times products, not the number of moves.
    """

    __tablename__ = "stock_value_day"

    move_date: date = Field(sa_column=Column(Date, primary_key=True))
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), primary_key=True, autoincrement=False))
    warehouse_id: int = Field(sa_column=Column(Integer, ForeignKey("warehouse.id"), primary_key=True,
                                               autoincrement=False))
    qty: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    value: int = Field(default=0, sa_column=Column(Minor, nullable=False))
