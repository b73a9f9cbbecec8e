"""``boclerk ledger ...`` and ``boclerk report ...`` as an accountant, an admin and the
others would type them."""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest

from boclerk.dates import format_day

from tests.cli.test_catalog_cli import fails, ok
from tests.services.test_invariants import (
    assert_sound,
    entry_lines,
    snapshot,
    sql,
    sql_one,
)

TODAY = date.today()
EARLIER = TODAY - timedelta(days=3)
MONEY = re.compile(r"^-?\d+\.\d{2}$")


def _json(r):
    return json.loads(ok(r).stdout)


def _entry(cli, *args, user="acc"):
    r = ok(cli("ledger", "entry", *args, "--yes", user=user))
    return r.stdout.strip()


def test_manual_entry_posted_at_once(cli, db):
    number = _entry(cli, "--memo", "Rent", "--dr", "5900:5 000,00:MGMT", "--cr", "1010:5000.00",
                    "--date", EARLIER.isoformat())
    assert re.fullmatch(rf"JE-{EARLIER.year}-\d{{6}}", number)
    assert entry_lines(db, number) == [("5900", "MGMT", 500000), ("1010", None, -500000)]
    shown = _json(cli("ledger", "show", number.lower(), "--json", user="viewer"))
    assert (shown["status"], shown["memo"], shown["entry_date"], shown["total"]) == (
        "posted", "Rent", EARLIER.isoformat(), "5000.00")
    assert shown["lines"] == [
        {"account": "5900", "account_name": "Other expenses", "department": "MGMT", "debit": "5000.00", "credit": "0.00"},
        {"account": "1010", "account_name": "Bank", "department": None, "debit": "0.00", "credit": "5000.00"}]
    table = ok(cli("ledger", "show", number, user="viewer")).stdout
    assert number in table and "Other expenses" in table and "5\u00a0000,00" in table
    split = _entry(cli, "--memo", "Split", "--dr", "5300:100", "--dr", "5200:50,50:WH", "--cr", "1000:150,50",
                   user="admin")
    assert entry_lines(db, split) == [("5300", None, 10000), ("5200", "WH", 5050), ("1000", None, -15050)]
    entries = _json(cli("ledger", "entries", "--json", user="viewer"))
    assert [(e["number"], e["amount"]) for e in entries] == [(split, "150.50"), (number, "5000.00")]
    rows = list(csv.DictReader(io.StringIO(ok(cli("ledger", "entries", "--csv", user="viewer")).stdout)))
    assert [r["number"] for r in rows] == [split, number]
    assert [e["number"] for e in _json(cli("ledger", "entries", "--to", EARLIER.isoformat(), "--json",
                                           user="viewer"))] == [number]
    assert_sound(db)


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--dr", "5900:10,00", "--cr", "1010:9,00"], 1, "The entry does not balance: debits exceed credits by 1,00."),
    (["--dr", "5900:10,00", "--cr", "1200:10,00"], 1, "The account 1200 Inventory moves only with the stock book"),
    (["--dr", "5900:10", "--cr", "1010:10", "--date", "32.12.2025"], 2, "--date: '32.12.2025' is not a date"),
    (["--dr", "5900:12,345", "--cr", "1010:12345"], 2, "amount of 5900: '12,345' is ambiguous"),
    (["--dr", "5900", "--cr", "1010:10"], 2, "'5900' is not a valid line (ACCOUNT:AMOUNT[:DEPARTMENT])"),
    (["--dr", "5900:-10", "--cr", "1010:-10"], 2, "amount of 5900"),
    (["--dr", "9999:10", "--cr", "1010:10"], 2, "There is no account 9999."),
    (["--dr", "5900:10:NOPE", "--cr", "1010:10"], 2, "There is no department NOPE."),
])
def test_bad_entries(cli, db, args, code, message):
    before = snapshot(db)
    fails(cli("ledger", "entry", "--memo", "x", *args, "--yes", user="acc"), code, message)
    assert snapshot(db) == before


