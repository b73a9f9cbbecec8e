"""Letters typed in the same burst as `/` go into a list's search box: the box took the focus a
moment after `/`, so `/boris` typed fast searched for "" or for "oris"."""

from __future__ import annotations

import pytest

from boclerk.tui.app import BoclerkApp
from boclerk.tui.paged import PagedTable
from tests.services.trade_helpers import order, shop
from tests.tui.helpers import burst, settle, type_text


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


async def test_a_burst_that_ends_the_search_with_enter_leaves_the_box_for_the_list(db):
    """Enter typed in the burst, as a named key: the search is "boris" (not "borisenter"), and the
    keys after it go to the list."""
    shop(db)
    order(db, "ANNA", ("MUG", 1))
    boris = order(db, "BORIS", ("MUG", 2))
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await burst(pilot, ["slash", *"boris", "enter", "down"])
        assert app.screen.query_one("#search").value == "boris"
        assert isinstance(app.focused, PagedTable)
        assert _numbers(app) == [boris]
