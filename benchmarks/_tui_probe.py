"""Runs the app headless on a database and reports timings (used by tui_orders.py)."""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import time


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def run(db_path: str, mode: str) -> None:
    from boclerk.db.database import Database
    from boclerk.services.platform.identity import os_user_name
    from boclerk.settings import location_from
    from boclerk.tui.app import BoclerkApp

    db = Database.open(location_from(db_path, "bench"))
    app = BoclerkApp(db, os_user_name())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        from boclerk.tui.paged import PagedTable

        while not app.screen.query(PagedTable) or not app.screen.query_one(PagedTable).rows_data:
            await pilot.pause(0.005)
        if mode == "start":
            print("ROWS", flush=True)
            return
        await settle(app, pilot)
        table = app.screen.query_one(PagedTable)

        async def timed(*keys: str) -> float:
            started = time.perf_counter()
            await pilot.press(*keys)
            await settle(app, pilot)
            return time.perf_counter() - started

        harness = statistics.median([await timed("z") for _ in range(15)])  # a key nothing answers: the Pilot's own cost
        pages = [await timed("pagedown") for _ in range(40)]
        jump = await timed("G")
        await timed("g")
        screen = app.screen
        started = time.perf_counter()
        screen.apply_filters(status="draft")
        await settle(app, pilot)
        state = time.perf_counter() - started
        screen.apply_filters()
        await settle(app, pilot)
        search = screen.query_one("#search")
        started = time.perf_counter()
        search.value = "ivan"
        await settle(app, pilot)
        name = time.perf_counter() - started
        search.value = ""
        await settle(app, pilot)
        table.focus()
        opened = await timed("enter")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        net = lambda t: max(t - harness, 0.0)  # noqa: E731
        print(json.dumps({"harness": harness, "page_median": net(statistics.median(pages)),
                          "page_max": net(max(pages)), "jump_end": net(jump), "filter_state": net(state),
                          "filter_name": net(name), "open_order": net(opened), "rss_mb": rss}))


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1], sys.argv[2]))
