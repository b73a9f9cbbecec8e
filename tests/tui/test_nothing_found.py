"""A search that leaves a list empty says so on the status line, with the filters it ran under
(a search is not counted, so the line used to say only "0 shown")."""

from __future__ import annotations

import shutil

import pytest

from boclerk.db.database import Database
from boclerk.settings import Config, location_from
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import settle, type_text
from tests.tui.test_snapshots import FROZEN


@pytest.fixture
def db(demo_file, tmp_path):
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    database = Database.open(location_from(str(copy), "test"))
    database.clock = lambda: FROZEN
    yield database
    database.close()


def _status(app, area: str) -> str:
    return str(app.screen.query_one(f"#{area}-status").content)


async def _search(pilot, text: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, text)
    await settle(pilot)


EXPECTED = {
    None: ("Nothing matches the search 'zzqx'",
           "Nothing matches the search 'zzqx' under the filters: Cancelled"),
    "ru": ("По запросу «zzqx» ничего не найдено",
           "По запросу «zzqx» ничего не найдено с фильтрами: Отменён"),
}


@pytest.mark.parametrize("locale", [None, "ru"])
async def test_an_empty_search_says_nothing_matches_and_under_which_filters(db, locale):
    alone, filtered = EXPECTED[locale]
    app = BoclerkApp(db, "admin", config=Config(locale=locale) if locale else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await _search(pilot, "zzqx")
        assert not app.screen.table().rows_data
        assert _status(app, "orders") == alone
        app.screen.apply_filters(status="cancelled", search="zzqx")  # as the dashboard and the palette narrow
        await settle(pilot)
        cancelled = _status(app, "orders")
        # the state's word as the filter's chooser shows it, in the interface language
        assert cancelled.startswith(filtered.split(":")[0] + ": ")
        assert cancelled.endswith(app.screen.FILTERS[0].words("cancelled"))
        if locale is None:
            assert cancelled == filtered

        # a search that finds rows: the line counts them as before
        app.screen.apply_filters()
        await settle(pilot)
        found = _status(app, "orders")
        assert "Nothing" not in found and "ничего" not in found

        # another list screen that searches: Purchases
        await pilot.press("escape", "4")
        await settle(pilot)
        await _search(pilot, "zzqx")
        assert not app.screen.table().rows_data
        assert _status(app, "purchases") == alone
