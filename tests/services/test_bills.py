"""Supplier bills: the three-way match against the purchase order and what was received,
exceptions held for an accountant, duplicates, payments, dates and the lock date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.services.ledger.book import set_lock_date
from boclerk.services.purchasing.bills import (
    BillLineInput,
    approve_bill,
    enter_bill,
    pay_bill,
    reject_bill,
)
from boclerk.services.purchasing.orders import cancel_po, receive_po
from boclerk.services.purchasing.queries import bill_detail, list_bills, po_detail
from tests.services.trade_helpers import (
    AP,
    BANK,
    GRNI,
    VARIANCE,
    VAT_IN,
    act,
    add_product,
    assert_sound,
    audit_actions,
    balance,
    bill_row,
    entries_of,
    entry_date,
    entry_lines,
    grni_open,
    not_permitted_for,
    po,
    po_progress,
    po_status,
    read,
    refused,
    refused_exactly,
    set_company,
    set_day,
    shop,
    today,
)

DAY = date(2025, 3, 16)


@pytest.fixture
def bought(db):
    """ACME's PO for 10 mugs at 500.00 and 5 lamps at 1 000.00: all mugs and 3 lamps received."""
    set_day(db, DAY)
    shop(db)
    number = po(db, "ACME", ("MUG", 10, 50000), ("LAMP", 5, 100000))
    act(db, "wh", receive_po, number, [("MUG", 10), ("LAMP", 3)])
    db.po = number
    return db


def L(sku: str, qty: int, price: int, vat: int | None = None) -> BillLineInput:
    return BillLineInput(sku, qty, price, vat)


def test_a_bill_of_what_was_received_posts_at_once(bought):
    db = bought
    res = act(db, "acc", enter_bill, db.po, "INV-1", DAY - timedelta(days=2))
    assert (res.number, res.status, res.hold_reason) == ("BILL-2025-000001", "posted", "")
    # 10 x 500.00 + 3 x 1 000.00 = 8 000.00 net, VAT 20% on top 1 600.00
    assert res.total == 960000
    assert entry_lines(db, res.entry) == [(GRNI, None, 800000), (VAT_IN, None, 160000), (AP, None, -960000)]
    assert entry_date(db, res.entry) == DAY - timedelta(days=2)
    row = bill_row(db, res.number)
    assert (row["net"], row["vat"], row["total"], row["paid"]) == (800000, 160000, 960000, 0)
    assert row["due_date"] == DAY - timedelta(days=2) + timedelta(days=30)  # ACME's 30 days
    assert po_progress(db, db.po) == [("MUG", 10, 10, 10), ("LAMP", 5, 3, 3)]
    assert po_status(db, db.po) == "partially_received"
    d = read(db, "viewer", bill_detail, res.number)
    assert [(ln.sku, ln.qty, ln.unit_price, ln.net, ln.vat) for ln in d.lines] == [
        ("MUG", 10, 50000, 500000, 100000), ("LAMP", 3, 100000, 300000, 60000)]
    assert d.entry == res.entry and d.bill.po == db.po and d.bill.supplier_ref == "INV-1"
    assert audit_actions(db, "bill", res.number) == ["bill.enter"]
    # nothing is left to bill until more arrives
    refused_exactly(db, "acc", Refused, f"Everything received on {db.po} is billed already (boclerk purchase show "
                    f"{db.po}); bill what comes next once it is received.", enter_bill, db.po, "INV-2", DAY)
    assert_sound(db)


def test_one_bill_line_for_a_product_the_po_ordered_on_two_lines(db):
    """The PO ordered 6 mugs and later 4 more on a second line at 502.00; the supplier bills
    10 mugs at 500.00 on one line: it covers both PO lines, each at its own agreed price."""
    set_day(db, DAY)
    shop(db)
    number = po(db, "ACME", ("MUG", 6, 50000), ("MUG", 4, 50200))
    act(db, "wh", receive_po, number, [("MUG", 10)])
    held = act(db, "acc", enter_bill, number, "B-11", DAY, lines=[L("MUG", 11, 50000)])
    assert (held.status, held.hold_reason) == ("held", "MUG: в счёте 11, получено и не выставлено 10")
    act(db, "acc", reject_bill, held.number)
    res = act(db, "acc", enter_bill, number, "B-10", DAY, lines=[L("MUG", 10, 50000)])
    assert (res.status, res.hold_reason) == ("posted", "")
    # GRNI cleared at the agreed prices: 6 x 500.00 + 4 x 502.00 = 5 008.00; billed 5 000.00
    assert entry_lines(db, res.entry) == [(GRNI, None, 500800), (VAT_IN, None, 100000), (AP, None, -600000),
                                          (VARIANCE, "PURCH", -800)]
    assert po_progress(db, number) == [("MUG", 6, 6, 6), ("MUG", 4, 4, 4)]
    assert po_status(db, number) == "billed" and grni_open(db) == 0
    assert_sound(db)


