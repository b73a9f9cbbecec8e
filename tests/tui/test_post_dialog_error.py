"""Posting a bank line to an account: what the form said was wrong goes once the field it names is
being put right, so a form filled in correctly does not still say "Name an account"."""

from __future__ import annotations

from boclerk.tui.documents.post_dialog import PostToAccountDialog
from tests.tui.test_documents_keys import partial_db  # noqa: F401  (fixture)
from tests.tui.test_documents_screen import document_store, documents_app, keys, open_documents, type_in  # noqa: F401


def _error(app) -> str:
    return str(app.screen.query_one("#post-error").render()).strip()


async def test_the_forms_complaint_goes_once_the_field_is_being_put_right(partial_db):
    app = documents_app(partial_db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_documents(app, pilot)
        await keys(app, pilot, "v", "down", "t")
        assert isinstance(app.screen, PostToAccountDialog)
        await type_in(app, pilot, "76")  # no such account
        await keys(app, pilot, "ctrl+s")
        assert _error(app).startswith("Name an account of the chart"), _error(app)
        await keys(app, pilot, "backspace", "backspace")
        await type_in(app, pilot, "5900")
        assert _error(app) == ""
        await keys(app, pilot, "ctrl+s")  # no memo: said of the memo now
        assert _error(app).startswith("Say what the payment is")