def test_one_line_is_not_an_entry(cli, db):
    before = snapshot(db)
    r = cli("ledger", "entry", "--memo", "x", "--dr", "5900:10", "--yes", user="acc")
    assert r.exit_code == 2 and "Traceback" not in r.output  # --cr is required
    assert snapshot(db) == before


@pytest.mark.parametrize("user", ["clerk", "wh", "viewer"])
def test_posting_needs_an_accountant_or_admin(cli, db, user):
    number = _entry(cli, "--memo", "Rent", "--dr", "5900:100", "--cr", "1010:100")
    ok(cli("ledger", "entry", "--memo", "Draft", "--dr", "5900:1", "--cr", "1010:1", "--draft", user="acc"))
    draft = str(_json(cli("ledger", "drafts", "--json", user="viewer"))[0]["id"])
    before = snapshot(db)
    perm = "may not post journal entries"
    fails(cli("ledger", "entry", "--memo", "x", "--dr", "5900:1", "--cr", "1010:1", "--yes", user=user), 3, perm)
    fails(cli("ledger", "entry", "--memo", "x", "--dr", "5900:1", "--cr", "1010:1", "--draft", user=user), 3, perm)
    fails(cli("ledger", "post-draft", draft, "--yes", user=user), 3, perm)
    fails(cli("ledger", "delete-draft", draft, "--yes", user=user), 3, perm)
    fails(cli("ledger", "reverse", number, "--yes", user=user), 3, perm)
    fails(cli("ledger", "recharge", "10", "--from", "IT", "--to", "SALES", "--yes", user=user), 3, perm)
    fails(cli("ledger", "lock", EARLIER.isoformat(), "--yes", user=user), 3, "may not set the lock date")
    fails(cli("ledger", "account-add", "6100", "Ads", "--type", "expense", user=user), 3,
          "may not manage accounts and departments")
    fails(cli("ledger", "department-add", "LOG", "Logistics", user=user), 3, "may not manage accounts")
    fails(cli("ledger", "account-rename", "1010", "Our bank", user=user), 3, "may not manage accounts")
    fails(cli("ledger", "department-rename", "IT", "Tech", user=user), 3, "may not manage accounts")
    assert snapshot(db) == before
    assert [e["number"] for e in _json(cli("ledger", "entries", "--json", user=user))] == [number]


def test_drafts_post_and_delete(cli, db):
    r = ok(cli("ledger", "entry", "--memo", "Accrual", "--dr", "5900:10,00:IT", "--cr", "2000:9,00", "--draft",
               "--json", user="acc"))
    draft = json.loads(r.stdout)["draft"]
    assert f"Saved draft #{draft}; post it with: boclerk ledger post-draft {draft}" in r.stderr
    drafts = _json(cli("ledger", "drafts", "--json", user="viewer"))
    assert [(d["id"], d["memo"], d["amount"], d["number"]) for d in drafts] == [(draft, "Accrual", "10.00", None)]
    assert _json(cli("ledger", "show", f"#{draft}", "--json", user="viewer"))["status"] == "draft"
    before = snapshot(db)
    fails(cli("ledger", "post-draft", str(draft), "--yes", user="acc"), 1,
          "The entry does not balance: debits exceed credits by 1,00.")
    r = cli("ledger", "post-draft", str(draft), user="acc", input="n\n")
    assert r.exit_code == 1
    assert snapshot(db) == before
    ok(cli("ledger", "delete-draft", str(draft), "--yes", user="acc"))
    assert _json(cli("ledger", "drafts", "--json", user="viewer")) == []
    fails(cli("ledger", "delete-draft", str(draft), "--yes", user="acc"), 4, f"There is no draft entry #{draft}.")
    ok(cli("ledger", "entry", "--memo", "Accrual", "--dr", "5900:10,00:IT", "--cr", "2000:10,00", "--draft",
           user="acc"))
    again = _json(cli("ledger", "drafts", "--json", user="viewer"))[0]["id"]
    r = cli("ledger", "post-draft", str(again), user="admin", input="y\n")
    assert r.exit_code == 0
    number = r.stdout.strip().splitlines()[-1]  # the test runner echoes the typed answer before it
    assert entry_lines(db, number) == [("5900", "IT", 1000), ("2000", None, -1000)]
    fails(cli("ledger", "post-draft", str(again), "--yes", user="acc"), 1,
          f"Cannot post draft entry #{again}: it is already posted.")
    fails(cli("ledger", "show", "JE-1999-000001", user="viewer"), 4, "There is no journal entry JE-1999-000001.")
    assert_sound(db)


