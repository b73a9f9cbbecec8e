"""``boclerk show product|po|bill|entry`` are answered before typer is loaded (boclerk/cli/quick.py)
with plain-SQL readers; what they print, on which stream, and their exit codes must be what the
typer commands print, byte for byte, in English and in Russian, as JSON and as text, for every
refusal, and what the typer commands reading through SQLAlchemy's units of work print.

The shop is the one of test_quick_lookups.py, with a purchase order received and billed (an
allowance, a credit note, a payment), a manual entry and its reversal, a draft entry, and a
product archived with barcodes and a description.
"""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from boclerk.db.database import Database
from boclerk.services.catalog.products import edit_product, set_product_active
from boclerk.services.ledger.book import Line, create_draft, post_manual, reverse
from boclerk.services.purchasing.bills import AdjustmentInput, approve_bill, enter_bill, pay_bill
from boclerk.services.purchasing.corrections import NoteLineInput, enter_note
from boclerk.services.purchasing.orders import receive_po
from tests.cli.test_quick_lookups import HEAVY, _both, books  # noqa: F401 (the shop and the two sides)
from tests.services.trade_helpers import SHOP_DAY, act, po, set_day

DAY = SHOP_DAY


@pytest.fixture
def shows(books, location) -> dict:  # noqa: F811 (the fixture imported above)
    db = Database.open(location)
    try:
        set_day(db, DAY)
        number = po(db, "ACME", ("MUG", 10, 50000), ("LAMP", 2, 90000))
        act(db, "wh", receive_po, number)
        bill = act(db, "acc", enter_bill, number, "A-17", DAY,
                   adjustments=[AdjustmentInput(-10000, -2200, 22, "volume discount")]).number
        act(db, "admin", approve_bill, bill)  # held: the allowance makes it differ from the order
        act(db, "acc", enter_note, bill, "CN-1", DAY, [NoteLineInput(-50000, -11000, 22, "2 mugs chipped")])
        act(db, "acc", pay_bill, bill, 100000)
        rent = act(db, "acc", post_manual, entry_date=DAY, memo="Rent",
                   lines=[Line("5900", 500000, "MGMT"), Line("1010", -500000)]).number
        back = act(db, "acc", reverse, rent).number
        draft = act(db, "acc", create_draft, entry_date=DAY, memo="Accrual",
                    lines=[Line("5900", 1000), Line("1010", -1000)])
        act(db, "admin", edit_product, "PAPER", barcodes=["4600000000017", "4600000000024"],
            description="A4, 80 g\nfive hundred sheets")
        act(db, "admin", set_product_active, "PAPER", False)
    finally:
        db.close()
    return {**books, "po": number, "bill": bill, "rent": rent, "back": back, "draft": draft}


def _lines(b: dict) -> list:
    db = b["db"]
    _, year, seq = b["po"].split("-")
    lines = []
    for kind, key in (("product", "MUG"), ("product", "mug"), ("product", "4600000000024"), ("product", "PAPER"),
                      ("product", "DELIVERY"), ("product", " KETTLE "), ("po", b["po"]), ("po", str(int(seq))),
                      ("PO", f"{year}-{int(seq)}"), ("bill", b["bill"]), ("bill", b["bill"].lower()),
                      ("entry", b["rent"]), ("entry", b["back"]), ("entry", f"#{b['draft']}"),
                      ("entry", str(int(b["rent"].rsplit("-", 1)[1])))):
        lines += [["viewer", ["--db", db, "show", kind, key]], ["viewer", ["--db", db, "show", kind, key, "--json"]]]
    return lines + [
        ["viewer", ["--db", db, "show", "product", "NOSUCH"]],
        ["viewer", ["--db", db, "show", "po", "PO-2026-999999", "--json"]],
        ["viewer", ["--db", db, "show", "po", "999"]],
        ["viewer", ["--db", db, "show", "bill", "BILL-1999-000001"]],
        ["viewer", ["--db", db, "show", "entry", "JE-2026-999999"]],
        ["viewer", ["--db", db, "show", "entry", "#999999"]],
        ["viewer", ["--db", db, "show", "entry", "99999999999999999999999"]],
        ["nobody", ["--db", db, "show", "product", "MUG"]],
        ["gone", ["--db", db, "show", "bill", b["bill"], "--json"]],
        ["viewer", ["--db", b["other"], "show", "po", b["po"]]],
        ["viewer", ["--db", b["none"], "show", "entry", b["rent"]]],
    ]


