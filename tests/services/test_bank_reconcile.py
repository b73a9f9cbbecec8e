"""Bank statements: lines kept once by fingerprint, matched to orders, bills and fees, confirmed
by a clerk and posted once through the order and purchase services; what nobody can match waits
in the queue with the reason."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.errors import InvalidInput, NotFound, NotPermitted, Refused
from boclerk.services.documents.bank import (
    bank_queue,
    confirm_line,
    ignore_line,
    match_line,
)
from boclerk.services.documents.bank_confirm import confirm_all_proposed
from boclerk.services.documents.matching_sets import rematch
from boclerk.services.documents.queries import show_document
from boclerk.services.ledger.book import set_lock_date
from boclerk.services.purchasing.bills import approve_bill, enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.sales.orders import cancel_order
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Pay,
    add_one,
    camt_statement,
    document_store,
    statement_1c,
    write,
)
from tests.services.trade_helpers import (
    AP,
    BANK,
    act,
    assert_sound,
    audit_actions,
    bill_row,
    changed_tables,
    confirmed,
    entry_count,
    entry_date,
    entry_lines,
    order_row,
    po,
    read,
    set_company,
    set_day,
    shop,
    snapshot,
    sql,
    sql_one,
)

DAY = date(2026, 3, 20)
FEES = "5400"  # bank fees in the seeded chart


@pytest.fixture
def books(db):
    """Two confirmed orders (ANNA 2 400.00, BORIS 3 000.00) and ACME's posted bill for 6 100.00 (5 000.00 and 22% VAT)."""
    set_day(db, DAY)
    shop(db)
    set_company(db, language="en")  # the books speak English, as these tests read the reasons
    db.so1 = confirmed(db, "ANNA", ("MUG", 2))
    db.so2 = confirmed(db, "BORIS", ("LAMP", 1))
    db.po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.po)
    db.bill = act(db, "clerk", enter_bill, db.po, "ЭС-000417", date(2026, 3, 5)).number
    return db


def month(db) -> list[Pay]:
    return [
        Pay("2400.00", f"Оплата по заказу {db.so1}", "Анна Петрова", "500100732259", number="11"),
        Pay("3000.00", "Оплата за лампу", "IVANOV BORIS", number="12"),
        Pay("-6100.00", "Оплата по счету ЭС-000417 за товар", 'ООО "Поставщик"', "7707083893", number="13"),
        Pay("-150.00", "Комиссия банка за ведение счета", "ПАО СБЕРБАНК", "7707083893", number="14"),
        Pay("999.00", "Возврат займа", "ООО Неизвестный", "7700000000", number="15"),
    ]


def queue(db, status=None):
    return {r.line_no: (r.status, r.match, r.reason) for r in read(db, "acc", bank_queue, status=status)}


def test_a_statement_is_matched_confirmed_and_posted_once(books, tmp_path):
    db = books
    res = add_one(db, "clerk", write(tmp_path, "stmt.txt", statement_1c(month(db))))
    assert res.message == ("Registered stmt.txt as DOC-2026-000001 (bank statement, 1CClientBankExchange): 5 new bank line(s), 4 with a "
                           "proposed match, 1 waiting in the queue.")
    assert (res.doc_type, res.status, res.bank_lines, res.proposed) == ("bank_statement", "filed", 5, 4)
    assert queue(db) == {
        1: ("proposed", db.so1, f"Proposed: order {db.so1} named in the purpose."),
        2: ("proposed", db.so2, f"Proposed: order {db.so2} of BORIS is due exactly this amount from this payer."),
        3: ("proposed", db.bill, f"Proposed: bill {db.bill} of ACME (tax id 7707083893), by its invoice number in "
                                 "the purpose and the amount."),
        4: ("proposed", "fee", "Proposed: a bank fee (by the words of the purpose)."),
        5: ("unmatched", "", "No match: the purpose names no order (SO-...) and no open order of a customer named "
                             "like 'ООО Неизвестный' is due 999,00. Match it by hand (boclerk bank match 5 SO-..., "
                             "BILL-... or fee) or set it aside (boclerk bank ignore 5)."),
    }
    entries = entry_count(db)
    results = act(db, "acc", confirm_all_proposed)
    assert [(r.line, r.ok) for r in results] == [(1, True), (2, True), (3, True), (4, True)]
    assert entry_count(db) == entries + 4
    assert order_row(db, db.so1)["paid"] == 240000 and order_row(db, db.so2)["paid"] == 300000
    assert bill_row(db, db.bill)["status"] == "paid"
    fee_entry = results[3].entry
    assert entry_lines(db, fee_entry) == [(FEES, "ACCT", 15000), (BANK, None, -15000)]
    assert entry_lines(db, results[2].entry) == [(AP, None, 610000), (BANK, None, -610000)]
    assert [r.line_no for r in read(db, "acc", bank_queue)] == [5]
    assert {k: v[0] for k, v in queue(db, "all").items()} == {1: "confirmed", 2: "confirmed", 3: "confirmed",
                                                              4: "confirmed", 5: "unmatched"}
    d = read(db, "viewer", show_document, res.number)
    assert d.statement["lines"] == 5 and d.statement["opening"] == "100000.00"
    assert {db.so1, db.so2, db.bill, fee_entry} <= set(d.links)
    assert audit_actions(db, "bank_line", f"{res.number}:4") == ["bank.confirm"]
    assert act(db, "acc", confirm_all_proposed) == []
    with pytest.raises(Refused, match=f"Cannot confirm bank line 1: it is already confirmed and posted \\({results[0].entry}\\)"), \
            db.write("acc") as uow:
        confirm_line(uow, 1)
    assert_sound(db)


