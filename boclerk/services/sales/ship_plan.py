"""Shipping in two phases (:func:`boclerk.db.uow.two_phase`): the plan outside the write lock, a
short apply inside it. The rules are those of :func:`.shipping.ship_order`, which is also what
runs when an order keeps changing under its plan.

:func:`prepare_ship` reads the order, its lines, reservations, stock levels and costs and the
VAT rates, checks what ``ship_order`` checks (with the same sentences) and computes every row:
the shipment and its lines, the stock moves at the moving average, the order lines' shipped
quantities, the entry. :func:`apply_ship` writes them with a few Core statements, each change
of a row shared with other acts made conditional on what the plan saw (the order's version
and status, each product's cost row, each reservation) or on the rule itself (stock on hand).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, insert, select, update

from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import ProductKind, Warehouse
from boclerk.domain.sales import OrderLine, OrderStatus, SalesOrder, Shipment, ShipmentLine
from boclerk.domain.stock import MoveKind, ProductCost, Reservation, StockLevel, StockMove
from boclerk.errors import Refused
from boclerk.i18n import _
from boclerk.money import round_half_up
from boclerk.services.catalog.units import shown as qty_shown
from boclerk.services.ledger import posting_rules
from boclerk.services.ledger.planned import EntryPlan, finish_planned, plan_entry, recheck_entry, stage_planned
from boclerk.services.ledger.vat import sale_rate
from boclerk.services.sales import memos
from boclerk.services.sales.orders import SHIP, ActResult, money_text
from boclerk.services.sales.plans import (
    OrderSeen,
    move_order,
    one_row,
    order_seen,
    products_seen,
    rates_seen,
    recheck_day,
    recheck_products,
    recheck_rates,
)
from boclerk.services.sales.pricing import vat_share
from boclerk.services.stock import book as stock

_LEVEL, _COST, _RES = StockLevel.__table__, ProductCost.__table__, Reservation.__table__
_LINE, _ORDER = OrderLine.__table__, SalesOrder.__table__
#: Built once: applying a plan compiles nothing.
_ISSUE = update(_LEVEL).where(
    _LEVEL.c.product_id == bindparam("pid"), _LEVEL.c.warehouse_id == bindparam("wid"),
    _LEVEL.c.reserved >= bindparam("r"), _LEVEL.c.on_hand - bindparam("q") >= _LEVEL.c.reserved - bindparam("r"),
).values(on_hand=_LEVEL.c.on_hand - bindparam("q"), reserved=_LEVEL.c.reserved - bindparam("r"))
_LEVEL_OF = select(_LEVEL.c.on_hand, _LEVEL.c.reserved).where(
    _LEVEL.c.product_id == bindparam("pid"), _LEVEL.c.warehouse_id == bindparam("wid"))
_COST_OF = select(_COST.c.qty, _COST.c.value).where(_COST.c.product_id == bindparam("pid"))
_COST_OUT = update(_COST).where(
    _COST.c.product_id == bindparam("pid"), _COST.c.qty == bindparam("was_qty"), _COST.c.value == bindparam("was_value"),
).values(qty=bindparam("new_qty"), value=bindparam("new_value"))
_CONSUME = update(_RES).where(_RES.c.id == bindparam("rid"), _RES.c.qty == bindparam("was"),
                              _RES.c.active.is_(True)).values(qty=bindparam("new"), active=bindparam("still"))
_SHIPPED = update(_LINE).where(_LINE.c.id == bindparam("lid")).values(
    qty_shipped=bindparam("qs"), cost_shipped=bindparam("cs"))
_INSERT_SHIPMENT, _INSERT_SHIPMENT_LINES = insert(Shipment.__table__), insert(ShipmentLine.__table__)
_INSERT_MOVES = insert(StockMove.__table__)


@dataclass
class ShipPlan:
    order: OrderSeen
    day: date
    warehouse_id: int
    status: str  # the order's status after shipping
    gross: int
    net: int
    vat: int
    cost: int
    entry: EntryPlan | None
    products: tuple
    rates: tuple
    audit_lines: dict[str, int]
    audit_value: str = ""
    #: product id -> (qty out, of it from reservations)
    levels: dict[int, list[int]] = field(default_factory=dict)
    #: product id -> (qty, value) seen, (qty, value) after
    costs: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)
    #: (reservation id, qty seen, qty after)
    reservations: list[tuple[int, int, int]] = field(default_factory=list)
    shipment_lines: list[dict] = field(default_factory=list)
    moves: list[dict] = field(default_factory=list)
    line_updates: list[dict] = field(default_factory=list)


def prepare_ship(uow: UnitOfWork, number: str, lines=None) -> ShipPlan | None:
    """Every read and check of ``ship_order``, nothing written: the plan (None: ship in one phase)."""
    from boclerk.services.sales.shipping import by_sku, shipping

    o, all_lines, picked = shipping(uow, number, lines)
    if all(ln.qty_shipped == 0 for ln, __ in all_lines):  # charged services (delivery) go with the first shipment
        for ln, p in all_lines:
            if p.kind == ProductKind.SERVICE.value and ln.qty_shipped < ln.qty:
                picked[ln.id] = ln.qty - ln.qty_shipped
    if o.warehouse_id is None:
        return None
    w = uow.s.get(Warehouse, o.warehouse_id)
    day = uow.today
    plan = ShipPlan(order=order_seen(o), day=day, warehouse_id=w.id, status="", gross=0, net=0, vat=0, cost=0,
                    entry=None, products=products_seen(uow, [p for __, p in all_lines]), rates=rates_seen(uow),
                    audit_lines=by_sku((p.sku, picked[ln.id]) for ln, p in all_lines if ln.id in picked))
    levels: dict[int, list[int] | None] = {}
    shortfalls = []
    net = vat = cost = 0
    for ln, p in sorted(all_lines, key=lambda lp: lp[1].id):
        qty = picked.get(ln.id, 0)
        if not qty:
            continue
        line_cost = 0
        if p.kind == ProductKind.GOODS.value:
            res = stock.active_reservation(uow, o.number, ln.line_no)
            from_res = min(res.qty, qty) if res else 0
            if p.id not in levels:
                row = uow.s.execute(_LEVEL_OF, {"pid": p.id, "wid": w.id}).first()
                levels[p.id] = [row.on_hand, row.reserved] if row else None
            level = levels[p.id]
            if level is None or not (level[1] >= from_res and level[0] - qty >= level[1] - from_res):
                free = max(level[0] - level[1], 0) if level else 0
                shortfalls.append(_("{sku} needs {qty} more than is reserved and available").format(
                    sku=p.sku, qty=qty_shown(uow, p, qty - from_res - free)))
                continue
            if p.id not in plan.costs:
                row = uow.s.execute(_COST_OF, {"pid": p.id}).first()
                if row is None or row.qty < qty:
                    return None  # a cost row out of step with the levels: leave it to the one-phase act
                plan.costs[p.id] = ([row.qty, row.value], [row.qty, row.value])
            after = plan.costs[p.id][1]
            if after[0] < qty:
                return None
            line_cost = after[1] if qty == after[0] else round_half_up(Decimal(after[1]) * qty / after[0])
            after[0], after[1] = after[0] - qty, after[1] - line_cost
            level[0], level[1] = level[0] - qty, level[1] - from_res
            out = plan.levels.setdefault(p.id, [0, 0])
            out[0], out[1] = out[0] + qty, out[1] + from_res
            plan.moves.append({"product_id": p.id, "warehouse_id": w.id, "qty": -qty, "value": -line_cost,
                               "kind": MoveKind.SHIPMENT.value, "reason": "", "source_line": ln.line_no})
            if res and from_res:
                plan.reservations.append((res.id, res.qty, res.qty - from_res))
        rate = sale_rate(uow, p, day)  # the law of the shipment's day, written on its line
        ln_net, ln_vat = vat_share(ln, p, ln.qty_shipped + qty, ln.qty_shipped, rate)
        plan.shipment_lines.append({"order_line_id": ln.id, "qty": qty, "vat_rate": rate, "net": ln_net,
                                    "vat": ln_vat, "cost": line_cost})
        plan.line_updates.append({"lid": ln.id, "qs": ln.qty_shipped + qty, "cs": ln.cost_shipped + line_cost})
        net, vat, cost = net + ln_net, vat + ln_vat, cost + line_cost
    if shortfalls:
        raise Refused(_("Cannot ship {number} from {code}: {shortfalls}.").format(
            number=o.number, code=w.code, shortfalls='; '.join(shortfalls)))
    plan.net, plan.vat, plan.cost, plan.gross = net, vat, cost, net + vat
    plan.entry = plan_entry(uow, entry_date=day, memo=memos.shipment(uow, o.number),
                            lines=posting_rules.sale_shipment(net=net, vat=vat, cost=cost,
                                                              from_advances=o.paid - o.invoiced),
                            source_kind="order", source_ref=o.number)
    shipped = {u["lid"]: u["qs"] for u in plan.line_updates}
    plan.status = (OrderStatus.SHIPPED if all(shipped.get(ln.id, ln.qty_shipped) == ln.qty for ln, __ in all_lines)
                   else OrderStatus.PARTIALLY_SHIPPED).value
    plan.audit_value = money_text(uow, net + vat)
    return plan


def write_costs(uow: UnitOfWork, costs: dict[int, tuple[list[int], list[int]]]) -> None:
    """Each product's cost row to its value after the plan, if it is still what the plan saw."""
    for pid, (was, after) in sorted(costs.items()):
        one_row(uow, _COST_OUT, {"pid": pid, "was_qty": was[0], "was_value": was[1],
                                 "new_qty": after[0], "new_value": after[1]})


