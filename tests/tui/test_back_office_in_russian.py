"""Purchases, Ledger, Office and the queues in Russian (the config's ``locale = "ru"``): their
words come from the catalogue, and at 80x24 none of them is cut (column headings, filter
choices, the journal entry form's difference line)."""

from __future__ import annotations

from datetime import date

import pytest
from rich.cells import cell_len
from textual.widgets import Input, Select

from boclerk.i18n import _
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.purchasing.bills import BillLineInput, enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.ledger import accounts, reports
from boclerk.tui.quality.queues import COLUMNS as QUEUE_COLUMNS
from boclerk.tui.quality.queues import QueueScreen
from tests.services.trade_helpers import act, add_product, add_supplier, po, set_day
from boclerk.tui.widgets_choice import ChoiceSelect
from tests.tui.helpers import screen_text, settle

DAY = date(2026, 3, 16)


def russian(db, who: str = "acc") -> BoclerkApp:
    return BoclerkApp(db, who, config=Config(locale="ru"))


def plain(app) -> str:
    return screen_text(app).replace("\xa0", " ").replace("\u202f", " ")


def line_with(app, *words: str) -> str:
    return next(row for row in plain(app).splitlines() if all(w in row for w in words))


@pytest.fixture
def held_db(db):
    """A PO for 10 mugs, received; the supplier's bill at 550,00 a mug against 500,00 agreed: held."""
    set_day(db, DAY)
    add_product(db, "MUG", price=120000, cost=50000)
    add_supplier(db, "ACME", "Acme Supplies", tax_id="7707083893", payment_terms_days=30)
    number = po(db, "ACME", ("MUG", 10))
    act(db, "wh", receive_po, number, [("MUG", 10)])
    assert act(db, "clerk", enter_bill, number, "INV-77", DAY, lines=[BillLineInput("MUG", 10, 55000)]).status == "held"
    return db


def fits(screen) -> list[str]:
    """The headings of the screen's lists, the filter choices and the search box's hint that do not fit
    their place."""
    cut = [f"{v.name}: {c.label!r} in {c.width}" for v in screen.VIEWS for c in v.columns
           if cell_len(c.label) > c.width]
    for select in screen.query(Select):
        if not select.region.width:  # the filter of another list, hidden
            continue
        room = select.label_room if isinstance(select, ChoiceSelect) else select.query_one("#label").size.width
        for label, _value in select._options:
            if cell_len(str(label)) > room:
                cut.append(f"#{select.id}: {label!r} in {room}")
    for box in screen.query(Input):
        if box.region.width and cell_len(box.placeholder) > box.content_region.width:
            cut.append(f"#{box.id}: {box.placeholder!r} in {box.content_region.width}")
    return cut


async def test_purchases_speak_russian_and_say_why_a_bill_is_held(held_db):
    app = russian(held_db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        heading = line_with(app, "Номер")
        for word in ("Дата", "Поставщик", "Статус", "Сумма б/НДС"):
            assert word in heading
        assert "получен" in line_with(app, "PO-2026-000001")  # the PO's state, as a Russian back office says it
        assert fits(app.screen) == []
        await pilot.press("v")
        await settle(pilot)
        assert "Счета поставщиков" in plain(app)
        assert "отложен" in line_with(app, "BILL-2026-000001")
        assert fits(app.screen) == []
        await pilot.press("enter")
        await settle(pilot)
        assert "Отложен: MUG: цена 550,00 против согласованной 500,00 (+10,0%)" in plain(app)
        await pilot.press("escape", "v", "v", "n")  # bills -> suppliers -> purchase orders; a new one
        await settle(pilot)
        form = plain(app)
        words = [_("No supplier yet."), _("Qty"), _("Price"), _("supplier: code, name or tax id + Enter")]
        assert all(w in form for w in words) and _("Price") == "Цена" and _("Qty").startswith("Кол")


async def test_the_office_lists_fit_in_russian(db):
    app = russian(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        for _view in range(5):
            assert fits(app.screen) == [], app.screen.view
            await pilot.press("v")
            await settle(pilot)
        assert "Заявки" in plain(app) and "Статус" in line_with(app, "Номер")
        await pilot.press("v")
        await settle(pilot)
        assert "Состояние" in line_with(app, "Номер")  # the equipment register's columns


async def test_the_ledger_in_russian_memo_reports_and_the_difference_line(db):
    with db.write("acc") as uow:
        ledger.post_manual(uow, entry_date=uow.today, memo="Взнос учредителя", lines=[Line("1010", 500000),
                                                                                     Line("3000", -500000)])
    app = russian(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert "Содержание" in line_with(app, "Номер") and fits(app.screen) == []
        app.open_list("ledger", account="1010")
        await settle(pilot)
        heading = line_with(app, "Содержание")
        assert all(word in heading for word in ("Дата", "Дебет", "Кредит", "Сальдо"))
        assert "Взнос учредителя" in line_with(app, "5 000,00")
        assert "Начало 0,00  Дт 5 000,00  Кт 0,00  Конец 5 000,00" in plain(app)
        await pilot.press("escape", "t")
        await settle(pilot)
        assert "Оборотно-сальдовая ведомость" in plain(app) and "сходится" in plain(app)
        assert line_with(app, "Итого").count("5 000,00") == 2
        await pilot.press("escape", "n")
        await settle(pilot)
        await pilot.press("enter", *"1010", "enter", *"1234", "enter")  # memo -> the first line's account, debit
        await settle(pilot)
        difference = line_with(app, "Разница")
        assert "Дт 1 234,00  Кт 0,00  Разница 1 234,00 (дебет больше кредита)" in difference
        assert "Содержание" in plain(app) and "за что проводка" in plain(app)


async def test_the_queues_speak_russian(held_db):
    app = russian(held_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(QueueScreen("bills_held"))
        await settle(pilot)
        assert "Счета, отложенные как исключения" in plain(app)
        assert "Что ждёт" in line_with(app, "Номер")
        row = line_with(app, "BILL-2026-000001")
        assert "рд" in row


def test_every_heading_of_the_books_reports_fits_its_column_in_russian():
    from boclerk.i18n import use

    use("ru")
    tables = {"accounts": accounts.ACCOUNT_COLUMNS, "ledger": accounts.LEDGER_COLUMNS, "drafts": accounts.DRAFT_COLUMNS,
              "trial balance": reports.TB_COLUMNS, "P&L": reports.PNL_COLUMNS, "balance sheet": reports.BS_COLUMNS,
              "VAT": reports.VAT_COLUMNS}
    cut = [f"{name}: {_(c.label)!r} in {c.width}" for name, cols in tables.items() for c in cols
           if cell_len(_(c.label)) > c.width]
    cut += [f"queues: {_(label)!r} in {width}" for _key, label, width in QUEUE_COLUMNS if cell_len(_(label)) > width]
    assert cut == []
    assert _("Trial balance") == "Оборотно-сальдовая ведомость"  # the catalogue is read, not the English
