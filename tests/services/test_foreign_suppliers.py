"""Suppliers abroad: a EUR supplier with its German VAT id, its bill booked at the rate of the bill
date and paid at the rate of the payment date, the difference posted as an exchange difference."""

from datetime import date
from pathlib import Path

import pytest

from boclerk.errors import InvalidInput, Refused
from boclerk.formats.cbr_rates import read_daily_rates
from boclerk.services.catalog.partners import add_supplier, get_supplier
from boclerk.services.documents.invoices import supplier_by_tax_id
from boclerk.services.ledger.rates import import_rates, rate_on, set_rate
from boclerk.services.purchasing.bills import enter_bill, pay_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.purchasing.queries import ap_aging, bill_detail
from tests.services.doc_samples import add_one, camt_statement, document_store, write  # noqa: F401 (autouse)
from tests.services.trade_helpers import (
    AP,
    BANK,
    GRNI,
    act,
    add_product,
    assert_sound,
    balance,
    entry_lines,
    po,
    read,
    refused,
    set_day,
    sql,
)

SAMPLE = Path(__file__).resolve().parents[1] / "formats" / "samples" / "cbr_xml_daily_2022-03-15.xml"


@pytest.fixture
def abroad(db):
    set_day(db, date(2026, 3, 2))
    add_product(db, "LAMP", price=300000, cost=100000)
    act(db, "clerk", add_supplier, "LEUCHT", "Leuchten GmbH", country="DE", tax_id="DE 136 695 976", currency="eur")
    return db


def fx_accounts(db):
    return dict(sql(db, "SELECT role, code FROM account WHERE role IN ('fx_gain', 'fx_loss')"))


def test_a_german_supplier_is_added_with_its_vat_id_and_found_by_it(abroad):
    row = read(abroad, "viewer", get_supplier, "LEUCHT")
    assert (row.country, row.tax_id, row.currency) == ("DE", "DE136695976", "EUR")
    with abroad.read("viewer") as uow:
        assert supplier_by_tax_id(uow, "DE136695976").code == "LEUCHT"
        assert supplier_by_tax_id(uow, "136695976") is None  # a Russian INN lookup does not find it


def test_a_eur_bill_at_one_rate_and_its_payment_at_another_post_the_difference(abroad):
    db = abroad
    act(db, "acc", set_rate, "EUR", date(2026, 3, 2), "97,1234")
    act(db, "acc", set_rate, "EUR", date(2026, 3, 10), "98.5")
    act(db, "acc", set_rate, "EUR", date(2026, 3, 20), "96.0")
    number = po(db, "LEUCHT", ("LAMP", 10, 12000))  # 10 x 120.00 EUR
    assert sql(db, "SELECT currency, total FROM purchase_order") == [("EUR", 120000)]
    act(db, "wh", receive_po, number)  # on 2 March: 1 200.00 EUR x 97.1234 = 116 548.08 RUB into stock
    assert balance(db, GRNI) == -11654808
    set_day(db, date(2026, 3, 10))
    bill = act(db, "acc", enter_bill, number, "RE-2026-17", date(2026, 3, 10))
    # booked at the bill date's rate: 1 200.00 x 98.5 = 118 200.00; 1 651.92 more than received
    assert sql(db, "SELECT currency, total, total_base, rate FROM supplier_bill") == [("EUR", 120000, 11820000, 98500000)]
    assert balance(db, AP) == -11820000
    assert balance(db, GRNI) == 0
    detail = read(db, "viewer", bill_detail, bill.number)
    assert (detail.bill.currency, detail.bill.total, detail.bill.total_base) == ("EUR", 120000, 11820000)

    aging = {r.document: r for r in read(db, "viewer", ap_aging, date(2026, 3, 12)).rows}
    assert (aging[bill.number].open, aging[bill.number].open_in_currency) == (11820000, "1200.00 EUR")
    set_day(db, date(2026, 3, 20))
    act(db, "acc", pay_bill, bill.number, 50000, paid_on=date(2026, 3, 20))   # 500.00 EUR at 96.0 = 48 000.00
    assert_sound(db)  # half paid: the payable still equals what the bill owes at its own rate
    act(db, "acc", pay_bill, bill.number, 70000, paid_on=date(2026, 3, 20))   # the rest: 67 200.00
    fx = fx_accounts(db)
    payments = sql(db, "SELECT amount, amount_base, cleared_base FROM supplier_payment ORDER BY id")
    assert payments == [(50000, 4800000, 4925000), (70000, 6720000, 6895000)]
    assert balance(db, AP) == 0  # the payable is cleared at the bill's rate, to the kopeck
    assert balance(db, fx["fx_gain"]) == -(11820000 - 11520000)  # paid 2 400.00 less than booked: a gain
    assert balance(db, BANK) == -11520000
    first_payment = sql(db, "SELECT e.number FROM supplier_payment p JOIN journal_entry e ON e.id = p.entry_id "
                            "ORDER BY p.id")[0][0]
    assert entry_lines(db, first_payment) == [(AP, None, 4925000), (BANK, None, -4800000),
                                               (fx["fx_gain"], "ACCT", -125000)]
    aging = read(db, "viewer", ap_aging, date(2026, 3, 20))
    assert all(r.document != bill.number for r in aging.rows)  # paid in full
    assert_sound(db)


