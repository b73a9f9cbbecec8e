"""Stocktakes: open a count, enter what is on the shelves, see the differences, post them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from boclerk.errors import InvalidInput, NotFound, NotPermitted, Refused
from boclerk.services.catalog import products as catalog
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.platform import audit
from boclerk.services.stock import book as stock
from boclerk.services.stock.stocktake import (
    cancel_count,
    count_info,
    differences,
    enter_counts,
    open_count,
    post_count,
)
from tests.services.test_invariants import (
    act,
    add_goods,
    assert_sound,
    entry_count,
    entry_lines,
    read,
    receive,
    refused,
    sql,
    sql_one,
    today,
)
from tests.services.test_stock import cost_row, level, moves_of, rule_lines


@pytest.fixture
def shop(db):
    add_goods(db, "MUG-1", "Mug", category="Kitchen", barcodes=["4600000000017"])
    add_goods(db, "CUP-1", "Cup", category="Kitchen", standard_cost=150)
    add_goods(db, "PEN-1", "Pen", category="Office")
    add_goods(db, "WRAP", "Gift wrapping", kind="service")
    add_goods(db, "OLD-1", "Old mug", category="Kitchen")
    act(db, "admin", catalog.set_product_active, "OLD-1", False)
    act(db, "admin", catalog.add_warehouse, "B", "Back room")
    receive(db, "MUG-1", 10, 200)
    receive(db, "MUG-1", 5, 230)  # 15 units worth 31.50: 2.10 each
    return db


def _lines(db, number):
    return sql(db, "SELECT p.sku, l.expected, l.counted FROM stock_count_line l JOIN product p ON p.id = l.product_id "
                   "JOIN stock_count c ON c.id = l.count_id WHERE c.number = :n ORDER BY p.sku", n=number)


def test_open_lists_every_active_stocked_product(shop):
    db = shop
    info = act(db, "wh", open_count)
    year = today(db).year
    assert (info.number, info.warehouse, info.category, info.status, info.lines, info.counted) == (
        f"CNT-{year}-000001", "MAIN", None, "open", 3, 0)
    assert _lines(db, info.number) == [("CUP-1", 0, None), ("MUG-1", 15, None), ("PEN-1", 0, None)]
    events = read(db, "admin", audit.list_events, entity="count")
    assert [(e.action, e.actor, e.after) for e in events] == [
        ("count.open", "wh", {"warehouse": "MAIN", "category": None, "lines": 3})]


def test_one_open_count_per_warehouse(shop):
    db = shop
    first = act(db, "wh", open_count, "MAIN", category="Office")
    sentence = rf"^MAIN already has an open count, {first.number}; post or cancel it first\.$"
    refused(db, "wh", Refused, sentence, open_count, "MAIN")
    refused(db, "wh", Refused, sentence, open_count, "main", category="Kitchen")
    other = act(db, "wh", open_count, "B")  # another warehouse may count at the same time
    assert other.warehouse == "B" and other.lines == 3
    act(db, "wh", cancel_count, first.number)
    assert act(db, "wh", open_count, "MAIN").lines == 3


def test_category_count(shop):
    db = shop
    info = act(db, "acc", open_count, category="Kitchen")
    assert (info.category, info.lines) == ("Kitchen", 2)
    assert [r[0] for r in _lines(db, info.number)] == ["CUP-1", "MUG-1"]
    refused(db, "wh", Refused, r"^There are no stocked products in Garden to count\.$", open_count, "B",
            category="Garden")


def test_open_needs_a_known_warehouse(shop):
    refused(shop, "wh", NotFound, r"^There is no warehouse ZZ\.$", open_count, "ZZ")


@pytest.mark.parametrize("who", ["clerk", "viewer"])
def test_only_admin_accountant_and_warehouse_count(shop, who):
    db = shop
    info = act(db, "wh", open_count)
    refused(db, who, NotPermitted, r"may not count stock", open_count, "B")
    refused(db, who, NotPermitted, r"may not count stock", enter_counts, info.number, [("MUG-1", 1)])
    refused(db, who, NotPermitted, r"may not count stock", post_count, info.number)
    refused(db, who, NotPermitted, r"may not count stock", cancel_count, info.number)
    assert read(db, who, count_info, info.number).status == "open"  # reading is for everyone
    assert read(db, who, differences, info.number) == []


def test_enter_by_sku_barcode_and_any_case(shop):
    db = shop
    info = act(db, "wh", open_count)
    out = act(db, "wh", enter_counts, info.number, [("4600000000017", 12), ("cup-1", 4)])
    assert (out.lines, out.counted) == (3, 2)
    assert _lines(db, info.number) == [("CUP-1", 0, 4), ("MUG-1", 15, 12), ("PEN-1", 0, None)]
    act(db, "wh", enter_counts, info.number, [("MUG-1", 7), ("MUG-1", 11)])  # the last entry wins
    assert _lines(db, info.number)[1] == ("MUG-1", 15, 11)


def test_scanning_adds_up(shop):
    db = shop
    info = act(db, "wh", open_count)
    act(db, "wh", enter_counts, info.number, [("MUG-1", 1), ("4600000000017", 1), ("MUG-1", 1)], add=True)
    assert _lines(db, info.number)[1] == ("MUG-1", 15, 3)
    act(db, "wh", enter_counts, info.number, [("MUG-1", 2), ("PEN-1", 0)], add=True)
    assert _lines(db, info.number)[1:] == [("MUG-1", 15, 5), ("PEN-1", 0, 0)]
    act(db, "wh", enter_counts, info.number, [("MUG-1", 9)])  # plain entry replaces
    assert _lines(db, info.number)[1] == ("MUG-1", 15, 9)


def test_bad_entries_are_refused(shop):
    db = shop
    info = act(db, "wh", open_count, category="Kitchen")
    refused(db, "wh", InvalidInput, r"^MUG-1: a counted quantity is 0 or more\.$",
            enter_counts, info.number, [("MUG-1", -1)])
    refused(db, "wh", InvalidInput, r"^No counted quantities given\.$", enter_counts, info.number, [])
    refused(db, "wh", NotFound, r"^Unknown SKU or barcode: NOPE, ZZZ\.$", enter_counts, info.number,
            [("MUG-1", 1), ("ZZZ", 1), ("NOPE", 2)])
    refused(db, "wh", Refused, r"^WRAP is a service, which is not kept in stock\.$", enter_counts, info.number,
            [("WRAP", 1)])
    refused(db, "wh", NotFound, r"^There is no stock count CNT-1999-000001\.$", enter_counts, "CNT-1999-000001",
            [("MUG-1", 1)])


def test_entering_a_product_outside_the_count_adds_its_line(shop):
    db = shop
    info = act(db, "wh", open_count, category="Kitchen")
    act(db, "wh", enter_counts, info.number, [("PEN-1", 2)])
    assert _lines(db, info.number) == [("CUP-1", 0, None), ("MUG-1", 15, None), ("PEN-1", 0, 2)]


def test_differences_and_posting(shop):
    db = shop
    info = act(db, "wh", open_count)
    act(db, "wh", enter_counts, info.number, [("MUG-1", 12), ("CUP-1", 4)])
    rows = read(db, "viewer", differences, info.number)
    assert [(r.sku, r.expected, r.on_hand, r.counted, r.difference, r.value) for r in rows] == [
        ("CUP-1", 0, 0, 4, 4, 600),      # no stock yet: the standard cost
        ("MUG-1", 15, 15, 12, -3, -630)]  # 3 lost at the 2.10 average
    every = read(db, "viewer", differences, info.number, all_lines=True)
    assert [(r.sku, r.counted, r.difference) for r in every] == [("CUP-1", 4, 4), ("MUG-1", 12, -3), ("PEN-1", None, 0)]
    entries = entry_count(db)
    posted = act(db, "wh", post_count, info.number)
    assert (posted.status, posted.counted) == ("posted", 2)
    assert entry_count(db) == entries + 1  # one entry for the whole count
    assert entry_lines(db, posted.entry) == rule_lines(db, posting_rules.stocktake_difference(600, 630)) == [
        ("1200", None, 600), ("4200", "WH", -600), ("5100", "WH", 630), ("1200", None, -630)]
    assert moves_of(db, "CUP-1") == [("MAIN", "count_gain", 4, 600, posted.entry)]
    assert moves_of(db, "MUG-1")[-1] == ("MAIN", "count_loss", -3, -630, posted.entry)
    assert sql(db, "SELECT DISTINCT source_kind, source_ref, reason FROM stock_move WHERE kind LIKE 'count%'") == [
        ("count", info.number, f"stocktake {info.number}")]
    assert sql_one(db, "SELECT e.source_ref FROM journal_entry e WHERE e.number = :n", n=posted.entry) == info.number
    assert level(db, "MUG-1") == (12, 0) and level(db, "CUP-1") == (4, 0)
    assert cost_row(db, "MUG-1") == (12, 2520) and cost_row(db, "CUP-1") == (4, 600)
    assert read(db, "viewer", count_info, info.number).entry == posted.entry
    events = read(db, "admin", audit.list_events, entity="count", entity_id=info.number)
    assert events[0].action == "count.post"
    assert events[0].after == {"differences": 2, "gain": 600, "loss": 630, "entry": posted.entry}
    assert_sound(db)


def test_gains_at_average_when_there_is_stock(shop):
    db = shop
    info = act(db, "wh", open_count, category="Kitchen")
    act(db, "wh", enter_counts, info.number, [("MUG-1", 17)])
    posted = act(db, "wh", post_count, info.number)
    assert entry_lines(db, posted.entry) == [("1200", None, 420), ("4200", "WH", -420)]
    assert cost_row(db, "MUG-1") == (17, 3570)
    assert_sound(db)


def test_losses_take_the_average_of_the_whole_product(shop):
    db = shop
    act(db, "wh", stock.transfer_stock, "MUG-1", 5, from_wh="MAIN", to_wh="B")
    info = act(db, "wh", open_count, "B", category="Kitchen")
    act(db, "wh", enter_counts, info.number, [("MUG-1", 0)])  # all 5 in B are gone
    posted = act(db, "wh", post_count, info.number)
    assert entry_lines(db, posted.entry) == [("5100", "WH", 1050), ("1200", None, -1050)]
    assert level(db, "MUG-1", "B") == (0, 0) and level(db, "MUG-1", "MAIN") == (10, 0)
    assert_sound(db)


def test_posting_compares_with_on_hand_at_posting_time(shop):
    db = shop
    info = act(db, "wh", open_count, category="Kitchen")
    receive(db, "MUG-1", 5, 210)  # goods arrive while the count is open: 20 on hand
    act(db, "wh", enter_counts, info.number, [("MUG-1", 18)])
    (row,) = read(db, "viewer", differences, info.number)
    assert (row.expected, row.on_hand, row.counted, row.difference, row.value) == (15, 20, 18, -2, -420)
    act(db, "wh", post_count, info.number)
    assert level(db, "MUG-1") == (18, 0)
    assert_sound(db)


def test_count_without_differences_posts_no_entry(shop):
    db = shop
    info = act(db, "wh", open_count, category="Kitchen")
    act(db, "wh", enter_counts, info.number, [("MUG-1", 15), ("CUP-1", 0)])
    entries = entry_count(db)
    posted = act(db, "wh", post_count, info.number)
    assert (posted.status, posted.entry) == ("posted", None)
    assert entry_count(db) == entries
    assert_sound(db)


def test_counted_below_reserved_is_refused(shop):
    db = shop
    with db.write("admin") as uow:
        stock.reserve(uow, catalog.product(uow, "MUG-1"), catalog.warehouse(uow), 3, source_kind="order",
                      source_ref="SO-1", source_line=1)
    info = act(db, "wh", open_count)
    act(db, "wh", enter_counts, info.number, [("MUG-1", 2), ("CUP-1", 1)])
    refused(db, "wh", Refused,
            r"^MUG-1: counted 2 but 3 are reserved in MAIN; release or ship those reservations first\.$",
            post_count, info.number)
    act(db, "wh", enter_counts, info.number, [("MUG-1", 3)])  # exactly what is reserved is fine
    act(db, "wh", post_count, info.number)
    assert level(db, "MUG-1") == (3, 3)
    assert_sound(db)


def test_posting_on_a_locked_day_is_refused(shop):
    db = shop
    info = act(db, "wh", open_count)
    act(db, "wh", enter_counts, info.number, [("MUG-1", 14)])
    act(db, "admin", ledger.set_lock_date, today(db))
    refused(db, "wh", Refused, rf"^Cannot post on {today(db):%d.%m.%Y}: the books are locked up to {today(db):%d.%m.%Y}\.$",
            post_count, info.number)
    act(db, "admin", ledger.set_lock_date, today(db) - timedelta(days=1), reopen=True)
    assert act(db, "wh", post_count, info.number).status == "posted"
    assert_sound(db)


def test_posted_and_cancelled_counts_are_closed(shop):
    db = shop
    info = act(db, "wh", open_count)
    act(db, "wh", enter_counts, info.number, [("MUG-1", 14)])
    act(db, "wh", post_count, info.number)
    posted = rf"{info.number}: it is already posted\. Possible when the stock count is open\.$"
    refused(db, "wh", Refused, "^Cannot post " + posted, post_count, info.number)
    refused(db, "wh", Refused, "^Cannot enter counts for " + posted, enter_counts, info.number, [("MUG-1", 1)])
    refused(db, "wh", Refused, "^Cannot cancel " + posted, cancel_count, info.number.lower())
    other = act(db, "wh", open_count)
    cancelled = act(db, "acc", cancel_count, other.number)
    assert cancelled.status == "cancelled"
    refused(db, "wh", Refused, rf"^Cannot post {other.number}: it is already cancelled\. Possible when the stock count is open\.$", post_count, other.number)
    refused(db, "wh", NotFound, r"^There is no stock count CNT-1999-000009\.$", post_count, "CNT-1999-000009")
    refused(db, "wh", NotFound, r"no stock count", cancel_count, "nonsense")
    assert level(db, "MUG-1") == (14, 0)


def test_count_of_ten_thousand_lines_posts_and_keeps_the_books(db):
    """Bulk: the catalog is loaded directly (setup), everything else goes through the services."""
    n = 10_000
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO product (sku, name, category, unit, kind, sale_price, vat_category, prices_include_vat, "
                "standard_cost, reorder_point, reorder_qty, active, version) VALUES "
                "(:sku, :name, 'Bulk', 'pcs', 'goods', 1000, 'standard', true, :cost, 0, 0, true, 1)"),
            [{"sku": f"BULK-{i:05d}", "name": f"Bulk item {i}", "cost": 100 + i % 97} for i in range(n)])
    first = act(db, "wh", open_count, category="Bulk")
    assert first.lines == n
    act(db, "wh", enter_counts, first.number, [(f"BULK-{i:05d}", 5 + i % 7) for i in range(n)])
    act(db, "wh", post_count, first.number)  # opening stock: gains at standard cost
    assert sql_one(db, "SELECT COUNT(*) FROM stock_move") == n
    second = act(db, "wh", open_count, category="Bulk")
    counted = [(f"BULK-{i:05d}", 5 + i % 7 + (i % 3 - 1)) for i in range(n)]  # -1, 0, +1 in turn
    act(db, "wh", enter_counts, second.number, counted[: n // 2])
    act(db, "wh", enter_counts, second.number, counted[n // 2:])
    diffs = read(db, "viewer", differences, second.number)
    assert len(diffs) == sum(1 for i in range(n) if i % 3 != 1)
    posted = act(db, "wh", post_count, second.number)
    assert sql_one(db, "SELECT COUNT(*) FROM stock_move") == n + len(diffs)
    gain = sum(d.value for d in diffs if d.value > 0)
    loss = -sum(d.value for d in diffs if d.value < 0)
    assert entry_lines(db, posted.entry) == [("1200", None, gain), ("4200", "WH", -gain),
                                             ("5100", "WH", loss), ("1200", None, -loss)]
    assert sql_one(db, "SELECT SUM(on_hand) FROM stock_level") == sum(q for _, q in counted)
    assert_sound(db)
