"""The Stock screen, driven by key presses: write-offs, refusals, a stocktake by scanning,
roles, and the detail pane of a wide terminal. The database is checked afterwards."""

from __future__ import annotations

import pytest

from boclerk.services.catalog import products as catalog
from boclerk.services.ledger import posting_rules
from boclerk.services.stock import book as stock
from boclerk.services.stock import queries as stock_queries
from boclerk.services.stock.stocktake import count_info
from boclerk.tui.app import BoclerkApp
from boclerk.tui.paged import PagedTable
from boclerk.tui.stock.acts import STOCK_ACTS
from tests.services.test_invariants import (
    act,
    add_goods,
    assert_sound,
    entry_lines,
    read,
    receive,
    snapshot,
    sql,
    today,
)
from tests.services.test_stock import cost_row, level, moves_of, rule_lines
from tests.tui.helpers import form_error

WRITE_ACTS = STOCK_ACTS
MUG_CODE, CUP_CODE = "4600000000017", "4600000000024"


@pytest.fixture
def shop(db):
    """MUG-1: 15 in MAIN worth 31.50 (2.10 each); CUP-1 none yet (standard cost 1.50)."""
    add_goods(db, "MUG-1", "Mug", category="Kitchen", barcodes=[MUG_CODE], reorder_point=20, reorder_qty=10)
    add_goods(db, "CUP-1", "Cup", category="Kitchen", standard_cost=150, barcodes=[CUP_CODE])
    receive(db, "MUG-1", 10, 200)
    receive(db, "MUG-1", 5, 230)
    return db


async def settle(app, pilot) -> None:
    """Let the thread workers finish and their results land (a result may start another worker)."""
    from textual.worker import WorkerState

    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            return


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def open_stock(app, pilot):
    await pilot.press("3")
    await settle(app, pilot)
    screen = app.screen
    assert type(screen).__name__ == "StockScreen"
    return screen


# -- write-off and refusal -------------------------------------------------------------------------


async def test_write_off_through_the_form_posts_what_the_service_posts(shop):
    db = shop
    out = act(db, "wh", stock.adjust_stock, "MUG-1", -3, reason="dropped")  # 12 left, 2.10 each
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        table = screen.query_one(PagedTable)
        # CUP-1 was never in stock: it has no level row yet
        assert [(r.sku, r.warehouse, r.on_hand) for r in table.rows_data] == [("MUG-1", "MAIN", 12)]
        while table.current.sku != "MUG-1":
            await pilot.press("j")
        await pilot.press("w")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FormDialog"
        assert app.focused.id == "f-qty"  # product and warehouse come from the row
        await type_text(pilot, "12")
        await pilot.press("enter")
        await type_text(pilot, "flood")
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Wrote off 12 x MUG-1 in MAIN." in messages(app)
        assert screen.query_one(PagedTable).current.on_hand == 0
    moves = moves_of(db, "MUG-1")
    entry = moves[-1][4]
    assert moves[-2:] == [("MAIN", "adjustment", -3, -630, out.entry), ("MAIN", "write_off", -12, -2520, entry)]
    assert entry == f"JE-{today(db).year}-000004"
    assert entry_lines(db, entry) == rule_lines(db, posting_rules.stock_loss(2520)) == [
        ("5100", "WH", 2520), ("1200", None, -2520)]
    assert cost_row(db, "MUG-1") == (0, 0) and level(db, "MUG-1") == (0, 0)
    assert sql(db, "SELECT reason, actor FROM stock_move WHERE kind = 'write_off'") == [("flood", "admin")]
    assert_sound(db)


