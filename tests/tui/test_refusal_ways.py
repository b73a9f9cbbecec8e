"""A refusal points each person to their own way out: missing company details to the Company details
form for who may open it, to an administrator for who may not; an archived partner to the card's
restore key in the app and to the command on the command line."""

from __future__ import annotations

import pytest

from boclerk.services.sales.orders import LineInput, confirm_order, create_order
from tests.tui.helpers import form_error
from tests.tui.test_app_words import _app, keys
from tests.tui.test_orders_screen import _shop
from tests.tui.test_partner_cards import partners_db  # noqa: F401 - the fixture


@pytest.mark.parametrize(("interface", "user", "where"), [
    ("en", "clerk", "Ask an administrator to fill them in under Company details."),
    ("ru", "clerk", "Попросите администратора заполнить их в форме «Реквизиты организации»."),
    ("ru", "admin", "Заполните их в форме «Реквизиты организации» (ctrl+p)."),
])
async def test_missing_company_details_point_who_may_not_set_them_to_an_administrator(db, tmp_path, monkeypatch,
                                                                                     interface, user, where):
    _shop(db)
    with db.write("admin") as uow:
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
        confirm_order(uow, number)
    monkeypatch.chdir(tmp_path)
    app = _app(db, user, interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "2", "w", "ctrl+s")  # the invoice for payment
        said = form_error(app)
        assert said.endswith(where), said
        if user == "clerk":
            assert "ctrl+p" not in said  # the palette offers a clerk no such form
    assert list(tmp_path.glob("*.pdf")) == []


@pytest.mark.parametrize(("keymap", "key"), [({}, "r"), ({"card.restore": "ctrl+r"}, "ctrl+r")])
async def test_an_archived_supplier_s_card_says_its_own_restore_key_not_a_command(partners_db, keymap, key):
    from boclerk.settings import Config
    from boclerk.tui.app import BoclerkApp
    from boclerk.tui.palette import _open
    from tests.tui.helpers import notifications, settle

    db = partners_db
    app = BoclerkApp(db, "clerk", config=Config(locale="ru", keymap=keymap))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _open(app, "supplier", "ACME")
        await settle(pilot)
        card = app.screen
        await keys(pilot, "a")  # archive them
        await keys(pilot, "n")  # a new PO: refused
        assert app.screen is card
        said = notifications(app)[-1]
        assert said == ("Поставщик ACME в архиве; сначала верните его из архива или закажите у другого поставщика. "
                        f"Вернуть из архива: клавиша {key} на карточке."), said
        assert "boclerk" not in said
        await keys(pilot, key)  # the key it names brings them back
        assert notifications(app)[-1] == "ACME возвращён из архива."
        await keys(pilot, "n")
        assert app.screen is not card  # now the new PO's form opens


def test_who_may_not_restore_is_told_no_key():
    from boclerk.errors import PartnerArchived
    from boclerk.tui.refusals import refusal_words

    class App:
        role, keymap_overrides = "warehouse", {}

    refused = PartnerArchived("The supplier ACME is archived.", "supplier", "ACME")
    assert refusal_words(refused, App()) == "The supplier ACME is archived."
    App.role = "clerk"
    assert refusal_words(refused, App()) == "The supplier ACME is archived. To restore them: r on their card."
