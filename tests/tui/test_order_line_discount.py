"""An order's lines say their discount where one has one, so that a total less than the quantity
times the price reads as what it is; an order without a discount keeps its columns as they were.
Goods taken back and money paid back are told apart."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from boclerk import i18n
from boclerk.money import format_amount
from boclerk.services.sales.orders import LineInput, confirm_order, create_order, pay_order
from boclerk.services.sales.shipping import return_order, ship_order
from boclerk.services.sales.view import order_detail
from boclerk.tui.orders.detail import render_detail
from tests.tui.test_orders_screen import _shop


@pytest.fixture
def russian():
    before = i18n.language()
    i18n.use("ru")
    yield
    i18n.use(before)


def _text(db, lines: list[LineInput], width: int = 80) -> list[str]:
    with db.write("admin") as uow:
        number = create_order(uow, "C1", lines).number
    with db.read("admin") as uow:
        d = order_detail(uow, number)
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(render_detail(d, lambda minor: format_amount(minor, currency="RUB", locale="ru"), "ru"))
    return [line.rstrip().replace("\u00a0", " ") for line in console.export_text().splitlines()]


@pytest.mark.usefixtures("russian")
def test_a_discounted_line_shows_its_discount_beside_its_price(db):
    _shop(db)
    text = _text(db, [LineInput("MUG", 2, discount_bp=1250), LineInput("MUG", 1)])
    head = next(line for line in text if line.startswith("Артикул"))
    assert head.split()[2:] == ["Кол.", "Цена", "Ск.", "%", "Сумма", "Отгр", "Возв", "Рез"], head
    at = head.index("Ск. %")
    mugs = [line for line in text if line.startswith("MUG")]
    assert [line[at:at + 5].strip() for line in mugs] == ["12,5", ""], mugs


@pytest.mark.usefixtures("russian")
def test_without_a_discount_there_is_no_discount_column(db):
    _shop(db)
    text = _text(db, [LineInput("MUG", 2)])
    assert not any("Ск. %" in line for line in text)


@pytest.mark.usefixtures("russian")
def test_goods_taken_back_and_money_paid_back_read_apart(db):
    _shop(db)
    with db.write("admin") as uow:
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
        confirm_order(uow, number)
        pay_order(uow, number, 118000)
        ship_order(uow, number)
        return_order(uow, number, [("MUG", 1)])
    with db.read("admin") as uow:
        d = order_detail(uow, number)
    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    console.print(render_detail(d, lambda minor: format_amount(minor, currency="RUB", locale="ru"), "ru"))
    words = [re.split(r" \d", line)[0] for line in console.export_text().splitlines() if line.startswith(("опл", "отгр", "возв"))]
    assert words == ["оплата", "возврат денег", "отгрузка", "возврат товара"], words
