"""A new entry's line names its account on one line: a name longer than its column is cut with an
ellipsis, so the clerk sees it is cut ("Канцелярские и" read as a whole name before: the rest had
wrapped onto a second line that a line of the grid has no room for)."""

from boclerk.services.ledger.book import add_account
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import screen_text, settle, type_text


async def test_a_long_account_name_is_cut_with_an_ellipsis_at_80_columns(db):
    name = "Канцелярские и хозяйственные товары"  # as the Russian chart names its 5300
    with db.write("admin") as uow:
        add_account(uow, "5310", name, "expense")
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Paper")
        await pilot.press("enter")  # the memo -> the first line's account
        await type_text(pilot, "5310")
        await settle(pilot)
        label = app.screen.query(".acct-name").first()
        assert len(name) > label.size.width
        line = next(row for row in screen_text(app).splitlines() if row.strip().startswith("1.") and "5310" in row)
        shown = line.split("5310", 1)[1].strip().split("…")[0]
        assert "…" in line and name.startswith(shown) and len(shown) >= label.size.width - 2
