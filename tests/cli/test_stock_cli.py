"""``boclerk stock ...`` as a warehouse worker, a clerk and a viewer would type it."""

import csv
import io
import json
from datetime import date

import pytest

from tests.cli.test_catalog_cli import fails, ok
from tests.services.test_invariants import (
    assert_sound,
    entry_lines,
    snapshot,
    sql,
    sql_one,
)


@pytest.fixture
def shop(cli, db):
    ok(cli("product", "add", "MUG-1", "Mug", "--category", "Kitchen", "--reorder-point", "20",
           "--barcode", "4600000000017", user="clerk"))
    ok(cli("product", "add", "CUP-1", "Cup", "--category", "Kitchen", "--cost", "1,50", user="clerk"))
    ok(cli("product", "add", "WRAP", "Gift wrapping", "--kind", "service", user="clerk"))
    ok(cli("warehouse", "add", "B", "Back room", user="wh"))
    return cli


def _json(r):
    return json.loads(ok(r).stdout)


def test_receive_adjust_write_off_transfer(shop, db):
    cli = shop
    r = cli("stock", "receive", "MUG-1", "10", "--cost", "2,00", "--json", "--yes", user="wh")
    got = _json(r)
    assert (got["sku"], got["warehouse"], got["qty"], got["value"]) == ("MUG-1", "MAIN", "10", "20.00")
    assert entry_lines(db, got["entry"]) == [("1200", None, 2000), ("2100", None, -2000)]
    assert r.stderr.strip() == f"Received +10 MUG-1 (MAIN), value 20,00, entry {got['entry']}."
    ok(cli("stock", "receive", "4600000000017", "5", "--cost", "2.30", "--yes", user="wh"))
    got = _json(cli("stock", "adjust", "mug-1", "-3", "--reason", "dropped", "--json", "--yes", user="wh"))
    assert (got["qty"], got["value"]) == ("-3", "-6.30")
    assert entry_lines(db, got["entry"]) == [("5100", "WH", 630), ("1200", None, -630)]
    got = _json(cli("stock", "adjust", "MUG-1", "+2", "--reason", "found", "--cost", "5,00", "--json", "--yes", user="admin"))
    assert (got["qty"], got["value"]) == ("2", "10.00")
    got = _json(cli("stock", "adjust", "MUG-1", "1", "--reason", "found", "--json", "--yes", user="wh"))  # at the average
    assert got["value"] == "2.51"  # 14 units worth 35.20: 2.514...
    assert sql_one(db, "SELECT value FROM product_cost") == 3520 + 251
    got = _json(cli("stock", "write-off", "MUG-1", "2", "--reason", "broken", "--json", "--yes", user="wh"))
    assert got["qty"] == "-2"
    got = _json(cli("stock", "transfer", "MUG-1", "4", "--from", "MAIN", "--to", "b", "--json", user="wh"))
    assert (got["warehouse"], got["qty"], got["entry"]) == ("MAIN->B", "4", None)
    levels = _json(cli("stock", "levels", "--json", user="viewer"))
    assert [(x["sku"], x["warehouse"], x["on_hand"], x["available"]) for x in levels] == [
        ("MUG-1", "B", "4", "4"), ("MUG-1", "MAIN", "9", "9")]
    assert_sound(db)


def test_stock_move_by_kind(shop, db):
    cli = shop
    ok(cli("stock", "move", "receipt", "MUG-1", "6", "--cost", "1,00", "--yes", user="wh"))
    ok(cli("stock", "move", "adjustment", "MUG-1", "-1", "--reason", "lost", "--yes", user="wh"))
    ok(cli("stock", "move", "write-off", "MUG-1", "1", "--reason", "broken", "--yes", user="wh"))
    ok(cli("stock", "move", "transfer", "MUG-1", "2", "--to", "B", user="wh"))
    ok(cli("stock", "move", "adjustment", "MUG-1", "+1", "--reason", "found", "--cost", "3", "--yes", user="wh"))
    kinds = [r[0] for r in sql(db, "SELECT kind FROM stock_move ORDER BY id")]
    assert kinds == ["receipt", "adjustment", "write_off", "transfer_out", "transfer_in", "adjustment"]
    assert sql(db, "SELECT qty, value FROM stock_move ORDER BY id DESC LIMIT 1") == [(1, 300)]
    before = snapshot(db)
    fails(cli("stock", "move", "teleport", "MUG-1", "1", user="wh"), 2,
          "'teleport' is not a kind of move; choose one of: receipt, adjustment, write-off, transfer.")
    fails(cli("stock", "move", "receipt", "MUG-1", "1", "--yes", user="wh"), 2, "A receipt needs --cost.")
    fails(cli("stock", "move", "transfer", "MUG-1", "1", user="wh"), 2, "A transfer needs --to.")
    assert snapshot(db) == before


