"""The order form's customer line keeps a phone number whole at 80 columns: the line wraps before
the number, never inside it ("+7 971" at one line's end, "696-83-95" at the next's start)."""

from __future__ import annotations

import re

import pytest

from boclerk.services.catalog import partners
from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.orders.form import NewOrderScreen
from tests.tui.helpers import new_order, screen_text, settle
from tests.tui.test_orders_screen import _shop

PHONE = "+7 971 696-83-95"


def _customer_lines(app) -> list[str]:
    lines = screen_text(app).splitlines()
    start = next(i for i, line in enumerate(lines) if "Customer:" in line or "Покупатель:" in line)
    return [line.strip() for line in lines[start:start + 3]]


@pytest.mark.parametrize("interface", ["ru", "en"])
async def test_the_phone_stays_whole_wherever_the_line_wraps(db, interface):
    _shop(db)
    with db.write("admin") as uow:
        partners.add_customer(uow, "C9", "АНО «Детский сад Солнышко»", email="office@detsky-sad.example.com",
                              phone=PHONE)
    app = BoclerkApp(db, "clerk", config=Config(locale="ru") if interface == "ru" else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "C9")  # found as a clerk finds it: the code and Enter
        form = app.screen
        assert isinstance(form, NewOrderScreen) and form.customer == "C9"
        assert any(PHONE in line for line in _customer_lines(app)), _customer_lines(app)
        broken = 0
        for length in range(1, 40):  # the phone falls at every place of the line's end in turn
            form.set_customer("C9", f"{'Я' * length}  C9 office@detsky-sad.example.com {PHONE}")
            await settle(pilot)
            lines = _customer_lines(app)
            assert any(PHONE in line for line in lines), (length, lines)
            broken += not any(PHONE in line and "office@" in line for line in lines)
        assert broken  # some of the lengths did take the phone onto a line of its own
        assert all(not re.search(r"\+7$", line) for line in lines)
