"""The УКД (универсальный корректировочный документ) of the Russian Federal Tax Service: КНД 1115127
(formats 5.01-5.02) and 1115133 (5.03), Функция КСЧФ/КСЧФДИС/ДИС, read into a :class:`Note`.

A УКД changes the cost of goods already shipped under invoices it names (СчФ): each line carries
the amounts before and after the change and the increase or decrease (СтоимУвел/СтоимУм,
СумНалРазн/СумУвел|СумУм); the table ends with the sums of increases (ВсегоУвел) and decreases
(ВсегоУм). The lines' changes must add up to those sums; a decrease is read as a negative change.
"""

from __future__ import annotations

from decimal import Decimal
from xml.etree.ElementTree import Element

from boclerk.errors import InvalidInput
from boclerk.formats.einvoice.common import (
    CENT,
    OKV,
    Note,
    NoteLine,
    _date,
    _need,
    _need_el,
    _opt_dec,
)
from boclerk.formats.einvoice.upd import _upd_party, _upd_rate
from boclerk.i18n import _

KND = ("1115127", "1115133")
FUNCTIONS = ("КСЧФ", "КСЧФДИС", "ДИС")


def _vat(el: Element | None, what: str, field: str) -> Decimal | None:
    """A VAT amount element: СумНДС (5.01) or СумНал (5.03) as a number, БезНДС as 0, else None."""
    if el is None:
        return None
    for tag in ("СумНДС", "СумНал"):
        found = el.find(tag)
        if found is not None and (found.text or "").strip():
            return _opt_dec(found.text, what, f"{field}/{tag}")
    return Decimal(0) if el.find("БезНДС") is not None else None


def _difference(up: Decimal | None, down: Decimal | None, before: Decimal | None, after: Decimal | None,
                what: str, field: str) -> Decimal:
    """The signed change of an amount, from its increase or decrease, else from before and after."""
    if up and down:
        raise InvalidInput(_("{what}: {field} both increases and decreases.").format(what=what, field=field))
    change = up if up else -down if down else None
    if before is not None and after is not None:
        if change is not None and after - before != change:
            raise InvalidInput(_("{what}: {field} changes from {before} to {after}, not by {change}.").format(what=what, field=field, before=before, after=after, change=change))
        change = after - before
    if change is None:
        change = Decimal(0) if up is not None or down is not None else None
    if change is None:
        raise InvalidInput(_("{what} has no change of {field} (increase, decrease, or amounts before and after).").format(what=what, field=field))
    return change


def _line(el: Element, what: str) -> NoteLine:
    no_text = _need(el.get("НомСтр"), what, "СведТов/@НомСтр")
    if not no_text.isdigit() or len(no_text) > 9:
        raise InvalidInput(_("{what}: НомСтр {no_text!r} is not a line number.").format(what=what, no_text=no_text[:20]))
    at = _("{what}, line {no_text}").format(what=what, no_text=no_text)
    rate_text = el.get("НалСтПосле") or el.get("НалСтДо")
    rate = _upd_rate(_need(rate_text, at, "НалСтПосле"), at)
    cost = _need_el(el.find("СтТовБезНДС"), at, "СтТовБезНДС")
    net = _difference(*(_opt_dec(cost.get(a), at, f"СтТовБезНДС/@{a}")
                        for a in ("СтоимУвел", "СтоимУм", "СтоимДоИзм", "СтоимПослеИзм")), at, "СтТовБезНДС")
    diff = el.find("СумНалРазн")
    up = down = None
    if diff is not None:
        up, down = (_opt_dec(diff.find(t).text if diff.find(t) is not None else None, at, f"СумНалРазн/{t}")
                    for t in ("СумУвел", "СумУм"))
    vat = _difference(up, down, _vat(el.find("СумНалДо"), at, "СумНалДо"), _vat(el.find("СумНалПосле"), at,
                                                                                   "СумНалПосле"), at, "СумНал")
    extra = el.find("ДопСведТов")
    code = (extra.get("КодТов") or "").strip() if extra is not None else ""
    return NoteLine(int(no_text), _need(el.get("НаимТов"), at, "НаимТов"), code, rate, net, vat)


