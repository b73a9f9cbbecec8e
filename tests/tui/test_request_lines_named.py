"""A supply request's lines name each item after its SKU where the width leaves room (the catalogue's
name, cut with an ellipsis where it is long), as an order's and a PO's lines do; where it does not,
the other columns stay whole without it."""

from __future__ import annotations

import io

from rich.console import Console

from boclerk.money import format_amount
from boclerk.services.office.request_queries import request_detail
from boclerk.tui.office.views import render_request
from tests.services.office_helpers import ask, office


def _lines(renderable, width: int) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return [line.rstrip().replace("\u00a0", " ") for line in console.export_text().splitlines()]


def test_the_lines_name_their_items_where_there_is_room(db):
    office(db)
    number = ask(db, "clerk", ("TEA", 2), ("PAPER", 5))
    with db.read("clerk") as uow:
        d = request_detail(uow, number)
    money = lambda minor: format_amount(minor, currency="RUB", locale="en")  # noqa: E731
    quantity = lambda value, unit="": str(value)  # noqa: E731
    day = str
    wide = _lines(render_request(d, money, quantity, day, "en"), 76)
    head = next(line for line in wide if line.lstrip().startswith("#"))
    assert head.split()[:3] == ["#", "SKU", "Name"], head
    for ln in d.lines:
        row = next(line for line in wide if f" {ln.sku} " in line)
        assert ln.name in row or ln.name[:8] in row  # the name, whole or cut
    narrow = _lines(render_request(d, money, quantity, day, "en"), 44)
    head = next(line for line in narrow if line.lstrip().startswith("#"))
    assert "Name" not in head and head.split()[-1] == "In", head  # every other column whole
