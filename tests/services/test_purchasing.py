"""Purchase orders: create, send, cancel, receive (whole, partial, by line, within tolerance),
goods into stock at the PO price, consumables to their expense account and department,
and reorder suggestions."""

from __future__ import annotations

import pytest

from boclerk.errors import InvalidInput, NotFound, ProductArchived, Refused
from boclerk.services.catalog.products import add_warehouse, edit_product, set_product_active
from boclerk.services.purchasing.orders import (
    POLineInput,
    cancel_po,
    create_po,
    receive_po,
    send_po,
    suggest_reorders,
)
from boclerk.services.purchasing.queries import list_pos, po_detail
from boclerk.services.sales.orders import confirm_order
from tests.services.trade_helpers import (
    GRNI,
    INVENTORY,
    OFFICE,
    act,
    add_product,
    assert_sound,
    audit_actions,
    entries_of,
    entry_lines,
    level,
    move_count,
    moves_of,
    not_permitted_for,
    order,
    po,
    po_progress,
    read,
    refused,
    refused_exactly,
    set_company,
    shop,
    sql,
    sql_one,
    today,
)


@pytest.fixture
def store(db):
    shop(db)
    return db


def avg_cost(db, sku: str) -> tuple[int, int]:
    return tuple(sql(db, "SELECT c.qty, c.value FROM product_cost c JOIN product p ON p.id = c.product_id "
                         "WHERE p.sku = :s", s=sku)[0])


# -- create, send, cancel ------------------------------------------------------------------------


def test_create_defaults_to_the_standard_cost_and_keeps_a_department_for_consumables(store):
    db = store
    res = act(db, "clerk", create_po, "acme", [POLineInput("MUG", 10), POLineInput("LAMP", 2, 95000),
                                               POLineInput("PAPER", 20, None, "it")], notes="spring")
    assert res.number == f"PO-{today(db).year}-000001" and res.status == "draft"
    assert res.total == 10 * 50000 + 2 * 95000 + 20 * 25000
    d = read(db, "viewer", po_detail, res.number)
    assert [(ln.sku, ln.qty, ln.unit_price, ln.vat_rate, ln.department) for ln in d.lines] == [
        ("MUG", 10, 50000, 20, None), ("LAMP", 2, 95000, 20, None), ("PAPER", 20, 25000, 20, "IT")]
    assert (d.supplier, d.warehouse, d.status, d.notes, d.total) == ("ACME", "MAIN", "draft", "spring", res.total)
    assert [h.action for h in d.history] == ["po.create"]
    assert entries_of(db, res.number) == [] and moves_of(db, res.number) == []
    assert_sound(db)


def test_create_refusals_write_nothing(store):
    db = store
    act(db, "clerk", set_product_active, "LAMP", False)
    refused_exactly(db, "clerk", ProductArchived, "LAMP is archived and cannot be bought.",
                    create_po, "ACME", [POLineInput("MUG", 1), POLineInput("LAMP", 1)])
    refused_exactly(db, "clerk", NotFound, "There is no supplier NOBODY.", create_po, "NOBODY", [POLineInput("MUG", 1)])
    refused_exactly(db, "clerk", NotFound, "There is no department NOPE.",
                    create_po, "ACME", [POLineInput("PAPER", 1, None, "NOPE")])
    refused_exactly(db, "clerk", NotFound, "There is no warehouse ATTIC.",
                    create_po, "ACME", [POLineInput("MUG", 1)], warehouse="ATTIC")
    refused_exactly(db, "clerk", InvalidInput, "A purchase order needs at least one line.", create_po, "ACME", [])
    refused_exactly(db, "clerk", InvalidInput, "Line 2: the quantity must be positive.",
                    create_po, "ACME", [POLineInput("MUG", 1), POLineInput("MUG", -1)])
    refused_exactly(db, "clerk", InvalidInput, "Line 1: the price cannot be negative.",
                    create_po, "ACME", [POLineInput("MUG", 1, -100)])
    refused(db, "clerk", NotFound, "NOPE", create_po, "ACME", [POLineInput("NOPE", 1)])
    not_permitted_for(db, ["acc", "wh", "viewer"], create_po, "ACME", [POLineInput("MUG", 1)])
    assert po(db, "ACME", ("MUG", 1), send=False).endswith("-000001")  # no number was used up