def test_refusals_say_why(shop, db):
    cli = shop
    ok(cli("stock", "receive", "MUG-1", "4", "--cost", "1", "--yes", user="wh"))
    before = snapshot(db)
    fails(cli("stock", "adjust", "MUG-1", "-5", "--reason", "lost", "--yes", user="wh"), 1,
          "Cannot take 5 pcs of MUG-1 from MAIN: 4 available (4 on hand, 0 reserved).")
    fails(cli("stock", "write-off", "MUG-1", "5", "--reason", "lost", "--yes", user="wh"), 1, "4 available")
    fails(cli("stock", "transfer", "MUG-1", "5", "--from", "MAIN", "--to", "B", user="wh"), 1, "4 available")
    fails(cli("stock", "receive", "WRAP", "1", "--cost", "1", "--yes", user="wh"), 1,
          "WRAP is a service, which is not kept in stock.")
    fails(cli("stock", "adjust", "CUP-1", "-1", "--reason", "x", "--yes", user="wh"), 1,
          "Cannot take 1 pcs of CUP-1 from MAIN: 0 available (0 on hand, 0 reserved).")
    assert snapshot(db) == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (["receive", "MUG-1", "1,5", "--cost", "1", "--yes"], 2, "'1.5' is not a whole number, and MUG-1 (шт) is counted in whole units"),
    (["receive", "MUG-1", "many", "--cost", "1", "--yes"], 2, "is not a quantity"),
    (["receive", "MUG-1", "0", "--cost", "1", "--yes"], 2, "The quantity must be positive."),
    (["receive", "MUG-1", "1", "--cost", "-1", "--yes"], 2, "--cost:"),
    (["receive", "MUG-1", "1", "--cost", "1,234", "--yes"], 2, "--cost:"),
    (["adjust", "MUG-1", "0", "--reason", "x", "--yes"], 2, "The adjustment must be a non-zero quantity."),
    (["adjust", "MUG-1", "-1", "--reason", " ", "--yes"], 2, "Say why: an adjustment or write-off needs a reason."),
    (["write-off", "MUG-1", "0", "--reason", "x", "--yes"], 2, "The adjustment must be a non-zero quantity."),
    (["transfer", "MUG-1", "1", "--from", "B", "--to", "b"], 2, "A transfer needs two different warehouses."),
    (["receive", "NOPE", "1", "--cost", "1", "--yes"], 4, "There is no product with SKU or barcode 'NOPE'."),
    (["receive", "MUG-1", "1", "--cost", "1", "--warehouse", "ZZ", "--yes"], 2, "There is no warehouse ZZ."),
    (["transfer", "MUG-1", "1", "--from", "MAIN", "--to", "ZZ"], 4, "There is no warehouse ZZ."),
    (["moves", "NOPE"], 4, "There is no product"),
    (["levels", "--warehouse", "ZZ"], 4, "There is no warehouse ZZ."),
])
def test_bad_input_and_unknown_records(shop, db, args, code, message):
    before = snapshot(db)
    fails(shop("stock", *args, user="wh"), code, message)
    assert snapshot(db) == before


def test_write_off_of_a_negative_quantity_is_a_usage_error(shop, db):
    before = snapshot(db)
    r = shop("stock", "write-off", "MUG-1", "-1", "--reason", "x", user="wh")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert snapshot(db) == before


@pytest.mark.parametrize("user", ["acc", "clerk", "viewer"])
def test_moving_stock_needs_warehouse_or_admin(shop, db, user):
    cli = shop
    ok(cli("stock", "receive", "MUG-1", "4", "--cost", "1", "--yes", user="wh"))
    before = snapshot(db)
    for args in (["receive", "MUG-1", "1", "--cost", "1"], ["adjust", "MUG-1", "-1", "--reason", "x"],
                 ["write-off", "MUG-1", "1", "--reason", "x"], ["transfer", "MUG-1", "1", "--from", "MAIN", "--to", "B"],
                 ["move", "receipt", "MUG-1", "1", "--cost", "1"]):
        fails(cli("stock", *args, user=user), 3, "may not move stock")
    assert snapshot(db) == before
    assert _json(cli("stock", "levels", "--json", user=user))[0]["on_hand"] == "4"


