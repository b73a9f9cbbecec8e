"""The UPD of a shipment: its XML in the FNS format 5.03 and its printable PDF, made once.

The lines are the shipment's own, with the VAT rate and amounts written on them on the
shipment's day. The company is a VAT payer unless its regime on that day is the simplified
system without VAT: a payer's UPD is СЧФДОП (it is the invoice too), anyone else's ДОП.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import select

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, Unit
from boclerk.domain.documents import DocType, LinkKind
from boclerk.domain.partners import Customer
from boclerk.domain.sales import OrderLine, SalesOrder, Shipment, ShipmentLine
from boclerk.domain.tax import VatRegime
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import _
from boclerk.money import to_decimal
from boclerk.quantity import to_units
from boclerk.services.documents.outbound import Draft, Produced, produce
from boclerk.services.sales.orders import order_by_number

__all__ = ["order_shipments", "shipment_upd", "upd_document"]


def order_shipments(uow: UnitOfWork, o: SalesOrder) -> list[Shipment]:
    """The order's shipments (not its returns), in the order they left."""
    return list(uow.s.scalars(select(Shipment).where(Shipment.order_id == o.id, Shipment.kind == "ship")
                              .order_by(Shipment.id)))


def pick_shipment(uow: UnitOfWork, o: SalesOrder, which: int | None) -> tuple[int, Shipment]:
    """(its number within the order, the shipment): the one asked for, else the last."""
    shipments = order_shipments(uow, o)
    if not shipments:
        raise Refused(_("{number} has not been shipped; a UPD is made for a shipment.").format(number=o.number))
    if which is None:
        return len(shipments), shipments[-1]
    if not 1 <= which <= len(shipments):
        raise NotFound(_("{number} has no shipment {which}; it has {shipments}.").format(
            number=o.number, which=which, shipments=len(shipments)))
    return which, shipments[which - 1]


def _seller(uow: UnitOfWork):
    from boclerk.formats.upd_out import UpdParty

    from boclerk.services.platform.company import require_details

    require_details(uow, ("tax_id", "director"), _("A UPD names the seller's INN and its signer"))
    c = uow.company
    return UpdParty(c.name, c.tax_id, c.kpp, c.legal_address)


def _buyer(c: Customer):
    from boclerk.formats.upd_out import UpdParty

    inn = c.tax_id if c.country == "RU" else ""
    kind = {"organisation": "org", "sole_trader": "ip"}.get(c.kind, "person")
    return UpdParty(c.name, inn if kind != "person" else "", c.kpp if kind == "org" else "", c.address or "",
                    party_kind=kind if inn or kind == "person" else "person")


def upd_document(uow: UnitOfWork, order_no: str, which: int | None = None):
    """The plain data of the UPD of a shipment of ``order_no`` (the last one unless ``which``)."""
    from boclerk.formats.upd_out import UpdDocument, UpdLine

    o = order_by_number(uow, order_no)
    n, shipment = pick_shipment(uow, o, which)
    customer = uow.s.get(Customer, o.customer_id)
    rows = uow.s.execute(
        select(ShipmentLine, OrderLine, Product, Unit)
        .join(OrderLine, OrderLine.id == ShipmentLine.order_line_id)
        .join(Product, Product.id == OrderLine.product_id)
        .join(Unit, Unit.code == Product.unit)
        .where(ShipmentLine.shipment_id == shipment.id).order_by(OrderLine.line_no)).all()
    currency = uow.currency
    if currency != "RUB":
        raise Refused(_("A UPD is made in roubles; the books of this shop are in {currency}.").format(
            currency=currency))
    from boclerk.services.ledger.vat import regime_on

    payer = regime_on(uow, shipment.day) != VatRegime.SIMPLIFIED_EXEMPT.value
    lines = []
    for i, (sl, ol, p, unit) in enumerate(rows, start=1):
        qty = to_units(sl.qty, unit.decimals)
        net, vat = to_decimal(sl.net, currency), to_decimal(sl.vat, currency)
        price = (net / qty).quantize(Decimal("0.01")) if qty else net
        lines.append(UpdLine(i, p.name, p.sku, unit.okei, unit.symbol_ru, qty, price, net,
                             sl.vat_rate if payer else None, vat if payer else Decimal("0.00"),
                             net + (vat if payer else Decimal("0.00"))))
    if not lines:
        raise Refused(_("Shipment {n} of {number} has no lines.").format(n=n, number=o.number))
    created = uow.now.astimezone()
    return UpdDocument(number=f"{o.number}/{n}", day=shipment.day, vat_payer=payer, seller=_seller(uow),
                       buyer=_buyer(customer), lines=tuple(lines), order_number=o.number, guid=str(uuid.uuid4()),
                       created=created.replace(tzinfo=None), signer=uow.company.director), shipment, o


def shipment_upd(db: Database, actor: str, order_no: str, which: int | None = None) -> list[Produced]:
    """The UPD of a shipment, XML and PDF: made and registered the first time, the same ones after."""
    from boclerk.formats.upd_out import upd_file_name, write_upd
    from boclerk.formats.upd_pdf import upd_pdf

    with db.read(actor) as uow:
        o = order_by_number(uow, order_no)
        __, shipment = pick_shipment(uow, o, which)
        shipment_id = shipment.id

    def build(uow: UnitOfWork) -> list[Draft]:
        doc, shipment, o = upd_document(uow, order_no, which)
        name = upd_file_name(doc)
        amount = int(doc.total_gross * 100)
        common = dict(doc_type=DocType.UPD.value, their_number=doc.number, their_date=doc.day, amount=amount,
                      customer_id=o.customer_id, links=((LinkKind.ORDER, o.id), (LinkKind.CUSTOMER, o.customer_id)))
        text = " ".join([doc.number, doc.seller.name, doc.buyer.name, o.number] + [x.name for x in doc.lines])
        return [Draft("upd", f"{name}.xml", write_upd(doc), file_kind="xml", text=text, **common),
                Draft("upd_pdf", f"{name}.pdf", upd_pdf(doc), file_kind="pdf", text=text, parent_kind="upd", **common)]

    if which is not None and which < 1:
        raise InvalidInput(_("A shipment is numbered from 1."))
    return produce(db, actor, "shipment", shipment_id, build)
