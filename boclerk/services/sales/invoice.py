"""The invoice for payment (счёт на оплату) of an order, with the GOST payment QR code; made once.

Its number is the order's, its date the day it was first produced; printing it again gives
the same registered document. It needs the company's bank details and director. It asks for
what is left to pay: once part of the order is paid, the invoice says so (Оплачено, Итого к
оплате) and its words, payment purpose and QR code are for the rest; a new one is made for each
amount paid.
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
from boclerk.i18n import _
from boclerk.money import format_amount
from boclerk.quantity import format_qty
from boclerk.services import shown
from boclerk.services.documents.outbound import Draft, Produced, produce
from boclerk.services.sales.orders import order_by_number

__all__ = ["order_invoice", "invoice_data", "payment_details"]

#: what an invoice for payment prints of the company's details
_NEEDED = ("tax_id", "bik", "bank_account", "bank_name", "corr_account", "director")


def _check_company(uow: UnitOfWork) -> None:
    from boclerk.services.platform.company import require_details

    require_details(uow, _NEEDED, _("An invoice for payment prints the company's bank details and director"))


def _purpose(number: str, day, vat: list[tuple[int | None, int]], currency: str, rest: bool = False) -> str:
    taxed = [(r, v) for r, v in vat if r is not None]
    tax = ", ".join(f"НДС {r}% {format_amount(v, currency=currency, locale='ru')}" for r, v in taxed) \
        if taxed else "НДС не облагается"
    what = f"Оплата по счёту № {number} от {day:%d.%m.%Y}" + (" (остаток)" if rest else "")
    return f"{what}, в т.ч. {tax}" if taxed else f"{what}, {tax}"


def vat_in_part(vat: list[tuple[int | None, int]], part: int, total: int) -> list[tuple[int | None, int]]:
    """The VAT in ``part`` of a total whose VAT by rate is ``vat``: each rate's share, half-up."""
    if part == total:
        return list(vat)
    return [(rate, (2 * amount * part + total) // (2 * total)) for rate, amount in vat]


def payment_details(uow: UnitOfWork, number: str, day, total: int, vat: list[tuple[int | None, int]],
                    paid: int = 0):
    """The GOST R 56042-2014 fields of a payment to the company for invoice ``number``: what is
    left to pay of ``total`` once ``paid`` is counted, with the VAT in it."""
    from boclerk.formats.payment_qr import PaymentDetails

    c = uow.company
    due = total - paid
    return PaymentDetails(name=c.name, account=c.bank_account, bank_name=c.bank_name, bik=c.bik,
                          corr_account=c.corr_account, inn=c.tax_id, kpp=c.kpp,
                          purpose=_purpose(number, day, vat_in_part(vat, due, total), uow.currency, rest=paid > 0),
                          sum_kopecks=due)


def invoice_data(uow: UnitOfWork, order_no: str, *, locale: str | None = None):
    """The plain data of the invoice for payment of ``order_no``, dated today: in the language of
    the books (company.language) with amounts as the shop's locale writes them, or, asked for a
    ``locale`` on purpose, words and amounts as that one writes them."""
    from boclerk.formats.invoice_pdf import InvoiceData, InvoiceLineData

    _check_company(uow)
    o = order_by_number(uow, order_no)
    if o.status == "cancelled":
        raise Refused(_("{number} is cancelled; there is nothing to pay.").format(number=o.number))
    if o.total <= 0:
        raise Refused(_("{number} has nothing to pay (its total is 0).").format(number=o.number))
    paid = max(o.paid, 0)
    if paid >= o.total:
        raise Refused(_("{number} is paid in full; there is nothing left to pay.").format(number=o.number))
    language = "" if locale else shown.language(uow)
    locale = locale or uow.company.locale or "ru"
    words_in = language or locale
    rows = uow.s.execute(select(OrderLine, Product, Unit).join(Product, Product.id == OrderLine.product_id)
                         .join(Unit, Unit.code == Product.unit).where(OrderLine.order_id == o.id)
                         .order_by(OrderLine.line_no)).all()
    lines, vat = [], {}
    for i, (ol, p, unit) in enumerate(rows, start=1):
        shown_price = ol.gross if ol.qty == 0 else ol.unit_price
        discount = format_decimal(Decimal(ol.discount_bp) / 100, locale=locale) if ol.discount_bp else ""
        lines.append(InvoiceLineData(i, p.name, p.sku, format_qty(ol.qty, unit.decimals, locale=locale),
                                     unit.symbol(words_in), shown_price, discount, ol.gross))
        vat[ol.vat_rate] = vat.get(ol.vat_rate, 0) + ol.vat
    by_rate = sorted(vat.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))
    customer = uow.s.get(Customer, o.customer_id)
    c = uow.company
    day = uow.today
    return InvoiceData(number=o.number, day=day, seller=c.name, seller_inn=c.tax_id, seller_kpp=c.kpp,
                       seller_address=c.legal_address, buyer=customer.name, buyer_inn=customer.tax_id,
                       buyer_address=customer.address,
                       payment=payment_details(uow, o.number, day, o.total, by_rate, paid),
                       lines=tuple(lines), total=o.total, vat_by_rate=tuple(by_rate), director=c.director,
                       accountant=c.chief_accountant, created=uow.now.astimezone().replace(tzinfo=None),
                       currency=uow.currency, locale=locale, buyer_kpp=customer.kpp, paid=paid,
                       language=language), o


def order_invoice(db: Database, actor: str, order_no: str, *, locale: str | None = None) -> list[Produced]:
    """The invoice for payment of an order as a PDF: made and registered once, the same one after."""
    from boclerk.formats.invoice_pdf import invoice_pdf

    with db.read(actor) as uow:
        o = order_by_number(uow, order_no)
        order_id, paid = o.id, max(o.paid, 0)

    def build(uow: UnitOfWork) -> list[Draft]:
        inv, o = invoice_data(uow, order_no, locale=locale)
        prefix = "Счёт" if inv.words_in.startswith("ru") else "Invoice"
        text = " ".join([prefix, inv.number, inv.buyer, inv.words] + [x.name for x in inv.lines])
        return [Draft("invoice", f"{prefix} {inv.number}.pdf", invoice_pdf(inv), DocType.CUSTOMER_INVOICE.value, "pdf",
                      their_number=inv.number, their_date=inv.day, amount=inv.due, customer_id=o.customer_id,
                      links=((LinkKind.ORDER, o.id), (LinkKind.CUSTOMER, o.customer_id)), text=text)]

    # once something is paid, the invoice asks for the rest: a new one for each amount left to pay
    return produce(db, actor, "order", order_id, build, period=f"paid:{paid}" if paid else "")
