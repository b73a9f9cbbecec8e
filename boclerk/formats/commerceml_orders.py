"""CommerceML 2 in: the orders document a web shop hands over (КоммерческаяИнформация/Документ).

Sites write it in many dialects: 1C-Bitrix without a namespace and often in windows-1251,
others in UTF-8 with ``urn:1C.ru:commerceml_2``, some with a schema version of 2.03 or 2.05.
The reader takes bytes, parses them with defusedxml (no DTD, no entities), ignores namespaces,
and returns each "Заказ товара" as plain data: the site's Ид, number and date, the customer
(a person or an organisation, with contacts and address), the lines (product Ид and SKU,
price, quantity, amount, discounts, VAT rate, whether it is a service such as delivery), the
comment, and the site's own words from ЗначенияРеквизитов (status, paid, payment method,
cancelled). Documents of other operations are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from boclerk.errors import InvalidInput
from boclerk.formats.xmlsafe import parse_xml
from boclerk.i18n import _

ORDER = "Заказ товара"
_TRUE = {"true", "да", "1", "yes"}


@dataclass(frozen=True)
class SiteParty:
    id: str
    company: bool
    name: str
    inn: str = ""
    kpp: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class SiteLine:
    id: str
    sku: str
    name: str
    price: Decimal      # per unit, as the site shows it
    qty: Decimal
    amount: Decimal     # the line's sum on the site
    discount: Decimal   # the sum of its discounts
    discount_included: bool  # the price and amount already have the discount taken off
    vat: str | None     # "20", "22", "Без налога", or None when the site says nothing
    service: bool       # delivery and other services


@dataclass(frozen=True)
class SiteOrder:
    id: str
    number: str
    day: date
    currency: str
    total: Decimal
    customer: SiteParty | None
    lines: tuple[SiteLine, ...]
    comment: str
    status: str
    paid: bool
    paid_on: date | None
    payment_method: str
    cancelled: bool
    delivery_address: str
    position: int  # the document's place among the file's documents, for messages

    @property
    def key(self) -> str:
        """What names the order on the site: its Ид, else its number."""
        return self.id or self.number


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _strip(root: Element) -> None:
    for e in root.iter():
        e.tag = _local(e.tag)


def _text(e: Element | None, path: str) -> str:
    if e is None:
        return ""
    found = e.find(path)
    return (found.text or "").strip() if found is not None else ""


def _decimal(text: str, what: str, where: str) -> Decimal:
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned:
        return Decimal(0)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput(_("{where}: {what} '{text}' is not a number.").format(where=where, what=what, text=text[:40])) from None
    if not value.is_finite():
        raise InvalidInput(_("{where}: {what} '{text}' is not a number.").format(where=where, what=what, text=text[:40]))
    return value


def _day(text: str, where: str) -> date:
    head = text.strip()[:10]
    try:
        return date.fromisoformat(head)
    except ValueError:
        try:
            return datetime.strptime(head, "%d.%m.%Y").date()
        except ValueError:
            raise InvalidInput(_("{where}: the date '{text}' is not a date.").format(where=where, text=text[:40])) from None


def _requisites(e: Element | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if e is None:
        return out
    for r in e.findall("ЗначенияРеквизитов/ЗначениеРеквизита"):
        name = _text(r, "Наименование")
        if name:
            out[name.lower()] = _text(r, "Значение")
    return out


def _address(e: Element) -> str:
    for tag in ("Адрес", "АдресРегистрации", "ЮридическийАдрес"):
        a = e.find(tag)
        if a is not None:
            shown = _text(a, "Представление")
            if shown:
                return shown
            parts = [_text(f, "Значение") for f in a.findall("АдресноеПоле")]
            if any(parts):
                return ", ".join(p for p in parts if p)
    return ""


def _party(e: Element) -> SiteParty:
    company = e.find("ОфициальноеНаименование") is not None
    name = (_text(e, "ОфициальноеНаименование") if company else _text(e, "ПолноеНаименование")) or \
        _text(e, "Наименование")
    if not company and not name:
        name = " ".join(p for p in (_text(e, "Фамилия"), _text(e, "Имя"), _text(e, "Отчество")) if p)
    email = phone = ""
    for c in e.findall("Контакты/Контакт"):
        kind, value = _text(c, "Тип").lower(), _text(c, "Значение")
        if ("почт" in kind or "mail" in kind) and not email:
            email = value
        elif "телефон" in kind and not phone:
            phone = value
    return SiteParty(id=_text(e, "Ид"), company=company, name=name, inn=_text(e, "ИНН"), kpp=_text(e, "КПП"),
                     email=email, phone=phone, address=_address(e))


def _line(e: Element, where: str) -> SiteLine:
    reqs = _requisites(e)
    discount = Decimal(0)
    included = True
    for d in e.findall("Скидки/Скидка"):
        discount += _decimal(_text(d, "Сумма"), _("the discount"), where)
        included = _text(d, "УчтеноВСумме").lower() in _TRUE
    vat = _text(e, "СтавкиНалогов/СтавкаНалога/Ставка") or _text(e, "Налоги/Налог/Ставка") or None
    kind = (reqs.get("видноменклатуры") or reqs.get("типноменклатуры") or "").lower()
    return SiteLine(id=_text(e, "Ид"), sku=_text(e, "Артикул"), name=_text(e, "Наименование"),
                    price=_decimal(_text(e, "ЦенаЗаЕдиницу"), _("the price"), where),
                    qty=_decimal(_text(e, "Количество"), _("the quantity"), where),
                    amount=_decimal(_text(e, "Сумма"), _("the amount"), where),
                    discount=discount, discount_included=included, vat=vat, service=kind == "услуга")


def _document(d: Element, position: int, name: str) -> SiteOrder:
    number = _text(d, "Номер")
    where = _("{name}, order {value}").format(name=name, value=number or _text(d, 'Ид') or '?')
    if not number and not _text(d, "Ид"):
        raise InvalidInput(_("{name}: an order document (document {position}) has neither a number nor an Ид.").format(name=name, position=position))
    reqs = _requisites(d)
    buyers = [c for c in d.findall("Контрагенты/Контрагент") if _text(c, "Роль") in ("Покупатель", "")]
    customer = _party(buyers[0]) if buyers else None
    payments = d.findall("Оплаты/Оплата")
    paid_text = reqs.get("заказ оплачен", "")
    paid = paid_text.lower() in _TRUE if paid_text else bool(payments)  # the site's flag, when it gives one
    paid_on_text = reqs.get("дата оплаты") or (_text(payments[0], "ДатаОплаты") if payments else "")
    method = reqs.get("метод оплаты") or reqs.get("способ оплаты") or \
        (_text(payments[0], "СпособОплаты") if payments else "")
    delivery = reqs.get("адрес доставки", "") or (customer.address if customer else "")
    return SiteOrder(
        id=_text(d, "Ид"), number=number or _text(d, "Ид"), day=_day(_text(d, "Дата"), where),
        currency=_text(d, "Валюта"), total=_decimal(_text(d, "Сумма"), _("the total"), where), customer=customer,
        lines=tuple(_line(t, _("{where}, line {i}").format(where=where, i=i)) for i, t in enumerate(d.findall("Товары/Товар"), start=1)),
        comment=_text(d, "Комментарий"), status=reqs.get("статус заказа", "") or reqs.get("статус", ""),
        paid=paid, paid_on=_day(paid_on_text, where) if paid and paid_on_text else None,
        payment_method=method, cancelled=reqs.get("отменен", "").lower() in _TRUE,
        delivery_address=delivery, position=position)


def read_orders(data: bytes, name: str | None = None) -> list[SiteOrder]:
    """Every "Заказ товара" in a CommerceML document, in file order."""
    name = name or _("the orders file")
    root = parse_xml(data, name)
    _strip(root)
    if root.tag != "КоммерческаяИнформация":
        raise InvalidInput(_("{name} is not a CommerceML document (its root is <{tag}>, not "
                             "<КоммерческаяИнформация>).").format(name=name, tag=root.tag[:40]))
    documents = root.findall("Документ") + root.findall("Контейнер/Документ")
    return [_document(d, i, name) for i, d in enumerate(documents, start=1)
            if _text(d, "ХозОперация") in (ORDER, "")]
