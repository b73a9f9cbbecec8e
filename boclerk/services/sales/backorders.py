"""A backorder's reservations topped up with what has arrived since it was confirmed.

Run through ``db.run`` on SQLite, the act is planned outside the write lock first
(:mod:`.later_plans`); :func:`topping_up` holds the checks and reads the act and its plan share.
"""

from __future__ import annotations

from dataclasses import dataclass

from boclerk.db.phases import two_phase
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, ProductKind, Warehouse
from boclerk.domain.sales import OrderLine, SalesOrder
from boclerk.domain.stock import Reservation
from boclerk.services.sales.orders import RESERVE, ActResult, available_in, order_by_number, order_lines
from boclerk.services.stock import book as stock


@dataclass(frozen=True)
class TopUp:
    """One line of a backorder topped up: the reservation it holds (or None) and what it will hold."""

    line: OrderLine
    product: Product
    held: Reservation | None
    take: int  # more than it holds now; it will hold held + take


def topping_up(uow: UnitOfWork, number: str) -> tuple[SalesOrder, Warehouse, list[TopUp], bool]:
    """Every check and read of topping up ``number``'s reservations, nothing written (the act and
    its plan share it): the order, its warehouse, the lines to top up in line order, and whether
    the order stays on backorder."""
    uow.require(RESERVE)
    o = order_by_number(uow, number, lock=True)
    RESERVE.check(o.number, o.status)
    w = uow.s.get(Warehouse, o.warehouse_id)
    missing = False
    steps: list[TopUp] = []
    taken: dict[int, int] = {}  # by product: what earlier lines of this order take
    for ln, p in order_lines(uow, o):
        if p.kind != ProductKind.GOODS.value:
            continue
        res = stock.active_reservation(uow, o.number, ln.line_no)
        held = res.qty if res else 0
        wanted = ln.qty - ln.qty_shipped - held
        if wanted <= 0:
            continue
        avail = available_in(uow, w, [p.id]).get(p.id, 0) - taken.get(p.id, 0)
        take = min(wanted, avail)
        if take > 0:
            steps.append(TopUp(ln, p, res, take))
            taken[p.id] = taken.get(p.id, 0) + take
        if held + max(take, 0) < ln.qty - ln.qty_shipped:
            missing = True
    return o, w, steps, missing


def top_up_reservations(uow: UnitOfWork, number: str) -> ActResult:
    """For a backorder: reserve what has arrived since it was confirmed."""
    o, w, steps, missing = topping_up(uow, number)
    for step in steps:
        held = 0
        if step.held is not None:
            held = step.held.qty  # release() zeroes the row: keep what it held
            stock.release(uow, o.number, step.line.line_no)
        stock.reserve(uow, step.product, w, step.take + held, source_kind="order", source_ref=o.number,
                      source_line=step.line.line_no)
    o.backorder = missing
    uow.s.flush()
    uow.audit("order.reserve", "order", o.number, after={"backorder": missing})
    return ActResult(o.number, o.status)


two_phase(top_up_reservations, "boclerk.services.sales.later_plans:top_up")  # planned outside the write lock when run
