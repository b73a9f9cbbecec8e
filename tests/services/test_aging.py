"""AR and AP aging: open receivables by days since shipment, open payables by days past due,
in buckets at a chosen date; and the same reports through the CLI as JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from boclerk.services.purchasing.bills import BillLineInput, approve_bill, enter_bill, pay_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.purchasing.queries import BUCKETS, ap_aging, ar_aging
from boclerk.services.sales.orders import pay_order
from boclerk.services.sales.shipping import ship_order
from tests.services.trade_helpers import (
    act,
    add_customer,
    assert_sound,
    confirmed,
    po,
    read,
    set_day,
    shop,
    stock_in,
)

AT = date(2025, 6, 30)


@pytest.fixture
def receivables(db):
    """Orders shipped at known distances from AT, some paid in part or in full."""
    set_day(db, date(2025, 3, 1))
    shop(db)
    stock_in(db, "MUG", 40, 50000)
    add_customer(db, "EVE", "=HYPERLINK(\"x\")")  # a name a spreadsheet would run
    made = {}
    for days, customer, qty, paid in [(0, "ANNA", 1, 0), (30, "BORIS", 2, 100000), (31, "ANNA", 1, 0),
                                      (60, "EVE", 1, 20000), (61, "BORIS", 1, 0), (90, "ANNA", 1, 0),
                                      (91, "BORIS", 3, 0), (45, "ANNA", 1, 120000)]:
        set_day(db, AT - timedelta(days=days + 1))
        number = confirmed(db, customer, ("MUG", qty))
        if paid:
            act(db, "acc", pay_order, number, paid)  # paid ahead, before shipping
        set_day(db, AT - timedelta(days=days))
        act(db, "wh", ship_order, number)
        made[days] = number
    # a partial shipment, the rest shipped later: aged from the last shipment
    set_day(db, AT - timedelta(days=100))
    split = confirmed(db, "BORIS", ("MUG", 2))
    act(db, "wh", ship_order, split, [("MUG", 1)])
    set_day(db, AT - timedelta(days=10))
    act(db, "wh", ship_order, split)
    made["split"] = split
    # paid ahead, not shipped: an advance, not a receivable
    made["ahead"] = confirmed(db, "ANNA", ("LAMP", 1))
    act(db, "acc", pay_order, made["ahead"], 100000)
    set_day(db, AT)
    db.made = made
    return db


def test_ar_aging_buckets_at_a_chosen_date(receivables):
    db = receivables
    made = db.made
    report = read(db, "viewer", ar_aging, AT)
    rows = {r.document: r for r in report.rows}
    assert made[45] not in rows and made["ahead"] not in rows  # paid in full / nothing shipped
    expect = {
        made[0]: ("ANNA", 0, "current", 120000),
        made[30]: ("BORIS", 30, "1-30", 240000 - 100000),
        made[31]: ("ANNA", 31, "31-60", 120000),
        made[60]: ("EVE", 60, "31-60", 100000),
        made[61]: ("BORIS", 61, "61-90", 120000),
        made[90]: ("ANNA", 90, "61-90", 120000),
        made[91]: ("BORIS", 91, "over 90", 360000),
        made["split"]: ("BORIS", 10, "1-30", 240000),
    }
    assert {n: (r.party, r.days, r.bucket, r.open) for n, r in rows.items()} == expect
    assert rows[made[91]].day == AT - timedelta(days=91) and rows[made[91]].name == "Boris Ivanov"
    assert rows[made[0]].name == "Anna Petrova"
    assert report.buckets == {"current": 120000, "1-30": 380000, "31-60": 220000, "61-90": 240000,
                              "over 90": 360000}
    assert report.total == sum(report.buckets.values()) == sum(r.open for r in report.rows) == 1320000
    assert list(report.buckets) == list(BUCKETS)
    # oldest first
    assert report.rows[0].document == made[91]
    # thirty days later everything has moved on a bucket or so
    later = read(db, "viewer", ar_aging, AT + timedelta(days=30))
    assert later.buckets == {"current": 0, "1-30": 120000, "31-60": 380000, "61-90": 220000, "over 90": 600000}
    # the default date is today
    assert read(db, "viewer", ar_aging).at == AT
    assert_sound(db)


def test_ar_aging_follows_payments(receivables):
    db = receivables
    act(db, "acc", pay_order, db.made[91], 360000)
    act(db, "acc", pay_order, db.made[30], 40000)
    report = read(db, "viewer", ar_aging, AT)
    assert db.made[91] not in {r.document for r in report.rows}
    assert report.buckets["over 90"] == 0 and report.buckets["1-30"] == 340000


@pytest.fixture
def payables(db):
    """Bills from ACME (30 days) due at known distances from AT."""
    set_day(db, AT)
    shop(db)
    number = po(db, "ACME", ("MUG", 100, 10000))
    act(db, "wh", receive_po, number)
    made = {}
    for key, billed_days_ago, qty in [("future", 10, 1), ("due", 30, 2), ("1", 31, 3), ("31", 61, 4),
                                      ("91", 121, 5), ("paid", 100, 6), ("part", 95, 7)]:
        made[key] = act(db, "acc", enter_bill, number, f"B-{key}", AT - timedelta(days=billed_days_ago),
                        lines=[BillLineInput("MUG", qty, 10000)]).number
    made["held"] = act(db, "acc", enter_bill, number, "B-held", AT - timedelta(days=200),
                       lines=[BillLineInput("MUG", 1, 20000)]).number
    act(db, "acc", pay_bill, made["paid"], 72000)
    act(db, "acc", pay_bill, made["part"], 4000)
    db.made = made
    return db


def test_ap_aging_buckets_by_days_past_due(payables):
    db = payables
    made = db.made
    report = read(db, "viewer", ap_aging, AT)
    rows = {r.document: r for r in report.rows}
    assert made["paid"] not in rows and made["held"] not in rows
    assert {n: (r.party, r.days, r.bucket, r.open) for n, r in rows.items()} == {
        made["future"]: ("ACME", -20, "current", 12000),
        made["due"]: ("ACME", 0, "current", 24000),
        made["1"]: ("ACME", 1, "1-30", 36000),
        made["31"]: ("ACME", 31, "31-60", 48000),
        made["part"]: ("ACME", 65, "61-90", 84000 - 4000),
        made["91"]: ("ACME", 91, "over 90", 60000),
    }
    assert rows[made["due"]].day == AT and rows[made["future"]].day == AT + timedelta(days=20)
    assert report.buckets == {"current": 36000, "1-30": 36000, "31-60": 48000, "61-90": 80000, "over 90": 60000}
    assert report.total == 260000
    assert [r.document for r in report.rows] == [made["91"], made["part"], made["31"], made["1"], made["due"],
                                                 made["future"]]
    # approving the held bill makes it a payable; it was due long ago
    act(db, "acc", approve_bill, made["held"])
    report = read(db, "viewer", ap_aging, AT)
    assert report.buckets["over 90"] == 60000 + 24000
    earlier = read(db, "viewer", ap_aging, AT - timedelta(days=31))
    assert earlier.buckets["current"] == 12000 + 24000 + 36000 + 48000  # none was past due a month earlier
    assert earlier.buckets["31-60"] == 80000 + 60000
    assert_sound(db)


# -- through the CLI ---------------------------------------------------------------------------------


def test_ar_aging_json_and_csv(receivables, cli):
    r = cli("report", "ar-aging", "--at", AT.isoformat(), "--json", user="viewer")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["at"] == "2025-06-30" and data["total"] == "13200.00"
    assert data["buckets"] == {"current": "1200.00", "1-30": "3800.00", "31-60": "2200.00", "61-90": "2400.00",
                               "over 90": "3600.00"}
    first = data["rows"][0]
    assert first == {"party": "BORIS", "name": "Boris Ivanov", "document": receivables.made[91],
                     "day": "2025-03-31", "days": 91, "bucket": "over 90", "open": "3600.00",
                     "open_in_currency": ""}
    r = cli("report", "ar-aging", "--at", AT.isoformat(), "--csv", user="viewer")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["party", "name", "document", "shipped", "days", "bucket", "open"]
    assert rows[1] == ["BORIS", "Boris Ivanov", receivables.made[91], "2025-03-31", "91", "over 90", "3600.00"]
    eve = next(row for row in rows if row[0] == "EVE")
    assert eve[1] == "'=HYPERLINK(\"x\")"  # neutralised for spreadsheets
    assert len(rows) == 1 + 8
    r = cli("report", "ar-aging", "--at", AT.isoformat(), user="viewer")
    assert r.exit_code == 0 and receivables.made[91] in r.stdout
    r = cli("report", "ar-aging", "--at", AT.strftime("%d.%m.%Y"), user="viewer")  # as the screens show a day
    assert r.exit_code == 0 and receivables.made[91] in r.stdout
    r = cli("report", "ar-aging", "--at", "31.06.2026")
    assert r.exit_code == 2 and "is not a date" in r.stderr


def test_ap_aging_json_and_csv(payables, cli):
    r = cli("report", "ap-aging", "--at", AT.isoformat(), "--json", user="wh")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["total"] == "2600.00"
    assert data["buckets"]["61-90"] == "800.00"
    assert [row["days"] for row in data["rows"]] == [91, 65, 31, 1, 0, -20]
    assert all(isinstance(row["open"], str) and row["open"].count(".") == 1 and len(row["open"].split(".")[1]) == 2
               for row in data["rows"])
    r = cli("report", "ap-aging", "--at", AT.isoformat(), "--csv")
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["party", "name", "document", "due", "days", "bucket", "open"]
    assert rows[-1] == ["ACME", "Acme Supplies", payables.made["future"], "2025-07-20", "-20", "current", "120.00"]  # numbers, not text