def test_send_and_cancel(store):
    db = store
    number = po(db, "ACME", ("MUG", 5), send=False)
    not_permitted_for(db, ["acc", "wh", "viewer"], send_po, number)
    assert act(db, "clerk", send_po, number).status == "sent"
    refused_exactly(db, "clerk", Refused, f"Cannot send {number}: it is already sent. Possible when the purchase order is a draft.", send_po, number)
    not_permitted_for(db, ["acc", "wh", "viewer"], cancel_po, number)
    assert act(db, "clerk", cancel_po, number).status == "cancelled"
    refused_exactly(db, "clerk", Refused, f"Cannot cancel {number}: it is already cancelled. Possible when the purchase order is a "
                    "draft or sent.", cancel_po, number)
    refused_exactly(db, "clerk", Refused, f"Cannot send {number}: it is already cancelled. Possible when the purchase order is a draft.", send_po, number)
    refused_exactly(db, "wh", Refused, f"Cannot receive {number}: it is already cancelled. Possible when the purchase order is "
                    "sent or partially received.", receive_po, number)
    draft = po(db, "ACME", ("MUG", 5), send=False)
    assert act(db, "admin", cancel_po, draft).status == "cancelled"
    assert audit_actions(db, "po", number) == ["po.create", "po.send", "po.cancel"]
    refused_exactly(db, "clerk", NotFound, "There is no purchase order PO-2026-000999.", send_po, "po-2026-000999")
    refused_exactly(db, "clerk", NotFound, "There is no purchase order PO-2026-000999.", cancel_po, "PO-2026-000999")
    refused_exactly(db, "wh", NotFound, "There is no purchase order PO-2026-000999.", receive_po, "PO-2026-000999")


def test_cancel_only_while_nothing_is_received(store):
    db = store
    number = po(db, "ACME", ("MUG", 5), ("LAMP", 1))
    act(db, "wh", receive_po, number, [("MUG", 1)])
    refused_exactly(db, "clerk", Refused, f"Cannot cancel {number}: it is already partially received. Possible when the "
                    "purchase order is a draft or sent.", cancel_po, number)
    act(db, "wh", receive_po, number)
    refused(db, "clerk", Refused, "it is already received in full. Possible when the purchase order is a draft or sent", cancel_po, number)


# -- receive ---------------------------------------------------------------------------------------


def test_receive_whole_adds_stock_at_the_po_price(store):
    db = store
    number = po(db, "ACME", ("MUG", 10, 56000), ("LAMP", 2, 130000))
    draft = po(db, "ACME", ("MUG", 1), send=False)
    refused_exactly(db, "wh", Refused, f"Cannot receive {draft}: it is a draft. Possible when the purchase order is sent or "
                    "partially received. Send it to the supplier first.",
                    receive_po, draft)
    res = act(db, "wh", receive_po, number)
    assert (res.status, res.total) == ("received", 10 * 56000 + 2 * 130000)
    assert entry_lines(db, res.entry) == [(INVENTORY, None, 820000), (GRNI, None, -820000)]
    assert moves_of(db, number) == [("MUG", "MAIN", "receipt", 10, 560000), ("LAMP", "MAIN", "receipt", 2, 260000)]
    assert level(db, "MUG") == (20, 0) and level(db, "LAMP") == (6, 0)
    # moving average: 10 @ 500.00 + 10 @ 560.00; 4 @ 1 000.00 + 2 @ 1 300.00
    assert avg_cost(db, "MUG") == (20, 1060000) and avg_cost(db, "LAMP") == (6, 660000)
    assert po_progress(db, number) == [("MUG", 10, 10, 0), ("LAMP", 2, 2, 0)]
    refused_exactly(db, "wh", Refused, f"Cannot receive {number}: it is already received in full. Possible when the purchase order "
                    "is sent or partially received.", receive_po, number)
    assert audit_actions(db, "po", number) == ["po.create", "po.send", "po.receive"]
    assert_sound(db)


