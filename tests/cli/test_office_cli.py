"""``boclerk office ...`` and ``boclerk ledger allocate`` by hand: each item of the office's
"Done when" by commands, with exit codes, sentences and JSON, and bad input refused with one
sentence and nothing written."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from tests.services.trade_helpers import changed_tables, snapshot

TODAY = date.today()
MONTH = f"{TODAY:%Y-%m}"


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


def said(r) -> str:
    """What a command said on stderr, with the locale's no-break spaces as plain ones."""
    return r.stderr.strip().replace("\xa0", " ")


def number_of(r, prefix: str) -> str:
    found = re.search(rf"{prefix}-\d{{4}}-\d{{6}}", r.stdout)
    assert found, (r.stdout, r.stderr)
    return found.group(0)


@pytest.fixture
def office_cli(cli):
    ok(cli("supplier", "add", "ACME", "Acme Supplies", user="clerk"))
    for sku, name, cost, category in (("TEA", "Tea", "300", "Kitchen"), ("PAPER", "Paper A4", "250", "Stationery"),
                                      ("CART", "Cartridge", "4500", "Cartridges")):
        ok(cli("product", "add", sku, name, "--kind", "consumable", "--cost", cost, "--category", category,
               "--supplier", "ACME"))
    ok(cli("product", "add", "LAPTOP", "Laptop", "--kind", "consumable", "--cost", "140000", "--supplier", "ACME",
           "--expense-account", "5350"))
    ok(cli("office", "staff", "add", "IVANOVA", "Maria Ivanova", "--dept", "SALES", "--login", "clerk"))
    ok(cli("office", "staff", "add", "SIDOROV", "Ivan Sidorov", "--dept", "IT", "--login", "viewer", user="acc"))
    return cli


def test_tea_and_paper_with_it_cartridges_on_one_po_land_on_the_right_departments(office_cli, db):
    cli = office_cli
    sales = number_of(ok(cli("office", "ask", "--line", "TEA:2", "--line", "PAPER:5", user="clerk")), "REQ")
    it = number_of(ok(cli("office", "ask", "--line", "CART:1", user="viewer")), "REQ")
    mine = json.loads(ok(cli("office", "requests", "--mine", "--json", user="viewer")).stdout)
    assert [(r["number"], r["department"], r["state"], r["total"]) for r in mine] == [(it, "IT", "open", "4500.00")]
    ok(cli("office", "approve", sales, user="clerk"))
    r = ok(cli("office", "approve", it, user="clerk"))
    assert r.stderr.strip() == f"{it}: approved."
    r = ok(cli("office", "order", user="clerk"))
    po = r.stdout.strip()
    assert said(r) == f"Created {po} (draft) for ACME: {sales}, {it}, 6 350,00 net."
    ok(cli("purchase", "send", po, user="clerk"))
    ok(cli("purchase", "receive", po, "--yes", user="wh"))
    assert json.loads(ok(cli("office", "request", it, "--json", user="viewer")).stdout)["state"] == "received"
    pnl = json.loads(ok(cli("report", "pnl", "--from", TODAY.isoformat(), "--to", TODAY.isoformat(),
                            "--by-department", "--json", user="acc")).stdout)
    assert pnl["departments"]["SALES"]["expense"] == "1850.00" and pnl["departments"]["IT"]["expense"] == "4500.00"


