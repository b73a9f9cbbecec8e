"""``boclerk purchase ...`` by hand: purchase orders, receipts, supplier bills and payments
end to end by commands, with exit codes, sentences and JSON; and ``db check`` catching a
bill's payments changed behind boclerk's back."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest

from tests.services.trade_helpers import changed_tables, execute, level, snapshot

MONEY = re.compile(r"^-?\d+\.\d{2}$")


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


@pytest.fixture
def shop_cli(cli):
    ok(cli("supplier", "add", "ACME", "Acme Supplies", "--tax-id", "7707083893", "--terms", "30", user="acc"))
    ok(cli("supplier", "add", "GLOBEX", "Globex", "--terms", "10", user="clerk"))
    ok(cli("product", "add", "MUG", "Mug", "--price", "1200", "--cost", "500", "--reorder-point", "20",
           "--reorder-qty", "5", "--supplier", "ACME"))
    ok(cli("product", "add", "LAMP", "Lamp", "--price", "3000", "--cost", "1000", "--reorder-point", "2",
           "--reorder-qty", "3", "--supplier", "GLOBEX"))
    ok(cli("product", "add", "BOWL", "Bowl", "--cost", "100", "--reorder-point", "1", "--reorder-qty", "4"))
    ok(cli("product", "add", "PAPER", "Paper", "--kind", "consumable", "--cost", "250"))
    ok(cli("stock", "receive", "MUG", "10", "--cost", "500", "--yes", user="wh"))
    return cli


def create(cli, *args, user="clerk") -> str:
    r = ok(cli("purchase", "create", *args, user=user))
    number = r.stdout.strip()
    assert re.fullmatch(r"PO-\d{4}-\d{6}", number), r.stdout
    return number


def test_the_whole_purchase_workflow_by_commands(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--supplier", "ACME", "--line", "MUG:10:480", "--line", "LAMP:5", "--line", "PAPER:20::IT",
                    "--notes", "spring")
    d = json.loads(ok(cli("purchase", "show", number, "--json", user="viewer")).stdout)
    assert d["status"] == "draft" and d["total"] == "14800.00"  # 4 800.00 + 5 000.00 + 5 000.00
    assert [(ln["sku"], ln["qty"], ln["unit_price"], ln["department"]) for ln in d["lines"]] == [
        ("MUG", "10", "480.00", None), ("LAMP", "5", "1000.00", None), ("PAPER", "20", "250.00", "IT")]
    r = ok(cli("purchase", "send", number))
    assert r.stderr.strip() == f"Sent {number}: sent."
    r = ok(cli("purchase", "receive", number, "--line", "MUG:10", "--line", "LAMP:3", "--line", "PAPER:20", "--yes", user="wh"))
    assert re.fullmatch(rf"Received on {number}: partially received, entry JE-\d{{4}}-\d{{6}}\.", r.stderr.strip())
    assert level(db, "MUG") == (20, 0) and level(db, "LAMP") == (3, 0) and level(db, "PAPER") == (0, 0)
    today = date.today()
    r = ok(cli("purchase", "bill", number, "--number", "INV-1", "--date", today.isoformat(), user="acc"))
    first = r.stdout.strip()
    assert re.fullmatch(r"BILL-\d{4}-\d{6}", first)
    # 4 800.00 + 3 000.00 + 5 000.00 net, plus 22% VAT (2026)
    assert re.fullmatch(rf"Posted {first} \(15\s616,00\), entry JE-\S+\.", r.stderr.strip())
    ok(cli("purchase", "receive", number, "--yes", user="wh"))
    r = ok(cli("purchase", "bill", number, "--number", "INV-2", "--date", today.isoformat(),
               "--line", "LAMP:2:1100"))
    held = r.stdout.strip()
    assert r.stderr.strip() == (f"{held} is held as an exception: LAMP: цена 1\xa0100,00 против согласованной "
                                "1\xa0000,00 (+10,0%). An accountant can approve or reject it.")  # the books' words
    r = cli("purchase", "pay", held, "100", "--yes", user="acc")
    assert (r.exit_code, r.stderr.strip()) == (1, f"Cannot pay {held}: it is held as an exception. Possible when the supplier bill "
                                                  "is posted. Approve it first.")
    r = cli("purchase", "approve", held, "--yes", user="clerk")
    assert r.exit_code == 3 and "may not approve supplier bills" in r.stderr
    r = ok(cli("purchase", "approve", held, "--yes", user="acc"))
    assert re.fullmatch(rf"Approved {held}; posted as JE-\S+\.", r.stderr.strip())
    assert json.loads(ok(cli("purchase", "show", number, "--json")).stdout)["status"] == "billed"
    r = ok(cli("purchase", "pay", first, "10 000", "--ref", "pp-1", "--yes", user="acc"))
    assert re.fullmatch(rf"Paid {first}: posted, entry JE-\S+\.", r.stderr.strip())
    ok(cli("purchase", "pay", first, "5616", "--yes", user="acc"))
    ok(cli("purchase", "pay", held, "2684", "--yes", user="acc"))  # 2 x 1 100.00 and 22%
    d = json.loads(ok(cli("purchase", "show", number, "--json")).stdout)
    assert d["status"] == "closed"
    assert [(b["number"], b["status"], b["total"], b["paid"]) for b in d["bills"]] == [
        (first, "paid", "15616.00", "15616.00"), (held, "paid", "2684.00", "2684.00")]
    assert [h["action"] for h in d["history"]] == ["po.create", "po.send", "po.receive", "po.receive"]
    b = json.loads(ok(cli("purchase", "bill-show", first, "--json", user="viewer")).stdout)
    assert (b["net"], b["vat"], b["bill"]["supplier_ref"], b["bill"]["po"]) == ("12800.00", "2816.00", "INV-1", number)
    assert [(p["amount"], p["reference"]) for p in b["payments"]] == [("10000.00", "pp-1"), ("5616.00", "")]
    assert re.fullmatch(r"JE-\d{4}-\d{6}", b["entry"])
    bills = json.loads(ok(cli("purchase", "bills", "--json", "--supplier", "ACME")).stdout)
    assert [x["number"] for x in bills] == [held, first]
    assert all(MONEY.match(x["total"]) and MONEY.match(x["paid"]) for x in bills)
    text = ok(cli("purchase", "bill-show", held)).stdout
    assert "LAMP" in text and "(INV-2" not in text
    r = ok(cli("db", "check"))
    assert "FAIL" not in r.stdout


def test_suggest_and_create_drafts(shop_cli):
    cli = shop_cli
    groups = json.loads(ok(cli("purchase", "suggest", "--json", user="viewer")).stdout)
    assert [(g["supplier"], [(s["sku"], s["qty"], s["unit_price"]) for s in g["lines"]], g["created"])
            for g in groups] == [("ACME", [("MUG", "10", "500.00")], None), ("GLOBEX", [("LAMP", "3", "1000.00")], None),
                                 (None, [("BOWL", "4", "100.00")], None)]
    r = cli("purchase", "suggest", "--create", user="viewer")
    assert r.exit_code == 3 and "may not manage purchase orders" in r.stderr
    r = ok(cli("purchase", "suggest", "--create", "--json", user="clerk"))
    made = {g["supplier"]: g["created"] for g in json.loads(r.stdout)}
    assert made[None] is None and all(re.fullmatch(r"PO-\d{4}-\d{6}", made[s]) for s in ("ACME", "GLOBEX"))
    drafts = json.loads(ok(cli("purchase", "list", "--status", "draft", "--json")).stdout)
    assert sorted(p["number"] for p in drafts) == sorted([made["ACME"], made["GLOBEX"]])
    r = ok(cli("purchase", "suggest", "--create"))
    assert "BOWL" in r.stdout and "MUG" not in r.stdout
    assert "Products without a preferred supplier were not ordered" in r.stderr
    ok(cli("product", "edit", "BOWL", "--reorder-point", "0"))
    r = ok(cli("purchase", "suggest"))
    assert r.stdout == "" and "Nothing is below its reorder point." in r.stderr
    assert json.loads(ok(cli("purchase", "suggest", "--json")).stdout) == []


def test_wrong_numbers_exit_4(shop_cli):
    cli = shop_cli
    for args, user in [(("send", "PO-2026-000404"), "clerk"), (("cancel", "PO-2026-000404"), "clerk"),
                       (("receive", "PO-2026-000404"), "wh"), (("show", "PO-2026-000404"), "viewer"),
                       (("bill", "PO-2026-000404", "--number", "X", "--date", "2026-01-01"), "acc")]:
        r = cli("purchase", *args, user=user)
        assert (r.exit_code, r.stderr.strip()) == (4, "There is no purchase order PO-2026-000404."), args
    for args, user in [(("approve", "BILL-2026-000404"), "acc"), (("reject", "BILL-2026-000404"), "acc"),
                       (("pay", "BILL-2026-000404", "1"), "acc"), (("bill-show", "BILL-2026-000404"), "viewer")]:
        r = cli("purchase", *args, user=user)
        assert (r.exit_code, r.stderr.strip()) == (4, "There is no supplier bill BILL-2026-000404."), args
    r = cli("purchase", "create", "--supplier", "NOBODY", "--line", "MUG:1")
    assert (r.exit_code, r.stderr.strip()) == (4, "There is no supplier NOBODY.")


def test_wrong_states_duplicates_and_tolerance_exit_1_and_write_nothing(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--supplier", "ACME", "--line", "MUG:10")
    before = snapshot(db)
    r = cli("purchase", "receive", number, "--yes", user="wh")
    assert (r.exit_code, r.stderr.strip()) == (1, f"Cannot receive {number}: it is a draft. Possible when the "
                                                  "purchase order is sent or partially received. Send it to the supplier first.")
    r = cli("purchase", "bill", number, "--number", "B1", "--date", date.today().isoformat())
    assert (r.exit_code, r.stderr.strip()) == (1, f"Cannot enter a bill for {number}: it is a draft. Possible "
                                                  "when the purchase order is sent, partially received, received in full or billed.")
    assert changed_tables(before, snapshot(db)) == []
    ok(cli("purchase", "send", number))
    before = snapshot(db)
    r = cli("purchase", "send", number)
    assert (r.exit_code, r.stderr.strip()) == (1, f"Cannot send {number}: it is already sent. Possible when the "
                                                  "purchase order is a draft.")
    r = cli("purchase", "receive", number, "--line", "MUG:11", "--yes", user="wh")
    assert (r.exit_code, r.stderr.strip()) == (
        1, f"{number}: MUG ordered 10, received 0; 11 more would exceed the over-receipt tolerance (0%).")
    r = cli("purchase", "receive", number, "--line", "LAMP:1", "--yes", user="wh")
    assert (r.exit_code, r.stderr.strip()) == (2, f"{number} has no line for LAMP; its lines are MUG.")
    assert changed_tables(before, snapshot(db)) == []
    ok(cli("purchase", "receive", number, "--line", "MUG:4", "--yes", user="wh"))
    r = cli("purchase", "cancel", number, "--yes")
    assert (r.exit_code, r.stderr.strip()) == (1, (f"Cannot cancel {number}: it is already partially received. "
                                                   "Possible when the purchase order is a draft or sent."))
    day = (date.today() - timedelta(days=1)).isoformat()
    bill = ok(cli("purchase", "bill", number, "--number", "B1", "--date", day)).stdout.strip()
    before = snapshot(db)
    r = cli("purchase", "bill", number, "--number", "B1", "--date", day, "--line", "MUG:1:500")
    assert (r.exit_code, r.stderr.strip()) == (1, f"ACME's bill B1 is already registered as {bill} (boclerk purchase "
                                                  f"bill-show {bill}); another bill of theirs carries a number of its own.")
    assert ok(cli("purchase", "bill-show", bill)).stdout  # the command it names shows the bill
    assert r.stdout == ""
    r = cli("purchase", "bill", number, "--number", "B2", "--date", day)
    assert (r.exit_code, r.stderr.strip()) == (1, f"Everything received on {number} is billed already (boclerk purchase "
                                                  f"show {number}); bill what comes next once it is received.")
    assert "B1" in ok(cli("purchase", "show", number)).stdout  # the command it names shows the PO and its bill
    r = cli("purchase", "pay", bill, "2440,01", "--yes", user="acc")  # 4 x 500.00 and 22% VAT
    assert (r.exit_code, r.stderr.strip()) == (1, f"{bill} has 2\xa0440,00 left to pay; 2\xa0440,01 is too much: pay that much or "
                                                  "less.")
    r = cli("purchase", "approve", bill, "--yes", user="acc")
    assert (r.exit_code, r.stderr.strip()) == (1, f"Cannot approve {bill}: it is already posted. Possible when "
                                                  "the supplier bill is held as an exception.")
    assert changed_tables(before, snapshot(db)) == []
    # a rejected bill frees the supplier's number for the corrected one
    held = ok(cli("purchase", "bill", number, "--number", "B9", "--date", day, "--line", "MUG:5:500")).stdout.strip()
    bills = json.loads(ok(cli("purchase", "bills", "--status", "held", "--json")).stdout)
    assert [(x["number"], x["hold_reason"]) for x in bills] == [(held, "MUG: в счёте 5, получено и не выставлено 0")]
    r = ok(cli("purchase", "reject", held, "--reason", "not delivered", "--yes", user="acc"))
    assert r.stderr.strip() == f"Rejected {held}."
    ok(cli("purchase", "receive", number, "--yes", user="wh"))
    ok(cli("purchase", "bill", number, "--number", "B9", "--date", day))
    ok(cli("db", "check"))


def test_not_permitted_exits_3_and_writes_nothing(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--supplier", "ACME", "--line", "MUG:10")
    before = snapshot(db)
    for args, user, what in [
        (("create", "--supplier", "ACME", "--line", "MUG:1"), "wh", "manage purchase orders"),
        (("create", "--supplier", "ACME", "--line", "MUG:1"), "acc", "manage purchase orders"),
        (("send", number), "viewer", "manage purchase orders"),
        (("cancel", number), "wh", "manage purchase orders"),
        (("receive", number), "acc", "receive purchases"),
        (("bill", number, "--number", "X", "--date", "2026-01-01"), "wh", "enter supplier bills"),
        (("pay", "BILL-2026-000001", "1"), "clerk", "pay supplier bills"),
        (("reject", "BILL-2026-000001"), "wh", "approve supplier bills"),
    ]:
        r = cli("purchase", *args, user=user)
        assert r.exit_code == 3, (args, user, r.output)
        assert f"may not {what}." in r.stderr
    assert changed_tables(before, snapshot(db)) == []


@pytest.mark.parametrize(("args", "message"), [
    (("create", "--supplier", "ACME", "--line", "MUG"), "is not a valid line"),
    (("create", "--supplier", "ACME", "--line", "MUG:x"), "quantity of MUG"),
    (("create", "--supplier", "ACME", "--line", "MUG:1:1,001"), "price of MUG"),
    (("create", "--supplier", "ACME", "--line", "MUG:1", "--expected", "soon"), "--expected"),
    (("bill", "PO-2026-000001", "--number", "X", "--date", "01/13/2026"), "--date: '01/13/2026' is not a date"),
    (("bill", "PO-2026-000001", "--number", "X", "--date", "2026-01-01", "--line", "MUG:1"), "is not a valid bill line"),
    (("receive", "PO-2026-000001", "--line", "MUG:1:2"), "is not a valid line"),
    (("list", "--status", "lost"), "'lost' is not a purchase order status"),
    (("bills", "--status", "lost"), "'lost' is not a bill status"),
])
def test_bad_input_exits_2(shop_cli, db, args, message):
    before = snapshot(db)
    r = shop_cli("purchase", *args)
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert changed_tables(before, snapshot(db)) == []


def test_future_bill_date_exits_2(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--supplier", "ACME", "--line", "MUG:1")
    ok(cli("purchase", "send", number))
    ok(cli("purchase", "receive", number, "--yes", user="wh"))
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    before = snapshot(db)
    r = cli("purchase", "bill", number, "--number", "F", "--date", tomorrow)
    assert (r.exit_code, r.stderr.strip()) == (2, f"The bill date {date.today() + timedelta(days=1):%d.%m.%Y} is in the future.")
    assert changed_tables(before, snapshot(db)) == []


def test_list_json_and_csv(shop_cli):
    cli = shop_cli
    a = create(cli, "--supplier", "ACME", "--line", "MUG:3:499,99")
    b = create(cli, "--supplier", "GLOBEX", "--line", "LAMP:1")
    ok(cli("purchase", "send", b))
    rows = json.loads(ok(cli("purchase", "list", "--json", user="viewer")).stdout)
    assert [(r["number"], r["supplier"], r["status"], r["total"]) for r in rows] == [
        (b, "GLOBEX", "sent", "1000.00"), (a, "ACME", "draft", "1499.97")]
    assert [r["number"] for r in json.loads(ok(cli("purchase", "list", "--status", "open", "--json")).stdout)] == [b]
    assert [r["number"] for r in json.loads(ok(cli("purchase", "list", "--supplier", "acme", "--json")).stdout)] == [a]
    table = list(csv.reader(io.StringIO(ok(cli("purchase", "list", "--csv")).stdout)))
    assert table[0] == ["id", "number", "order_date", "supplier", "supplier_name", "status", "total"]
    assert table[2][1] == a and table[2][-1] == "1499.97"


# -- db check ---------------------------------------------------------------------------------------


def paid_bill(cli) -> str:
    """A bill of a received PO, 100.00 of it paid, and a clean check (its mark) after: the bill's number."""
    number = create(cli, "--supplier", "ACME", "--line", "MUG:2")
    ok(cli("purchase", "send", number))
    ok(cli("purchase", "receive", number, "--yes", user="wh"))
    bill = ok(cli("purchase", "bill", number, "--number", "Z", "--date", date.today().isoformat())).stdout.strip()
    ok(cli("purchase", "pay", bill, "100", "--yes", user="acc"))
    ok(cli("db", "check"))
    return bill


