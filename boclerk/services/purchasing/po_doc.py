"""The purchase order as a document to send the supplier (PDF), registered once per contents."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from sqlalchemy import select

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, Unit, Warehouse
from boclerk.domain.documents import DocType, LinkKind
from boclerk.domain.partners import Supplier
from boclerk.domain.purchasing import POLine
from boclerk.errors import Refused
from boclerk.i18n import _
from boclerk.money import round_half_up
from boclerk.quantity import format_qty, to_units
from boclerk.services import shown
from boclerk.services.documents.outbound import Draft, Produced, produce
from boclerk.services.purchasing.orders import po_by_number

__all__ = ["po_data", "po_document"]


def po_data(uow: UnitOfWork, number: str, locale: str, language: str = ""):
    """(the printable PO, VAT per rate) of ``number``: amounts, quantities and dates as ``locale``
    writes them, its words in ``language`` (the locale's when empty)."""
    from boclerk.formats.slip_pdf import PoData, PoLineData

    po = po_by_number(uow, number)
    if po.status == "cancelled":
        raise Refused(_("{number} is cancelled; there is nothing to send.").format(number=po.number))
    supplier = uow.s.get(Supplier, po.supplier_id)
    warehouse = uow.s.get(Warehouse, po.warehouse_id)
    lines, vat = [], {}
    for ln, p, unit in uow.s.execute(select(POLine, Product, Unit).join(Product, Product.id == POLine.product_id)
                                     .join(Unit, Unit.code == Product.unit).where(POLine.po_id == po.id)
                                     .order_by(POLine.line_no)):
        amount = round_half_up(to_units(ln.qty, unit.decimals) * ln.unit_price)
        lines.append(PoLineData(p.sku, p.name, format_qty(ln.qty, unit.decimals, locale=locale), unit.symbol(language or locale),
                                ln.unit_price, amount, ln.vat_rate))
        if ln.vat_rate:
            vat[ln.vat_rate] = vat.get(ln.vat_rate, 0) + round_half_up(Decimal(amount * ln.vat_rate) / 100)
    c = uow.company
    data = PoData(po.number, po.order_date, supplier.name, supplier.tax_id, c.name, c.tax_id, c.legal_address,
                  f"{warehouse.code} {warehouse.name}", po.expected_date, tuple(lines), po.currency or uow.currency,
                  c.director or uow.actor_name, uow.now.astimezone().replace(tzinfo=None), po.notes, locale,
                  language)
    return po, data, sorted(vat.items(), reverse=True)


def po_document(db: Database, actor: str, number: str, *, locale: str | None = None) -> list[Produced]:
    """The PO's PDF: made and registered the first time, the same one while the PO is unchanged. It
    speaks the language of the books (company.language), its amounts and dates as the shop's locale
    writes them, or, asked for a ``locale`` on purpose, as that one writes and says them."""
    from boclerk.formats.slip_pdf import po_pdf

    with db.read(actor) as uow:
        lang = locale or uow.company.locale or "ru"
        language = "" if locale else shown.language(uow)
        po, data, vat = po_data(uow, number, lang, language)
        po_id, supplier_id = po.id, po.supplier_id
    key = hashlib.sha256(repr((data.lines, data.expected, data.notes, vat)).encode()).hexdigest()[:16]

    def build(uow: UnitOfWork) -> list[Draft]:
        __, current, rates = po_data(uow, number, lang, language)
        title = "Заказ поставщику" if current.words_in.startswith("ru") else "Purchase order"
        text = " ".join([title, current.number, current.supplier] + [f"{x.sku} {x.name}" for x in current.lines])
        return [Draft("po", f"{title} {current.number}.pdf", po_pdf(current, rates), DocType.PURCHASE_ORDER.value, "pdf",
                      their_number=current.number, their_date=current.day, amount=current.total,
                      supplier_id=supplier_id, links=((LinkKind.PO, po_id), (LinkKind.SUPPLIER, supplier_id)),
                      text=text)]

    return produce(db, actor, "po", po_id, build, period=f"po#{key}")
