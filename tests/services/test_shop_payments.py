"""What a web order says about money: its payment booked behind the setting, its VAT compared."""

from __future__ import annotations

from boclerk.services.exchange.shop_orders import import_site_orders
from boclerk.services.exchange.shop_payments import pay_method
from tests.services.test_shop_orders import document, site_order
from tests.services.trade_helpers import act, assert_sound, shop, sql, sql_one

VAT_22 = ("<СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>22</Ставка>"
          "</СтавкаНалога></СтавкиНалогов>")
VAT_20 = VAT_22.replace(">22<", ">20<")


def paid_order(number: str, lines, *, total: str, paid: bool = True, method: str = "Банковская карта",
               vat: dict[str, str] | None = None) -> str:
    """A site's order with its total, its paid flag and date, and the VAT the site states per SKU."""
    xml = site_order(number, lines).replace("<Сумма>0</Сумма><Контрагенты>", f"<Сумма>{total}</Сумма><Контрагенты>")
    for sku, stated in (vat or {}).items():
        xml = xml.replace(f"<Артикул>{sku}</Артикул>", f"<Артикул>{sku}</Артикул>{stated}")
    extra = (f"<ЗначениеРеквизита><Наименование>Заказ оплачен</Наименование><Значение>{'true' if paid else 'false'}"
             "</Значение></ЗначениеРеквизита><ЗначениеРеквизита><Наименование>Дата оплаты</Наименование>"
             "<Значение>2025-11-17 10:20:00</Значение></ЗначениеРеквизита><ЗначениеРеквизита>"
             f"<Наименование>Метод оплаты</Наименование><Значение>{method}</Значение></ЗначениеРеквизита>")
    return xml.replace("</ЗначенияРеквизитов>", extra + "</ЗначенияРеквизитов>")


def run(db, data: bytes, *, book: bool):
    result = act(db, "admin", import_site_orders, data, "orders.xml", book_payments=book)
    return {o.site_number: (o.result, o.order, o.notes) for o in result.outcomes}


def payments(db):
    return sql(db, "SELECT o.channel_ref, p.amount, p.method, p.reference, p.paid_on FROM order_payment p "
                   "JOIN sales_order o ON o.id = p.order_id ORDER BY p.id")


def test_without_the_setting_a_paid_order_is_imported_and_nothing_booked(db):
    shop(db)
    out = run(db, document(paid_order("7001", [("", "MUG", "1200.00", "2")], total="2400.00")), book=False)
    assert out["7001"][0] == "new" and out["7001"][2] == []
    assert payments(db) == []
    assert sql_one(db, "SELECT site_paid FROM shop_order") in (True, 1)


def test_with_the_setting_the_sites_payment_is_booked_once_as_an_advance(db):
    shop(db)
    data = document(paid_order("7001", [("", "MUG", "1200.00", "2")], total="2400.00"),
                    paid_order("7002", [("", "LAMP", "3000.00", "1")], total="3000.00", paid=False))
    out = run(db, data, book=True)
    (result, number, notes) = out["7001"]
    assert result == "new" and len(notes) == 1
    assert notes[0].startswith("paid on the site: 2,400.00 booked as an advance (JE-")
    assert out["7002"][2] == []  # not paid on the site: nothing booked
    assert [tuple(r[:4]) for r in payments(db)] == [("7001", 240000, "card", "website 7001")]
    assert str(payments(db)[0][4]) == "2025-11-17"
    assert sql_one(db, "SELECT paid FROM sales_order WHERE number = :n", n=number) == 240000
    # the same document again: nothing new
    assert {k: v[0] for k, v in run(db, data, book=True).items()} == {"7001": "unchanged", "7002": "unchanged"}
    # the site says 7002 is paid now, by bank transfer: booked, once
    data = document(paid_order("7001", [("", "MUG", "1200.00", "2")], total="2400.00"),
                    paid_order("7002", [("", "LAMP", "3000.00", "1")], total="3000.00",
                               method="Безналичный перевод"))
    out = run(db, data, book=True)
    assert out["7002"][0] == "updated" and "booked as an advance" in out["7002"][2][0]
    assert [tuple(r[:4]) for r in payments(db)] == [("7001", 240000, "card", "website 7001"),
                                                    ("7002", 300000, "bank", "website 7002")]
    assert_sound(db)


def test_a_paid_order_already_paid_here_is_not_paid_twice(db):
    from boclerk.services.sales.orders import pay_order

    shop(db)
    data = document(paid_order("7001", [("", "MUG", "1200.00", "2")], total="2400.00", paid=False))
    number = run(db, data, book=True)["7001"][1]
    act(db, "clerk", pay_order, number, 100000, method="bank")  # from a bank statement, say
    data = document(paid_order("7001", [("", "MUG", "1200.00", "2")], total="2400.00"))
    notes = run(db, data, book=True)["7001"][2]
    assert notes[0].startswith("paid on the site: 1,400.00 booked")  # only what was left to pay
    assert sql_one(db, "SELECT paid FROM sales_order WHERE number = :n", n=number) == 240000


def test_the_sites_vat_is_compared_with_the_rate_of_the_day_line_by_line(db):
    shop(db)  # 17.11.2025: 20% on the mug and the lamp
    data = document(paid_order("7001", [("", "MUG", "1200.00", "1"), ("", "LAMP", "3000.00", "1")],
                               total="4200.00", paid=False, vat={"MUG": VAT_22, "LAMP": VAT_20}))
    out = run(db, data, book=False)
    assert out["7001"][2] == ["VAT differs: MUG: 22% on the site, 20% here on 17.11.2025"]
    # the order keeps boclerk's rate of the day
    assert sql(db, "SELECT DISTINCT vat_rate FROM order_line") == [(20,)]


def test_the_sites_words_for_a_payment_method():
    assert [pay_method(w) for w in ("Банковская карта", "Наличные курьеру", "Безналичный расчёт",
                                    "Оплата по счёту", "ЮKassa", "")] == ["card", "cash", "bank", "bank", "card",
                                                                          "card"]