def test_reversal(cli, db):
    number = _entry(cli, "--memo", "Rent", "--dr", "5900:100", "--cr", "1010:100", "--date", EARLIER.isoformat())
    before = snapshot(db)
    r = cli("ledger", "reverse", number, user="acc", input="n\n")
    assert r.exit_code == 1 and snapshot(db) == before
    fails(cli("ledger", "reverse", number, "--date", (EARLIER - timedelta(days=1)).isoformat(), "--yes", user="acc"), 1,
          f"A reversal cannot be dated before the entry it reverses ({format_day(EARLIER)}).")
    r = ok(cli("ledger", "reverse", number.lower(), "--yes", user="acc"))
    rev = r.stdout.strip()
    assert f"Posted {rev}, reversing {number}." in r.stderr
    assert entry_lines(db, rev) == [("5900", None, -10000), ("1010", None, 10000)]
    assert _json(cli("ledger", "show", number, "--json", user="viewer"))["reversed_by"] == rev
    assert _json(cli("ledger", "show", rev, "--json", user="viewer"))["reverses"] == number
    assert f"reversed by {rev}" in ok(cli("ledger", "show", number, user="viewer")).stdout
    fails(cli("ledger", "reverse", number, "--yes", user="acc"), 1, f"Cannot reverse {number}: it is already reversed (by {rev}).")
    fails(cli("ledger", "reverse", "JE-1999-000001", "--yes", user="acc"), 4, "There is no journal entry")
    ok(cli("product", "add", "MUG-1", "Mug", user="clerk"))
    receipt = json.loads(ok(cli("stock", "receive", "MUG-1", "1", "--cost", "1", "--json", "--yes", user="wh")).stdout)["entry"]
    fails(cli("ledger", "reverse", receipt, "--yes", user="acc"), 1, f"{receipt} was posted by stock")


def test_lock_and_unlock(cli, db):
    day = (TODAY - timedelta(days=5)).isoformat()
    before = snapshot(db)
    r = cli("ledger", "lock", day, user="admin", input="n\n")
    assert r.exit_code == 1 and snapshot(db) == before
    fails(cli("ledger", "lock", (TODAY + timedelta(days=1)).isoformat(), "--yes", user="admin"), 1,
          f"Cannot lock the books beyond today ({format_day(TODAY)}).")
    fails(cli("ledger", "lock", "soon", "--yes", user="admin"), 2, "lock date: 'soon' is not a date")
    fails(cli("ledger", "lock", day, "--yes", user="acc"), 3, "acc (accountant) may not set the lock date.")
    r = cli("ledger", "lock", day, user="acc", input="y\n")  # refused before any question is asked
    assert (r.exit_code, r.stderr.strip()) == (3, "acc (accountant) may not set the lock date.")
    r = ok(cli("ledger", "lock", day, "--yes", user="admin"))
    shown = format_day(TODAY - timedelta(days=5))  # as the shop's locale writes it
    assert r.stderr.strip() == f"Lock date none -> {shown}."
    before = snapshot(db)
    fails(cli("ledger", "entry", "--memo", "Late", "--dr", "5900:1", "--cr", "1010:1", "--date", day, "--yes", user="acc"), 1,
          f"Cannot post on {shown}: the books are locked up to {shown}.")
    fails(cli("ledger", "recharge", "1", "--from", "IT", "--to", "SALES", "--date", day, "--yes", user="acc"), 1, "locked up to")
    assert snapshot(db) == before
    _entry(cli, "--memo", "In time", "--dr", "5900:1", "--cr", "1010:1")
    fails(cli("ledger", "lock", "none", "--yes", user="admin"), 1,
          f"The books are locked up to {shown}; moving the lock date back to none reopens a closed period: "
          "say so with --reopen.")
    r = cli("ledger", "lock", "none", "--reopen", user="admin", input="n\n")
    assert r.exit_code == 1 and "Reopen the books from" in r.stderr and sql_one(db, "SELECT lock_date FROM company")
    r = ok(cli("ledger", "lock", "none", "--reopen", "--yes", user="admin"))
    assert r.stderr.strip() == f"Lock date {format_day(TODAY - timedelta(days=5))} -> none."
    events = json.loads(ok(cli("audit", "--entity", "company", "--json")).stdout)
    assert (events[0]["action"], events[0]["actor"], events[0]["before"], events[0]["after"]) == (
        "ledger.reopen", "admin", {"lock_date": day}, {"lock_date": None})
    _entry(cli, "--memo", "Late", "--dr", "5900:1", "--cr", "1010:1", "--date", day)
    assert sql_one(db, "SELECT lock_date FROM company") is None


