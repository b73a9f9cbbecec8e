"""The Documents screen by key, as issue 18 asks: its key bar offers its acts and they run there;
what the services say names the screen's key, never a command line; a document is followed to
the record it became (a UPD to its bill); bank lines show their date and purpose and flag a
partial payment; confirm-all says how many lines and how much; a line that pays no order, bill
or fee is posted to an account of the chart with a memo."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.errors import Refused
from boclerk.i18n import use
from boclerk.services.documents.register import link
from boclerk.tui.dialogs import ConfirmDialog
from boclerk.tui.documents.keyed import keyed, keyed_refusals
from boclerk.tui.documents.post_dialog import PostToAccountDialog
from boclerk.tui.documents.screen import DocumentsScreen
from tests.services.doc_samples import Pay, add_one, make_pdf, statement_1c, write
from tests.services.trade_helpers import act, assert_sound, confirmed, set_day, shop, sql, sql_one
from tests.tui.helpers import screen_text
from tests.tui.test_documents_screen import (  # noqa: F401  (fixtures)
    document_store,
    documents_app,
    inbox_db,
    keys,
    offered,
    open_documents,
    settle,
    toasts,
    type_in,
)


async def test_the_key_bar_offers_the_documents_acts_and_they_run_there(inbox_db):
    db = inbox_db
    app = documents_app(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_documents(app, pilot)
        bar = [line for line in screen_text(app).splitlines() if line.strip()][-1]
        for label in ("Add", "Edit", "Link", "Reviewed", "File"):
            assert label in bar, bar
        assert offered(app) >= {"review", "file", "link", "edit", "intake", "follow"}
        await keys(app, pilot, "down")  # the contract, in the inbox
        assert screen.current.original_name == "contract.pdf"
        await keys(app, pilot, "r")
        assert sql_one(db, "SELECT status FROM document WHERE original_name = 'contract.pdf'") == "reviewed"
        await keys(app, pilot, "f")  # not linked yet: refused, in the service's sentence
        assert sql_one(db, "SELECT status FROM document WHERE original_name = 'contract.pdf'") == "reviewed"
        assert any("is not linked to anything yet" in t for t in toasts(app))


async def test_what_the_services_say_names_the_key_not_a_command(inbox_db, tmp_path):
    db = inbox_db
    number = add_one(db, "clerk", write(tmp_path, "scan.pdf", make_pdf(["Invoice 17"])),
                     doc_type="supplier_invoice").number
    app = documents_app(db, "acc")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_documents(app, pilot)
        row = next(r for r in screen.table().rows_data if r.number == number)
        assert "boclerk doc link" in row.reason  # as the service stored it
        why = screen.doc_cells(row)["why"]
        assert "(key l)" in why and "boclerk doc link" not in why, why
        await keys(app, pilot, "v")
        unmatched = next(r for r in screen.table().rows_data if r.status == "unmatched")
        why = screen.line_cells(unmatched)["why"]
        assert "(key m)" in why and "(key i)" in why and "boclerk bank" not in why, why
        assert "boclerk bank" not in screen_text(app)
        use("ru")
        assert "(клавиша m)" in screen.line_cells(unmatched)["why"]


def test_a_refusal_naming_a_command_names_the_key_instead():
    def refuses():
        raise Refused("Enter the bill, then run: boclerk doc process DOC-2026-000007. Or link it "
                      "(boclerk doc link DOC-2026-000007 BILL-...).")

    with pytest.raises(Refused) as caught:
        keyed_refusals(refuses)()
    assert caught.value.message == "Enter the bill, then press p. Or link it (key l)."
    # a command the screen has no key for stays as it is
    assert keyed("Approve it first (boclerk purchase approve BILL-1).") == \
        "Approve it first (boclerk purchase approve BILL-1)."
    assert keyed("Match it by hand (boclerk bank match 5 SO-..., BILL-... or fee) or set it aside "
                 "(boclerk bank ignore 5).") == "Match it by hand (key m) or set it aside (key i)."


async def test_a_document_is_followed_to_the_bill_it_concerns(inbox_db):
    from boclerk.tui.purchases.detail import BillDetailScreen

    from boclerk.tui.partners.card import PartnerCardScreen

    db = inbox_db
    contract = sql_one(db, "SELECT number FROM document WHERE original_name = 'contract.pdf'")
    app = documents_app(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_documents(app, pilot)
        screen.table().move_cursor(row=[r.number for r in screen.table().rows_data].index(contract))
        await keys(app, pilot, "o")  # linked to nothing yet: said so
        assert f"{contract} is not linked to any record yet: l links it." in toasts(app)
        act(db, "clerk", link, contract, "customer:ANNA")
        await keys(app, pilot, "o")  # a partner: its card
        assert isinstance(app.screen, PartnerCardScreen) and app.screen.code == "ANNA"
        await keys(app, pilot, "escape")
        act(db, "clerk", link, contract, db.bill)  # a bill comes before a partner
        await keys(app, pilot, "o")
        assert isinstance(app.screen, BillDetailScreen) and app.screen.number == db.bill
        assert app.current_mode == "purchases"


DAY = date(2026, 3, 20)


@pytest.fixture
def partial_db(db, tmp_path):
    """ANNA's order of 2 400.00 paid 1 000.00 by the bank, and a deposit of 12 500.00 the landlord refunds."""
    set_day(db, DAY)
    shop(db)
    db.so1 = confirmed(db, "ANNA", ("MUG", 2))
    add_one(db, "clerk", write(tmp_path, "bank.txt", statement_1c([
        Pay("1000.00", f"Оплата по заказу {db.so1}", "Анна Петрова", number="1"),
        Pay("12500.00", "Возврат обеспечительного платежа", "ООО Арендодатель", "7700000000", number="2")])))
    return db