def test_db_check_names_a_bill_whose_paid_is_not_its_payments(shop_cli, db):
    cli = shop_cli
    bill = paid_bill(cli)
    execute(db, "UPDATE supplier_bill SET paid = paid + 1 WHERE number = :n", n=bill)
    r = cli("db", "check")
    assert r.exit_code == 1
    failed = [line[6:] for line in r.stdout.splitlines() if line.startswith("FAIL")]
    assert failed == ["payables booked by bills equal the open bills"]
    assert f"{bill}: paid 10001, payments add up to 10000" in r.stdout
    assert "bills booked 112000 on accounts payable but owe 111999 (minor units)" in r.stdout  # 2 x 500.00 + 22%
    execute(db, "UPDATE supplier_bill SET paid = paid - 1, total = total + 1 WHERE number = :n", n=bill)
    r = cli("db", "check")
    failed = [line[6:] for line in r.stdout.splitlines() if line.startswith("FAIL")]
    assert set(failed) == {"payables booked by bills equal the open bills",
                           "a document's total equals the sum of its lines"}


def test_db_check_names_a_bill_whose_cleared_part_is_not_its_payments_once(shop_cli, db):
    """Under the payables only, once, by the full check and by the check since the mark alike."""
    cli = shop_cli
    bill = paid_bill(cli)
    execute(db, "UPDATE supplier_bill SET paid_base = paid_base + 1 WHERE number = :n", n=bill)
    for args in (("db", "check"), ("db", "check", "--full")):
        r = cli(*args)
        assert r.exit_code == 1, args
        failed = [line[6:] for line in r.stdout.splitlines() if line.startswith("FAIL")]
        assert failed == ["payables booked by bills equal the open bills"], (args, r.stdout)
        assert r.stdout.count(f"{bill}: cleared 10001 of the payable, payments cleared 10000 (minor units)") == 1


