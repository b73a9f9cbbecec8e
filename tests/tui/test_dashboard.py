"""Home: the sales chart fills the room it has, and draws itself again when the terminal changes size."""

from __future__ import annotations

from boclerk.tui.app import BoclerkApp
from boclerk.tui.dashboard.screen import SalesChart
from tests.tui.helpers import settle


def chart_lines(app) -> list[str]:
    chart = app.screen.query_one(SalesChart)
    return str(chart.render()).splitlines()


async def test_the_chart_is_drawn_again_when_the_terminal_grows_and_shrinks(db):
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        small = app.screen.query_one(SalesChart).size
        before = chart_lines(app)
        assert len(before) == max(small.height - 3, 3) + 2  # the title, the bars, the dates

        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        large = app.screen.query_one(SalesChart).size
        assert large.height > small.height
        after = chart_lines(app)
        assert len(after) == max(large.height - 3, 3) + 2, "the chart kept the height it read at 80x24"
        assert len(after) > len(before)

        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert chart_lines(app) == before