def test_recharge(cli, db):
    number = ok(cli("ledger", "recharge", "1 000,00", "--from", "it", "--to", "SALES", "--memo", "Laptops", "--yes",
                    user="acc")).stdout.strip()
    assert entry_lines(db, number) == [("5800", "SALES", 100000), ("5800", "IT", -100000)]
    number = ok(cli("ledger", "recharge", "250", "--from", "SALES", "--to", "MKT", "--account", "4000",
                    "--date", EARLIER.isoformat(), "--yes", user="admin")).stdout.strip()
    assert entry_lines(db, number) == [("4000", "MKT", -25000), ("4000", "SALES", 25000)]
    before = snapshot(db)
    fails(cli("ledger", "recharge", "0", "--from", "IT", "--to", "SALES", "--yes", user="acc"), 2,
          "A recharge needs a positive amount.")
    fails(cli("ledger", "recharge", "10", "--from", "IT", "--to", "IT", "--yes", user="acc"), 2,
          "A recharge moves an amount between two different departments.")
    fails(cli("ledger", "recharge", "10", "--from", "IT", "--to", "SALES", "--account", "1010", "--yes", user="acc"), 1,
          "Recharges move costs or revenue; 1010 Bank is an asset account.")
    fails(cli("ledger", "recharge", "10", "--from", "IT", "--to", "NOPE", "--yes", user="acc"), 2, "There is no department NOPE.")
    fails(cli("ledger", "recharge", "ten", "--from", "IT", "--to", "SALES", "--yes", user="acc"), 2, "'ten' is not an amount.")
    assert snapshot(db) == before
    data = _json(cli("report", "pnl", "--from", EARLIER.isoformat(), "--to", TODAY.isoformat(), "--by-department",
                     "--json", user="viewer"))
    assert [(r["code"], r["department"], r["amount"]) for r in data["rows"]] == [
        ("4000", "MKT", "250.00"), ("4000", "SALES", "-250.00"), ("5800", "IT", "-1000.00"),
        ("5800", "SALES", "1000.00")]
    assert data["departments"] == {
        "IT": {"income": "0.00", "expense": "-1000.00", "profit": "1000.00"},
        "MKT": {"income": "250.00", "expense": "0.00", "profit": "250.00"},
        "SALES": {"income": "-250.00", "expense": "1000.00", "profit": "-1250.00"}}
    assert (data["income"], data["expense"], data["profit"]) == ("0.00", "0.00", "0.00")
    table = ok(cli("report", "pnl", "--from", EARLIER.isoformat(), "--to", TODAY.isoformat(), "--by-department",
                   user="viewer")).stdout
    assert "By department" in table and "IT" in table and "-1\u00a0250,00" in table
    rows = list(csv.reader(io.StringIO(ok(cli("report", "pnl", "--from", EARLIER.isoformat(), "--to",
                                              TODAY.isoformat(), "--by-department", "--csv", user="viewer")).stdout)))
    assert rows[0] == ["code", "name", "type", "department", "amount"]
    assert rows[1:] == [["4000", "Sales revenue", "income", "MKT", "250.00"],
                        ["4000", "Sales revenue", "income", "SALES", "-250.00"],
                        ["5800", "Inter-department recharges", "expense", "IT", "-1000.00"],
                        ["5800", "Inter-department recharges", "expense", "SALES", "1000.00"]]


