"""The last stored texts in the language of the books (company.language), whatever the clerk's
interface speaks: a bill's hold reason (held, set aside, reversed), an item of equipment's
history, and a bank line's reason naming a bill's state. Amounts and figures in them are
written as the shop's locale writes them. A hold reason stored in English before the books had
a language of their own reads in their words wherever it is shown."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.errors import Refused
from boclerk.i18n import use
from boclerk.services.documents.bank import bank_queue
from boclerk.services.purchasing.bills import BillLineInput as L
from boclerk.services.purchasing.bills import enter_bill, reject_bill
from boclerk.services.purchasing.corrections import reverse_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.purchasing.queries import bill_detail, list_bills, po_detail
from boclerk.services.quality.queues import queue
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Item,
    Pay,
    add_one,
    document_store,
    statement_1c,
    upd,
    write,
)
from tests.services.trade_helpers import act, bill_row, execute, po, read, set_company, set_day, shop

DAY = date(2026, 3, 16)
#: (the books' locale and language, the clerk's interface language)
SHOPS = [("ru", "en"), ("en", "ru")]


@pytest.fixture
def bought(db):
    """ACME's PO for 10 mugs at 5 000.00 and 5 lamps at 1 000.00: all mugs and 3 lamps received."""
    set_day(db, DAY)
    shop(db)
    db.po = po(db, "ACME", ("MUG", 10, 500000), ("LAMP", 5, 100000))
    act(db, "wh", receive_po, db.po, [("MUG", 10), ("LAMP", 3)])
    return db


def _books(db, books: str, clerk: str) -> None:
    set_company(db, locale=books, language=books)
    use(clerk)  # conftest puts English back after the test


HELD = {
    "ru": "LAMP: в счёте 5, получено и не выставлено 3; MUG: цена 5\xa0200,00 против согласованной 5\xa0000,00 "
          "(+4,0%); KETTLE нет в {po}",
    "en": "LAMP: billed 5, received and not yet billed 3; MUG: price 5,200.00 against 5,000.00 agreed (+4.0%); "
          "KETTLE is not on {po}",
}


@pytest.mark.parametrize(("books", "clerk"), SHOPS)
def test_a_held_bill_s_reason_is_written_in_the_books_words_and_read_as_written(bought, books, clerk):
    db = bought
    _books(db, books, clerk)
    res = act(db, "clerk", enter_bill, db.po, "INV-1", DAY,
              lines=[L("LAMP", 5, 100000), L("MUG", 10, 520000), L("KETTLE", 1, 40000)])
    wanted = HELD[books].format(po=db.po)
    assert (res.status, res.hold_reason, bill_row(db, res.number)["hold_reason"]) == ("held", wanted, wanted)
    # what every face reads: the bill's card, the PO's card, the list, the queue of held bills
    assert read(db, "viewer", bill_detail, res.number).bill.hold_reason == wanted
    assert read(db, "viewer", po_detail, db.po).bills[0].hold_reason == wanted
    assert [b.hold_reason for b in read(db, "viewer", list_bills, status="held")] == [wanted]
    [item] = read(db, "viewer", queue, "bills_held").items
    assert item.detail == f"Acme Supplies: {wanted}"


@pytest.mark.parametrize(("books", "clerk", "wanted"), [
    ("ru", "en", "сторнирован проводкой {entry}: booked twice"),
    ("en", "ru", "reversed by {entry}: booked twice"),
], ids=["ru-books", "en-books"])
def test_a_reversed_bill_says_so_in_the_books_words(bought, books, clerk, wanted):
    db = bought
    _books(db, books, clerk)
    posted = act(db, "clerk", enter_bill, db.po, "INV-2", DAY, lines=[L("MUG", 10, 500000)])
    assert posted.status == "posted"
    res = act(db, "acc", reverse_bill, posted.number, "booked twice")
    assert bill_row(db, posted.number)["hold_reason"] == wanted.format(entry=res.entry)


