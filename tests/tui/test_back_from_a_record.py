"""Back on a list from a record's own screen where an act changed the record: the list's row says
what the record is now (its state, and the acts the key bar offers by it), with the cursor on it."""

from boclerk.tui.app import BoclerkApp
from boclerk.tui.orders.detail import OrderDetailScreen
from boclerk.tui.orders.screen import OrdersScreen
from tests.tui.helpers import screen_text, settle
from tests.tui.test_orders_screen import _shop, draft_by_keys


async def _new_confirmed_order(pilot) -> None:
    await draft_by_keys(pilot)
    await pilot.press("c", "ctrl+s")
    await settle(pilot)


async def test_an_order_shipped_on_its_own_screen_shows_shipped_on_the_list(db):
    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await _new_confirmed_order(pilot)
        orders = app.screen
        assert isinstance(orders, OrdersScreen) and orders.current.status == "confirmed"
        await pilot.press("enter")  # 80 columns: the order on its own screen
        await settle(pilot)
        assert isinstance(app.screen, OrderDetailScreen)
        for key in ("p", "s"):  # pay, then ship, each with its form as it comes
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert app.screen.status == "shipped"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is orders
        assert orders.current.number == "SO-2026-000001" and orders.current.status == "shipped"
        row = next(line for line in screen_text(app).splitlines() if "SO-2026-000001" in line)
        assert "shipped" in row and "confirmed" not in row
        assert orders.offered("ship") is None and orders.offered("deliver") is True  # the key bar by the new state


async def test_back_from_an_order_nothing_was_done_to_keeps_the_list(db):
    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await _new_confirmed_order(pilot)
        orders = app.screen
        table = orders.table()
        reading = table.reading
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is orders and table.reading == reading  # not read again for nothing
        assert orders.current.status == "confirmed"