def test_a_laptop_is_capitalised_and_depreciated_once_a_month(office_cli, db):
    cli = office_cli
    po = ok(cli("purchase", "create", "--supplier", "ACME", "--line", "LAPTOP:1::IT", user="clerk")).stdout.strip()
    ok(cli("purchase", "send", po, user="clerk"))
    ok(cli("purchase", "receive", po, "--yes", user="wh"))
    r = ok(cli("purchase", "bill", po, "--number", "INV-9", "--date", TODAY.isoformat(), user="acc"))
    bill = re.search(r"BILL-\d{4}-\d{6}", r.stderr).group(0)
    r = cli("office", "equipment", "add", "Laptop", "--bill", bill, user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (2, "A fixed asset (cost 140\xa0000,00) needs its useful life in months "
                                                   "(1 to 600).")
    r = ok(cli("office", "equipment", "add", "Laptop", "--bill", bill, "--life", "36", "--holder", "SIDOROV",
               user="clerk"))
    item = r.stdout.strip()
    assert re.fullmatch(rf"Registered {item}, 140 000,00: a fixed asset, capitalised by JE-\d{{4}}-\d{{6}}\.",
                        said(r))
    shown = json.loads(ok(cli("office", "equipment", "show", item, "--json", user="viewer")).stdout)
    assert (shown["fixed_asset"], shown["cost"], shown["holder"], shown["department"]) == (True, "140000.00",
                                                                                           "SIDOROV", "IT")
    r = ok(cli("office", "depreciate", "--period", MONTH, "--yes", user="acc"))
    from boclerk.dates import format_month

    month = format_month(int(MONTH.replace("-", "")), "en")  # "November 2026": a sentence says it in words
    assert r.stderr.strip() == f"No fixed asset is due for depreciation in {month}; nothing was posted."
    later = (TODAY.replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    r = cli("office", "depreciate", "--period", later, "--yes", user="acc")
    in_words = format_month(int(later.replace("-", "")), "en")  # the service's sentence says it in words
    assert later not in in_words
    assert (r.exit_code, r.stderr.strip()) == (1, f"{in_words} has not begun; depreciation is posted for months "
                                                  "that have.")
    r = cli("office", "depreciate", "--period", MONTH, user="acc")
    assert r.exit_code == 2 and "add --yes to go ahead" in r.stderr
    r = cli("office", "depreciate", "--period", MONTH, "--yes", user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (3, "clerk (clerk) may not post journal entries.")


def test_a_supplier_contract_shows_what_was_billed_and_a_lease_is_on_the_reminders(office_cli, db):
    cli = office_cli
    supply = ok(cli("office", "contract", "add", "Supplies 2026", "--party", "supplier:ACME", "--amount", "100000",
                    "--responsible", "IVANOVA", user="clerk")).stdout.strip()
    ok(cli("office", "contract", "sign", supply, "--yes", user="clerk"))
    po = ok(cli("purchase", "create", "--supplier", "ACME", "--line", "CART:2::IT", user="clerk")).stdout.strip()
    ok(cli("purchase", "send", po, user="clerk"))
    ok(cli("purchase", "receive", po, "--yes", user="wh"))
    ok(cli("purchase", "bill", po, "--number", "A-1", "--date", TODAY.isoformat(), user="acc"))
    ok(cli("office", "contract", "attach", supply, po, user="clerk"))
    d = json.loads(ok(cli("office", "contract", "show", supply, "--json", user="viewer")).stdout)
    assert (d["amount"], d["billed"], d["left"]) == ("100000.00", "10980.00", "89020.00")
    lease = ok(cli("office", "contract", "add", "Office lease", "--party", "other:Neva LLC",
                   "--to", (TODAY + timedelta(days=45)).isoformat(), "--renews", "--notice", "30",
                   user="clerk")).stdout.strip()
    ok(cli("office", "contract", "sign", lease, "--yes", user="clerk"))
    reminders = json.loads(ok(cli("office", "reminders", "--json", user="viewer")).stdout)["contracts"]
    assert [(r["number"], r["what"], r["day"], r["days_left"]) for r in reminders] == [
        (lease, "notice", (TODAY + timedelta(days=15)).isoformat(), 15)]
    r = ok(cli("office", "reminders", "--days", "10", user="viewer"))
    assert lease not in r.stdout


def test_novembers_rent_by_floor_area_posts_once_and_the_company_total_holds(office_cli, db):
    cli = office_cli
    start = TODAY.replace(day=1)
    ok(cli("ledger", "entry", "--memo", "Rent", "--dr", "5500:100000", "--cr", "1010:100000", "--date",
           start.isoformat(), "--yes", user="acc"))
    r = ok(cli("office", "rule", "add", "RENT", "Rent by floor area", "--account", "5500", "--basis", "area",
               "--share", "SALES:120", "--share", "WH:250.5", "--share", "MGMT:40", user="acc"))
    assert r.stderr.strip() == "Added allocation rule RENT: 5500 by area over SALES, WH, MGMT."
    r = ok(cli("ledger", "allocate", "--period", MONTH, "--yes", user="acc"))
    entry = r.stdout.strip()
    assert said(r) == f"RENT: posted {entry}, 100 000,00."
    r = ok(cli("ledger", "allocate", "--period", MONTH, "--yes", user="acc"))
    from boclerk.dates import format_month

    month = format_month(int(MONTH.replace("-", "")), "en")  # "November 2026": a sentence says it in words
    assert (r.stdout, r.stderr.strip()) == ("", f"RENT: posted already for {month} ({entry}); nothing changed.")
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)  # the entry is dated the month's end
    d = json.loads(ok(cli("office", "pnl", "--from", start.isoformat(), "--to", end.isoformat(), "--json",
                          user="viewer")).stdout)
    assert d["before"] == d["after"] == "-100000.00"
    rows = {r["department"]: (r["before"], r["after"]) for r in d["departments"]}
    assert rows["-"] == ("-100000.00", "0.00") and rows["WH"] == ("0.00", "-61023.14")
    r = ok(cli("report", "pnl", "--from", start.isoformat(), "--to", end.isoformat(), "--by-department",
               user="viewer"))
    assert "before allocation" in r.stdout and "-61 023,14" in r.stdout.replace("\xa0", " ")


@pytest.mark.parametrize(("args", "code", "sentence"), [
    (["office", "ask", "--line", "TEA"], 2, "'TEA' is not a valid line (SKU:QTY)."),
    (["office", "ask", "--line", "TEA:-1", "--dept", "SALES"], 2, "Line 1 (TEA): '-1' is negative, which is not allowed here."),
    (["office", "ask", "--line", "NOPE:1", "--dept", "SALES"], 4, "There is no product with SKU or barcode 'NOPE'."),
    (["office", "approve", "REQ-2026-999999"], 4, "There is no supply request REQ-2026-999999."),
    (["office", "requests", "--state", "lost"], 2, "'lost' is not a state of a supply request; choose open, "
                                                   "approved, ordered, partially_received, received, rejected "
                                                   "or cancelled."),
    (["office", "budget", "set", "SALES", "Kitchen", "10", "--month", "2026-13"], 2,
     "--month: '2026-13' is not a month; write it as YYYY-MM (for example 2026-11)."),
    (["office", "equipment", "add", "Chair", "--dept", "SALES", "--cost", "abc"], 2, None),
    (["office", "equipment", "condition", "EQ-2026-000001", "broken"], 4,
     "There is no item EQ-2026-000001 in the equipment register."),
    (["office", "contract", "add", "Lease", "--party", "landlord"], 2,
     "'landlord' does not name a counterparty: write supplier:CODE, customer:CODE or other:NAME."),
    (["office", "rule", "add", "R", "Rent", "--account", "1010", "--basis", "area", "--share", "SALES:1",
      "--share", "WH:1"], 1, "Departments share costs and revenue; 1010 Bank is an asset account."),
    (["ledger", "allocate", "--period", "november", "--yes"], 2,
     "--period: 'november' is not a month; write it as YYYY-MM (for example 2026-11)."),
    (["office", "staff", "add", "X", "Someone", "--dept", "SALES"], 3, "viewer (viewer) may not keep the staff list."),
])
def test_bad_input_gets_one_sentence_and_changes_nothing(office_cli, db, args, code, sentence):
    before = snapshot(db)
    r = office_cli(*args, user="viewer" if args[:3] == ["office", "staff", "add"] else "admin")
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    if sentence:
        assert r.stderr.strip() == sentence
    assert changed_tables(before, snapshot(db)) == []


def test_find_and_show_the_offices_records(office_cli, db):
    cli = office_cli
    req = number_of(ok(cli("office", "ask", "--line", "TEA:1", user="clerk")), "REQ")
    item = ok(cli("office", "equipment", "add", "Printer HP LaserJet", "--dept", "SALES", "--cost", "25000",
                  "--serial", "VNB3K41822", user="clerk")).stdout.strip()
    contract = ok(cli("office", "contract", "add", "Lease of office 305", "--party", "other:Neva LLC",
                      "--their-number", "A-118", user="clerk")).stdout.strip()
    for term, kind, key in ((req, "request", req), ("VNB3K41822", "equipment", item), ("laserjet", "equipment", item),
                            ("A-118", "contract", contract), ("office 305", "contract", contract)):
        found = json.loads(ok(cli("find", term, "--json", user="viewer")).stdout)
        assert [(f["kind"], f["key"]) for f in found if f["kind"] == kind] == [(kind, key)], term
    assert json.loads(ok(cli("show", "request", req, "--json", user="viewer")).stdout)["state"] == "open"
    assert json.loads(ok(cli("show", "equipment", item, "--json", user="viewer")).stdout)["serial"] == "VNB3K41822"
    assert json.loads(ok(cli("show", "contract", contract, "--json", user="viewer")).stdout)["state"] == "draft"