def insert_moves(uow: UnitOfWork, moves: list[dict], day: date, number: str, entry_id: int | None) -> None:
    """The planned stock moves of the order ``number``, valued by the entry ``entry_id``."""
    if moves:
        uow.s.execute(_INSERT_MOVES, [
            {**move, "moved_at": uow.now, "move_date": day, "source_kind": "order", "source_ref": number,
             "actor": uow.actor_name, "entry_id": entry_id} for move in moves])


def apply_ship(uow: UnitOfWork, plan: ShipPlan) -> ActResult:
    """Write the plan if what it relied on still holds (:class:`Stale` otherwise)."""
    uow.require(SHIP)
    recheck_day(uow, plan.day)
    seen = plan.order
    values = {"status": plan.status, "shipped_on": plan.day}
    if plan.status == OrderStatus.SHIPPED.value:
        values["backorder"] = False
    move_order(uow, seen, add={"invoiced": plan.gross}, **values)
    recheck_products(uow, plan.products)
    recheck_rates(uow, plan.rates)
    if plan.entry is not None:
        recheck_entry(uow, plan.entry)
    for pid, (qty, from_res) in sorted(plan.levels.items()):
        one_row(uow, _ISSUE, {"pid": pid, "wid": plan.warehouse_id, "q": qty, "r": from_res})
    write_costs(uow, plan.costs)
    for res_id, was, after in plan.reservations:
        one_row(uow, _CONSUME, {"rid": res_id, "was": was, "new": after, "still": after > 0})
    entry_id = stage_planned(uow, plan.entry) if plan.entry is not None else None
    ship_id = uow.s.execute(_INSERT_SHIPMENT, {
        "order_id": seen.id, "kind": "ship", "day": plan.day, "damaged": False, "net": plan.net, "vat": plan.vat,
        "cost": plan.cost, "entry_id": entry_id, "created_by": uow.actor_name}).inserted_primary_key[0]
    uow.s.execute(_INSERT_SHIPMENT_LINES, [{"shipment_id": ship_id, **row} for row in plan.shipment_lines])
    insert_moves(uow, plan.moves, plan.day, seen.number, entry_id)
    uow.s.execute(_SHIPPED, plan.line_updates)
    posted = finish_planned(uow, plan.entry, entry_id) if plan.entry is not None else None
    uow.audit("order.ship", "order", seen.number, before={"status": seen.status}, after={
        "status": plan.status, "lines": plan.audit_lines, "value": plan.audit_value,
        "entry": posted.number if posted else None})
    return ActResult(seen.number, plan.status, posted.number if posted else None)
