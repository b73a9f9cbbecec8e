"""Absurd input that fits the columns but no business: refused with one sentence, as a user meets it."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from boclerk.domain.bounds import MAX_LEVEL, MAX_QTY, shown
from boclerk.errors import InvalidInput, Refused
from boclerk.services.catalog import partners
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.platform.checks import run_checks
from boclerk.services.sales import orders
from boclerk.services.stock import book as stock
from tests.services.doc_samples import Pay, add_one, document_store, statement_1c, write  # noqa: F401
from tests.services.test_invariants import act, add_goods, receive, today


def refused(db, user, cls, sentence, fn, *args, **kwargs) -> None:
    with pytest.raises(cls) as caught:
        act(db, user, fn, *args, **kwargs)
    assert str(caught.value) == sentence


def test_a_bank_line_dated_31_12_9999_is_refused(db, tmp_path):
    statement = statement_1c([Pay("1500.00", "Payment for order 17", day="31.12.9999")])
    result = add_one(db, "clerk", write(tmp_path, "bank.txt", statement))
    first = today(db).replace(year=today(db).year - 10)
    last = today(db).replace(year=today(db).year + 1)
    assert (result.outcome, result.message) == (
        "refused", f"bank.txt line 1 is dated 9999-12-31, outside the dates boclerk accepts ({first} to {last}; "
                   "date_window in the config file).")
    assert run_checks(db, "admin").ok


def test_an_entry_dated_far_away_is_refused_and_the_window_is_the_shops(db, document_store):
    refused(db, "acc", InvalidInput, f"The entry is dated 9999-12-31, outside the dates boclerk accepts "
                                     f"({today(db).replace(year=today(db).year - 10)} to "
                                     f"{today(db).replace(year=today(db).year + 1)}; date_window in the config file).",
            ledger.post_manual, entry_date=date(9999, 12, 31), memo="Far", lines=[Line("5900", 100), Line("1010", -100)])
    two_years_ago = today(db) - timedelta(days=730)
    act(db, "acc", ledger.post_manual, entry_date=two_years_ago, memo="Old", lines=[Line("5900", 100), Line("1010", -100)])
    (document_store / "boclerk.toml").write_text("[date_window]\npast_years = 1\nfuture_years = 0\n")
    with pytest.raises(InvalidInput, match="outside the dates boclerk accepts"):
        act(db, "acc", ledger.post_manual, entry_date=two_years_ago, memo="Old", lines=[Line("5900", 1), Line("1010", -1)])
    (document_store / "boclerk.toml").write_text("[date_window]\npast_years = -1\n")
    with pytest.raises(InvalidInput, match="date_window is a table of past_years and future_years"):
        act(db, "acc", ledger.post_manual, entry_date=today(db), memo="x", lines=[Line("5900", 1), Line("1010", -1)])


def test_an_order_for_two_billion_units_is_refused(db):
    add_goods(db, "MUG-1", "Mug")
    act(db, "admin", partners.add_customer, "C1", "Customer")
    refused(db, "clerk", InvalidInput, f"Line 1: 2,147,483,647 units is more than one line or move may hold "
                                       f"({MAX_QTY:,}).",
            orders.create_order, "C1", [orders.LineInput("MUG-1", 2_147_483_647)])
    refused(db, "wh", InvalidInput, f"MUG-1: 2,147,483,647 units is more than one line or move may hold "
                                    f"({MAX_QTY:,}).", stock.receive_stock, "MUG-1", 2_147_483_647, 100)
    refused(db, "clerk", InvalidInput, "Line 1: the amount is beyond what the books can carry "
                                       "(1,000,000,000,000,000 minor units).",
            orders.create_order, "C1", [orders.LineInput("MUG-1", 10, unit_price=10**15)])
    assert run_checks(db, "admin").ok


def test_no_place_holds_more_than_its_column_can_count(db):
    add_goods(db, "MUG-1", "Mug")
    receive(db, "MUG-1", 10, 100)
    with db.engine.begin() as conn:  # as if a very long history had piled it up
        conn.execute(text(f"UPDATE stock_level SET on_hand = {MAX_LEVEL - 5}"))
    with pytest.raises(Refused, match=rf"^MUG-1 in MAIN would hold more than {MAX_LEVEL:,} pcs"):
        receive(db, "MUG-1", 10, 100)


def test_an_order_dated_0001_01_01_is_refused_unless_it_is_history(cli, tmp_path):
    assert cli("product", "add", "MUG-1", "Mug", "--price", "10").exit_code == 0
    assert cli("customer", "add", "C1", "Customer").exit_code == 0
    live = tmp_path / "live.csv"
    live.write_text("order_number,order_date,customer_code,sku,quantity,unit_price\nX1,0001-01-01,C1,MUG-1,1,10\n")
    r = cli("import", "orders", str(live))
    assert r.exit_code == 2 and "live.csv line 2, column order_date: 01.01.0001 is before" in r.stderr
    assert "import it as shipped, delivered or cancelled history" in r.stderr
    old = tmp_path / "history.csv"
    old.write_text("order_number,order_date,customer_code,sku,quantity,unit_price,status\n"
                   "X1,2001-01-01,C1,MUG-1,1,10,delivered\n")
    r = cli("import", "orders", str(old))
    assert r.exit_code == 0, r.stderr


def test_names_never_reach_a_screen_with_direction_overrides_or_controls(db, cli, tmp_path):
    path = write(tmp_path, "rtl_invoice\u202efdp.exe", b"MZ not really a program")
    result = add_one(db, "clerk", path)
    assert result.outcome == "registered" and "rtl_invoicefdp.exe" in result.message
    with db.read("admin") as uow:
        assert uow.s.execute(text("SELECT original_name FROM document")).scalar() == "rtl_invoicefdp.exe"
    assert cli("product", "add", "LAMP-1", "Lamp \u202eesrever\u2066 \x1b[31mred", "--price", "10").exit_code == 0
    with db.read("admin") as uow:
        assert uow.s.execute(text("SELECT name FROM product WHERE sku = 'LAMP-1'")).scalar() == "Lamp esrever [31mred"
    with db.engine.begin() as conn:  # a name that came in before these rules
        conn.execute(text("UPDATE product SET name = :n WHERE sku = 'LAMP-1'"), {"n": "Lamp \u202eesrever\x07"})
    listed = cli("product", "list").stdout
    assert "Lamp esrever" in listed and "\u202e" not in listed and "\x07" not in listed
    assert json.loads(cli("product", "show", "LAMP-1", "--json").stdout)["name"] == "Lamp \u202eesrever\x07"  # data
    assert shown("a\u200fb\u061cc\u2067d\x00e") == "abcde"


def test_text_that_is_printable_is_shown_as_it_is_and_no_code_point_is_shown_otherwise_than_the_long_way():
    """``shown`` returns printable text untouched without looking at each character: no code
    point a screen must not get (a control character, a bidirectional override) is printable."""
    import re
    import unicodedata

    bidi = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

    def long_way(text: str) -> str:
        return "".join(ch for ch in bidi.sub("", text) if unicodedata.category(ch) != "Cc" or ch in "\t")

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if ch.isprintable():
            assert not bidi.match(ch) and unicodedata.category(ch) != "Cc", hex(code)
        elif code % 97 == 0 or unicodedata.category(ch) in ("Cc", "Cf"):
            assert shown(f"a{ch}b") == long_way(f"a{ch}b"), hex(code)
    assert shown("Семёнова Анна, 東京 — ok") == "Семёнова Анна, 東京 — ok"