def test_payments_post_on_the_day_the_money_moved(books, tmp_path):
    """A statement read on the 20th posts its payments of the 15th on the 15th: the books, the
    order's and the bill's payments, and AR/AP ageing all see the day the bank booked them."""
    db = books
    add_one(db, "clerk", write(tmp_path, "stmt.txt", statement_1c(month(db)[:4])))
    results = act(db, "acc", confirm_all_proposed)
    assert [entry_date(db, r.entry) for r in results] == [date(2026, 3, 15)] * 4
    assert [str(d) for (d,) in sql(db, "SELECT paid_on FROM order_payment ORDER BY id")] == ["2026-03-15"] * 2
    assert [str(d) for (d,) in sql(db, "SELECT paid_on FROM supplier_payment")] == ["2026-03-15"]
    assert_sound(db)


def test_a_booking_date_in_locked_books_posts_today(books, tmp_path):
    db = books
    add_one(db, "clerk", write(tmp_path, "stmt.txt", statement_1c(month(db)[:1])))
    act(db, "admin", set_lock_date, date(2026, 3, 15))
    [result] = act(db, "acc", confirm_all_proposed)
    assert result.ok and entry_date(db, result.entry) == DAY


def test_the_same_payments_twice_post_nothing_twice(books, tmp_path):
    db = books
    data = statement_1c(month(db))
    first = add_one(db, "clerk", write(tmp_path, "march.txt", data))
    act(db, "acc", confirm_all_proposed)
    before = snapshot(db)
    again = add_one(db, "clerk", write(tmp_path / "copy", "march-again.txt", data))
    assert (again.outcome, again.number) == ("known", first.number)
    assert changed_tables(before, snapshot(db)) == []
    # a second export of the same day with one payment more: only that one is new
    more = month(db) + [Pay("-40.00", "Комиссия за перевод", "ПАО СБЕРБАНК", number="16")]
    overlap = add_one(db, "clerk", write(tmp_path, "march-2.txt", statement_1c(more, opening="100000.00")))
    assert overlap.message.endswith("1 new bank line(s), 1 with a proposed match, 0 waiting in the queue; "
                                    "5 already known.")
    entries = entry_count(db)
    assert [r.ok for r in act(db, "acc", confirm_all_proposed)] == [True]
    assert entry_count(db) == entries + 1
    same_lines = add_one(db, "clerk", write(tmp_path, "march-3.txt", statement_1c(more, opening="100000.00",
                                                                                  day="16.03.2026")))
    assert same_lines.outcome == "registered"
    assert same_lines.message.endswith("its 6 line(s) are all known from earlier statements; nothing new to reconcile.")
    assert sql_one(db, "SELECT COUNT(*) FROM bank_line") == 6
    assert_sound(db)


