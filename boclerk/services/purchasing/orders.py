"""Procure to pay, first half: purchase orders, receipts and reorder suggestions.

Receiving goods adds stock at the agreed PO price (Dr Inventory, Cr Goods received not
invoiced); consumables and services go straight to their expense account and
department. Bills and payments are in :mod:`boclerk.services.purchasing.bills`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.catalog import Product, ProductKind, Warehouse
from boclerk.domain.ledger import AccountRole, Department
from boclerk.domain.partners import Supplier
from boclerk.domain.permissions import Perm
from boclerk.domain.purchasing import (
    GoodsReceipt,
    POLine,
    POStatus,
    PurchaseOrder,
    ReceiptLine,
)
from boclerk.domain.stock import MoveKind, StockLevel
from boclerk.errors import InvalidInput, NotFound, PartnerArchived, ProductArchived, Refused
from decimal import Decimal

from boclerk.i18n import N_, _
from boclerk.services import shown
from boclerk.money import decimal_str, line_total
from boclerk.services.catalog import units
from boclerk.services.ledger.rates import foreign, to_base
from boclerk.services.ledger.vat import purchase_rate
from boclerk.services.catalog.partners import supplier as find_supplier
from boclerk.services.catalog.products import product as find_product
from boclerk.services.catalog.products import warehouse as find_warehouse
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.numbers import next_number
from boclerk.services.rows import money_field
from boclerk.services.stock import book as stock

NEW, SEND, RECEIVE = act("purchases.new_po"), act("purchases.send"), act("purchases.receive")
CANCEL, SUGGEST = act("purchases.cancel_po"), act("purchases.suggest")
OPEN_PO = (POStatus.DRAFT.value, POStatus.SENT.value, POStatus.PARTIALLY_RECEIVED.value)


@dataclass(frozen=True)
class POLineInput:
    sku: str
    qty: int | Decimal  # in the product's unit
    unit_price: int | None = None  # net of VAT, in the PO's currency; default: the product's standard cost
    department: str | None = None  # for consumables: who uses them


@dataclass(frozen=True)
class POResult:
    number: str
    status: str
    entry: str | None = None
    total: int = money_field(default=0)


def po_by_number(uow: UnitOfWork, number: str, *, lock: bool = False) -> PurchaseOrder:
    stmt = select(PurchaseOrder).where(PurchaseOrder.number == number.strip().upper())
    if lock and uow.db.dialect == "postgresql":
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = uow.s.scalars(stmt).first()
    if found is None:
        raise NotFound(_("There is no purchase order {upper}.").format(upper=number.strip().upper()))
    return found


def po_state(uow: UnitOfWork, number: str) -> tuple[str, str]:
    po = po_by_number(uow, number)
    return po.number, po.status


def po_lines(uow: UnitOfWork, po: PurchaseOrder) -> list[tuple[POLine, Product]]:
    return list(uow.s.execute(select(POLine, Product).join(Product, Product.id == POLine.product_id)
                              .where(POLine.po_id == po.id).order_by(POLine.line_no)).all())


def create_po(uow: UnitOfWork, supplier_code: str, lines: Sequence[POLineInput], *, warehouse: str | None = None,
              expected_date: date | None = None, notes: str = "") -> POResult:
    uow.require(NEW)
    if not lines:
        raise InvalidInput(_("A purchase order needs at least one line."))
    sup = find_supplier(uow, supplier_code)
    if not sup.active:
        raise PartnerArchived(_("The supplier {code} is archived: order from another supplier.").format(code=sup.code),
                              "supplier", sup.code)
    w = find_warehouse(uow, warehouse)
    currency = foreign(uow, sup.currency)
    po = PurchaseOrder(number=next_number(uow, "PO", uow.today.year), supplier_id=sup.id, order_date=uow.today,
                       expected_date=expected_date, status=POStatus.DRAFT.value, warehouse_id=w.id, notes=notes,
                       currency=currency, created_at=uow.now, created_by=uow.actor_name)
    uow.s.add(po)
    uow.s.flush()
    total = 0
    for i, ln in enumerate(lines, start=1):
        p = find_product(uow, ln.sku)
        if not p.active:
            raise ProductArchived(_("{sku} is archived and cannot be bought.").format(sku=p.sku), p.sku)
        qty = units.stored(uow, p, ln.qty, what=_("Line {n}").format(n=i))
        if ln.unit_price is None and currency is not None:
            raise InvalidInput(_("Line {i}: {code} sells in {currency}; give {sku}'s price in {currency}.").format(
                i=i, code=sup.code, currency=currency, sku=p.sku))
        price = p.standard_cost if ln.unit_price is None else ln.unit_price
        if price < 0:
            raise InvalidInput(_("Line {i}: the price cannot be negative.").format(i=i))
        dept = ledger.department(uow, ln.department).id if ln.department else None
        rate = 0 if currency is not None else purchase_rate(uow, p, po.order_date)  # imports: no Russian VAT
        uow.s.add(POLine(po_id=po.id, line_no=i, product_id=p.id, qty=qty, unit_price=price, vat_rate=rate,
                         department_id=dept))
        total += line_total(qty, price, 0, units.decimals(uow, p))
    po.total = total
    uow.s.flush()
    uow.audit("po.create", "po", po.number, after={"supplier": sup.code, "currency": currency or uow.currency,
                                                   "total": decimal_str(total, currency or uow.currency),
                                                   "lines": [(ln.sku, ln.qty) for ln in lines]})
    return POResult(po.number, po.status, None, total)


def send_po(uow: UnitOfWork, number: str) -> POResult:
    uow.require(SEND)
    po = po_by_number(uow, number, lock=True)
    SEND.check(po.number, po.status)
    po.status = POStatus.SENT.value
    uow.s.flush()
    uow.audit("po.send", "po", po.number, before={"status": "draft"}, after={"status": po.status})
    return POResult(po.number, po.status, None, po.total)


def cancel_po(uow: UnitOfWork, number: str) -> POResult:
    uow.require(CANCEL)
    po = po_by_number(uow, number, lock=True)
    CANCEL.check(po.number, po.status)
    before = po.status
    po.status = POStatus.CANCELLED.value
    uow.s.flush()
    uow.audit("po.cancel", "po", po.number, before={"status": before}, after={"status": po.status})
    return POResult(po.number, po.status, None, po.total)


def _allowed_receipt(uow: UnitOfWork, ln: POLine) -> int:
    """How much more of a line may be received, with the database's over-receipt tolerance."""
    tolerance = uow.company.over_receipt_bp
    ceiling = ln.qty + (ln.qty * tolerance) // 10000
    return ceiling - ln.qty_received