def test_opening_balances_from_csv(cli, db, tmp_path):
    good = tmp_path / "opening.csv"
    good.write_bytes("account;amount;department\r\n1010;10 000,00;\r\n1000;500,50;\r\n2000;-2 500,00;PURCH\r\n"
                     .encode("cp1251"))
    r = ok(cli("ledger", "opening", str(good), "--date", EARLIER.isoformat(), "--yes", user="acc"))
    number = r.stdout.strip()
    assert f"Posted the opening balances as {number}." in r.stderr
    assert entry_lines(db, number) == [("1010", None, 1000000), ("1000", None, 50050), ("2000", "PURCH", -250000),
                                       ("3900", None, -800050)]
    balanced = tmp_path / "balanced.csv"
    balanced.write_text("account,amount\n1100,70.00\n3900,-70.00\n")
    number = ok(cli("ledger", "opening", str(balanced), "--date", EARLIER.isoformat(), "--yes", user="admin")).stdout.strip()
    assert entry_lines(db, number) == [("1100", None, 7000), ("3900", None, -7000)]
    before = snapshot(db)
    off = tmp_path / "off.csv"
    off.write_text("account,amount\n1100,70.00\n3900,-69.00\n")
    fails(cli("ledger", "opening", str(off), "--yes", user="acc"), 1,
          "The opening balances do not balance against 3900 Opening balances: off by 1,00.")
    stock_line = tmp_path / "stock.csv"
    stock_line.write_text("account,amount\n1200,70.00\n")
    fails(cli("ledger", "opening", str(stock_line), "--yes", user="acc"), 1, "Opening stock is not a ledger balance")
    junk = tmp_path / "junk.csv"
    junk.write_text("account,amount\n1010,10\n1000,lots\n")
    fails(cli("ledger", "opening", str(junk), "--yes", user="acc"), 2, "line 3")
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("account,amount\n8888,10\n")
    fails(cli("ledger", "opening", str(unknown), "--yes", user="acc"), 2, "There is no account 8888.")
    fails(cli("ledger", "opening", str(tmp_path / "none.csv"), "--yes", user="acc"), 2, "There is no file")
    fails(cli("ledger", "opening", str(good), "--yes", user="clerk"), 3, "may not post journal entries")
    fails(cli("ledger", "opening", str(good), "--date", "next week", "--yes", user="acc"), 2, "is not a date")
    assert snapshot(db) == before
    assert_sound(db)


def test_accounts_and_departments(cli, db):
    r = ok(cli("ledger", "account-add", "6100", "Marketing campaigns", "--type", "expense", user="acc"))
    assert r.stderr.strip() == "Added account 6100."
    ok(cli("ledger", "department-add", "log", "Logistics", user="admin"))
    _entry(cli, "--memo", "Ads", "--dr", "6100:999,00:LOG", "--cr", "1010:999,00", "--date", EARLIER.isoformat())
    accounts = {a["code"]: a for a in _json(cli("ledger", "accounts", "--json", user="viewer"))}
    assert (accounts["6100"]["balance"], accounts["1010"]["balance"], accounts["1200"]["role"]) == (
        "999.00", "-999.00", "inventory")
    earlier = {a["code"]: a["balance"] for a in _json(cli("ledger", "accounts", "--at",
                                                          (EARLIER - timedelta(days=1)).isoformat(), "--json",
                                                          user="viewer"))}
    assert earlier["6100"] == "0.00"
    rows = list(csv.DictReader(io.StringIO(ok(cli("ledger", "accounts", "--csv", user="viewer")).stdout)))
    assert {r["code"] for r in rows} >= {"1000", "1200", "3900", "6100"}
    departments = _json(cli("ledger", "departments", "--json", user="viewer"))
    assert {"code": "LOG", "name": "Logistics", "active": True} in departments
    before = snapshot(db)
    fails(cli("ledger", "account-add", "6100", "Again", "--type", "expense", user="acc"), 1,
          "The account 6100 already exists.")
    fails(cli("ledger", "account-add", "6200", "X", "--type", "cost", user="acc"), 2, "'cost' is not an account type")
    fails(cli("ledger", "department-add", "LOG", "Again", user="acc"), 1, "The department LOG already exists.")
    assert snapshot(db) == before
    assert "Logistics" in ok(cli("ledger", "departments", user="viewer")).stdout


