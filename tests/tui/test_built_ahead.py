"""The Orders screen is built while Home is idle: key 2 then only shows it. Home keeps its focus
and figures meanwhile; the screen shows what a screen built at the key shows; rows read longer
ago than the app's FRESH_FOR are read again when it is first shown."""

from __future__ import annotations

from boclerk.tui.app import BoclerkApp
from boclerk.tui.lists import ListScreen
from boclerk.tui.paged import PagedTable
from tests.services.trade_helpers import order, shop
from tests.tui.helpers import screen_text, settle


def _rows(app) -> list[str]:
    return [r.number for r in app.screen.query_one(PagedTable).rows_data]


async def _visit(app, pilot) -> tuple[list[str], str, str]:
    await pilot.press("2")
    await settle(pilot)
    return _rows(app), str(app.screen.query_one("#orders-status").content), screen_text(app)


async def test_orders_is_built_while_home_is_idle_and_shows_as_if_built_at_the_key(db, monkeypatch):
    shop(db)
    for _ in range(3):
        order(db, "ANNA", ("MUG", 1))
    reads: list[str] = []
    show_view = ListScreen.show_view

    def counted(self, *args, **kwargs):
        reads.append(type(self).__name__)
        return show_view(self, *args, **kwargs)

    monkeypatch.setattr(ListScreen, "show_view", counted)
    seen = {}
    for ahead in (("orders",), ()):
        app = BoclerkApp(db, "admin")
        app.BUILD_AHEAD = ahead
        app.FRESH_FOR = 3600.0
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            home = app.screen
            assert type(home).__name__ == "DashboardScreen" and app.current_mode == "dashboard"
            assert ("orders" in app._screen_stacks) == bool(ahead)
            assert type(home.focused).__name__ == "Figure"  # Home keeps its focus while Orders is built
            assert home.query_one("#to-confirm").value == "3"
            if ahead:
                built = app._screen_stacks["orders"][0]
                assert built.is_attached and built.table().rows_data  # composed, mounted, filled
            seen[ahead] = await _visit(app, pilot)
            if ahead:
                assert app.screen is built
            assert type(app.screen.focused).__name__ == "PagedTable"
    assert seen[("orders",)] == seen[()]  # the same rows, status line and picture
    assert len(seen[()][0]) == 3
    assert reads == ["OrdersScreen", "OrdersScreen"]  # one first load each, none again on the show


async def test_rows_read_ahead_are_read_again_when_shown_later_than_fresh_for(db):
    shop(db)
    numbers = [order(db, "ANNA", ("MUG", 1))]
    for fresh_for in (3600.0, 0.0):
        app = BoclerkApp(db, "admin")
        app.FRESH_FOR = fresh_for
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            ahead = app._screen_stacks["orders"][0]
            assert [r.number for r in ahead.table().rows_data] == numbers[::-1]  # read ahead, newest first
            numbers.append(order(db, "ANNA", ("MUG", 2)))  # a colleague's order, after the rows were read
            rows, status, _ = await _visit(app, pilot)
            if fresh_for:  # shown within FRESH_FOR: the rows as read ahead
                assert rows == numbers[:-1][::-1], rows
            else:  # read again on the show
                assert rows == numbers[::-1], rows
                assert status.startswith(f"{len(numbers)} orders; {len(numbers)} shown"), status
                assert app.screen.query_one(PagedTable).cursor_row == 0


async def test_a_figure_of_home_opens_the_built_list_with_one_read(db, monkeypatch):
    """A figure opens the list under its filters, which reads it: the list's age adds no read."""
    shop(db)
    drafts = [order(db, "ANNA", ("MUG", 1)) for _ in range(2)]
    loads: list[str] = []
    load = PagedTable._load

    def counted(self, mode, limit=None):
        loads.append(mode)
        return load(self, mode, limit)

    monkeypatch.setattr(PagedTable, "_load", counted)
    app = BoclerkApp(db, "admin")
    app.FRESH_FOR = 0.0
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        loads.clear()
        app.open_list("orders", status="draft")
        await settle(pilot)
        assert loads == ["first"]
        assert _rows(app) == drafts[::-1]