def test_locked_books_refuse_stock_acts(shop, db):
    cli = shop
    ok(cli("ledger", "lock", date.today().isoformat(), "--yes", user="admin"))
    before = snapshot(db)
    fails(cli("stock", "receive", "MUG-1", "1", "--cost", "1", "--yes", user="wh"), 1, "the books are locked up to")
    assert snapshot(db) == before


def test_levels_below_reorder_and_moves(shop, db):
    cli = shop
    ok(cli("stock", "receive", "MUG-1", "10", "--cost", "2", "--yes", user="wh"))
    ok(cli("stock", "receive", "MUG-1", "5", "--cost", "2,30", "--warehouse", "B", "--yes", user="wh"))
    ok(cli("stock", "receive", "CUP-1", "3", "--cost", "1", "--yes", user="wh"))
    below = _json(cli("stock", "levels", "--below-reorder", "--json", user="viewer"))
    assert [(x["sku"], x["warehouse"], x["below_reorder"], x["reorder_point"]) for x in below] == [
        ("MUG-1", "B", True, "20"), ("MUG-1", "MAIN", True, "20")]
    assert [x["sku"] for x in _json(cli("stock", "levels", "-w", "B", "--json", user="viewer"))] == ["MUG-1"]
    table = ok(cli("stock", "levels", "--below-reorder", user="viewer")).stdout
    assert "REORDER" in table and "CUP-1" not in table
    rows = list(csv.DictReader(io.StringIO(ok(cli("stock", "levels", "--csv", user="viewer")).stdout)))
    assert [(r["sku"], r["warehouse"], r["on_hand"]) for r in rows] == [
        ("CUP-1", "MAIN", "3"), ("MUG-1", "B", "5"), ("MUG-1", "MAIN", "10")]
    ok(cli("stock", "adjust", "MUG-1", "-2", "--reason", "broken", "--yes", user="wh"))
    moves = _json(cli("stock", "moves", "MUG-1", "--json", user="viewer"))
    assert [(m["warehouse"], m["kind"], m["qty"], m["value"], m["running_qty"]) for m in moves] == [
        ("MAIN", "adjustment", "-2", "-4.20", "13"), ("B", "receipt", "5", "11.50", "15"),
        ("MAIN", "receipt", "10", "20.00", "10")]
    moves = _json(cli("stock", "moves", "MUG-1", "-w", "MAIN", "--json", user="viewer"))
    assert [m["running_qty"] for m in moves] == ["8", "10"]
    table = ok(cli("stock", "moves", "MUG-1", user="viewer")).stdout
    assert "adjustment" in table and "broken" in table
    ok(cli("product", "archive", "CUP-1", user="clerk"))  # its stock stays, marked
    table = ok(cli("stock", "levels", user="viewer")).stdout
    assert "Cup (archived)" in table and "Mug (archived)" not in table
    assert [x["active"] for x in _json(cli("stock", "levels", "--json", user="viewer"))] == [False, True, True]


# -- stocktake ---------------------------------------------------------------------------------


