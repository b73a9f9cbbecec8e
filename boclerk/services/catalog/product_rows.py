"""A product as the faces see it: a plain row, readable without SQLAlchemy (``boclerk show
product`` reads one with sqlite3 alone: :mod:`boclerk.services.catalog.product_view`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from boclerk.services.rows import money_field


@dataclass(frozen=True)
class ProductRow:
    id: int
    sku: str
    name: str
    category: str
    unit: str
    kind: str
    sale_price: int = money_field()
    vat_category: str = "standard"  # VatCategory.STANDARD
    prices_include_vat: bool = True
    standard_cost: int = money_field(default=0)
    reorder_point: Decimal = Decimal(0)  # in the product's unit
    reorder_qty: Decimal = Decimal(0)
    active: bool = True
    version: int = 1
    barcodes: list[str] = field(default_factory=list)
    preferred_supplier: str | None = None
    vat_rate: int | None = None  # the category's rate in force today, under the company's regime
    description: str = ""  # what the storefront shows under the name