def test_price_within_tolerance_posts_with_a_variance(bought):
    db = bought
    # 504.00 against 500.00 agreed: +0.8%, within the default 1%
    res = act(db, "clerk", enter_bill, db.po, "INV-7", DAY, lines=[L("MUG", 10, 50400)])
    assert res.status == "posted"
    assert entry_lines(db, res.entry) == [
        (GRNI, None, 500000), (VAT_IN, None, 100800), (AP, None, -604800), (VARIANCE, "PURCH", 4000)]
    # cheaper than agreed, within tolerance: the variance is a credit
    res = act(db, "clerk", enter_bill, db.po, "INV-8", DAY, lines=[L("LAMP", 3, 99100)])
    assert entry_lines(db, res.entry) == [
        (GRNI, None, 300000), (VAT_IN, None, 59460), (AP, None, -356760), (VARIANCE, "PURCH", -2700)]
    assert grni_open(db) == 0  # everything received is billed
    assert_sound(db)


def test_exactly_at_the_price_tolerance_posts_a_penny_more_is_held(bought):
    db = bought
    assert act(db, "acc", enter_bill, db.po, "A", DAY, lines=[L("MUG", 5, 50500)]).status == "posted"  # +1.0%
    res = act(db, "acc", enter_bill, db.po, "B", DAY, lines=[L("MUG", 5, 50501)])
    assert res.status == "held" and res.hold_reason == "MUG: цена 505,01 против согласованной 500,00 (+1,0%)"
    set_company(db, bill_price_tolerance_bp=500)
    assert act(db, "acc", enter_bill, db.po, "C", DAY, lines=[L("LAMP", 3, 104000)]).status == "posted"  # +4%


def test_price_beyond_tolerance_is_held_until_an_accountant_approves(bought):
    db = bought
    ap_before = balance(db, AP)
    res = act(db, "clerk", enter_bill, db.po, "INV-9", DAY, lines=[L("MUG", 10, 51000)])
    assert (res.status, res.entry) == ("held", None)
    assert res.hold_reason == "MUG: цена 510,00 против согласованной 500,00 (+2,0%)"
    assert entries_of(db, res.number) == [] and balance(db, AP) == ap_before
    assert po_progress(db, db.po)[0] == ("MUG", 10, 10, 0)  # a held bill bills nothing yet
    assert [b.number for b in read(db, "viewer", list_bills, status="held")] == [res.number]
    not_permitted_for(db, ["clerk", "wh", "viewer"], approve_bill, res.number)
    not_permitted_for(db, ["clerk", "wh", "viewer"], reject_bill, res.number)
    approved = act(db, "acc", approve_bill, res.number)
    assert approved.status == "posted"
    assert entry_lines(db, approved.entry) == [
        (GRNI, None, 500000), (VAT_IN, None, 102000), (AP, None, -612000), (VARIANCE, "PURCH", 10000)]
    assert entry_date(db, approved.entry) == DAY
    assert po_progress(db, db.po)[0] == ("MUG", 10, 10, 10)
    assert bill_row(db, res.number)["status"] == "posted"
    assert audit_actions(db, "bill", res.number) == ["bill.enter", "bill.approve"]
    d = read(db, "viewer", bill_detail, res.number)
    assert d.history[-1].actor == "acc" and d.history[-1].before["hold_reason"] == res.hold_reason
    refused_exactly(db, "acc", Refused, f"Cannot approve {res.number}: it is already posted. Possible when the supplier bill is held as an exception.",
                    approve_bill, res.number)
    refused_exactly(db, "acc", Refused, f"Cannot reject {res.number}: it is already posted. Possible when the supplier bill is held as an exception.",
                    reject_bill, res.number)
    refused_exactly(db, "acc", NotFound, "There is no supplier bill BILL-2025-000099.", approve_bill, "bill-2025-000099")
    assert_sound(db)