#: a reason as it was stored before the books had a language: English, plain figures
OLD = "MUG: price 5200.00 against 5000.00 agreed (+4.0%); LAMP: price 10.00 against 0.00 agreed (new); {note}"
OLD_READ = {
    "ru": "MUG: цена 5\xa0200,00 против согласованной 5\xa0000,00 (+4,0%); LAMP: цена 10,00 против согласованной "
          "0,00 (новая цена); {note}",
    "en": "MUG: price 5,200.00 against 5,000.00 agreed (+4.0%); LAMP: price 10.00 against 0.00 agreed (new price); "
          "{note}",
}


@pytest.mark.parametrize(("books", "clerk"), SHOPS)
def test_a_reason_stored_in_english_before_reads_in_the_books_words(bought, books, clerk, tmp_path):
    """Old rows stay as they were written; each reader says their known parts in the books' words
    (a part of no known shape, what a person typed, as it is), and a bank line naming the bill too."""
    db = bought
    _books(db, books, clerk)
    res = act(db, "clerk", enter_bill, db.po, "INV-3", DAY, lines=[L("MUG", 10, 520000)])
    old = OLD.format(note="checked by Olga")
    execute(db, "UPDATE supplier_bill SET hold_reason = :r WHERE number = :n", r=old, n=res.number)
    wanted = OLD_READ[books].format(note="checked by Olga")
    assert bill_row(db, res.number)["hold_reason"] == old  # no migration: the row stays as written
    assert read(db, "viewer", bill_detail, res.number).bill.hold_reason == wanted
    assert [b.hold_reason for b in read(db, "viewer", list_bills, status="held")] == [wanted]
    assert read(db, "viewer", queue, "bills_held").items[0].detail == f"Acme Supplies: {wanted}"
    add_one(db, "clerk", write(tmp_path, "s.txt", statement_1c([
        Pay("-63440.00", f"Оплата по счету {res.number}", "ACME", "7707083893")])))
    [line] = read(db, "acc", bank_queue)
    assert wanted[:120] in line.reason


@pytest.mark.parametrize(("books", "clerk", "wanted"), [
    ("ru", "en", "сторнирован проводкой JE-2026-000009: заменён исправлением 2 (DOC-2026-000001)"),
    ("en", "ru", "reversed by JE-2026-000009: replaced by correction 2 (DOC-2026-000001)"),
], ids=["ru-books", "en-books"])
def test_an_old_reversal_for_a_correction_reads_in_the_books_words(bought, books, clerk, wanted):
    db = bought
    _books(db, books, clerk)
    res = act(db, "clerk", enter_bill, db.po, "INV-4", DAY, lines=[L("MUG", 10, 520000)])
    execute(db, "UPDATE supplier_bill SET hold_reason = :r WHERE number = :n", n=res.number,
            r="reversed by JE-2026-000009: replaced by correction 2 (DOC-2026-000001)")
    assert read(db, "viewer", bill_detail, res.number).bill.hold_reason == wanted


@pytest.mark.parametrize(("books", "clerk", "state"), [("ru", "en", "{bill}: отклонён"), ("en", "ru", "{bill} is rejected")],
                         ids=["ru-books", "en-books"])
def test_a_bank_line_names_a_bill_s_state_in_the_books_words(bought, books, clerk, state, tmp_path):
    db = bought
    _books(db, books, clerk)
    res = act(db, "clerk", enter_bill, db.po, "INV-5", DAY, lines=[L("MUG", 10, 520000)])
    act(db, "acc", reject_bill, res.number, "wrong price")
    add_one(db, "clerk", write(tmp_path, "s.txt", statement_1c([
        Pay("-63440.00", f"Оплата по счету {res.number}", "ACME", "7707083893")])))
    [line] = read(db, "acc", bank_queue)
    assert state.format(bill=res.number) in line.reason, line.reason


