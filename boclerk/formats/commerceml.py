"""CommerceML 2.10 out: the catalogue (import.xml) and the offers (offers.xml) for a web shop.

CommerceML is the exchange format of 1C that 1C-Bitrix, UMI.CMS, InSales, MoySklad and the
1C-exchange modules of WooCommerce, OpenCart and Drupal read. The writer takes plain data
(no database) and writes UTF-8 XML in the namespace ``urn:1C.ru:commerceml_2`` that validates
against the official schema (commerceml-2.10.xsd):

- import.xml: КоммерческаяИнформация / Классификатор (the groups) and Каталог (the products:
  Ид, barcode, Артикул, name, БазоваяЕдиница with its OKEI code, groups, description, VAT);
- offers.xml: КоммерческаяИнформация / ПакетПредложений (price types, warehouses, and per
  product its prices with currency and unit, the quantity available in total and per warehouse).

``only_changes`` sets the protocol's СодержитТолькоИзменения on the catalogue and the offers:
what is absent stays as it is on the site. A product the site should drop is sent with
Статус="Удален". With nothing to send, import.xml holds the classifier alone and offers.xml an
empty КоммерческаяИнформация (the schema wants at least one product or offer in each list).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO
from xml.etree import ElementTree as ET

NS = "urn:1C.ru:commerceml_2"
VERSION = "2.10"


@dataclass(frozen=True)
class Owner:
    """The shop itself (Владелец): its name and, in Russia, its INN and KPP."""

    name: str
    inn: str = ""
    kpp: str = ""
    id: str = ""


@dataclass(frozen=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True)
class Unit:
    okei: str       # "796"
    name: str       # "Штука"
    symbol: str     # "шт"
    intl: str = ""  # "PCE"


@dataclass(frozen=True)
class Item:
    """A product as the catalogue describes it."""

    id: str
    sku: str
    name: str
    unit: Unit
    group_ids: tuple[str, ...] = ()
    barcode: str = ""
    description: str = ""
    vat: str | None = None  # "22", "10", "0", or None: без НДС
    deleted: bool = False


@dataclass(frozen=True)
class PriceType:
    id: str
    name: str
    currency: str


@dataclass(frozen=True)
class Store:
    id: str
    name: str


@dataclass(frozen=True)
class Price:
    price_type_id: str
    per_unit: Decimal
    currency: str
    unit: Unit


@dataclass(frozen=True)
class Offer:
    item: Item
    prices: tuple[Price, ...]
    available: Decimal
    per_store: tuple[tuple[str, Decimal], ...] = field(default_factory=tuple)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    e = ET.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attrs.items()})
    if text is not None:
        e.text = text
    return e


def _root(when: datetime) -> ET.Element:
    return ET.Element(f"{{{NS}}}КоммерческаяИнформация",
                      {"ВерсияСхемы": VERSION, "ДатаФормирования": when.replace(microsecond=0).isoformat()})


def _owner(parent: ET.Element, owner: Owner) -> None:
    o = _el(parent, "Владелец")
    if owner.id:
        _el(o, "Ид", owner.id)
    _el(o, "Наименование", owner.name[:255])
    _el(o, "ОфициальноеНаименование", owner.name[:255])
    if 10 <= len(owner.inn) <= 12:
        _el(o, "ИНН", owner.inn)
    if len(owner.kpp) == 9:
        _el(o, "КПП", owner.kpp)


def _number(value: Decimal) -> str:
    """A decimal as CommerceML writes it: a dot, no exponent, no trailing zeros past the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _money(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def _identity(parent: ET.Element, item: Item) -> None:
    """Ид, Штрихкод, Артикул, Наименование, БазоваяЕдиница: the head every Товар shares."""
    _el(parent, "Ид", item.id)
    if 8 <= len(item.barcode) <= 14:
        _el(parent, "Штрихкод", item.barcode)
    _el(parent, "Артикул", item.sku)
    _el(parent, "Наименование", item.name[:255])
    attrs = {"Код": item.unit.okei, "НаименованиеПолное": item.unit.name}
    if item.unit.intl:
        attrs["МеждународноеСокращение"] = item.unit.intl[:3]
    _el(parent, "БазоваяЕдиница", item.unit.symbol, **attrs)


def _write(root: ET.Element, out: BinaryIO) -> None:
    ET.register_namespace("", NS)
    ET.indent(root, space="\t")
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)


