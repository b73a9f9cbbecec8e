"""The stock book: moves, levels, reservations and moving-average valuation.

Every change of stock goes through a :class:`StockBatch`: it changes the levels with
conditional updates (``... WHERE on_hand - reserved >= :n``) and the product's cost
row, computes the value of each move at the moving average, and writes the immutable
move rows once the journal entry they belong to exists. CHECK constraints on the level
rows are the backstop. What the book shows is in :mod:`.queries`, its invariants in :mod:`.checks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from boclerk import quantity
from boclerk.db.dialect import insert_ignore
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.bounds import MAX_LEVEL, check_amount, check_qty
from boclerk.domain.catalog import Product, ProductKind, Warehouse
from boclerk.domain.permissions import Perm
from boclerk.domain.stock import (
    MoveKind,
    ProductCost,
    Reservation,
    StockLevel,
    StockMove,
)
from boclerk.errors import InvalidInput, Refused
from boclerk.i18n import N_, _
from boclerk.services import shown
from boclerk.money import line_total, round_half_up
from boclerk.services.catalog import units
from boclerk.services.catalog.products import product as find_product
from boclerk.services.catalog.products import warehouse as find_warehouse
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.rows import money_field

_LEVEL = StockLevel.__table__
_COST = ProductCost.__table__


def _short(uow: UnitOfWork, p: Product, w: Warehouse, wanted: int) -> Refused:
    row = uow.s.execute(
        select(_LEVEL.c.on_hand, _LEVEL.c.reserved)
        .where(_LEVEL.c.product_id == p.id, _LEVEL.c.warehouse_id == w.id)
    ).first()
    on_hand, reserved = (row.on_hand, row.reserved) if row else (0, 0)
    def q(n: int) -> str:
        return quantity.said(units.shown(uow, p, n))

    return Refused(
        _("Cannot take {wanted} of {sku} from {code}: {q} available ({on_hand} on hand, {reserved} "
            "reserved).").format(wanted=units.text(uow, p, wanted), sku=p.sku, code=w.code, q=q(on_hand - reserved), on_hand=q(on_hand), reserved=q(reserved))
    )


def _require_stocked(p: Product) -> None:
    if p.kind != ProductKind.GOODS.value:
        raise Refused(_("{sku} is a {kind}, which is not kept in stock.").format(sku=p.sku, kind=p.kind))


def lock_cost(uow: UnitOfWork, product_id: int) -> tuple[int, int]:
    """The product's (qty, value) across warehouses, locked until the unit ends."""
    insert_ignore(uow.s, _COST, {"product_id": product_id, "qty": 0, "value": 0}, ["product_id"])
    stmt = select(_COST.c.qty, _COST.c.value).where(_COST.c.product_id == product_id)
    if uow.db.dialect == "postgresql":
        stmt = stmt.with_for_update()
    row = uow.s.execute(stmt).one()
    return row.qty, row.value


def average_cost(uow: UnitOfWork, p: Product) -> Decimal | None:
    row = uow.s.execute(select(_COST.c.qty, _COST.c.value).where(_COST.c.product_id == p.id)).first()
    if row is None or row.qty == 0:
        return None
    return Decimal(row.value) / Decimal(row.qty)


