"""What the shop sells and buys, and where it keeps it."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from boclerk.domain.base import Minor, version_column
from boclerk.domain.units import STANDARD_UNITS, UNIT_DECIMALS, UNITS, standard_unit  # noqa: F401 - their home before


class ProductKind(StrEnum):
    GOODS = "goods"            # stocked, valued, sold
    CONSUMABLE = "consumable"  # office supplies and materials: bought to expense, not stocked
    SERVICE = "service"        # never stocked (delivery, gift wrapping ...)

    @property
    def stocked(self) -> bool:
        return self is ProductKind.GOODS


class VatCategory(StrEnum):
    """What the law says about a product's VAT; the percentage comes from the dated rate table."""

    STANDARD = "standard"  # 22% from 2026-01-01, 20% before
    REDUCED = "reduced"    # 10%: the listed foods, children's goods, books ...
    ZERO = "zero"          # 0%: exports
    EXEMPT = "exempt"      # без НДС


VAT_CATEGORIES_SQL = ", ".join(f"'{c.value}'" for c in VatCategory)


class Unit(SQLModel, table=True):
    """A unit of measure: its short code, its OKEI code and how many decimals it allows."""

    __tablename__ = "unit"
    __table_args__ = (CheckConstraint("decimals >= 0 AND decimals <= 3", name="decimals_range"),)

    code: str = Field(sa_column=Column(String(16), primary_key=True))
    okei: str = Field(sa_column=Column(String(4), nullable=False, unique=True))
    name_ru: str = Field(sa_column=Column(String(64), nullable=False))
    name_en: str = Field(sa_column=Column(String(64), nullable=False))
    symbol_ru: str = Field(sa_column=Column(String(16), nullable=False))
    symbol_en: str = Field(sa_column=Column(String(16), nullable=False))
    decimals: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))

    def symbol(self, locale: str = "ru") -> str:
        return self.symbol_ru if locale.startswith("ru") else self.symbol_en


_product_version = version_column()


class Product(SQLModel, table=True):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("kind IN ('goods', 'consumable', 'service')", name="kind"),
        CheckConstraint("sale_price >= 0", name="sale_price_non_negative"),
        CheckConstraint("standard_cost >= 0", name="standard_cost_non_negative"),
        CheckConstraint(f"vat_category IN ({VAT_CATEGORIES_SQL})", name="vat_category"),
        CheckConstraint("reorder_point >= 0 AND reorder_qty >= 0", name="reorder_non_negative"),
        Index("ix_product_name", "name"),
        Index("ix_product_category", "category", "sku"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    category: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    #: What the storefront shows under the name (CommerceML Описание); plain text.
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    unit: str = Field(default="pcs", sa_column=Column(String(16), ForeignKey("unit.code"), nullable=False,
                                                      server_default="pcs"))
    kind: str = Field(default=ProductKind.GOODS.value, sa_column=Column(String(16), nullable=False))
    sale_price: int = Field(default=0, sa_column=Column(Minor, nullable=False))
    vat_category: str = Field(default=VatCategory.STANDARD.value,
                              sa_column=Column(String(16), nullable=False, server_default="standard"))
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
