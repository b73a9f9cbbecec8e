"""'Documents to produce' in the app: a key on the order and the PO writes the file and says where."""

from __future__ import annotations

from boclerk.services.platform.company import set_company_details
from boclerk.services.purchasing.orders import POLineInput, create_po
from boclerk.services.sales.orders import LineInput, confirm_order, create_order
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import form_error, notifications, screen_text, settle
from tests.tui.test_orders_screen import _shop

BANK = dict(tax_id="7736207543", kpp="773601001", bik="044525225", bank_account="40702810938000000001",
            bank_name="ПАО Сбербанк", corr_account="30101810400000000225", director="Петров Пётр Петрович")


async def test_w_on_an_order_writes_its_invoice_and_says_where(db, tmp_path, monkeypatch):
    _shop(db)
    with db.write("admin") as uow:
        set_company_details(uow, **BANK)
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
        confirm_order(uow, number)
    monkeypatch.chdir(tmp_path)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        shown = screen_text(app)
        assert f"Documents to produce for {number}" in shown and "Invoice for payment" in shown
        await pilot.press("ctrl+s")  # the first choice: the invoice for payment, into the current folder
        await settle(pilot)
        written = tmp_path / f"Счёт {number}.pdf"
        assert written.read_bytes().startswith(b"%PDF-")
        said = [m for m in notifications(app) if "Wrote" in m]
        assert said and str(written) in said[-1] and "boclerk doc open DOC-" in said[-1]
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")  # again: the same document, beside the first under a free name
        await settle(pilot)
        assert (tmp_path / f"Счёт {number} (2).pdf").read_bytes() == written.read_bytes()
    with db.read("admin") as uow:
        from sqlalchemy import text

        assert uow.s.execute(text("SELECT count(*) FROM outbound_document")).scalar() == 1


