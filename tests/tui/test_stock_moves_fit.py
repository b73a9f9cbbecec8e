"""A product's moves, beside the stock list at 160x48 (with their value: the pane takes what the
list with all its columns leaves) and on the product's own screen at 80x24,
in English and in Russian, show every cell whole: the whole day, the kind, the quantities and the
source (a document's number, a reason in words, wrapped at its spaces where it is long); a column
that would not leave the others room (the value, then the quantity after) is left out instead.

On the snapshots' demo shop, with a write-off whose reason is longer than the pane is wide."""

from __future__ import annotations

import io
import shutil

import pytest

from boclerk.db.database import Database
from boclerk.services.stock.book import adjust_stock
from boclerk.settings import Config, location_from
from boclerk.tui.app import BoclerkApp
from boclerk.tui.paged import PagedTable
from tests.tui.helpers import screen_text, type_text
from tests.tui.test_snapshots import FROZEN
from tests.tui.test_stock_screen import open_stock, settle

SKU = "KIT-007"  # shipped, received, and moved to the shop's floor with a reason
REASON = "Dropped while unpacking the delivery at the back door"


@pytest.fixture
def demo(demo_file, tmp_path):
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = Database.open(location_from(str(copy), "test"))
    db.clock = lambda: FROZEN
    with db.write("admin") as uow:
        adjust_stock(uow, SKU, -1, reason=REASON, warehouse="MAIN", write_off=True)
    yield db
    db.close()


def _drawn(widget) -> list[str]:
    """The widget's content as the screen draws it at the widget's width."""
    from rich.console import Console

    console = Console(width=widget.content_region.width, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.export_text().splitlines()


def _check(lines: list[str], card, app) -> None:
    start = next(i for i, line in enumerate(lines) if line.startswith(("Date", "Дата")))
    moves = lines[start:]
    assert not any("…" in line for line in moves), "\n".join(moves)
    text = " ".join(" ".join(moves).split())
    for m in card.moves:
        assert app.screen.day(m.move_date) in text and f"{m.qty:+}" in text
        for word in (m.source + " " + m.reason).split():
            assert word in text, (word, "\n".join(moves))
    assert " ".join(REASON.split()[:2]) in " ".join(moves[1].split())  # the newest move: its reason, wrapped if need be


async def _to_product(app, pilot):
    screen = await open_stock(app, pilot)
    await pilot.press("slash")
    await type_text(pilot, SKU)
    await settle(app, pilot)
    await pilot.press("enter")
    table = screen.query_one(PagedTable)
    while (table.current.sku, table.current.warehouse) != (SKU, "MAIN"):
        await pilot.press("j")
    await settle(app, pilot)
    return screen


@pytest.mark.parametrize("interface", ["en", "ru"])
async def test_the_moves_beside_the_list_at_160_columns_are_whole(demo, interface):
    app = BoclerkApp(demo, "admin", config=Config(locale="ru") if interface == "ru" else None)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _to_product(app, pilot)
        card = screen.shown_card
        assert card.product.sku == SKU and card.warehouse == "MAIN" and len(card.moves) >= 4
        lines = _drawn(screen.query_one("#stock-detail"))
        _check(lines, card, app)
        header = next(line for line in lines if line.startswith(("Date", "Дата"))).split()
        assert ("Source" if interface == "en" else "Основание") == header[-1]
        assert ("Value" if interface == "en" else "Сумма") in header  # the pane takes what the list leaves
        assert card.moves[1].source in screen_text(app)  # and so on the screen
        shown = [c.key for c in screen.query_one(PagedTable).shown]
        assert shown == [c.key for c in screen.query_one(PagedTable).all_columns]  # the list keeps every column


@pytest.mark.parametrize("interface", ["en", "ru"])
async def test_the_moves_on_the_product_s_own_screen_at_80_columns_are_whole(demo, interface):
    app = BoclerkApp(demo, "admin", config=Config(locale="ru") if interface == "ru" else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_product(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        product = app.screen
        assert type(product).__name__ == "ProductScreen"
        for _warehouses in ("MAIN", "all"):
            card = product.shown_card
            lines = _drawn(product.query_one("#product-detail"))
            _check(lines, card, app)
            header = next(line for line in lines if line.startswith(("Date", "Дата"))).split()
            assert ("Value" if interface == "en" else "Сумма") in header  # room for every column at 80
            await pilot.press("v")  # all warehouses: a column more
            await settle(app, pilot)
        assert product.shown_card.warehouse is None or card.warehouse is None
