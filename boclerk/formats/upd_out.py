"""The seller's title of a UPD in the FNS format 5.03 (КНД 1115131, ON_NSCHFDOPPR), written.

Plain data in (:class:`UpdDocument`), windows-1251 bytes out. The function is СЧФДОП for a
VAT payer (the document is the invoice too) and ДОП otherwise (every line "без НДС"). The
file is named as the format says, ``ON_NSCHFDOPPR_<recipient>_<sender>_<YYYYMMDD>_<GUID>``,
and ``ИдФайл`` repeats that name. boclerk's own UPD reader (:mod:`.einvoice`) reads what
this writes back into the same lines and totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, tostring

__all__ = ["UpdDocument", "UpdLine", "UpdParty", "upd_file_name", "write_upd"]

KND = "1115131"
SCHFDOP_NAME = ("Счет-фактура и документ об отгрузке товаров (выполнении работ), передаче имущественных прав "
                "(документ об оказании услуг)")
DOP_NAME = "Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)"
SCHFDOP_FACT = "Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)"
CURRENCY_NAMES = {"643": "Российский рубль", "978": "Евро", "840": "Доллар США", "156": "Юань"}
COUNTRY_NAMES = {"643": "Россия", "112": "Беларусь", "398": "Казахстан", "276": "Германия"}
_SAFE_ID = re.compile(r"[^0-9A-Za-z-]")


@dataclass(frozen=True)
class UpdParty:
    """An organisation (10-digit INN), a sole trader (12 digits) or a person (no INN)."""

    name: str
    inn: str = ""
    kpp: str = ""
    address: str = ""
    country_code: str = "643"  # OKSM
    party_kind: str = ""  # org, ip, person; '' when the INN's length is to say

    @property
    def kind(self) -> str:
        if self.party_kind:
            return self.party_kind
        return {10: "org", 12: "ip"}.get(len(self.inn), "person") if self.inn.isdigit() else "person"


@dataclass(frozen=True)
class UpdLine:
    line_no: int
    name: str
    sku: str
    okei: str
    unit_name: str
    quantity: Decimal  # in units, exact
    price: Decimal  # net price per unit
    net: Decimal
    vat_rate: int | None  # percent; None: без НДС
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True)
class UpdDocument:
    number: str
    day: date  # the date of the document and of the shipment
    vat_payer: bool
    seller: UpdParty
    buyer: UpdParty
    lines: tuple[UpdLine, ...]
    order_number: str
    guid: str  # 36 characters, the file's unique part
    created: datetime  # when the file was formed (local time of the seller)
    signer: str  # "Фамилия Имя Отчество"
    signer_position: str = "Генеральный директор"
    currency_code: str = "643"  # OKV
    program: str = "boclerk"

    @property
    def function(self) -> str:
        return "СЧФДОП" if self.vat_payer else "ДОП"

    @property
    def total_net(self) -> Decimal:
        return sum((x.net for x in self.lines), Decimal("0.00"))

    @property
    def total_vat(self) -> Decimal:
        return sum((x.vat for x in self.lines), Decimal("0.00"))

    @property
    def total_gross(self) -> Decimal:
        return sum((x.gross for x in self.lines), Decimal("0.00"))


def _party_id(p: UpdParty) -> str:
    """The participant's part of the file name: INN and KPP; 0 for a person without an INN."""
    return _SAFE_ID.sub("", p.inn + p.kpp) or "0"


def upd_file_name(doc: UpdDocument) -> str:
    """``ON_NSCHFDOPPR_<recipient>_<sender>_<YYYYMMDD>_<GUID>`` without the extension."""
    return f"ON_NSCHFDOPPR_{_party_id(doc.buyer)}_{_party_id(doc.seller)}_{doc.day:%Y%m%d}_{doc.guid}"


