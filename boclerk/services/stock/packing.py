"""Packing slips: what to pick, from which warehouse, for an order; all slips of a day in one PDF.

An order's slip lists what is still to ship (a picking list) while the order has open lines,
else what its last shipment took. A day's PDF holds one slip per shipment that left that day.
Each is registered once for the same contents (see services/documents/outbound.py).
"""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select

from boclerk.dates import format_day
from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import RECORDS
from boclerk.domain.catalog import Barcode, Product, Unit, Warehouse
from boclerk.domain.documents import DocType, LinkKind
from boclerk.domain.partners import Customer
from boclerk.domain.permissions import Perm
from boclerk.domain.sales import OrderLine, SalesOrder, Shipment, ShipmentLine
from boclerk.errors import Refused
from boclerk.i18n import _
from boclerk.quantity import format_qty
from boclerk.services import shown
from boclerk.services.documents.outbound import Draft, Produced, produce
from boclerk.services.sales.orders import order_by_number

__all__ = ["day_slips", "order_slip"]

_OPEN = ("confirmed", "partially_shipped")


def _barcodes(uow: UnitOfWork, product_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for code, pid in uow.s.execute(select(Barcode.code, Barcode.product_id).where(Barcode.product_id.in_(product_ids))
                                   .order_by(Barcode.code)):
        out.setdefault(pid, code)
    return out


def _slip(uow: UnitOfWork, o: SalesOrder, ref: str, day: date, items: list[tuple[Product, Unit, int]], locale: str,
          words: str = ""):
    from boclerk.formats.slip_pdf import SlipData, SlipLine

    customer = uow.s.get(Customer, o.customer_id)
    warehouse = uow.s.get(Warehouse, o.warehouse_id) if o.warehouse_id else None
    codes = _barcodes(uow, [p.id for p, __, __ in items])
    lines = tuple(SlipLine(p.sku, p.name, format_qty(qty, unit.decimals, locale=locale), unit.symbol(words or locale),
                           codes.get(p.id, "")) for p, unit, qty in items)
    where = f"{warehouse.code} {warehouse.name}" if warehouse else ""
    return SlipData(o.number, ref, day, customer.name, o.delivery_address or customer.address, where, lines)


def _shipment_slip(uow: UnitOfWork, o: SalesOrder, n: int, s: Shipment, locale: str, words: str = ""):
    items = [(p, unit, sl.qty) for sl, p, unit in uow.s.execute(
        select(ShipmentLine, Product, Unit).join(OrderLine, OrderLine.id == ShipmentLine.order_line_id)
        .join(Product, Product.id == OrderLine.product_id).join(Unit, Unit.code == Product.unit)
        .where(ShipmentLine.shipment_id == s.id).order_by(OrderLine.line_no))]
    return _slip(uow, o, f"{o.number}/{n}", s.day, items, locale, words)


def _open_slip(uow: UnitOfWork, o: SalesOrder, locale: str, words: str = ""):
    items = [(p, unit, ol.qty - ol.qty_shipped) for ol, p, unit in uow.s.execute(
        select(OrderLine, Product, Unit).join(Product, Product.id == OrderLine.product_id)
        .join(Unit, Unit.code == Product.unit).where(OrderLine.order_id == o.id, Product.kind == "goods")
        .order_by(OrderLine.line_no)) if ol.qty > ol.qty_shipped]
    return _slip(uow, o, o.number, uow.today, items, locale, words) if items else None


def slip_of_order(uow: UnitOfWork, order_no: str, locale: str, words: str = ""):
    """An order's packing slip: quantities as ``locale`` writes them, units in the language ``words``
    names (the locale's when empty)."""
    from boclerk.services.sales.upd import order_shipments

    o = order_by_number(uow, order_no)
    if o.status in _OPEN and (slip := _open_slip(uow, o, locale, words)) is not None:
        return o, slip
    shipments = order_shipments(uow, o)
    if not shipments:
        raise Refused(_("{number} is {status}; there is nothing to pick for it.").format(
            number=o.number, status=RECORDS["order"].state_words(o.status)))
    return o, _shipment_slip(uow, o, len(shipments), shipments[-1], locale, words)


def _key(slips) -> str:
    return hashlib.sha256(repr(slips).encode()).hexdigest()[:16]


def order_slip(db: Database, actor: str, order_no: str, *, locale: str | None = None) -> list[Produced]:
    """The packing slip of an order as a PDF, registered once for the same contents: in the language of
    the books (company.language), its quantities and dates as the shop's locale writes them, or,
    asked for a ``locale`` on purpose, as that one writes and says them."""
    from boclerk.formats.slip_pdf import packing_pdf

    with db.read(actor) as uow:
        uow.require(Perm.READ)
        lang = locale or uow.company.locale or "ru"
        words = locale or shown.language(uow)
        o, slip = slip_of_order(uow, order_no, lang, words)
        order_id, customer_id = o.id, o.customer_id

    def build(uow: UnitOfWork) -> list[Draft]:
        __, current = slip_of_order(uow, order_no, lang, words)
        title = "Упаковочный лист" if words.startswith("ru") else "Packing slip"
        data = packing_pdf([current], uow.now.astimezone().replace(tzinfo=None), lang, words)
        text = " ".join([title, current.title_ref] + [f"{x.sku} {x.name}" for x in current.lines])
        return [Draft("packing", f"{title} {current.title_ref.replace('/', '-')}.pdf", data, DocType.PACKING_SLIP.value, "pdf",
                      their_number=current.title_ref, their_date=current.day, customer_id=customer_id,
                      links=((LinkKind.ORDER, order_id),), text=text)]

    return produce(db, actor, "order", order_id, build, period=f"packing#{_key(slip)}")


def slips_of_day(uow: UnitOfWork, day: date, locale: str, words: str = "") -> list:
    from boclerk.services.sales.upd import order_shipments

    slips = []
    orders = uow.s.scalars(select(SalesOrder).join(Shipment, Shipment.order_id == SalesOrder.id)
                           .where(Shipment.day == day, Shipment.kind == "ship").distinct().order_by(SalesOrder.number))
    for o in orders:
        for n, s in enumerate(order_shipments(uow, o), start=1):
            if s.day == day:
                slips.append(_shipment_slip(uow, o, n, s, locale, words))
    return slips


def day_slips(db: Database, actor: str, day: date, *, locale: str | None = None) -> list[Produced]:
    """One PDF with the packing slip of every shipment that left on ``day``, in the language of the
    books (or of ``locale``, asked for on purpose), as :func:`order_slip`."""
    from boclerk.formats.slip_pdf import packing_pdf

    with db.read(actor) as uow:
        uow.require(Perm.READ)
        lang = locale or uow.company.locale or "ru"
        words = locale or shown.language(uow)
        slips = slips_of_day(uow, day, lang, words)
    if not slips:
        raise Refused(_("No shipment left on {day}; there are no packing slips to print.").format(day=format_day(day, lang)))

    def build(uow: UnitOfWork) -> list[Draft]:
        current = slips_of_day(uow, day, lang, words)
        title = "Упаковочные листы" if words.startswith("ru") else "Packing slips"
        data = packing_pdf(current, uow.now.astimezone().replace(tzinfo=None), lang, words)
        text = " ".join([title, day.isoformat()] + [s.title_ref for s in current])
        return [Draft("packing_day", f"{title} {day.isoformat()}.pdf", data, DocType.PACKING_SLIP.value, "pdf",
                      their_number=f"{len(current)}", their_date=day, text=text)]

    return produce(db, actor, "day", day.toordinal(), build, period=f"packing#{_key(slips)}")
