"""``boclerk shop export``: CommerceML 2.10 that the official schema accepts, with stable ids,
prices as a customer pays them, stock per warehouse, and "only the changes" when asked."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from boclerk.errors import NotPermitted
from boclerk.services.exchange.shop_export import plan_export, record_export
from tests.services.trade_helpers import act, read, shop, sql_one, stock_in

XSD = Path(__file__).resolve().parents[1] / "formats" / "samples" / "commerceml-2" / "commerceml-2.10.xsd"
NS = {"c": "urn:1C.ru:commerceml_2"}


@cache
def schema():
    import xmlschema

    return xmlschema.XMLSchema(str(XSD))


def send(db, user: str = "admin", *, only_changes: bool = False):
    """Plan an export and record it as sent; returns (import.xml, offers.xml) parsed, after validation."""
    plan = read(db, user, plan_export, only_changes=only_changes)
    act(db, user, record_export, plan, ["import.xml", "offers.xml"], lambda: None)
    trees = []
    for data in (plan.catalogue_xml, plan.offers_xml):
        schema().validate(data.decode("utf-8"))
        trees.append(ET.fromstring(data))
    return trees[0], trees[1], plan


def products(catalogue) -> dict[str, ET.Element]:
    return {p.findtext("c:Артикул", namespaces=NS): p for p in catalogue.iterfind(".//c:Товар", NS)}


def offers(package) -> dict[str, ET.Element]:
    return {o.findtext("c:Артикул", namespaces=NS): o for o in package.iterfind(".//c:Предложение", NS)}


@pytest.fixture
def shopdb(db):
    from boclerk.services.catalog.products import add_product, add_warehouse, edit_product

    shop(db)
    act(db, "admin", add_warehouse, "B", "Shop floor")
    act(db, "admin", edit_product, "MUG", category="Посуда")
    act(db, "admin", edit_product, "LAMP", category="Свет")
    act(db, "admin", add_product, "SUGAR", "Сахар", unit="kg", sale_price=9550, vat_category="reduced",
        category="Бакалея", barcodes=["4600000000017"])
    stock_in(db, "SUGAR", Decimal("12.5"), 6000)
    stock_in(db, "MUG", 3, 50000, warehouse="B")
    return db


def test_the_catalogue_and_the_offers_validate_and_say_what_the_shop_sells(shopdb):
    catalogue, package, plan = send(shopdb)
    items = products(catalogue)
    assert sorted(items) == ["KETTLE", "LAMP", "MUG", "SUGAR"]  # goods on sale: no service, no consumable
    assert plan.products == plan.offers == 4
    groups = {g.findtext("c:Наименование", namespaces=NS): g.findtext("c:Ид", namespaces=NS)
              for g in catalogue.iterfind(".//c:Группа", NS)}
    assert sorted(groups) == ["Бакалея", "Посуда", "Свет"]
    sugar = items["SUGAR"]
    unit = sugar.find("c:БазоваяЕдиница", NS)
    assert (unit.get("Код"), unit.text) == ("166", "кг")
    assert sugar.findtext("c:Штрихкод", namespaces=NS) == "4600000000017"
    assert sugar.findtext("c:Группы/c:Ид", namespaces=NS) == groups["Бакалея"]
    assert sugar.findtext("c:СтавкиНалогов/c:СтавкаНалога/c:Ставка", namespaces=NS) == "10"
    assert items["MUG"].findtext("c:СтавкиНалогов/c:СтавкаНалога/c:Ставка", namespaces=NS) == "20"
    assert catalogue.find("c:Каталог", NS).get("СодержитТолькоИзменения") is None

    offered = offers(package)
    price_type = package.findtext("c:ПакетПредложений/c:ТипыЦен/c:ТипЦены/c:Ид", namespaces=NS)
    stores = {s.findtext("c:Наименование", namespaces=NS): s.findtext("c:Ид", namespaces=NS)
              for s in package.iterfind(".//c:Склады/c:Склад", NS)}
    assert sorted(stores) == ["Main warehouse", "Shop floor"]

    def price(sku):
        p = offered[sku].find("c:Цены/c:Цена", NS)
        assert p.findtext("c:ИдТипаЦены", namespaces=NS) == price_type
        return p.findtext("c:ЦенаЗаЕдиницу", namespaces=NS), p.findtext("c:Валюта", namespaces=NS), \
            p.findtext("c:Единица", namespaces=NS)

    assert price("MUG") == ("1200.00", "RUB", "796")
    assert price("KETTLE") == ("1200.00", "RUB", "796")  # 1 000.00 net + 20% VAT: what a customer pays
    assert price("SUGAR") == ("95.50", "RUB", "166")
    assert offered["SUGAR"].findtext("c:Количество", namespaces=NS) == "12.5"
    mug = offered["MUG"]
    assert mug.findtext("c:Количество", namespaces=NS) == "13"
    per_store = {s.get("ИдСклада"): s.get("КоличествоНаСкладе") for s in mug.iterfind("c:Склад", NS)}
    assert per_store == {stores["Main warehouse"]: "10", stores["Shop floor"]: "3"}


def test_ids_never_change_and_only_changes_sends_what_changed(shopdb):
    from boclerk.services.catalog.products import edit_product, set_product_active
    from boclerk.services.sales.orders import LineInput, confirm_order, create_order

    first, first_offers, _ = send(shopdb)
    ids = {sku: p.findtext("c:Ид", namespaces=NS) for sku, p in products(first).items()}

    catalogue, package, plan = send(shopdb, only_changes=True)
    assert (plan.products, plan.offers) == (0, 0)
    assert catalogue.find("c:Каталог", NS) is None and catalogue.find("c:Классификатор", NS) is not None
    assert list(package) == []

    act(shopdb, "admin", edit_product, "LAMP", name="Настольная лампа")  # the entry changes
    act(shopdb, "admin", edit_product, "KETTLE", sale_price=110000)   # the offer changes
    order = act(shopdb, "clerk", create_order, "ANNA", [LineInput("SUGAR", Decimal("2.5"))]).number
    act(shopdb, "clerk", confirm_order, order)                          # 2.5 kg reserved: less available
    act(shopdb, "admin", set_product_active, "MUG", False)             # no longer on sale
    catalogue, package, plan = send(shopdb, only_changes=True)
    items, offered = products(catalogue), offers(package)
    assert catalogue.find("c:Каталог", NS).get("СодержитТолькоИзменения") == "true"
    assert package.find("c:ПакетПредложений", NS).get("СодержитТолькоИзменения") == "true"
    # an offer repeats the name, so a renamed product is offered again
    assert sorted(items) == ["LAMP", "MUG"] and sorted(offered) == ["KETTLE", "LAMP", "MUG", "SUGAR"]
    assert items["LAMP"].findtext("c:Наименование", namespaces=NS) == "Настольная лампа"
    assert items["MUG"].get("Статус") == "Удален" and offered["MUG"].get("Статус") == "Удален"
    assert offered["SUGAR"].findtext("c:Количество", namespaces=NS) == "10"
    assert offered["KETTLE"].findtext("c:Цены/c:Цена/c:ЦенаЗаЕдиницу", namespaces=NS) == "1320.00"
    assert {sku: p.findtext("c:Ид", namespaces=NS) for sku, p in items.items()} == \
        {sku: ids[sku] for sku in items}

    _, _, plan = send(shopdb, only_changes=True)
    assert (plan.products, plan.offers) == (0, 0)  # sent once, not again

    catalogue, _, plan = send(shopdb)  # a full export: everything on sale, the same ids
    assert {sku: p.findtext("c:Ид", namespaces=NS) for sku, p in products(catalogue).items()} == \
        {sku: ids[sku] for sku in ("KETTLE", "LAMP", "SUGAR")}
    assert sql_one(shopdb, "SELECT count(*) FROM shop_exchange WHERE direction = 'catalogue'") == 5


def test_an_export_never_recorded_is_not_taken_as_sent(shopdb):
    from boclerk.services.catalog.products import edit_product

    send(shopdb)
    act(shopdb, "admin", edit_product, "LAMP", name="Торшер")
    read(shopdb, "admin", plan_export, only_changes=True)  # planned, never written
    _, _, plan = send(shopdb, only_changes=True)
    assert plan.products == 1


def test_two_exports_planned_at_once_do_not_give_two_ids(shopdb):
    from boclerk.errors import Refused

    one = read(shopdb, "admin", plan_export)
    two = read(shopdb, "admin", plan_export)
    act(shopdb, "admin", record_export, one, [], lambda: None)
    with pytest.raises(Refused, match="ran at the same time"):
        act(shopdb, "admin", record_export, two, [], lambda: None)


def test_a_viewer_may_not_send_the_catalogue(shopdb):
    with pytest.raises(NotPermitted):
        read(shopdb, "viewer", plan_export)


def test_the_description_goes_out_as_opisanie_and_a_changed_one_is_a_change(shopdb):
    from boclerk.services.catalog.products import edit_product, get_product

    act(shopdb, "admin", edit_product, "MUG", description="Фарфор, 300 мл.\r\nМожно мыть в посудомоечной машине.\x07")
    assert read(shopdb, "viewer", get_product, "MUG").description == \
        "Фарфор, 300 мл.\nМожно мыть в посудомоечной машине."  # lines kept, control characters not
    catalogue, _, _ = send(shopdb)
    items = products(catalogue)
    assert items["MUG"].findtext("c:Описание", namespaces=NS) == \
        "Фарфор, 300 мл.\nМожно мыть в посудомоечной машине."
    assert items["LAMP"].find("c:Описание", NS) is None  # none given: none sent
    act(shopdb, "admin", edit_product, "LAMP", description="Настольная лампа")
    catalogue, _, plan = send(shopdb, only_changes=True)
    assert plan.products == 1 and list(products(catalogue)) == ["LAMP"]
    assert products(catalogue)["LAMP"].findtext("c:Описание", namespaces=NS) == "Настольная лампа"


def test_a_description_too_long_is_refused(shopdb):
    from boclerk.errors import InvalidInput
    from boclerk.services.catalog.products import edit_product
    from tests.services.trade_helpers import refused

    refused(shopdb, "admin", InvalidInput, "at most 4000 characters; this one has 4001", edit_product, "MUG",
            description="я" * 4001)
