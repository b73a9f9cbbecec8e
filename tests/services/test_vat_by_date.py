"""VAT as the law has it on the day of the shipment; the VAT report equals the VAT accounts."""

from datetime import date

import pytest

from boclerk.errors import InvalidInput
from boclerk.services.ledger.book import Line as EntryLine
from boclerk.services.ledger.vat import set_rate, set_regime
from boclerk.services.ledger.vat_report import vat_report
from boclerk.services.purchasing.bills import enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.sales.orders import confirm_order
from boclerk.services.sales.shipping import return_order, ship_order
from tests.services.trade_helpers import (
    VAT_IN,
    VAT_OUT,
    act,
    add_customer,
    add_product,
    add_supplier,
    assert_sound,
    order,
    po,
    read,
    refused,
    set_day,
    sql,
    stock_in,
)


@pytest.fixture
def shop25(db):
    set_day(db, date(2025, 12, 20))
    add_product(db, "MUG", price=122000, cost=50000)           # standard: 20% in 2025, 22% in 2026
    add_product(db, "BOOK", price=110000, cost=60000, vat="reduced")  # 10% throughout
    add_product(db, "KETTLE", price=100000, cost=40000, incl=False)   # net price, VAT on top
    add_customer(db, "ANNA", "Anna", tax_id="500100732259")
    add_supplier(db, "ACME", "Acme", tax_id="7707083893")
    for sku in ("MUG", "BOOK", "KETTLE"):
        stock_in(db, sku, 10, 50000)
    return db


def shipped(db, number):
    return sql(db, "SELECT sl.vat_rate, sl.net, sl.vat FROM shipment_line sl JOIN shipment s ON s.id = sl.shipment_id "
                   "JOIN sales_order o ON o.id = s.order_id WHERE o.number = :n ORDER BY sl.id", n=number)


def test_the_rate_is_the_one_of_the_shipment_day_without_touching_the_product(shop25):
    db = shop25
    december = order(db, "ANNA", ("MUG", 1), ("KETTLE", 1))
    january = order(db, "ANNA", ("MUG", 1), ("KETTLE", 1))
    for n in (december, january):
        act(db, "clerk", confirm_order, n)
    set_day(db, date(2025, 12, 31))
    act(db, "wh", ship_order, december)
    set_day(db, date(2026, 1, 1))
    act(db, "wh", ship_order, january)
    # 1 220.00 incl. 20% = 203.33; 1 000.00 + 20% = 200.00
    assert shipped(db, december) == [(20, 101667, 20333), (20, 100000, 20000)]
    # the same gross at 22%: 220.00 inside; the net-priced kettle gets 22% on top
    assert shipped(db, january) == [(22, 100000, 22000), (22, 100000, 22000)]
    assert sql(db, "SELECT vat_category FROM product WHERE sku = 'MUG'") == [("standard",)]
    assert_sound(db)


def test_a_return_reverses_the_rate_its_shipment_charged(shop25):
    db = shop25
    n = order(db, "ANNA", ("MUG", 2))
    act(db, "clerk", confirm_order, n)
    set_day(db, date(2025, 12, 30))
    act(db, "wh", ship_order, n)
    set_day(db, date(2026, 1, 15))
    act(db, "clerk", return_order, n, [("MUG", 1)])
    assert shipped(db, n)[-1][0] == 20
    assert_sound(db)


