"""Runs the app headless on a database and reports timings (used by tui_orders.py).

    python benchmarks/_tui_probe.py DB start   # the command line's own start, to Home's figures and the Orders rows
    python benchmarks/_tui_probe.py DB look [S] # the same, key 2 pressed S seconds (1) after Home's figures
    python benchmarks/_tui_probe.py DB open    # ``boclerk --db DB --open orders``: to the Orders rows, no Home
    python benchmarks/_tui_probe.py DB steps   # key timings in the Orders list (JSON)

``start`` goes the way ``boclerk --db DB`` goes (the command line, the user and revision checks,
the database as the app opens it, the app as ``run_app`` makes it, with the person's remembered
theme and the styles kept from the last start) and only then runs the app headless instead of on
the terminal;
it prints ``HOME`` when Home's figures are filled and ``ROWS`` when the Orders list (key 2) shows
rows, each once the app has gone idle after them (the Pilot's way), ``HOME_PAINTED`` and
``ROWS_PAINTED`` when the frame that shows them is written, and what was loaded by then. The
parent times the lines as they arrive.
"""

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


def announce_paints(app) -> None:
    """Print ``HOME_PAINTED`` when the first frame with Home's figures is written to the terminal
    and ``ROWS_PAINTED`` when the first frame with the Orders rows is, each with the process's CPU
    time by then, all threads (``cpu=``: what the machine's load changes least) (the Pilot's own lines,
    ``HOME`` and ``ROWS``, come once the app has also gone idle: Textual's ``wait_for_idle`` waits
    for 20 ms windows without work, twice per key, so they include trailing layouts and that
    wait). What was painted is kept in ``app.painted``: key 2 waits for Home's frame (pressed
    when the figures merely had their values, it sometimes came before that frame, which was then
    never drawn)."""
    display = app._display
    seen = app.painted = set()

    def shown(screen, renderable) -> None:
        display(screen, renderable)
        if "HOME" not in seen:
            figure = screen.query("#to-confirm")
            if figure and figure.first().value != "…":
                seen.add("HOME")
                print(f"HOME_PAINTED cpu={time.process_time():.4f}", flush=True)
        elif "ROWS" not in seen and "boclerk.tui.paged" in sys.modules:  # no list before the app loads one
            tables = screen.query(sys.modules["boclerk.tui.paged"].PagedTable)
            if tables and tables.first().rows_data:
                seen.add("ROWS")
                print(f"ROWS_PAINTED cpu={time.process_time():.4f}", flush=True)

    app._display = shown


async def opened_on_orders(app) -> None:
    """The app opened on the Orders list (``--open orders``): ``ROWS_PAINTED`` when its rows' frame
    is written, ``ROWS`` once the app is idle after them."""
    announce_paints(app)
    app.painted.add("HOME")  # no Home: the first frame with rows is the one looked for
    async with app.run_test(size=(80, 24)) as pilot:
        while "ROWS" not in app.painted:  # the frame written, not merely the rows read
            await pilot.pause(0.005)
        print("ROWS", flush=True)
        loaded = [m for m in ("typer", "sqlalchemy", "sqlmodel", "boclerk.domain.models") if m in sys.modules]
        print("LOADED " + json.dumps(loaded), flush=True)


async def first_rows(app, look: float = 0.0) -> None:
    """Home's figures, then the Orders list's first rows, each announced as it shows. With
    ``look``, key 2 comes that many seconds after Home's figures (a clerk reads Home first), and
    ``KEY`` is printed as it is pressed."""
    announce_paints(app)
    async with app.run_test(size=(80, 24)) as pilot:
        # key 2 comes once the figures are on screen (their frame written), as a person would press it
        while app.screen.query("#to-confirm").first().value == "…" or "HOME" not in app.painted:
            await pilot.pause(0.005)
        print("HOME", flush=True)
        if look:
            await pilot.pause(look)
            print("KEY", flush=True)
        await pilot.press("2")
        from boclerk.tui.paged import PagedTable

        while not app.screen.query(PagedTable) or not app.screen.query_one(PagedTable).rows_data:
            await pilot.pause(0.005)
        print("ROWS", flush=True)
        loaded = [m for m in ("typer", "sqlalchemy", "sqlmodel", "boclerk.domain.models") if m in sys.modules]
        print("LOADED " + json.dumps(loaded), flush=True)


def start(db_path: str, look: float = 0.0, *, area: str | None = None) -> None:
    from boclerk.tui.app import BoclerkApp

    def headless(app, *, mouse=True) -> None:
        asyncio.run(first_rows(app, look) if area is None else opened_on_orders(app))

    BoclerkApp.run = headless  # the app as open_front builds it (run_app), run headless instead of on the terminal
    from boclerk.cli.main import main

    try:
        main(["--db", db_path, *(["--open", area] if area else [])])
    except SystemExit as exc:
        if exc.code:
            raise


async def steps(db_path: str) -> None:
    from boclerk.cli.front import app_database
    from boclerk.services.platform.identity import os_user_name
    from boclerk.settings import location_from
    from boclerk.tui.app import BoclerkApp

    db = app_database(location_from(db_path, "bench"))
    app = BoclerkApp(db, os_user_name())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        from boclerk.tui.paged import PagedTable

        while not app.screen.query(PagedTable) or not app.screen.query_one(PagedTable).rows_data:
            await pilot.pause(0.005)
        await settle(app, pilot)
        table = app.screen.query_one(PagedTable)

        async def timed(*keys: str) -> float:
            started = time.perf_counter()
            await pilot.press(*keys)
            await settle(app, pilot)
            return time.perf_counter() - started

        # a key nothing answers: the Pilot's own cost. Its least, not its median: a key's time is counted in the
        # app's frames (one more now and then for the same key), and a median that fell on the later frame took a
        # whole frame off every figure below (a page step of 21 ms once read 0 ms); the least over-counts, if anything
        harness = min([await timed("z") for _ in range(15)])
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
    if sys.argv[2] == "start":
        start(sys.argv[1])
    elif sys.argv[2] == "look":  # key 2 some seconds after Home's figures (default 1)
        start(sys.argv[1], float(sys.argv[3]) if len(sys.argv) > 3 else 1.0)
    elif sys.argv[2] == "open":
        start(sys.argv[1], area="orders")
    else:
        asyncio.run(steps(sys.argv[1]))
