"""``boclerk shop import-orders``: the site's orders become website orders, exactly once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from boclerk.errors import NotPermitted
from boclerk.services.exchange.shop_orders import import_site_orders
from tests.services.trade_helpers import act, add_product, execute, set_day, shop, snapshot, sql, sql_one

SAMPLES = Path(__file__).resolve().parents[1] / "formats" / "samples"


def site_order(number: str, lines: list[tuple[str, str, str, str]], *, buyer: str = "", status: str = "[N] Принят",
               cancelled: bool = False, day: str = "2025-11-17", email: str = "petrova@example.org") -> str:
    """One "Заказ товара" as a site writes it; lines are (Ид, Артикул, price, quantity)."""
    goods = "".join(
        f"<Товар><Ид>{i}</Ид><Артикул>{sku}</Артикул><Наименование>{sku or i}</Наименование>"
        f"<ЦенаЗаЕдиницу>{price}</ЦенаЗаЕдиницу><Количество>{qty}</Количество><Сумма>0</Сумма></Товар>"
        for i, sku, price, qty in lines)
    buyer = buyer or (f"<Контрагент><Ид>u1</Ид><Наименование>Анна Петрова</Наименование>"
                      "<ПолноеНаименование>Петрова Анна</ПолноеНаименование>"
                      "<Адрес><Представление>Москва, Тверская 1</Представление></Адрес>"
                      f"<Контакты><Контакт><Тип>Электронная почта</Тип><Значение>{email}</Значение></Контакт>"
                      "</Контакты><Роль>Покупатель</Роль></Контрагент>")
    return (f"<Документ><Ид>site-{number}</Ид><Номер>{number}</Номер><Дата>{day}</Дата>"
            f"<ХозОперация>Заказ товара</ХозОперация><Роль>Продавец</Роль><Валюта>RUB</Валюта><Сумма>0</Сумма>"
            f"<Контрагенты>{buyer}</Контрагенты><Товары>{goods}</Товары><ЗначенияРеквизитов>"
            f"<ЗначениеРеквизита><Наименование>Статус заказа</Наименование><Значение>{status}</Значение>"
            f"</ЗначениеРеквизита><ЗначениеРеквизита><Наименование>Отменен</Наименование>"
            f"<Значение>{'true' if cancelled else 'false'}</Значение></ЗначениеРеквизита>"
            f"</ЗначенияРеквизитов></Документ>")


def document(*orders: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08" '
            'ДатаФормирования="2025-11-17T10:00:00">' + "".join(orders) + "</КоммерческаяИнформация>").encode()


COMPANY = ("<Контрагент><Ид>c9</Ид><Наименование>Ромашка</Наименование>"
           "<ОфициальноеНаименование>ООО \"Ромашка\"</ОфициальноеНаименование><ИНН>7707083893</ИНН>"
           "<Роль>Покупатель</Роль></Контрагент>")


def run(db, data: bytes, user: str = "admin"):
    result = act(db, user, import_site_orders, data, "orders.xml")
    return {o.site_number: (o.result, o.order, o.reason) for o in result.outcomes}


def lines_of(db, number: str):
    return sql(db, "SELECT p.sku, l.qty, l.unit_price, l.discount_bp FROM order_line l JOIN sales_order o "
                   "ON o.id = l.order_id JOIN product p ON p.id = l.product_id WHERE o.number = :n ORDER BY l.line_no",
               n=number)


def test_new_orders_from_a_person_and_a_company_then_nothing_again(db):
    shop(db)
    data = document(site_order("1001", [("", "MUG", "1200.00", "2"), ("ORDER_DELIVERY", "", "300.00", "1.00")]),
                    site_order("1002", [("", "LAMP", "3000.00", "1")], buyer=COMPANY),
                    site_order("1003", [("", "MUG", "1200.00", "1")], email="ANNA@example.com"))
    out = run(db, data)
    assert [r[0] for r in out.values()] == ["new", "new", "new"]
    assert sql_one(db, "SELECT c.code FROM sales_order o JOIN customer c ON c.id = o.customer_id "
                       "WHERE o.channel_ref = '1003'") == "ANNA"  # known by her e-mail
    first, second = out["1001"][1], out["1002"][1]
    assert lines_of(db, first) == [("MUG", 2, 120000, 0), ("DELIVERY", 1, 30000, 0)]
    person = sql(db, "SELECT c.name, c.email, c.address, o.channel, o.channel_ref, o.status FROM sales_order o "
                     "JOIN customer c ON c.id = o.customer_id WHERE o.number = :n", n=first)
    assert person == [("Петрова Анна", "petrova@example.org", "Москва, Тверская 1", "website", "1001", "draft")]
    company = sql(db, "SELECT c.name, c.tax_id FROM sales_order o JOIN customer c ON c.id = o.customer_id "
                      "WHERE o.number = :n", n=second)
    assert company == [('ООО "Ромашка"', "7707083893")]

    before = snapshot(db)
    again = run(db, data)
    assert [r[0] for r in again.values()] == ["unchanged"] * 3
    after = snapshot(db)
    changed = [t for t in before if before[t] != after[t]]
    assert changed == ["audit_event", "chain_head", "shop_exchange"]  # only the record of the exchange itself


def test_a_change_on_the_site_updates_a_draft_and_is_reported_once_confirmed(db):
    from boclerk.services.sales.orders import confirm_order

    shop(db)
    run(db, document(site_order("1001", [("", "MUG", "1200.00", "2")]),
                     site_order("1002", [("", "LAMP", "3000.00", "1")])))
    number = sql_one(db, "SELECT number FROM sales_order WHERE channel_ref = '1001'")
    out = run(db, document(site_order("1001", [("", "MUG", "1200.00", "3")]),
                           site_order("1002", [("", "LAMP", "3000.00", "1")])))
    assert out["1001"][0] == "updated" and out["1002"][0] == "unchanged"
    assert lines_of(db, number) == [("MUG", 3, 120000, 0)]

    act(db, "clerk", confirm_order, number)
    out = run(db, document(site_order("1001", [("", "MUG", "1200.00", "5")], status="[P] Оплачен")))
    assert out["1001"][0] == "changed_after_confirmation" and "is confirmed" in out["1001"][2]
    assert lines_of(db, number) == [("MUG", 3, 120000, 0)]  # not silently changed
    assert sql_one(db, "SELECT pending_change FROM shop_order WHERE site_id = 'site-1001'") in (1, True)
    assert sql_one(db, "SELECT pending_change FROM shop_order WHERE site_id = 'site-1002'") in (0, False)

    out = run(db, document(site_order("1002", [("", "LAMP", "3000.00", "1")], cancelled=True)))
    assert out["1002"][0] == "cancelled"
    assert sql_one(db, "SELECT status FROM sales_order WHERE channel_ref = '1002'") == "cancelled"


def test_an_unknown_product_refuses_its_order_only(db):
    shop(db)
    out = run(db, document(site_order("1001", [("", "MUG", "1200.00", "1"), ("", "NOPE", "10.00", "1")]),
                           site_order("1002", [("", "LAMP", "3000.00", "1")])))
    assert out["1001"][0] == "refused" and "line 2 (NOPE): no product with SKU NOPE" in out["1001"][2]
    assert out["1002"][0] == "new"
    assert sql_one(db, "SELECT count(*) FROM sales_order WHERE channel_ref = '1001'") == 0
    assert sql_one(db, "SELECT count(*) FROM customer WHERE email = 'petrova@example.org'") == 1  # for 1002 only


def test_a_bad_tax_id_refuses_the_order_and_leaves_no_customer_behind(db):
    shop(db)
    added = sql_one(db, "SELECT count(*) FROM audit_event WHERE action = 'customer.add'")
    bad = COMPANY.replace("7707083893", "7707083890")
    out = run(db, document(site_order("1003", [("", "MUG", "1200.00", "1")], buyer=bad)))
    assert out["1003"][0] == "refused" and "its buyer cannot be added" in out["1003"][2]
    assert sql_one(db, "SELECT count(*) FROM customer WHERE name LIKE '%Ромашка%'") == 0
    assert sql_one(db, "SELECT count(*) FROM audit_event WHERE action = 'customer.add'") == added


def test_lines_by_the_id_boclerk_gave_the_product(db):
    from boclerk.services.exchange.shop_export import plan_export, record_export
    from tests.services.trade_helpers import read

    shop(db)
    plan = read(db, "admin", plan_export)
    act(db, "admin", record_export, plan, [], lambda: None)
    guid = sql_one(db, "SELECT guid FROM shop_ident i JOIN product p ON i.key = CAST(p.id AS VARCHAR(20)) "
                       "WHERE i.kind = 'product' AND p.sku = 'KETTLE'")
    out = run(db, document(site_order("2001", [(guid, "", "1200.00", "1")])))
    assert out["2001"][0] == "new" and lines_of(db, out["2001"][1])[0][0] == "KETTLE"


def test_the_bitrix_sample_a_product_known_by_its_id_and_delivery(db):
    set_day(db, date(2007, 10, 31))
    shop(db)
    add_product(db, "TV-JVC", price=639447)
    data = (SAMPLES / "cml_bitrix_order_36.xml").read_bytes()
    out = run(db, data)
    assert out["36"][0] == "refused" and "no product with Ид dee6e19a-55bc-11d9-848a-00112f43529a" in out["36"][2]
    tv = sql_one(db, "SELECT id FROM product WHERE sku = 'TV-JVC'")
    execute(db, "INSERT INTO shop_ident (kind, key, guid) VALUES ('product', :k, :g)", k=str(tv),
            g="dee6e19a-55bc-11d9-848a-00112f43529a")  # as if the product had come from boclerk
    out = run(db, data)
    assert out["36"][0] == "new"
    number = out["36"][1]
    assert lines_of(db, number) == [("DELIVERY", 1, 34000, 0), ("TV-JVC", 1, 639447, 0)]
    assert sql_one(db, "SELECT total FROM sales_order WHERE number = :n", n=number) == 673447
    assert str(sql_one(db, "SELECT order_date FROM sales_order WHERE number = :n", n=number)) == "2007-10-30"
    assert sql(db, "SELECT site_status, payment_method, site_paid FROM shop_order") in (
        [("[N] Принят", "Наличный расчет", 0)], [("[N] Принят", "Наличный расчет", False)])
    assert run(db, data)["36"][0] == "unchanged"


def test_the_company_sample_in_windows_1251_with_its_discount(db):
    set_day(db, date(2013, 4, 11))
    shop(db)
    for sku, price in (("33", 1000000), ("34", 600000), ("348", 700000)):
        add_product(db, sku, price=price)
    out = run(db, (SAMPLES / "cml_order_5_windows-1251.xml").read_bytes())
    assert out["5"][0] == "new"
    assert lines_of(db, out["5"][1]) == [("33", 1, 1000000, 0), ("34", 1, 600000, 1500), ("348", 1, 700000, 0)]
    assert sql_one(db, "SELECT total FROM sales_order WHERE number = :n", n=out["5"][1]) == 2210000
    assert sql_one(db, "SELECT c.name FROM customer c JOIN sales_order o ON o.customer_id = c.id "
                       "WHERE o.number = :n", n=out["5"][1]) == 'ООО "Рога и копыта"'


def test_only_those_who_may_import(db):
    shop(db)
    with pytest.raises(NotPermitted):
        run(db, document(site_order("1", [("", "MUG", "1", "1")])), user="clerk")
