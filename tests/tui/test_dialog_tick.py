"""A tick box in a form (its words in the label beside it) shows its whole box, not a box cut with an
ellipsis ("▐X…"), in the order's confirmation form at 80x24."""

from textual.widgets import Checkbox

from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import screen_text, settle
from tests.tui.test_orders_screen import _shop, draft_by_keys


async def _draft(pilot) -> None:
    """The Orders list with a new draft on it (the shop of tests/tui/test_orders_screen.py)."""
    _shop(pilot.app.db)
    await draft_by_keys(pilot)


async def test_the_backorder_tick_in_the_confirmation_form_is_whole(db):
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await _draft(pilot)
        await pilot.press("c")  # the draft's confirmation: warehouse, and backorder if short
        await settle(pilot)
        box = app.screen.query_one(Checkbox)
        assert box.size.width >= 5
        row = next(line for line in screen_text(app).splitlines() if "Backorder if short" in line)
        assert "▐X▌" in row and "X…" not in row
        await pilot.press("tab", "space")  # from the warehouse to the tick, ticked
        assert box.value is True
