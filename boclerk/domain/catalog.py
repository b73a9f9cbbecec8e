"""What the shop sells and buys, and where it keeps it."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from boclerk.domain.base import Minor, version_column


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


#: The units every database starts with: (code, OKEI, name ru, name en, symbol ru, symbol en, decimals).
STANDARD_UNITS = (
    ("pcs", "796", "штука", "piece", "шт", "pcs", 0),
    ("kg", "166", "килограмм", "kilogram", "кг", "kg", 3),
    ("g", "163", "грамм", "gram", "г", "g", 0),
    ("t", "168", "тонна", "tonne", "т", "t", 3),
    ("m", "006", "метр", "metre", "м", "m", 3),
    ("m2", "055", "квадратный метр", "square metre", "м²", "m²", 2),
    ("m3", "113", "кубический метр", "cubic metre", "м³", "m³", 3),
    ("l", "112", "литр", "litre", "л", "l", 3),
    ("ml", "111", "миллилитр", "millilitre", "мл", "ml", 0),
    ("pack", "778", "упаковка", "pack", "упак", "pack", 0),
    ("box", "812", "ящик", "box", "ящ", "box", 0),
    ("set", "839", "комплект", "set", "компл", "set", 0),
    ("pair", "715", "пара", "pair", "пар", "pair", 0),
    ("roll", "736", "рулон", "roll", "рул", "roll", 0),
    ("h", "356", "час", "hour", "ч", "h", 2),
)
UNITS = tuple(u[0] for u in STANDARD_UNITS)
UNIT_DECIMALS = {u[0]: u[6] for u in STANDARD_UNITS}


def standard_unit(text: str) -> str | None:
    """The code of a standard unit named by its code, OKEI code, symbol or name (кг, 166, kg)."""
    key = str(text or "").strip().lower()
    for code, okei, name_ru, name_en, sym_ru, sym_en, _ in STANDARD_UNITS:
        if key in (code, okei, name_ru, name_en, sym_ru.lower(), sym_en.lower()):
            return code
    return None

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
