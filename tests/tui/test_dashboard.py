"""Home: the sales chart fills the room it has, and draws itself again when the terminal changes size."""

from __future__ import annotations

from boclerk.tui.app import BoclerkApp
from boclerk.tui.dashboard.screen import SalesChart
from tests.tui.helpers import settle


def chart_lines(app) -> list[str]:
    chart = app.screen.query_one(SalesChart)
    return str(chart.render()).splitlines()


async def test_the_chart_is_drawn_again_when_the_terminal_grows_and_shrinks(db):
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        small = app.screen.query_one(SalesChart).size
        before = chart_lines(app)
        assert len(before) == max(small.height - 3, 3) + 2  # the title, the bars, the dates

        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        large = app.screen.query_one(SalesChart).size
        assert large.height > small.height
        after = chart_lines(app)
        assert len(after) == max(large.height - 3, 3) + 2, "the chart kept the height it read at 80x24"
        assert len(after) > len(before)

        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert chart_lines(app) == before


async def test_the_website_line_and_a_sync_at_a_key(db, httpserver, tmp_path, monkeypatch):
    from boclerk.tui.dashboard.shop import WebNotes
    from tests.services.test_shop_orders import document, site_order
    from tests.services.test_shop_sync import LOGIN, PASSWORD, Site
    from tests.services.trade_helpers import shop, sql_one

    shop(db)
    site = Site()
    httpserver.expect_request("/1c_exchange.php").respond_with_handler(site.handle)
    site.orders = document(site_order("1001", [("", "MUG", "1200.00", "1")]))
    config = tmp_path / "config.toml"
    config.write_text(f'[shop]\nurl = "{httpserver.url_for("/1c_exchange.php")}"\nlogin = "{LOGIN}"\n'
                      'password_env = "BOCLERK_TEST_SHOP_PASSWORD"\ntimeout = 5\nretries = 0\n')
    monkeypatch.setenv("BOCLERK_CONFIG", str(config))
    monkeypatch.setenv("BOCLERK_TEST_SHOP_PASSWORD", PASSWORD)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        notes = app.screen.query_one(WebNotes)
        assert not notes.display  # no exchange yet: nothing to say
        await pilot.press("y")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert sql_one(db, "SELECT count(*) FROM sales_order WHERE channel_ref = '1001'") == 1
        assert notes.display
        assert "1 new order)" in str(notes.render()) and "1 web order to confirm" in str(notes.render())


async def test_the_sync_key_is_on_the_key_bar_at_80_columns_for_those_who_may_sync(db):
    from tests.tui.helpers import screen_text

    for role, shown in (("admin", True), ("clerk", False)):
        app = BoclerkApp(db, role)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            bar = screen_text(app).rstrip().splitlines()[-1]
            assert ("y Sync site" in bar) is shown, (role, bar)
            assert "^p palette" in bar  # and the rest of the bar still fits