EVENTS = {
    "ru": [("registered", "принят на учёт в SALES, закреплён за PETROV, 201"),
           ("moved", "ответственный PETROV -> KOZLOVA; помещение 201 -> 305; подразделение SALES -> IT"),
           ("condition", "в работе -> нужен ремонт (wobbles)"),
           ("planned", "Service каждый 1 месяц, впервые 10.01.2027"),
           ("planned", "Filter каждые 3 месяца, впервые 10.03.2027"),
           ("planned", "Audit каждые 12 месяцев, впервые 10.12.2027")],
    "en": [("registered", "registered in SALES, held by PETROV, 201"),
           ("moved", "holder PETROV -> KOZLOVA; room 201 -> 305; department SALES -> IT"),
           ("condition", "in use -> needs repair (wobbles)"),
           ("planned", "Service every 1 month, first due 1/10/2027"),
           ("planned", "Filter every 3 months, first due 3/10/2027"),
           ("planned", "Audit every 12 months, first due 12/10/2027")],
}


ALREADY = {"en": "{number} is already in the condition 'needs repair'.", "ru": "{number} уже в состоянии «нужен ремонт»."}


@pytest.mark.parametrize(("books", "clerk"), SHOPS)
def test_an_item_s_history_is_written_in_the_books_words(db, books, clerk):
    from boclerk.services.office.equipment import move, register, set_condition
    from boclerk.services.office.equipment_view import equipment_detail
    from boclerk.services.office.maintenance import add_plan
    from tests.services.office_helpers import office

    office(db, day=date(2026, 12, 10))
    _books(db, books, clerk)
    item = act(db, "clerk", register, "Desk chair", department="SALES", cost=900000, holder="PETROV", location="201")
    act(db, "wh", move, item.number, holder="KOZLOVA", location="305", department="IT")
    act(db, "clerk", set_condition, item.number, "needs_repair", note="wobbles")
    for what, months in (("Service", 1), ("Filter", 3), ("Audit", 12)):
        act(db, "clerk", add_plan, item.number, what, months)
    d = read(db, "viewer", equipment_detail, item.number)
    assert [(e.kind, e.what) for e in d.events] == EVENTS[books]
    # a refusal is the clerk's: the condition it names in the clerk's words, not its code
    with pytest.raises(Refused) as refusal:
        act(db, "clerk", set_condition, item.number, "needs repair")
    assert str(refusal.value) == ALREADY[clerk].format(number=item.number)


WAITS = {
    "ru": ("Ни у одного поставщика нет ИНН 7712345671 (ООО Новый); добавьте поставщика",
           "Строка 1 (Кружка): количество -2,5 нельзя выставить в счёте; введите счёт вручную"),
    "en": ("No supplier has tax id 7712345671 (ООО Новый); add it",
           "Line 1 (Кружка): a quantity of -2.5 cannot be billed; enter the bill by hand"),
}


@pytest.mark.parametrize(("books", "clerk"), SHOPS)
def test_a_waiting_document_s_reason_is_written_in_the_books_words(bought, books, clerk, tmp_path):
    """Why a document waits is stored in the books' words, a quantity in it as the shop's locale
    writes it; the clerk who brought it is told the same reason, as stored."""
    from boclerk.services.documents.queries import show_document

    db = bought
    _books(db, books, clerk)
    stranger = add_one(db, "clerk", write(tmp_path, "s.xml", upd("77", "16.03.2026", "7712345671",
                                                                  [Item("Кружка", "MUG", "1", "500.00")],
                                                                  seller="ООО Новый")))
    minus = add_one(db, "clerk", write(tmp_path, "m.xml", upd("78", "16.03.2026", "7707083893",
                                                               [Item("Кружка", "MUG", "-2.5", "500.00")], order=db.po)))
    for res, wanted in zip((stranger, minus), WAITS[books], strict=True):
        reason = read(db, "viewer", show_document, res.number).reason
        assert res.bill is None and reason.startswith(wanted), reason
        assert reason in res.message