def write_catalogue(out: BinaryIO, *, owner: Owner, catalogue_id: str, name: str, groups: Sequence[Group],
                    items: Iterable[Item], when: datetime, only_changes: bool = False) -> int:
    """Write import.xml (classifier with the groups, catalogue with the items); returns the items written."""
    root = _root(when)
    classifier = _el(root, "Классификатор")
    _el(classifier, "Ид", catalogue_id)
    _el(classifier, "Наименование", f"Классификатор ({name})"[:255])
    _owner(classifier, owner)
    if groups:
        gs = _el(classifier, "Группы")
        for g in groups:
            ge = _el(gs, "Группа")
            _el(ge, "Ид", g.id)
            _el(ge, "Наименование", g.name)
    items = list(items)
    if not items:  # the schema wants at least one product in a catalogue: the classifier alone
        _write(root, out)
        return 0
    catalogue = _el(root, "Каталог", **({"СодержитТолькоИзменения": "true"} if only_changes else {}))
    _el(catalogue, "Ид", catalogue_id)
    _el(catalogue, "ИдКлассификатора", catalogue_id)
    _el(catalogue, "Наименование", f"Каталог товаров ({name})"[:255])
    _owner(catalogue, owner)
    products = _el(catalogue, "Товары")
    count = 0
    for item in items:
        p = _el(products, "Товар", **({"Статус": "Удален"} if item.deleted else {}))
        _identity(p, item)
        if item.group_ids:
            ids = _el(p, "Группы")
            for gid in item.group_ids:
                _el(ids, "Ид", gid)
        if item.description:
            _el(p, "Описание", item.description)
        taxes = _el(p, "СтавкиНалогов")
        tax = _el(taxes, "СтавкаНалога")
        _el(tax, "Наименование", "НДС")
        _el(tax, "Ставка", "Без налога" if item.vat is None else item.vat)
        count += 1
    _write(root, out)
    return count


def write_offers(out: BinaryIO, *, owner: Owner, catalogue_id: str, package_id: str, name: str,
                 price_types: Sequence[PriceType], stores: Sequence[Store], offers: Iterable[Offer],
                 when: datetime, only_changes: bool = False) -> int:
    """Write offers.xml (price types, warehouses, prices and quantities); returns the offers written."""
    root = _root(when)
    offers = list(offers)
    if not offers:  # the schema wants at least one offer in a package: an empty document
        _write(root, out)
        return 0
    package = _el(root, "ПакетПредложений", **({"СодержитТолькоИзменения": "true"} if only_changes else {}))
    _el(package, "Ид", package_id)
    _el(package, "Наименование", f"Пакет предложений ({name})"[:255])
    _el(package, "ИдКаталога", catalogue_id)
    _el(package, "ИдКлассификатора", catalogue_id)
    _owner(package, owner)
    types = _el(package, "ТипыЦен")
    for pt in price_types:
        t = _el(types, "ТипЦены")
        _el(t, "Ид", pt.id)
        _el(t, "Наименование", pt.name)
        _el(t, "Валюта", pt.currency)
    if stores:
        ss = _el(package, "Склады")
        for s in stores:
            se = _el(ss, "Склад")
            _el(se, "Ид", s.id)
            _el(se, "Наименование", s.name)
    items = _el(package, "Предложения")
    count = 0
    for offer in offers:
        o = _el(items, "Предложение", **({"Статус": "Удален"} if offer.item.deleted else {}))
        _identity(o, offer.item)
        prices = _el(o, "Цены")
        for price in offer.prices:
            pe = _el(prices, "Цена")
            _el(pe, "Представление", f"{_money(price.per_unit)} {price.currency} за {price.unit.symbol}")
            _el(pe, "ИдТипаЦены", price.price_type_id)
            _el(pe, "ЦенаЗаЕдиницу", _money(price.per_unit))
            _el(pe, "Валюта", price.currency)
            _el(pe, "Единица", price.unit.okei)
            _el(pe, "Коэффициент", "1")
        _el(o, "Количество", _number(offer.available))
        for store_id, qty in offer.per_store:
            _el(o, "Склад", ИдСклада=store_id, КоличествоНаСкладе=_number(qty))
        count += 1
    _write(root, out)
    return count


@dataclass(frozen=True)
class StatusDocument:
    """An order's state as the back office tells the site (a "Заказ товара" with its requisites)."""

    id: str
    number: str
    day: date
    currency: str
    total: Decimal
    buyer: str
    buyer_is_company: bool
    requisites: tuple[tuple[str, str], ...]


def write_statuses(out: BinaryIO, documents: Iterable[StatusDocument], when: datetime) -> int:
    """Write the orders document sent back to the site: one Документ per order, its state in
    ЗначенияРеквизитов (Статус заказа, Проведен, Отменен, Заказ оплачен, Дата оплаты по 1С,
    Номер and Дата отгрузки по 1С, Финальный статус), as the sites' importers read them."""
    root = _root(when)
    count = 0
    for doc in documents:
        d = _el(root, "Документ")
        _el(d, "Ид", doc.id[:40])
        _el(d, "Номер", doc.number)
        _el(d, "Дата", doc.day.isoformat())
        _el(d, "ХозОперация", "Заказ товара")
        _el(d, "Роль", "Продавец")
        _el(d, "Валюта", doc.currency)
        _el(d, "Курс", "1")
        _el(d, "Сумма", _money(doc.total))
        buyers = _el(d, "Контрагенты")
        b = _el(buyers, "Контрагент")
        _el(b, "Наименование", doc.buyer[:255])
        _el(b, "ОфициальноеНаименование" if doc.buyer_is_company else "ПолноеНаименование", doc.buyer[:255])
        _el(b, "Роль", "Покупатель")
        reqs = _el(d, "ЗначенияРеквизитов")
        for name, value in doc.requisites:
            r = _el(reqs, "ЗначениеРеквизита")
            _el(r, "Наименование", name)
            _el(r, "Значение", value)
        count += 1
    _write(root, out)
    return count
