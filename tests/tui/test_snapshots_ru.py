"""Every area's screens, some of their forms and the help, in Russian at 80x24.

The same demo database and frozen clock as the English pictures (test_snapshots.py); the app is
given ``Config(locale="ru")``, so it speaks Russian. Update on purpose with ``--snapshot-update``
and look at the pictures first.
"""

from __future__ import annotations

import shutil

import pytest

from boclerk.db.database import Database
from boclerk.settings import Config, location_from
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import screen_text, settle
from tests.tui.test_snapshots import FROZEN, LONG_TITLES, SCREENS

#: screen name -> keys that reach it from the start: the English pictures' screens, and the
#: journal entry form (its long title is where the top line first ran out of room)
SCREENS_RU = {**SCREENS, "new_entry": LONG_TITLES["new_entry"]}


def russian_app(demo_file, tmp_path) -> tuple[BoclerkApp, Database]:
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = Database.open(location_from(str(copy), "test"))
    db.clock = lambda: FROZEN
    return BoclerkApp(db, "admin", config=Config(locale="ru")), db


async def reach(pilot, keys: list[str]) -> None:
    app = pilot.app
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    app.clear_notifications()
    if hasattr(app.focused, "_cursor_visible"):  # a focused field shows its cursor, as it does at rest
        app.focused._cursor_visible = True
    await settle(pilot)


@pytest.mark.parametrize("screen", list(SCREENS_RU))
def test_screen_in_russian(screen, demo_file, tmp_path, snap_compare, monkeypatch):
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: setattr(self, "_cursor_visible", True))
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: setattr(self, "_cursor_visible", True))
    app, db = russian_app(demo_file, tmp_path)
    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=lambda pilot: reach(pilot, SCREENS_RU[screen]))
    finally:
        db.close()


@pytest.mark.parametrize("screen", [s for s in SCREENS_RU if s != "help"] + ["purchases", "ledger", "documents",
                                                                               "office", "new_entry"])
async def test_the_key_bar_and_the_top_line_fit_80_columns_in_russian(screen, demo_file, tmp_path):
    from boclerk.tui.base import TopBar
    from boclerk.tui.widgets import KeyBar
    from tests.tui.test_snapshots import LONG_TITLES, SCREENS

    keys = SCREENS_RU[screen] if screen in SCREENS_RU else SCREENS[screen] if screen in SCREENS else LONG_TITLES[screen]
    app, db = russian_app(demo_file, tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await reach(pilot, keys)
            under = next(s for s in reversed(app.screen_stack) if s.query(TopBar))
            top, bottom = (str(under.query_one(kind).content).rstrip() for kind in (TopBar, KeyBar))
            assert bottom.endswith("F1 Справка") and len(bottom) < 80, bottom
            assert top.endswith("F1 Справка") and len(top) <= 80, top
    finally:
        db.close()


async def test_the_orders_screen_speaks_russian(demo_file, tmp_path):
    """The wiring end to end: area name, column titles, state words, key bar and help in Russian."""
    app, db = russian_app(demo_file, tmp_path)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await reach(pilot, ["2"])
            text = screen_text(app)
            assert "Заказы" in text and "Покупатель" in text and "Состояние" in text, text
            assert "Новый" in text and "F1 Справка" in text, text
            assert any(word in text for word in ("черновик", "подтверждён", "отгружен", "доставлен")), text
            await reach(pilot, ["f1"])
            from textual.widgets import Static

            from boclerk.tui.help import HelpScreen

            assert isinstance(app.screen, HelpScreen)
            text = "\n".join(str(s.content) for s in app.screen.query(Static))
            assert "Справка: Заказы" in text and "На этом экране:" in text and "Везде:" in text, text
            assert "Подтвердить" in text and "Экраны: Главная, Заказы" in text, text
    finally:
        db.close()