def test_count_open_enter_diff_post(shop, db):
    cli = shop
    ok(cli("stock", "receive", "MUG-1", "10", "--cost", "2", "--yes", user="wh"))
    ok(cli("stock", "receive", "MUG-1", "5", "--cost", "2,30", "--yes", user="wh"))
    r = ok(cli("stock", "count", "open", "--category", "Kitchen", user="wh"))
    number = r.stdout.strip()
    assert number.startswith("CNT-") and "0 of 2 lines counted, open" in r.stderr
    fails(cli("stock", "count", "open", user="wh"), 1, f"MAIN already has an open count, {number}")
    r = ok(cli("stock", "count", "enter", number, "4600000000017:10", "MUG-1:1", "--add", user="wh"))
    assert "1 of 2 lines counted" in r.stderr
    ok(cli("stock", "count", "enter", number.lower(), "mug-1:1", "CUP-1:2", "--add", user="acc"))
    diff = _json(cli("stock", "count", "diff", number, "--json", user="viewer"))
    assert [(d["sku"], d["expected"], d["on_hand"], d["counted"], d["difference"], d["value"]) for d in diff] == [
        ("CUP-1", "0", "0", "2", "2", "3.00"), ("MUG-1", "15", "15", "12", "-3", "-6.30")]
    rows = list(csv.DictReader(io.StringIO(ok(cli("stock", "count", "diff", number, "--all", "--csv",
                                                  user="viewer")).stdout)))
    assert [(x["sku"], x["difference"]) for x in rows] == [("CUP-1", "2"), ("MUG-1", "-3")]  # a number, not text
    before = snapshot(db)
    r = cli("stock", "count", "post", number, user="wh", input="n\n")  # asked, and declined
    assert r.exit_code == 1 and snapshot(db) == before
    info = _json(cli("stock", "count", "post", number, "--yes", "--json", user="wh"))
    assert (info["status"], info["counted"], info["lines"]) == ("posted", 2, 2)
    assert entry_lines(db, info["entry"]) == [("1200", None, 300), ("4200", "WH", -300),
                                              ("5100", "WH", 630), ("1200", None, -630)]
    shown = _json(cli("stock", "count", "show", number, "--json", user="viewer"))
    assert shown["entry"] == info["entry"] and shown["status"] == "posted"
    assert number in ok(cli("stock", "count", "show", number, user="viewer")).stdout
    fails(cli("stock", "count", "post", number, "--yes", user="wh"), 1, f"Cannot post {number}: it is already posted.")
    fails(cli("stock", "count", "enter", number, "MUG-1:1", user="wh"), 1,
          f"Cannot enter counts for {number}: it is already posted.")
    assert_sound(db)


def test_count_confirm_yes_and_cancel(shop, db):
    cli = shop
    number = ok(cli("stock", "count", "open", user="wh")).stdout.strip()
    ok(cli("stock", "count", "enter", number, "CUP-1:1", user="wh"))
    r = cli("stock", "count", "post", number, user="wh", input="y\n")
    assert r.exit_code == 0 and "Posted" in r.stderr
    other = ok(cli("stock", "count", "open", "-w", "B", user="wh")).stdout.strip()
    r = ok(cli("stock", "count", "cancel", other, "--yes", user="wh"))
    assert "cancelled" in r.stderr
    fails(cli("stock", "count", "cancel", other, "--yes", user="wh"), 1, f"Cannot cancel {other}: it is already cancelled.")
    fails(cli("stock", "count", "show", "CNT-1999-000001", user="viewer"), 4, "There is no stock count CNT-1999-000001.")


def test_count_entries_from_a_csv_file(shop, db, tmp_path):
    cli = shop
    number = ok(cli("stock", "count", "open", user="wh")).stdout.strip()
    semicolons = tmp_path / "count.csv"
    semicolons.write_bytes("sku;counted_qty\r\nMUG-1;7\r\n4600000000017;2\r\ncup-1;1 000\r\n".encode("cp1251"))
    r = ok(cli("stock", "count", "enter", number, "--file", str(semicolons), "--add", user="wh"))
    assert "2 of 2 lines counted" in r.stderr
    assert sql(db, "SELECT p.sku, l.counted FROM stock_count_line l JOIN product p ON p.id = l.product_id "
                   "ORDER BY p.sku") == [("CUP-1", 1000), ("MUG-1", 9)]
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffBarcode,Qty\n4600000000017,4\n".encode())
    ok(cli("stock", "count", "enter", number, "--file", str(bom), user="wh"))
    assert sql_one(db, "SELECT counted FROM stock_count_line l JOIN product p ON p.id = l.product_id "
                       "WHERE p.sku = 'MUG-1'") == 4
    before = snapshot(db)
    cyrillic = tmp_path / "cyr.csv"
    cyrillic.write_bytes("sku;counted_qty\nMUG-1;3\nКРУЖКА-7;2\n".encode("cp1251"))
    fails(cli("stock", "count", "enter", number, "--file", str(cyrillic), user="wh"), 4,
          "Unknown SKU or barcode: КРУЖКА-7.")
    negative = tmp_path / "neg.csv"
    negative.write_bytes(b"sku;counted_qty\nMUG-1;3\nCUP-1;-1\n")
    r = fails(cli("stock", "count", "enter", number, "--file", str(negative), user="wh"), 2, "line 3")
    assert "counted_qty" in r.stderr
    extra = tmp_path / "extra.csv"
    extra.write_bytes(b"sku;counted_qty;shelf\nMUG-1;3;A1\n")
    fails(cli("stock", "count", "enter", number, "--file", str(extra), user="wh"), 2, "unknown column")
    fails(cli("stock", "count", "enter", number, "--file", str(tmp_path / "missing.csv"), user="wh"), 2,
          "There is no file")
    fails(cli("stock", "count", "enter", number, "MUG-1", user="wh"), 2, "is not a valid count entry")
    fails(cli("stock", "count", "enter", number, "MUG-1:-2", user="wh"), 2, "count of MUG-1")
    fails(cli("stock", "count", "enter", number, user="wh"), 2, "Give SKU:QTY entries or --file.")
    fails(cli("stock", "count", "enter", number, "WRAP:1", user="wh"), 1, "WRAP is a service")
    assert snapshot(db) == before


