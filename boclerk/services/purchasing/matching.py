"""The three-way match of a supplier bill: what its lines clear of the purchase order (what
was received and not yet billed, spread over the PO's lines of each product), the goods received
not invoiced that clears, and the quantities and prices beyond the database's tolerances.

An e-invoice's allowances and charges count: each line's price is matched after its own and its
share (by net) of the document's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product
from boclerk.domain.purchasing import BillAdjustment, BillLine, POLine, PurchaseOrder, ReceiptLine
from boclerk.money import round_half_up
from boclerk.services.catalog import units
from boclerk.services.purchasing import hold_words as hold
from boclerk.services.purchasing.orders import po_lines
from boclerk.services.shown import figure, money, said


def bill_adjustments(uow: UnitOfWork, bill_id: int) -> list[BillAdjustment]:
    return list(uow.s.scalars(select(BillAdjustment).where(BillAdjustment.bill_id == bill_id)
                              .order_by(BillAdjustment.line_no)))


@dataclass
class _Share:
    """What one bill line clears: (PO line, quantity) parts, and the quantity no receipt covers."""

    line: BillLine
    product: Product
    parts: list[tuple[POLine, int]]
    beyond: int


def _allocate(uow: UnitOfWork, po: PurchaseOrder, lines: list[tuple[BillLine, Product]]) -> list[_Share]:
    """Spread each bill line over the PO lines of its product still waiting for a bill, its own first.

    A supplier bills "10 mugs" in one line when the PO ordered them on two lines of 5.
    """
    polines = po_lines(uow, po)
    room = {ln.id: max(ln.qty_received - ln.qty_billed, 0) for ln, _ in polines}
    shares = []
    for bl, p in lines:
        same = [ln for ln, lp in polines if lp.id == p.id]
        ordered = sorted(same, key=lambda ln: ln.id != bl.po_line_id) if bl.po_line_id is not None else []
        left, parts = bl.qty, []
        for ln in ordered:
            take = min(left, room[ln.id])
            if take:
                parts.append((ln, take))
                room[ln.id] -= take
                left -= take
        shares.append(_Share(bl, p, parts, left))
    return shares


def _received_value(uow: UnitOfWork, pl: POLine) -> int:
    return int(uow.s.scalar(select(func.coalesce(func.sum(ReceiptLine.value), 0))
                            .where(ReceiptLine.po_line_id == pl.id)) or 0)


def _grni_share(uow: UnitOfWork, pl: POLine, qty: int, billed_before: int) -> int:
    """What billing ``qty`` more of a PO line clears of goods received not invoiced: its share of
    the receipts' value (in the books' currency, at the receipts' rates), cumulatively rounded so
    that billing everything received clears exactly what the receipts booked."""
    received = pl.qty_received
    if received <= 0:
        return 0
    value = _received_value(uow, pl)
    upto = min(billed_before + qty, received)
    before = min(billed_before, received)
    return (round_half_up(Decimal(value) * upto / received) - round_half_up(Decimal(value) * before / received))


def _match(uow: UnitOfWork, po: PurchaseOrder, lines: list[tuple[BillLine, Product]]) -> tuple[list[str], int]:
    """Problems beyond tolerance (in the words of the books: they become the bill's hold reason),
    and the GRNI value the bill clears (what the receipts booked)."""
    company = uow.company
    cur = po.currency or uow.currency
    problems: list[str] = []
    grni = 0
    billed: dict[int, int] = {}
    factors = _after_adjustments(uow, lines)
    for share in _allocate(uow, po, lines):
        bl, p = share.line, share.product
        if bl.po_line_id is None:
            problems.append(said(uow, hold.NOT_ON_PO, sku=p.sku, po=po.number))
            continue
        covered = sum(qty for _, qty in share.parts)
        if share.beyond * 10000 > covered * company.bill_qty_tolerance_bp:
            problems.append(said(uow, hold.BILLED_BEYOND, sku=p.sku, billed=figure(uow, units.shown(uow, p, bl.qty)),
                                 left=figure(uow, units.shown(uow, p, covered))))
        agreed = [pl for pl, _ in share.parts] or [uow.s.get(POLine, bl.po_line_id)]
        price = round_half_up(bl.unit_price * factors.get(bl.line_no, Decimal(1)))
        for pl in agreed:
            price_gap = price - pl.unit_price
            if abs(price_gap) * 10000 > pl.unit_price * company.bill_price_tolerance_bp:
                problems.append(said(uow, hold.PRICE_AFTER if bl.line_no in factors else hold.PRICE, sku=p.sku,
                                     price=money(uow, price, cur), agreed=money(uow, pl.unit_price, cur),
                                     gap=hold.gap(uow, price_gap, pl.unit_price)))
                break
        for pl, qty in share.parts:
            grni += _grni_share(uow, pl, qty, pl.qty_billed + billed.get(pl.id, 0))
            billed[pl.id] = billed.get(pl.id, 0) + qty
    return problems, grni


def _after_adjustments(uow: UnitOfWork, lines: list[tuple[BillLine, Product]]) -> dict[int, Decimal]:
    """Each bill line's net after its own allowances and charges and its share (by net) of the
    document's, over its net as billed: the factor its price is matched at. Empty without any."""
    if not lines:
        return {}
    adjustments = bill_adjustments(uow, lines[0][0].bill_id)
    if not adjustments:
        return {}
    own = {bl.line_no: Decimal(bl.net) for bl, _ in lines}
    for adj in adjustments:
        if adj.bill_line_no in own:
            own[adj.bill_line_no] += adj.net
    whole = sum(own.values(), Decimal(0))
    document = sum((adj.net for adj in adjustments if adj.bill_line_no not in own), 0)
    out = {}
    for bl, _ in lines:
        after = own[bl.line_no] + (document * own[bl.line_no] / whole if whole else 0)
        out[bl.line_no] = after / bl.net if bl.net else Decimal(1)
    return out
