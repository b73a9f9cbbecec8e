"""The Ledger's reports over a period take a month, quarter or year typed in the period dialog
(`f`): Enter on it shows the report at once, for its first and last days."""

from __future__ import annotations

from datetime import timedelta

from boclerk.dates import span_of
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import screen_text, settle, type_text


def _hosting_long_ago(db):
    """An expense posted about four months ago (another quarter than today's): its day."""
    with db.write("acc") as uow:
        day = uow.today - timedelta(days=120)
        ledger.post_manual(uow, entry_date=day, memo="Hosting", lines=[Line("5900", 123456, "IT"), Line("1010", -123456)])
    return day


async def test_a_quarter_typed_in_the_period_dialog_shows_the_pnl_for_it(db):
    day = _hosting_long_ago(db)
    quarter = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("p")                          # this month's P&L: the expense is not in it
        await settle(pilot)
        assert "5900" not in [r.get("code") for r in app.screen.query_one("#report-table").rows_data]
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, quarter)
        await pilot.press("enter")                      # the period says the days: no From and To to walk through
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ReportScreen"
        assert (app.screen.start, app.screen.end) == span_of("quarter", day)
        assert "5900" in [r.get("code") for r in app.screen.query_one("#report-table").rows_data]


async def test_a_wrong_period_is_said_in_the_dialog_and_nothing_changes(db):
    _hosting_long_ago(db)
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        before = (app.screen.start, app.screen.end)
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, "2026-Q5")
        await settle(pilot)
        assert "is not a period" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is not a period" in screen_text(app)   # still the dialog, saying why
        await pilot.press("escape")
        await settle(pilot)
        assert (app.screen.start, app.screen.end) == before