def test_statements_that_do_not_add_up_or_are_in_another_currency_are_refused(books, tmp_path):
    db = books
    before = snapshot(db)
    bad = add_one(db, "clerk", write(tmp_path, "bad.txt", statement_1c(month(db), closing="1.00")))
    assert bad.outcome == "refused" and bad.exit_code == 2
    assert bad.message == ("bad.txt: the opening balance 100000.00 plus the lines (149.00) does not equal the "
                           "closing balance 1.00.")
    eur = add_one(db, "clerk", write(tmp_path, "eur.xml", camt_statement([("10.00", "R1", "X", "y")],
                                                                         currency="EUR")))
    assert eur.message == ("eur.xml is a statement in EUR; the books are kept in RUB and no bank account is kept in "
                           "EUR (add one: boclerk ledger account-add CODE NAME --type asset --currency EUR).")
    assert changed_tables(before, snapshot(db)) == []


def test_camt_statement_and_matching_by_hand(books, tmp_path):
    db = books
    data = camt_statement([("2400.00", "R-1", "Anna Petrova", f"Order {db.so1}"),
                           ("4000.00", "R-2", "Somebody", "gift"),
                           ("-5.00", "R-3", "Bank", "Kontoführungsgebühr")])
    res = add_one(db, "clerk", write(tmp_path, "camt.xml", data))
    assert (res.bank_lines, res.proposed) == (3, 2)
    lines = {r.line_no: r.id for r in read(db, "acc", bank_queue)}
    with pytest.raises(Refused, match=f"Cannot confirm bank line {lines[2]}: it is unmatched. .* Match it by hand instead."), \
            db.write("acc") as uow:
        confirm_line(uow, lines[2])
    with pytest.raises(Refused, match=f"{db.so2} has 3\xa0000,00 left to pay; 4\xa0000,00 is too much"), \
            db.write("acc") as uow:
        match_line(uow, lines[2], db.so2)
    with pytest.raises(Refused, match="only money out can pay a supplier bill"), db.write("acc") as uow:
        match_line(uow, lines[2], db.bill)
    with pytest.raises(InvalidInput, match="'XYZ' is not an order"), db.write("acc") as uow:
        match_line(uow, lines[2], "XYZ")
    with pytest.raises(InvalidInput, match="Say why the line is ignored"), db.write("acc") as uow:
        ignore_line(uow, lines[2], "  ")
    with db.write("acc") as uow:
        ignore_line(uow, f"{res.number}:2", "a private transfer, booked by the owner")
    with db.write("acc") as uow:
        entry = match_line(uow, lines[1], db.so1)
    assert order_row(db, db.so1)["paid"] == 240000
    assert queue(db, "all")[1] == ("confirmed", db.so1, "Matched: order SO-2026-000001 named in the purpose.")
    with db.write("acc") as uow:
        fee = confirm_line(uow, f"{res.number.lower()}:3")
    assert entry_lines(db, fee) == [(FEES, "ACCT", 500), (BANK, None, -500)]
    assert queue(db, "ignored") == {2: ("ignored", "", "a private transfer, booked by the owner")}
    with pytest.raises(Refused, match="already confirmed"), db.write("acc") as uow:
        ignore_line(uow, lines[1], "oops")
    with pytest.raises(NotFound, match="There is no bank line 999."), db.read("acc") as uow:
        from boclerk.services.documents.bank import line_by_ref

        line_by_ref(uow, 999)
    assert read(db, "acc", bank_queue) == [] and entry
    assert_sound(db)


def test_a_proposal_that_no_longer_fits_goes_back_to_the_queue(books, tmp_path):
    db = books
    add_one(db, "clerk", write(tmp_path, "s.txt", statement_1c(month(db)[:2])))
    act(db, "clerk", cancel_order, db.so1)
    results = act(db, "acc", confirm_all_proposed)
    assert [(r.line, r.ok) for r in results] == [(1, False), (2, True)]
    assert results[0].message == f"Bank line 1: Cannot take a payment on {db.so1}: it is already cancelled. "\
                                 "Possible when the order is not cancelled."
    assert queue(db)[1] == ("unmatched", "", f"Could not post the proposed match: Cannot take a payment on {db.so1}: "
                                             "it is already cancelled. Possible when the order is not cancelled.")
    assert order_row(db, db.so1)["paid"] == 0
    assert_sound(db)