def _d(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def _qty(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _fio(parent: Element, full_name: str) -> None:
    parts = full_name.split()
    if not parts:
        raise ValueError("a person's name is empty")
    attrs = {"Фамилия": parts[0][:60], "Имя": (parts[1] if len(parts) > 1 else parts[0])[:60]}
    if len(parts) > 2:
        attrs["Отчество"] = " ".join(parts[2:])[:60]
    SubElement(parent, "ФИО", attrs)


def _party(parent: Element, tag: str, p: UpdParty) -> None:
    el = SubElement(parent, tag)
    ids = SubElement(el, "ИдСв")
    if p.kind == "org":
        attrs = {"НаимОрг": p.name[:1000], "ИННЮЛ": p.inn}
        if p.kpp:
            attrs["КПП"] = p.kpp
        SubElement(ids, "СвЮЛУч", attrs)
    elif p.kind == "ip":
        _fio(SubElement(ids, "СвИП", {"ИННФЛ": p.inn}), p.name)
    else:
        _fio(SubElement(ids, "СвФЛУч"), p.name)
    if p.address:
        country = p.country_code or "643"
        SubElement(SubElement(el, "Адрес"), "АдрИнф", {
            "КодСтр": country, "НаимСтран": COUNTRY_NAMES.get(country, "Россия"), "АдрТекст": p.address[:1000]})


def _rate(rate: int | None) -> str:
    return "без НДС" if rate is None else f"{rate}%"


def _vat(parent: Element, tag: str, rate: int | None, amount: Decimal) -> None:
    el = SubElement(parent, tag)
    if rate is None:
        SubElement(el, "БезНДС").text = "без НДС"
    else:
        SubElement(el, "СумНал").text = _money(amount)


def write_upd(doc: UpdDocument) -> bytes:
    """The UPD as windows-1251 XML bytes."""
    if not doc.lines:
        raise ValueError("a UPD needs at least one line")
    root = Element("Файл", {"ИдФайл": upd_file_name(doc), "ВерсФорм": "5.03", "ВерсПрог": doc.program[:40]})
    body = SubElement(root, "Документ", {
        "КНД": KND, "Функция": doc.function, "ПоФактХЖ": SCHFDOP_FACT,
        "НаимДокОпр": SCHFDOP_NAME if doc.vat_payer else DOP_NAME,
        "ДатаИнфПр": _d(doc.created.date()), "ВремИнфПр": f"{doc.created:%H.%M.%S}",
        "НаимЭконСубСост": doc.seller.name[:1000]})
    sf = SubElement(body, "СвСчФакт", {"НомерДок": doc.number, "ДатаДок": _d(doc.day)})
    _party(sf, "СвПрод", doc.seller)
    SubElement(SubElement(sf, "ГрузОт"), "ОнЖе").text = "он же"
    _party(sf, "ГрузПолуч", doc.buyer)
    _party(sf, "СвПокуп", doc.buyer)
    SubElement(sf, "ДенИзм", {"КодОКВ": doc.currency_code,
                              "НаимОКВ": CURRENCY_NAMES.get(doc.currency_code, doc.currency_code)})
    if doc.order_number:
        info = SubElement(sf, "ИнфПолФХЖ1")
        SubElement(info, "ТекстИнф", {"Идентиф": "НомерЗаказа", "Значен": doc.order_number})
    table = SubElement(body, "ТаблСчФакт")
    for line in doc.lines:
        rate = line.vat_rate if doc.vat_payer else None
        attrs = {"НомСтр": str(line.line_no), "НаимТов": line.name[:2000]}
        if line.okei:
            attrs["ОКЕИ_Тов"] = line.okei
        attrs.update({"НаимЕдИзм": line.unit_name[:255], "КолТов": _qty(line.quantity), "ЦенаТов": _qty(line.price),
                      "СтТовБезНДС": _money(line.net), "НалСт": _rate(rate), "СтТовУчНал": _money(line.gross)})
        el = SubElement(table, "СведТов", attrs)
        if line.sku:
            SubElement(el, "ДопСведТов", {"КодТов": line.sku[:100]})
        SubElement(SubElement(el, "Акциз"), "БезАкциз").text = "без акциза"
        _vat(el, "СумНал", rate, line.vat)
    total = SubElement(table, "ВсегоОпл", {"СтТовБезНДСВсего": _money(doc.total_net),
                                           "СтТовУчНалВсего": _money(doc.total_gross)})
    _vat(total, "СумНалВсего", None if not doc.vat_payer else 0, doc.total_vat)
    transfer = SubElement(SubElement(body, "СвПродПер"), "СвПер", {
        "СодОпер": "Товары переданы", "ДатаПер": _d(doc.day)})
    SubElement(transfer, "ОснПер", {"РеквНаимДок": "Заказ", "РеквНомерДок": doc.order_number or doc.number,
                                    "РеквДатаДок": _d(doc.day)})
    signer = SubElement(body, "Подписант", {"Должн": doc.signer_position[:255], "ТипПодпис": "1",
                                            "СпосПодтПолном": "1"})
    _fio(signer, doc.signer)
    return b'<?xml version="1.0" encoding="windows-1251"?>\n' + tostring(root, encoding="unicode").encode("cp1251")
