"""Every screen at 80x24 and 160x48 on the demo database with a frozen date.

The demo is built once (same seed, same database; tests/tui/conftest.py) and copied for each snapshot; the app's
clock is fixed at the demo's own day. Update the pictures on purpose with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at them before committing.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from boclerk.db.database import Database
from boclerk.demo.shop import DEMO_TODAY
from boclerk.settings import Config, location_from
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import settle

FROZEN = datetime(DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day, 15, 0, tzinfo=UTC)

#: screen name -> keys that reach it from the start
SCREENS = {
    "dashboard": [],
    "orders": ["2"],
    "order_detail": ["2", "j", "enter"],
    "new_order": ["2", "n"],
    "stock": ["3"],
    "stocktake": ["3", "c"],
    "purchases": ["4"],
    "bills": ["4", "v"],
    "ledger": ["5"],
    "trial_balance": ["5", "t"],
    "documents": ["6"],
    "bank_lines": ["6", "v"],
    "help": ["2", "f1"],
    "office": ["7"],
    "office_equipment": ["7", "v"],
    "office_contracts": ["7", "v", "v"],
}

#: screens whose long titles test the top line's fit (keys that reach them from the start)
LONG_TITLES = {"new_entry": ["5", "n"], "bill_view": ["4", "v", "enter"]}


def demo_app(demo_file, tmp_path, locale: str = "en") -> tuple[BoclerkApp, Database]:
    """The app on a copy of the demo, its clock frozen, in ``locale``."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = Database.open(location_from(str(copy), "test"))
    db.clock = lambda: FROZEN
    return BoclerkApp(db, "admin", config=Config(locale=locale)), db


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(screen, size, demo_file, tmp_path, snap_compare, monkeypatch):
    from textual.widgets import Input, TextArea

    # A blinking cursor is shown or not by the clock, so the picture would depend on how busy
    # the machine is: in the pictures the cursor stays where a still terminal shows it.
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: setattr(self, "_cursor_visible", True))
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: setattr(self, "_cursor_visible", True))
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = Database.open(location_from(str(copy), "test"))
    db.clock = lambda: FROZEN
    app = BoclerkApp(db, "admin")

    async def reach(pilot) -> None:
        await settle(pilot)
        for key in SCREENS[screen]:
            await pilot.press(key)
            await settle(pilot)
        app.clear_notifications()
        if hasattr(app.focused, "_cursor_visible"):  # and a focused field shows its cursor, as it does at rest
            app.focused._cursor_visible = True
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=size, run_before=reach)
    finally:
        db.close()


@pytest.mark.parametrize("screen", [s for s in SCREENS if s != "help"] + list(LONG_TITLES))
async def test_the_key_bar_and_the_top_line_fit_80_columns(screen, demo_file, tmp_path):
    from boclerk.tui.base import TopBar
    from boclerk.tui.widgets import KeyBar

    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = Database.open(location_from(str(copy), "test"))
    db.clock = lambda: FROZEN
    app = BoclerkApp(db, "admin")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for key in SCREENS[screen] if screen in SCREENS else LONG_TITLES[screen]:
                await pilot.press(key)
                await settle(pilot)
            app.clear_notifications()
            await settle(pilot)
            under = next(s for s in reversed(app.screen_stack) if s.query(TopBar))  # beneath a dialog
            top, bottom = (str(under.query_one(kind).content).rstrip() for kind in (TopBar, KeyBar))
            assert bottom.endswith("F1 Help") and len(bottom) < 80, bottom
            assert top.endswith("F1 help") and len(top) < 80, top
    finally:
        db.close()
