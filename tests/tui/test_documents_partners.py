"""The Documents list names a document's partner by name (the card already did: "Supplier Acme
Supplies (ACME)"), read with the page, never the bare code; a document waiting for a bill entered
by hand says where the app enters it; a registered file's type is said in words."""

from __future__ import annotations

from boclerk.i18n import use
from boclerk.services.documents.queries import documents_of, list_documents, search_documents
from boclerk.tui.documents.keyed import keyed
from tests.services.doc_samples import add_one, make_pdf, write
from tests.services.trade_helpers import read
from tests.tui.helpers import screen_text
from tests.tui.test_documents_screen import (  # noqa: F401  (fixtures)
    document_store,
    documents_app,
    inbox_db,
    keys,
    open_documents,
)


def test_a_page_of_documents_carries_each_partners_name(inbox_db, tmp_path):
    db = inbox_db
    mine = add_one(db, "clerk", write(tmp_path, "acme.pdf", make_pdf(["Acme delivery note 5"])),
                   counterparty="supplier:ACME", links=["supplier:ACME"]).number
    theirs = add_one(db, "clerk", write(tmp_path, "anna.pdf", make_pdf(["Anna's claim"])),
                     counterparty="customer:ANNA").number
    rows = {r.number: r for r in read(db, "viewer", list_documents)}
    assert (rows[mine].counterparty, rows[mine].counterparty_name) == ("supplier:ACME", "Acme Supplies")
    assert (rows[theirs].counterparty, rows[theirs].counterparty_name) == ("customer:ANNA", "Anna Petrova")
    assert rows[db.statement].counterparty_name == ""
    older = read(db, "viewer", list_documents, before_id=rows[theirs].id, limit=1)  # a page by key names them too
    assert [(r.number, r.counterparty_name) for r in older] == [(mine, "Acme Supplies")]
    newer = read(db, "viewer", list_documents, after_id=rows[mine].id, limit=1)
    assert [(r.number, r.counterparty_name) for r in newer] == [(theirs, "Anna Petrova")]
    assert [r.counterparty_name for r in read(db, "viewer", documents_of, "supplier:ACME")] == ["Acme Supplies"]
    assert [(r.number, r.counterparty_name) for r in read(db, "viewer", search_documents, "acme delivery")] == \
        [(mine, "Acme Supplies")]


async def test_the_list_shows_the_partners_name_at_80_columns(inbox_db, tmp_path):
    db = inbox_db
    add_one(db, "clerk", write(tmp_path, "acme.pdf", make_pdf(["Acme delivery note 5"])),
            counterparty="supplier:ACME")
    app = documents_app(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_documents(app, pilot)
        shown = screen_text(app)
        assert "Acme Supplies" in shown, shown
        assert " ACME " not in shown
        assert screen.doc_cells(screen.current)["counterparty"] == "Acme Supplies"


def test_a_bill_entered_by_hand_is_said_where_the_app_enters_it():
    stored = ("The invoice is in USD; ACME bills in RUB: enter the bill by hand (boclerk purchase bill PO-... "
              "--number ... --date ... --line ...) and link this document to it (boclerk doc link DOC-2026-000004 "
              "BILL-...)")
    assert keyed(stored) == ("The invoice is in USD; ACME bills in RUB: enter the bill by hand (key b on its purchase "
                             "order, screen 4 Purchases) and link this document to it (key l)")
    assert keyed("DOC-2026-000004 has already become the bill BILL-2026-000001 (boclerk purchase bill-show "
                 "BILL-2026-000001).") == "DOC-2026-000004 has already become the bill BILL-2026-000001 (key o follows it)."
    use("ru")
    said = keyed("введите счёт вручную (boclerk purchase bill PO-... --number ... --date ... --line ...) и свяжите с "
                 "ним этот документ (boclerk doc link DOC-2026-000004 BILL-...)")
    assert said == ("введите счёт вручную (клавиша b на его заказе поставщику, экран 4 «Закупки») и свяжите с ним "
                    "этот документ (клавиша l)")


def test_a_registered_files_type_is_said_in_words(inbox_db, tmp_path):
    db = inbox_db
    use("ru")
    res = add_one(db, "clerk", write(tmp_path, "scan.pdf", make_pdf(["Invoice 17"])), doc_type="supplier_invoice")
    assert f"как {res.number} (счёт пост.)" in res.message, res.message
    assert "supplier invoice" not in res.message