def test_receive_partially_by_line(store):
    db = store
    act(db, "admin", add_warehouse, "SHOP", "Shop floor")
    number = po(db, "ACME", ("MUG", 4), ("LAMP", 3), ("MUG", 2), warehouse="SHOP")
    res = act(db, "wh", receive_po, number, [("mug", 5), ("LAMP", 1)])  # MUG fills line 1, then line 3
    assert res.status == "partially_received"
    assert po_progress(db, number) == [("MUG", 4, 4, 0), ("LAMP", 3, 1, 0), ("MUG", 2, 1, 0)]
    assert level(db, "MUG", "SHOP") == (5, 0) and level(db, "MUG", "MAIN") == (10, 0)
    assert entry_lines(db, res.entry) == [(INVENTORY, None, 5 * 50000 + 100000), (GRNI, None, -350000)]
    refused_exactly(db, "wh", InvalidInput, f"{number} has no line for KETTLE; its lines are MUG, LAMP.", receive_po, number,
                    [("KETTLE", 1)])
    refused_exactly(db, "wh", InvalidInput, "MUG: the quantity must be positive.",
                    receive_po, number, [("MUG", 0)])
    not_permitted_for(db, ["acc", "viewer"], receive_po, number)
    res = act(db, "clerk", receive_po, number)  # the rest
    assert res.status == "received" and res.total == 2 * 100000 + 50000
    assert po_progress(db, number) == [("MUG", 4, 4, 0), ("LAMP", 3, 3, 0), ("MUG", 2, 2, 0)]
    assert [r.number for r in read(db, "viewer", list_pos, status="received")] == [number]
    assert_sound(db)


def test_over_receipt_is_refused_beyond_the_tolerance(store):
    db = store
    number = po(db, "ACME", ("MUG", 10), ("LAMP", 20))
    refused_exactly(db, "wh", Refused, f"{number}: MUG ordered 10, received 0; 11 more would exceed the "
                    "over-receipt tolerance (0%).", receive_po, number, [("MUG", 11)])
    set_company(db, over_receipt_bp=1000)  # 10%
    refused_exactly(db, "wh", Refused, f"{number}: MUG ordered 10, received 0; 12 more would exceed the "
                    "over-receipt tolerance (10%).", receive_po, number, [("MUG", 12)])
    res = act(db, "wh", receive_po, number, [("MUG", 11), ("LAMP", 15)])
    assert res.status == "partially_received"
    assert po_progress(db, number) == [("MUG", 10, 11, 0), ("LAMP", 20, 15, 0)]
    assert moves_of(db, number)[0] == ("MUG", "MAIN", "receipt", 11, 550000)
    refused(db, "wh", Refused, "MUG ordered 10, received 11; 1 more would exceed", receive_po, number, [("MUG", 1)])
    set_company(db, over_receipt_bp=250)  # 2.5%: 20 + 0.5 rounds down to no extra unit
    refused(db, "wh", Refused, r"LAMP ordered 20, received 15; 6 more would exceed the over-receipt tolerance "
            r"\(2.5%\)", receive_po, number, [("LAMP", 6)])
    res = act(db, "wh", receive_po, number, [("LAMP", 5)])
    assert res.status == "received"
    assert_sound(db)


def test_consumables_go_to_their_expense_account_and_department_without_stock(store):
    db = store
    add_product(db, "TONER", kind="consumable", cost=300000, expense_account="5900")
    number = po(db, "ACME", ("MUG", 2), ("PAPER", 10, None, "IT"), ("TONER", 1, 310000, "MKT"), ("PAPER", 4))
    res = act(db, "wh", receive_po, number)
    assert entry_lines(db, res.entry) == [
        (INVENTORY, None, 100000), (GRNI, None, -100000),
        (OFFICE, "IT", 250000), (GRNI, None, -250000),
        ("5900", "MKT", 310000), (GRNI, None, -310000),
        (OFFICE, "ACCT", 100000), (GRNI, None, -100000)]   # no department given: accounting's
    assert moves_of(db, number) == [("MUG", "MAIN", "receipt", 2, 100000)]  # only the goods are stocked
    assert level(db, "PAPER") == (0, 0)
    assert po_progress(db, number)[1] == ("PAPER", 10, 10, 0)
    assert_sound(db)


def test_a_po_of_consumables_only_moves_no_stock(store):
    db = store
    moves = move_count(db)
    number = po(db, "GLOBEX", ("PAPER", 3, 20000, "WH"))
    res = act(db, "wh", receive_po, number)
    assert entry_lines(db, res.entry) == [(OFFICE, "WH", 60000), (GRNI, None, -60000)]
    assert move_count(db) == moves
    assert_sound(db)


# -- reorder suggestions ------------------------------------------------------------------------------


