"""ctrl+p over an open form, question or choice does nothing: the form is answered or left first
(the palette's acts open screens of their own, which would stand over the half-filled form); on the
screens themselves it opens as ever."""

from textual.command import CommandPalette

from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import FormDialog
from tests.tui.helpers import screen_text, settle
from tests.tui.test_orders_screen import _shop, draft_by_keys


def _key_bar(app) -> str:
    return [line for line in screen_text(app).splitlines() if line.strip()][-1]


async def test_the_palette_does_not_open_over_a_form(db):
    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(160, 30)) as pilot:  # room on the key bar for the palette
        await draft_by_keys(pilot)
        await pilot.press("c")  # the confirmation's form
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.screen is form and not CommandPalette.is_open(app)
        assert "^p" not in _key_bar(app)  # nor is it offered on the form's key bar
        await pilot.press("escape")
        await settle(pilot)
        assert "^p" in _key_bar(app)  # the list's key bar offers it again
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert CommandPalette.is_open(app)
