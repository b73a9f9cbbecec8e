"""A document's card names the records it concerns (their kind, number, a partner's name and code)
and keeps their keys as data; what the documents' services store is in the books' words
(company.language) whatever the clerk who brought the document in speaks: a credit or debit
note's own reason, a reconciliation statement's line for it, and a waiting document's reason in
full, with the refusal of the check it quotes."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.i18n import translations, use
from boclerk.services.documents.queries import show_document
from boclerk.services.ledger.statements import statement, statement_data
from boclerk.services.purchasing.orders import receive_po
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Change,
    Item,
    add_one,
    document_store,
    ukd,
    upd,
    write,
)
from tests.services.trade_helpers import act, confirmed, po, read, set_company, set_day, shop, sql

DAY = date(2026, 3, 20)
MUGS = [Item("Кружка фарфоровая", "MUG", "10", "500.00")]
#: (the books' locale and language, the clerk's interface language)
SHOPS = [("ru", "en"), ("en", "ru")]


@pytest.fixture
def billed(db, tmp_path):
    """ACME's UPD ЭС-417 for 10 mugs at 500.00 + 20%, posted as BILL-2026-000001 against its PO."""
    set_day(db, DAY)
    shop(db)
    db.po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.po)
    db.upd = add_one(db, "clerk", write(tmp_path, "upd.xml", upd("ЭС-417", "05.03.2026", "7707083893", MUGS,
                                                                 order=db.po)))
    assert db.upd.bill == "BILL-2026-000001", db.upd.message
    return db


def _books(db, books: str, clerk: str) -> None:
    set_company(db, locale=books, language=books)
    use(clerk)  # conftest puts English back after the test


def _in(books: str, msgid: str, **fields) -> str:
    """``msgid`` as the catalogue of ``books`` says it."""
    return translations(books).gettext(msgid).format(**fields)


def test_a_document_s_links_carry_each_record_s_kind_key_and_name(billed):
    db = billed
    so = confirmed(db, "ANNA", ("MUG", 1))
    from boclerk.services.documents.register import link

    act(db, "clerk", link, db.upd.number, so)
    act(db, "clerk", link, db.upd.number, "customer:ANNA")
    d = read(db, "viewer", show_document, db.upd.number)
    assert (d.counterparty, d.counterparty_name) == ("supplier:ACME", "Acme Supplies")
    assert d.links == ["BILL-2026-000001", db.po, so, "customer:ANNA", "supplier:ACME"]  # the keys, as before
    assert [(r.kind, r.key, r.name) for r in d.linked] == [
        ("bill", "BILL-2026-000001", ""), ("po", db.po, ""), ("order", so, ""),
        ("customer", "customer:ANNA", "Anna Petrova"), ("supplier", "supplier:ACME", "Acme Supplies")]


@pytest.mark.parametrize(("books", "clerk"), SHOPS)
def test_a_credit_note_s_reason_and_its_statement_line_are_in_the_books_words(billed, tmp_path, books, clerk):
    db = billed
    _books(db, books, clerk)
    data = ukd("К-12", "10.03.2026", "7707083893", "ЭС-417", "05.03.2026",
               [Change("Кружка фарфоровая", "MUG", "10", "500.00", "10", "450.00")])
    res = add_one(db, "clerk", write(tmp_path, "ukd.xml", data))
    assert res.bill == "BILL-2026-000001", res.message
    kind = {"ru": "корректировочный документ (УКД)", "en": "correction document (УКД)"}[books]
    assert sql(db, "SELECT number, reason FROM supplier_note") == [("NOTE-2026-000001", f"{kind} К-12")]
    # the clerk is told the bill's state in their own words, not its code
    assert res.message.endswith({"en": "which is now posted.", "ru": "теперь он в состоянии проведён."}[clerk]), \
        res.message
    with db.read("viewer") as uow:
        st = statement(uow, "supplier", "ACME", date(2026, 3, 1), date(2026, 3, 31))
        lines = [x.text for x in statement_data(uow, st, books, books).lines]
    assert lines[-1] == {"ru": "Корректировка (уменьшение), NOTE-2026-000001 (К-12) к счёту BILL-2026-000001",
                         "en": "Credit note NOTE-2026-000001 (К-12) on BILL-2026-000001"}[books], lines
    assert [(r.kind, r.document, r.bill) for r in st.rows][-1] == ("note", "NOTE-2026-000001 (К-12)", "BILL-2026-000001")


def test_a_debit_note_s_statement_line_says_it_raises_the_bill(billed, tmp_path):
    db = billed
    data = ukd("К-13", "10.03.2026", "7707083893", "ЭС-417", "05.03.2026",
               [Change("Кружка фарфоровая", "MUG", "10", "500.00", "10", "550.00")])
    assert add_one(db, "clerk", write(tmp_path, "ukd.xml", data)).bill == "BILL-2026-000001"
    with db.read("viewer") as uow:
        st = statement(uow, "supplier", "ACME", date(2026, 3, 1), date(2026, 3, 31))
        assert statement_data(uow, st, "ru", "ru").lines[-1].text == \
            "Корректировка (увеличение), NOTE-2026-000001 (К-13) к счёту BILL-2026-000001"
        assert statement_data(uow, st, "en", "en").lines[-1].text == \
            "Debit note NOTE-2026-000001 (К-13) on BILL-2026-000001"