@pytest.fixture
def reorder(store):
    db = store
    act(db, "admin", edit_product, "MUG", reorder_point=20, reorder_qty=1, preferred_supplier="ACME")
    act(db, "admin", edit_product, "LAMP", reorder_point=10, reorder_qty=8, preferred_supplier="GLOBEX")
    act(db, "admin", edit_product, "KETTLE", reorder_point=5, reorder_qty=5, preferred_supplier="ACME")  # 5: not below
    add_product(db, "VASE", cost=20000, reorder_point=3, reorder_qty=6, preferred_supplier="ACME")  # none in stock
    add_product(db, "BOWL", cost=10000, reorder_point=2, reorder_qty=2)  # no preferred supplier
    add_product(db, "OLD", cost=10000, reorder_point=2, reorder_qty=2, preferred_supplier="ACME")
    act(db, "admin", set_product_active, "OLD", False)
    act(db, "admin", edit_product, "PAPER", reorder_point=100, reorder_qty=100, preferred_supplier="ACME")
    return db


def test_suggestions_grouped_by_preferred_supplier_net_of_open_purchases(reorder):
    db = reorder
    number = order(db, "ANNA", ("MUG", 2))
    act(db, "clerk", confirm_order, number)  # reserved: 8 MUG available
    po(db, "ACME", ("MUG", 4))               # 4 on order
    received = po(db, "ACME", ("MUG", 3))
    act(db, "wh", receive_po, received, [("MUG", 1)])  # partly received: 1 more in stock, 2 still on order
    groups = read(db, "viewer", suggest_reorders)
    assert [(g.supplier, g.created) for g in groups] == [("ACME", None), ("GLOBEX", None), (None, None)]
    acme, globex, none = groups
    assert [(s.sku, s.available, s.on_order, s.reorder_point, s.qty, s.unit_price) for s in acme.lines] == [
        ("MUG", 9, 6, 20, 5, 50000),     # 20 - 9 - 6 = 5 (more than the reorder quantity of 1)
        ("VASE", 0, 0, 3, 6, 20000),     # the reorder quantity, 6, is more than the 3 missing
    ]
    assert [(s.sku, s.qty) for s in globex.lines] == [("LAMP", 8)]
    assert none.supplier_name == "(no preferred supplier)" and [s.sku for s in none.lines] == ["BOWL"]
    assert_sound(db)


def test_suggest_create_makes_one_draft_po_per_supplier_and_then_suggests_nothing_for_them(reorder):
    db = reorder
    not_permitted_for(db, ["acc", "wh", "viewer"], suggest_reorders, create=True)
    groups = act(db, "clerk", suggest_reorders, create=True)
    made = {g.supplier: g.created for g in groups}
    assert set(made) == {"ACME", "GLOBEX", None} and made[None] is None
    acme = read(db, "viewer", po_detail, made["ACME"])
    assert (acme.status, acme.supplier, acme.notes) == ("draft", "ACME", "По предложениям дозаказа")  # Russian books
    assert [(ln.sku, ln.qty, ln.unit_price) for ln in acme.lines] == [("MUG", 10, 50000), ("VASE", 6, 20000)]
    globex = read(db, "viewer", po_detail, made["GLOBEX"])
    assert [(ln.sku, ln.qty, ln.unit_price) for ln in globex.lines] == [("LAMP", 8, 100000)]
    assert sql_one(db, "SELECT COUNT(*) FROM purchase_order") == 2
    again = act(db, "clerk", suggest_reorders, create=True)
    assert [(g.supplier, [s.sku for s in g.lines], g.created) for g in again] == [(None, ["BOWL"], None)]


def test_a_suggested_po_notes_where_it_came_from_in_the_books_language(reorder):
    db = reorder
    set_company(db, language="en")  # English books, whatever the clerk reads
    made = {g.supplier: g.created for g in act(db, "clerk", suggest_reorders, create=True)}
    assert read(db, "viewer", po_detail, made["ACME"]).notes == "From reorder suggestions"
    assert sql_one(db, "SELECT COUNT(*) FROM purchase_order") == 2
    # a cancelled suggestion no longer counts as on order
    act(db, "clerk", cancel_po, made["GLOBEX"])
    assert [g.supplier for g in read(db, "viewer", suggest_reorders)] == ["GLOBEX", None]
    assert_sound(db)
