"""Every list screen reads its first page once on its first show: Textual calls each class's own
``on_mount`` in turn (base first), so a subclass that also called ``super().on_mount()`` made the
list's first read, its count and its filters twice."""

from __future__ import annotations

import pytest

from boclerk.tui.app import BoclerkApp
from boclerk.tui.lists import ListScreen
from tests.tui.helpers import settle


@pytest.mark.parametrize("key", ["2", "3", "4", "5"])
async def test_a_list_screen_shows_its_view_once_on_its_first_show(db, monkeypatch, key):
    shown: list[str] = []
    show_view = ListScreen.show_view

    def counted(self, *args, **kwargs):
        shown.append(type(self).__name__)
        return show_view(self, *args, **kwargs)

    monkeypatch.setattr(ListScreen, "show_view", counted)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        name = type(app.screen).__name__
    # Orders is built while Home is idle (BoclerkApp.build_ahead): its one first load comes then
    assert shown == (["OrdersScreen"] if name != "OrdersScreen" else []) + [name], shown