class StockBatch:
    """Stock changes of one act. Apply changes, post the entry, then :meth:`write`."""

    def __init__(self, uow: UnitOfWork, *, move_date: date | None = None, source_kind: str = "",
                 source_ref: str = "") -> None:
        self.uow = uow
        self.move_date = move_date or uow.today
        self.source_kind = source_kind
        self.source_ref = source_ref
        self.moves: list[dict] = []

    def _queue(self, p: Product, w: Warehouse, qty: int, value: int, kind: MoveKind, *,
               reason: str = "", source_line: int | None = None) -> None:
        self.moves.append({
            "moved_at": self.uow.now, "move_date": self.move_date, "product_id": p.id,
            "warehouse_id": w.id, "qty": qty, "value": value, "kind": kind.value, "reason": reason[:200],
            "source_kind": self.source_kind, "source_ref": self.source_ref, "source_line": source_line,
            "actor": self.uow.actor_name,
        })

    def receive(self, p: Product, w: Warehouse, qty: int, value: int, kind: MoveKind, *,
                reason: str = "", source_line: int | None = None) -> int:
        """Stock in at a given total value (cost of the receipt)."""
        _require_stocked(p)
        if qty <= 0 or value < 0:
            raise InvalidInput(_("A receipt needs a positive quantity and a cost that is not negative."))
        check_qty(qty, p.sku, units.decimals(self.uow, p))
        check_amount(value, p.sku)
        lock_cost(self.uow, p.id)
        insert_ignore(self.uow.s, _LEVEL, {"product_id": p.id, "warehouse_id": w.id, "on_hand": 0, "reserved": 0},
                      ["product_id", "warehouse_id"])
        grown = self.uow.s.execute(
            update(_LEVEL).where(_LEVEL.c.product_id == p.id, _LEVEL.c.warehouse_id == w.id,
                                 _LEVEL.c.on_hand <= MAX_LEVEL - qty)
            .values(on_hand=_LEVEL.c.on_hand + qty)
        )
        if grown.rowcount != 1:
            raise Refused(_("{sku} in {code} would hold more than {most:,} {unit}; boclerk cannot count that much "
                "in one place.").format(sku=p.sku, code=w.code, most=units.shown(self.uow, p, MAX_LEVEL), unit=p.unit))
        self.uow.s.execute(
            update(_COST).where(_COST.c.product_id == p.id).values(qty=_COST.c.qty + qty, value=_COST.c.value + value)
        )
        self._queue(p, w, qty, value, kind, reason=reason, source_line=source_line)
        return value

    def issue(self, p: Product, w: Warehouse, qty: int, kind: MoveKind, *, from_reserved: int = 0,
              reason: str = "", source_line: int | None = None) -> int:
        """Stock out at the moving average; returns the value taken out of stock."""
        _require_stocked(p)
        if qty <= 0 or not 0 <= from_reserved <= qty:
            raise InvalidInput(_("An issue needs a positive quantity."))
        total_qty, total_value = lock_cost(self.uow, p.id)
        result = self.uow.s.execute(
            update(_LEVEL)
            .where(_LEVEL.c.product_id == p.id, _LEVEL.c.warehouse_id == w.id,
                   _LEVEL.c.reserved >= from_reserved,
                   _LEVEL.c.on_hand - qty >= _LEVEL.c.reserved - from_reserved)
            .values(on_hand=_LEVEL.c.on_hand - qty, reserved=_LEVEL.c.reserved - from_reserved)
        )
        if result.rowcount != 1:
            raise _short(self.uow, p, w, qty - from_reserved)
        value = total_value if qty == total_qty else round_half_up(Decimal(total_value) * qty / total_qty)
        self.uow.s.execute(
            update(_COST).where(_COST.c.product_id == p.id).values(qty=_COST.c.qty - qty, value=_COST.c.value - value)
        )
        self._queue(p, w, -qty, -value, kind, reason=reason, source_line=source_line)
        return value

    def transfer(self, p: Product, src: Warehouse, dst: Warehouse, qty: int, *, reason: str = "") -> int:
        """Move stock between warehouses at the moving average: total value unchanged."""
        _require_stocked(p)
        if src.id == dst.id:
            raise InvalidInput(_("A transfer needs two different warehouses."))
        value = self.issue(p, src, qty, MoveKind.TRANSFER_OUT, reason=reason)
        self.receive(p, dst, qty, value, MoveKind.TRANSFER_IN, reason=reason)
        return value

    def write(self, entry_id: int | None = None) -> int:
        """Insert the queued moves, linked to the journal entry that values them."""
        if not self.moves:
            return 0
        for move in self.moves:
            move["entry_id"] = entry_id
        self.uow.s.execute(insert(StockMove.__table__), self.moves)
        count = len(self.moves)
        self.moves = []
        return count


# -- reservations ---------------------------------------------------------------------

def reserve(uow: UnitOfWork, p: Product, w: Warehouse, qty: int, *, source_kind: str, source_ref: str,
            source_line: int) -> None:
    """Hold ``qty`` for a line of a source document; refused if not available."""
    _require_stocked(p)
    if qty <= 0:
        raise InvalidInput(_("A reservation needs a positive quantity."))
    existing = uow.s.scalars(select(Reservation).where(
        Reservation.source_ref == source_ref, Reservation.source_line == source_line, Reservation.active.is_(True)
    )).first()
    if existing is not None:
        raise Refused(_("Line {source_line} of {source_ref} already holds a reservation.").format(
            source_line=source_line, source_ref=source_ref))
    result = uow.s.execute(
        update(_LEVEL)
        .where(_LEVEL.c.product_id == p.id, _LEVEL.c.warehouse_id == w.id,
               _LEVEL.c.on_hand - _LEVEL.c.reserved >= qty)
        .values(reserved=_LEVEL.c.reserved + qty)
    )
    if result.rowcount != 1:
        raise _short(uow, p, w, qty)
    try:
        # Another unit may have reserved the same line since the check above (PostgreSQL,
        # READ COMMITTED): the unique index refuses the second one; say so in a sentence.
        with uow.s.begin_nested():
            uow.s.add(Reservation(product_id=p.id, warehouse_id=w.id, source_kind=source_kind,
                                  source_ref=source_ref, source_line=source_line, qty=qty, active=True,
                                  created_at=uow.now))
    except IntegrityError:
        raise Refused(_("Line {source_line} of {source_ref} already holds a reservation.").format(
            source_line=source_line, source_ref=source_ref)) from None


