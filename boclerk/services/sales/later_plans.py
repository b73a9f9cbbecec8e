"""Delivering, refunding, replacing a draft's lines and topping up a backorder's reservations in two phases
(:func:`boclerk.db.phases.two_phase`), as :mod:`.order_plans` does the acts before them.

Each ``prepare_*`` runs the checks and reads its one-phase act shares with it (the same rule book
check, the same sentences) in a read unit and returns a plan of plain values; each ``apply_*``
writes it in a short write unit with a few prebuilt Core statements, first checking that the
order is still at the version and status the plan saw (:func:`.plans.move_order`), so any change
to the order meanwhile (a payment, a shipment, a cancelling) has the act planned again. The rows,
audit events and hashes written are those of the one-phase act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, delete

from boclerk.db.uow import UnitOfWork
from boclerk.domain.sales import OrderLine, OrderStatus
from boclerk.services.catalog.products import product as find_product
from boclerk.services.sales import orders as so
from boclerk.services.sales.backorders import topping_up
from boclerk.services.sales.order_plans import (
    _INSERT_LINES,
    _INSERT_RES,
    _RELEASE,
    _RESERVE,
    _UNRESERVE,
    MoneyPlan,
    plan_refund,
    write_money,
)
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

_DELETE_LINES = delete(OrderLine.__table__).where(OrderLine.__table__.c.order_id == bindparam("order_id"))


# -- deliver ----------------------------------------------------------------------------------

@dataclass
class DeliverPlan:
    order: OrderSeen


def prepare_deliver(uow: UnitOfWork, number: str) -> DeliverPlan:
    uow.require(so.DELIVER)
    o = so.order_by_number(uow, number, lock=True)
    so.DELIVER.check(o.number, o.status)
    return DeliverPlan(order_seen(o))


def apply_deliver(uow: UnitOfWork, plan: DeliverPlan) -> so.ActResult:
    uow.require(so.DELIVER)
    seen = plan.order
    move_order(uow, seen, status=OrderStatus.DELIVERED.value)
    uow.audit("order.deliver", "order", seen.number, before={"status": seen.status},
              after={"status": OrderStatus.DELIVERED.value})
    return so.ActResult(seen.number, OrderStatus.DELIVERED.value)


# -- refund -----------------------------------------------------------------------------------

@dataclass
class RefundPlan:
    today: date
    order: OrderSeen
    money: MoneyPlan


def prepare_refund(uow: UnitOfWork, number: str, amount: int, *, method: str | None = None) -> RefundPlan:
    o = so.refundable(uow, number, amount)
    return RefundPlan(uow.today, order_seen(o), plan_refund(uow, o, amount, method))


def apply_refund(uow: UnitOfWork, plan: RefundPlan) -> so.ActResult:
    uow.require(so.REFUND)
    seen, money = plan.order, plan.money
    recheck_day(uow, plan.today)
    move_order(uow, seen, add={"paid": money.amount})  # a refund's amount is below 0
    posted = write_money(uow, seen, money)
    uow.audit("order.refund", "order", seen.number, after={**money.audit_after, "entry": posted})
    return so.ActResult(seen.number, seen.status, None, posted)


# -- replace a draft's lines ------------------------------------------------------------------

@dataclass
class EditPlan:
    order: OrderSeen
    totals: tuple[int, int, int]  # net, VAT, gross
    #: how many versions the one-phase act moves the order on: one for the new totals if they
    #: differ, one for the new lines
    versions: int
    lines: list[dict]
    products: tuple
    rates: tuple
    audit_after: dict


def prepare_edit(uow: UnitOfWork, number: str, lines: Sequence[so.LineInput], *,
                 expected_version: int | None = None) -> EditPlan:
    o = so.editable(uow, number, lines, expected_version)
    priced, totals = so._priced_lines(uow, o.order_date, lines)
    changed = totals != (o.net_total, o.vat_total, o.total)
    return EditPlan(order_seen(o), totals, 2 if changed else 1, priced,
                    products_seen(uow, [find_product(uow, ln.sku) for ln in lines]), rates_seen(uow),
                    {"lines": [(ln.sku, ln.qty) for ln in lines], "total": so.money_text(uow, totals[2])})


def apply_edit(uow: UnitOfWork, plan: EditPlan) -> so.ActResult:
    uow.require(so.EDIT)
    seen = plan.order
    net, vat, total = plan.totals
    move_order(uow, seen, versions=plan.versions, net_total=net, vat_total=vat, total=total)
    recheck_products(uow, plan.products)
    recheck_rates(uow, plan.rates)
    uow.s.execute(_DELETE_LINES, {"order_id": seen.id})
    uow.s.execute(_INSERT_LINES, [{"order_id": seen.id, "qty_shipped": 0, "qty_returned": 0, "cost_shipped": 0,
                                   "cost_returned": 0, **row} for row in plan.lines])
    uow.audit("order.edit", "order", seen.number, after=plan.audit_after)
    return so.ActResult(seen.number, seen.status)


# -- top up a backorder's reservations --------------------------------------------------------

@dataclass
class TopUpPlan:
    order: OrderSeen
    warehouse_id: int
    backorder: bool  # what the order's flag becomes
    changes_flag: bool
    products: tuple
    #: (active reservation's id or None, the qty it holds, product id, line no, qty taken on top)
    steps: list[tuple[int | None, int, int, int, int]] = field(default_factory=list)


def prepare_top_up(uow: UnitOfWork, number: str) -> TopUpPlan:
    o, w, steps, missing = topping_up(uow, number)
    plan = TopUpPlan(order_seen(o), w.id, missing, missing != o.backorder,
                     products_seen(uow, [step.product for step in steps]))
    plan.steps = [(step.held.id if step.held is not None else None, step.held.qty if step.held is not None else 0,
                   step.product.id, step.line.line_no, step.take) for step in steps]
    return plan


def apply_top_up(uow: UnitOfWork, plan: TopUpPlan) -> so.ActResult:
    uow.require(so.RESERVE)
    seen, wid = plan.order, plan.warehouse_id
    if plan.changes_flag:
        move_order(uow, seen, backorder=plan.backorder)
    else:  # the one-phase act leaves the order's row as it is: checked, not moved on
        move_order(uow, seen, versions=0)
    recheck_products(uow, plan.products)
    made = []
    for res_id, held, pid, line_no, take in plan.steps:  # as stock.release, then stock.reserve
        if res_id is not None:
            uow.s.execute(_UNRESERVE, {"pid": pid, "wid": wid, "qty": held})
            one_row(uow, _RELEASE, {"rid": res_id, "held": held})
        one_row(uow, _RESERVE, {"pid": pid, "wid": wid, "qty": held + take})  # else taken meanwhile: planned again
        made.append({"product_id": pid, "warehouse_id": wid, "source_kind": "order", "source_ref": seen.number,
                     "source_line": line_no, "qty": held + take, "active": True, "created_at": uow.now})
    if made:
        uow.s.execute(_INSERT_RES, made)
    uow.audit("order.reserve", "order", seen.number, after={"backorder": plan.backorder})
    return so.ActResult(seen.number, seen.status)
