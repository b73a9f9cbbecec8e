"""What the stock book shows: levels per product and warehouse, and a product's moves."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, or_, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Barcode, Product, ProductKind, Warehouse
from boclerk.domain.permissions import Perm
from boclerk.domain.stock import StockLevel
from boclerk.services import like
from boclerk.services.catalog import units
from boclerk.services.catalog.product_view import moves_of
from boclerk.services.catalog.products import product as find_product
from boclerk.services.catalog.products import warehouse as find_warehouse
from boclerk.services.stock.level_rows import LevelRow, MoveRow


def levels(uow: UnitOfWork, *, warehouse: str | None = None, below_reorder: bool = False,
           sku: str | None = None, after: tuple[str, str] | None = None, limit: int = 1000,
           before: tuple[str, str] | None = None, last: bool = False,
           search: str | None = None) -> list[LevelRow]:
    """Stock per product and warehouse, by SKU then warehouse (keyset on ``after``).

    ``below_reorder`` compares the product's available quantity over all warehouses
    with its reorder point. ``before`` gives the rows that precede a key and ``last`` the
    last page, both still in display order (by SKU then warehouse). ``search`` keeps the
    products whose SKU or name contains the text (any case) or that carry it as a barcode.
    """
    stmt, wcode = _levels_query(uow, warehouse=warehouse, below_reorder=below_reorder, sku=sku, search=search)
    p = Product
    stmt = stmt.order_by(p.sku, wcode).limit(limit)
    if after:
        stmt = stmt.where((p.sku > after[0]) | ((p.sku == after[0]) & (wcode > after[1])))
    backwards = before is not None or last
    if before:
        stmt = stmt.where((p.sku < before[0]) | ((p.sku == before[0]) & (wcode < before[1])))
    if backwards:
        stmt = stmt.order_by(None).order_by(p.sku.desc(), wcode.desc())
    def q(stored: int, unit: str) -> Decimal:
        return units.shown(uow, unit, stored)

    rows = [
        LevelRow(r[0], r[1], r[2], q(r[3], r[7]), q(r[4], r[7]), q(r[3] - r[4], r[7]), q(r[5], r[7]),
                 r[5] > 0 and r[6] < r[5], r[7], bool(r[8]))
        for r in uow.s.execute(stmt)
    ]
    return rows[::-1] if backwards else rows


def _levels_query(uow: UnitOfWork, *, warehouse: str | None, below_reorder: bool, sku: str | None,
                  search: str | None):
    """The select of ``levels``, unordered and unpaged, with the warehouse code it orders by."""
    uow.require(Perm.READ)
    lv, p, w = StockLevel, Product, Warehouse
    total_avail = (
        select(func.coalesce(func.sum(StockLevel.on_hand - StockLevel.reserved), 0))
        .where(StockLevel.product_id == p.id).correlate(p).scalar_subquery()
    )
    # below the reorder point across all warehouses: a product never stocked anywhere is below
    # it too, though it has no level row yet (it shows with no warehouse)
    never_stocked = below_reorder and not warehouse
    wcode = func.coalesce(w.code, "") if never_stocked else w.code
    stmt = select(p.sku, p.name, wcode, func.coalesce(lv.on_hand, 0), func.coalesce(lv.reserved, 0),
                  p.reorder_point, total_avail, p.unit, p.active)
    if never_stocked:
        stmt = stmt.select_from(p).outerjoin(lv, lv.product_id == p.id).outerjoin(w, w.id == lv.warehouse_id)
    else:
        stmt = stmt.join(lv, lv.product_id == p.id).join(w, w.id == lv.warehouse_id)
    stmt = stmt.where(p.kind == ProductKind.GOODS.value)
    if warehouse:
        stmt = stmt.where(w.code == find_warehouse(uow, warehouse).code)
    if sku:
        stmt = stmt.where(p.id == find_product(uow, sku).id)
    if below_reorder:
        stmt = stmt.where(p.active.is_(True), p.reorder_point > 0, total_avail < p.reorder_point)
    if search and search.strip():
        text_ = search.strip()
        stmt = stmt.where(or_(like.holds(p.sku, text_), like.holds(p.name, text_),
                              p.id.in_(select(Barcode.product_id).where(Barcode.code == text_))))
    return stmt, wcode


def count_levels(uow: UnitOfWork, *, warehouse: str | None = None, below_reorder: bool = False,
                 sku: str | None = None, search: str | None = None):
    """How many rows ``levels`` pages through (a Count up to its cap), or None for a warehouse or
    a product it does not know (the list's own page says so)."""
    from boclerk.errors import InvalidInput, NotFound
    from boclerk.services.counting import bounded_count

    try:
        stmt, _wcode = _levels_query(uow, warehouse=warehouse, below_reorder=below_reorder, sku=sku, search=search)
    except (InvalidInput, NotFound):
        return None
    return bounded_count(uow, stmt)


def product_moves(uow: UnitOfWork, sku: str, *, warehouse: str | None = None, limit: int = 200) -> list[MoveRow]:
    """The latest moves of a product, newest first, each with the quantity on hand after it (in
    ``warehouse``, or in all): read as the product's card reads them."""
    return moves_of(uow, sku, warehouse=warehouse, limit=limit)
