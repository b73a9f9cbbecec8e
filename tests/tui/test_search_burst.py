"""Letters typed in the same burst as `/` go into a list's search box: the box took the focus a
moment after `/`, so `/boris` typed fast searched for "" or for "oris"."""

from __future__ import annotations

import pytest
from textual import events

from boclerk.tui.app import BoclerkApp
from boclerk.tui.paged import PagedTable
from tests.services.trade_helpers import order, shop
from tests.tui.helpers import settle, type_text


async def burst(pilot, keys: list[str]) -> None:
    """The keys as a terminal sends a burst: all queued at once, none waiting for the one before
    to be answered (``pilot.press`` waits for the app to go idle after each key)."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, "/" if key == "slash" else key)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)


def _numbers(app) -> list[str]:
    return [r.number for r in app.screen.query_one(PagedTable).rows_data]


@pytest.mark.parametrize("typed", ["burst", "one by one"])
async def test_letters_typed_with_the_slash_reach_the_search_box(db, typed):
    shop(db)
    anna, boris = order(db, "ANNA", ("MUG", 1)), order(db, "BORIS", ("MUG", 2))
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert _numbers(app) == [boris, anna]
        if typed == "burst":
            await burst(pilot, ["slash", *"boris"])
        else:
            await pilot.press("slash")
            await type_text(pilot, "boris")
            await settle(pilot)
        search = app.screen.query_one("#search")
        assert search.value == "boris"
        assert app.focused is search
        assert app.screen.filters["search"] == "boris"
        assert _numbers(app) == [boris]
        # the keys the list answers still go to it once the box is left (Enter)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, PagedTable)
