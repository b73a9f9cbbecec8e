"""The chart of accounts in the app: an account renamed by a key (as `ledger account-rename`
does), by those who keep the chart; its days shown as every other screen shows them."""

from __future__ import annotations

from sqlalchemy import text

from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import notifications, settle, type_text


def _today(db):
    with db.read("admin") as uow:
        return uow.today


def _name(db, code: str) -> str:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT name FROM account WHERE code = :c"), {"c": code}).scalar_one()


async def _accounts_at(pilot, code: str) -> None:
    await pilot.press("5")
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    table = pilot.app.screen.query_one("#accounts-table")
    table.move_cursor(row=[r["_key"] for r in table.rows_data].index(code))
    await settle(pilot)


async def test_an_accountant_renames_an_account_by_its_key(db):
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _accounts_at(pilot, "1010")
        screen = app.screen
        assert screen.__class__.__name__ == "AccountsScreen" and screen.offered("rename") is True
        day = _today(db)
        assert str(screen.query_one("#accounts-title").content).endswith(f"{day:%d.%m.%Y}")  # not ISO
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "FormDialog"
        field = app.screen.query_one("#f-name")
        assert field.value == _name(db, "1010")  # the name it has, to edit
        field.value = ""
        await type_text(pilot, "Расчётный счёт в Сбербанке")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _name(db, "1010") == "Расчётный счёт в Сбербанке"
        assert any("1010" in n and "Сбербанке" in n for n in notifications(app))
        assert app.screen.__class__.__name__ == "AccountsScreen"
        rows = {r["_key"]: r for r in app.screen.query_one("#accounts-table").rows_data}
        assert rows["1010"]["name"] == "Расчётный счёт в Сбербанке"
    with db.engine.connect() as conn:
        trail = conn.execute(text("SELECT action, actor FROM audit_event WHERE entity = 'account' AND entity_id = '1010'")).all()
    assert [tuple(t) for t in trail] == [("account.rename", "acc")]


async def test_escape_leaves_the_name_and_a_clerk_is_not_offered_the_rename(db):
    before = _name(db, "1010")
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _accounts_at(pilot, "1010")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "AccountsScreen"
    assert _name(db, "1010") == before
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await _accounts_at(pilot, "1010")
        assert app.screen.offered("rename") is False
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "AccountsScreen"
    assert _name(db, "1010") == before


async def test_an_account_s_ledger_and_the_drafts_show_days_as_the_locale_writes_them(db):
    from boclerk.services.ledger import book as ledger
    from boclerk.services.ledger.book import Line

    with db.write("acc") as uow:
        ledger.post_manual(uow, entry_date=uow.today, memo="Capital", lines=[Line("1010", 500000), Line("3000", -500000)])
        ledger.create_draft(uow, entry_date=uow.today, memo="Later", lines=[Line("5400", 1500), Line("1010", -1500)])
    day = _today(db)
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _accounts_at(pilot, "1010")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "AccountLedgerScreen"
        rows = app.screen.query_one("#account-ledger").rows_data
        start = app.screen.start  # the opening balance's row is dated the period's first day
        assert [r["date"] for r in rows] == [f"{start:%d.%m.%Y}", f"{day:%d.%m.%Y}"]
        assert str(app.screen.query_one("#account-title").content).endswith(f"to {day:%d.%m.%Y}")
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "DraftsScreen"
        assert [r["date"] for r in app.screen.query_one("#drafts-table").rows_data] == [f"{day:%d.%m.%Y}"]
