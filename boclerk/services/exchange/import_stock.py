"""``boclerk import stock-count``: what is on the shelves, as opening stock or a stocktake.

A product that has never had a stock move comes in as opening stock: a receipt at the
unit cost given (or its standard cost) in each warehouse listed, and one journal entry
for the file, Dr inventory, Cr opening balances. Every other product is counted: one
stocktake per warehouse (:mod:`boclerk.services.stock.stocktake`: open, enter, post), which
posts only the differences, at moving-average cost; a warehouse whose counts all agree
with what is on hand is left alone, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select, update

from boclerk.db.database import Database
from boclerk.db.dialect import insert_ignore_stmt
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, ProductKind, Warehouse
from boclerk.domain.permissions import Perm
from boclerk.domain.stock import MoveKind, ProductCost, StockLevel, StockMove
from boclerk.errors import BoclerkError, InvalidInput
from boclerk.formats.csvio import Row, Table, Validator
from boclerk.i18n import N_, _, ngettext
from boclerk.services import shown
from boclerk.money import decimal_str, line_total
from boclerk.services.catalog import units
from boclerk.services.exchange.import_base import (
    ImportResult,
    Progress,
    at_line,
    audit_rows,
    chunks,
    currency_of,
    money,
    products_by_code,
    validate,
)
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules

_LEVEL = StockLevel.__table__
_COST = ProductCost.__table__
OPENING_REF = "OPENING"


def _counted(row: Row):
    counted = row.decimal("counted_qty")
    if counted < 0:
        raise row.error("counted_qty", _("{counted} is negative.").format(counted=counted))
    return counted


def parse_counts(table: Table, db: Database, progress: Progress | None) -> list[tuple]:
    currency = currency_of(db)

    def one(row: Row) -> tuple:
        return (row, row.require("sku"), row.require("warehouse").upper(), _counted(row),
                money(row, "unit_cost", currency))

    return validate(table.rows, one, progress, _("checking rows"))


def write_counts(uow: UnitOfWork, table: Table, rows: list[tuple], progress: Progress | None) -> ImportResult:
    uow.require(Perm.STOCK_COUNT)
    v = Validator()
    products = products_by_code(uow, [sku for _, sku, _, _, _ in rows])
    warehouses = {w.code: w for w in uow.s.scalars(select(Warehouse))}
    seen: dict[tuple[int, int], int] = {}
    resolved = []
    for row, sku, wh, counted, unit_cost in rows:
        p, w = products.get(sku), warehouses.get(wh)
        if p is None:
            v.add(str(row.error("sku", _("there is no product with SKU or barcode '{sku}'.").format(sku=sku))))
        elif p.kind != ProductKind.GOODS.value:
            v.add(str(row.error("sku", _("{sku} is a {kind}, which is not kept in stock.").format(sku=p.sku, kind=p.kind))))
        elif w is None:
            v.add(str(row.error("warehouse", _("there is no warehouse {wh}.").format(wh=wh))))
        elif not w.active:
            v.add(str(row.error("warehouse", _("the warehouse {code} is closed.").format(code=w.code))))
        elif (p.id, w.id) in seen:
            v.add(str(row.error("sku", _("{sku} in {code} is already counted on line {seen}.").format(sku=p.sku, code=w.code, seen=seen[p.id, w.id]))))
        else:
            seen[(p.id, w.id)] = row.line
            try:
                resolved.append((row, p, w, units.stored(uow, p, counted, allow_zero=True), unit_cost))
            except InvalidInput as exc:
                v.add(str(row.error("counted_qty", exc.message)))
    v.raise_if_any()

    stocked: set[int] = set()
    for chunk in chunks(sorted({p.id for _, p, _, _, _ in resolved})):
        stocked.update(uow.s.scalars(select(StockMove.product_id).where(StockMove.product_id.in_(chunk)).distinct()))
    opening, counts, nothing = [], [], 0
    for row, p, w, counted, unit_cost in resolved:
        if p.id in stocked:
            counts.append((row, p, w, counted))
        elif counted == 0:
            nothing += 1  # no stock, none counted: nothing to do
        elif unit_cost is None and not p.standard_cost:
            v.add(str(row.error("unit_cost", _("{sku} has no stock yet and no standard cost; give the unit cost of its opening stock.").format(sku=p.sku))))
        else:
            opening.append((row, p, w, counted, p.standard_cost if unit_cost is None else unit_cost))
    v.raise_if_any()

    notes = []
    if opening:
        entry, value = post_opening_stock(uow, [(p, w, qty, line_total(qty, cost, 0, units.decimals(uow, p)))
                                                 for _, p, w, qty, cost in opening],
                                          memo=shown.said(uow, N_("Opening stock from {source}"), source=table.what)[:500])
        said = ngettext("Opening stock: {n} row worth {amount}", "Opening stock: {n} rows worth {amount}",
                        len(opening)).format(n=len(opening), amount=decimal_str(value, uow.currency))
        notes.append(said + (_(", entry {entry}").format(entry=entry) if entry else "") + ".")
    changed, same, count_notes = stocktake_counts(uow, counts, progress)
    return ImportResult("stock-count", table.what, len(rows), len(opening), changed, same + nothing,
                        notes=notes + count_notes)


def post_opening_stock(uow: UnitOfWork, items: Sequence[tuple[Product, Warehouse, int, int]], *,
                       memo: str) -> tuple[str | None, int]:
    """Receive ``(product, warehouse, qty, value)`` as opening stock, in bulk, with one journal
    entry (Dr inventory, Cr opening balances); returns (entry number or None, total value).
    For products without stock moves, whose cost rows are empty."""
    uow.require(Perm.STOCK_MOVE)
    total = sum(value for _, _, _, value in items)
    s = uow.s
    s.execute(insert_ignore_stmt(s, _LEVEL, ["product_id", "warehouse_id"]),
              [{"product_id": p.id, "warehouse_id": w.id, "on_hand": 0, "reserved": 0} for p, w, _, _ in items])
    s.execute(update(_LEVEL).where(_LEVEL.c.product_id == bindparam("pid"), _LEVEL.c.warehouse_id == bindparam("wid"))
              .values(on_hand=_LEVEL.c.on_hand + bindparam("qty")),
              [{"pid": p.id, "wid": w.id, "qty": qty} for p, w, qty, _ in items])
    per_product: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for p, _, qty, value in items:
        per_product[p.id][0] += qty
        per_product[p.id][1] += value
    s.execute(insert_ignore_stmt(s, _COST, ["product_id"]),
              [{"product_id": pid, "qty": 0, "value": 0} for pid in per_product])
    s.execute(update(_COST).where(_COST.c.product_id == bindparam("pid"))
              .values(qty=_COST.c.qty + bindparam("dq"), value=_COST.c.value + bindparam("dv")),
              [{"pid": pid, "dq": q, "dv": val} for pid, (q, val) in per_product.items()])
    posted = ledger.post(uow, entry_date=uow.today, memo=memo, lines=posting_rules.opening_stock(total),
                         source_kind="stock", source_ref=OPENING_REF)
    s.execute(insert(StockMove.__table__), [
        {"moved_at": uow.now, "move_date": uow.today, "product_id": p.id, "warehouse_id": w.id, "qty": qty,
         "value": value, "kind": MoveKind.RECEIPT.value, "reason": "opening stock", "source_kind": "stock",
         "source_ref": OPENING_REF, "source_line": None, "entry_id": posted.id if posted else None,
         "actor": uow.actor_name}
        for p, w, qty, value in items])
    audit_rows(uow, "stock.opening", "product", (
        (p.sku, {"warehouse": w.code, "qty": qty, "value": decimal_str(value, uow.currency),
                 "entry": posted.number if posted else None}) for p, w, qty, value in items))
    return (posted.number if posted else None), total


def stocktake_counts(uow: UnitOfWork, counts: Sequence[tuple[Row, Product, Warehouse, int]],
                     progress: Progress | None = None) -> tuple[int, int, list[str]]:
    """Count products that have stock, one stocktake per warehouse whose counts differ from
    what is on hand; returns (rows that differ, rows that agree, notes)."""
    from boclerk.services.stock import stocktake

    by_wh: dict[int, list[tuple[Row, Product, Warehouse, int]]] = defaultdict(list)
    for item in counts:
        by_wh[item[2].id].append(item)
    changed = same = 0
    notes: list[str] = []
    v = Validator()
    for wid, items in by_wh.items():
        levels: dict[int, tuple[int, int]] = {}
        for chunk in chunks([p.id for _, p, _, _ in items]):
            for pid, on_hand, reserved in uow.s.execute(
                    select(_LEVEL.c.product_id, _LEVEL.c.on_hand, _LEVEL.c.reserved)
                    .where(_LEVEL.c.warehouse_id == wid, _LEVEL.c.product_id.in_(chunk))):
                levels[pid] = (on_hand, reserved)
        differ = [(row, p, counted) for row, p, _, counted in items if counted != levels.get(p.id, (0, 0))[0]]
        same += len(items) - len(differ)
        if not differ:
            continue
        w = items[0][2]
        for row, p, counted in differ:
            reserved = levels.get(p.id, (0, 0))[1]
            if counted < reserved:
                v.add(str(row.error("counted_qty", _("{counted} counted, but {reserved} of {sku} are reserved in {code}; ship or release them first.").format(counted=counted, reserved=reserved, sku=p.sku, code=w.code))))
        v.raise_if_any()
        first = items[0][0]
        try:
            info = stocktake.open_count(uow, w.code)
            stocktake.enter_counts(uow, info.number, [(p.sku, units.shown(uow, p, counted))
                                                      for _, p, _, counted in items])
            posted = stocktake.post_count(uow, info.number)
        except BoclerkError as exc:
            raise at_line(first, exc) from None
        changed += len(differ)
        said = ngettext("Stocktake {number} of {warehouse}: {n} difference", "Stocktake {number} of {warehouse}: {n} differences",
                        len(differ)).format(number=posted.number, warehouse=w.code, n=len(differ))
        notes.append(said + (_(", entry {entry}").format(entry=posted.entry) if posted.entry else "") + ".")
        if progress:
            progress(_("posting stocktakes"), changed + same, len(counts))
    return changed, same, notes
