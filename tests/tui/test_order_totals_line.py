"""An order's line of totals, where the pane beside the list is too narrow for it, breaks between
its figures, never between a word and its figure ("отгр." at one line's end, "33 960,10" at the
next's start), in either language."""

from __future__ import annotations

import io
import re

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


def _lines(renderable, width: int) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return [line.rstrip().replace("\u00a0", " ") for line in console.export_text().splitlines()]


@pytest.mark.usefixtures("russian")
def test_the_totals_break_between_figures_at_every_width(db):
    _shop(db)
    with db.write("admin") as uow:
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
    with db.read("admin") as uow:
        d = order_detail(uow, number)
    money = lambda minor: format_amount(minor, currency="RUB", locale="ru")  # noqa: E731
    broken = 0
    for width in range(36, 80):
        lines = _lines(render_detail(d, money, "ru"), width)
        start = next(i for i, line in enumerate(lines) if line.startswith("Итого"))
        totals = []
        for line in lines[start:]:
            totals.append(line)
            if "долг" in line:
                break
        broken += len(totals) > 1
        for line in totals:  # each line ends with a figure, and the next begins with a word
            assert re.search(r"\d\)?$", line), (width, totals)
        assert " ".join(" ".join(totals).split()) == "Итого 1 180,00 (НДС 212,79) опл. 0,00 отгр. 0,00 долг 1 180,00"
    assert broken  # the narrow widths did break it