def _receiving(uow: UnitOfWork, number: str, lines: Sequence[tuple[str, int | Decimal]] | None, *, lock: bool):
    """Every check of receiving ``lines`` (default: the whole remainder) on ``number``, nothing
    written: the PO, its lines with their products, and the quantity to receive by line id."""
    uow.require(RECEIVE)
    po = po_by_number(uow, number, lock=lock)
    RECEIVE.check(po.number, po.status)
    all_lines = po_lines(uow, po)
    wanted: dict[int, int] = {}
    if lines:
        for code, units_qty in lines:
            matching = [(ln, p) for ln, p in all_lines if p.sku.lower() == code.strip().lower()]
            if not matching:  # a SKU typed that the PO does not have: bad input, said before any question
                raise InvalidInput(_("{number} has no line for {code}; its lines are {skus}.").format(
                    number=po.number, code=code, skus=", ".join(dict.fromkeys(p.sku for __, p in all_lines))))
            left = units.stored(uow, matching[0][1], units_qty, what=code)
            for ln, __ in matching:
                take = min(left, max(ln.qty - ln.qty_received - wanted.get(ln.id, 0), 0))
                if take:
                    wanted[ln.id] = wanted.get(ln.id, 0) + take
                    left -= take
            if left:  # beyond what was ordered: on the last matching line, within tolerance
                ln = matching[-1][0]
                wanted[ln.id] = wanted.get(ln.id, 0) + left
    else:
        wanted = {ln.id: ln.qty - ln.qty_received for ln, __ in all_lines if ln.qty > ln.qty_received}
    if not wanted:
        raise Refused(_("{number} has nothing left to receive.").format(number=po.number))
    for ln, p in all_lines:
        if wanted.get(ln.id, 0) and wanted[ln.id] > _allowed_receipt(uow, ln):
            pct = uow.company.over_receipt_bp / 100
            raise Refused(_("{number}: {sku} ordered {ordered}, received {received}; {wanted} more would exceed the "
                "over-receipt tolerance ({pct:g}%).").format(number=po.number, sku=p.sku, ordered=units.shown(uow, p, ln.qty), received=units.shown(uow, p, ln.qty_received), wanted=units.shown(uow, p, wanted[ln.id]), pct=pct))
    return po, all_lines, wanted


