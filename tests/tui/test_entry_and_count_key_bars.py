"""The journal entry's screen and the stock count's screen list on their key bar only the acts the
record allows now (the rule book's states, and the ledger's own question for an entry a document
posted): no Reverse on a reversed entry or a document's entry, no Post or Cancel on a posted count."""

from __future__ import annotations

from datetime import date

from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.sales.orders import pay_order
from boclerk.services.stock.stocktake import count_info, open_count, post_count
from boclerk.tui.app import BoclerkApp
from boclerk.tui.ledger.entry import EntryDetailScreen
from boclerk.tui.stock.count import CountScreen
from tests.services.trade_helpers import act, confirmed, entries_of, read, set_day, shop
from tests.tui.helpers import notifications, settle

DAY = date(2026, 3, 20)
ACTS = {"reverse", "count_post", "count_cancel"}


def key_bar(app) -> set[str]:
    return {b.binding.action for b in app.screen.active_bindings.values()} & ACTS


async def shown(app, pilot, screen) -> set[str]:
    app.push_screen(screen)
    await settle(pilot)
    assert app.screen is screen
    return key_bar(app)


async def back(pilot) -> None:
    await pilot.press("escape")
    await settle(pilot)


async def test_an_entry_is_offered_reverse_only_while_it_may_be_reversed_by_hand(db):
    set_day(db, DAY)
    shop(db)
    manual = act(db, "acc", ledger.post_manual, entry_date=DAY, memo="Rent",
                 lines=[Line("5900", 100), Line("1010", -100)]).number
    number = confirmed(db, "ANNA", ("MUG", 1))
    act(db, "acc", pay_order, number, 120000)
    [payment] = entries_of(db, number)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert await shown(app, pilot, EntryDetailScreen(manual)) == {"reverse"}
        await back(pilot)
        assert await shown(app, pilot, EntryDetailScreen(payment)) == set()  # corrected through its order
        screen = app.screen
        await pilot.press("r")  # not offered: nothing happens, no question
        await settle(pilot)
        assert app.screen is screen and notifications(app) == []
        await back(pilot)
        screen = EntryDetailScreen(manual)
        assert await shown(app, pilot, screen) == {"reverse"}
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("y")  # the question: reverse it
        await settle(pilot)
        assert app.screen is screen and screen.status == "reversed"
        assert key_bar(app) == set()
    [mirror] = [e for e in entries_of(db, manual) if e != manual]
    async with BoclerkApp(db, "admin").run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        # the mirror is an entry made by hand too: it may itself be reversed
        assert await shown(pilot.app, pilot, EntryDetailScreen(mirror)) == {"reverse"}


async def test_a_viewer_is_offered_no_reverse(db):
    set_day(db, DAY)
    shop(db)
    manual = act(db, "acc", ledger.post_manual, entry_date=DAY, memo="Rent",
                 lines=[Line("5900", 100), Line("1010", -100)]).number
    async with BoclerkApp(db, "viewer").run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert await shown(pilot.app, pilot, EntryDetailScreen(manual)) == set()


async def test_a_count_is_offered_post_and_cancel_only_while_it_is_open(db):
    set_day(db, DAY)
    shop(db)
    info = act(db, "wh", open_count, "MAIN")
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert await shown(app, pilot, CountScreen(info)) == {"count_post", "count_cancel"}
        await back(pilot)
        act(db, "wh", post_count, info.number)
        posted = read(db, "wh", count_info, info.number)
        assert posted.status == "posted"
        screen = CountScreen(posted)
        assert await shown(app, pilot, screen) == set()
        await pilot.press("ctrl+s")  # not offered: no question, nothing posted again
        await settle(pilot)
        assert app.screen is screen and notifications(app) == []