#: built once: every shipment asks it for each of its lines (building a statement costs more than running it)
_ACTIVE_RESERVATION = select(Reservation).where(
    Reservation.source_ref == bindparam("ref"), Reservation.source_line == bindparam("line"),
    Reservation.active.is_(True))


def active_reservation(uow: UnitOfWork, source_ref: str, source_line: int) -> Reservation | None:
    return uow.s.scalars(_ACTIVE_RESERVATION, {"ref": source_ref, "line": source_line}).first()


def consume_reservation(uow: UnitOfWork, res: Reservation, qty: int) -> None:
    """Reduce a reservation by what was just issued against it (the level is already updated)."""
    res.qty -= qty
    res.active = res.qty > 0
    uow.s.flush()


def release(uow: UnitOfWork, source_ref: str, source_line: int | None = None) -> int:
    """Release active reservations of a document (or one line); returns the quantity freed."""
    stmt = select(Reservation).where(Reservation.source_ref == source_ref, Reservation.active.is_(True))
    if source_line is not None:
        stmt = stmt.where(Reservation.source_line == source_line)
    freed = 0
    for res in uow.s.scalars(stmt.order_by(Reservation.product_id)).all():
        uow.s.execute(
            update(_LEVEL).where(_LEVEL.c.product_id == res.product_id, _LEVEL.c.warehouse_id == res.warehouse_id)
            .values(reserved=_LEVEL.c.reserved - res.qty)
        )
        freed += res.qty
        res.qty = 0
        res.active = False
    uow.s.flush()
    return freed


# -- acts ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class MoveResult:
    sku: str
    warehouse: str
    qty: Decimal  # in the product's unit
    value: int = money_field()
    entry: str | None = None


def _qty(uow: UnitOfWork, p: Product, stored_qty: int) -> str:
    """A quantity for a memo: its unit's symbol in the shop's language ("4 pcs", "4 шт")."""
    u = units.units(uow).get(p.unit)
    if u is None:
        return f"{units.shown(uow, p, stored_qty)} {p.unit}"
    return f"{units.shown(uow, p, stored_qty)} {u.symbol_ru if shown.language(uow) == 'ru' else u.symbol_en}"


def _post(uow: UnitOfWork, batch: StockBatch, memo: str, lines, source_kind: str) -> str | None:
    posted = ledger.post(uow, entry_date=batch.move_date, memo=memo, lines=lines,
                         source_kind=source_kind, source_ref=batch.source_ref)
    batch.write(posted.id if posted else None)
    return posted.number if posted else None


RECEIVE, FOUND, ADJUST = act("stock.receive"), act("stock.found"), act("stock.adjust")
WRITE_OFF, TRANSFER = act("stock.write_off"), act("stock.transfer")

def receive_stock(uow: UnitOfWork, sku: str, qty: int | Decimal, unit_cost: int, *, warehouse: str | None = None,
                  reason: str = "") -> MoveResult:
    """Goods in without a purchase order (to be billed later); ``qty`` in the product's unit."""
    uow.require(RECEIVE)
    if unit_cost < 0:
        raise InvalidInput(_("The unit cost cannot be negative."))
    p, w = find_product(uow, sku), find_warehouse(uow, warehouse)
    n = units.stored(uow, p, qty)
    batch = StockBatch(uow, source_kind="stock")
    value = batch.receive(p, w, n, line_total(n, unit_cost, 0, units.decimals(uow, p)), MoveKind.RECEIPT,
                          reason=reason)
    number = _post(uow, batch, shown.said(uow, N_("Receipt of {qty} {sku} into {warehouse}"), qty=_qty(uow, p, n), sku=p.sku,
                                                warehouse=w.code),
                   posting_rules.stock_receipt(value), "stock")
    uow.audit("stock.receive", "product", p.sku, after={"warehouse": w.code, "qty": units.shown(uow, p, n),
                                                        "value": value, "entry": number, "reason": reason})
    return MoveResult(p.sku, w.code, units.shown(uow, p, n), value, number)


