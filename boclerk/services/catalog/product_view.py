"""One product in full: the product, its stock per warehouse and its last moves (in one warehouse
or all, each with the quantity on hand after it), read with plain SQL on the indexes (SKU,
barcode; the product's id in the stock tables), so that ``boclerk show product`` over SSH
answers without loading the ORM schema, nor on SQLite SQLAlchemy.

The one reader of these rows: the product's card on the Stock screen and ``boclerk show
product`` read :func:`product_card`, :func:`boclerk.services.catalog.products.get_product`
reads :func:`product_row` and :func:`boclerk.services.stock.queries.product_moves` reads
:func:`moves_of`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text, utc_moment
from boclerk.domain.permissions import Perm
from boclerk.domain.tax_rules import VatRegime, in_force, resolve_rate
from boclerk.errors import NotFound, Refused
from boclerk.i18n import _
from boclerk.quantity import to_units
from boclerk.services import shown
from boclerk.services.catalog.product_rows import ProductRow
from boclerk.services.stock.level_rows import LevelRow, MoveRow

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


@dataclass(frozen=True)
class ProductCard:
    product: ProductRow
    levels: list[LevelRow]
    moves: list[MoveRow]
    warehouse: str | None = None  # the moves are this warehouse's, their running quantity its; None: all


def _query(uow: UnitOfWork) -> Callable[..., list]:
    return lambda sql, **p: list(uow.s.execute(text(sql), p))


def _find(q, code: str):
    """A product by SKU (exact, then ignoring case) or by one of its barcodes, as
    :func:`boclerk.services.catalog.products.product` finds it."""
    code = code.strip()
    for sql, value in (("SELECT * FROM product WHERE sku = :c LIMIT 1", code),
                       ("SELECT p.* FROM product p JOIN barcode b ON b.product_id = p.id WHERE b.code = :c LIMIT 1",
                        code),
                       ("SELECT * FROM product WHERE lower(sku) = :c LIMIT 1", code.lower())):
        found = q(sql, c=value)
        if found:
            return found[0]
    raise NotFound(_("There is no product with SKU or barcode '{code}'.").format(code=code))


def _warehouse(q, code: str):
    """A warehouse by code, as :func:`boclerk.services.catalog.products.warehouse` finds it."""
    found = q("SELECT id, code FROM warehouse WHERE code = :c LIMIT 1", c=code.strip().upper())
    if not found:
        raise NotFound(_("There is no warehouse {code}.").format(code=code))
    return found[0]


def _shown(q, p) -> Callable[[Any], Decimal]:
    """A stored quantity of ``p`` in its unit, with exactly the unit's decimals."""
    found = q("SELECT decimals FROM unit WHERE code = :u", u=p.unit)
    decimals = found[0].decimals if found else 0
    return lambda stored: to_units(int(stored), decimals)


def _sale_rate(uow: UnitOfWork, q, category: str, day) -> int | None:
    """The rate of a sale on ``day`` (:func:`boclerk.services.ledger.vat.sale_rate`)."""
    regime = in_force([(as_date(r.valid_from), r.regime) for r in q(
        "SELECT valid_from, regime FROM company_vat_regime")], day) or VatRegime.GENERAL.value
    rows = [(as_date(r.valid_from), r.rate) for r in q(
        "SELECT valid_from, rate FROM vat_rate WHERE category = :c", c=category)]
    if not any(start <= day for start, _rate in rows):
        raise Refused(_("The VAT rate table has no {category} rate on {day}; add one with: boclerk vat rate-add.").format(category=category, day=shown.day(uow, day)))
    return resolve_rate(category, regime, in_force(rows, day))


def _row(uow: UnitOfWork, q, p, shown) -> ProductRow:
    barcodes = [r.code for r in q("SELECT code FROM barcode WHERE product_id = :p ORDER BY code", p=p.id)]
    supplier = None
    if p.preferred_supplier_id:
        found = q("SELECT code FROM supplier WHERE id = :s", s=p.preferred_supplier_id)
        supplier = found[0].code if found else None
    return ProductRow(p.id, p.sku, p.name, p.category, p.unit, p.kind, p.sale_price, p.vat_category,
                      bool(p.prices_include_vat), p.standard_cost, shown(p.reorder_point), shown(p.reorder_qty),
                      bool(p.active), p.version, barcodes, supplier, _sale_rate(uow, q, p.vat_category, uow.today),
                      p.description)


