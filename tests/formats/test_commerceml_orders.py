"""The CommerceML orders reader on documents as sites and other people's code wrote them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from boclerk.errors import InvalidInput
from boclerk.formats.commerceml_orders import read_orders

SAMPLES = Path(__file__).parent / "samples"


def test_a_bitrix_order_a_person_a_delivery_line_and_the_sites_status():
    (order,) = read_orders((SAMPLES / "cml_bitrix_order_36.xml").read_bytes())
    assert (order.id, order.number, order.day, order.total) == ("36", "36", date(2007, 10, 30), Decimal("6734.47"))
    assert not order.customer.company and order.customer.name == "admin" and order.customer.address == "ггг"
    delivery, tv = order.lines
    assert (delivery.id, delivery.service, delivery.price, delivery.qty) == ("ORDER_DELIVERY", True,
                                                                             Decimal("340.00"), Decimal("1.00"))
    assert (tv.id, tv.service, tv.amount) == ("dee6e19a-55bc-11d9-848a-00112f43529a", False, Decimal("6394.47"))
    assert order.status == "[N] Принят" and order.payment_method == "Наличный расчет"
    assert not order.paid and not order.cancelled  # "Заказ оплачен: false" wins over the payment document


def test_a_windows_1251_order_from_a_company_with_a_discount_taken_off():
    data = (SAMPLES / "cml_order_5_windows-1251.xml").read_bytes()
    assert "Рога".encode("cp1251") in data  # the file really is windows-1251
    (order,) = read_orders(data)
    assert order.number == "5" and order.key == "778BB97A-B2C7-4D6E-9379-5F26F69A3DDC"
    assert order.customer.company and order.customer.name == 'ООО "Рога и копыта"'
    chair = order.lines[1]
    assert (chair.id, chair.price, chair.discount, chair.discount_included) == ("34", Decimal("5100.00"),
                                                                                Decimal("900.00"), True)


NAMESPACED = """<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.10" ДатаФормирования="2026-03-16T10:00:00">
  <Документ><Ид>a1</Ид><Номер>1001</Номер><Дата>2026-03-16</Дата><ХозОперация>Заказ товара</ХозОперация>
    <Роль>Продавец</Роль><Валюта>RUB</Валюта><Курс>1</Курс><Сумма>1200.00</Сумма>
    <Контрагенты><Контрагент><Ид>u7</Ид><Наименование>ООО Ромашка</Наименование>
      <ОфициальноеНаименование>ООО "Ромашка"</ОфициальноеНаименование><ИНН>7707083893</ИНН><КПП>773601001</КПП>
      <Контакты><Контакт><Тип>Почта</Тип><Значение>buy@romashka.ru</Значение></Контакт>
        <Контакт><Тип>Телефон рабочий</Тип><Значение>+7 495 000-00-00</Значение></Контакт></Контакты>
      <Роль>Покупатель</Роль></Контрагент></Контрагенты>
    <Товары><Товар><Ид>x</Ид><Артикул>MUG</Артикул><Наименование>Кружка</Наименование>
      <ЦенаЗаЕдиницу>1200.00</ЦенаЗаЕдиницу><Количество>1</Количество><Сумма>1200.00</Сумма>
      <СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов>
    </Товар></Товары>
  </Документ>
  <Документ><Ид>p1</Ид><Номер>P-1</Номер><Дата>2026-03-16</Дата><ХозОперация>Выплата безналичных денег</ХозОперация>
  </Документ>
</КоммерческаяИнформация>"""


def test_a_namespaced_document_an_organisation_with_inn_and_contacts_and_other_operations_skipped():
    (order,) = read_orders(NAMESPACED.encode("utf-8"))
    c = order.customer
    assert (c.company, c.name, c.inn, c.kpp, c.email, c.phone) == (True, 'ООО "Ромашка"', "7707083893", "773601001",
                                                                    "buy@romashka.ru", "+7 495 000-00-00")
    assert order.lines[0].sku == "MUG" and order.lines[0].vat == "20"


@pytest.mark.parametrize(("data", "sentence"), [
    (b"<a><b></a>", "is not well-formed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "declares a DTD or entities"),
    ("<Файл/>".encode(), "is not a CommerceML document"),
    ("<КоммерческаяИнформация><Документ><Номер>1</Номер><Дата>вчера</Дата></Документ></КоммерческаяИнформация>"
     .encode(), "the date 'вчера' is not a date"),
    ("<КоммерческаяИнформация><Документ><Номер>1</Номер><Дата>2026-01-01</Дата><Товары><Товар>"
     "<Количество>много</Количество></Товар></Товары></Документ></КоммерческаяИнформация>".encode(),
     "order 1, line 1: the quantity 'много' is not a number"),
])
def test_bad_documents_get_one_sentence(data, sentence):
    with pytest.raises(InvalidInput, match=sentence):
        read_orders(data, "orders.xml")