def _adjustment_input(delta: int | Decimal, reason: str, write_off: bool) -> None:
    if isinstance(delta, bool) or not isinstance(delta, (int, Decimal)) or delta == 0:
        raise InvalidInput(_("The adjustment must be a non-zero quantity."))
    if not reason.strip():
        raise InvalidInput(_("Say why: an adjustment or write-off needs a reason."))
    if write_off and delta > 0:
        raise InvalidInput(_("A write-off takes stock out; give the quantity to write off."))


def check_move_input(uow: UnitOfWork, sku: str, qty: int | Decimal, *, warehouses: tuple[str | None, ...] = (None,),
                     reason: str | None = None, write_off: bool = False) -> None:
    """What a clerk typed for a manual move (receive, adjust, write off), checked as the act
    checks it before anyone is asked to go ahead; writes nothing. ``reason`` given: an adjustment
    (``qty`` signed). The product is the record the act is about (not found: 4); a warehouse code
    that names nothing is bad input here."""
    from boclerk.errors import NotFound

    uow.require(Perm.READ)
    if reason is not None:
        _adjustment_input(qty, reason, write_off)
    p = find_product(uow, sku)
    units.stored(uow, p, qty, allow_negative=reason is not None)
    for code in warehouses:
        try:
            find_warehouse(uow, code)
        except NotFound as exc:
            raise InvalidInput(exc.message) from None


def adjust_stock(uow: UnitOfWork, sku: str, delta: int | Decimal, *, reason: str, warehouse: str | None = None,
                 unit_cost: int | None = None, write_off: bool = False) -> MoveResult:
    """Correct stock by ``delta`` (found > 0, lost < 0; in the product's unit), or write it off, with a reason."""
    uow.require(WRITE_OFF if write_off else FOUND if delta > 0 else ADJUST)
    _adjustment_input(delta, reason, write_off)
    p, w = find_product(uow, sku), find_warehouse(uow, warehouse)
    delta = units.stored(uow, p, delta, allow_negative=True)
    batch = StockBatch(uow, source_kind="stock")
    kind = MoveKind.WRITE_OFF if write_off else MoveKind.ADJUSTMENT
    if delta > 0:
        if unit_cost is None:
            avg = average_cost(uow, p)
            if avg is None and not p.standard_cost:
                raise InvalidInput(_("{sku} has no cost yet; give the unit cost of the stock found.").format(sku=p.sku))
            value = (round_half_up(avg * delta) if avg is not None
                     else line_total(delta, p.standard_cost, 0, units.decimals(uow, p)))
        else:
            value = line_total(delta, unit_cost, 0, units.decimals(uow, p))
        batch.receive(p, w, delta, value, kind, reason=reason)
        lines = posting_rules.stock_gain(value)
    else:
        value = batch.issue(p, w, -delta, kind, reason=reason)
        lines = posting_rules.stock_loss(value)
    memo = N_("Write-off {qty} {sku} in {warehouse}: {reason}") if write_off else N_(
        "Adjustment {qty} {sku} in {warehouse}: {reason}")
    qty = ("+" if delta > 0 else "-") + _qty(uow, p, abs(delta))
    number = _post(uow, batch, shown.said(uow, memo, qty=qty, sku=p.sku, warehouse=w.code, reason=reason), lines, "stock")
    uow.audit("stock.write_off" if write_off else "stock.adjust", "product", p.sku,
              after={"warehouse": w.code, "qty": units.shown(uow, p, delta), "value": value, "entry": number,
                     "reason": reason})
    return MoveResult(p.sku, w.code, units.shown(uow, p, delta), value if delta > 0 else -value, number)


def transfer_stock(uow: UnitOfWork, sku: str, qty: int | Decimal, *, from_wh: str, to_wh: str,
                   reason: str = "") -> MoveResult:
    uow.require(TRANSFER)
    p = find_product(uow, sku)
    qty = units.stored(uow, p, qty)
    src, dst = find_warehouse(uow, from_wh), find_warehouse(uow, to_wh)
    if not dst.active:
        raise Refused(_("The warehouse {code} is closed.").format(code=dst.code))
    batch = StockBatch(uow, source_kind="stock")
    value = batch.transfer(p, src, dst, qty, reason=reason)
    batch.write()
    uow.audit("stock.transfer", "product", p.sku,
              after={"from": src.code, "to": dst.code, "qty": units.shown(uow, p, qty), "value": value,
                     "reason": reason})
    return MoveResult(p.sku, f"{src.code}->{dst.code}", units.shown(uow, p, qty), value, None)
