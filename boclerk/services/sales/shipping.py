"""Goods leaving and coming back: ship (whole or in part), deliver, return.

Like every act of :mod:`.orders`, each is one unit of work: it locks the order, checks its
state, moves stock through the stock book, posts revenue, VAT and cost of sales (or their
reversal) through the posting rules, and writes the audit event. Run through ``db.run`` on
SQLite, each is planned outside the write lock first (:mod:`.ship_plan`, :mod:`.later_plans`,
:mod:`.return_plan`); the checks they share with their plans are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from boclerk.db.phases import two_phase
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, ProductKind, Warehouse
from boclerk.domain.sales import OrderLine, OrderStatus, SalesOrder, Shipment, ShipmentLine
from boclerk.domain.stock import MoveKind
from boclerk.errors import InvalidInput, Refused
from boclerk.i18n import N_, _
from boclerk.money import round_half_up
from boclerk.services.catalog.units import shown as qty_shown
from boclerk.services.catalog.units import stored as stored_qty
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.ledger.vat import sale_rate
from boclerk.services.sales import memos
from boclerk.services.sales.orders import (
    DELIVER,
    RETURN,
    SHIP,
    ActResult,
    audit_act,
    available_in,
    money_text,
    order_by_number,
    order_lines,
    refund_paid,
)
from boclerk.services.sales.pricing import return_share, vat_share
from boclerk.services.stock import book as stock


def _pick(uow: UnitOfWork, lines: list[tuple[OrderLine, Product]], wanted: Sequence[tuple[str, int | Decimal]],
          room, what: str, number: str) -> dict[int, int]:
    """Spread requested SKU quantities (in units) over the order's lines: {line id: stored qty}."""
    picked: dict[int, int] = {}
    for code, units_qty in wanted:
        code_n = code.strip().lower()
        matching = [(ln, p) for ln, p in lines if code_n == p.sku.lower()]
        if not matching:  # a SKU typed that the order does not have: bad input, said before any question
            raise InvalidInput(_("{number} has no line for {code}.").format(number=number, code=code))
        qty = stored_qty(uow, matching[0][1], units_qty, what=code)
        left = qty
        for ln, __ in matching:
            free = room(ln) - picked.get(ln.id, 0)
            take = min(free, left)
            if take > 0:
                picked[ln.id] = picked.get(ln.id, 0) + take
                left -= take
        if left:
            total_room = sum(room(ln) for ln, __ in matching)
            p = matching[0][1]
            raise Refused(_("{number}: only {room} of {sku} left to {what}, not {qty}.").format(
                number=number, room=qty_shown(uow, p, total_room), sku=p.sku, what=_(what), qty=qty_shown(uow, p, qty)))
    return picked


def by_sku(parts) -> dict[str, int]:
    """Quantities of (sku, qty) parts summed by SKU, for the audit trail: one product on two lines is
    one entry with both lines' quantities."""
    totals: dict[str, int] = {}
    for sku, qty in parts:
        totals[sku] = totals.get(sku, 0) + qty
    return totals


def shipping(uow: UnitOfWork, number: str, lines: Sequence[tuple[str, int | Decimal]] | None = None, *,
             lock: bool = True):
    """Every check of shipping ``number``, nothing written (the one-phase act and its plan share
    it): the order, its lines with their products, and the quantity to ship by line id."""
    uow.require(SHIP)
    o = order_by_number(uow, number, lock=lock)
    SHIP.check(o.number, o.status)
    all_lines = order_lines(uow, o)
    if lines:
        picked = _pick(uow, all_lines, lines, lambda ln: ln.qty - ln.qty_shipped, N_("ship"), o.number)
    else:
        picked = {ln.id: ln.qty - ln.qty_shipped for ln, __ in all_lines if ln.qty > ln.qty_shipped}
    if not picked:
        raise Refused(_("{number} has nothing left to ship.").format(number=o.number))
    return o, all_lines, picked


def check_shipping(uow: UnitOfWork, number: str, lines: Sequence[tuple[str, int | Decimal]] | None = None) -> None:
    """Shipping ``number`` (whole, or the SKU quantities typed) checked as the act checks it, in a
    read unit before anyone is asked to go ahead; writes nothing. A SKU the order has no line for
    is bad input."""
    shipping(uow, number, lines, lock=False)


