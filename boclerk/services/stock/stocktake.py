"""Stocktakes: open a count, enter what is on the shelves, review, post.

Posting compares each counted quantity with what is on hand at that moment and
writes one stock move per difference plus one journal entry for all gains and losses.
It works in bulk (a handful of statements whatever the number of lines), so a count of
tens of thousands of lines posts in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import bindparam, func, insert, select, update

from boclerk.db.dialect import insert_ignore_stmt
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import Act, act
from boclerk.domain.catalog import Barcode, Product, ProductKind, Warehouse
from boclerk.domain.permissions import Perm
from boclerk.domain.stock import (
    CountStatus,
    MoveKind,
    ProductCost,
    StockCount,
    StockCountLine,
    StockLevel,
    StockMove,
)
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import N_, _
from boclerk.services import shown
from boclerk.money import line_total, round_half_up
from boclerk.services.catalog import units
from boclerk.services.catalog.products import warehouse as find_warehouse
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.numbers import next_number
from boclerk.services.rows import money_field

_LEVEL = StockLevel.__table__
_COST = ProductCost.__table__
_LINE = StockCountLine.__table__


@dataclass(frozen=True)
class CountInfo:
    number: str
    warehouse: str
    category: str | None
    status: str
    lines: int
    counted: int
    entry: str | None = None


@dataclass(frozen=True)
class DiffRow:
    sku: str
    name: str
    expected: Decimal  # quantities in the product's unit
    on_hand: Decimal
    counted: Decimal | None
    difference: Decimal
    value: int = money_field()


OPEN, ENTER, POST = act("stock.stocktake"), act("stock.count_enter"), act("stock.count_post")
CANCEL = act("stock.count_cancel")

def _count(uow: UnitOfWork, number: str) -> StockCount:
    found = uow.s.scalars(select(StockCount).where(StockCount.number == number.strip().upper())).first()
    if found is None:
        raise NotFound(_("There is no stock count {number}.").format(number=number))
    return found


def count_state(uow: UnitOfWork, number: str) -> tuple[str, str]:
    c = _count(uow, number)
    return c.number, c.status


def _open_count(uow: UnitOfWork, number: str, act_: Act) -> StockCount:
    uow.require(act_)
    c = _count(uow, number)
    act_.check(c.number, c.status)
    return c


def _info(uow: UnitOfWork, c: StockCount) -> CountInfo:
    total, counted = uow.s.execute(
        select(func.count(), func.count(StockCountLine.counted)).where(StockCountLine.count_id == c.id)
    ).one()
    w = uow.s.get(Warehouse, c.warehouse_id)
    entry = None
    if c.entry_id:
        from boclerk.domain.ledger import JournalEntry

        entry = uow.s.get(JournalEntry, c.entry_id).number
    return CountInfo(c.number, w.code, c.category, c.status, total, counted, entry)


def open_count(uow: UnitOfWork, warehouse: str | None = None, *, category: str | None = None) -> CountInfo:
    """Start counting a warehouse (or one category in it): every active stocked product is a line."""
    uow.require(OPEN)
    w = find_warehouse(uow, warehouse)
    busy = uow.s.scalars(select(StockCount.number).where(
        StockCount.warehouse_id == w.id, StockCount.status == CountStatus.OPEN.value)).first()
    if busy:
        raise Refused(_("{code} already has an open count, {busy}; post or cancel it first.").format(
            code=w.code, busy=busy))
    products = select(Product.id).where(Product.kind == ProductKind.GOODS.value, Product.active.is_(True))
    if category:
        products = products.where(Product.category == category)
    ids = list(uow.s.scalars(products))
    if not ids:
        raise Refused(_("There are no stocked products in {category} to count.").format(category=category) if category
                      else _("There are no stocked products to count."))
    c = StockCount(number=next_number(uow, "CNT", uow.today.year), warehouse_id=w.id, category=category,
                   status=CountStatus.OPEN.value, opened_at=uow.now, opened_by=uow.actor_name)
    uow.s.add(c)
    uow.s.flush()
    on_hand = dict(uow.s.execute(
        select(_LEVEL.c.product_id, _LEVEL.c.on_hand).where(_LEVEL.c.warehouse_id == w.id)).all())
    uow.s.execute(insert(_LINE), [
        {"count_id": c.id, "product_id": pid, "expected": on_hand.get(pid, 0), "counted": None} for pid in ids
    ])
    uow.audit("count.open", "count", c.number, after={"warehouse": w.code, "category": category, "lines": len(ids)})
    return _info(uow, c)


def _resolve_codes(uow: UnitOfWork, codes: Iterable[str]) -> dict[str, Product]:
    codes = {c.strip() for c in codes}
    found: dict[str, Product] = {}
    wanted = list(codes)
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        for p in uow.s.scalars(select(Product).where(Product.sku.in_(chunk))):
            found[p.sku] = p
        for code, p in uow.s.execute(
            select(Barcode.code, Product).join(Product, Product.id == Barcode.product_id).where(Barcode.code.in_(chunk))
        ):
            found.setdefault(code, p)
    # like the catalog's lookup: a SKU typed in another case still names its product
    rest: dict[str, list[str]] = {}
    for code in codes - set(found):
        rest.setdefault(code.lower(), []).append(code)
    lowered = list(rest)
    for i in range(0, len(lowered), 500):
        for p in uow.s.scalars(select(Product).where(func.lower(Product.sku).in_(lowered[i:i + 500]))):
            for code in rest.get(p.sku.lower(), []):
                found[code] = p
    missing = sorted(codes - set(found))
    if missing:
        raise NotFound(_("Unknown SKU or barcode: {codes}{more}.").format(
            codes=', '.join(missing[:10]), more=' ...' if len(missing) > 10 else ''))
    return found


def enter_counts(uow: UnitOfWork, number: str, counts: Sequence[tuple[str, int | Decimal]], *,
                 add: bool = False) -> CountInfo:
    """Record counted quantities by SKU or barcode. With ``add``, each entry adds to the line
    (a scanner beeping once per item); otherwise the last entry for a product wins."""
    c = _open_count(uow, number, ENTER)
    if not counts:
        raise InvalidInput(_("No counted quantities given."))
    for code, qty in counts:
        if isinstance(qty, bool) or not isinstance(qty, (int, Decimal)) or qty < 0:
            raise InvalidInput(_("{code}: a counted quantity is 0 or more.").format(code=code))
    products = _resolve_codes(uow, [code for code, __ in counts])
    for p in {p.id: p for p in products.values()}.values():
        if p.kind != ProductKind.GOODS.value:
            raise Refused(_("{sku} is a {kind}, which is not kept in stock.").format(sku=p.sku, kind=p.kind))
    totals: dict[int, int] = {}
    for code, qty in counts:
        p = products[code.strip()]
        n = units.stored(uow, p, qty, what=code.strip(), allow_zero=True)
        totals[p.id] = totals.get(p.id, 0) + n if add else n
    existing = dict(uow.s.execute(
        select(_LINE.c.product_id, _LINE.c.counted).where(_LINE.c.count_id == c.id,
                                                          _LINE.c.product_id.in_(list(totals)))).all())
    new_lines = [pid for pid in totals if pid not in existing]
    if new_lines:
        on_hand = dict(uow.s.execute(select(_LEVEL.c.product_id, _LEVEL.c.on_hand).where(
            _LEVEL.c.warehouse_id == c.warehouse_id, _LEVEL.c.product_id.in_(new_lines))).all())
        uow.s.execute(insert(_LINE), [{"count_id": c.id, "product_id": pid, "expected": on_hand.get(pid, 0),
                                       "counted": None} for pid in new_lines])
    values = [{"cid": c.id, "pid": pid,
               "qty": qty + ((existing.get(pid) or 0) if add else 0)} for pid, qty in totals.items()]
    uow.s.execute(
        update(_LINE).where(_LINE.c.count_id == bindparam("cid"), _LINE.c.product_id == bindparam("pid"))
        .values(counted=bindparam("qty")), values)
    uow.audit("count.enter", "count", c.number, after={"entries": len(counts), "products": len(totals)})
    return _info(uow, c)


def _diff(uow: UnitOfWork, c: StockCount, *, lock: bool = False) -> list[tuple]:
    """(product, counted, on_hand, reserved, cost qty, cost value) for every counted line."""
    stmt = (
        select(Product, _LINE.c.expected, _LINE.c.counted,
               func.coalesce(_LEVEL.c.on_hand, 0), func.coalesce(_LEVEL.c.reserved, 0),
               func.coalesce(_COST.c.qty, 0), func.coalesce(_COST.c.value, 0))
        .select_from(_LINE)
        .join(Product, Product.id == _LINE.c.product_id)
        .outerjoin(_LEVEL, (_LEVEL.c.product_id == _LINE.c.product_id) & (_LEVEL.c.warehouse_id == c.warehouse_id))
        .outerjoin(_COST, _COST.c.product_id == _LINE.c.product_id)
        .where(_LINE.c.count_id == c.id).order_by(Product.sku)
    )
    if lock and uow.db.dialect == "postgresql":
        # PostgreSQL cannot lock the nullable side of an outer join: lock the rows that
        # exist first (cost rows before levels, the order the stock book takes them),
        # then read; at READ COMMITTED the read sees what the lock waited for.
        ids = select(_LINE.c.product_id).where(_LINE.c.count_id == c.id).scalar_subquery()
        uow.s.execute(select(_COST.c.product_id).where(_COST.c.product_id.in_(ids))
                      .order_by(_COST.c.product_id).with_for_update())
        uow.s.execute(select(_LEVEL.c.product_id)
                      .where(_LEVEL.c.warehouse_id == c.warehouse_id, _LEVEL.c.product_id.in_(ids))
                      .order_by(_LEVEL.c.product_id).with_for_update())
    return list(uow.s.execute(stmt).all())


def _gain_value(uow: UnitOfWork, p: Product, qty: int, cost_qty: int, cost_value: int) -> int:
    if cost_qty > 0:
        return round_half_up(Decimal(cost_value) * qty / cost_qty)
    return line_total(qty, p.standard_cost, 0, units.decimals(uow, p))


def differences(uow: UnitOfWork, number: str, *, all_lines: bool = False) -> list[DiffRow]:
    """Counted against on hand now; only the lines that differ unless ``all_lines``."""
    uow.require(Perm.READ)
    c = _count(uow, number)
    out = []
    for p, expected, counted, on_hand, _reserved, cqty, cval in _diff(uow, c):
        diff = 0 if counted is None else counted - on_hand
        if not all_lines and diff == 0:
            continue
        if diff > 0:
            value = _gain_value(uow, p, diff, cqty, cval)
        elif diff < 0:
            value = -(cval if -diff == cqty else round_half_up(Decimal(cval) * -diff / cqty)) if cqty else 0
        else:
            value = 0

        def q(n: int) -> Decimal:
            return units.shown(uow, p, n)

        out.append(DiffRow(p.sku, p.name, q(expected), q(on_hand), None if counted is None else q(counted), q(diff),
                           value))
    return out


def post_count(uow: UnitOfWork, number: str) -> CountInfo:
    """Turn the differences into stock moves and one journal entry."""
    c = _open_count(uow, number, POST)
    w = uow.s.get(Warehouse, c.warehouse_id)
    ledger.check_open_period(uow, uow.today)
    rows = _diff(uow, c, lock=True)
    blocked = [(p, counted, reserved) for p, __, counted, __, reserved, __, __ in rows
               if counted is not None and counted < reserved]
    if blocked:
        bp, counted, reserved = blocked[0]
        raise Refused(_("{sku}: counted {counted} but {reserved} are reserved in {code}; release or ship those "
            "reservations first.").format(sku=bp.sku, counted=units.shown(uow, bp, counted), reserved=units.shown(uow, bp, reserved), code=w.code))
    level_rows, cost_rows, moves = [], [], []
    gain = loss = 0
    for p, _expected, counted, on_hand, _reserved, cqty, cval in rows:
        if counted is None or counted == on_hand:
            continue
        diff = counted - on_hand
        if diff > 0:
            value = _gain_value(uow, p, diff, cqty, cval)
            gain += value
            kind = MoveKind.COUNT_GAIN
        else:
            value = -(cval if -diff == cqty else round_half_up(Decimal(cval) * -diff / cqty))
            loss -= value
            kind = MoveKind.COUNT_LOSS
        level_rows.append({"pid": p.id, "old": on_hand, "new": counted})
        cost_rows.append({"pid": p.id, "dq": diff, "dv": value})
        moves.append({
            "moved_at": uow.now, "move_date": uow.today, "product_id": p.id, "warehouse_id": w.id, "qty": diff,
            "value": value, "kind": kind.value, "reason": f"stocktake {c.number}", "source_kind": "count",
            "source_ref": c.number, "source_line": None, "actor": uow.actor_name,
        })
    if level_rows:
        s = uow.s
        s.execute(insert_ignore_stmt(uow.s, _LEVEL, ["product_id", "warehouse_id"]),
                  [{"product_id": r["pid"], "warehouse_id": w.id, "on_hand": 0, "reserved": 0} for r in level_rows])
        s.execute(insert_ignore_stmt(uow.s, _COST, ["product_id"]),
                  [{"product_id": r["pid"], "qty": 0, "value": 0} for r in level_rows])
        result = s.execute(
            update(_LEVEL).where(_LEVEL.c.product_id == bindparam("pid"), _LEVEL.c.warehouse_id == w.id,
                                 _LEVEL.c.on_hand == bindparam("old")).values(on_hand=bindparam("new")),
            level_rows)
        if result.rowcount not in (-1, len(level_rows)):
            raise Refused(_("Stock in {code} changed while {number} was being posted; try again.").format(
                code=w.code, number=c.number))
        s.execute(
            update(_COST).where(_COST.c.product_id == bindparam("pid"))
            .values(qty=_COST.c.qty + bindparam("dq"), value=_COST.c.value + bindparam("dv")),
            cost_rows)
    posted = ledger.post(uow, entry_date=uow.today, memo=shown.said(uow, N_("Stocktake {number} of {warehouse}"), number=c.number, warehouse=w.code),
                         lines=posting_rules.stocktake_difference(gain, loss), source_kind="count",
                         source_ref=c.number)
    if moves:
        for m in moves:
            m["entry_id"] = posted.id if posted else None
        uow.s.execute(insert(StockMove.__table__), moves)
    c.status = CountStatus.POSTED.value
    c.posted_at = uow.now
    c.entry_id = posted.id if posted else None
    uow.s.flush()
    uow.audit("count.post", "count", c.number, after={
        "differences": len(moves), "gain": gain, "loss": loss, "entry": posted.number if posted else None})
    return _info(uow, c)


def cancel_count(uow: UnitOfWork, number: str) -> CountInfo:
    c = _open_count(uow, number, CANCEL)
    c.status = CountStatus.CANCELLED.value
    uow.s.flush()
    uow.audit("count.cancel", "count", c.number, before={"status": "open"}, after={"status": "cancelled"})
    return _info(uow, c)


def count_info(uow: UnitOfWork, number: str) -> CountInfo:
    uow.require(Perm.READ)
    return _info(uow, _count(uow, number))