def test_a_held_bill_waits_until_approved(db, tmp_path):
    set_day(db, DAY)
    shop(db)
    set_company(db, language="en")  # the books speak English, as these tests read the reasons
    number = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, number)
    from boclerk.services.purchasing.bills import BillLineInput

    bill = act(db, "clerk", enter_bill, number, "INV-9", date(2026, 3, 5),
               lines=[BillLineInput("MUG", 10, 60000)]).number
    assert bill_row(db, bill)["status"] == "held"
    add_one(db, "clerk", write(tmp_path, "s.txt", statement_1c([
        Pay("-7320.00", "Оплата по счету INV-9", "ACME", "7707083893")])))
    status, _, reason = queue(db)[1]
    assert status == "unmatched" and reason.startswith(f"No match: {bill} is held as an exception")
    assert reason.endswith("approve it, then run bank rematch.")
    act(db, "acc", approve_bill, bill)
    assert act(db, "acc", rematch) == 1
    assert queue(db)[1][:2] == ("proposed", bill)
    assert [r.ok for r in act(db, "acc", confirm_all_proposed)] == [True]
    assert bill_row(db, bill)["status"] == "paid"
    assert_sound(db)


def test_outgoing_payments_by_bill_or_po_number(books, tmp_path):
    db = books
    add_one(db, "clerk", write(tmp_path, "s.txt", statement_1c([
        Pay("-1000.00", f"Частичная оплата {db.bill}", "Кто-то", number="1"),
        Pay("-500.00", f"Оплата по {db.po}", "Кто-то", number="2"),
        Pay("-9999.00", "Оплата по BILL-2026-000099", "Кто-то", number="3"),
        Pay("-10.00", "Перевод", "Кто-то", number="4")])))
    q = queue(db)
    assert q[1][:2] == ("proposed", db.bill) and q[1][2] == f"Proposed: bill {db.bill} named in the purpose."
    assert q[2][:2] == ("proposed", db.bill) and db.po in q[2][2]
    assert q[3] == ("unmatched", "", "No match: the purpose names BILL-2026-000099, which is not a bill. Match it by "
                                     "hand (boclerk bank match 3 SO-..., BILL-... or fee) or set it aside (boclerk bank "
                                     "ignore 3).")
    assert q[4] == ("unmatched", "", "No match: the purpose names no bill or purchase order, and the payee's tax id is "
                                     "not given, so no supplier's bill open for 10,00 can be found by it. Match it by "
                                     "hand (boclerk bank match 4 SO-..., BILL-... or fee) or set it aside (boclerk bank "
                                     "ignore 4).")
    results = act(db, "acc", confirm_all_proposed)
    assert [r.ok for r in results] == [True, True]
    from boclerk.services.documents.bank import ignore_line, match_line

    act(db, "acc", match_line, 4, "fee")  # what the sentence says to do works
    act(db, "acc", ignore_line, 3, "not ours")
    assert sql(db, "SELECT id, status FROM bank_line WHERE id IN (3, 4) ORDER BY id") == [(3, "ignored"), (4, "confirmed")]
    assert bill_row(db, db.bill)["paid"] == 150000
    assert_sound(db)


def test_who_may_reconcile(books, tmp_path):
    db = books
    add_one(db, "wh", write(tmp_path, "s.txt", statement_1c(month(db))))
    for user in ("clerk", "wh", "viewer"):
        with pytest.raises(NotPermitted, match="may not reconcile bank statements"), db.write(user) as uow:
            confirm_all_proposed(uow)
    assert read(db, "viewer", bank_queue)  # everyone may read the queue
    assert [r.ok for r in act(db, "admin", confirm_all_proposed)] == [True] * 4


def test_a_russian_shop_s_reasons_are_russian_and_confirming_says_matched_in_them(books, tmp_path):
    """The reasons are the books' words (company.language), whoever imports: a clerk whose interface
    speaks English imports and confirms in a Russian shop, and the line's reason turns from
    'Предложено: ...' to 'Сопоставлено: ...' (it stayed 'Предложено' when the words were the clerk's)."""
    from boclerk.i18n import use

    db = books
    set_company(db, language="ru")
    use("en")
    add_one(db, "clerk", write(tmp_path, "stmt.txt", statement_1c(month(db)[:1])))
    assert queue(db)[1] == ("proposed", db.so1, f"Предложено: заказ {db.so1} назван в назначении платежа.")
    act(db, "acc", confirm_line, 1)
    assert queue(db, "all")[1] == ("confirmed", db.so1, f"Сопоставлено: заказ {db.so1} назван в назначении платежа.")
