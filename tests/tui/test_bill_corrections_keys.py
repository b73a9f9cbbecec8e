"""The bill's own view reverses a posted bill (u) and enters the supplier's credit or debit note (m),
by key presses at 80x24: the form, the question, what is written, refusals in the service's words,
and the key bar that still fits."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.services.purchasing.bills import enter_bill, pay_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import ConfirmDialog, FormDialog
from boclerk.tui.purchases.detail import BillDetailScreen
from tests.services.trade_helpers import (
    act,
    add_product,
    add_supplier,
    assert_sound,
    bill_row,
    changed_tables,
    po,
    po_status,
    set_day,
    snapshot,
    sql,
)
from tests.tui.helpers import form_error, screen_text
from tests.tui.test_purchases_screen import keys, offered, toasts, type_in

DAY = date(2026, 3, 16)
PO1, BILL1 = "PO-2026-000001", "BILL-2026-000001"


@pytest.fixture
def posted_db(db):
    """ACME's PO for 10 mugs at 500.00, received, billed at the agreed price: 6 100.00 posted."""
    set_day(db, DAY)
    add_product(db, "MUG", price=120000, cost=50000)
    add_supplier(db, "ACME", "Acme Supplies", tax_id="7707083893", payment_terms_days=30)
    po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, PO1)
    res = act(db, "acc", enter_bill, PO1, "INV-1", DAY)
    assert (res.status, res.total) == ("posted", 610000)
    return db


async def open_bill(app, pilot) -> None:
    await keys(app, pilot, "4", "v", "enter")
    assert isinstance(app.screen, BillDetailScreen) and app.screen.number == BILL1


def key_bar(app) -> str:
    return [line for line in screen_text(app).splitlines() if line.strip()][-1].rstrip()