def test_quantity_beyond_received_is_held_and_a_rejected_bill_frees_its_number(bought):
    db = bought
    res = act(db, "clerk", enter_bill, db.po, "INV-3", DAY, lines=[L("LAMP", 5, 100000), L("MUG", 10, 52000)])
    assert res.status == "held"
    assert res.hold_reason == ("LAMP: в счёте 5, получено и не выставлено 3; "
                               "MUG: цена 520,00 против согласованной 500,00 (+4,0%)")  # the books' words
    # the same number again is refused, not warned about, while the first is held
    refused_exactly(db, "clerk", Refused, f"ACME's bill INV-3 is already registered as {res.number} (boclerk purchase "
                    f"bill-show {res.number}); another bill of theirs carries a number of its own.",
                    enter_bill, db.po, "INV-3", DAY, lines=[L("LAMP", 3, 100000)])
    rejected = act(db, "acc", reject_bill, res.number, "wrong quantities")
    assert rejected.status == "rejected" and entries_of(db, res.number) == []
    assert audit_actions(db, "bill", res.number) == ["bill.enter", "bill.reject"]
    refused_exactly(db, "acc", Refused, f"Cannot reject {res.number}: it is already rejected. Possible when the supplier bill is held as an exception.",
                    reject_bill, res.number)
    refused_exactly(db, "acc", Refused, f"Cannot pay {res.number}: it is already rejected. Possible when the supplier bill is posted.",
                    pay_bill, res.number, 100)
    # the supplier's corrected bill carries the same number
    fixed = act(db, "clerk", enter_bill, db.po, "INV-3", DAY)
    assert fixed.status == "posted" and fixed.total == 960000
    assert [b.status for b in read(db, "viewer", list_bills)] == ["posted", "rejected"]
    refused_exactly(db, "clerk", Refused, f"ACME's bill INV-3 is already registered as {fixed.number} (boclerk "
                    f"purchase bill-show {fixed.number}); another bill of theirs carries a number of its own.",
                    enter_bill, db.po, " INV-3 ", DAY, lines=[L("LAMP", 1, 100000)])
    assert_sound(db)


def test_the_same_number_from_another_supplier_is_fine(bought):
    db = bought
    act(db, "acc", enter_bill, db.po, "7", DAY)
    other = po(db, "GLOBEX", ("KETTLE", 2, 40000))
    act(db, "wh", receive_po, other)
    res = act(db, "acc", enter_bill, other, "7", DAY)
    assert res.status == "posted"
    assert bill_row(db, res.number)["due_date"] == DAY + timedelta(days=10)  # Globex's 10 days
    assert_sound(db)


def test_a_product_not_on_the_po_is_held_and_its_cost_is_a_variance_when_approved(bought):
    db = bought
    res = act(db, "acc", enter_bill, db.po, "X1", DAY, lines=[L("MUG", 10, 50000), L("KETTLE", 1, 40000)])
    assert res.hold_reason == f"KETTLE нет в {db.po}"
    approved = act(db, "acc", approve_bill, res.number)
    assert entry_lines(db, approved.entry) == [
        (GRNI, None, 500000), (VAT_IN, None, 108000), (AP, None, -648000), (VARIANCE, "PURCH", 40000)]
    assert_sound(db)


def test_the_suppliers_own_vat_amount_is_kept(bought):
    db = bought
    res = act(db, "acc", enter_bill, db.po, "V1", DAY, lines=[L("MUG", 10, 50000, 99999)])
    assert entry_lines(db, res.entry) == [(GRNI, None, 500000), (VAT_IN, None, 99999), (AP, None, -599999)]
    assert bill_row(db, res.number)["total"] == 599999
    assert_sound(db)


