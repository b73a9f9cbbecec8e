"""Home: the sales chart fills the room it has, and draws itself again when the terminal changes size."""

from __future__ import annotations

import re

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
        # when, as the shop's locale (the test shop's, Russian) writes a day, and the time: not ISO
        assert re.search(r"last exchange \d\d\.\d\d\.\d{4} \d\d:\d\d \(", str(notes.render())), str(notes.render())


async def test_the_sync_key_is_on_the_key_bar_at_80_columns_for_those_who_may_sync(db):
    from tests.tui.helpers import screen_text

    for role, shown in (("admin", True), ("clerk", False)):
        app = BoclerkApp(db, role)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            bar = screen_text(app).rstrip().splitlines()[-1]
            assert ("y Sync site" in bar) is shown, (role, bar)
            assert "^p Palette" in bar  # and the rest of the bar still fits


def _sold_over_days(db) -> None:
    """A few orders shipped on different days of the last 30, so the chart has bars of its own."""
    from datetime import timedelta

    from boclerk.services.sales.shipping import ship_order
    from tests.services.trade_helpers import act, confirmed, set_day, shop, today

    shop(db)
    first = today(db)
    for days, lines in ((0, [("MUG", 2)]), (3, [("LAMP", 1)]), (7, [("MUG", 1), ("KETTLE", 2)])):
        set_day(db, first + timedelta(days=days))
        act(db, "wh", ship_order, confirmed(db, "ANNA", *lines))


def test_home_figures_and_the_chart_read_apart_are_what_the_one_read_gives(db):
    from dataclasses import replace

    from boclerk.services.dashboard import dashboard, home_figures, sales_days
    from tests.services.trade_helpers import read

    _sold_over_days(db)
    whole = read(db, "admin", dashboard)
    figures, days = read(db, "admin", home_figures), read(db, "admin", sales_days)
    assert figures.sales_days == [] and len(days) == 30
    assert replace(figures, sales_days=days) == whole
    assert sum(v for _, v in days) > 0 and sum(1 for _, v in days if v) == 3  # three days with sales
    assert figures.to_ship == 0 and figures.receivables > 0


async def test_home_reads_once_when_it_first_shows_and_again_on_r(db, monkeypatch):
    """Mounting Home and Textual's resumes of the new screen come together: one read of each part,
    not one per event; r and coming back to Home read again; the figures and chart are on screen."""
    import boclerk.services.dashboard as service
    import boclerk.services.office.reminders as reminders

    _sold_over_days(db)
    calls: list[str] = []
    for module, name in ((service, "home_figures"), (service, "sales_days"), (service, "web_dashboard"),
                         (reminders, "office_dashboard")):
        original = getattr(module, name)

        def counted(uow, _original=original, _name=name):
            calls.append(_name)
            return _original(uow)

        monkeypatch.setattr(module, name, counted)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert sorted(calls) == ["home_figures", "office_dashboard", "sales_days", "web_dashboard"]
        assert app.screen.query_one("#receivables").value not in ("…", "")
        assert "Sales, last 30 days" in "\n".join(chart_lines(app))
        calls.clear()
        await pilot.press("r")
        await settle(pilot)
        assert sorted(calls) == ["home_figures", "office_dashboard", "sales_days", "web_dashboard"]
        calls.clear()
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert sorted(calls) == ["home_figures", "office_dashboard", "sales_days", "web_dashboard"]
