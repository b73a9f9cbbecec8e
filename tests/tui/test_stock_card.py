"""The Stock screen's card of a product read in one warehouse or all, and the stock list's key bar
offering archive or restore as the highlighted product's state allows."""

from __future__ import annotations

import io

import pytest

from boclerk.services.catalog import products as catalog
from boclerk.services.stock.book import transfer_stock
from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.paged import PagedTable
from tests.services.test_invariants import act, add_goods, receive, sql
from tests.tui.test_stock_screen import messages, open_stock, settle


@pytest.fixture
def shop(db):
    """MUG-1: 10 and 5 received in MAIN, 4 moved to B (MAIN 11, B 4); PAN-1: 2 in MAIN, archived."""
    add_goods(db, "MUG-1", "Mug")
    add_goods(db, "PAN-1", "Pan")
    act(db, "wh", catalog.add_warehouse, "B", "Back room")
    receive(db, "MUG-1", 10, 200)
    receive(db, "MUG-1", 5, 230)
    act(db, "wh", transfer_stock, "MUG-1", 4, from_wh="MAIN", to_wh="B")
    receive(db, "PAN-1", 2, 1000)
    act(db, "clerk", catalog.set_product_active, "PAN-1", False)
    return db


async def _to_row(pilot, table, sku: str, warehouse: str) -> None:
    while (table.current.sku, table.current.warehouse) != (sku, warehouse):
        await pilot.press("j")


def _text(renderable) -> str:
    from rich.console import Console

    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def _moves(card) -> list[tuple]:
    return [(m.warehouse, m.kind, m.qty, m.running_qty) for m in card.moves]


async def test_the_card_beside_the_list_shows_the_rows_warehouse_with_its_own_quantity(shop):
    app = BoclerkApp(shop, "viewer")
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_stock(app, pilot)
        table = screen.query_one(PagedTable)
        await _to_row(pilot, table, "MUG-1", "B")
        await settle(app, pilot)
        card = screen.shown_card
        assert card.warehouse == "B" and _moves(card) == [("B", "transfer_in", 4, 4)]
        await _to_row(pilot, table, "MUG-1", "MAIN")
        await settle(app, pilot)
        card = screen.shown_card
        assert card.warehouse == "MAIN"
        assert _moves(card) == [("MAIN", "transfer_out", -4, 11), ("MAIN", "receipt", 5, 15),
                                ("MAIN", "receipt", 10, 10)]
        assert [(r.warehouse, r.on_hand) for r in card.levels] == [("B", 4), ("MAIN", 11)]
        pane = _text(screen.query_one("#stock-detail").content)
        lines = pane.splitlines()
        assert lines[2].strip() == "VAT 22% (standard rate)"  # a line of its own, below the facts
        assert "Moves in MAIN, newest first (3 shown)" in lines[8] and "Wh" not in lines[9]  # one warehouse: no column
        assert [line.split()[1:5] for line in lines[10:13]] == [
            ["transfer", "out", "-4", "11"], ["receipt", "+5", "15", "11,50"], ["receipt", "+10", "10", "20,00"]]


async def test_the_products_own_screen_switches_between_one_warehouse_and_all(shop):
    app = BoclerkApp(shop, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        await _to_row(pilot, screen.query_one(PagedTable), "MUG-1", "B")
        await pilot.press("enter")
        await settle(app, pilot)
        product = app.screen
        assert type(product).__name__ == "ProductScreen"
        assert _moves(product.shown_card) == [("B", "transfer_in", 4, 4)]
        await pilot.press("v")  # all warehouses: the quantity after each move is the product's in all
        await settle(app, pilot)
        assert product.shown_card.warehouse is None
        assert _moves(product.shown_card) == [("B", "transfer_in", 4, 15), ("MAIN", "transfer_out", -4, 11),
                                              ("MAIN", "receipt", 5, 15), ("MAIN", "receipt", 10, 10)]
        await pilot.press("v")  # and back to the row's warehouse
        await settle(app, pilot)
        assert product.shown_card.warehouse == "B" and len(product.shown_card.moves) == 1


def _on_bar(screen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values() if b.binding.show}


def _bar_text(screen) -> str:
    return str(screen.query_one("KeyBar").render())


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_key_bar_offers_archive_or_restore_as_the_rows_product_allows(shop, size):
    app = BoclerkApp(shop, "clerk")
    async with app.run_test(size=size) as pilot:
        screen = await open_stock(app, pilot)
        table = screen.query_one(PagedTable)
        await _to_row(pilot, table, "MUG-1", "B")
        await settle(app, pilot)
        assert "archive_product" in _on_bar(screen) and "restore_product" not in _on_bar(screen)
        assert " x Archive " in _bar_text(screen) and "Restore" not in _bar_text(screen)
        await _to_row(pilot, table, "PAN-1", "MAIN")
        await settle(app, pilot)
        assert "restore_product" in _on_bar(screen) and "archive_product" not in _on_bar(screen)
        assert " u Restore " in _bar_text(screen) and "Archive" not in _bar_text(screen)
        await pilot.press("x")  # not offered, but the key still says why not
        await settle(app, pilot)
        assert app.screen is screen and messages(app)
        assert "archive" in messages(app)[-1].lower() and "PAN-1" in messages(app)[-1]
        assert sql(shop, "SELECT active FROM product WHERE sku = 'PAN-1'") == [(0,)]
        await pilot.press("u")
        await settle(app, pilot)
        assert sql(shop, "SELECT active FROM product WHERE sku = 'PAN-1'") == [(1,)]
        assert (table.current.sku, table.current.active) == ("PAN-1", True)
        assert "archive_product" in _on_bar(screen) and " x Archive " in _bar_text(screen)  # the bar follows


async def test_a_role_that_may_not_archive_is_offered_neither(shop):
    app = BoclerkApp(shop, "wh")
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_stock(app, pilot)
        for _ in range(3):
            assert not _on_bar(screen) & {"archive_product", "restore_product"}
            await pilot.press("j")
            await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        assert sql(shop, "SELECT active FROM product") == [(1,), (0,)]


@pytest.mark.parametrize(("interface", "unit"), [("en", "pcs"), ("ru", "шт")])
async def test_the_card_names_the_unit_in_the_interface_s_language(shop, interface, unit):
    app = BoclerkApp(shop, "viewer", config=Config(locale="ru") if interface == "ru" else None)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_stock(app, pilot)
        await _to_row(pilot, screen.query_one(PagedTable), "MUG-1", "MAIN")
        await settle(app, pilot)
        facts = _text(screen.query_one("#stock-detail").content).splitlines()[1].split()
        assert unit in facts and (interface == "en" or "pcs" not in facts)  # not the unit's code in Russian
