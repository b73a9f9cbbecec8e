"""A question about an act is answered by the act's own button word from the rule book, in full
("Оприходовать", "Начислить амортизацию"), not by the key bar's short label ("Оприход.",
"Амортизация")."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Button

from boclerk.domain.acts import ACTS
from boclerk.i18n import _, speaking
from boclerk.tui.dialogs import ConfirmDialog, FormDialog
from tests.services.office_helpers import office
from tests.services.trade_helpers import add_product, add_supplier, po, set_day
from tests.tui.helpers import screen_text, type_text
from tests.tui.test_app_words import _app, key_bar, keys


def test_every_act_that_asks_has_a_button_word_of_its_own():
    asking = [a for a in ACTS.values() if a.irreversible]
    assert asking and [a.id for a in asking if not a.button] == []
    with speaking("ru"):
        short = {a.id: a.yes_word() for a in asking if a.yes_word().endswith(".")}
        words = {a.id: a.yes_word() for a in asking}
        labels = {a.id: _(a.label) for a in asking}
    assert short == {}  # a button says it in full
    assert words["purchases.receive"] == "Оприходовать" and labels["purchases.receive"] == "Оприход."
    assert words["office.depreciate"] == "Начислить амортизацию" and labels["office.depreciate"] == "Амортизация"
    assert words["ledger.post_draft"] == "Провести"


def _yes(app) -> str:
    assert isinstance(app.screen, ConfirmDialog), screen_text(app)
    return str(app.screen.query_one("#yes", Button).label)


@pytest.mark.parametrize(("interface", "yes"), [("ru", "Оприходовать"), ("en", "Receive goods")])
async def test_receiving_a_purchase_order_is_answered_by_the_act_s_own_word(db, interface, yes):
    set_day(db, date(2026, 11, 10))
    add_product(db, "MUG", price=120000, cost=50000)
    add_supplier(db, "ACME", "Acme Supplies", tax_id="7707083893")
    po(db, "ACME", ("MUG", 10))
    app = _app(db, "admin", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "4")
        await keys(pilot, "r")  # the quantities' form asks the act's question on its own button
        assert isinstance(app.screen, FormDialog)
        assert str(app.screen.query_one("#ok", Button).label) == yes
        assert f"^s {yes}" in key_bar(app)  # and its key bar names ctrl+s alike


@pytest.mark.parametrize(("interface", "yes"), [("ru", "Скорректировать остаток"), ("en", "Adjust the stock")])
async def test_a_stock_adjustment_is_answered_by_the_act_s_own_word(db, interface, yes):
    from tests.services.test_invariants import receive

    add_product(db, "MUG", price=120000, cost=50000)
    receive(db, "MUG", 3, 50000)
    app = _app(db, "admin", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "3", "a")
        assert isinstance(app.screen, FormDialog)
        assert str(app.screen.query_one("#ok", Button).label) == yes
        app.screen.query_one("#f-qty").focus()
        await type_text(pilot, "-1")
        await keys(pilot, "tab")
        await type_text(pilot, "broken")
        await keys(pilot, "ctrl+s")
        assert _yes(app) == yes
        assert f"y {yes}" in key_bar(app)  # the question's key bar names y alike


@pytest.mark.parametrize(("interface", "yes"), [("ru", "Начислить амортизацию"), ("en", "Post depreciation")])
async def test_the_month_s_depreciation_is_answered_by_its_own_word(db, interface, yes):
    office(db)
    app = _app(db, "acc", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "v", "D")
        await keys(pilot, "end", *["backspace"] * 20)
        await type_text(pilot, "09.2026")
        await keys(pilot, "ctrl+s")
        assert _yes(app) == yes
        assert "Амортизация" not in _yes(app).split()


def test_the_dialog_takes_the_act_s_word_and_a_question_of_no_act_keeps_its_own():
    dialog = ConfirmDialog("?", act=ACTS["stock.adjust"])
    assert dialog.yes == "Adjust the stock"
    with speaking("ru"):
        assert ConfirmDialog("?", act=ACTS["stock.adjust"]).yes == "Скорректировать остаток"
        assert ConfirmDialog("?", yes="Leave").yes == "Выйти"  # a question of no act keeps its own word
