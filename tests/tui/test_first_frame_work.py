"""What the Orders list does before its first rows are drawn: the key bar's line is built once
for the frame that shows it, and the count of orders waits until the rows are on screen."""

from __future__ import annotations

import re
import shutil

from boclerk.db.database import Database
from boclerk.settings import location_from
from boclerk.tui.app import BoclerkApp
from boclerk.tui.lists import ListScreen
from boclerk.tui.paged import PagedTable
from boclerk.tui.widgets import KeyBar
from tests.tui.helpers import settle
from tests.tui.test_snapshots import FROZEN


async def _orders(demo_file, tmp_path, monkeypatch, events: list[str]) -> str:
    """Open the Orders list (key 2 as soon as Home is drawn) and note, in order, each frame
    written ("frame", "rows frame" once it shows rows), each build of the key bar's line, the
    first page's rows arriving ("loaded") and each count started; return the status line in the
    end. How frames and the rows' thread interleave depends on the machine's load; the tests
    assert only what holds whatever it is."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = Database.open(location_from(str(copy), "test"))
    db.clock = lambda: FROZEN
    build, recount, loaded = KeyBar._draw, ListScreen._recount, ListScreen.loaded
    monkeypatch.setattr(KeyBar, "_draw", lambda bar: events.append("key bar") or build(bar))
    monkeypatch.setattr(ListScreen, "_recount", lambda screen, view: events.append("count") or recount(screen, view))
    monkeypatch.setattr(ListScreen, "loaded", lambda screen, table: events.append("loaded") or loaded(screen, table))
    app = BoclerkApp(db, "admin")
    app.BUILD_AHEAD = ()  # the screen built on the key, not ahead of it while Home is idle
    display = app._display

    def written(screen, renderable) -> None:
        display(screen, renderable)
        tables = screen.query(PagedTable)
        events.append("rows frame" if tables and tables.first().rows_data else "frame")

    app._display = written
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            events.clear()
            await pilot.press("2")
            await settle(pilot)
            return str(app.screen.query_one("#orders-status").content)
    finally:
        db.close()


async def test_the_key_bar_is_built_once_for_the_frame_that_shows_the_first_rows(demo_file, tmp_path,
                                                                                  monkeypatch):
    events: list[str] = []
    await _orders(demo_file, tmp_path, monkeypatch, events)
    assert "rows frame" in events and "key bar" in events, events
    frames = [i for i, what in enumerate(events) if what.endswith("frame")]
    for before, after in zip([-1, *frames], frames):  # the screen's mount, size, focus and rows: once a frame
        assert events[before + 1:after].count("key bar") <= 1, events


async def test_the_orders_count_starts_after_the_first_rows_are_drawn(demo_file, tmp_path, monkeypatch):
    events: list[str] = []
    status = await _orders(demo_file, tmp_path, monkeypatch, events)
    assert events.count("count") == 1, events
    assert events.index("loaded") < events.index("count"), events  # not beside the screen's build and first frame
    assert re.match(r"\d+ orders; 100 shown", status), status  # and it still comes