# -- reports -----------------------------------------------------------------------------------


@pytest.fixture
def books(cli, db):
    _entry(cli, "--memo", "Capital", "--dr", "1010:1 265 793,29", "--cr", "3000:1 265 793,29",
           "--date", EARLIER.isoformat())
    _entry(cli, "--memo", "Sale", "--dr", "1100:1200", "--cr", "4000:1000:SALES", "--cr", "2300:200",
           "--date", EARLIER.isoformat())
    _entry(cli, "--memo", "Rent", "--dr", "5900:300:MGMT", "--cr", "1010:300")
    ok(cli("product", "add", "MUG-1", "Mug", user="clerk"))
    ok(cli("stock", "receive", "MUG-1", "10", "--cost", "2,00", "--yes", user="wh"))
    return cli


def test_trial_balance_json_csv_and_table(books, db):
    cli = books
    data = _json(cli("report", "trial-balance", "--json", user="viewer"))
    assert data["at"] == TODAY.isoformat()
    assert data["total_debit"] == data["total_credit"] == "1267013.29"
    balances = {r["code"]: (r["debit"], r["credit"], r["balance"]) for r in data["rows"]}
    assert balances["1010"] == ("1265493.29", "0.00", "1265493.29")
    assert balances["3000"] == ("0.00", "1265793.29", "-1265793.29")
    assert balances["1200"] == ("20.00", "0.00", "20.00") and balances["2100"] == ("0.00", "20.00", "-20.00")
    money = [v for r in data["rows"] for k, v in r.items() if k in ("debit", "credit", "balance")]
    assert money and all(isinstance(v, str) and MONEY.match(v) for v in money)
    rows = list(csv.reader(io.StringIO(ok(cli("report", "trial-balance", "--csv", user="viewer")).stdout)))
    assert rows[0] == ["code", "name", "type", "debit", "credit"]
    assert ["1010", "Bank", "asset", "1265493.29", "0.00"] in rows
    table = ok(cli("report", "trial-balance", user="viewer")).stdout
    assert "Total" in table and "1\u00a0267\u00a0013,29" in table
    before = _json(cli("report", "trial-balance", "--at", (EARLIER - timedelta(days=1)).isoformat(), "--json",
                       user="viewer"))
    assert before["rows"] == [] and before["total_debit"] == "0.00"