def _levels(q, p, shown) -> list[LevelRow]:
    """Its stock in each warehouse, by warehouse (goods only), as :func:`boclerk.services.stock.queries.levels`
    gives it for one SKU."""
    if p.kind != "goods":
        return []
    return [LevelRow(p.sku, p.name, r.code, shown(r.on_hand), shown(r.reserved), shown(r.on_hand - r.reserved),
                     shown(p.reorder_point), p.reorder_point > 0 and r.total < p.reorder_point, p.unit,
                     bool(p.active))
            for r in q("SELECT w.code, lv.on_hand, lv.reserved, (SELECT COALESCE(SUM(t.on_hand - t.reserved), 0) "
                       "FROM stock_level t WHERE t.product_id = :p) AS total FROM stock_level lv "
                       "JOIN warehouse w ON w.id = lv.warehouse_id WHERE lv.product_id = :p "
                       "ORDER BY w.code LIMIT 1000", p=p.id)]


def _moves(q, p, shown, warehouse, limit: int) -> list[MoveRow]:
    """The last ``limit`` moves, newest first, in ``warehouse`` (a row) or all, each with the quantity on
    hand after it there."""
    where, params = "product_id = :p", {"p": p.id, "n": limit}
    if warehouse is not None:
        where, params["w"] = where + " AND warehouse_id = :w", warehouse.id
    running = int(q(f"SELECT COALESCE(SUM(on_hand), 0) AS n FROM stock_level WHERE {where}", **params)[0].n)
    out = []
    # the last ids first, from the index alone (product, warehouse, id): sorting a busy product's
    # moves with all their columns read from the table took 33 ms at 1M orders, its ids 2.5 ms
    for r in q("SELECT m.id, m.moved_at, m.move_date, w.code, m.kind, m.qty, m.value, m.source_ref, m.reason, m.actor "
               "FROM stock_move m JOIN warehouse w ON w.id = m.warehouse_id WHERE m.id IN (SELECT id FROM stock_move "
               f"WHERE {where} ORDER BY id DESC LIMIT :n) ORDER BY m.id DESC", **params):
        out.append(MoveRow(r.id, utc_moment(r.moved_at), as_date(r.move_date), r.code, r.kind, shown(r.qty), r.value,
                           shown(running), r.source_ref, r.reason, r.actor))
        running -= r.qty
    return out


@core_only
def product_row(uow: UnitOfWork, code: str) -> ProductRow:
    """A product by SKU or barcode."""
    uow.require(Perm.READ)
    q = _query(uow)
    p = _find(q, code)
    return _row(uow, q, p, _shown(q, p))


@core_only
def moves_of(uow: UnitOfWork, code: str, *, warehouse: str | None = None, limit: int = 200) -> list[MoveRow]:
    """A product's last ``limit`` moves, newest first, in one warehouse or all, each with the quantity on
    hand after it (in that warehouse, or in all)."""
    uow.require(Perm.READ)
    q = _query(uow)
    p = _find(q, code)
    return _moves(q, p, _shown(q, p), _warehouse(q, warehouse) if warehouse else None, limit)


@core_only
def product_card(uow: UnitOfWork, code: str, warehouse: str | None = None, moves: int = 10) -> ProductCard:
    """A product by SKU or barcode, its stock in each warehouse (goods only) and its last ``moves``
    moves, newest first, in ``warehouse`` or all, each with the quantity on hand after it (in that
    warehouse, or in all)."""
    uow.require(Perm.READ)
    q = _query(uow)
    p = _find(q, code)
    shown = _shown(q, p)
    wh = _warehouse(q, warehouse) if warehouse else None
    return ProductCard(_row(uow, q, p, shown), _levels(q, p, shown), _moves(q, p, shown, wh, moves),
                       wh.code if wh is not None else None)
