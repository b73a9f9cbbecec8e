"""The Documents screen, driven by key presses: the inbox with its filters and search, a file
registered by path, a link picked, the status flow, and the bank reconciliation view where one
key confirms a proposed match. The app's mode table is not ours to edit: the tests add the
screen as a mode themselves ("documents", key 6 once registered)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from boclerk.services.purchasing.bills import enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.tui import app as tui_app
from boclerk.tui.app import BoclerkApp
from boclerk.tui.documents.dialogs import IntakeDialog, LinkDialog
from boclerk.tui.dialogs import ConfirmDialog
from boclerk.tui.documents.screen import DocumentDetailScreen, DocumentsScreen
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Pay,
    add_one,
    document_store,
    make_pdf,
    statement_1c,
    write,
)
from tests.services.trade_helpers import (
    act,
    assert_sound,
    confirmed,
    order_row,
    po,
    set_day,
    shop,
    sql,
    sql_one,
)

DAY = date(2026, 3, 20)


@pytest.fixture
def inbox_db(db, tmp_path):
    """Two orders, a posted bill, and a statement paying them registered (3 proposals, 1 unmatched)."""
    set_day(db, DAY)
    shop(db)
    db.so1 = confirmed(db, "ANNA", ("MUG", 2))
    db.so2 = confirmed(db, "BORIS", ("LAMP", 1))
    number = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, number)
    db.bill = act(db, "clerk", enter_bill, number, "ЭС-417", date(2026, 3, 5)).number
    add_one(db, "clerk", write(tmp_path, "contract.pdf", make_pdf(["Supply contract with Globex"])))
    db.statement = add_one(db, "clerk", write(tmp_path, "bank.txt", statement_1c([
        Pay("2400.00", f"Оплата по заказу {db.so1}", "Анна Петрова", number="1"),
        Pay("3000.00", f"Оплата по заказу {db.so2}", "Boris Ivanov", number="2"),
        Pay("-6000.00", "Оплата по счету ЭС-417", "ACME", "7701234567", number="3"),
        Pay("500.00", "непонятный платёж", "Кто-то", number="4")]))).number
    return db


class DocumentsApp(BoclerkApp):
    """The app opened straight on the Documents screen (key 6)."""

    CSS_PATH = str(Path(tui_app.__file__).parent / "boclerk.tcss")

    def on_mount(self, event) -> None:
        event.prevent_default()  # not the dashboard first
        self.switch_mode("documents")


def documents_app(db, user: str) -> BoclerkApp:
    return DocumentsApp(db, user)


async def test_key_6_opens_the_documents_screen(inbox_db):
    app = BoclerkApp(inbox_db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("6")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentsScreen)


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def keys(app, pilot, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(app, pilot)


async def type_in(app, pilot, text: str) -> None:
    await pilot.press(*text)
    await settle(app, pilot)


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


def offered(app) -> set[str]:
    return {b.binding.action for b in app.screen.active_bindings.values()
            if app.screen.offered(b.binding.action) is not False}


async def open_documents(app, pilot) -> DocumentsScreen:
    await settle(app, pilot)
    assert isinstance(app.screen, DocumentsScreen)
    return app.screen


async def test_bank_lines_confirmed_one_at_a_time(inbox_db):
    db = inbox_db
    app = documents_app(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_documents(app, pilot)
        assert [r.original_name for r in screen.table().rows_data] == ["bank.txt", "contract.pdf"]
        await keys(app, pilot, "v")
        assert screen.view == "bank"
        assert [r.status for r in screen.table().rows_data] == ["proposed", "proposed", "proposed", "unmatched"]
        await keys(app, pilot, "c")  # a posting cannot be undone: asked first, and declined
        assert isinstance(app.screen, ConfirmDialog) and "Post bank line" in str(app.screen.question)
        await keys(app, pilot, "n")
        assert order_row(db, db.so1)["paid"] == 0
        await keys(app, pilot, "c", "y")  # the first line posts; the cursor stays, on the next line
        assert order_row(db, db.so1)["paid"] == 240000
        assert [r.status for r in screen.table().rows_data] == ["proposed", "proposed", "unmatched"]
        await keys(app, pilot, "c", "y")
        assert order_row(db, db.so2)["paid"] == 300000
        await keys(app, pilot, "A", "y")
        assert sql_one(db, "SELECT status FROM supplier_bill WHERE number = :n", n=db.bill) == "paid"
        assert [r.status for r in screen.table().rows_data] == ["unmatched"]
        assert screen.offered("confirm") is None  # dimmed: nothing proposed on this line
        await keys(app, pilot, "i")
        await type_in(app, pilot, "a private transfer")
        await keys(app, pilot, "enter")
        assert screen.table().rows_data == []
        assert sql(db, "SELECT status, reason FROM bank_line WHERE line_no = 4")[0] == ("ignored", "a private transfer")
        assert any("ignored" in t for t in toasts(app))
    assert_sound(db)


async def test_inbox_search_intake_link_and_file(inbox_db, tmp_path):
    db = inbox_db
    write(tmp_path / "incoming", "waybill 77.pdf", make_pdf(["Waybill 77 for Anna"]))
    app = documents_app(db, "clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_documents(app, pilot)
        assert "Supply contract with Globex" not in str(screen.query_one("#documents-detail").render())
        await keys(app, pilot, "slash")
        await type_in(app, pilot, "globex")
        assert [r.original_name for r in screen.table().rows_data] == ["contract.pdf"]
        await keys(app, pilot, "enter")  # back to the list
        await keys(app, pilot, "enter")  # open it
        assert isinstance(app.screen, DocumentDetailScreen)
        await keys(app, pilot, "escape")
        await keys(app, pilot, "slash", "ctrl+a", "ctrl+k", "enter")
        assert len(screen.table().rows_data) == 2

        # a file by path, with completion of its folder's name
        await keys(app, pilot, "a")
        assert isinstance(app.screen, IntakeDialog)
        await type_in(app, pilot, str(tmp_path / "inc"))
        await keys(app, pilot, "right")  # takes the suggestion: .../incoming/
        await type_in(app, pilot, "way")
        await keys(app, pilot, "right", "enter")
        await settle(app, pilot)
        assert any("Registered waybill 77.pdf as DOC-2026-000003 (other)." == t for t in toasts(app)), toasts(app)
        assert screen.table().rows_data[0].original_name == "waybill 77.pdf"

        # the link picker: narrow to the order, Enter links it; then file it
        await keys(app, pilot, "l")
        assert isinstance(app.screen, LinkDialog)
        await type_in(app, pilot, "000001")  # SO-, PO-, BILL-, JE-...-000001: the order comes first
        assert str(app.screen.query_one("#link-options").get_option_at_index(0).prompt) == db.so1
        await keys(app, pilot, "enter")
        assert sql(db, "SELECT target_kind FROM document_link l JOIN document d ON d.id = l.document_id "
                       "WHERE d.number = 'DOC-2026-000003'") == [("order",)]
        await keys(app, pilot, "f")
        assert sql_one(db, "SELECT status FROM document WHERE number = 'DOC-2026-000003'") == "filed"
        assert offered(app) >= {"edit", "link", "archive", "intake"} and "confirm" not in offered(app)


async def test_who_sees_which_acts(inbox_db):
    db = inbox_db
    app = documents_app(db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_documents(app, pilot)
        assert not offered(app) & {"intake", "edit", "link", "review", "file", "archive", "process"}
        await keys(app, pilot, "v")
        assert not offered(app) & {"confirm", "confirm_all", "match", "ignore", "rematch"}
    app = documents_app(db, "wh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_documents(app, pilot)
        assert "intake" in offered(app) and "file" not in offered(app)


async def test_the_dashboard_counts_the_inbox_and_the_bank_lines_and_opens_them(inbox_db):
    """Home shows what waits in Documents; Enter on a figure opens that list."""
    app = BoclerkApp(inbox_db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert home.query_one("#docs-inbox").value == "1"  # the contract (the statement is filed on intake)
        assert home.query_one("#bank-waiting").value == "4"  # 3 proposed, 1 unmatched
        home.query_one("#bank-waiting").focus()
        await keys(app, pilot, "enter")
        screen = app.screen
        assert isinstance(screen, DocumentsScreen) and screen.view == "bank"
        assert len(screen.table().rows_data) == 4
        await keys(app, pilot, "c", "y")  # the accountant confirms the first proposal: one line fewer waits
        await keys(app, pilot, "1")
        assert app.screen.query_one("#bank-waiting").value == "3"
        app.screen.query_one("#docs-inbox").focus()
        await keys(app, pilot, "enter")
        assert screen.view == "docs" and {r.status for r in screen.table().rows_data} == {"inbox"}


async def test_the_palette_finds_a_document_by_its_file_name_and_opens_it(inbox_db):
    app = BoclerkApp(inbox_db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "ctrl+p")
        for ch in "bank.txt":
            await pilot.press(ch)
        await pilot.pause(0.5)
        await settle(app, pilot)
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, DocumentDetailScreen) and app.screen.number == inbox_db.statement
