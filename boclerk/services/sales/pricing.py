"""Pricing an order line and sharing its money out over shipments and returns.

One rounding rule (half-up, once per line) and VAT per line: a line is priced at the rate in
force on the order date; a shipment takes its share of the line at the rate in force on its own
day, written on the shipment line; a return takes back what its shipments charged.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product
from boclerk.domain.sales import OrderLine, Shipment, ShipmentLine
from boclerk.money import line_total, round_half_up, vat_included, vat_on_top


def price_line(p: Product, qty: int, unit_price: int, discount_bp: int, rate: int | None,
               qty_decimals: int = 0) -> tuple[int, int, int]:
    """(net, vat, gross) of a line: half-up once at line level, VAT per line (``rate`` None: без НДС).

    ``qty`` is in the unit's smallest fraction (``qty_decimals``), the price per whole unit.
    """
    amount = line_total(qty, unit_price, Decimal(discount_bp) / 100, qty_decimals)
    return split_vat(amount, rate, p.prices_include_vat)


def split_vat(amount: int, rate: int | None, includes_vat: bool) -> tuple[int, int, int]:
    """(net, vat, gross) of an amount that includes VAT at ``rate`` or has it added on top."""
    if rate is None:
        return amount, 0, amount
    if includes_vat:
        vat = vat_included(amount, rate)
        return amount - vat, vat, amount
    vat = vat_on_top(amount, rate)
    return amount, vat, amount + vat


def portion(total: int, done_after: int, done_before: int, of: int) -> int:
    """The share of ``total`` for going from ``done_before`` to ``done_after`` units of ``of``."""
    return round_half_up(Decimal(total) * done_after / of) - round_half_up(Decimal(total) * done_before / of)


def vat_share(ln: OrderLine, p: Product, qty_after: int, qty_before: int, rate: int | None) -> tuple[int, int]:
    """(net, vat) of going from ``qty_before`` to ``qty_after`` of a line, VAT at ``rate``.

    At the line's own rate, gross and VAT are shared out by cumulative rounding (the shares
    add up to the line exactly) and net is their difference. At another rate (the law changed
    between the order and the shipment), the share of the price the customer pays (gross if
    prices include VAT, net otherwise) is kept and the VAT is computed afresh at ``rate``.
    """
    if rate == ln.vat_rate:
        vat = portion(ln.vat, qty_after, qty_before, ln.qty)
        return portion(ln.gross, qty_after, qty_before, ln.qty) - vat, vat
    base = ln.gross if p.prices_include_vat else ln.net
    net, vat, _ = split_vat(portion(base, qty_after, qty_before, ln.qty), rate, p.prices_include_vat)
    return net, vat


def shipped_at(uow: UnitOfWork, ln: OrderLine) -> tuple[int | None, int, int, int]:
    """(rate of the last shipment, qty, net, vat) still out on a line: shipped less returned."""
    rows = uow.s.execute(select(Shipment.kind, ShipmentLine.vat_rate, ShipmentLine.qty, ShipmentLine.net,
                                ShipmentLine.vat).join(Shipment, Shipment.id == ShipmentLine.shipment_id)
                         .where(ShipmentLine.order_line_id == ln.id).order_by(ShipmentLine.id)).all()
    rate, qty, net, vat = ln.vat_rate, 0, 0, 0
    for kind, r_rate, r_qty, r_net, r_vat in rows:
        sign = 1 if kind == "ship" else -1
        if kind == "ship":
            rate = r_rate
        qty, net, vat = qty + sign * r_qty, net + sign * r_net, vat + sign * r_vat
    return rate, qty, net, vat


def return_share(uow: UnitOfWork, ln: OrderLine, qty: int) -> tuple[int | None, int, int]:
    """(rate, net, vat) reversed by returning ``qty`` of a line: what its shipments charged."""
    rate, out_qty, out_net, out_vat = shipped_at(uow, ln)
    if all(r == ln.vat_rate for r in rates_shipped(uow, ln)):
        vat = portion(ln.vat, ln.qty_returned + qty, ln.qty_returned, ln.qty)
        return ln.vat_rate, portion(ln.gross, ln.qty_returned + qty, ln.qty_returned, ln.qty) - vat, vat
    if qty == out_qty:
        return rate, out_net, out_vat
    return rate, round_half_up(Decimal(out_net) * qty / out_qty), round_half_up(Decimal(out_vat) * qty / out_qty)


def rates_shipped(uow: UnitOfWork, ln: OrderLine) -> set[int | None]:
    return set(uow.s.scalars(select(ShipmentLine.vat_rate).join(Shipment, Shipment.id == ShipmentLine.shipment_id)
                             .where(ShipmentLine.order_line_id == ln.id, Shipment.kind == "ship")))
