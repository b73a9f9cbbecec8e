"""The invoice for payment (счёт на оплату) as an A4 PDF: bank details, lines, VAT, words, QR.

Russian or English words (labels, the amount in words) by its language, which is its locale's
unless told; amounts and the date in the locale's format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from boclerk.formats.payment_qr import PaymentDetails, payload, qr_png
from boclerk.formats.pdf import new_page
from boclerk.formats.words import amount_in_words
from boclerk.money import format_amount

__all__ = ["InvoiceData", "InvoiceLineData", "invoice_pdf"]


@dataclass(frozen=True)
class InvoiceLineData:
    line_no: int
    name: str
    sku: str
    quantity: str  # shown: "3", "1,250"
    unit: str
    price: int  # minor units, per unit as the order has it
    discount: str  # "5" (percent) or ""
    amount: int  # the line's gross, after the discount


@dataclass(frozen=True)
class InvoiceData:
    number: str
    day: date
    seller: str
    seller_inn: str
    seller_kpp: str
    seller_address: str
    buyer: str
    buyer_inn: str
    buyer_address: str
    payment: PaymentDetails
    lines: tuple[InvoiceLineData, ...]
    total: int
    vat_by_rate: tuple[tuple[int | None, int], ...]  # (rate or None for без НДС, VAT in it)
    director: str
    accountant: str
    created: datetime
    currency: str = "RUB"
    locale: str = "ru"  # how its amounts and date are written
    buyer_kpp: str = ""
    paid: int = 0  # paid on the order already: the invoice asks for the rest
    language: str = ""  # of its words: "ru" or "en"; empty: the locale's

    @property
    def words_in(self) -> str:
        """The language (or locale) its words are in."""
        return self.language or self.locale

    @property
    def due(self) -> int:
        return self.total - self.paid

    @property
    def words(self) -> str:
        return amount_in_words(self.due, self.words_in)


_RU = {"title": "Счёт на оплату № {n} от {d}", "bank": "Банк получателя", "bik": "БИК", "acc": "Сч. №",
       "corr": "Корр. сч.", "inn": "ИНН", "kpp": "КПП", "payee": "Получатель", "seller": "Поставщик",
       "buyer": "Покупатель", "head": ["№", "Товар", "Кол-во", "Ед.", "Цена", "Скидка, %", "Сумма"], "total": "Итого:",
       "vat": "В том числе НДС {r}%:", "novat": "Без налога (НДС)", "count": "Всего наименований {c}, на сумму {s}",
       "director": "Руководитель", "accountant": "Главный бухгалтер", "qr": "Оплата по QR-коду в приложении банка",
       "purpose": "Назначение платежа", "paid": "Оплачено:", "due": "Итого к оплате:"}
_EN = {"title": "Invoice for payment No. {n} of {d}", "bank": "Payee's bank", "bik": "BIK", "acc": "Account",
       "corr": "Corr. account", "inn": "INN", "kpp": "KPP", "payee": "Payee", "seller": "Supplier",
       "buyer": "Customer", "head": ["No.", "Item", "Qty", "Unit", "Price", "Discount, %", "Amount"], "total": "Total:",
       "vat": "Including VAT {r}%:", "novat": "No VAT", "count": "{c} items, total {s}", "director": "Director",
       "accountant": "Chief accountant", "qr": "Pay by scanning the QR code in a banking app",
       "purpose": "Payment purpose", "paid": "Paid:", "due": "Total due:"}


def invoice_pdf(inv: InvoiceData) -> bytes:
    t = _RU if inv.words_in.startswith("ru") else _EN

    def money(minor: int) -> str:
        return format_amount(minor, currency=inv.currency, locale=inv.locale)

    day = f"{inv.day:%d.%m.%Y}" if inv.locale.startswith("ru") else inv.day.isoformat()
    page = new_page(t["title"].format(n=inv.number, d=day), inv.created)
    p = inv.payment
    page.table(["", ""], [[f"{t['bank']}: {p.bank_name}", f"{t['bik']} {p.bik}\n{t['corr']} {p.corr_account}"],
                          [f"{t['inn']} {p.inn}   {t['kpp']} {p.kpp}\n{t['payee']}: {p.name}",
                           f"{t['acc']} {p.account}"]], [110, 70], "LL", size=9)
    page.text(t["title"].format(n=inv.number, d=day), 14, True, gap=2)
    ids = ", ".join(x for x in (f"{t['inn']} {inv.seller_inn}" if inv.seller_inn else "",
                                f"{t['kpp']} {inv.seller_kpp}" if inv.seller_kpp else "") if x)
    page.pair(f"{t['seller']}:", ", ".join(x for x in (inv.seller, ids, inv.seller_address) if x))
    buyer_ids = ", ".join(x for x in (f"{t['inn']} {inv.buyer_inn}" if inv.buyer_inn else "",
                                      f"{t['kpp']} {inv.buyer_kpp}" if inv.buyer_kpp else "") if x)
    page.pair(f"{t['buyer']}:", ", ".join(x for x in (inv.buyer, buyer_ids, inv.buyer_address) if x))
    page.pdf.ln(2)
    rows = [[str(x.line_no), x.name, x.quantity, x.unit, money(x.price), x.discount, money(x.amount)]
            for x in inv.lines]
    page.table(t["head"], rows, [8, 80, 16, 12, 24, 14, 28], "CLRCRRR")
    page.text(f"{t['total']} {money(inv.total)}", 10, True, align="R")
    for rate, vat in inv.vat_by_rate:
        page.text(f"{t['vat'].format(r=rate)} {money(vat)}" if rate is not None else t["novat"], 10, align="R")
    if inv.paid:  # what was paid already, and what is left to pay: the amount below, in words and in the QR code
        page.text(f"{t['paid']} {money(inv.paid)}", 10, align="R")
        page.text(f"{t['due']} {money(inv.due)}", 10, True, align="R")
    page.text(t["count"].format(c=len(inv.lines), s=money(inv.total)), 9)
    page.text(inv.words, 10, True, gap=2)
    page.pair(f"{t['purpose']}:", p.purpose)
    page.pdf.ln(2)
    page.text(t["qr"], 8)
    page.image(qr_png(payload(p)), 38)
    page.pdf.ln(4)
    page.rule()
    page.pair(f"{t['director']}:", f"______________ {inv.director}")
    page.pair(f"{t['accountant']}:", f"______________ {inv.accountant or inv.director}")
    return page.output()
