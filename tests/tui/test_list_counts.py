"""Lists say how many rows they hold (issue 18), at a bounded cost: the Orders list's count."""

from __future__ import annotations

import shutil

from boclerk.db.database import Database
from boclerk.settings import Config, location_from
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import settle
from tests.tui.test_snapshots import FROZEN


def test_the_count_agrees_with_the_list_and_stops_at_its_cap(demo_file):
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


async def test_the_orders_list_says_how_many_it_holds_in_english_and_in_russian(demo_file, tmp_path):
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


def test_the_other_lists_counts_agree_with_their_pages(demo_file):
    """Each paged list's count is the number of rows its own query pages through, filters and all."""
    from boclerk.services.catalog.partners import list_suppliers
    from boclerk.services.documents.bank import bank_queue, count_queue
    from boclerk.services.documents.queries import count_documents, list_documents
    from boclerk.services.ledger.queries import count_entries, list_entries
    from boclerk.services.purchasing.counting import count_bills, count_pos, count_suppliers
    from boclerk.services.purchasing.queries import list_bills, list_pos
    from boclerk.services.stock.queries import count_levels, levels

    db = Database.open(location_from(str(demo_file), "test"))
    try:
        with db.read("admin") as uow:
            checked = 0
            for count, listing, cases in (
                    (count_pos, list_pos, ({}, {"status": "open"}, {"status": "draft"}, {"search": "PO-"})),
                    (count_bills, list_bills, ({}, {"status": "posted"}, {"status": "paid"})),
                    (count_entries, list_entries, ({}, {"start": FROZEN.date().replace(day=1)},)),
                    (count_documents, list_documents, ({}, {"produced": True}, {"waiting": True})),
                    (count_levels, levels, ({}, {"below_reorder": True}, {"warehouse": "MAIN"}, {"search": "a"})),
                    (count_queue, bank_queue, ({}, {"status": "all"}))):
                for filters in cases:
                    listed = len(listing(uow, limit=100_000, **filters))
                    counted = count(uow, **filters)
                    assert (counted.n, counted.more) == (listed, False), (count.__name__, filters)
                    checked += listed
            assert checked > 100  # the demo has rows in these lists: the counts were not all 0 = 0
            assert count_suppliers(uow).n == len(list_suppliers(uow, limit=10_000)) > 0
            from boclerk.services.counting import Count, bounded_count
            from boclerk.services.purchasing.queries import pos_query

            everything = count_pos(uow).n
            assert bounded_count(uow, pos_query(uow), cap=2) == Count(2, True)  # "more than 2"
            assert bounded_count(uow, pos_query(uow), cap=everything).more is False
            assert count_pos(uow, status="nonsense") is None  # the list's own page says why
    finally:
        db.close()


async def test_purchases_stock_ledger_and_documents_say_how_many_they_hold(demo_file, tmp_path):
    """Each list's status line starts with its count, in words with the plural Russian wants, and
    says the count of the view on screen (v switches view)."""
    from boclerk.services.purchasing.counting import count_bills, count_pos, count_suppliers

    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = Database.open(location_from(str(copy), "test"))
    db.clock = lambda: FROZEN
    with db.read("admin") as uow:
        pos, bills, suppliers = count_pos(uow).n, count_bills(uow).n, count_suppliers(uow).n
    try:
        app = BoclerkApp(db, "admin", config=Config(locale="ru"))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("4")
            await settle(pilot)
            line = str(app.screen.query_one("#purchases-status").content)
            assert line.startswith(f"{ru(pos, 'заказ поставщику', 'заказа поставщикам', 'заказов поставщикам')}; "
                                   "показано "), line
            await pilot.press("v")
            await settle(pilot)
            line = str(app.screen.query_one("#purchases-status").content)
            assert line.startswith(f"{ru(bills, 'счёт', 'счёта', 'счетов')}; показано"), line
            await pilot.press("v")
            await settle(pilot)
            line = str(app.screen.query_one("#purchases-status").content)
            assert line.startswith(f"{ru(suppliers, 'поставщик', 'поставщика', 'поставщиков')}; показано"), line
            for key, area, words in (("3", "stock", ("позиция", "позиции", "позиций")),
                                     ("5", "ledger", ("проводка", "проводки", "проводок")),
                                     ("6", "documents", ("документ", "документа", "документов"))):
                await pilot.press(key)
                await settle(pilot)
                line = str(app.screen.query_one(f"#{area}-status").content)
                figure = line.split(" ")[0].replace("\u00a0", "")
                assert figure.isdigit() and int(figure) > 0, line
                assert line.startswith(f"{ru(int(figure), *words)}; показано"), line
        app = BoclerkApp(db, "admin", config=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("4")
            await settle(pilot)
            line = str(app.screen.query_one("#purchases-status").content)
            assert line.startswith(f"{pos} purchase orders; "), line
    finally:
        db.close()


def ru(n: int, one: str, few: str, many: str) -> str:
    """``n`` and the noun in the form Russian gives that number (grouped as the app groups it)."""
    word = one if n % 10 == 1 and n % 100 != 11 else few if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else many
    return f"{n:,}".replace(",", "\u00a0") + f" {word}"
