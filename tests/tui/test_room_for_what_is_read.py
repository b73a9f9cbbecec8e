"""Room goes to what a clerk reads: at 160 columns the Purchases list shows suppliers' names whole;
at 80 the chart of accounts and the trial balance give the names what the short account codes do
not need, and the journal's memos keep their document's number whole. In English and Russian."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from boclerk.tui.flow import keep_reference
from boclerk.tui.ledger.parts import GridTable
from tests.tui.helpers import settle
from tests.tui.test_snapshots import demo_app

LOCALES = pytest.mark.parametrize("locale", ["en", "ru"])


async def _reach(pilot, *keys: str) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def _widths(table) -> dict[str, int]:
    return {key.value: column.width for key, column in table.columns.items()}


def test_a_memo_gives_up_words_before_its_document_number_not_the_number():
    memo = "Поступление по заказу PO-2026-000054"
    assert keep_reference(memo, "PO-2026-000054", 32) == "Поступление по… PO-2026-000054"
    assert keep_reference("Возврат оплаты по заказу SO-2026-000433 (карта)", "SO-2026-000433", 32) == \
        "Возврат оплаты… SO-2026-000433…"
    assert keep_reference(memo, "PO-2026-000054", 36) == memo  # it fits
    assert keep_reference("Оплата заказа SO-2026-000482 (карта)", "SO-2026-000482", 32) == \
        "Оплата заказа SO-2026-000482 (карта)"  # the number shows whole: the cell cuts what follows
    assert keep_reference(memo, "", 20) == memo and keep_reference(memo, "BILL-2026-000001", 20) == memo


@LOCALES
async def test_suppliers_names_are_whole_in_the_purchases_list_at_160_columns(demo_file, tmp_path, locale):
    app, db = demo_app(demo_file, tmp_path, locale)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await _reach(pilot, "4")
            table = app.screen.table()
            names = [r.supplier_name for r in table.rows_data]
            width = _widths(table)["supplier"]
            assert max(map(cell_len, names)) > 18  # the names the column's 18 cells cut
            assert [n for n in names if cell_len(n) > width] == [], width
    finally:
        db.close()


@LOCALES
@pytest.mark.parametrize("keys", [("5", "a"), ("5", "t")], ids=["accounts", "trial_balance"])
async def test_account_names_take_the_room_the_codes_do_not_need_at_80(demo_file, tmp_path, locale, keys):
    app, db = demo_app(demo_file, tmp_path, locale)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _reach(pilot, *keys)
            table = app.screen.query_one(GridTable)
            widths = _widths(table)
            codes = [r["code"] for r in table.rows_data if r.get("code")]
            heading = next(str(c.label) for k, c in table.columns.items() if k.value == "code")
            assert widths["code"] == max(cell_len(heading), *map(cell_len, codes))
            # the name takes what the other columns leave of the table's 78 cells (2 padding each), up to
            # its longest (the figures stay beside the names)
            rest = table.size.width - 2 - sum(w + 2 for k, w in widths.items() if k != "name") - 2
            longest = max(cell_len(str(r.get("name", ""))) for r in table.rows_data)
            assert widths["name"] == min(rest, longest), (widths, rest, longest)
            if locale == "ru":  # and the Russian chart's names show whole (an English one is a cell longer)
                names = [r["name"] for r in table.rows_data if r.get("code")]
                assert [n for n in names if cell_len(n) > widths["name"]] == [], widths
    finally:
        db.close()


@LOCALES
async def test_the_journals_memos_keep_their_document_number_at_80(demo_file, tmp_path, locale):
    import re

    app, db = demo_app(demo_file, tmp_path, locale)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _reach(pilot, "5")
            table = app.screen.table()
            width = _widths(table)["memo"]
            memo_at = [k.value for k in table.columns].index("memo")
            checked = 0
            for index, row in enumerate(table.rows_data):
                found = re.search(r"[A-Z]{2,5}-\d{4}-\d{4,}", row.memo)
                if not found:
                    continue
                shown = table.get_row_at(index)[memo_at].plain
                if cell_len(shown) > width:  # the cell cuts its end: what it shows is the first width-1 cells
                    shown = shown[:width - 1] + "…"
                checked += cell_len(row.memo) > width
                assert found[0] in shown, (row.memo, shown)
            assert checked  # memos longer than the column were among them
    finally:
        db.close()


@LOCALES
def test_an_entrys_postings_name_their_accounts_whole_at_80(demo_file, tmp_path, locale):
    """Beside 4-digit codes and two amounts there is room for the account's whole name; the
    department column shows only where a posting has one."""
    import io

    from rich.console import Console
    from sqlalchemy import text

    from boclerk.i18n import language, use
    from boclerk.money import format_amount
    from boclerk.services.ledger.queries import entry_detail
    from boclerk.tui.ledger.entry import render_entry

    app, db = demo_app(demo_file, tmp_path, locale)
    try:
        with db.read("admin") as uow:
            number = uow.s.execute(text("SELECT number FROM journal_entry WHERE source_kind = 'bill' "
                                        "ORDER BY id DESC LIMIT 1")).scalar()
            d = entry_detail(uow, number)
        before = language()
        use(locale)
        try:
            console = Console(width=76, record=True, file=io.StringIO(), color_system=None)
            console.print(render_entry(d, lambda minor: format_amount(minor, currency="RUB", locale=locale), locale))
        finally:
            use(before)
        text = console.export_text().replace("\u00a0", " ")
        assert not any(ln.department for ln in d.lines)
        assert ("Подр." if locale == "ru" else "Dept") not in text, text
        for ln in d.lines:
            assert ln.account_name in text, text
    finally:
        db.close()


async def test_an_accounts_ledger_keeps_the_memos_document_number_at_80(demo_file, tmp_path):
    app, db = demo_app(demo_file, tmp_path, "ru")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _reach(pilot, "5", "a", "j", "enter")  # 1010, the bank account: bills and orders paid
            table = app.screen.query_one(GridTable)
            memo_at = [k.value for k in table.columns].index("memo")
            lines = [r for r in table.rows_data if r.get("_key")]
            width = _widths(table)["memo"]
            assert lines
            for index, row in enumerate(table.rows_data):
                if row in lines and row.get("source"):
                    shown = table.get_row_at(index)[memo_at].plain
                    if cell_len(shown) > width:  # the cell cuts its end: what it shows is the first width-1 cells
                        shown = shown[:width - 1] + "…"
                    assert row["source"] in shown, shown
    finally:
        db.close()


@LOCALES
@pytest.mark.parametrize("area", ["2", "3", "4", "5"], ids=["orders", "stock", "purchases", "ledger"])
async def test_the_search_box_says_all_it_offers_at_80(demo_file, tmp_path, locale, area):
    """The search box's hint is read whole beside the filters ("/ number, customer, email," was cut)."""
    from textual.widgets import Input

    app, db = demo_app(demo_file, tmp_path, locale)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _reach(pilot, area)
            box = app.screen.query_one("#search", Input)
            assert cell_len(box.placeholder) <= box.content_size.width - 1, (box.placeholder, box.content_size)
    finally:
        db.close()