@pytest.mark.parametrize("language", ["C.UTF-8", "ru_RU.UTF-8"])
def test_the_quick_shows_say_what_typer_says(shows, language):
    lines = _lines(shows)
    fast, slow = _both([*lines, ["modules", list(HEAVY)]], language, os.environ.get("BOCLERK_CONFIG", "/dev/null"))
    assert fast.pop() == []  # none of typer, click, rich, Babel, SQLAlchemy, SQLModel loaded
    slow.pop()
    for (_, args), said_fast, said_slow in zip(lines, fast, slow, strict=True):
        assert said_fast == said_slow, args
    said = {" ".join(args[2:]): out for (user, args), out in zip(lines, fast, strict=True)
            if user == "viewer" and args[1] == shows["db"]}
    assert [said[" ".join(args[2:])][2] for _, args in lines[:30]] == [0] * 30
    card = json.loads(said["show product MUG --json"][0])
    assert card["product"]["sku"] == "MUG" and card["levels"][0]["warehouse"] == "MAIN" and card["moves"]
    text = said["show product MUG"][0]
    assert text.startswith("MUG  ") and "━╇━" in text and "MAIN" in text
    paper = json.loads(said["show product PAPER --json"][0])["product"]
    assert (paper["active"], paper["barcodes"]) == (False, ["4600000000017", "4600000000024"])
    assert said["show product 4600000000024"][0] == said["show product PAPER"][0]
    po_ = json.loads(said[f"show po {shows['po']} --json"][0])
    assert [ln["sku"] for ln in po_["lines"]] == ["MUG", "LAMP"] and po_["bills"][0]["number"] == shows["bill"]
    assert said[f"show po {int(shows['po'].rsplit('-', 1)[1])}"][0] == said[f"show po {shows['po']}"][0]
    bill = json.loads(said[f"show bill {shows['bill']} --json"][0])
    assert bill["adjustments"][0]["reason"] == "volume discount" and bill["notes"][0]["kind"] == "credit"
    assert len(bill["payments"]) == 1 and bill["entry"]
    rent = json.loads(said[f"show entry {shows['rent']} --json"][0])
    assert rent["reversed_by"] == shows["back"] and rent["lines"][0]["department"] == "MGMT"
    assert json.loads(said[f"show entry #{shows['draft']} --json"][0])["status"] == "draft"
    refused = [said[" ".join(args[2:])][2] for user, args in lines[30:37]]
    assert refused == [4] * 7
    assert [out[2] for (user, _), out in zip(lines[37:], fast[37:], strict=True)] == [3, 3, 2, 2]
    assert ("Последние движения" if language.startswith("ru") else "Last moves") in text
    assert (", ед. шт," if language.startswith("ru") else ", unit pcs,") in text.splitlines()[1]  # the unit's symbol, not its code


@pytest.mark.parametrize("language", ["C.UTF-8", "ru_RU.UTF-8"])
def test_the_plain_readers_say_what_the_orm_s_units_say(shows, language):
    """sqlite3 or libpq alone against SQLAlchemy's units of work: the same bytes and exit codes."""
    lines = _lines(shows)
    fast, slow = _both(lines, language, os.environ.get("BOCLERK_CONFIG", "/dev/null"), sides=("quick", "orm"))
    for (_, args), said_fast, said_slow in zip(lines, fast, slow, strict=True):
        assert said_fast == said_slow, args


@pytest.mark.parametrize("args", [
    ["show", "product", "MUG"], ["show", "Product", "4600000000017", "--json"], ["show", "po", "17"],
    ["--db", "a.db", "show", "bill", "BILL-2026-000001"], ["show", "entry", "#12", "--json"],
])
def test_the_quick_path_knows_these_shows(args):
    from boclerk.cli.quick import parse

    assert parse(args) is not None


@pytest.mark.parametrize("args", [
    ["show", "product"], ["show", "product", "MUG", "--csv"], ["show", "po", "1", "2"], ["show", "bill", "--help"],
    ["product", "show", "MUG"], ["purchase", "show", "PO-2026-000001"], ["ledger", "show", "JE-2026-000001"],
])
def test_anything_else_still_goes_to_typer(args):
    from boclerk.cli.quick import parse

    assert parse(args) is None
