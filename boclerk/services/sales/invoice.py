"""The invoice for payment (счёт на оплату) of an order, with the GOST payment QR code; made once.

Its number is the order's, its date the day it was first produced; printing it again gives
the same registered document. It needs the company's bank details and director.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from sqlalchemy import select

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, Unit
from boclerk.domain.documents import DocType, LinkKind
from boclerk.domain.partners import Customer
from boclerk.domain.sales import OrderLine
from boclerk.errors import Refused
from boclerk.money import format_amount
from boclerk.quantity import format_qty
from boclerk.services.documents.outbound import Draft, Produced, produce
from boclerk.services.sales.orders import order_by_number

__all__ = ["order_invoice", "invoice_data", "payment_details"]

_NEEDED = (("--tax-id", "tax_id"), ("--bik", "bik"), ("--account", "bank_account"), ("--bank", "bank_name"),
           ("--corr-account", "corr_account"), ("--director", "director"))


def _check_company(uow: UnitOfWork) -> None:
    c = uow.company
    missing = [flag for flag, attr in _NEEDED if not getattr(c, attr)]
    if missing:
        raise Refused("An invoice for payment prints the company's bank details and director; set them first: "
                      "boclerk company set " + " ".join(f"{m} ..." for m in missing) + ".")


def _purpose(number: str, day, vat: list[tuple[int | None, int]], currency: str) -> str:
    taxed = [(r, v) for r, v in vat if r is not None]
    tax = ", ".join(f"НДС {r}% {format_amount(v, currency=currency, locale='ru')}" for r, v in taxed) \
        if taxed else "НДС не облагается"
    return f"Оплата по счёту № {number} от {day:%d.%m.%Y}, в т.ч. {tax}" if taxed else \
        f"Оплата по счёту № {number} от {day:%d.%m.%Y}, {tax}"


def payment_details(uow: UnitOfWork, number: str, day, total: int, vat: list[tuple[int | None, int]]):
    """The GOST R 56042-2014 fields of a payment to the company for invoice ``number``."""
    from boclerk.formats.payment_qr import PaymentDetails

    c = uow.company
    return PaymentDetails(name=c.name, account=c.bank_account, bank_name=c.bank_name, bik=c.bik,
                          corr_account=c.corr_account, inn=c.tax_id, kpp=c.kpp,
                          purpose=_purpose(number, day, vat, uow.currency), sum_kopecks=total)


def invoice_data(uow: UnitOfWork, order_no: str, *, locale: str | None = None):
    """The plain data of the invoice for payment of ``order_no``, dated today."""
    from boclerk.formats.invoice_pdf import InvoiceData, InvoiceLineData

    _check_company(uow)
    o = order_by_number(uow, order_no)
    if o.status == "cancelled":
        raise Refused(f"{o.number} is cancelled; there is nothing to pay.")
    if o.total <= 0:
        raise Refused(f"{o.number} has nothing to pay (its total is 0).")
    locale = locale or uow.company.locale or "ru"
    rows = uow.s.execute(select(OrderLine, Product, Unit).join(Product, Product.id == OrderLine.product_id)
                         .join(Unit, Unit.code == Product.unit).where(OrderLine.order_id == o.id)
                         .order_by(OrderLine.line_no)).all()
    lines, vat = [], {}
    for i, (ol, p, unit) in enumerate(rows, start=1):
        shown_price = ol.gross if ol.qty == 0 else ol.unit_price
        discount = format_decimal(Decimal(ol.discount_bp) / 100, locale=locale) if ol.discount_bp else ""
        lines.append(InvoiceLineData(i, p.name, p.sku, format_qty(ol.qty, unit.decimals, locale=locale),
                                     unit.symbol(locale), shown_price, discount, ol.gross))
        vat[ol.vat_rate] = vat.get(ol.vat_rate, 0) + ol.vat
    by_rate = sorted(vat.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))
    customer = uow.s.get(Customer, o.customer_id)
    c = uow.company
    day = uow.today
    return InvoiceData(number=o.number, day=day, seller=c.name, seller_inn=c.tax_id, seller_kpp=c.kpp,
                       seller_address=c.legal_address, buyer=customer.name, buyer_inn=customer.tax_id,
                       buyer_address=customer.address, payment=payment_details(uow, o.number, day, o.total, by_rate),
                       lines=tuple(lines), total=o.total, vat_by_rate=tuple(by_rate), director=c.director,
                       accountant=c.chief_accountant, created=uow.now.astimezone().replace(tzinfo=None),
                       currency=uow.currency, locale=locale, buyer_kpp=customer.kpp), o


def order_invoice(db: Database, actor: str, order_no: str, *, locale: str | None = None) -> list[Produced]:
    """The invoice for payment of an order as a PDF: made and registered once, the same one after."""
    from boclerk.formats.invoice_pdf import invoice_pdf

    with db.read(actor) as uow:
        order_id = order_by_number(uow, order_no).id

    def build(uow: UnitOfWork) -> list[Draft]:
        inv, o = invoice_data(uow, order_no, locale=locale)
        prefix = "Счёт" if inv.locale.startswith("ru") else "Invoice"
        text = " ".join([prefix, inv.number, inv.buyer, inv.words] + [x.name for x in inv.lines])
        return [Draft("invoice", f"{prefix} {inv.number}.pdf", invoice_pdf(inv), DocType.CUSTOMER_INVOICE.value, "pdf",
                      their_number=inv.number, their_date=inv.day, amount=inv.total, customer_id=o.customer_id,
                      links=((LinkKind.ORDER, o.id), (LinkKind.CUSTOMER, o.customer_id)), text=text)]

    return produce(db, actor, "order", order_id, build)