def ship_order(uow: UnitOfWork, number: str, lines: Sequence[tuple[str, int | Decimal]] | None = None) -> ActResult:
    """Issue stock (whole order, or chosen SKU quantities), post revenue, VAT and cost of sales."""
    o, all_lines, picked = shipping(uow, number, lines)
    first = all(ln.qty_shipped == 0 for ln, __ in all_lines)
    if first:  # charged services (delivery) go with the first shipment
        for ln, p in all_lines:
            if p.kind == ProductKind.SERVICE.value and ln.qty_shipped < ln.qty:
                picked[ln.id] = ln.qty - ln.qty_shipped
    w = uow.s.get(Warehouse, o.warehouse_id)
    batch = stock.StockBatch(uow, source_kind="order", source_ref=o.number)
    shortfalls = []
    ship = Shipment(order_id=o.id, kind="ship", day=uow.today, created_by=uow.actor_name)
    uow.s.add(ship)
    uow.s.flush()
    net = vat = cost = 0
    for ln, p in sorted(all_lines, key=lambda lp: lp[1].id):
        qty = picked.get(ln.id, 0)
        if not qty:
            continue
        line_cost = 0
        if p.kind == ProductKind.GOODS.value:
            res = stock.active_reservation(uow, o.number, ln.line_no)
            from_res = min(res.qty, qty) if res else 0
            try:
                line_cost = batch.issue(p, w, qty, MoveKind.SHIPMENT, from_reserved=from_res, source_line=ln.line_no)
            except Refused:
                free = max(available_in(uow, w, [p.id]).get(p.id, 0), 0)
                shortfalls.append(_("{sku} needs {qty} more than is reserved and available").format(
                    sku=p.sku, qty=qty_shown(uow, p, qty - from_res - free)))
                continue
            if res and from_res:
                stock.consume_reservation(uow, res, from_res)
        rate = sale_rate(uow, p, ship.day)  # the law of the shipment's day, written on its line
        ln_net, ln_vat = vat_share(ln, p, ln.qty_shipped + qty, ln.qty_shipped, rate)
        uow.s.add(ShipmentLine(shipment_id=ship.id, order_line_id=ln.id, qty=qty, vat_rate=rate, net=ln_net,
                               vat=ln_vat, cost=line_cost))
        ln.qty_shipped += qty
        ln.cost_shipped += line_cost
        net, vat, cost = net + ln_net, vat + ln_vat, cost + line_cost
    if shortfalls:
        raise Refused(_("Cannot ship {number} from {code}: {shortfalls}.").format(
            number=o.number, code=w.code, shortfalls='; '.join(shortfalls)))
    lines_ = posting_rules.sale_shipment(net=net, vat=vat, cost=cost, from_advances=o.paid - o.invoiced)
    staged = ledger.stage(uow, entry_date=uow.today, memo=memos.shipment(uow, o.number), lines=lines_,
                          source_kind="order", source_ref=o.number)
    batch.write(staged.id if staged else None)
    ship.net, ship.vat, ship.cost = net, vat, cost
    ship.entry_id = staged.id if staged else None
    o.invoiced += net + vat
    before = o.status
    o.status = (OrderStatus.SHIPPED if all(ln.qty_shipped == ln.qty for ln, __ in all_lines)
                else OrderStatus.PARTIALLY_SHIPPED).value
    o.shipped_on = uow.today
    if o.status == OrderStatus.SHIPPED.value:
        o.backorder = False
    uow.s.flush()
    posted = ledger.finish(uow, staged) if staged else None  # last: the rows every posting writer shares
    audit_act(uow, "ship", o, before, lines=by_sku((p.sku, picked[ln.id]) for ln, p in all_lines if ln.id in picked),
           value=money_text(uow, net + vat), entry=posted.number if posted else None)
    return ActResult(o.number, o.status, posted.number if posted else None)


two_phase(ship_order, "boclerk.services.sales.ship_plan:ship")  # planned outside the write lock when run


def deliver_order(uow: UnitOfWork, number: str) -> ActResult:
    uow.require(DELIVER)
    o = order_by_number(uow, number, lock=True)
    DELIVER.check(o.number, o.status)
    o.status = OrderStatus.DELIVERED.value
    uow.s.flush()
    audit_act(uow, "deliver", o, OrderStatus.SHIPPED.value)
    return ActResult(o.number, o.status)


two_phase(deliver_order, "boclerk.services.sales.later_plans:deliver")  # planned outside the write lock when run


# -- return ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReturnLine:
    """One order line's part of a return: the quantity, the VAT rate, net and VAT its shipments
    charged for it, and the cost the shipments took out of stock for it."""

    line: OrderLine
    product: Product
    qty: int
    rate: int | None
    net: int
    vat: int
    cost: int