async def test_bank_lines_show_date_purpose_and_a_partial_payment(partial_db):
    db = partial_db
    app = documents_app(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_documents(app, pilot)
        await keys(app, pilot, "v")
        shown = screen_text(app)
        assert "15.03.2026" in shown and "Оплата по" in shown
        assert "partial" in shown and "1 partial" in shown
        cells = screen.line_cells(screen.table().rows_data[0])
        assert cells["status"] == "partial" and cells["why"].replace("\xa0", " ").startswith("Partial: pays 1 000,00 of 2 400,00 open.")
        assert screen.line_cells(screen.table().rows_data[1])["status"] == "unmatched"
        use("ru")
        assert screen.line_cells(screen.table().rows_data[0])["status"] == "частично"


async def test_a_bank_fee_is_named_in_words_not_by_its_code(db, tmp_path):
    set_day(db, DAY)
    shop(db)
    add_one(db, "clerk", write(tmp_path, "fee.txt", statement_1c([
        Pay("-150.00", "Комиссия банка за ведение счета", "ПАО СБЕРБАНК", "7707083893", number="1")])))
    app = documents_app(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_documents(app, pilot)
        await keys(app, pilot, "v")
        row = screen.table().rows_data[0]
        assert row.match == "fee" and screen.line_cells(row)["match"] == "bank fee"
        use("ru")
        assert screen.line_cells(row)["match"] == "комиссия банка"


async def test_confirm_all_says_how_many_lines_and_how_much_before_and_after(partial_db):
    db = partial_db
    app = documents_app(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_documents(app, pilot)
        await keys(app, pilot, "v", "A")
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question.replace("\xa0", " ").startswith("Confirm 1 line: 1 000,00? Each payment is posted")
        await keys(app, pilot, "n")
        assert sql_one(db, "SELECT paid FROM sales_order WHERE number = :n", n=db.so1) == 0
        await keys(app, pilot, "A", "y")
        assert sql_one(db, "SELECT paid FROM sales_order WHERE number = :n", n=db.so1) == 100000
        assert "1 line posted: 1 000,00." in [t.replace("\xa0", " ") for t in toasts(app)]
        await keys(app, pilot, "A")  # nothing left to confirm: said, nothing asked
        assert not isinstance(app.screen, ConfirmDialog)
        assert "No proposed matches to confirm." in toasts(app)


async def test_a_line_that_pays_nothing_known_is_posted_to_an_account_with_a_memo(partial_db):
    db = partial_db
    app = documents_app(db, "acc")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_documents(app, pilot)
        await keys(app, pilot, "v", "down")
        assert screen.current.amount == 1250000
        await keys(app, pilot, "t")
        assert isinstance(app.screen, PostToAccountDialog)
        await type_in(app, pilot, "other")  # looked up by name: 5900 Other expenses
        assert "5900 Other expenses" in str(app.screen.query_one("#post-matches").render())
        await keys(app, pilot, "enter")
        assert app.screen.query_one("#post-account").value == "5900"
        await keys(app, pilot, "enter")  # no memo yet: said, nothing posted
        assert isinstance(app.screen, PostToAccountDialog)
        await type_in(app, pilot, "Deposit")
        await keys(app, pilot, "enter")
        assert not isinstance(app.screen, PostToAccountDialog)
        assert sql(db, "SELECT l.status, e.memo FROM bank_line l JOIN journal_entry e ON e.id = l.entry_id "
                       "WHERE l.amount = 1250000") == [("confirmed", "Deposit")]
        assert [r.amount for r in screen.table().rows_data] == [100000]
        assert any("posted to 5900" in t for t in toasts(app))
    app = documents_app(db, "clerk")  # an accountant's act: a clerk is not offered it
    async with app.run_test(size=(80, 24)) as pilot:
        await open_documents(app, pilot)
        await keys(app, pilot, "v")
        assert "post_account" not in offered(app)
    assert_sound(db)