def check_receipt(uow: UnitOfWork, number: str, lines: Sequence[tuple[str, int | Decimal]] | None = None) -> None:
    """A receipt on ``number`` checked as the act checks it, in a read unit before anyone is
    asked to go ahead; writes nothing. A SKU the PO has no line for is bad input."""
    _receiving(uow, number, lines, lock=False)


def receive_po(uow: UnitOfWork, number: str, lines: Sequence[tuple[str, int | Decimal]] | None = None) -> POResult:
    """Receive the whole remainder, or chosen SKU quantities, into the PO's warehouse."""
    po, all_lines, wanted = _receiving(uow, number, lines, lock=True)
    w = uow.s.get(Warehouse, po.warehouse_id)
    batch = stock.StockBatch(uow, source_kind="po", source_ref=po.number)
    receipt = GoodsReceipt(po_id=po.id, day=uow.today, value=0, created_by=uow.actor_name)
    uow.s.add(receipt)
    uow.s.flush()
    entry_lines = []
    goods_value = total = 0
    for ln, p in all_lines:
        qty = wanted.get(ln.id, 0)
        if not qty:
            continue
        # at the agreed price, in the books' currency at the rate of the day the goods arrive
        value = to_base(uow, line_total(qty, ln.unit_price, 0, units.decimals(uow, p)), po.currency, receipt.day)
        if p.kind == ProductKind.GOODS.value:
            batch.receive(p, w, qty, value, MoveKind.RECEIPT, source_line=ln.line_no)
            goods_value += value
        else:
            expense = ledger.account(uow, AccountRole.OFFICE_SUPPLIES.value if p.kind == ProductKind.CONSUMABLE.value
                                     else AccountRole.OTHER_EXPENSES.value)
            if p.expense_account_id:
                from boclerk.domain.ledger import Account

                expense = uow.s.get(Account, p.expense_account_id)
            dept = uow.s.get(Department, ln.department_id).code if ln.department_id else None
            entry_lines += posting_rules.consumables_received(value, expense_account=expense.code, department=dept)
        uow.s.add(ReceiptLine(receipt_id=receipt.id, po_line_id=ln.id, qty=qty, value=value))
        ln.qty_received += qty
        total += value
    entry_lines = posting_rules.goods_received(goods_value) + entry_lines
    posted = ledger.post(uow, entry_date=uow.today, memo=shown.said(uow, N_("Receipt against {order}"), order=po.number), lines=entry_lines,
                         source_kind="po", source_ref=po.number)
    batch.write(posted.id if posted else None)
    receipt.value = total
    receipt.entry_id = posted.id if posted else None
    before = po.status
    po.status = (POStatus.RECEIVED if all(ln.qty_received >= ln.qty for ln, __ in all_lines)
                 else POStatus.PARTIALLY_RECEIVED).value
    uow.s.flush()
    uow.audit("po.receive", "po", po.number, before={"status": before}, after={
        "status": po.status, "lines": {p.sku: wanted[ln.id] for ln, p in all_lines if ln.id in wanted},
        "value": decimal_str(total, uow.currency), "entry": posted.number if posted else None})
    return POResult(po.number, po.status, posted.number if posted else None, total)


