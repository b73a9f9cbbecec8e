"""The printable form of a UPD (the seller's title), from the same data as its XML."""

from __future__ import annotations

from decimal import Decimal

from boclerk.formats.pdf import new_page
from boclerk.formats.upd_out import UpdDocument, UpdParty, upd_file_name

__all__ = ["upd_pdf", "ru_amount"]


def ru_amount(value: Decimal) -> str:
    """``23 450,50``: Russian digit groups (non-breaking space) and a decimal comma."""
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value).quantize(Decimal('0.01')):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{chr(0xA0).join(groups)},{frac}"


def _qty(value: Decimal) -> str:
    text = f"{value:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",")


def _party(p: UpdParty) -> str:
    ids = f"ИНН/КПП {p.inn}/{p.kpp}" if p.kpp else (f"ИНН {p.inn}" if p.inn else "")
    return ", ".join(x for x in (p.name, p.address, ids) if x)


def upd_pdf(doc: UpdDocument) -> bytes:
    page = new_page(f"УПД {doc.number}", doc.created, landscape=True)
    page.text(f"Универсальный передаточный документ. Статус: {'1' if doc.vat_payer else '2'} "
              f"({'счёт-фактура и передаточный документ' if doc.vat_payer else 'передаточный документ'})", 8)
    page.text(f"Счёт-фактура № {doc.number} от {doc.day:%d.%m.%Y}" if doc.vat_payer
              else f"Передаточный документ № {doc.number} от {doc.day:%d.%m.%Y}", 12, True)
    page.pair("Продавец:", _party(doc.seller))
    page.pair("Грузоотправитель:", "он же")
    page.pair("Грузополучатель:", _party(doc.buyer))
    page.pair("Покупатель:", _party(doc.buyer))
    page.pair("Валюта:", "Российский рубль, 643" if doc.currency_code == "643" else doc.currency_code)
    if doc.order_number:
        page.pair("Основание:", f"Заказ {doc.order_number}")
    page.pdf.ln(2)
    rows = []
    for x in doc.lines:
        rate = f"{x.vat_rate}%" if doc.vat_payer and x.vat_rate is not None else "без НДС"
        rows.append([str(x.line_no), x.sku, x.name, x.okei, x.unit_name, _qty(x.quantity), ru_amount(x.price),
                     ru_amount(x.net), "без акциза", rate, ru_amount(x.vat) if rate != "без НДС" else "без НДС",
                     ru_amount(x.gross)])
    vat_total = ru_amount(doc.total_vat) if doc.vat_payer else "без НДС"
    rows.append(["", "", "Всего к оплате", "", "", "", "", ru_amount(doc.total_net), "", "", vat_total,
                 ru_amount(doc.total_gross)])
    page.table(["№", "Код", "Наименование товара", "ОКЕИ", "Ед.", "Кол-во", "Цена без НДС", "Стоимость без НДС",
                "Акциз", "Ставка", "Сумма НДС", "Стоимость с НДС"], rows,
               [6, 16, 60, 10, 10, 14, 20, 22, 14, 12, 20, 22], "CLLCCRRRCCRR")
    page.pdf.ln(2)
    page.pair("Основание передачи:", f"Заказ {doc.order_number or doc.number} от {doc.day:%d.%m.%Y}")
    page.pair("Дата отгрузки:", f"{doc.day:%d.%m.%Y}")
    page.pair("Товар передал:", f"{doc.signer_position} ______________ {doc.signer}")
    page.pair("Товар получил:", "______________ / ______________ /")
    page.pdf.ln(3)
    page.text(f"Электронный документ: {upd_file_name(doc)}.xml", 7)
    return page.output()
