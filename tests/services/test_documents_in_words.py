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
    assert res.message.endswith({"en": "which is now posted.", "ru": "теперь он проведён."}[clerk]), \
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


@pytest.mark.parametrize(("books", "clerk"), SHOPS)
def test_a_waiting_document_quotes_a_check_s_refusal_in_the_books_words(db, tmp_path, books, clerk):
    """The tax id's check, the unit's and the bill's own refusal, quoted in the reason a document
    waits with, are said in the books' words as the rest of it is; the clerk is told it as stored."""
    set_day(db, DAY)
    shop(db)
    db.po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.po)
    _books(db, books, clerk)
    day = {"ru": "21.03.2026", "en": "3/21/2026"}[books]
    cases = [
        (upd("77", "16.03.2026", "7712345670", MUGS, seller="ООО Новый"),  # the INN's check digits are wrong
         _in(books, "'{raw}' is not a valid INN: its check digits do not match.", raw="7712345670").rstrip(".")),
        (upd("78", "16.03.2026", "7707083893", [Item("Кружка фарфоровая", "MUG", "2.5", "500.00")], order=db.po),
         _in(books, "{what}: {message}", what=_in(books, "Line {line_no}", line_no=1),
             message=_in(books, "'{shown}' is not a whole number, and {unit} is counted in whole units.", shown={"ru": "2,5", "en": "2.5"}[books],
                         unit="MUG ({})".format({"ru": "шт", "en": "pcs"}[books]))).rstrip(".")),
        (upd("79", "21.03.2026", "7707083893", MUGS, order=db.po),  # dated after today
         _in(books, "The bill could not be entered: {message}",
             message=_in(books, "The bill date {bill_date} is in the future.", bill_date=day))),
    ]
    for i, (data, wanted) in enumerate(cases):
        res = add_one(db, "clerk", write(tmp_path, f"{i}.xml", data))
        reason = read(db, "viewer", show_document, res.number).reason
        assert res.bill is None and wanted in reason, reason
        assert reason in res.message


@pytest.mark.parametrize(("books", "clerk"), SHOPS)
def test_a_note_that_cannot_be_entered_waits_with_the_refusal_in_the_books_words(billed, tmp_path, books, clerk):
    db = billed
    _books(db, books, clerk)
    data = ukd("К-14", "25.03.2026", "7707083893", "ЭС-417", "05.03.2026",  # dated after today
               [Change("Кружка фарфоровая", "MUG", "10", "500.00", "10", "450.00")])
    res = add_one(db, "clerk", write(tmp_path, "ukd.xml", data))
    reason = read(db, "viewer", show_document, res.number).reason
    refusal = _in(books, "The note date {note_date} is in the future.",
                  note_date="25.03.2026" if books == "ru" else "3/25/2026")
    assert res.bill is None and reason.endswith(refusal), reason
    assert reason in res.message


@pytest.mark.parametrize(("books", "clerk"), SHOPS)
def test_a_proposal_that_no_longer_fits_goes_back_with_the_refusal_in_the_books_words(db, tmp_path, books, clerk):
    from boclerk.services.documents.bank import bank_queue
    from boclerk.services.documents.bank_confirm import confirm_all_proposed
    from boclerk.services.sales.orders import cancel_order
    from tests.services.doc_samples import Pay, statement_1c

    set_day(db, DAY)
    shop(db)
    so = confirmed(db, "ANNA", ("MUG", 2))
    _books(db, books, clerk)
    add_one(db, "clerk", write(tmp_path, "s.txt", statement_1c([Pay("2400.00", f"Оплата по заказу {so}", "Анна Петрова")])))
    act(db, "clerk", cancel_order, so)
    [result] = act(db, "acc", confirm_all_proposed)
    [line] = read(db, "acc", bank_queue)
    refusal = {"ru": f"Нельзя принять оплату по {so}: статус — уже отменён. Можно, когда заказ не отменён.",
               "en": f"Cannot take a payment on {so}: it is already cancelled. Possible when the order is not "
                     "cancelled."}[books]
    said = _in(books, "Could not post the proposed match: {message}", message="")
    assert not result.ok and line.reason == said + refusal, line.reason

