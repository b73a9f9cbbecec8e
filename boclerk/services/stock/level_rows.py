"""What the stock book shows as plain rows (levels, moves), readable without SQLAlchemy
(``boclerk show product`` reads them with sqlite3 alone: :mod:`boclerk.services.catalog.product_view`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from boclerk.services.rows import money_field


@dataclass(frozen=True)
class LevelRow:
    sku: str
    name: str
    warehouse: str
    on_hand: Decimal  # quantities in the product's unit
    reserved: Decimal
    available: Decimal
    reorder_point: Decimal
    below_reorder: bool
    unit: str
    active: bool = True  # False: the product is archived (its stock stays until it is gone)


@dataclass(frozen=True)
class MoveRow:
    id: int
    moved_at: datetime
    move_date: date
    warehouse: str
    kind: str
    qty: Decimal  # in the product's unit
    value: int = money_field()
    running_qty: Decimal = Decimal(0)
    source: str = ""
    reason: str = ""
    actor: str = ""
