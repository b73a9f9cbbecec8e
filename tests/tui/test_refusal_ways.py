"""A refusal points each person to their own way out: missing company details to the Company details
form for who may open it, to an administrator for who may not; an archived partner to the card's
restore key in the app and to the command on the command line."""

from __future__ import annotations

import pytest

from boclerk.services.sales.orders import LineInput, confirm_order, create_order
from tests.tui.helpers import form_error
from tests.tui.test_app_words import _app, keys
from tests.tui.test_orders_screen import _shop


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
