"""A screen shown for the first time is drawn with the styles it took as it mounted (Textual's
resume does not style it all again); a screen come back to after a theme change is restyled."""

from __future__ import annotations

from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.paged import PagedTable
from tests.tui.helpers import settle


def _styles(screen) -> list[tuple]:
    return [(type(w).__name__, w.id, w.styles.background, w.styles.color, w.styles.height, w.styles.display)
            for w in screen.walk_children(with_self=True)]


async def test_a_first_show_is_not_restyled_and_looks_as_restyled(db, monkeypatch):
    app = BoclerkApp(db, "admin", config=Config(theme="dark"))
    restyled: list[str] = []
    update_styles = app.update_styles

    def counted(node, animate=True):
        if node is app.screen:
            restyled.append(type(node).__name__)
        return update_styles(node, animate=animate)

    monkeypatch.setattr(app, "update_styles", counted)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert "OrdersScreen" not in restyled and "DashboardScreen" not in restyled
        first = _styles(screen)
        screen.update_node_styles(animate=False)  # what the resume would have done
        await settle(pilot)
        assert _styles(screen) == first


async def test_a_screen_come_back_to_after_a_theme_change_takes_the_theme(db):
    app = BoclerkApp(db, "admin", config=Config(theme="dark"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        dark = app.screen.query_one("#orders-list", PagedTable).styles.background
        await pilot.press("1")
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        light = app.screen.query_one("#orders-list", PagedTable).styles.background
        assert light != dark
    fresh = BoclerkApp(db, "admin", config=Config(theme="light"))
    async with fresh.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert fresh.screen.query_one("#orders-list", PagedTable).styles.background == light


async def _orders_styles(db, monkeypatch, *, warm: bool) -> tuple[list[tuple], int]:
    from textual.css.stylesheet import Stylesheet

    if not warm:
        monkeypatch.setattr(BoclerkApp, "warm_list_styles", None)
    parses: list[int] = []
    parse = Stylesheet.parse
    monkeypatch.setattr(Stylesheet, "parse", lambda sheet: parses.append(1) or parse(sheet))
    app = BoclerkApp(db, "admin", config=Config(theme="dark"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        while app.screen.query_one("#to-confirm").value == "…":
            await pilot.pause(0.01)
        await settle(pilot)
        parses.clear()
        await pilot.press("2")
        await settle(pilot)
        return _styles(app.screen), len(parses)


async def test_the_list_styles_parsed_while_home_shows_leave_nothing_to_parse_and_look_the_same(db, monkeypatch):
    warmed, parsed_after_warm = await _orders_styles(db, monkeypatch, warm=True)
    with monkeypatch.context() as m:
        cold, parsed_cold = await _orders_styles(db, m, warm=False)
    assert parsed_after_warm == 0 and parsed_cold > 0
    assert warmed == cold