async def test_the_bill_view_offers_reverse_and_note_and_its_key_bar_fits_80_columns(posted_db):
    app = BoclerkApp(posted_db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_bill(app, pilot)
        assert {"reverse_bill", "note", "pay"} <= offered(app)
        bar = key_bar(app)
        assert len(bar) <= 80
        for shown in ("p Pay", "u Reverse bill", "m Credit/debit note", "F1 Help"):
            assert shown in bar, bar
        assert app.screen.offered("reverse_bill") is True and app.screen.offered("approve") is None
        # the list's key bar keeps what it had: the two acts are keyed on the bill's view only
        await keys(app, pilot, "escape")
        assert not {"reverse_bill", "note"} & offered(app)


async def test_a_posted_bill_is_reversed_after_its_question(posted_db):
    db = posted_db
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_bill(app, pilot)
        await keys(app, pilot, "u")
        assert isinstance(app.screen, FormDialog)
        await type_in(app, pilot, "booked twice")
        await keys(app, pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Reverse BILL-2026-000001?" in screen_text(app)
        before = snapshot(db)
        await keys(app, pilot, "n")  # no: nothing is written
        assert changed_tables(before, snapshot(db)) == []
        await keys(app, pilot, "u")
        await type_in(app, pilot, "booked twice")
        await keys(app, pilot, "ctrl+s", "y")
        assert isinstance(app.screen, BillDetailScreen)
        assert any(t.startswith("Reversed BILL-2026-000001 by JE-") for t in toasts(app)), toasts(app)
        assert app.screen.status == "reversed"
        assert app.screen.offered("reverse_bill") is None and app.screen.offered("note") is None
    row = bill_row(db, BILL1)
    assert row["status"] == "reversed" and row["hold_reason"].endswith(": booked twice")
    assert po_status(db, PO1) == "received"  # waits for a bill again
    assert_sound(db)


async def test_a_paid_bill_takes_a_debit_note_from_the_form_and_its_po_is_billed_again(posted_db):
    db = posted_db
    act(db, "acc", pay_bill, BILL1, 610000)
    assert po_status(db, PO1) == "closed"
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_bill(app, pilot)
        # a paid bill's key bar offers the note, not the reversal, whose key opens nothing here
        assert "note" in offered(app) and "reverse_bill" not in offered(app)
        await keys(app, pilot, "u")
        assert isinstance(app.screen, BillDetailScreen) and toasts(app) == []
        await keys(app, pilot, "m")
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#f-rate").value == "22"  # the bill's own rate, offered first
        await type_in(app, pilot, "DN-7")
        await keys(app, pilot, "tab", "tab")
        await type_in(app, pilot, "100.00")
        await keys(app, pilot, "tab")
        await type_in(app, pilot, "22.00")
        await keys(app, pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(app, pilot, "y")
        assert isinstance(app.screen, BillDetailScreen), app.screen
        assert any(t.startswith("Debit note NOTE-2026-000001") and t.endswith("the bill is posted.")
                   for t in toasts(app)), toasts(app)
    assert [tuple(r) for r in sql(db, "SELECT supplier_ref, kind, net, vat, total FROM supplier_note")] == [
        ("DN-7", "debit", 10000, 2200, 12200)]
    assert bill_row(db, BILL1)["status"] == "posted"
    assert po_status(db, PO1) == "billed"
    assert_sound(db)


async def test_a_note_form_with_a_bad_rate_says_so_and_writes_nothing(posted_db):
    db = posted_db
    before = snapshot(db)
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_bill(app, pilot)
        await keys(app, pilot, "m")
        await type_in(app, pilot, "CN-1")
        await keys(app, pilot, "tab", "tab")
        await type_in(app, pilot, "-100.00")
        await keys(app, pilot, "tab")
        await type_in(app, pilot, "-22.00")
        await keys(app, pilot, "tab", "ctrl+a", "ctrl+k")
        await type_in(app, pilot, "twenty")
        await keys(app, pilot, "ctrl+s")
        # said on the form, which keeps the figures typed: the rate put right, it asks, and the note is entered
        assert isinstance(app.screen, FormDialog)
        assert form_error(app) == "VAT rate 'twenty' is not a VAT rate: give a whole percent (22) or “none”."
        assert changed_tables(before, snapshot(db)) == []
        await keys(app, pilot, "ctrl+a", "ctrl+k")
        await type_in(app, pilot, "22")
        await keys(app, pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(app, pilot, "escape")
        assert isinstance(app.screen, BillDetailScreen)  # no: the form closes, nothing written
    assert changed_tables(before, snapshot(db)) == []


async def test_the_note_forms_rate_names_no_vat_in_the_clerks_words(posted_db):
    from boclerk.settings import Config

    db = posted_db
    before = snapshot(db)
    app = BoclerkApp(db, "acc", config=Config(locale="ru"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_bill(app, pilot)
        await keys(app, pilot, "m")
        shown = " ".join(screen_text(app).replace("\xa0", " ").split())
        assert "Ставка НДС, %" in shown and "ставка «без НДС»." in shown, shown[-2000:]
        await type_in(app, pilot, "CN-1")
        await keys(app, pilot, "tab", "tab")
        await type_in(app, pilot, "-100,00")
        await keys(app, pilot, "tab")
        await type_in(app, pilot, "-22,00")
        await keys(app, pilot, "tab", "ctrl+a", "ctrl+k")
        await type_in(app, pilot, "двадцать")
        await keys(app, pilot, "ctrl+s")
        assert form_error(app) == "Ставка НДС 'двадцать' — не ставка НДС: укажите целый процент (22) или «без НДС»."
    assert changed_tables(before, snapshot(db)) == []


async def test_a_clerk_may_enter_a_note_but_not_reverse(posted_db):
    app = BoclerkApp(posted_db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_bill(app, pilot)
        assert "reverse_bill" not in offered(app) or app.screen.offered("reverse_bill") is False
        assert "u Reverse bill" not in key_bar(app)
        assert app.screen.offered("note") is True
        before = snapshot(posted_db)
        await keys(app, pilot, "u")
        assert isinstance(app.screen, BillDetailScreen)
    assert changed_tables(before, snapshot(posted_db)) == []