def test_bill_refusals_write_nothing(bought):
    db = bought
    tomorrow = DAY + timedelta(days=1)
    refused_exactly(db, "acc", InvalidInput, f"The bill date {tomorrow:%d.%m.%Y} is in the future.",
                    enter_bill, db.po, "F1", tomorrow)
    refused_exactly(db, "acc", InvalidInput, "Give the supplier's own bill number.", enter_bill, db.po, "  ", DAY)
    refused_exactly(db, "acc", NotFound, "There is no purchase order PO-2025-000077.",
                    enter_bill, "PO-2025-000077", "F1", DAY)
    refused_exactly(db, "acc", InvalidInput, "Bill line 2: the quantity must be positive.",
                    enter_bill, db.po, "F1", DAY, lines=[L("MUG", 1, 50000), L("LAMP", 0, 100000)])
    refused_exactly(db, "acc", InvalidInput, "Bill line 1: the price cannot be negative.",
                    enter_bill, db.po, "F1", DAY, lines=[L("MUG", 1, -1)])
    refused(db, "acc", NotFound, "NOPE", enter_bill, db.po, "F1", DAY, lines=[L("NOPE", 1, 1)])
    not_permitted_for(db, ["wh", "viewer"], enter_bill, db.po, "F1", DAY)
    draft = po(db, "ACME", ("MUG", 1), send=False)
    refused_exactly(db, "acc", Refused, f"Cannot enter a bill for {draft}: it is a draft. Possible when the purchase order is sent, "
                    "partially received, received in full or billed.", enter_bill, draft, "F1", DAY)
    act(db, "clerk", cancel_po, draft)
    refused_exactly(db, "acc", Refused, f"Cannot enter a bill for {draft}: it is already cancelled. Possible when the purchase order is "
                    "sent, partially received, received in full or billed.",
                    enter_bill, draft, "F1", DAY)
    sent = po(db, "ACME", ("MUG", 1))
    refused_exactly(db, "acc", Refused, f"Nothing received on {sent} is waiting for a bill: receive the goods first "
                    f"(boclerk purchase receive {sent}).", enter_bill, sent, "F1", DAY)
    # the refusals took no bill number
    assert act(db, "acc", enter_bill, db.po, "F1", DAY).number == "BILL-2025-000001"


def test_a_payment_is_dated_the_day_the_money_left(bought):
    db = bought
    bill = act(db, "acc", enter_bill, db.po, "P1", DAY - timedelta(days=10)).number
    act(db, "admin", set_lock_date, DAY - timedelta(days=5))
    refused_exactly(db, "acc", InvalidInput, f"A payment cannot be dated {DAY + timedelta(days=1):%d.%m.%Y}, after today.",
                    pay_bill, bill, 100, paid_on=DAY + timedelta(days=1))
    refused_exactly(db, "acc", Refused, f"Cannot post on {DAY - timedelta(days=5):%d.%m.%Y}: the books are locked up to "
                                        f"{DAY - timedelta(days=5):%d.%m.%Y}.", pay_bill, bill, 100, paid_on=DAY - timedelta(days=5))
    res = act(db, "acc", pay_bill, bill, 100, paid_on=DAY - timedelta(days=4))
    assert entry_date(db, res.entry) == DAY - timedelta(days=4)
    assert [p.paid_on for p in read(db, "viewer", bill_detail, bill).payments] == [DAY - timedelta(days=4)]


def test_pay_partially_then_fully_and_the_po_closes(bought):
    db = bought
    first = act(db, "acc", enter_bill, db.po, "P1", DAY)
    not_permitted_for(db, ["clerk", "wh", "viewer"], pay_bill, first.number, 100)
    res = act(db, "acc", pay_bill, first.number, 400000, reference="pp-1")
    assert res.status == "posted"
    assert entry_lines(db, res.entry) == [(AP, None, 400000), (BANK, None, -400000)]
    refused_exactly(db, "acc", Refused, f"{first.number} has 5\xa0600,00 left to pay; 5\xa0600,01 is too much: pay that much "
                    "or less.",
                    pay_bill, first.number, 560001)
    refused_exactly(db, "acc", InvalidInput, "A payment needs a positive amount.", pay_bill, first.number, 0)
    res = act(db, "admin", pay_bill, first.number, 560000)
    assert res.status == "paid" and bill_row(db, first.number)["paid"] == 960000
    refused_exactly(db, "acc", Refused, f"Cannot pay {first.number}: it is already paid in full. "
                    "Possible when the supplier bill is posted.", pay_bill, first.number, 1)
    d = read(db, "viewer", bill_detail, first.number)
    assert [(p.amount, p.reference) for p in d.payments] == [(400000, "pp-1"), (560000, "")]
    assert po_status(db, db.po) == "partially_received"  # two lamps still to come
    act(db, "wh", receive_po, db.po)
    assert po_status(db, db.po) == "received"
    second = act(db, "acc", enter_bill, db.po, "P2", DAY)
    assert second.total == 240000 and po_status(db, db.po) == "billed"
    act(db, "acc", pay_bill, second.number, 240000)
    assert po_status(db, db.po) == "closed"
    assert [h.action for h in read(db, "viewer", po_detail, db.po).history][-1] == "po.receive"
    assert balance(db, AP) == 0 and grni_open(db) == 0
    assert_sound(db)


