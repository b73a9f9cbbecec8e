"""The Ledger screen driven by key presses, checked against the database afterwards."""

from __future__ import annotations

import io

from rich.console import Console
from sqlalchemy import text

from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import notifications, screen_text, settle, type_text


def _rows(db, sql: str, **params):
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def _postings(db, number: str):
    return _rows(db, "SELECT a.code, p.amount, d.code FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
                     "JOIN account a ON a.id = p.account_id LEFT JOIN department d ON d.id = p.department_id "
                     "WHERE e.number = :n ORDER BY p.line_no", n=number)


def _text(widget) -> str:
    """What a Static shows, as plain text with ordinary spaces (the locale groups with no-break ones)."""
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return _plain(console.file.getvalue())


def _plain(value: str) -> str:
    return value.replace("\xa0", " ").replace("\u202f", " ")


def _today(db):
    with db.read("admin") as uow:
        return uow.today


def _post(db, memo: str = "Owner puts money in", amount: int = 500000) -> str:
    with db.write("acc") as uow:
        return ledger.post_manual(uow, entry_date=uow.today, memo=memo,
                                  lines=[Line("1010", amount), Line("3000", -amount)]).number


async def _open_ledger(pilot) -> None:
    await pilot.press("5")
    await settle(pilot)


async def _line(pilot, account: str, debit: str, credit: str, dept: str) -> None:
    """Type one line of the grid: account, debit, credit, department, each field closed by Enter."""
    for value in (account, debit, credit, dept):
        await type_text(pilot, value)
        await pilot.press("enter")
    await settle(pilot)


def _difference(app) -> str:
    return _text(app.screen.query_one("#entry-totals"))


async def test_manual_entry_of_three_lines_by_keys(db):
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "NewEntryScreen"
        await type_text(pilot, "Rent and hosting")
        await pilot.press("enter")                      # memo -> the first line's account
        await _line(pilot, "5900", "1000,00", "", "ACCT")
        assert "Difference 1 000,00" in _difference(app)
        await _line(pilot, "5300", "500,50", "", "it")
        assert "debits exceed credits" in _difference(app)
        await _line(pilot, "1010", "", "1500,50", "")   # Enter on the last field added a third line
        assert "Difference 0,00" in _difference(app) and "balanced" in _difference(app)
        assert "Bank" in _text(app.screen.query(".acct-name").nodes[2])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(pilot)
        assert any("Posted JE-" in m for m in notifications(app))
        assert app.screen.__class__.__name__ == "LedgerScreen"   # back on the journal, the entry on top
        table = app.screen.query_one("#ledger-list")
        assert table.current.memo == "Rent and hosting"

    entries = _rows(db, "SELECT number, memo, source_kind, status FROM journal_entry")
    assert entries == [("JE-2026-000001", "Rent and hosting", "manual", "posted")]
    assert _postings(db, "JE-2026-000001") == [("5900", 100000, "ACCT"), ("5300", 50050, "IT"),
                                               ("1010", -150050, None)]


