"""What the shop sells and buys, and where it keeps it."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from boclerk.domain.base import Minor, version_column


class ProductKind(StrEnum):
    GOODS = "goods"            # stocked, valued, sold
    CONSUMABLE = "consumable"  # office supplies and materials: bought to expense, not stocked
    SERVICE = "service"        # never stocked (delivery, gift wrapping ...)

    @property
    def stocked(self) -> bool:
        return self is ProductKind.GOODS


UNITS = ("pcs", "g", "kg", "ml", "l", "m", "pack", "box", "set", "pair", "h")

_product_version = version_column()


class Product(SQLModel, table=True):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("kind IN ('goods', 'consumable', 'service')", name="kind"),
        CheckConstraint("sale_price >= 0", name="sale_price_non_negative"),
        CheckConstraint("standard_cost >= 0", name="standard_cost_non_negative"),
        CheckConstraint("vat_rate >= 0 AND vat_rate <= 100", name="vat_rate_range"),
        CheckConstraint("reorder_point >= 0 AND reorder_qty >= 0", name="reorder_non_negative"),
        Index("ix_product_name", "name"),
        Index("ix_product_category", "category", "sku"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    category: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    unit: str = Field(default="pcs", sa_column=Column(String(16), nullable=False, server_default="pcs"))
    kind: str = Field(default=ProductKind.GOODS.value, sa_column=Column(String(16), nullable=False))
    sale_price: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    vat_rate: int = Field(default=20, sa_column=Column(Integer, nullable=False))
    prices_include_vat: bool = Field(default=True)
    standard_cost: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    reorder_point: int = Field(default=0)
    reorder_qty: int = Field(default=0)
    expense_account_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("account.id"), nullable=True))
    preferred_supplier_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("supplier.id"), nullable=True, index=True)
    )
    active: bool = Field(default=True)
    version: int = Field(default=1, sa_column=_product_version)

    __mapper_args__ = {"version_id_col": _product_version}


class Barcode(SQLModel, table=True):
    __tablename__ = "barcode"

    code: str = Field(sa_column=Column(String(64), primary_key=True))
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), nullable=False, index=True))


class Warehouse(SQLModel, table=True):
    __tablename__ = "warehouse"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(16), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    active: bool = Field(default=True)
