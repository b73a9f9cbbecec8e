"""Internal deals between departments: allocation rules (floor area, headcount, fixed shares,
another account's amounts) and service agreements, posted once a month as one entry each;
each department's result before and after, the company's total unchanged."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.errors import InvalidInput, NotPermitted, Refused
from boclerk.services.ledger.book import Line, post_manual, set_lock_date
from boclerk.services.ledger.reports import profit_and_loss
from boclerk.services.office.allocation import allocate, pnl_by_department, split
from boclerk.services.office.deals import add_allocation, add_service, end_deal, list_deals
from boclerk.services.office.periods import parse_period
from tests.services.office_helpers import RECHARGES, RENT, office
from tests.services.trade_helpers import (
    BANK,
    act,
    assert_sound,
    confirmed,
    entry_count,
    entry_lines,
    read,
    refused,
    set_day,
)

NOV = parse_period("2026-11")
START, END = date(2026, 11, 1), date(2026, 11, 30)


@pytest.fixture
def shop_db(db):
    office(db, day=date(2026, 12, 3))
    act(db, "acc", post_manual, entry_date=date(2026, 11, 5), memo="November rent",
        lines=[Line(RENT, 30000000), Line(BANK, -30000000)])
    return db


def test_novembers_rent_by_floor_area_posts_once_and_the_company_total_is_unchanged(shop_db):
    """Done when: an allocation of November's rent by floor area posts once, and the P&L by
    department sums to the same company total before and after."""
    db = shop_db
    act(db, "acc", add_allocation, "RENT", "Rent by floor area", account=RENT, basis="area",
        shares=[("SALES", "120"), ("WH", "250.5"), ("MGMT", "40")], valid_from=START)
    whole = read(db, "acc", profit_and_loss, START, END)
    run = act(db, "acc", allocate, NOV)
    [rent] = run.posted
    # 300 000.00 over 410.5 m2: 87 697.93, 183 069.43 and 29 232.64 (the odd kopeck to the largest remainder)
    assert entry_lines(db, rent.entry) == [(RENT, "SALES", 8769793), (RENT, "WH", 18306943), (RENT, "MGMT", 2923264),
                                           (RENT, None, -30000000)]
    count = entry_count(db)
    again = act(db, "acc", allocate, NOV)
    assert (again.posted, [d.already for d in again.deals], entry_count(db)) == ([], [True], count)

    table = read(db, "acc", pnl_by_department, START, END)
    rows = {r.department: (r.before, r.allocated, r.after) for r in table.departments}
    assert rows["-"] == (-30000000, 30000000, 0)
    assert rows["SALES"] == (0, -8769793, -8769793)
    assert rows["WH"] == (0, -18306943, -18306943)
    assert table.before == table.after == whole.profit == -30000000
    assert sum(r.after for r in table.departments) == read(db, "acc", profit_and_loss, START, END).profit
    assert_sound(db)


def test_service_agreements_headcount_fixed_shares_and_sales(shop_db):
    db = shop_db
    act(db, "acc", add_service, "IT-SALES", "IT support for Sales", provider="IT", receiver="SALES", fee=5000000,
        valid_from=START)
    act(db, "acc", add_allocation, "HEADS", "Rent by headcount", account=RENT, basis="headcount",
        shares=[("SALES", ""), ("IT", ""), ("WH", "")])
    act(db, "acc", add_allocation, "FIXED", "Bank fees by shares", account="5400", basis="fixed",
        shares=[("SALES", "75"), ("ACCT", "25")])
    act(db, "acc", post_manual, entry_date=date(2026, 11, 20), memo="Bank fees",
        lines=[Line("5400", 10001), Line(BANK, -10001)])
    set_day(db, date(2026, 11, 25))
    confirmed_order = confirmed(db, "ANNA", ("MUG", 2))
    from boclerk.services.sales.shipping import ship_order

    act(db, "wh", ship_order, confirmed_order)
    act(db, "acc", add_allocation, "BYSALES", "Marketing by sales", account="5900", basis="account",
        basis_account="4000", source="MKT")
    act(db, "acc", post_manual, entry_date=date(2026, 11, 21), memo="Ads",
        lines=[Line("5900", 700000, "MKT"), Line(BANK, -700000)])
    set_day(db, date(2026, 12, 3))
    run = act(db, "acc", allocate, NOV)
    posted = {d.code: d.entry for d in run.posted}
    assert entry_lines(db, posted["IT-SALES"]) == [(RECHARGES, "SALES", 5000000), (RECHARGES, "IT", -5000000)]
    # staff: SALES 2, IT 2, WH 1 (MGMT's one is not named)
    assert entry_lines(db, posted["HEADS"]) == [(RENT, "SALES", 12000000), (RENT, "IT", 12000000),
                                                (RENT, "WH", 6000000), (RENT, None, -30000000)]
    assert entry_lines(db, posted["FIXED"]) == [("5400", "SALES", 7501), ("5400", "ACCT", 2500), ("5400", None, -10001)]
    assert entry_lines(db, posted["BYSALES"]) == [("5900", "SALES", 700000), ("5900", "MKT", -700000)]
    table = read(db, "acc", pnl_by_department, START, END)
    assert table.before == table.after


def test_nothing_to_share_posts_nothing_and_a_later_run_takes_it(shop_db):
    db = shop_db
    act(db, "acc", add_allocation, "IT-COSTS", "IT costs by headcount", account="5900", basis="headcount", source="IT")
    [deal] = act(db, "acc", allocate, NOV).deals
    assert (deal.entry, deal.note) == (None, "5900 Other expenses carries nothing in IT in November 2026")
    act(db, "acc", post_manual, entry_date=date(2026, 11, 30), memo="Licences",
        lines=[Line("5900", 600000, "IT"), Line(BANK, -600000)])
    [deal] = act(db, "acc", allocate, NOV).posted
    # all six staff: SALES 2, IT 2, WH 1, MGMT 1
    assert entry_lines(db, deal.entry) == [("5900", "IT", 200000), ("5900", "MGMT", 100000), ("5900", "SALES", 200000),
                                           ("5900", "WH", 100000), ("5900", "IT", -600000)]


def test_allocation_is_refused_as_a_clerk_would_understand(shop_db):
    db = shop_db
    refused(db, "acc", Refused, "No allocation rule or service agreement is in force in November 2026", allocate, NOV)
    refused(db, "acc", Refused, "January 2027 has not begun", allocate, parse_period("2027-01"))
    act(db, "acc", add_allocation, "RENT", "Rent", account=RENT, basis="area", shares=[("SALES", "1"), ("WH", "1")],
        valid_from=START)
    act(db, "admin", set_lock_date, date(2026, 11, 30))
    refused(db, "acc", Refused, "the books are locked up to 30.11.2026", allocate, NOV)
    for user in ("clerk", "wh", "viewer"):
        refused(db, user, NotPermitted, "may not allocate costs between departments", allocate, NOV)
    refused(db, "acc", InvalidInput, "add up to 100; these add up to 90", add_allocation, "F", "F", account=RENT,
            basis="fixed", shares=[("SALES", "60"), ("WH", "30")])
    refused(db, "acc", Refused, "1010 Bank is an asset account", add_allocation, "B", "B", account=BANK, basis="area",
            shares=[("SALES", "1"), ("WH", "1")])
    refused(db, "acc", InvalidInput, "not a key", add_allocation, "B", "B", account=RENT, basis="luck")
    refused(db, "acc", InvalidInput, "not a number", add_allocation, "B", "B", account=RENT, basis="area",
            shares=[("SALES", "lots"), ("WH", "1")])
    refused(db, "acc", InvalidInput, "does not charge itself", add_service, "S", "S", provider="IT", receiver="IT",
            fee=1)
    refused(db, "acc", Refused, "The code RENT is taken", add_service, "RENT", "S", provider="IT", receiver="WH", fee=1)


def test_an_ended_deal_posts_its_months_and_no_later_ones(shop_db):
    db = shop_db
    act(db, "acc", add_service, "SUP", "Support", provider="IT", receiver="WH", fee=100000, valid_from=START)
    act(db, "acc", end_deal, "SUP", last_day=date(2026, 11, 15))
    [row] = read(db, "viewer", list_deals)
    assert (row.state, row.valid_to) == ("ended", date(2026, 11, 15))
    assert [d.code for d in act(db, "acc", allocate, NOV).posted] == ["SUP"]
    set_day(db, date(2027, 1, 3))
    refused(db, "acc", Refused, "No allocation rule or service agreement is in force in December 2026", allocate,
            parse_period("2026-12"))
    assert read(db, "viewer", list_deals)[0].posted == ["2026-11"]


def test_split_adds_up_exactly():
    assert split(100, [("A", 1), ("B", 1), ("C", 1)]) == [("A", 34), ("B", 33), ("C", 33)]
    assert split(-100, [("A", 1), ("B", 2)]) == [("A", -33), ("B", -67)]
    assert sum(a for _, a in split(30000000, [("S", 12000), ("W", 25050), ("M", 4000)])) == 30000000
