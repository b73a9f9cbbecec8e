"""Packing slips (picking lists) and the purchase order, as A4 PDFs.

A packing slip says what to pick from which warehouse for one order, with the order number
as a Code 39 barcode to scan at the packing table; several slips make one PDF, a page each.

Russian or English words by the language asked for, which is the locale's unless told; dates and
amounts in the locale's format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from boclerk.formats.pdf import new_page
from boclerk.money import format_amount

__all__ = ["PoData", "PoLineData", "SlipData", "SlipLine", "packing_pdf", "po_pdf"]


@dataclass(frozen=True)
class SlipLine:
    sku: str
    name: str
    quantity: str  # shown with the unit's decimals
    unit: str
    barcode: str = ""  # the product's EAN, if it has one


@dataclass(frozen=True)
class SlipData:
    order: str
    title_ref: str  # "SO-2026-000123/2" for a shipment, the order number for what is left to pick
    day: date
    customer: str
    address: str
    warehouse: str
    lines: tuple[SlipLine, ...]


_RU = {"slip": "Упаковочный лист {n}", "day": "Дата", "customer": "Покупатель", "address": "Адрес доставки",
       "warehouse": "Склад", "head": ["№", "Артикул", "Товар", "Штрихкод", "Кол-во", "Ед.", "Собрано"],
       "picked": "Собрал ______________", "packed": "Упаковал ______________",
       "po": "Заказ поставщику № {n} от {d}", "supplier": "Поставщик", "buyer": "Покупатель",
       "deliver": "Доставить на склад", "expected": "Ожидаемая дата поставки",
       "po_head": ["№", "Артикул", "Товар", "Кол-во", "Ед.", "Цена без НДС", "Сумма без НДС"],
       "total": "Итого без НДС:", "vat": "НДС {r}%:", "gross": "Всего с НДС:", "sign": "Заказал"}
_EN = {"slip": "Packing slip {n}", "day": "Date", "customer": "Customer", "address": "Deliver to",
       "warehouse": "Warehouse", "head": ["No.", "SKU", "Item", "Barcode", "Qty", "Unit", "Picked"],
       "picked": "Picked by ______________", "packed": "Packed by ______________",
       "po": "Purchase order {n} of {d}", "supplier": "Supplier", "buyer": "Buyer", "deliver": "Deliver to warehouse",
       "expected": "Expected delivery", "po_head": ["No.", "SKU", "Item", "Qty", "Unit", "Net price", "Net amount"],
       "total": "Total net:", "vat": "VAT {r}%:", "gross": "Total with VAT:", "sign": "Ordered by"}


def _day(day: date, locale: str) -> str:
    return f"{day:%d.%m.%Y}" if locale.startswith("ru") else day.isoformat()


def packing_pdf(slips: list[SlipData], created: datetime, locale: str = "ru", language: str = "") -> bytes:
    """``language``: of the words ("ru" or "en"); empty: the locale's."""
    if not slips:
        raise ValueError("no packing slips to print")
    t = _RU if (language or locale).startswith("ru") else _EN
    page = new_page(t["slip"].format(n=slips[0].title_ref if len(slips) == 1 else ""), created)
    for i, s in enumerate(slips):
        if i:
            page.pdf.add_page()
        page.text(t["slip"].format(n=s.title_ref), 14, True)
        y = page.pdf.get_y()
        page.pdf.code39(f"*{s.order}*", x=page.pdf.l_margin, y=y, w=0.8, h=12)
        page.pdf.set_y(y + 14)
        page.text(s.order, 9)
        page.pair(f"{t['day']}:", _day(s.day, locale))
        page.pair(f"{t['warehouse']}:", s.warehouse)
        page.pair(f"{t['customer']}:", s.customer)
        if s.address:
            page.pair(f"{t['address']}:", s.address)
        page.pdf.ln(2)
        rows = [[str(n), x.sku, x.name, x.barcode, x.quantity, x.unit, "[   ]"] for n, x in enumerate(s.lines, 1)]
        page.table(t["head"], rows, [8, 26, 70, 30, 16, 10, 16], "CLLLRCC", size=9)
        page.pdf.ln(4)
        page.text(t["picked"], 9)
        page.text(t["packed"], 9)
    return page.output()


@dataclass(frozen=True)
class PoLineData:
    sku: str
    name: str
    quantity: str
    unit: str
    price: int  # net, in the PO's currency
    amount: int
    vat_rate: int | None


@dataclass(frozen=True)
class PoData:
    number: str
    day: date
    supplier: str
    supplier_tax_id: str
    buyer: str
    buyer_tax_id: str
    buyer_address: str
    warehouse: str
    expected: date | None
    lines: tuple[PoLineData, ...]
    currency: str
    signer: str
    created: datetime
    notes: str = ""
    locale: str = "ru"  # how its amounts and dates are written
    language: str = ""  # of its words: "ru" or "en"; empty: the locale's

    @property
    def words_in(self) -> str:
        """The language (or locale) its words are in."""
        return self.language or self.locale

    @property
    def total(self) -> int:
        return sum(x.amount for x in self.lines)


def po_pdf(po: PoData, vat_by_rate: list[tuple[int, int]]) -> bytes:
    t = _RU if po.words_in.startswith("ru") else _EN

    def money(minor: int) -> str:
        return format_amount(minor, currency=po.currency, locale=po.locale)

    title = t["po"].format(n=po.number, d=_day(po.day, po.locale))
    page = new_page(title, po.created)
    page.text(title, 14, True, gap=2)
    page.pair(f"{t['supplier']}:", ", ".join(x for x in (po.supplier, po.supplier_tax_id) if x))
    page.pair(f"{t['buyer']}:", ", ".join(x for x in (po.buyer, po.buyer_tax_id, po.buyer_address) if x))
    page.pair(f"{t['deliver']}:", po.warehouse)
    if po.expected:
        page.pair(f"{t['expected']}:", _day(po.expected, po.locale))
    if po.notes:
        page.text(po.notes, 9)
    page.pdf.ln(2)
    rows = [[str(n), x.sku, x.name, x.quantity, x.unit, money(x.price), money(x.amount)]
            for n, x in enumerate(po.lines, 1)]
    page.table(t["po_head"], rows, [8, 24, 70, 16, 10, 24, 28], "CLLRCRR", size=9)
    page.text(f"{t['total']} {money(po.total)} {po.currency}", 10, True, align="R")
    vat_total = 0
    for rate, vat in vat_by_rate:
        page.text(f"{t['vat'].format(r=rate)} {money(vat)}", 10, align="R")
        vat_total += vat
    if vat_by_rate:
        page.text(f"{t['gross']} {money(po.total + vat_total)} {po.currency}", 10, True, align="R")
    page.pdf.ln(6)
    page.pair(f"{t['sign']}:", f"______________ {po.signer}")
    return page.output()
