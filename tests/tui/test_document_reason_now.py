"""A waiting e-invoice's card works out again why it waits, from its file and the books as they are
now, in the books' words of today: the stored reason stays as it was written (a language change,
a supplier added since), the card says what trying again would meet first."""

from __future__ import annotations

from datetime import date

from boclerk.i18n import translations
from boclerk.services.documents.waiting import NOT_READABLE, READY, document_now
from boclerk.tui.documents.screen import DocumentDetailScreen
from tests.services.doc_samples import Item, add_one, make_pdf, upd, write
from tests.services.trade_helpers import add_supplier, po, read, set_company, set_day, shop, sql_one
from tests.tui.helpers import screen_text
from tests.tui.test_documents_screen import document_store, documents_app, keys, open_documents  # noqa: F401

DAY = date(2026, 3, 20)
MUGS = [Item("Кружка фарфоровая", "MUG", "10", "500.00")]
#: a valid INN no supplier of the shop has
NEW_INN = "7736207543"


def _new_suppliers_upd(db, tmp_path):
    set_day(db, DAY)
    shop(db)
    set_company(db, locale="en", language="en")  # the books in English when the UPD came
    res = add_one(db, "clerk", write(tmp_path, "upd.xml", upd("55/3", "05.03.2026", NEW_INN, MUGS,
                                                              seller="ООО Новый")))
    assert res.bill is None, res.message
    return res.number


def test_the_card_says_why_it_waits_now_not_what_was_stored(db, tmp_path):
    number = _new_suppliers_upd(db, tmp_path)
    stored = sql_one(db, "SELECT reason FROM document WHERE number = :n", n=number)
    assert stored.startswith(f"No supplier has tax id {NEW_INN}"), stored
    assert read(db, "viewer", document_now, number).reason == stored  # nothing changed: as stored
    add_supplier(db, "NEW", "ООО Новый", tax_id=NEW_INN)  # the supplier is there now; no PO of it is
    now = read(db, "viewer", document_now, number).reason
    assert now.startswith("No open purchase order of NEW has the invoice's lines"), now
    assert sql_one(db, "SELECT reason FROM document WHERE number = :n", n=number) == stored  # a read writes nothing
    po(db, "NEW", ("MUG", 10, 50000))  # sent, not received: the bill is tried, and only trying tells
    ready = read(db, "viewer", document_now, number).reason
    assert ready == READY.format(number=number, reason=stored), ready


def test_the_card_says_it_in_the_books_language_of_today(db, tmp_path):
    number = _new_suppliers_upd(db, tmp_path)
    set_company(db, locale="ru", language="ru")
    now = read(db, "viewer", document_now, number).reason
    assert now.startswith(f"Ни у одного поставщика нет ИНН {NEW_INN}"), now
    assert sql_one(db, "SELECT reason FROM document WHERE number = :n", n=number).startswith("No supplier has")


def test_a_scan_filed_as_an_invoice_keeps_saying_it_cannot_be_read(db, tmp_path):
    set_day(db, DAY)
    shop(db)
    number = add_one(db, "clerk", write(tmp_path, "scan.pdf", make_pdf(["Invoice 17"])),
                     doc_type="supplier_invoice").number
    set_company(db, locale="ru", language="ru")
    assert read(db, "viewer", document_now, number).reason == \
        translations("ru").gettext(NOT_READABLE).format(number=number)


async def test_the_documents_card_and_pane_show_the_reason_of_today(db, tmp_path):
    number = _new_suppliers_upd(db, tmp_path)
    add_supplier(db, "NEW", "ООО Новый", tax_id=NEW_INN)
    app = documents_app(db, "clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await open_documents(app, pilot)
        assert "No open purchase order of NEW" in screen_text(app)  # the pane beside the list
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, DocumentDetailScreen)
        shown = screen_text(app)
        assert "No open purchase order of NEW" in shown and "No supplier has tax id" not in shown
