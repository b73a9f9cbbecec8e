"""``--csv`` and ``boclerk export csv`` write through one writer: numbers as numbers,
text that a spreadsheet would run as a formula neutralised."""

from __future__ import annotations

import csv
import io

from tests.cli.test_catalog_cli import ok


def _lines(r) -> list[str]:
    return ok(r).stdout.splitlines()


def _rows(r) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(r).stdout)))


def test_stock_moves_and_export_write_the_same_numbers(cli):
    ok(cli("product", "add", "MUG-1", "Mug", "--cost", "50", user="clerk"))
    ok(cli("stock", "receive", "MUG-1", "10", "--cost", "50", "--yes", user="wh"))
    ok(cli("stock", "adjust", "MUG-1", "-3", "--reason", "-broken=1", "--yes", user="wh"))
    moves = _rows(cli("stock", "moves", "MUG-1", "--csv", user="viewer"))
    assert [(m["kind"], m["qty"], m["value"], m["running_qty"], m["reason"]) for m in moves] == [
        ("adjustment", "-3", "-150.00", "7", "'-broken=1"), ("receipt", "10", "500.00", "10", "")]
    line = _lines(cli("stock", "moves", "MUG-1", "--csv", user="viewer"))[1]
    assert ",-3,-150.00,7," in line and "'-3" not in line
    postings = _rows(cli("export", "csv", "postings"))
    assert sorted(p["amount"] for p in postings) == ["-150.00", "-500.00", "150.00", "500.00"]


def test_report_csv_amounts_are_numbers(cli):
    ok(cli("product", "add", "MUG-1", "Mug", user="clerk"))
    ok(cli("stock", "receive", "MUG-1", "4", "--cost", "2,50", "--yes", user="wh"))
    valuation = _rows(cli("report", "stock-valuation", "--csv", user="viewer"))
    assert [(v["sku"], v["qty"], v["value"]) for v in valuation] == [("MUG-1", "4", "10.00")]
    ledger = _rows(cli("report", "ledger", "2100", "--csv", user="viewer"))
    assert [(e["debit"], e["credit"], e["balance"]) for e in ledger] == [("0.00", "10.00", "-10.00")]
    assert _lines(cli("report", "ledger", "2100", "--csv", user="viewer"))[1].endswith(",0.00,10.00,-10.00")
