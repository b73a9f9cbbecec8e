"""Lists say how many rows they hold (issue 18), at a bounded cost: the Orders list's count."""

from __future__ import annotations

import shutil

from boclerk.db.database import Database
from boclerk.settings import Config, location_from
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import settle
from tests.tui.test_snapshots import FROZEN, demo_file  # noqa: F401 - the module's demo, built once


def test_the_count_agrees_with_the_list_and_stops_at_its_cap(demo_file):  # noqa: F811
    from boclerk.services.sales.counting import count_orders
    from boclerk.services.sales.queries import list_orders

    db = Database.open(location_from(str(demo_file), "test"))
    try:
        with db.read("admin") as uow:
            for filters in ({}, {"status": "draft"}, {"status": "open"}, {"status": "delivered", "channel": "website"},
                            {"status": "open", "backorder": True}):
                listed = len(list_orders(uow, limit=10_000, **filters))
                assert count_orders(uow, **filters).n == listed and not count_orders(uow, **filters).more, filters
            everything = len(list_orders(uow, limit=10_000))
            assert count_orders(uow, cap=50).n == 50 and count_orders(uow, cap=50).more  # "more than 50"
            assert count_orders(uow, cap=everything).n == everything and not count_orders(uow, cap=everything).more
            assert count_orders(uow, search="Semenov") is None  # a search is not counted
    finally:
        db.close()


async def _status(app, pilot, *keys: str) -> str:
    for key in keys:
        await pilot.press(key)
    await settle(pilot)
    return str(app.screen.query_one("#orders-status").content)


async def test_the_orders_list_says_how_many_it_holds_in_english_and_in_russian(demo_file, tmp_path):  # noqa: F811
    from boclerk.services.sales.queries import list_orders

    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = Database.open(location_from(str(copy), "test"))
    db.clock = lambda: FROZEN
    with db.read("admin") as uow:
        total, drafts = len(list_orders(uow, limit=10_000)), len(list_orders(uow, status="draft", limit=10_000))
    try:
        for config, everything, narrowed in ((None, f"{total} orders; 100 shown", f"{drafts} orders; {drafts} shown"),
                                             (Config(locale="ru"), f"{total} заказов; показано 100",
                                              f"{drafts} заказа; показано {drafts}")):
            app = BoclerkApp(db, "admin", config=config)
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(pilot)
                assert (await _status(app, pilot, "2")).startswith(everything)
                app.screen.apply_filters(status="draft")  # the dashboard's "Orders to confirm" does this
                assert (await _status(app, pilot)).startswith(narrowed)
    finally:
        db.close()