def test_a_held_bill_cannot_be_paid(bought):
    db = bought
    held = act(db, "acc", enter_bill, db.po, "H1", DAY, lines=[L("MUG", 11, 50000)])
    assert held.hold_reason == "MUG: в счёте 11, получено и не выставлено 10"
    refused_exactly(db, "acc", Refused, f"Cannot pay {held.number}: it is held as an exception. Possible when the supplier bill is "
                    "posted. Approve it first.",
                    pay_bill, held.number, 100)
    refused_exactly(db, "acc", NotFound, "There is no supplier bill BILL-2025-000404.", pay_bill, "BILL-2025-000404", 1)


def test_a_bill_dated_on_or_before_the_lock_date_posts_today(bought):
    db = bought
    act(db, "admin", set_lock_date, DAY - timedelta(days=10))
    old = act(db, "acc", enter_bill, db.po, "OLD", DAY - timedelta(days=10), lines=[L("MUG", 4, 50000)])
    assert entry_date(db, old.entry) == today(db) == DAY
    row = bill_row(db, old.number)
    assert (row["bill_date"], row["due_date"]) == (DAY - timedelta(days=10), DAY + timedelta(days=20))
    recent = act(db, "acc", enter_bill, db.po, "NEW", DAY - timedelta(days=9), lines=[L("MUG", 4, 50000)])
    assert entry_date(db, recent.entry) == DAY - timedelta(days=9)
    held = act(db, "acc", enter_bill, db.po, "HELD", DAY - timedelta(days=30), lines=[L("MUG", 2, 60000)])
    approved = act(db, "acc", approve_bill, held.number)
    assert entry_date(db, approved.entry) == DAY
    assert_sound(db)


def test_quantity_tolerance(bought):
    db = bought
    set_company(db, bill_qty_tolerance_bp=1000)  # 10%: 10 received, 11 may be billed
    res = act(db, "acc", enter_bill, db.po, "Q1", DAY, lines=[L("MUG", 11, 50000)])
    assert res.status == "posted"
    # GRNI clears what was received (10 x 500.00); the extra unit is a price difference
    assert entry_lines(db, res.entry) == [
        (GRNI, None, 500000), (VAT_IN, None, 110000), (AP, None, -660000), (VARIANCE, "PURCH", 50000)]
    assert_sound(db)


def test_the_bill_series_follows_the_bill_year(db):
    set_day(db, date(2026, 1, 5))
    shop(db)
    number = po(db, "ACME", ("MUG", 2, 50000))
    act(db, "wh", receive_po, number)
    res = act(db, "acc", enter_bill, number, "DEC-1", date(2025, 12, 30), lines=[L("MUG", 1, 50000)])
    assert res.number == "BILL-2025-000001"
    res = act(db, "acc", enter_bill, number, "JAN-1", date(2026, 1, 2), lines=[L("MUG", 1, 50000)])
    assert res.number == "BILL-2026-000001"
    assert_sound(db)


def test_product_added_later_can_be_billed_through_a_new_po(bought):
    db = bought
    add_product(db, "VASE", cost=20000)
    number = po(db, "ACME", ("VASE", 3))
    act(db, "wh", receive_po, number)
    res = act(db, "acc", enter_bill, number, "VASE-1", DAY)
    assert entry_lines(db, res.entry) == [(GRNI, None, 60000), (VAT_IN, None, 12000), (AP, None, -72000)]
    assert_sound(db)
