"""A form stays open until its write is done: a refusal (the service's, or a value the act itself
refuses) is said on the form's error line with everything typed kept, to be mended and saved
again; a write that is done closes it; a form whose answer opens another screen closes first."""

from __future__ import annotations

from textual.widgets import Input

from boclerk.services.office.request_queries import request_detail
from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import FormDialog
from tests.services.office_helpers import ask, office
from tests.services.trade_helpers import read, sql
from tests.tui.helpers import form_error, settle


async def keys(pilot, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


async def test_a_request_of_someone_not_on_the_staff_list_keeps_its_lines_to_name_the_department(db):
    office(db)
    app = BoclerkApp(db, "acc")  # an accountant with no place on the staff list
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "n")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-lines", Input).value = "TEA:2, CART:1"
        await keys(pilot, "ctrl+s")
        assert app.screen is form
        assert form_error(app) == "Say which department the request is for; you are not on the staff list."
        assert form.query_one("#f-lines", Input).value == "TEA:2, CART:1"
        assert sql(db, "SELECT COUNT(*) FROM supply_request") == [(0,)]
        assert not app._notifications  # said once, on the form
        form.query_one("#f-dept", Input).value = "SALES"
        await keys(pilot, "ctrl+s")
        assert app.screen is not form and form_error(app) == ""
        [(number,)] = sql(db, "SELECT number FROM supply_request")
    detail = read(db, "acc", request_detail, number)
    assert [(ln.sku, int(ln.qty)) for ln in detail.lines] == [("TEA", 2), ("CART", 1)]


async def test_a_value_the_act_refuses_before_writing_is_said_on_the_form(db):
    office(db)
    number = ask(db, "clerk", ("TEA", 1))
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "a")  # approve: lines by number
        form = app.screen
        form.query_one("#f-lines", Input).value = "one"
        await keys(pilot, "ctrl+s")
        assert app.screen is form and form_error(app) == "'one' is not a line number."
        form.query_one("#f-lines", Input).value = "1"
        await keys(pilot, "ctrl+s")
        assert app.screen is not form
    assert [ln.status for ln in read(db, "clerk", request_detail, number).lines] == ["approved"]


async def test_escape_leaves_a_refused_form_and_nothing_is_saved(db):
    office(db)
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "n")
        form = app.screen
        form.query_one("#f-lines", Input).value = "TEA:2"
        await keys(pilot, "ctrl+s")
        assert app.screen is form and form_error(app)
        await keys(pilot, "escape")
        assert app.screen is not form
    assert sql(db, "SELECT COUNT(*) FROM supply_request") == [(0,)]


async def test_a_write_that_fails_unexpectedly_says_so_on_the_form_and_keeps_it(db, monkeypatch):
    from boclerk.services.office import requests

    office(db)

    def broken(uow, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(requests, "ask", broken)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "n")
        form = app.screen
        form.query_one("#f-lines", Input).value = "TEA:2"
        await keys(pilot, "ctrl+s")
        assert app.screen is form
        assert form_error(app) == "Something went wrong (RuntimeError); nothing was saved."
        assert "disk on fire" not in form_error(app)  # the details go to the log, not the screen
