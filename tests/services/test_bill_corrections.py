"""A posted bill reversed by hand, and the supplier's credit and debit notes against a bill: what they
post, what the bill then owes, and what the supplier's balance, its statement and the VAT report show."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.errors import InvalidInput, Refused
from boclerk.services.ledger.statements import ledger_balance, statement
from boclerk.services.ledger.vat_report import vat_report
from boclerk.services.purchasing.bills import enter_bill, pay_bill
from boclerk.services.purchasing.corrections import NoteLineInput, enter_note, reverse_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.purchasing.queries import bill_detail
from tests.services.trade_helpers import act, assert_sound, bill_row, po, po_progress, read, set_day, shop, sql

DAY = date(2026, 3, 20)


@pytest.fixture
def billed(db):
    """ACME's PO for 10 mugs at 500.00, received, and its bill posted: 5 000.00 + 22% VAT = 6 100.00."""
    set_day(db, DAY)
    shop(db)
    db.po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.po)
    db.bill = act(db, "acc", enter_bill, db.po, "A-1", DAY).number
    assert bill_row(db, db.bill)["total"] == 610000
    return db


def payable(db) -> int:
    return -sql(db, "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN account a ON a.id = p.account_id "
                    "WHERE a.role = 'payable'")[0][0]


def test_a_posted_bill_entered_by_mistake_is_reversed_and_entered_again(billed, cli):
    db = billed
    r = cli("purchase", "bill-reverse", db.bill, "--reason", "wrong supplier number", "--yes", user="acc")
    assert r.exit_code == 0, r.output
    assert bill_row(db, db.bill)["status"] == "reversed"
    assert payable(db) == 0
    # the PO waits for a bill again, and the supplier's number may be entered anew
    assert po_progress(db, db.po) == [("MUG", 10, 10, 0)]
    assert sql(db, "SELECT status FROM purchase_order WHERE number = :n", n=db.po) == [("received",)]
    again = act(db, "acc", enter_bill, db.po, "A-1", DAY)
    assert again.status == "posted" and payable(db) == 610000
    # the statement shows the bill, its reversal and the new bill; it closes at the ledger's balance
    st = read(db, "viewer", statement, "supplier", "ACME", date(2026, 3, 1), date(2026, 3, 31))
    assert [(row.kind, row.debit, row.credit) for row in st.rows] == [
        ("bill", 0, 610000), ("reversal", 610000, 0), ("bill", 0, 610000)]
    assert st.closing == 610000 == read(db, "viewer", ledger_balance, "supplier", "ACME", date(2026, 3, 31))
    # the VAT report takes the reversed bill's input VAT back, and equals the VAT accounts
    rep = read(db, "viewer", vat_report, date(2026, 3, 1), date(2026, 3, 31))
    assert [(row.document, row.base, row.vat) for row in rep.rows if row.side == "input"] == [
        (db.bill, 500000, 110000), (again.number, 500000, 110000), (f"{db.bill} reversed", -500000, -110000)]
    assert (rep.input_vat, rep.other_entries) == (110000, [])
    assert_sound(db)


def test_a_bill_with_a_payment_is_not_reversed_and_the_refusal_names_the_note(billed, cli):
    db = billed
    act(db, "acc", pay_bill, db.bill, 100000)
    with pytest.raises(Refused) as exc:
        act(db, "acc", reverse_bill, db.bill)
    assert exc.value.message == (f"{db.bill} has 1\xa0000,00 paid on it and is not reversed; enter the difference as the "
                                 f"supplier's credit or debit note instead (boclerk purchase note {db.bill} ...).")
    r = cli("purchase", "note", db.bill, "--number", "CN-7", "--date", DAY.isoformat(), "--net", "-1000.00",
            "--vat", "-220.00", "--rate", "22", "--yes", user="acc")
    assert r.exit_code == 0, r.output
    assert bill_row(db, db.bill)["status"] == "posted"
    assert payable(db) == 610000 - 100000 - 122000
    assert_sound(db)