def test_refusals_name_the_command_that_resolves_them_and_it_works(shop_cli):
    """An archived product is brought back as the refusal says; a PO with nothing received yet is received
    as the refusal says, and then its bill goes in."""
    import shlex

    cli = shop_cli
    ok(cli("product", "archive", "BOWL", user="clerk"))
    r = cli("purchase", "create", "--supplier", "ACME", "--line", "BOWL:4")
    [named] = re.findall(r"To restore it: (boclerk [^.]*)\.", r.stderr)
    assert (r.exit_code, named) == (1, "boclerk product restore BOWL"), r.stderr
    ok(cli(*shlex.split(named)[1:], user="clerk"))
    number = create(cli, "--supplier", "ACME", "--line", "BOWL:4")
    ok(cli("purchase", "send", number))
    day = (date.today() - timedelta(days=1)).isoformat()
    r = cli("purchase", "bill", number, "--number", "B9", "--date", day)
    [named] = re.findall(r"\((boclerk [^)]*)\)", r.stderr)
    assert (r.exit_code, named) == (1, f"boclerk purchase receive {number}"), r.stderr
    ok(cli(*shlex.split(named)[1:], "--yes", user="wh"))
    assert re.fullmatch(r"BILL-\d{4}-\d{6}", ok(cli("purchase", "bill", number, "--number", "B9", "--date", day))
                        .stdout.strip())