async def test_a_refused_write_off_shows_the_sentence_and_writes_nothing(shop):
    db = shop
    before = snapshot(db)
    app = BoclerkApp(db, "wh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        table = screen.query_one(PagedTable)
        while table.current.sku != "MUG-1":
            await pilot.press("j")
        await pilot.press("w")
        await settle(app, pilot)
        await type_text(pilot, "20")
        await pilot.press("enter")
        await type_text(pilot, "lost")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        # the question answered, the refusal is said on the form, which waits with what was typed
        assert form_error(app) == "Cannot take 20 pcs of MUG-1 from MAIN: 15 available (15 on hand, 0 reserved)."
        assert snapshot(db) == before
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen  # the clerk is back at the list, nothing half-done
    assert snapshot(db) == before
    assert level(db, "MUG-1") == (15, 0)


async def test_found_stock_adjustment_and_transfer_by_key(shop):
    db = shop
    act(db, "admin", catalog.add_warehouse, "SHOP", "Shop floor")
    app = BoclerkApp(db, "wh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        table = screen.query_one(PagedTable)
        while table.current.sku != "MUG-1":
            await pilot.press("j")
        # found: 2 at a given unit cost
        await pilot.press("r")
        await settle(app, pilot)
        await type_text(pilot, "2")
        await pilot.press("enter")
        await type_text(pilot, "5")  # unit cost 5.00
        await pilot.press("enter", "enter")  # the reason is 'found' already
        await settle(app, pilot)
        # a signed adjustment, confirmed
        await pilot.press("a")
        await settle(app, pilot)
        await type_text(pilot, "-1")
        await pilot.press("enter")
        await type_text(pilot, "chipped")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        # a transfer to the shop floor
        await pilot.press("t")
        await settle(app, pilot)
        from textual.widgets import Label

        said = " | ".join(str(label.render()) for label in app.screen.query(Label))
        assert "From warehouse" in said and "To warehouse" in said, said  # not "From"/"To", read as dates in Russian
        await type_text(pilot, "4")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert [(r.sku, r.warehouse, r.on_hand) for r in screen.query_one(PagedTable).rows_data
                if r.sku == "MUG-1"] == [("MUG-1", "MAIN", 12), ("MUG-1", "SHOP", 4)]
    assert [m[:4] for m in moves_of(db, "MUG-1")[2:]] == [
        ("MAIN", "adjustment", 2, 1000), ("MAIN", "adjustment", -1, -244),  # 4150 / 17 = 2.44
        ("MAIN", "transfer_out", -4, -977), ("SHOP", "transfer_in", 4, 977)]
    assert_sound(db)


# -- stocktake by scanning ----------------------------------------------------------------------------


async def test_a_stocktake_by_scanning_barcodes_posts_the_differences(shop):
    db = shop
    app = BoclerkApp(db, "wh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stock(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("ctrl+s")  # MAIN, every stocked product
        await settle(app, pilot)
        count = app.screen
        assert type(count).__name__ == "CountScreen"
        number = count.number
        assert app.focused.id == "scan"
        for _ in range(3):  # three mugs on the shelf, one beep each
            await type_text(pilot, MUG_CODE)
            await pilot.press("enter")
            assert app.focused.id == "scan"  # the cursor stays for the next item
        await pilot.press("tab")
        await type_text(pilot, "4")  # a box of four cups: quantity first, then the barcode
        await pilot.press("shift+tab")
        await type_text(pilot, CUP_CODE)
        await pilot.press("enter")
        assert app.focused.id == "scan"
        await settle(app, pilot)
        assert (count.info.counted, count.info.lines) == (2, 2)
        rows = {r.sku: (r.counted, r.difference, r.value) for r in read(db, "viewer", _differences, number)}
        assert rows == {"CUP-1": (4, 4, 600), "MUG-1": (3, -12, -2520)}
        assert count.query_one("#diffs").row_count == 2
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "StockScreen"
        table = app.screen.query_one(PagedTable)
        assert [(r.sku, r.on_hand, r.below_reorder) for r in table.rows_data] == [("CUP-1", 4, False),
                                                                                  ("MUG-1", 3, True)]
    info = read(db, "viewer", count_info, number)
    assert info.status == "posted" and info.entry
    assert moves_of(db, "CUP-1") == [("MAIN", "count_gain", 4, 600, info.entry)]
    assert moves_of(db, "MUG-1")[-1] == ("MAIN", "count_loss", -12, -2520, info.entry)
    assert entry_lines(db, info.entry) == rule_lines(db, posting_rules.stocktake_difference(600, 2520))
    assert level(db, "MUG-1") == (3, 0) and level(db, "CUP-1") == (4, 0)
    assert_sound(db)


async def test_a_scanner_burst_counts_every_code(shop):
    """A scanner types faster than the screen handles the Enter: every code still counts once."""
    from textual import events

    db = shop
    app = BoclerkApp(db, "wh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stock(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        number = app.screen.number
        burst = "".join(code + "\r" for code in (MUG_CODE, CUP_CODE, MUG_CODE, MUG_CODE))
        for ch in burst:  # all queued at once, as from a terminal's read of a fast scanner
            key = events.Key("enter", "\r") if ch == "\r" else events.Key(ch, ch)
            key.set_sender(app)
            app._driver.send_message(key)  # what pilot.press does, without waiting after each key
        await settle(app, pilot)
        assert app.focused.id == "scan" and app.focused.value == ""
        assert app.screen.info.counted == 2, (messages(app), app.screen.queue, app.screen.in_flight)
        # a pasted list counts line by line; a last line without its newline waits in the field
        app.focused.post_message(events.Paste(f"{CUP_CODE}\n{CUP_CODE}\nMUG-"))
        await settle(app, pilot)
        assert app.focused.value == "MUG-"
    rows = read(db, "viewer", _differences, number)
    assert [(r.sku, r.counted) for r in rows] == [("CUP-1", 3), ("MUG-1", 3)]


def _differences(uow, number):
    from boclerk.services.stock.stocktake import differences

    return differences(uow, number)


async def test_an_unknown_barcode_is_refused_and_a_count_can_be_cancelled(shop):
    db = shop
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stock(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        number = app.screen.number
        for code in (MUG_CODE, "999999", MUG_CODE):  # scanned in a row, before any is saved
            await type_text(pilot, code)
            await pilot.press("enter")
        await settle(app, pilot)
        assert "Unknown SKU or barcode: 999999." in messages(app)
        assert app.focused.id == "scan"
        # the unknown one is refused alone: the mugs around it are counted
        assert [(r.sku, r.counted) for r in read(db, "viewer", _differences, number)] == [("MUG-1", 2)]
        await pilot.press("escape")  # leaves the count open
        await settle(app, pilot)
        assert type(app.screen).__name__ == "StockScreen"
        await pilot.press("c")
        await settle(app, pilot)
        assert app.focused.id == "f-number" and app.focused.value == number  # go on with it
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.number == number
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "StockScreen"
    assert read(db, "viewer", count_info, number).status == "cancelled"
    assert sql(db, "SELECT COUNT(*) FROM stock_move WHERE kind LIKE 'count%'") == [(0,)]


# -- roles ---------------------------------------------------------------------------------------------------


def _offered(screen) -> set[str]:
    """The acts whose keys answer (shown on the key bar or not)."""
    return {b.binding.action.split("(", 1)[0] for b in screen.active_bindings.values()}


async def test_a_viewer_is_offered_no_write_act(shop):
    app = BoclerkApp(shop, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        assert screen.query_one(PagedTable).current is not None
        for act_name in WRITE_ACTS:
            assert screen.offered(act_name) is False, act_name
        assert not _offered(screen) & set(WRITE_ACTS)
        assert "search" in _offered(screen) and "below_reorder" in _offered(screen)
        await pilot.press("w", "c", "n")  # keys of acts not offered do nothing
        await settle(app, pilot)
        assert app.screen is screen
        await pilot.press("enter")  # reading is for everyone
        await settle(app, pilot)
        product = app.screen
        assert type(product).__name__ == "ProductScreen"
        assert not _offered(product) & set(WRITE_ACTS)


@pytest.mark.parametrize(("user", "offered"), [
    ("wh", {"found", "write_off", "adjust", "transfer", "stocktake"}),
    ("acc", {"stocktake"}),
    ("clerk", {"new_product", "edit_product", "archive_product", "restore_product"}),
    ("admin", set(WRITE_ACTS)),
])
async def test_each_role_is_offered_what_it_may_do(shop, user, offered):
    app = BoclerkApp(shop, user)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        assert _offered(screen) & set(WRITE_ACTS) == offered


# -- list, filters, detail ------------------------------------------------------------------------------------


async def test_filters_search_and_the_dashboard_below_reorder_list(shop):
    db = shop
    add_goods(db, "PAN-1", "Frying pan", barcodes=["4600000000031"])
    receive(db, "PAN-1", 2, 1000)
    app = BoclerkApp(db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_list("stock", below_reorder=True)
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one(PagedTable)
        assert [r.sku for r in table.rows_data] == ["MUG-1"]  # 15 available, reorder at 20
        assert "below reorder" in str(screen.query_one("#stock-status").render())
        await pilot.press("b")
        await settle(app, pilot)
        assert [r.sku for r in table.rows_data] == ["MUG-1", "PAN-1"]
        await pilot.press("slash")
        await type_text(pilot, "4600000000031")  # a barcode
        await settle(app, pilot)
        assert [r.sku for r in table.rows_data] == ["PAN-1"]
        await pilot.press("enter")  # back to the list
        assert app.focused is table
        await pilot.press("slash", *["backspace"] * 13)
        await type_text(pilot, "mug")  # part of a name
        await settle(app, pilot)
        assert [r.sku for r in table.rows_data] == ["MUG-1"]


async def test_a_wide_terminal_shows_the_product_beside_the_list(shop):
    app = BoclerkApp(shop, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_stock(app, pilot)
        assert screen.has_class("wide")
        table = screen.query_one(PagedTable)
        pane = screen.query_one("#stock-pane")
        assert pane.display and pane.region.width > 0
        assert pane.region.x >= table.region.right  # beside the list, not over it
        assert {c.key for c in table.shown} >= {"sku", "name", "on_hand", "reserved", "available", "reorder"}
        while table.current.sku != "MUG-1":
            await pilot.press("j")
        await settle(app, pilot)
        card = screen.shown_card
        assert card.product.sku == "MUG-1" and card.warehouse == "MAIN"
        assert [(m.kind, m.qty, m.running_qty) for m in card.moves] == [("receipt", 5, 15), ("receipt", 10, 10)]
        await pilot.press("enter")  # stays on the list screen: the pane is the detail
        await settle(app, pilot)
        assert app.screen is screen and pane.has_focus
        await pilot.press("escape")
        assert table.has_focus


async def test_a_narrow_terminal_opens_the_product_on_its_own_screen(shop):
    app = BoclerkApp(shop, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        table = screen.query_one(PagedTable)
        assert not screen.has_class("wide") and not screen.query_one("#stock-pane").display
        assert "reorder" not in {c.key for c in table.shown}  # columns collapse at 80
        while table.current.sku != "MUG-1":
            await pilot.press("j")
        await pilot.press("enter")
        await settle(app, pilot)
        product = app.screen
        assert type(product).__name__ == "ProductScreen"
        assert [(m.qty, m.running_qty) for m in product.shown_card.moves] == [(5, 15), (10, 10)]
        await pilot.press("w")  # a write-off from the product's own screen
        await settle(app, pilot)
        await type_text(pilot, "1")
        await pilot.press("enter")
        await type_text(pilot, "broken")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        last = product.shown_card.moves[0]
        assert (last.kind, last.qty, last.running_qty) == ("write_off", -1, 14)
        await pilot.press("escape")  # back to the list, which has been brought up to date
        await settle(app, pilot)
        assert app.screen is screen
        assert [r.on_hand for r in table.rows_data if r.sku == "MUG-1"] == [14]


async def test_a_product_is_archived_and_restored_from_its_own_screen(shop):
    app = BoclerkApp(shop, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        table = screen.query_one(PagedTable)
        while table.current.sku != "MUG-1":
            await pilot.press("j")
        await pilot.press("enter")
        await settle(app, pilot)
        product = app.screen
        shown = {b.binding.action for b in product.active_bindings.values() if b.binding.show}
        assert "archive_product" in shown and "restore_product" not in shown
        await pilot.press("x")
        await settle(app, pilot)
        assert sql(shop, "SELECT active FROM product WHERE sku = 'MUG-1'") == [(0,)]
        assert "Archived MUG-1." in messages(app)
        assert not product.shown_card.product.active  # read again: the key bar follows it
        shown = {b.binding.action for b in product.active_bindings.values() if b.binding.show}
        assert "restore_product" in shown and "archive_product" not in shown
        await pilot.press("x")  # archiving again is not offered and does nothing
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert sql(shop, "SELECT active FROM product WHERE sku = 'MUG-1'") == [(1,)]
        assert product.shown_card.product.active
        audit = sql(shop, "SELECT action FROM audit_event WHERE entity_id = 'MUG-1' ORDER BY seq")
        assert [a for (a,) in audit if a.startswith("product.")][-2:] == ["product.archive", "product.restore"]


async def test_a_product_archived_from_the_list_stays_in_it_marked_archived(shop):
    app = BoclerkApp(shop, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        table = screen.query_one(PagedTable)
        while table.current.sku != "MUG-1":
            await pilot.press("j")
        await pilot.press("x")  # not on the key bar of the list, but its key works on the highlighted row
        await settle(app, pilot)
        assert sql(shop, "SELECT active FROM product WHERE sku = 'MUG-1'") == [(0,)]
        row = next(r for r in table.rows_data if r.sku == "MUG-1")
        assert not row.active and str(screen.cells(row)["name"]) == "Mug (archived)"  # its stock is still there
        await pilot.press("u")
        await settle(app, pilot)
        assert next(r for r in table.rows_data if r.sku == "MUG-1").active


async def test_new_and_edited_products_from_the_stock_screen(shop):
    db = shop
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await type_text(pilot, "BOWL-1")
        await pilot.press("enter")
        await type_text(pilot, "Bowl")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Added BOWL-1." in messages(app)
        table = screen.query_one(PagedTable)
        while table.current.sku != "MUG-1":
            await pilot.press("j")
        await pilot.press("e")
        await settle(app, pilot)
        assert app.focused.id == "f-name"
        await pilot.press("end", *" XL")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Saved MUG-1." in messages(app)
        assert [r.name for r in table.rows_data if r.sku == "MUG-1"] == ["Mug XL"]
    assert read(db, "viewer", catalog.get_product, "BOWL-1").unit == "pcs"
    assert read(db, "viewer", catalog.get_product, "MUG-1").reorder_point == 20


async def test_the_product_form_keeps_a_description_of_several_lines(shop):
    """The storefront's description, one line in the form: ¶ stands for a new line both ways."""
    from textual.widgets import Input

    db = shop
    act(db, "admin", catalog.edit_product, "MUG-1", description="Фарфор.\nМожно в посудомойку.")
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stock(app, pilot)
        table = screen.query_one(PagedTable)
        while table.current.sku != "MUG-1":
            await pilot.press("j")
        await pilot.press("e")
        await settle(app, pilot)
        field = app.screen.query_one("#f-description", Input)
        assert field.value == "Фарфор. ¶ Можно в посудомойку."
        await pilot.press("ctrl+s")  # nothing changed: nothing written
        await settle(app, pilot)
        assert "Nothing changed." in messages(app)
        await pilot.press("e")
        await settle(app, pilot)
        app.screen.query_one("#f-description", Input).value = "Фарфор. ¶ Можно в посудомойку. ¶ 300 мл"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Saved MUG-1." in messages(app)
    assert read(db, "viewer", catalog.get_product, "MUG-1").description == \
        "Фарфор.\nМожно в посудомойку.\n300 мл"


# -- the keyset paging the screen relies on ------------------------------------------------------------------


def test_levels_page_backwards_and_search(db):
    act(db, "admin", catalog.add_warehouse, "B", "Back room")
    for i in range(7):
        add_goods(db, f"P-{i}", f"Thing {i}", barcodes=[f"460000000{i:04d}"])
        receive(db, f"P-{i}", 1, 100)
        if i % 2:
            receive(db, f"P-{i}", 1, 100, warehouse="B")
    every = [(r.sku, r.warehouse) for r in read(db, "viewer", stock_queries.levels)]
    assert len(every) == 10
    assert [(r.sku, r.warehouse) for r in read(db, "viewer", stock_queries.levels, last=True, limit=4)] == every[-4:]
    assert [(r.sku, r.warehouse) for r in read(db, "viewer", stock_queries.levels, before=every[5], limit=3)] == every[2:5]
    assert [(r.sku, r.warehouse) for r in read(db, "viewer", stock_queries.levels, before=every[1], limit=3)] == every[:1]
    assert [(r.sku, r.warehouse) for r in read(db, "viewer", stock_queries.levels, after=every[5], limit=3)] == every[6:9]
    assert [r.sku for r in read(db, "viewer", stock_queries.levels, search="thing 3")] == ["P-3", "P-3"]
    assert [r.sku for r in read(db, "viewer", stock_queries.levels, search="4600000000005")] == ["P-5", "P-5"]
    assert [r.sku for r in read(db, "viewer", stock_queries.levels, search="p-", warehouse="B", last=True, limit=2)] == [
        "P-3", "P-5"]
    assert read(db, "viewer", stock_queries.levels, search="p_") == []  # a LIKE wildcard is a plain character


async def test_the_palette_opens_products_and_runs_the_stock_acts(shop):
    from boclerk.tui.palette import _act, _open

    app = BoclerkApp(shop, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _open(app, "product", MUG_CODE)  # found by its barcode
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ProductScreen" and app.screen.shown_card.product.sku == "MUG-1"
        await pilot.press("escape")
        await settle(app, pilot)
        for action, title in (("adjust", "Adjust stock"), ("transfer", None), ("stocktake", "Stocktake"),
                              ("new_product", "New product (stocked goods)")):
            _act(app, "stock", action)
            await settle(app, pilot)
            if title is None:  # one warehouse only: nothing to transfer between
                assert "A transfer needs two active warehouses." in messages(app)
                continue
            assert app.screen.title_text == title
            await pilot.press("escape")
            await settle(app, pilot)
        assert type(app.screen).__name__ == "StockScreen"


async def test_the_palette_shows_a_product_in_the_pane_when_wide(shop):
    from boclerk.tui.palette import _open

    add_goods(shop, "PAN-1", "Frying pan")
    receive(shop, "PAN-1", 2, 1000)
    app = BoclerkApp(shop, "viewer")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        _open(app, "product", "PAN-1")
        await settle(app, pilot)
        screen = app.screen
        assert type(screen).__name__ == "StockScreen"
        assert [r.sku for r in screen.query_one(PagedTable).rows_data] == ["PAN-1"]
        assert screen.shown_card.product.sku == "PAN-1"


async def test_a_counted_line_can_be_corrected_from_the_table(shop):
    db = shop
    app = BoclerkApp(db, "acc")  # accountants count stock too
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stock(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        count = app.screen
        await type_text(pilot, "MUG-1")
        await pilot.press("enter")
        await type_text(pilot, "mug-1")  # any case
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("f2")  # to the table of differences
        assert app.focused.id == "diffs"
        await pilot.press("enter")  # correct the MUG-1 line
        assert app.focused.id == "qty" and count.query_one("#scan").value == "MUG-1"
        await type_text(pilot, "14")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused.id == "scan"
        assert count.query_one("#replace").value is False  # 'Set' was for that one correction
        rows = read(db, "viewer", _differences, count.number)
        assert [(r.sku, r.counted, r.difference) for r in rows] == [("MUG-1", 14, -1)]
