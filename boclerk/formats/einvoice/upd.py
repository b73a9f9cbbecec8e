"""The UPD of the Russian Federal Tax Service (XML 5.01-5.03, КНД 1115131, Функция
СЧФ/СЧФДОП/ДОП) read into an :class:`Invoice`; a corrected UPD (ИспрДок, ИспрСчФ in 5.01)
carries its correction number."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from xml.etree.ElementTree import Element

from boclerk.errors import InvalidInput
from boclerk.formats.einvoice.common import (
    OKEI,
    OKV,
    Invoice,
    InvoiceLine,
    _complete,
    _date,
    _dec,
    _finish,
    _need,
    _need_el,
    _opt_dec,
)
from boclerk.i18n import _

# --- UPD (ФНС 5.01-5.03) -------------------------------------------------------------------

def _upd_rate(text: str, what: str) -> Decimal | None:
    t = " ".join(text.lower().split())
    if t in ("без ндс", "ндс исчисляется налоговым агентом"):
        return None
    if m := re.fullmatch(r"([0-9]{1,2}(?:[.,][0-9]{1,2})?) ?%", t):
        return Decimal(m[1].replace(",", "."))
    if m := re.fullmatch(r"([0-9]{1,2})/1[0-9]{2}", t):  # settlement rates 10/110, 20/120 ...
        return Decimal(m[1])
    raise InvalidInput(_("{what}: НалСт {text!r} is not a VAT rate boclerk knows.").format(what=what, text=text[:40]))


def _upd_vat(el: Element | None, what: str, field: str) -> Decimal | None:
    """СумНал/СумНал as a number, БезНДС as 0, ДефНДС ('-') or nothing as None."""
    if el is None:
        return None
    amount = el.find("СумНал")
    if amount is not None and (amount.text or "").strip():
        return _dec(amount.text, what, field)
    return Decimal(0) if el.find("БезНДС") is not None else None


def _upd_party(sf: Element, tag: str, what: str) -> tuple[str, str]:
    ids = _need_el(sf.find(f"{tag}/ИдСв"), what, f"{tag}/ИдСв")
    if (org := ids.find("СвЮЛУч")) is not None:
        return _need(org.get("НаимОрг"), what, f"{tag}/ИдСв/СвЮЛУч/@НаимОрг"), (org.get("ИННЮЛ") or "").strip()
    for person_tag, prefix in (("СвИП", "ИП "), ("СвФЛУч", "")):
        if (person := ids.find(person_tag)) is not None:
            fio = _need_el(person.find("ФИО"), what, f"{tag}/ИдСв/{person_tag}/ФИО")
            parts = [(fio.get(a) or "").strip() for a in ("Фамилия", "Имя", "Отчество")]
            _need(parts[0], what, f"{tag}/ИдСв/{person_tag}/ФИО/@Фамилия")
            return prefix + " ".join(p for p in parts if p), (person.get("ИННФЛ") or "").strip()
    if (foreign := ids.find("СвИнНеУч")) is not None:
        name = _need(foreign.get("НаимОрг"), what, f"{tag}/ИдСв/СвИнНеУч/@НаимОрг")
        return name, (foreign.get("Идентиф") or foreign.get("ИННЮЛ") or "").strip()
    raise InvalidInput(_("{what} has no {tag}/ИдСв/СвЮЛУч or СвИП element.").format(what=what, tag=tag))


def _upd_order(doc: Element) -> str:
    """Order number from ИнфПолФХЖ1/ТекстИнф (Идентиф about an order) or ОснПер named "заказ".

    СвПРД is deliberately not read: it names the payment document, not the order.
    """
    for info in doc.iter("ИнфПолФХЖ1"):
        for item in info.findall("ТекстИнф"):
            key = (item.get("Идентиф") or "").lower()
            if ("заказ" in key or "order" in key or key in ("po", "ponumber")) and (item.get("Значен") or "").strip():
                return item.get("Значен", "").strip()
    for basis in doc.iter("ОснПер"):
        kind = (basis.get("РеквНаимДок") or basis.get("НаимОсн") or "").lower()
        number = (basis.get("РеквНомерДок") or basis.get("НомОсн") or "").strip()
        if "заказ" in kind and number:
            return number
    return ""


def _upd_line(el: Element, what: str) -> InvoiceLine:
    no_text = _need(el.get("НомСтр"), what, "СведТов/@НомСтр")
    if not no_text.isdigit() or len(no_text) > 9:
        raise InvalidInput(_("{what}: НомСтр {no_text!r} is not a line number.").format(what=what, no_text=no_text[:20]))
    at = _("{what}, line {no_text}").format(what=what, no_text=no_text)
    extra = el.find("ДопСведТов")
    extra_get = extra.get if extra is not None else (lambda key, default=None: default)
    okei = (el.get("ОКЕИ_Тов") or "").strip()
    unit = (el.get("НаимЕдИзм") or extra_get("НаимЕдИзм") or OKEI.get(okei.zfill(3)) or okei).strip()
    quantity = _opt_dec(el.get("КолТов"), at, "КолТов")
    quantity = Decimal(1) if quantity is None else quantity  # services may give no quantity
    rate = _upd_rate(_need(el.get("НалСт"), at, "НалСт"), at)
    net, vat, gross = _complete(_opt_dec(el.get("СтТовБезНДС"), at, "СтТовБезНДС"),
                                _upd_vat(el.find("СумНал"), at, "СумНал"),
                                _opt_dec(el.get("СтТовУчНал"), at, "СтТовУчНал"),
                                at, ("СтТовБезНДС", "СумНал", "СтТовУчНал"), rate, by_rate=True)
    price = _opt_dec(el.get("ЦенаТов"), at, "ЦенаТов")
    if price is None:
        price = net if quantity in (0, 1) else (net / quantity).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return InvoiceLine(int(no_text), _need(el.get("НаимТов"), at, "НаимТов"), (extra_get("КодТов") or "").strip(),
                       quantity, unit, price, net, rate, vat, gross)


def _read_upd(root: Element, what: str) -> Invoice:
    version = root.get("ВерсФорм", "")
    if version not in ("5.01", "5.02", "5.03"):
        raise InvalidInput(_("{what} is a UPD of format {version}; boclerk reads formats 5.01 to 5.03.").format(
            what=what, version=version or _("unknown")))
    doc = _need_el(root.find("Документ"), what, "Документ")
    function = doc.get("Функция", "")
    if function not in ("СЧФ", "СЧФДОП", "ДОП"):
        raise InvalidInput(_("{what} is a UPD with Функция {function!r}; boclerk reads СЧФ, СЧФДОП and ДОП.").format(
            what=what, function=function or _("missing")))
    sf = _need_el(doc.find("СвСчФакт"), what, "Документ/СвСчФакт")
    number = _need(sf.get("НомерДок") or sf.get("НомерСчФ"), what, "СвСчФакт/@НомерДок")
    issued = _date(_need(sf.get("ДатаДок") or sf.get("ДатаСчФ"), what, "СвСчФакт/@ДатаДок"), "%d.%m.%Y",
                   what, "ДатаДок")
    money = sf.find("ДенИзм")
    okv = _need(money.get("КодОКВ") if money is not None else sf.get("КодОКВ"), what, "ДенИзм/@КодОКВ")
    if okv not in OKV:
        raise InvalidInput(_("{what}: currency code {okv!r} (КодОКВ) is not one boclerk knows.").format(what=what, okv=okv[:10]))
    seller, buyer = _upd_party(sf, "СвПрод", what), _upd_party(sf, "СвПокуп", what)
    table = _need_el(doc.find("ТаблСчФакт"), what, "ТаблСчФакт")
    lines = [_upd_line(el, what) for el in table.findall("СведТов")]
    total = _need_el(table.find("ВсегоОпл"), what, "ТаблСчФакт/ВсегоОпл")
    totals = (_opt_dec(total.get("СтТовБезНДСВсего"), what, "СтТовБезНДСВсего"),
              _upd_vat(total.find("СумНалВсего"), what, "СумНалВсего"),
              _opt_dec(total.get("СтТовУчНалВсего"), what, "СтТовУчНалВсего"))
    invoice = _finish("upd", what, number, issued, OKV[okv], seller, buyer, _upd_order(doc), lines, totals,
                      ("СтТовБезНДСВсего", "СумНалВсего", "СтТовУчНалВсего"))
    fix = sf.find("ИспрДок")
    fix = sf.find("ИспрСчФ") if fix is None else fix  # 5.01-5.02 name it so
    if fix is None:
        return invoice
    correction = (fix.get("НомИспр") or fix.get("НомИспрСчФ") or "").strip()
    return replace(invoice, correction=_need(correction, what, "ИспрДок/@НомИспр")[:20])
