"""An order's lines say their discount where one has one, so that a total less than the quantity
times the price reads as what it is; an order without a discount keeps its columns as they were."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from boclerk import i18n
from boclerk.money import format_amount
from boclerk.services.sales.orders import LineInput, create_order
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