def test_vat_report_of_the_first_quarter_equals_the_vat_accounts(shop25):
    db = shop25
    late = order(db, "ANNA", ("MUG", 3), ("BOOK", 1))
    act(db, "clerk", confirm_order, late)
    set_day(db, date(2026, 1, 10))
    act(db, "wh", ship_order, late, [("MUG", 2), ("BOOK", 1)])
    number = po(db, "ACME", ("MUG", 5, 50000), ("BOOK", 2, 60000))
    act(db, "wh", receive_po, number)
    act(db, "acc", enter_bill, number, "A-1", date(2026, 1, 10))
    set_day(db, date(2026, 2, 5))
    act(db, "wh", ship_order, late)
    act(db, "clerk", return_order, late, [("BOOK", 1)])
    set_day(db, date(2026, 4, 2))
    april = order(db, "ANNA", ("MUG", 1))
    act(db, "clerk", confirm_order, april)
    act(db, "wh", ship_order, april)  # outside the quarter

    report = read(db, "viewer", vat_report, date(2026, 1, 1), date(2026, 3, 31))
    assert report.net_vat == report.ledger_net and report.other_entries == []
    assert report.output_vat == sum(r.vat for r in report.rows if r.side == "output")
    # input: 5 x 500.00 at 22% and 2 x 600.00 at 10% on the bill of 10 January
    assert report.input_vat == 55000 + 12000
    assert {(t.side, t.rate) for t in report.totals} == {("output", "22%"), ("output", "10%"), ("input", "22%"),
                                                          ("input", "10%")}
    anna = [r for r in report.rows if r.side == "output"]
    assert {r.tax_id for r in anna} == {"500100732259"}
    back = [r for r in anna if r.returned]
    assert len(back) == 1 and back[0].vat < 0 and back[0].document == late  # the order's number, the return flagged
    from boclerk.i18n import language, use

    before = language()
    try:
        use("ru")
        assert back[0].what == f"{late} возврат товара"  # as a Russian reader reads it
        use("en")
        assert back[0].what == f"{late} return"
    finally:
        use(before)
    # what the ledger moved on the VAT accounts in Q1: credits of VAT payable less debits of VAT receivable
    movement = sql(db, "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN account a ON a.id = p.account_id "
                       "WHERE a.code IN (:o, :i) AND p.entry_date BETWEEN '2026-01-01' AND '2026-03-31'",
                   o=VAT_OUT, i=VAT_IN)[0][0]
    assert report.net_vat == -movement


def test_a_manual_posting_to_a_vat_account_is_named_by_the_report(shop25):
    from boclerk.services.ledger.book import post_manual

    db = shop25
    set_day(db, date(2026, 1, 20))
    entry = act(db, "acc", post_manual, entry_date=date(2026, 1, 20), memo="VAT correction",
                lines=[EntryLine(VAT_OUT, -1000), EntryLine("5900", 1000)])
    report = read(db, "viewer", vat_report, date(2026, 1, 1), date(2026, 3, 31))
    assert report.other_entries == [entry.number]
    assert report.ledger_net - report.net_vat == 1000


def test_simplified_regime_charges_its_special_rate_and_recovers_no_input_vat(shop25):
    db = shop25
    act(db, "admin", set_regime, "usn_vat5", date(2026, 1, 1))
    set_day(db, date(2026, 1, 12))
    n = order(db, "ANNA", ("MUG", 1), ("BOOK", 1))
    act(db, "clerk", confirm_order, n)
    act(db, "wh", ship_order, n)
    assert [r for r, _, _ in shipped(db, n)] == [5, 5]
    number = po(db, "ACME", ("MUG", 1, 50000))
    act(db, "wh", receive_po, number)
    act(db, "acc", enter_bill, number, "A-2", date(2026, 1, 12))
    report = read(db, "viewer", vat_report, date(2026, 1, 1), date(2026, 1, 31))
    assert report.input_vat == 0 and report.net_vat == report.ledger_net
    assert_sound(db)


def test_rate_table_and_regime_are_checked(shop25):
    refused(shop25, "acc", InvalidInput, "not a VAT regime", set_regime, "flat", date(2026, 5, 1))
    refused(shop25, "acc", InvalidInput, "Only the exempt category goes without a rate", set_rate, "standard",
            date(2027, 1, 1), None)
    act(shop25, "acc", set_rate, "standard", date(2027, 1, 1), 25)
    set_day(shop25, date(2027, 1, 2))
    n = order(shop25, "ANNA", ("MUG", 1))
    assert sql(shop25, "SELECT vat_rate FROM order_line ol JOIN sales_order o ON o.id = ol.order_id "
                       "WHERE o.number = :n", n=n) == [(25,)]