# -- reorder suggestions -------------------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    sku: str
    name: str
    available: Decimal  # quantities in the product's unit
    on_order: Decimal
    reorder_point: Decimal
    qty: Decimal
    unit_price: int = money_field()


@dataclass(frozen=True)
class SupplierSuggestions:
    supplier: str | None  # None: products without a preferred supplier
    supplier_name: str
    lines: list[Suggestion] = field(default_factory=list)
    created: str | None = None  # the draft PO made from them


def _backordered(uow: UnitOfWork) -> dict[int, int]:
    """Per product, what confirmed orders still need beyond what they have reserved or shipped."""
    from sqlalchemy import text

    rows = uow.s.execute(text(
        "SELECT l.product_id, SUM(l.qty - l.qty_shipped - COALESCE(r.qty, 0)) FROM order_line l "
        "JOIN sales_order o ON o.id = l.order_id JOIN product p ON p.id = l.product_id "
        "LEFT JOIN reservation r ON r.source_ref = o.number AND r.source_line = l.line_no AND r.active "
        "WHERE o.backorder AND o.status IN ('confirmed', 'partially_shipped') AND p.kind = 'goods' "
        "GROUP BY l.product_id")).all()
    return {pid: int(short) for pid, short in rows if short and short > 0}


def suggest_reorders(uow: UnitOfWork, *, create: bool = False) -> list[SupplierSuggestions]:
    """Stocked products whose available plus on-order quantity is below their reorder point
    (backorders waiting for goods count against what is available), grouped by preferred
    supplier; with ``create``, one draft PO per supplier."""
    uow.require(SUGGEST if create else Perm.READ)
    available = (select(func.coalesce(func.sum(StockLevel.on_hand - StockLevel.reserved), 0))
                 .where(StockLevel.product_id == Product.id).correlate(Product).scalar_subquery())
    on_order = (select(func.coalesce(func.sum(POLine.qty - POLine.qty_received), 0))
                .join(PurchaseOrder, PurchaseOrder.id == POLine.po_id)
                .where(POLine.product_id == Product.id, PurchaseOrder.status.in_(OPEN_PO),
                       POLine.qty > POLine.qty_received)
                .correlate(Product).scalar_subquery())
    waiting = _backordered(uow)
    rows = uow.s.execute(
        select(Product, available, on_order)
        .where(Product.kind == ProductKind.GOODS.value, Product.active.is_(True),
               (Product.reorder_point > 0) | Product.id.in_(list(waiting) or [-1]))
        .order_by(Product.sku)
    ).all()
    groups: dict[int | None, list[Suggestion]] = {}
    for p, avail, ordered in rows:
        free = avail - waiting.get(p.id, 0)  # backorders waiting for goods count against what is there
        if free + ordered >= p.reorder_point and free + ordered >= 0:
            continue
        qty = max(p.reorder_qty, p.reorder_point - free - ordered)

        def q(n: int, p=p) -> Decimal:
            return units.shown(uow, p, n)

        groups.setdefault(p.preferred_supplier_id, []).append(
            Suggestion(p.sku, p.name, q(free), q(ordered), q(p.reorder_point), q(qty), p.standard_cost))
    out = []
    for sup_id in sorted(groups, key=lambda k: (k is None, k or 0)):
        sup = uow.s.get(Supplier, sup_id) if sup_id else None
        created = None
        if create and sup is not None:
            created = create_po(uow, sup.code, [POLineInput(s.sku, s.qty, s.unit_price) for s in groups[sup_id]],
                                notes=shown.said(uow, N_("From reorder suggestions"))).number
        out.append(SupplierSuggestions(sup.code if sup else None, sup.name if sup else _("(no preferred supplier)"),
                                       groups[sup_id], created))
    return out
