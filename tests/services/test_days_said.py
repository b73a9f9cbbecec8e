"""What a service says names days as the shop's locale writes them (07.12.2026 in a Russian shop,
12/7/2026 in an English one), as the app's lists and the command line's tables show them: its
refusals and the office's reminders said ISO (2026-12-07) or dd.mm.yyyy whatever the locale."""

from __future__ import annotations

from datetime import timedelta

import pytest

from boclerk.errors import InvalidInput, Refused
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.office.equipment import register
from boclerk.services.office.maintenance import add_plan
from boclerk.services.office.reminders import office_dashboard
from boclerk.services.platform.setup import init_database


def _written(day, locale: str) -> str:
    return f"{day:%d.%m.%Y}" if locale == "ru" else f"{day.month}/{day.day}/{day.year}"


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_refusals_and_reminders_name_days_as_the_shop_writes_them(empty_location, locale):
    db = init_database(empty_location, admin="admin", locale=locale)
    try:
        with db.write("admin") as uow:
            today = uow.today
            ledger.set_lock_date(uow, today - timedelta(days=1))
            number = register(uow, "Printer", cost=100000, department="ACCT").number
            add_plan(uow, number, "Toner", 6, first_due=today + timedelta(days=3))
        locked, day = _written(today - timedelta(days=1), locale), _written(today - timedelta(days=2), locale)
        with pytest.raises(Refused) as refused, db.write("admin") as uow:
            ledger.post_manual(uow, entry_date=today - timedelta(days=2), memo="Late",
                               lines=[Line("1010", 100), Line("3000", -100)])
        assert refused.value.message == f"Cannot post on {day}: the books are locked up to {locked}."
        with pytest.raises(InvalidInput) as bad, db.read("admin") as uow:
            from boclerk.services.ledger.reports import profit_and_loss

            profit_and_loss(uow, today, today - timedelta(days=1))
        assert f"({_written(today, locale)})" in bad.value.message
        with db.read("admin") as uow:
            notes = office_dashboard(uow).notes
        assert [n.text for n in notes] == [f"Toner due {_written(today + timedelta(days=3), locale)}: Printer ({number})"]
    finally:
        db.close()


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_find_writes_days_and_states_as_the_reader_reads_them(empty_location, locale):
    from boclerk.i18n import use
    from boclerk.services.lookup import find

    db = init_database(empty_location, admin="admin", locale=locale)
    try:
        with db.write("admin") as uow:
            today = uow.today
            entry = ledger.post_manual(uow, entry_date=today, memo="Capital",
                                       lines=[Line("1010", 100), Line("3000", -100)]).number
            item = register(uow, "Printer", cost=100000, department="ACCT").number
        with db.read("admin") as uow:
            assert [f.detail for f in find(uow, entry)] == [f"{_written(today, locale)} Capital"]
        use("ru")  # the words follow the reader's language (conftest puts English back)
        with db.read("admin") as uow:
            assert [f.detail for f in find(uow, item)] == ["в работе"]
    finally:
        db.close()
