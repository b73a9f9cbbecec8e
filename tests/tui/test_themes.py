"""Every area is drawn in the theme in force when it is first shown, light or dark, including
one first visited after the theme changed (areas are styled as they mount, not re-styled)."""

from __future__ import annotations

from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.paged import PagedTable
from tests.tui.helpers import settle

AREAS = {"2": "#orders-list", "3": "#stock-list", "4": "#po-list", "5": "#ledger-list"}


def _background(app, selector: str):
    return app.screen.query_one(selector, PagedTable).styles.background


async def _areas(app, pilot) -> dict[str, object]:
    seen = {}
    for key, selector in AREAS.items():
        await pilot.press(key)
        await settle(pilot)
        seen[key] = _background(app, selector)
    return seen


async def test_each_area_takes_the_theme_in_force(db):
    dark_app = BoclerkApp(db, "admin", config=Config(theme="dark"))
    async with dark_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dark = await _areas(dark_app, pilot)
    light_app = BoclerkApp(db, "admin", config=Config(theme="light"))
    async with light_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        light = await _areas(light_app, pilot)
    assert len(set(dark.values())) == 1 and len(set(light.values())) == 1
    assert dark["2"] != light["2"]

    # the theme changes on the dashboard; every area first shown afterwards is light
    app = BoclerkApp(db, "admin", config=Config(theme="dark"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
        assert await _areas(app, pilot) == light


async def test_the_theme_picked_in_the_app_is_there_after_a_restart(db, tmp_path):
    state = tmp_path / "state" / "app.json"
    app = BoclerkApp(db, "admin", config=Config(theme="dark"), remember=state)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark" and not state.exists()  # nothing picked, nothing kept
        app.theme = "nord"
        await settle(pilot)
    again = BoclerkApp(db, "admin", config=Config(theme="dark"), remember=state)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
    # what cannot be read is as if nothing were remembered: the config's theme
    state.write_text("{not json", encoding="utf-8")
    third = BoclerkApp(db, "admin", config=Config(theme="light"), remember=state)
    async with third.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert third.theme == "textual-light"
    assert state.read_text(encoding="utf-8") == "{not json"