def test_a_bill_without_a_rate_for_its_day_is_refused_with_a_sentence(abroad):
    db = abroad
    act(db, "acc", set_rate, "EUR", date(2026, 3, 2), "97.1234")
    number = po(db, "LEUCHT", ("LAMP", 1, 12000))
    act(db, "wh", receive_po, number)
    set_day(db, date(2026, 4, 1))
    refused(db, "acc", Refused, r"There is no EUR rate for 01\.04\.2026: enter it with boclerk rate set EUR 01\.04\.2026 RATE",
            enter_bill, number, "X-1", date(2026, 4, 1))


def test_a_eur_po_needs_its_prices_in_eur(abroad):
    from boclerk.services.purchasing.orders import POLineInput, create_po

    refused(abroad, "clerk", InvalidInput, "LEUCHT sells in EUR; give LAMP's price in EUR",
            create_po, "LEUCHT", [POLineInput("LAMP", 1)])


def test_the_bank_of_russias_daily_file_is_imported_with_nominal(abroad):
    db = abroad
    parsed = read_daily_rates(SAMPLE.read_bytes())
    res = act(db, "acc", import_rates, parsed.day, [(r.code, r.nominal, r.value) for r in parsed.rates])
    assert (res.day, res.added, res.changed) == (date(2022, 3, 15), 34, 0)
    with db.read("viewer") as uow:
        assert rate_on(uow, "EUR", date(2022, 3, 15)) == (127234300, 1)
        assert rate_on(uow, "JPY", date(2022, 3, 16)) == (99448600, 100)  # the next day still has it
    again = act(db, "acc", import_rates, parsed.day, [(r.code, r.nominal, r.value) for r in parsed.rates])
    assert (again.added, again.unchanged) == (0, 34)


def test_rates_are_checked(abroad):
    refused(abroad, "acc", InvalidInput, "'97,12345678' has more than 6 decimals", set_rate, "EUR",
            date(2026, 3, 2), "97,12345678")
    refused(abroad, "acc", InvalidInput, "RUB is the books' own currency", set_rate, "rub", date(2026, 3, 2), "1")
    refused(abroad, "acc", InvalidInput, "'XYZ' is not a known currency code", set_rate, "XYZ", date(2026, 3, 2), "1")


def test_a_camt_statement_in_eur_imports_into_the_eur_account_and_pays_the_eur_bill(abroad, tmp_path):
    from boclerk.services.documents.bank import bank_queue
    from boclerk.services.documents.bank_confirm import confirm_all_proposed
    from boclerk.services.ledger.book import add_account
    db = abroad
    statement = camt_statement([("-1200.00", "E-1", "Leuchten GmbH", "RE-2026-17"),
                                ("-5.00", "E-2", "Bank", "Kontoführungsgebühr")],
                               opening="5000.00", currency="EUR", day="2026-03-16")
    refused_first = add_one(db, "clerk", write(tmp_path, "eur0.xml", statement))
    assert "no bank account is kept in EUR" in refused_first.message
    act(db, "acc", add_account, "1015", "Bank EUR", "asset", currency="EUR")
    for day, rate in ((date(2026, 3, 2), "97,1234"), (date(2026, 3, 10), "98.5"), (date(2026, 3, 16), "99.0")):
        act(db, "acc", set_rate, "EUR", day, rate)
    number = po(db, "LEUCHT", ("LAMP", 10, 12000))
    act(db, "wh", receive_po, number)
    set_day(db, date(2026, 3, 16))
    bill = act(db, "acc", enter_bill, number, "RE-2026-17", date(2026, 3, 10)).number
    res = add_one(db, "clerk", write(tmp_path, "eur.xml", statement))
    assert res.bank_lines == 2 and res.proposed == 2, res.message
    results = act(db, "acc", confirm_all_proposed)
    assert [r.ok for r in results] == [True, True]
    assert read(db, "viewer", bank_queue) == []
    assert sql(db, "SELECT status, paid FROM supplier_bill WHERE number = :n", n=bill) == [("paid", 120000)]
    # 1 200.00 EUR left the EUR account at 99.0 (118 800.00); the bill was booked at 98.5 (118 200.00)
    assert balance(db, "1015") == -(11880000 + 49500)  # and the 5.00 EUR fee at 99.0
    assert balance(db, AP) == 0 and balance(db, fx_accounts(db)["fx_loss"]) == 60000
    assert_sound(db)
