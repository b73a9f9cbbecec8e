"""Taking goods back in two phases (:func:`boclerk.db.phases.two_phase`), as :mod:`.ship_plan`
ships them. The rules are those of :func:`.shipping.return_order`, which is also what runs when
an order keeps changing under its plan.

:func:`prepare_return` runs the act's checks and figures (:func:`.shipping.returning`: the same
sentences, the same shares of net, VAT and cost), reads the stock levels and cost rows the goods go
back to, and plans every row: the return and its lines, the stock moves, the order lines' returned
quantities, the entry, and the refund. :func:`apply_return` writes them with prebuilt statements,
each change of a shared row conditional on what the plan saw (the order's version and status, each
product's cost row) or on the rule itself (a level's ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, select, update

from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import ProductKind
from boclerk.domain.sales import OrderLine
from boclerk.domain.stock import MoveKind
from boclerk.services.ledger import posting_rules
from boclerk.services.ledger.planned import EntryPlan, finish_planned, plan_entry, recheck_entry, stage_planned
from boclerk.services.sales import memos
from boclerk.services.sales.order_plans import MoneyPlan, plan_refund, write_money
from boclerk.services.sales.orders import RETURN, ActResult, money_text
from boclerk.services.sales.plans import (
    OrderSeen,
    move_order,
    one_row,
    order_seen,
    products_seen,
    recheck_day,
    recheck_products,
)
from boclerk.services.sales.ship_plan import (
    _COST,
    _INSERT_SHIPMENT,
    _INSERT_SHIPMENT_LINES,
    _LEVEL,
    insert_moves,
    write_costs,
)
from boclerk.services.sales.shipping import by_sku, returning
from boclerk.services.stock.book import MAX_LEVEL

_LINE = OrderLine.__table__
#: Built once: applying a plan compiles nothing.
_GOODS_BACK = update(_LEVEL).where(
    _LEVEL.c.product_id == bindparam("pid"), _LEVEL.c.warehouse_id == bindparam("wid"),
    _LEVEL.c.on_hand <= bindparam("most")).values(on_hand=_LEVEL.c.on_hand + bindparam("q"))
_RETURNED = update(_LINE).where(_LINE.c.id == bindparam("lid")).values(
    qty_returned=bindparam("qr"), cost_returned=bindparam("cr"))


@dataclass
class ReturnPlan:
    order: OrderSeen
    day: date
    warehouse_id: int
    damaged: bool
    net: int
    vat: int
    cost: int
    #: how many versions the one-phase act moves the order on (the invoiced sum, the refund)
    versions: int
    entry: EntryPlan | None
    refund: MoneyPlan | None
    products: tuple
    audit_lines: dict[str, int]
    audit_value: str = ""
    #: product id -> qty back on the shelf
    levels: dict[int, int] = field(default_factory=dict)
    #: product id -> (qty, value) seen, (qty, value) after
    costs: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)
    shipment_lines: list[dict] = field(default_factory=list)
    moves: list[dict] = field(default_factory=list)
    line_updates: list[dict] = field(default_factory=list)


def prepare_return(uow: UnitOfWork, number: str, lines, *, damaged: bool = False, refund: bool = True,
                   refund_method: str | None = None) -> ReturnPlan | None:
    """Every read and check of ``return_order``, nothing written: the plan (None: return in one phase)."""
    o, back = returning(uow, number, lines)
    if o.warehouse_id is None:
        return None
    wid = o.warehouse_id
    plan = ReturnPlan(order=order_seen(o), day=uow.today, warehouse_id=wid, damaged=damaged, net=0, vat=0, cost=0,
                      versions=0, entry=None, refund=None, products=products_seen(uow, [r.product for r in back]),
                      audit_lines=by_sku((r.product.sku, r.qty) for r in back))
    for r in back:
        ln, p = r.line, r.product
        if p.kind == ProductKind.GOODS.value and not damaged:
            if p.id not in plan.costs:
                row = uow.s.execute(select(_COST.c.qty, _COST.c.value).where(_COST.c.product_id == p.id)).first()
                on_hand = uow.s.execute(select(_LEVEL.c.on_hand).where(
                    _LEVEL.c.product_id == p.id, _LEVEL.c.warehouse_id == wid)).scalar()
                if row is None or on_hand is None:
                    return None  # rows the one-phase act makes first: leave it to the act
                plan.costs[p.id] = ([row.qty, row.value], [row.qty, row.value])
                plan.levels[p.id] = 0
                if on_hand > MAX_LEVEL - sum(b.qty for b in back if b.product.id == p.id):
                    return None  # over the ceiling: the one-phase act refuses with its sentence
            after = plan.costs[p.id][1]
            after[0], after[1] = after[0] + r.qty, after[1] + r.cost
            plan.levels[p.id] += r.qty
            plan.moves.append({"product_id": p.id, "warehouse_id": wid, "qty": r.qty, "value": r.cost,
                               "kind": MoveKind.CUSTOMER_RETURN.value, "reason": "", "source_line": ln.line_no})
        plan.shipment_lines.append({"order_line_id": ln.id, "qty": r.qty, "vat_rate": r.rate, "net": r.net,
                                    "vat": r.vat, "cost": r.cost})
        plan.line_updates.append({"lid": ln.id, "qr": ln.qty_returned + r.qty, "cr": ln.cost_returned + r.cost})
        plan.net, plan.vat, plan.cost = plan.net + r.net, plan.vat + r.vat, plan.cost + r.cost
    gross = plan.net + plan.vat
    plan.entry = plan_entry(uow, entry_date=plan.day, memo=memos.goods_back(uow, o.number, damaged), lines=posting_rules.sale_return(
        net=plan.net, vat=plan.vat, cost_back=0 if damaged else plan.cost, damaged_cost=plan.cost if damaged else 0,
        to_receivable=o.invoiced - o.paid), source_kind="order", source_ref=o.number)
    if refund:  # as refund_paid after the return: up to the credit the return leaves
        amount = min(gross, o.paid - (o.invoiced - gross))
        if amount > 0:
            plan.refund = plan_refund(uow, o, amount, refund_method)
    plan.versions = (1 if gross else 0) + (1 if plan.refund is not None else 0)
    plan.audit_value = money_text(uow, gross)
    return plan


def apply_return(uow: UnitOfWork, plan: ReturnPlan) -> ActResult:
    """Write the plan if what it relied on still holds (:class:`Stale` otherwise)."""
    uow.require(RETURN)
    recheck_day(uow, plan.day)
    seen, gross = plan.order, plan.net + plan.vat
    add = {"invoiced": -gross}
    if plan.refund is not None:
        add["paid"] = plan.refund.amount  # below 0
    move_order(uow, seen, versions=plan.versions, add=add)
    recheck_products(uow, plan.products)
    if plan.entry is not None:
        recheck_entry(uow, plan.entry)
    for pid, qty in sorted(plan.levels.items()):
        one_row(uow, _GOODS_BACK, {"pid": pid, "wid": plan.warehouse_id, "q": qty, "most": MAX_LEVEL - qty})
    write_costs(uow, plan.costs)
    entry_id = stage_planned(uow, plan.entry) if plan.entry is not None else None
    ret_id = uow.s.execute(_INSERT_SHIPMENT, {
        "order_id": seen.id, "kind": "return", "day": plan.day, "damaged": plan.damaged, "net": plan.net,
        "vat": plan.vat, "cost": plan.cost, "entry_id": entry_id, "created_by": uow.actor_name}).inserted_primary_key[0]
    uow.s.execute(_INSERT_SHIPMENT_LINES, [{"shipment_id": ret_id, **row} for row in plan.shipment_lines])
    insert_moves(uow, plan.moves, plan.day, seen.number, entry_id)
    uow.s.execute(_RETURNED, plan.line_updates)
    posted = finish_planned(uow, plan.entry, entry_id) if plan.entry is not None else None
    refund_entry = None
    if plan.refund is not None:
        refund_entry = write_money(uow, seen, plan.refund)
        uow.audit("order.refund", "order", seen.number, after={**plan.refund.audit_after, "entry": refund_entry})
    uow.audit("order.return", "order", seen.number, before={"status": seen.status}, after={
        "status": seen.status, "lines": plan.audit_lines, "damaged": plan.damaged, "value": plan.audit_value,
        "entry": posted.number if posted else None, "refund_entry": refund_entry})
    return ActResult(seen.number, seen.status, posted.number if posted else None, refund_entry)
