"""The Purchases screen, driven by key presses: a PO typed, sent, received in part, billed
above the agreed price (held), approved by the accountant and paid; roles; refusals; the
wide layout; the dashboard's filters; reorder suggestions; suppliers."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console

from boclerk.errors import Refused
from boclerk.services.catalog.partners import get_supplier
from boclerk.services.purchasing.bills import enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.tui.app import BoclerkApp
from boclerk.tui.purchases.detail import BillDetailScreen, PODetailScreen
from boclerk.tui.purchases.screen import PurchasesScreen
from tests.services.trade_helpers import (
    AP,
    BANK,
    GRNI,
    INVENTORY,
    VARIANCE,
    VAT_IN,
    act,
    add_product,
    add_supplier,
    assert_sound,
    audit_actions,
    bill_row,
    changed_tables,
    entries_of,
    entry_date,
    entry_lines,
    level,
    po,
    po_progress,
    po_status,
    read,
    set_day,
    snapshot,
    sql,
)
from tests.tui.helpers import form_error

DAY = date(2026, 3, 16)
PO1, BILL1 = "PO-2026-000001", "BILL-2026-000001"
WRITE_ACTS = {"new_po", "suggest", "send", "receive", "enter_bill", "cancel_po", "approve", "reject", "pay",
              "new_supplier", "edit_supplier"}


@pytest.fixture
def shop_db(db):
    """Two products (the lamp has a barcode) and one supplier, on a fixed day."""
    set_day(db, DAY)
    add_product(db, "MUG", price=120000, cost=50000)
    add_product(db, "LAMP", price=300000, cost=100000, barcodes=["4600000000024"])
    add_supplier(db, "ACME", "Acme Supplies", tax_id="7707083893", payment_terms_days=30)
    return db


@pytest.fixture
def held_db(shop_db):
    """PO-1 for 10 mugs and 5 lamps, sent; all mugs and 2 lamps received; a bill at 550.00 a mug, held."""
    db = shop_db
    po(db, "ACME", ("MUG", 10), ("LAMP", 5))
    act(db, "wh", receive_po, PO1, [("MUG", 10), ("LAMP", 2)])
    from boclerk.services.purchasing.bills import BillLineInput

    res = act(db, "clerk", enter_bill, PO1, "INV-77", DAY,
              lines=[BillLineInput("MUG", 10, 55000), BillLineInput("LAMP", 2, 100000)])
    assert res.status == "held"
    return db


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
    """The acts the focused screen offers (shown in the footer, enabled or dimmed)."""
    return {b.binding.action for b in app.screen.active_bindings.values()}


def text_of(renderable, width: int = 60) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


async def test_a_po_typed_sent_received_billed_approved_and_paid(shop_db):
    db = shop_db
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4")
        assert isinstance(app.screen, PurchasesScreen)
        # a new PO: the supplier, then 10 mugs by SKU and 5 lamps by barcode
        await keys(app, pilot, "n")
        form = app.screen
        await type_in(app, pilot, "acme")
        await keys(app, pilot, "enter")
        assert form.supplier == "ACME" and app.focused.id == "po-item"
        await type_in(app, pilot, "MUG")
        await keys(app, pilot, "tab")
        await type_in(app, pilot, "10")
        await keys(app, pilot, "enter")
        assert app.focused.id == "po-item"  # the cursor stays for the next item
        await type_in(app, pilot, "4600000000024")
        await keys(app, pilot, "tab")
        await type_in(app, pilot, "5")
        await keys(app, pilot, "enter")
        assert [(ln.sku, ln.qty, ln.price) for ln in form.lines] == [("MUG", 10, 50000), ("LAMP", 5, 100000)]
        assert app.focused.id == "po-item"
        await keys(app, pilot, "ctrl+s")
        assert isinstance(app.screen, PurchasesScreen)
        assert po_status(db, PO1) == "draft"
        assert po_progress(db, PO1) == [("MUG", 10, 0, 0), ("LAMP", 5, 0, 0)]

        # send it; receive all mugs and 2 of the 5 lamps
        await keys(app, pilot, "s")
        assert po_status(db, PO1) == "sent"
        await keys(app, pilot, "r")
        assert app.focused.id == "f-l1"  # the form opens on the first line
        await keys(app, pilot, "tab")
        await type_in(app, pilot, "2")
        await keys(app, pilot, "ctrl+s")
        assert isinstance(app.screen, PurchasesScreen)
        assert level(db, "MUG") == (10, 0) and level(db, "LAMP") == (2, 0)
        assert po_progress(db, PO1) == [("MUG", 10, 10, 0), ("LAMP", 5, 2, 0)]
        assert po_status(db, PO1) == "partially_received"
        [receipt] = entries_of(db, PO1)
        assert entry_lines(db, receipt) == [(INVENTORY, None, 700000), (GRNI, None, -700000)]

        # the supplier bills 550.00 a mug against 500.00 agreed: held, nothing posts
        await keys(app, pilot, "b")
        await type_in(app, pilot, "INV-77")
        await keys(app, pilot, "enter", "enter")  # the date stays today's
        assert app.focused.id == "f-q1" and app.focused.value == "10"  # received, not yet billed
        await keys(app, pilot, "enter")
        assert app.focused.id == "f-p1"
        await type_in(app, pilot, "550")
        await keys(app, pilot, "ctrl+s")
        row = bill_row(db, BILL1)
        assert (row["status"], row["net"], row["vat"], row["total"], row["paid"]) == ("held", 750000, 165000,
                                                                                     915000, 0)  # 22% (2026)
        assert row["hold_reason"] == "MUG: цена 550,00 против согласованной 500,00 (+10,0%)"
        assert entries_of(db, BILL1) == []
        assert any("held" in t and BILL1 in t for t in toasts(app))

    # the accountant approves the held bill and pays it in full
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4", "h")
        screen = app.screen
        assert screen.view == "bill" and [r.number for r in screen.table().rows_data] == [BILL1]
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, BillDetailScreen)
        await keys(app, pilot, "a")
        # the reason in the books' words (the test shop's are Russian), amounts as its locale writes them
        assert "цена 550,00 против согласованной 500,00" in app.screen.question
        await keys(app, pilot, "y")
        assert bill_row(db, BILL1)["status"] == "posted"
        await keys(app, pilot, "p")
        assert app.focused.id == "f-amount"
        paid_on = app.screen.query_one("#f-day")
        assert paid_on.value == DAY.strftime("%d.%m.%Y")  # as the lists show a day
        paid_on.value = "13.03.2026"  # the money left on Friday; typed as it is shown
        await keys(app, pilot, "ctrl+s")  # the amount defaults to what is left: all of it
        await keys(app, pilot, "escape")
        assert app.screen is screen
    row = bill_row(db, BILL1)
    assert (row["status"], row["paid"]) == ("paid", 915000)
    approval, payment = entries_of(db, BILL1)
    assert entry_lines(db, approval) == [(GRNI, None, 700000), (VAT_IN, None, 165000), (AP, None, -915000),
                                         (VARIANCE, "PURCH", 50000)]
    assert entry_lines(db, payment) == [(AP, None, 915000), (BANK, None, -915000)]
    assert entry_date(db, payment) == date(2026, 3, 13)
    assert po_progress(db, PO1) == [("MUG", 10, 10, 10), ("LAMP", 5, 2, 2)]
    assert audit_actions(db, "po", PO1) == ["po.create", "po.send", "po.receive"]
    assert audit_actions(db, "bill", BILL1) == ["bill.enter", "bill.approve", "bill.pay"]
    assert sql(db, "SELECT actor FROM audit_event WHERE action = 'bill.approve'")[0][0] == "acc"
    assert_sound(db)


async def test_a_viewer_is_offered_no_write_act(held_db):
    db = held_db
    before = snapshot(db)
    app = BoclerkApp(db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4")
        screen = app.screen
        for view in ("po", "bill", "supplier"):
            assert screen.view == view and screen.table().rows_data
            assert offered(app) & WRITE_ACTS == set()
            await keys(app, pilot, "n", "o", "s", "r", "b", "x", "a", "d", "p", "e")
            assert app.screen is screen  # no form, no dialog
            await keys(app, pilot, "v")
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, PODetailScreen)
        assert offered(app) & WRITE_ACTS == set()
    assert changed_tables(before, snapshot(db)) == []


async def test_a_clerk_is_not_offered_approve_or_pay(held_db):
    db = held_db
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4")
        assert {"new_po", "receive", "enter_bill", "suggest"} <= offered(app)
        await keys(app, pilot, "v")
        assert app.screen.current_status() == "held"
        assert offered(app) & {"approve", "reject", "pay"} == set()
        await keys(app, pilot, "a", "p", "d")
        assert app.screen.query_one("#bill-list").has_focus, app.focused
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, BillDetailScreen)
        assert offered(app) & {"approve", "reject", "pay"} == set()
    assert bill_row(db, BILL1)["status"] == "held"
    # the accountant is offered them on the same bill
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4", "v")
        assert {"approve", "reject", "pay"} <= offered(app)
        # the list and the bill's own screen both dim what the highlighted bill's state does not allow
        assert app.screen.offered("approve") is True and app.screen.offered("pay") is None
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, BillDetailScreen)
        assert app.screen.offered("approve") is True and app.screen.offered("pay") is None


async def test_a_refusal_shows_the_services_sentence_and_writes_nothing(shop_db):
    db = shop_db
    po(db, "ACME", ("MUG", 10))
    with pytest.raises(Refused) as refusal, db.write("admin") as uow:
        receive_po(uow, PO1, [("MUG", 99)])
    before = snapshot(db)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4", "r")
        await type_in(app, pilot, "99")
        await keys(app, pilot, "ctrl+s")
        assert form_error(app) == str(refusal.value)  # on the form, which stays open with what was typed
        assert "over-receipt tolerance" in str(refusal.value)
    assert changed_tables(before, snapshot(db)) == []
    assert level(db, "MUG") == (0, 0)


async def test_a_wide_terminal_shows_the_po_beside_the_list(held_db):
    db = held_db
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(app, pilot, "4")
        screen = app.screen
        assert screen.has_class("wide")
        pane = screen.query_one(".detail-pane")
        assert pane.display and pane.region.x > screen.table().region.right - 1
        shown = text_of(screen.query_one("#purchases-detail").content)
        assert PO1 in shown and "Acme Supplies" in shown and BILL1 in shown
        assert "MUG" in shown and "LAMP" in shown and "held: MUG: цена 550,00" in shown
        # every column fits; the bills list shows the bill beside it too
        assert [c.key for c in screen.table().shown] == ["number", "date", "code", "supplier", "status", "total"]
        await keys(app, pilot, "v")
        assert "Held: MUG: цена 550,00" in text_of(screen.query_one("#purchases-detail").content)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4")
        screen = app.screen
        assert not screen.has_class("wide") and not screen.query_one(".detail-pane").display
        assert "code" not in [c.key for c in screen.table().shown]  # columns collapse


async def test_the_dashboards_figures_open_filtered_lists(held_db):
    db = held_db
    po(db, "ACME", ("MUG", 1), send=False)  # a draft: not awaiting receipt
    act(db, "acc", enter_bill, PO1, "INV-78", DAY)  # what was received, at the agreed prices: posts
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_list("purchases", status="open")
        await settle(app, pilot)
        screen = app.screen
        assert screen.view == "po" and [r.number for r in screen.table().rows_data] == [PO1]
        app.open_list("purchases", bills="held")
        await settle(app, pilot)
        assert screen.view == "bill" and [r.number for r in screen.table().rows_data] == [BILL1]
        app.open_list("purchases", bills="posted")
        await settle(app, pilot)
        assert [r.status for r in screen.table().rows_data] == ["posted"]
        # the palette's hooks
        screen.show_supplier("ACME")
        await settle(app, pilot)
        assert screen.view == "po" and len(screen.table().rows_data) == 2
        await screen.run_action("filter_held")
        await settle(app, pilot)
        assert screen.view == "bill" and [r.status for r in screen.table().rows_data] == ["held"]
        screen.open_bill(BILL1)
        await settle(app, pilot)
        assert isinstance(app.screen, BillDetailScreen)
        await keys(app, pilot, "escape")
        screen.open_record(PO1)
        await settle(app, pilot)
        assert isinstance(app.screen, PODetailScreen) and BILL1 in text_of(
            app.screen.query_one("#record-detail").content, 80)


async def test_search_finds_by_number_supplier_and_their_bill_number(held_db):
    db = held_db
    add_supplier(db, "GLOBEX", "Globex")
    po(db, "GLOBEX", ("MUG", 1))
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4")
        screen = app.screen
        assert len(screen.table().rows_data) == 2
        await keys(app, pilot, "slash")
        await type_in(app, pilot, "glob")
        assert [r.supplier for r in screen.table().rows_data] == ["GLOBEX"]
        await keys(app, pilot, "enter")  # back to the list
        assert screen.table().has_focus
        await keys(app, pilot, "v")  # the same search on the bills: none of Globex's
        assert screen.table().rows_data == []
        await keys(app, pilot, "slash", *["backspace"] * 4)
        await type_in(app, pilot, "INV-77")
        assert [r.number for r in screen.table().rows_data] == [BILL1]


async def test_new_pos_from_reorder_suggestions(shop_db):
    db = shop_db
    from boclerk.services.catalog.products import edit_product
    from boclerk.services.purchasing.orders import suggest_reorders

    act(db, "admin", edit_product, "MUG", reorder_point=5, reorder_qty=12, preferred_supplier="ACME")
    [group] = read(db, "admin", suggest_reorders)
    assert [(s.sku, s.qty) for s in group.lines] == [("MUG", 12)]
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4", "o")
        assert type(app.screen).__name__ == "SuggestionsDialog"
        await keys(app, pilot, "y")
        assert isinstance(app.screen, PurchasesScreen)
        assert [r.number for r in app.screen.table().rows_data] == [PO1]
        assert any(PO1 in t for t in toasts(app))
    assert po_status(db, PO1) == "draft"
    assert po_progress(db, PO1) == [("MUG", 12, 0, 0)]
    assert read(db, "admin", suggest_reorders) == []  # on order now


async def test_suppliers_are_added_and_edited(shop_db):
    db = shop_db
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4", "v", "v")
        screen = app.screen
        assert screen.view == "supplier" and {"new_supplier", "edit_supplier"} <= offered(app)
        await keys(app, pilot, "n")
        await type_in(app, pilot, "BETA")
        await keys(app, pilot, "enter")
        await type_in(app, pilot, "Beta Trade")
        await keys(app, pilot, "ctrl+s")
        assert [r.code for r in screen.table().rows_data] == ["ACME", "BETA"]
        await keys(app, pilot, "e")  # the cursor is on ACME
        await keys(app, pilot, *["tab"] * 6)
        assert app.focused.id == "f-payment_terms_days"
        await type_in(app, pilot, "45")
        await keys(app, pilot, "ctrl+s")
        # Enter on a supplier lists its purchase orders
        await keys(app, pilot, "enter")
        assert screen.view == "po" and screen.query_one("#search").value == "ACME"
    beta = read(db, "viewer", get_supplier, "BETA")
    assert (beta.name, beta.payment_terms_days) == ("Beta Trade", 30)
    acme = read(db, "viewer", get_supplier, "ACME")
    assert (acme.name, acme.payment_terms_days, acme.tax_id) == ("Acme Supplies", 45, "7707083893")
    assert audit_actions(db, "supplier", "ACME") == ["supplier.add", "supplier.edit"]


async def test_an_unknown_sku_in_the_po_form_creates_the_product(shop_db):
    db = shop_db
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4", "n")
        form = app.screen
        await type_in(app, pilot, "ACME")
        await keys(app, pilot, "enter")
        await type_in(app, pilot, "VASE-1")
        await keys(app, pilot, "enter")
        assert "VASE-1" in app.screen.question
        await keys(app, pilot, "y")
        await keys(app, pilot, "tab")  # the SKU is filled in; the name
        await type_in(app, pilot, "Glass vase")
        await keys(app, pilot, "ctrl+s")
        assert app.screen is form
        assert [(ln.sku, ln.qty) for ln in form.lines] == [("VASE-1", 1)]
        await keys(app, pilot, "ctrl+s")
    assert po_progress(db, PO1) == [("VASE-1", 1, 0, 0)]


async def test_a_search_that_finds_several_suppliers_asks_which(shop_db):
    from boclerk.tui.dialogs import ChoiceDialog

    db = shop_db
    add_supplier(db, "ACME2", "Acme Logistics")
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4", "n")
        form = app.screen
        await type_in(app, pilot, "Acme")
        await keys(app, pilot, "enter")
        chooser = app.screen
        assert isinstance(chooser, ChoiceDialog) and chooser.title_text == "Which supplier?"
        assert [code for _label, code in chooser.options] == ["ACME2", "ACME"]  # by name
        await keys(app, pilot, "down", "enter")
        assert app.screen is form and form.supplier == "ACME"


async def test_part_of_a_products_name_in_the_po_form_finds_it(shop_db):
    from boclerk.tui.dialogs import ChoiceDialog

    db = shop_db
    add_product(db, "LAMP-2", price=350000, cost=120000)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "4", "n")
        form = app.screen
        await type_in(app, pilot, "ACME")
        await keys(app, pilot, "enter")
        await type_in(app, pilot, "lam")
        await keys(app, pilot, "enter")
        chooser = app.screen
        assert isinstance(chooser, ChoiceDialog) and chooser.title_text == "Which product?"
        assert [sku for _label, sku in chooser.options] == ["LAMP", "LAMP-2"]
        await keys(app, pilot, "down", "enter")
        assert app.screen is form and [(ln.sku, ln.qty) for ln in form.lines] == [("LAMP-2", 1)]