def returning(uow: UnitOfWork, number: str, lines: Sequence[tuple[str, int | Decimal]], *, lock: bool = True
              ) -> tuple[SalesOrder, list[ReturnLine]]:
    """Every check and figure of returning ``lines`` of ``number``, nothing written (the one-phase
    act and its plan share it): the order, and what comes back by line, in line order."""
    uow.require(RETURN)
    o = order_by_number(uow, number, lock=lock)
    RETURN.check(o.number, o.status)
    if not lines:
        raise InvalidInput(_("Say what comes back: SKU:QTY."))
    all_lines = order_lines(uow, o)
    picked = _pick(uow, all_lines, lines, lambda ln: ln.qty_shipped - ln.qty_returned, N_("return"), o.number)
    back = []
    for ln, p in all_lines:
        qty = picked.get(ln.id, 0)
        if not qty:
            continue
        rate, ln_net, ln_vat = return_share(uow, ln, qty)
        ln_cost = 0
        if p.kind == ProductKind.GOODS.value:
            # the cost of the units still out (shipped, not yet returned), so that returning
            # everything reverses exactly what the shipments took out of stock
            out_qty, out_cost = ln.qty_shipped - ln.qty_returned, ln.cost_shipped - ln.cost_returned
            ln_cost = out_cost if qty == out_qty else round_half_up(Decimal(out_cost) * qty / out_qty)
        back.append(ReturnLine(ln, p, qty, rate, ln_net, ln_vat, ln_cost))
    return o, back


def check_returning(uow: UnitOfWork, number: str, lines: Sequence[tuple[str, int | Decimal]]) -> None:
    """A return of ``lines`` checked as the act checks it, in a read unit before anyone is asked
    to go ahead; writes nothing. A SKU the order has no line for is bad input."""
    returning(uow, number, lines, lock=False)


def return_order(uow: UnitOfWork, number: str, lines: Sequence[tuple[str, int | Decimal]], *, damaged: bool = False,
                 refund: bool = True, refund_method: str | None = None) -> ActResult:
    """Shipped goods come back: into stock at their cost (or written off as damaged),
    revenue and VAT reversed, and what the customer had paid for them refunded."""
    o, back = returning(uow, number, lines)
    w = uow.s.get(Warehouse, o.warehouse_id)
    batch = stock.StockBatch(uow, source_kind="order", source_ref=o.number)
    ret = Shipment(order_id=o.id, kind="return", day=uow.today, damaged=damaged, created_by=uow.actor_name)
    uow.s.add(ret)
    uow.s.flush()
    net = vat = cost = 0
    for r in back:
        ln = r.line
        if r.product.kind == ProductKind.GOODS.value and not damaged:
            batch.receive(r.product, w, r.qty, r.cost, MoveKind.CUSTOMER_RETURN, source_line=ln.line_no)
        uow.s.add(ShipmentLine(shipment_id=ret.id, order_line_id=ln.id, qty=r.qty, vat_rate=r.rate, net=r.net,
                               vat=r.vat, cost=r.cost))
        ln.qty_returned += r.qty
        ln.cost_returned += r.cost
        net, vat, cost = net + r.net, vat + r.vat, cost + r.cost
    rule = posting_rules.sale_return(net=net, vat=vat, cost_back=0 if damaged else cost,
                                     damaged_cost=cost if damaged else 0, to_receivable=o.invoiced - o.paid)
    staged = ledger.stage(uow, entry_date=uow.today, memo=memos.goods_back(uow, o.number, damaged), lines=rule,
                          source_kind="order", source_ref=o.number)
    batch.write(staged.id if staged else None)
    ret.net, ret.vat, ret.cost = net, vat, cost
    ret.entry_id = staged.id if staged else None
    o.invoiced -= net + vat
    uow.s.flush()
    posted = ledger.finish(uow, staged) if staged else None  # last: the rows every posting writer shares
    refund_entry = refund_paid(uow, o, net + vat, refund_method) if refund else None
    audit_act(uow, "return", o, o.status, lines=by_sku((r.product.sku, r.qty) for r in back),
           damaged=damaged, value=money_text(uow, net + vat), entry=posted.number if posted else None,
           refund_entry=refund_entry)
    return ActResult(o.number, o.status, posted.number if posted else None, refund_entry)


two_phase(return_order, "boclerk.services.sales.return_plan:return")  # planned outside the write lock when run