async def test_a_folder_that_is_not_there_is_said_on_the_form_which_keeps_the_choice(db, tmp_path):
    from textual.widgets import Input

    _shop(db)
    with db.write("admin") as uow:
        set_company_details(uow, **BANK)
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
        confirm_order(uow, number)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        form = app.screen
        nowhere = tmp_path / "nowhere"
        form.query_one("#f-folder", Input).value = str(nowhere)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form_error(app) == f"There is no folder {nowhere}."
        form.query_one("#f-folder", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    assert (tmp_path / f"Счёт {number}.pdf").read_bytes().startswith(b"%PDF-")


async def test_w_on_a_purchase_order(db, tmp_path, monkeypatch):
    _shop(db)
    with db.write("admin") as uow:
        from boclerk.services.catalog.partners import add_supplier

        add_supplier(uow, "ACME", "Acme")
        po = create_po(uow, "ACME", [POLineInput("MUG", 5, 20000)]).number
    monkeypatch.chdir(tmp_path)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert (tmp_path / f"Заказ поставщику {po}.pdf").read_bytes().startswith(b"%PDF-")


async def test_a_viewer_is_not_offered_documents(db):
    _shop(db)
    app = BoclerkApp(db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.offered("documents") is False


async def test_the_palette_lists_the_documents_the_shop_produced(db, tmp_path, monkeypatch):
    from boclerk.services.documents.intake import register_bytes
    from boclerk.services.sales.invoice import order_invoice
    from boclerk.tui.documents.screen import DocumentsScreen
    from tests.tui.helpers import type_text

    _shop(db)
    with db.write("admin") as uow:
        set_company_details(uow, **BANK)
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
    (invoice,) = order_invoice(db, "clerk", number)
    came = register_bytes(db, "clerk", "note.txt", "Доверенность\n".encode()).number
    app = BoclerkApp(db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "produced by the shop")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen) and screen.filters["doc_type"] == "produced"
        rows = [r.number for r in screen.table().rows_data]
        assert rows == [invoice.number] and came not in rows
        assert [r.doc_type for r in screen.table().rows_data] == ["customer_invoice"]
        assert "1 shown — Produced by the shop" in screen_text(app)


async def test_w_on_a_supplier_writes_the_statement_for_the_period_asked(db, tmp_path):
    from textual.widgets import Input

    from boclerk.services.catalog.partners import add_supplier
    from boclerk.tui.dialogs import FormDialog
    from tests.tui.helpers import type_text

    _shop(db)
    with db.write("admin") as uow:
        add_supplier(uow, "ACME", "Acme")
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        while app.screen.view != "supplier":
            await pilot.press("v")
            await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog) and form.title_text == "Reconciliation statement with supplier ACME"
        form.query_one("#f-start", Input).value = ""
        form.query_one("#f-start", Input).focus()
        await type_text(pilot, "2026-01-01")
        form.query_one("#f-folder", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        end = app.db.clock().astimezone().date()
        written = tmp_path / f"Акт сверки ACME 2026-01-01..{end:%Y-%m-%d}.pdf"
        assert written.read_bytes().startswith(b"%PDF-")
        assert any(str(written) in m for m in notifications(app))
    with db.read("admin") as uow:
        from sqlalchemy import text

        assert uow.s.execute(text("SELECT doc_type FROM document")).scalars().all() == ["reconciliation"]


async def test_an_orders_documents_offer_its_customers_statement(db, tmp_path):
    from textual.widgets import Input, Select

    from boclerk.tui.dialogs import FormDialog

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    _shop(db)
    with db.write("admin") as uow:
        set_company_details(uow, **BANK)
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
        confirm_order(uow, number)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        choices = app.screen.query_one("#f-form", Select)
        choices.value = "statement:customer:C1"
        app.screen.query_one("#f-folder", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog) and form.title_text == "Reconciliation statement with customer C1"
        assert form.query_one("#f-folder", Input).value == str(tmp_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [p.name.startswith("Акт сверки C1 ") for p in tmp_path.iterdir()] == [True]


async def test_the_palette_opens_the_company_details_and_saves_what_changed(db):
    from textual.widgets import Input

    from boclerk.tui.dialogs import FormDialog
    from tests.tui.helpers import type_text

    _shop(db)
    with db.write("admin") as uow:
        set_company_details(uow, **BANK)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "company details")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog) and form.title_text == "Company details"
        assert form.query_one("#f-tax_id", Input).value == "7736207543"
        form.query_one("#f-kpp", Input).value = "77360100"  # 8 characters: refused, nothing saved
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form_error(app) == "'77360100' is not a KPP (9 characters, e.g. 770701001)."
        await pilot.press("escape")  # left: nothing saved
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "company details")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-chief_accountant", Input).value = "Сидорова Анна Павловна"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with db.read("admin") as uow:
        from sqlalchemy import text

        assert uow.s.execute(text("SELECT kpp, chief_accountant FROM company")).one() == (
            "773601001", "Сидорова Анна Павловна")
        events = uow.s.execute(text("SELECT after FROM audit_event WHERE action = 'company.edit' "
                                    "ORDER BY id")).scalars().all()
    assert "chief_accountant" in str(events[-1]) and "kpp" not in str(events[-1])


async def test_the_palette_asks_whose_statement_and_writes_it(db, tmp_path):
    from textual.widgets import Input

    from boclerk.tui.dialogs import FormDialog
    from tests.tui.helpers import type_text

    _shop(db)
    out = tmp_path / "out"
    out.mkdir()
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "reconciliation statement")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog) and form.title_text == "Reconciliation statement"
        await type_text(pilot, "NOBODY")
        form.query_one("#f-folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # said on the form, which keeps the period and the folder typed: the code put right, it is written
        assert form_error(app) == "There is no customer NOBODY." and list(out.iterdir()) == []
        form.query_one("#f-code", Input).value = "C1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    assert [p.name.startswith("Акт сверки C1 ") for p in out.iterdir()] == [True]


async def test_a_upd_s_two_files_are_said_in_the_interface_s_language(db, tmp_path):
    from textual.widgets import Input, Select

    from boclerk.services.sales.shipping import ship_order
    from boclerk.settings import Config

    _shop(db)
    with db.write("admin") as uow:
        set_company_details(uow, **BANK)
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
        confirm_order(uow, number)
        ship_order(uow, number)
    app = BoclerkApp(db, "clerk", config=Config(locale="ru"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        app.screen.query_one("#f-form", Select).value = "upd"
        app.screen.query_one("#f-folder", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = [m for m in notifications(app) if "Записано" in m]
        [xml] = [str(p) for p in tmp_path.glob("ON_NSCHFDOPPR_*.xml")]
        [pdf] = [str(p) for p in tmp_path.glob("ON_NSCHFDOPPR_*.pdf")]
        assert said and f"{xml} и {pdf}" in said[-1].replace("\n", " ")