def test_pnl_and_balance_sheet(books):
    cli = books
    pnl = _json(cli("report", "pnl", "--from", EARLIER.isoformat(), "--to", TODAY.isoformat(), "--json",
                    user="viewer"))
    assert [(r["code"], r["amount"]) for r in pnl["rows"]] == [("4000", "1000.00"), ("5900", "300.00")]
    assert (pnl["income"], pnl["expense"], pnl["profit"]) == ("1000.00", "300.00", "700.00")
    one_day = _json(cli("report", "pnl", "--from", TODAY.isoformat(), "--to", TODAY.isoformat(), "--json",
                        user="viewer"))
    assert one_day["profit"] == "-300.00"
    assert "Profit" in ok(cli("report", "pnl", "--from", EARLIER.isoformat(), "--to", TODAY.isoformat(),
                              user="viewer")).stdout
    fails(cli("report", "pnl", "--from", TODAY.isoformat(), "--to", EARLIER.isoformat(), user="viewer"), 2,
          "The period starts")
    fails(cli("report", "pnl", "--from", "2026-13-01", "--to", TODAY.isoformat(), user="viewer"), 2, "YYYY-MM-DD")
    bs = _json(cli("report", "balance-sheet", "--json", user="viewer"))
    assert bs["assets"] == "1266713.29"
    assert float(bs["liabilities"]) + float(bs["equity"]) == pytest.approx(float(bs["assets"]))
    assert (bs["liabilities"], bs["equity"], bs["earnings"]) == ("220.00", "1266493.29", "700.00")
    table = ok(cli("report", "balance-sheet", user="viewer")).stdout
    assert "Total liabilities and equity" in table and "Earnings not yet closed" in table
    rows = list(csv.reader(io.StringIO(ok(cli("report", "balance-sheet", "--csv", user="viewer")).stdout)))
    assert rows[0] == ["section", "code", "name", "amount"] and ["assets", "1010", "Bank", "1265493.29"] in rows


def test_account_ledger_report(books):
    cli = books
    led = _json(cli("report", "ledger", "1010", "--json", user="viewer"))
    assert (led["opening"], led["closing"]) == ("0.00", "1265493.29")
    assert [(ln["debit"], ln["credit"], ln["balance"]) for ln in led["lines"]] == [
        ("1265793.29", "0.00", "1265793.29"), ("0.00", "300.00", "1265493.29")]
    led = _json(cli("report", "ledger", "1010", "--from", TODAY.isoformat(), "--json", user="viewer"))
    assert (led["opening"], led["closing"], len(led["lines"])) == ("1265793.29", "1265493.29", 1)
    assert led["lines"][0]["memo"] == "Rent"
    rows = list(csv.reader(io.StringIO(ok(cli("report", "ledger", "1010", "--csv", user="viewer")).stdout)))
    assert rows[0] == ["date", "entry", "memo", "dept", "debit", "credit", "balance"] and len(rows) == 3
    assert "Opening balance" in ok(cli("report", "ledger", "bank", user="viewer")).stdout
    fails(cli("report", "ledger", "9999", user="viewer"), 4, "There is no account 9999.")


def test_db_check_after_the_cli_work(books, db):
    assert_sound(db)
    assert sql(db, "SELECT COUNT(*) FROM journal_entry")[0][0] == 4


def test_an_account_and_a_department_are_renamed_and_keep_their_postings(cli, db):
    _entry(cli, "--memo", "Ads", "--dr", "5900:120,00:IT", "--cr", "1010:120,00", "--date", EARLIER.isoformat())
    r = ok(cli("ledger", "account-rename", "1010", "  Bank account at Sber  ", user="acc"))
    assert r.stderr.strip() == "Renamed 1010: Bank -> Bank account at Sber."
    ok(cli("ledger", "department-rename", "it", "Technology", user="admin"))
    accounts = {a["code"]: a for a in _json(cli("ledger", "accounts", "--json", user="viewer"))}
    assert (accounts["1010"]["name"], accounts["1010"]["balance"]) == ("Bank account at Sber", "-120.00")
    assert {"code": "IT", "name": "Technology", "active": True} in _json(cli("ledger", "departments", "--json",
                                                                             user="viewer"))
    assert "Bank account at Sber" in ok(cli("report", "trial-balance", user="viewer")).stdout
    trail = _json(cli("audit", "--json", user="admin"))
    assert any(e["action"] == "account.rename" and e["before"] == {"name": "Bank"} for e in trail), trail
    before = snapshot(db)
    fails(cli("ledger", "account-rename", "9999", "X", user="acc"), 4, "There is no account 9999.")
    fails(cli("ledger", "department-rename", "NOPE", "X", user="acc"), 4, "There is no department NOPE.")
    fails(cli("ledger", "account-rename", "1010", "   ", user="acc"), 2, "A name must not be empty.")
    assert snapshot(db) == before
