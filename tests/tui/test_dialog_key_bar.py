"""A dialog has its own key bar on the last line: the keys that answer it, ctrl+s named by what it does
there ("Record payment"), instead of the screen's below it, whose keys do nothing in the dialog (a
letter pressed there is typed in its field)."""

from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import ConfirmDialog, FormDialog
from tests.tui.helpers import screen_text, settle
from tests.tui.test_dialog_tick import _draft


def _last_line(app) -> str:
    return " ".join(screen_text(app).rstrip().splitlines()[-1].split())


async def test_a_form_and_a_question_show_their_own_keys(db):
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await _draft(pilot)
        orders_keys = _last_line(app)
        assert "Confirm" in orders_keys
        await pilot.press("c")  # the confirmation's form
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        keys = _last_line(app)
        assert "^s Confirm" in keys and "esc Cancel" in keys and "New" not in keys, keys
        await pilot.press("escape")
        await settle(pilot)
        assert _last_line(app) == orders_keys  # the list's own again
        await pilot.press("x")  # cancel the draft: a question
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        keys = _last_line(app)
        assert keys.startswith("y Cancel the order n No") and "Confirm" not in keys, keys  # y: the act it asks about
