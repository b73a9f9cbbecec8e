"""Statuses back: the site learns what became of its orders, once per change, in valid CommerceML."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from boclerk.services.exchange.shop_orders import import_site_orders
from boclerk.services.exchange.shop_statuses import plan_statuses, record_statuses
from tests.services.test_shop_export import NS, schema
from tests.services.test_shop_orders import COMPANY, document, site_order
from tests.services.trade_helpers import act, read, shop, sql, sql_one


def tell(db):
    """Plan and record the statuses; returns {site number: {requisite: value}} of what was told."""
    plan = read(db, "admin", plan_statuses)
    schema().validate(plan.xml.decode("utf-8"))
    act(db, "admin", record_statuses, plan, lambda: None)
    told = {}
    for d in ET.fromstring(plan.xml).iterfind("c:Документ", NS):
        told[d.findtext("c:Номер", namespaces=NS)] = {
            r.findtext("c:Наименование", namespaces=NS): r.findtext("c:Значение", namespaces=NS)
            for r in d.iterfind("c:ЗначенияРеквизитов/c:ЗначениеРеквизита", NS)}
        assert d.findtext("c:Ид", namespaces=NS).startswith("site-")
    return told


def number_of(db, site_number: str) -> str:
    return sql_one(db, "SELECT number FROM sales_order WHERE channel = 'website' AND channel_ref = :r", r=site_number)


def test_confirmed_shipped_paid_and_cancelled_orders_are_told_once(db):
    from boclerk.services.sales.orders import cancel_order, confirm_order, pay_order
    from boclerk.services.sales.shipping import ship_order

    shop(db)
    data = document(site_order("1001", [("", "MUG", "1200.00", "2")]),
                    site_order("1002", [("", "LAMP", "3000.00", "1")], buyer=COMPANY),
                    site_order("1003", [("", "MUG", "1200.00", "1")]))
    act(db, "admin", import_site_orders, data, "orders.xml")
    assert tell(db) == {}  # untouched drafts: the site knows them as accepted

    one, two, three = (number_of(db, n) for n in ("1001", "1002", "1003"))
    act(db, "clerk", confirm_order, one)
    act(db, "clerk", ship_order, one)
    act(db, "clerk", pay_order, one, 240000, method="card")
    act(db, "clerk", confirm_order, two)
    act(db, "clerk", cancel_order, three)
    told = tell(db)
    assert sorted(told) == ["1001", "1002", "1003"]
    shipped = told["1001"]
    assert shipped["Статус заказа"] == "Отгружен" and shipped["Проведен"] == "true"
    assert shipped["Заказ оплачен"] == "true" and shipped["Дата оплаты по 1С"] == "2025-11-17 00:00:00"
    assert shipped["Дата отгрузки по 1С"] == "2025-11-17 00:00:00" and shipped["Номер отгрузки по 1С"] == one
    assert told["1002"]["Статус заказа"] == "Подтвержден" and told["1002"]["Заказ оплачен"] == "false"
    assert "Дата отгрузки по 1С" not in told["1002"]
    assert told["1003"]["Отменен"] == "true" and told["1003"]["Финальный статус"] == "true"

    assert tell(db) == {}  # told once
    assert act(db, "admin", import_site_orders, data, "orders.xml").count("unchanged") == 3  # and again nothing
    assert tell(db) == {}

    act(db, "clerk", ship_order, two)
    assert sorted(tell(db)) == ["1002"]
    assert sql_one(db, "SELECT count(*) FROM shop_exchange WHERE direction = 'statuses'") == 5


def test_a_buyer_is_told_as_an_organisation_by_its_kind_not_its_inn(db):
    from boclerk.services.catalog.partners import edit_customer
    from boclerk.services.sales.orders import confirm_order

    shop(db)
    org = COMPANY.replace("<ИНН>7707083893</ИНН>", "<ИНН>7707083893</ИНН><КПП>770701001</КПП>")
    trader = ("<Контрагент><Ид>c10</Ид><Наименование>ИП Иванов</Наименование>"
              "<ОфициальноеНаименование>ИП Иванов Иван Петрович</ОфициальноеНаименование><ИНН>500100732259</ИНН>"
              "<Роль>Покупатель</Роль></Контрагент>")
    data = document(site_order("2001", [("", "MUG", "1200.00", "1")], buyer=org),
                    site_order("2002", [("", "MUG", "1200.00", "1")], buyer=trader),
                    site_order("2003", [("", "MUG", "1200.00", "1")]))
    act(db, "admin", import_site_orders, data, "orders.xml")
    kinds = {r[0]: r[1:] for r in sql(db, "SELECT c.name, c.kind, c.kpp FROM customer c ORDER BY c.id")}
    assert kinds['ООО "Ромашка"'] == ("organisation", "770701001")
    assert kinds["ИП Иванов Иван Петрович"] == ("sole_trader", "")
    # a person's account that turns out to be a foreign firm's: no INN, yet an organisation
    code = sql_one(db, "SELECT code FROM customer WHERE email = 'petrova@example.org'")
    act(db, "clerk", edit_customer, code, kind="organisation", country="DE")
    for n in ("2001", "2002", "2003"):
        act(db, "clerk", confirm_order, number_of(db, n))
    plan = read(db, "admin", plan_statuses)
    tags = {}
    for d in ET.fromstring(plan.xml).iterfind("c:Документ", NS):
        party = d.find("c:Контрагенты/c:Контрагент", NS)
        tags[d.findtext("c:Номер", namespaces=NS)] = [el.tag.split("}")[1] for el in party
                                                      if el.tag.endswith("Наименование") and "Полное" in el.tag
                                                      or el.tag.endswith("ОфициальноеНаименование")]
    assert tags == {"2001": ["ОфициальноеНаименование"], "2002": ["ПолноеНаименование"],
                    "2003": ["ОфициальноеНаименование"]}