@pytest.mark.parametrize("user", ["clerk", "viewer"])
def test_counting_needs_the_right_role(shop, db, user):
    cli = shop
    number = ok(cli("stock", "count", "open", user="acc")).stdout.strip()
    before = snapshot(db)
    fails(cli("stock", "count", "open", "-w", "B", user=user), 3, "may not count stock")
    fails(cli("stock", "count", "enter", number, "MUG-1:1", user=user), 3, "may not count stock")
    fails(cli("stock", "count", "post", number, "--yes", user=user), 3, "may not count stock")
    fails(cli("stock", "count", "cancel", number, "--yes", user=user), 3, "may not count stock")
    assert snapshot(db) == before
    assert _json(cli("stock", "count", "show", number, "--json", user=user))["status"] == "open"


def test_count_refused_below_reserved_and_when_locked(shop, db):
    cli = shop
    from boclerk.services.catalog import products as catalog
    from boclerk.services.stock import book as stock

    ok(cli("stock", "receive", "MUG-1", "5", "--cost", "1", "--yes", user="wh"))
    with db.write("admin") as uow:
        stock.reserve(uow, catalog.product(uow, "MUG-1"), catalog.warehouse(uow), 3, source_kind="order",
                      source_ref="SO-1", source_line=1)
    number = ok(cli("stock", "count", "open", user="wh")).stdout.strip()
    ok(cli("stock", "count", "enter", number, "MUG-1:2", user="wh"))
    before = snapshot(db)
    fails(cli("stock", "count", "post", number, "--yes", user="wh"), 1,
          "MUG-1: counted 2 but 3 are reserved in MAIN; release or ship those reservations first.")
    assert snapshot(db) == before
    ok(cli("stock", "count", "enter", number, "MUG-1:4", user="wh"))
    ok(cli("ledger", "lock", date.today().isoformat(), "--yes", user="admin"))
    before = snapshot(db)
    fails(cli("stock", "count", "post", number, "--yes", user="wh"), 1, "the books are locked up to")
    assert snapshot(db) == before


def test_stock_valuation_report(shop, db):
    cli = shop
    ok(cli("stock", "receive", "MUG-1", "10", "--cost", "2", "--yes", user="wh"))
    ok(cli("stock", "receive", "MUG-1", "5", "--cost", "2,30", "--warehouse", "B", "--yes", user="wh"))
    ok(cli("stock", "transfer", "MUG-1", "3", "--from", "B", "--to", "MAIN", user="wh"))
    data = _json(cli("report", "stock-valuation", "--json", user="viewer"))
    assert [(r["sku"], r["warehouse"], r["qty"], r["value"]) for r in data["rows"]] == [
        ("MUG-1", "B", "2", "5.20"), ("MUG-1", "MAIN", "13", "26.30")]  # 3 left B at the 2.10 average
    assert data["total"] == data["inventory_account"] == "31.50"
    yesterday = date.fromordinal(date.today().toordinal() - 1).isoformat()
    assert _json(cli("report", "stock-valuation", "--at", yesterday, "--json", user="viewer"))["rows"] == []
    rows = list(csv.reader(io.StringIO(ok(cli("report", "stock-valuation", "--csv", user="viewer")).stdout)))
    assert rows == [["sku", "name", "warehouse", "qty", "value"], ["MUG-1", "Mug", "B", "2", "5.20"],
                    ["MUG-1", "Mug", "MAIN", "13", "26.30"]]
    assert "Total (inventory account 31,50)" in ok(cli("report", "stock-valuation", user="viewer")).stdout