def test_a_credit_note_lowers_what_is_owed_and_the_input_vat(billed):
    db = billed
    res = act(db, "acc", enter_note, db.bill, "CN-1", DAY, [NoteLineInput(-50000, -11000, 22, "2 mugs chipped")],
              reason="2 mugs chipped")
    assert (res.kind, res.total, res.bill_status) == ("credit", -61000, "posted")
    # Dr Accounts payable 610.00, Cr VAT receivable 110.00, Cr Purchase price differences 500.00
    assert sorted(tuple(r) for r in sql(
        db, "SELECT a.role, p.amount FROM posting p JOIN account a ON a.id = p.account_id "
            "JOIN journal_entry e ON e.id = p.entry_id WHERE e.number = :n", n=res.entry)) == [
        ("payable", 61000), ("purchase_variance", -50000), ("vat_receivable", -11000)]
    detail = read(db, "viewer", bill_detail, db.bill)
    assert [(n.number, n.kind, n.total) for n in detail.notes] == [("NOTE-2026-000001", "credit", -61000)]
    assert detail.owed == 549000
    # paying what is left settles the bill
    with pytest.raises(Refused, match="has 5\xa0490,00 left to pay"):
        act(db, "acc", pay_bill, db.bill, 610000)
    assert act(db, "acc", pay_bill, db.bill, 549000).status == "paid"
    st = read(db, "viewer", statement, "supplier", "ACME", date(2026, 3, 1), date(2026, 3, 31))
    assert [(row.kind, row.debit, row.credit) for row in st.rows] == [
        ("bill", 0, 610000), ("note", 61000, 0), ("payment", 549000, 0)]
    assert st.closing == 0 == read(db, "viewer", ledger_balance, "supplier", "ACME", date(2026, 3, 31))
    rep = read(db, "viewer", vat_report, date(2026, 3, 1), date(2026, 3, 31))
    assert rep.input_vat == 99000 and rep.other_entries == []
    assert_sound(db)


def po_status(db) -> str:
    return sql(db, "SELECT status FROM purchase_order WHERE number = :n", n=db.po)[0][0]


def test_a_debit_note_on_a_paid_bill_opens_it_again_and_its_po_with_it(billed):
    db = billed
    act(db, "acc", pay_bill, db.bill, 610000)
    assert po_status(db) == "closed"  # received, billed and paid in full
    res = act(db, "acc", enter_note, db.bill, "DN-1", DAY, [NoteLineInput(10000, 2200, 22)])
    assert (res.kind, res.bill_status) == ("debit", "posted")
    assert po_status(db) == "billed"  # there is more to pay on it again
    [(after,)] = sql(db, "SELECT after FROM audit_event WHERE action = 'bill.note'")
    assert '"po_status": "billed"' in after
    assert act(db, "acc", pay_bill, db.bill, 12200).status == "paid"
    assert po_status(db) == "closed"
    assert_sound(db)


def test_a_credit_note_for_what_is_left_to_pay_closes_the_po(billed):
    db = billed
    act(db, "acc", pay_bill, db.bill, 600000)
    assert po_status(db) == "billed"
    res = act(db, "acc", enter_note, db.bill, "CN-9", DAY, [NoteLineInput(-8197, -1803, 22)])
    assert (res.kind, res.bill_status) == ("credit", "paid")
    assert po_status(db) == "closed"
    assert_sound(db)


def test_what_a_note_refuses(billed):
    db = billed
    note = [NoteLineInput(-50000, -11000, 22)]
    with pytest.raises(InvalidInput, match="not both; enter two notes"):
        act(db, "acc", enter_note, db.bill, "X", DAY, [NoteLineInput(-100, 0, 22), NoteLineInput(100, 0, 22)])
    with pytest.raises(InvalidInput, match="before the bill it corrects"):
        act(db, "acc", enter_note, db.bill, "X", date(2026, 3, 1), note)
    with pytest.raises(Refused, match="A credit of 7\xa0320,00 is more than the 6\xa0100,00"):
        act(db, "acc", enter_note, db.bill, "X", DAY, [NoteLineInput(-600000, -132000, 22)])
    act(db, "acc", enter_note, db.bill, "CN-1", DAY, note)
    with pytest.raises(Refused, match="ACME's credit note CN-1 is already registered as NOTE-2026-000001"):
        act(db, "acc", enter_note, db.bill, "CN-1", DAY, note)
    with pytest.raises(Refused, match="has the supplier's notes NOTE-2026-000001 against it and is not reversed"):
        act(db, "acc", reverse_bill, db.bill)


def test_the_payables_aging_counts_the_notes(billed):
    from boclerk.services.purchasing.queries import ap_aging

    db = billed
    act(db, "acc", enter_note, db.bill, "CN-1", DAY, [NoteLineInput(-50000, -11000, 22)])
    [row] = read(db, "viewer", ap_aging).rows
    assert (row.document, row.open) == (db.bill, 549000)


def test_a_notes_rate_without_vat_is_typed_in_the_clerks_words_or_as_none():
    from boclerk import i18n
    from boclerk.errors import InvalidInput
    from boclerk.services.purchasing.corrections import note_rate

    assert note_rate("none") is None and note_rate("22 %") == 22
    i18n.use("ru")
    try:
        assert note_rate("Без НДС") is None and note_rate("none") is None
        with pytest.raises(InvalidInput) as refused:
            note_rate("двадцать", "Ставка")
        assert "«без НДС»" in refused.value.message
    finally:
        i18n.use("en")