def _total(table: Element, tag: str, what: str) -> tuple[Decimal, Decimal]:
    el = table.find(tag)
    if el is None:
        return Decimal(0), Decimal(0)
    net = _opt_dec(el.get("СтТовБезНДСВсего"), what, f"{tag}/@СтТовБезНДСВсего") or Decimal(0)
    vat = _vat(el.find("СумНал"), what, f"{tag}/СумНал") or Decimal(0)
    gross = _opt_dec(el.get("СтТовУчНалВсего"), what, f"{tag}/@СтТовУчНалВсего")
    if gross is not None and net + vat != gross:
        raise InvalidInput(_("{what}: {tag} says {net} net and {vat} VAT, but {gross} with VAT.").format(what=what, tag=tag, net=net, vat=vat, gross=gross))
    return net, vat


def read_ukd(root: Element, what: str) -> Note:
    doc = _need_el(root.find("Документ"), what, "Документ")
    function = doc.get("Функция", "")
    if function not in FUNCTIONS:
        raise InvalidInput(_("{what} is a УКД with Функция {function!r}; boclerk reads КСЧФ, КСЧФДИС and ДИС.").format(
            what=what, function=function or _("missing")))
    sv = _need_el(doc.find("СвКСчФ"), what, "Документ/СвКСчФ")
    number = _need(sv.get("НомерКСчФ") or sv.get("НомерДок"), what, "СвКСчФ/@НомерКСчФ")
    issued = _date(_need(sv.get("ДатаКСчФ") or sv.get("ДатаДок"), what, "СвКСчФ/@ДатаКСчФ"), "%d.%m.%Y",
                   what, "ДатаКСчФ")
    money = sv.find("ДенИзм")
    okv = _need(sv.get("КодОКВ") or (money.get("КодОКВ") if money is not None else None), what, "СвКСчФ/@КодОКВ")
    if okv not in OKV:
        raise InvalidInput(_("{what}: currency code {okv!r} (КодОКВ) is not one boclerk knows.").format(what=what, okv=okv[:10]))
    invoices = tuple(dict.fromkeys(
        (el.get("НомерСчФ") or el.get("НомерДок") or "").strip() for el in sv.findall("СчФ")))
    invoices = tuple(n for n in invoices if n)
    if not invoices:
        raise InvalidInput(_("{what} names no invoice it corrects (СвКСчФ/СчФ/@НомерСчФ).").format(what=what))
    seller, buyer = _upd_party(sv, "СвПрод", what), _upd_party(sv, "СвПокуп", what)
    table = _need_el(doc.find("ТаблКСчФ"), what, "ТаблКСчФ")
    lines = tuple(_line(el, what) for el in table.findall("СведТов"))
    if not lines:
        raise InvalidInput(_("{what} has no lines (ТаблКСчФ/СведТов).").format(what=what))
    label = f"{what} (УКД {number})"
    tolerance = CENT * len(lines)
    for tag, sign in (("ВсегоУвел", 1), ("ВсегоУм", -1)):
        net, vat = _total(table, tag, label)
        found_net = sum((ln.net for ln in lines if ln.net * sign > 0), Decimal(0)) * sign
        found_vat = sum((ln.vat for ln in lines if ln.vat * sign > 0), Decimal(0)) * sign
        if found_net != net:
            raise InvalidInput((_("{label}: the lines' increases of cost add up to {found} but {tag} is {stated}.") if sign > 0
                                else _("{label}: the lines' decreases of cost add up to {found} but {tag} is {stated}.")
                                ).format(label=label, found=found_net, tag=tag, stated=net))
        if abs(found_vat - vat) > tolerance:
            raise InvalidInput((_("{label}: the lines' increases of VAT add up to {found} but {tag} is {stated}.") if sign > 0
                                else _("{label}: the lines' decreases of VAT add up to {found} but {tag} is {stated}.")
                                ).format(label=label, found=found_vat, tag=tag, stated=vat))
    if all(ln.net == 0 and ln.vat == 0 for ln in lines):
        raise InvalidInput(_("{label} changes no amount.").format(label=label))
    return Note("ukd", number, issued, OKV[okv], seller[0], seller[1], buyer[0], buyer[1], invoices, lines,
                sum((ln.net for ln in lines), Decimal(0)), sum((ln.vat for ln in lines), Decimal(0)))