async def test_unbalanced_entry_is_refused_and_nothing_is_written(db):
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Off by ten")
        await pilot.press("enter")
        await _line(pilot, "5900", "100", "", "")
        await _line(pilot, "1000", "", "90", "")
        assert "debits exceed credits" in _difference(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "NewEntryScreen"   # no confirmation was asked
        sentence = "The entry does not balance: debits exceed credits by 10,00."
        assert sentence in notifications(app)
        await pilot.press("ctrl+r")                                # nor saved as a draft
        await settle(pilot)
        assert app.screen.__class__.__name__ == "NewEntryScreen"
    assert _rows(db, "SELECT count(*) FROM journal_entry") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM draft_line") == [(0,)]


async def test_reverse_an_entry(db):
    number = _post(db)
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        assert app.screen.query_one("#ledger-list").current.number == number
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(pilot)
        assert any(f"Reversed {number} by JE-2026-000002." in m for m in notifications(app))
        assert app.screen.query_one("#ledger-list").current.number == "JE-2026-000002"
    assert _postings(db, "JE-2026-000002") == [("1010", -500000, None), ("3000", 500000, None)]
    assert _rows(db, "SELECT e.source_ref, o.number FROM journal_entry e JOIN journal_entry o ON o.id = e.reverses_id") \
        == [(number, number)]


async def test_recharge_between_departments(db):
    from textual.widgets import Input

    from boclerk.tui.dialogs import FormDialog

    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        memo = app.screen.query_one("#f-memo", Input)
        # what the books get with no memo typed: in the books' language (Russian), not the interface's
        assert memo.placeholder == "Перераспределение ACCT → IT"
        await pilot.press("tab")                       # from ACCT; to: choose the next one after IT
        await pilot.press("enter")
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert memo.placeholder == "Перераспределение ACCT → MGMT"  # for the departments chosen
        await pilot.press("tab")
        await type_text(pilot, "250,00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(pilot)
        assert any("Posted the recharge as JE-2026-000001." in m for m in notifications(app))
    assert _rows(db, "SELECT memo, source_kind FROM journal_entry") == [("Перераспределение ACCT → MGMT", "recharge")]
    assert _postings(db, "JE-2026-000001") == [("5800", 25000, "MGMT"), ("5800", -25000, "ACCT")]


async def test_trial_balance_shows_equal_totals(db):
    _post(db)
    with db.write("acc") as uow:
        ledger.post_manual(uow, entry_date=uow.today, memo="Hosting",
                           lines=[Line("5900", 123456, "IT"), Line("1010", -123456)])
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ReportScreen"
        totals = _text(app.screen.query_one("#report-totals"))
        assert "Total debit 5 000,00" in totals
        assert "Total credit 5 000,00" in totals
        assert "balanced" in totals
        table = app.screen.query_one("#report-table")
        assert [r.get("code") for r in table.rows_data] == ["1010", "3000", "5900", None]
        await pilot.press("p")                         # the P&L of this month, by department
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        rows = app.screen.query_one("#report-table").rows_data
        assert ("5900", "IT", "1 234,56") in [(r.get("code"), r.get("department"), _plain(r.get("amount", "")))
                                              for r in rows]
        assert "Loss -1 234,56" in _text(app.screen.query_one("#report-totals"))
        assert [(r["department"], _plain(r["amount"])) for r in rows if r.get("department") and not r.get("code")] \
            == [("IT", "-1 234,56")]
        await pilot.press("b")
        await settle(pilot)
        assert "balanced" in _text(app.screen.query_one("#report-totals"))


async def test_clerk_sees_the_journal_read_only(db):
    number = _post(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        screen = app.screen
        assert screen.query_one("#ledger-list").current.number == number
        for act in ("new_entry", "reverse", "recharge", "lock"):
            assert screen.offered(act) is False
        assert screen.offered("trial_balance") is True
        for key in ("n", "r", "c", "l"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen
        await screen.run_action("new_entry")           # the palette's way in is closed too
        await settle(pilot)
        assert app.screen is screen
        footer = str(screen.query_one("KeyBar").render())
        assert "Accounts" in footer and "Reverse" not in footer and "New entry" not in footer
    assert _rows(db, "SELECT count(*) FROM journal_entry") == [(1,)]


async def test_admin_sets_the_lock_date_then_posting_on_it_is_refused(db):
    day = _today(db)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "FormDialog"   # prefilled with today
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert f"locked up to {day:%d.%m.%Y}" in _text(app.screen.query_one("#ledger-status"))  # as days are shown
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Too late")
        await pilot.press("enter")
        await _line(pilot, "5900", "100", "", "")
        await _line(pilot, "1000", "", "100", "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert f"Cannot post on {day:%d.%m.%Y}: the books are locked up to {day:%d.%m.%Y}." in notifications(app)
        assert app.screen.__class__.__name__ == "NewEntryScreen"   # the form stays, nothing lost
    with db.read("admin") as uow:
        assert uow.company.lock_date == day
    assert _rows(db, "SELECT count(*) FROM journal_entry") == [(0,)]


async def test_wide_terminal_shows_the_entry_beside_the_list(db):
    number = _post(db, memo="Capital")
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_ledger(pilot)
        screen = app.screen
        assert screen.has_class("wide")
        pane = screen.query_one(".detail-pane")
        assert pane.display and pane.region.width > 0
        assert pane.region.x > screen.query_one("#ledger-list").region.x
        detail = _text(screen.query_one("#ledger-detail"))
        assert number in detail and "Capital" in detail and "3000" in detail and "Owner's equity" in detail


async def test_narrow_opens_the_entry_on_its_own_screen_and_search_finds_it(db):
    first = _post(db, memo="First")
    _post(db, memo="Second")
    app = BoclerkApp(db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("slash")
        await type_text(pilot, "2026-1")
        await settle(pilot)
        table = app.screen.query_one("#ledger-list")
        assert [r.number for r in table.rows_data] == [first]
        await pilot.press("enter")                     # back to the list
        await pilot.press("enter")                     # open the entry
        await settle(pilot)
        assert app.screen.__class__.__name__ == "EntryDetailScreen"
        assert "First" in _text(app.screen.query_one("#entry-detail"))
        assert app.screen.offered("reverse") is False
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "LedgerScreen"


async def test_dashboard_opens_the_bank_ledger_with_running_balance(db):
    _post(db, amount=500000)
    with db.write("acc") as uow:
        ledger.post_manual(uow, entry_date=uow.today, memo="Fees",
                           lines=[Line("5400", 1500), Line("1010", -1500)])
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_list("ledger", account="1010")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "AccountLedgerScreen"
        rows = app.screen.query_one("#account-ledger").rows_data
        assert [_plain(r["balance"]) for r in rows] == ["0,00", "5 000,00", "4 985,00"]
        totals = _text(app.screen.query_one("#account-totals"))
        assert "Closing 4 985,00" in totals


async def test_a_balanced_entry_saved_as_draft_is_posted_from_the_drafts(db):
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Petty cash")
        await pilot.press("enter")
        await _line(pilot, "cash", "250", "", "")       # a role names the account too
        await _line(pilot, "1010", "", "", "")
        await pilot.press("up")                         # back to the second line: it takes the difference
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert "balanced" in _difference(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "LedgerScreen"
        assert _rows(db, "SELECT status, number FROM journal_entry") == [("draft", None)]
        await pilot.press("d")
        await settle(pilot)
        assert "Petty cash" in _text(app.screen.query_one("#draft-detail"))
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert any("as JE-2026-000001." in m for m in notifications(app))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#ledger-list").current.number == "JE-2026-000001"
    assert _postings(db, "JE-2026-000001") == [("1000", 25000, None), ("1010", -25000, None)]


async def test_palette_and_dashboard_reach_the_journal_from_a_screen_above_it(db):
    from boclerk.tui.palette import _act, _open

    number = _post(db, memo="Capital")
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("t")
        await settle(pilot)
        _open(app, "entry", number)                    # ctrl+p, a journal entry's number
        await settle(pilot)
        assert app.screen.__class__.__name__ == "EntryDetailScreen" and app.screen.number == number
        await pilot.press("1")
        await settle(pilot)
        _act(app, "ledger", "new_entry")               # ctrl+p, "New manual journal entry"
        await settle(pilot)
        assert app.screen.__class__.__name__ == "NewEntryScreen"
        await pilot.press("escape")                    # nothing typed: leaves at once
        await settle(pilot)
        app.open_list("ledger", account="1000")        # the dashboard's Cash, then its Bank
        await settle(pilot)
        app.open_list("ledger", account="1010")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "AccountLedgerScreen"
        assert _text(app.screen.query_one("#account-title")).startswith("1010 Bank")
        _act(app, "ledger", "pnl")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ReportScreen" and app.screen.kind == "pnl"


async def test_the_vat_report_is_a_key_away_and_agrees_with_the_vat_accounts(db):
    from boclerk.services.catalog.partners import add_customer
    from boclerk.services.catalog.products import add_product
    from boclerk.services.sales.orders import LineInput, confirm_order, create_order
    from boclerk.services.sales.shipping import ship_order
    from boclerk.services.stock.book import receive_stock

    with db.write("admin") as uow:
        add_product(uow, "MUG", "Mug", sale_price=122000, standard_cost=50000)
        add_customer(uow, "ANNA", "Anna", tax_id="500100732259")
        receive_stock(uow, "MUG", 3, 50000)
        number = create_order(uow, "ANNA", [LineInput("MUG", 2)]).number
        confirm_order(uow, number)
        ship_order(uow, number)
    app = BoclerkApp(db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ReportScreen"
        rows = app.screen.query_one("#report-table").rows_data
        assert [(r.get("document"), r.get("rate"), _plain(r.get("vat", ""))) for r in rows][0] == \
            (number, "22%", "440,00")  # 2 x 1 220,00 incl. 22%
        totals = _plain(_text(app.screen.query_one("#report-totals")))
        assert "Net 440,00" in totals and "VAT accounts 440,00 (agrees)" in totals


async def test_question_mark_opens_help_but_is_typed_in_a_field(db):
    from boclerk.tui.help import HelpScreen

    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Rent?")
        assert app.screen.query_one("#entry-memo").value == "Rent?"
        assert not isinstance(app.screen, HelpScreen)


async def test_an_account_is_looked_up_by_name_as_it_is_typed(db):
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_ledger(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Rent")
        await pilot.press("enter")                      # memo -> the first line's account
        await type_text(pilot, "other exp")
        await settle(pilot)
        name = _text(app.screen.query(".acct-name").nodes[0])
        assert name.startswith("→ 5900 Other expenses"), name
        await pilot.press("enter")                      # takes it and moves on to the debit
        await settle(pilot)
        row = app.screen.rows()[0]
        assert row.field("acct").value == "5900" and app.focused is row.field("debit")
        assert _text(app.screen.query(".acct-name").nodes[0]).startswith("Other expenses")
        row.field("acct").value = "no such thing"
        await settle(pilot)
        assert _text(app.screen.query(".acct-name").nodes[0]).strip() == "unknown account"


async def test_the_account_ledger_shows_each_lines_memo_at_80_columns(db):
    """The memo takes the width the amounts leave, cut with an ellipsis; the entry's number joins at 96."""
    memo = "Deposit for the warehouse lease, refunded by the landlord in March"
    _post(db, memo=memo, amount=500000)
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_list("ledger", account="1010")
        await settle(pilot)
        table = app.screen.query_one("#account-ledger")
        assert [c.key for c in table.shown] == ["date", "memo", "debit", "credit", "balance"]
        assert sum(c.width + 2 for c in table.shown) <= 78  # the width less the scroll bar: nothing cut at the right
        shown = _plain(screen_text(app))
        assert "Memo" in shown and "Opening balance" in shown
        line = next(row for row in shown.splitlines() if "5 000,00" in row and "Deposit" in row)
        assert "Deposit for the" in line and "…" in line and memo not in line
        heading = next(row for row in shown.splitlines() if "Memo" in row)
        assert "Date" in heading and "Debit" in heading and "Credit" in heading and "Balance" in heading
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert [c.key for c in table.shown][:3] == ["date", "number", "memo"]
        line = next(row for row in _plain(screen_text(app)).splitlines() if "Deposit" in row)
        assert "JE-" in line and "Deposit for the" in line
