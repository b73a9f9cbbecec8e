"""Customer orders as a clerk, a warehouse worker and an accountant use them: create, edit,
confirm (reserve), pay, ship, deliver, cancel, return, refund, the detail and the list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.services.catalog.products import add_warehouse, set_product_active
from boclerk.services.sales.orders import (
    LineInput,
    cancel_order,
    confirm_order,
    create_order,
    pay_order,
    refund_order,
    replace_lines,
)
from boclerk.services.sales.backorders import top_up_reservations
from boclerk.services.sales.shipping import deliver_order, return_order, ship_order
from boclerk.services.sales.queries import list_orders, order_detail
from tests.services.trade_helpers import (
    ADVANCES,
    BANK,
    CARD,
    CASH,
    COGS,
    INVENTORY,
    RETURNS,
    SALES,
    SHRINKAGE,
    VAT_OUT,
    act,
    add_product,
    assert_sound,
    audit_actions,
    balance,
    confirmed,
    entries_of,
    entry_lines,
    level,
    moves_of,
    not_permitted_for,
    order,
    order_row,
    read,
    refused,
    refused_exactly,
    reservations,
    set_day,
    shop,
    sql,
    stock_in,
    today,
)


@pytest.fixture
def store(db):
    shop(db)
    return db


def lines_of(db, number: str) -> list[tuple]:
    """(sku, qty, unit price, discount bp, vat rate, net, vat, gross) per line."""
    return [tuple(r) for r in sql(
        db, "SELECT p.sku, l.qty, l.unit_price, l.discount_bp, l.vat_rate, l.net, l.vat, l.gross FROM order_line l "
            "JOIN product p ON p.id = l.product_id JOIN sales_order o ON o.id = l.order_id "
            "WHERE o.number = :n ORDER BY l.line_no", n=number)]


# -- create ----------------------------------------------------------------------------------------


def test_create_prices_default_to_the_sale_price_and_totals_are_sums_of_lines(store):
    db = store
    res = act(db, "clerk", create_order, "anna", [LineInput("MUG", 2), LineInput("LAMP", 1, 250000, 1000)],
              notes="gift")
    assert res.number == f"SO-{today(db).year}-000001" and res.status == "draft"
    assert lines_of(db, res.number) == [
        ("MUG", 2, 120000, 0, 20, 200000, 40000, 240000),        # 2 x 1 200.00, VAT 20/120 inside
        ("LAMP", 1, 250000, 1000, 20, 187500, 37500, 225000),    # 2 500.00 less 10%
    ]
    assert order_row(db, res.number) == {"status": "draft", "total": 465000, "net": 387500, "vat": 77500,
                                            "invoiced": 0, "paid": 0, "backorder": False}
    d = read(db, "viewer", order_detail, res.number)
    assert (d.customer, d.channel, d.channel_ref, d.delivery_address, d.notes, d.warehouse, d.created_by) == (
        "ANNA", "website", None, "Moscow, Tverskaya 1", "gift", None, "clerk")
    assert audit_actions(db, "order", res.number) == ["order.create"]
    # nothing is reserved or moved by a draft
    assert level(db, "MUG") == (10, 0) and moves_of(db, res.number) == [] and entries_of(db, res.number) == []
    assert_sound(db)


def test_line_rounding_half_up_by_hand(store):
    db = store
    add_product(db, "TEA", price=1050, vat="reduced", incl=False)  # 10.50 net, 10% VAT on top
    number = order(db, "ANNA",
                   ("MUG", 1, 101, 5000),        # 1.01 less 50% = 0.505 -> 0.51; VAT 0.51 x 20/120 = 0.085 -> 0.09
                   ("MUG", 1, 25, 1000),         # 0.25 less 10% = 0.225 -> 0.23; VAT 0.23 x 20/120 = 0.0383 -> 0.04
                   ("KETTLE", 3, 99999, 500),    # 3 x 999.99 less 5% = 2 849.9715 -> 2 849.97 net; VAT 569.994 -> 569.99
                   ("TEA", 1, 105),              # 1.05 net; VAT 10% = 0.105 -> 0.11
                   ("TEA", 7, None, 1250))       # 7 x 10.50 less 12.5% = 64.3125 -> 64.31; VAT 6.431 -> 6.43
    assert [ln[5:] for ln in lines_of(db, number)] == [
        (42, 9, 51),
        (19, 4, 23),
        (284997, 56999, 341996),
        (105, 11, 116),
        (6431, 643, 7074),
    ]
    row = order_row(db, number)
    assert (row["net"], row["vat"], row["total"]) == (42 + 19 + 284997 + 105 + 6431, 9 + 4 + 56999 + 11 + 643,
                                                      51 + 23 + 341996 + 116 + 7074)


def test_vat_included_versus_on_top(store):
    db = store
    number = order(db, "ANNA", ("MUG", 1), ("KETTLE", 1))
    assert lines_of(db, number) == [
        ("MUG", 1, 120000, 0, 20, 100000, 20000, 120000),     # the price includes VAT
        ("KETTLE", 1, 100000, 0, 20, 100000, 20000, 120000),  # VAT comes on top of the price
    ]


def test_delivery_is_a_service_line_that_ships_with_the_first_shipment(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 3), ("DELIVERY", 1))
    assert reservations(db, number) == [(1, "MUG", 3)]  # services are not reserved
    act(db, "wh", ship_order, number, [("MUG", 1)])
    first = sql(db, "SELECT s.net, s.vat, s.cost FROM shipment s JOIN sales_order o ON o.id = s.order_id "
                    "WHERE o.number = :n ORDER BY s.id", n=number)
    assert [tuple(r) for r in first] == [(100000 + 25000, 20000 + 5000, 50000)]  # a third of MUG, all of DELIVERY
    act(db, "wh", ship_order, number, [("MUG", 1)])
    second = sql(db, "SELECT sl.qty, p.sku FROM shipment_line sl JOIN shipment s ON s.id = sl.shipment_id "
                     "JOIN order_line l ON l.id = sl.order_line_id JOIN product p ON p.id = l.product_id "
                     "JOIN sales_order o ON o.id = s.order_id WHERE o.number = :n ORDER BY s.id, sl.id", n=number)
    assert [tuple(r) for r in second] == [(1, "MUG"), (1, "DELIVERY"), (1, "MUG")]
    refused_exactly(db, "wh", Refused, f"{number}: only 0 of DELIVERY left to ship, not 1.",
                    ship_order, number, [("DELIVERY", 1)])
    act(db, "wh", ship_order, number)
    assert order_row(db, number)["status"] == "shipped"
    assert_sound(db)


def test_channel_reference_is_unique_per_channel(store):
    db = store
    first = order(db, "ANNA", ("MUG", 1), channel="website", channel_ref="W-1")
    refused_exactly(db, "clerk", Refused, f"The website order W-1 is already {first}.",
                    create_order, "BORIS", [LineInput("MUG", 1)], channel="Website", channel_ref=" W-1 ")
    other = order(db, "BORIS", ("MUG", 1), channel="marketplace", channel_ref="W-1")  # another channel's W-1
    assert read(db, "viewer", order_detail, other).channel_ref == "W-1"
    order(db, "BORIS", ("MUG", 1), channel="phone")  # no reference, twice
    order(db, "BORIS", ("MUG", 1), channel="phone", channel_ref="  ")
    refused_exactly(db, "clerk", InvalidInput,
                    "'fax' is not a channel; choose website, marketplace, phone or shop.",
                    create_order, "ANNA", [LineInput("MUG", 1)], channel="fax")


def test_create_refusals_write_nothing(store):
    db = store
    act(db, "clerk", set_product_active, "LAMP", False)
    refused_exactly(db, "clerk", Refused, "LAMP is archived and cannot be sold.",
                    create_order, "ANNA", [LineInput("MUG", 1), LineInput("LAMP", 1)])
    refused_exactly(db, "clerk", Refused, "PAPER is an office consumable; it is bought, not sold.",
                    create_order, "ANNA", [LineInput("PAPER", 1)])
    refused_exactly(db, "clerk", NotFound, "There is no product with SKU or barcode 'NOPE'.",
                    create_order, "ANNA", [LineInput("NOPE", 1)])
    refused_exactly(db, "clerk", NotFound, "There is no customer ZED.", create_order, "ZED", [LineInput("MUG", 1)])
    refused_exactly(db, "clerk", InvalidInput, "An order needs at least one line.", create_order, "ANNA", [])
    refused_exactly(db, "clerk", InvalidInput, "Line 2: the quantity must be positive.",
                    create_order, "ANNA", [LineInput("MUG", 1), LineInput("MUG", 0)])
    refused_exactly(db, "clerk", InvalidInput, "Line 1: a discount is between 0 and 100%.",
                    create_order, "ANNA", [LineInput("MUG", 1, None, 10001)])
    refused_exactly(db, "clerk", InvalidInput, "Line 1: the price cannot be negative.",
                    create_order, "ANNA", [LineInput("MUG", 1, -1)])
    not_permitted_for(db, ["acc", "wh", "viewer"], create_order, "ANNA", [LineInput("MUG", 1)])
    # the refused attempts took no number: the next order is the first
    assert order(db, "ANNA", ("MUG", 1)).endswith("-000001")


def test_replace_lines_of_a_draft_only(store):
    db = store
    number = order(db, "ANNA", ("MUG", 1))
    version = read(db, "clerk", order_detail, number).version
    act(db, "clerk", replace_lines, number, [LineInput("LAMP", 2), LineInput("DELIVERY", 1)],
        expected_version=version)
    assert [(ln[0], ln[1], ln[7]) for ln in lines_of(db, number)] == [("LAMP", 2, 600000), ("DELIVERY", 1, 30000)]
    assert order_row(db, number)["total"] == 630000
    assert audit_actions(db, "order", number) == ["order.create", "order.edit"]
    refused_exactly(db, "clerk", Refused, f"{number} was changed by someone else meanwhile; reload it and try again.",
                    replace_lines, number, [LineInput("MUG", 1)], expected_version=version)
    # new lines with the very same totals are still a change another form must not overwrite
    version = read(db, "clerk", order_detail, number).version
    act(db, "clerk", replace_lines, number, [LineInput("LAMP", 1, 570000), LineInput("DELIVERY", 2)],
        expected_version=version)
    assert order_row(db, number)["total"] == 630000
    refused_exactly(db, "clerk", Refused, f"{number} was changed by someone else meanwhile; reload it and try again.",
                    replace_lines, number, [LineInput("MUG", 1)], expected_version=version)
    assert [(ln[0], ln[1]) for ln in lines_of(db, number)] == [("LAMP", 1), ("DELIVERY", 2)]
    refused(db, "clerk", InvalidInput, "at least one line", replace_lines, number, [])
    refused(db, "clerk", Refused, "is an office consumable", replace_lines, number, [LineInput("PAPER", 1)])
    not_permitted_for(db, ["acc", "wh", "viewer"], replace_lines, number, [LineInput("MUG", 1)])
    act(db, "clerk", confirm_order, number)
    refused_exactly(db, "clerk", Refused, f"Cannot edit {number}: it is already confirmed. Possible when the order is a draft.",
                    replace_lines, number, [LineInput("MUG", 1)])
    refused_exactly(db, "clerk", NotFound, "There is no order SO-1999-000001.",
                    replace_lines, "so-1999-000001", [LineInput("MUG", 1)])
    assert_sound(db)


# -- confirm -------------------------------------------------------------------------------------


def test_confirm_reserves_every_line_in_the_chosen_warehouse(store):
    db = store
    act(db, "admin", add_warehouse, "SHOP", "Shop floor")
    stock_in(db, "MUG", 3, 50000, warehouse="SHOP")
    number = order(db, "ANNA", ("MUG", 2), ("DELIVERY", 1), ("MUG", 1))
    res = act(db, "clerk", confirm_order, number, warehouse="shop")
    assert res.status == "confirmed"
    assert reservations(db, number) == [(1, "MUG", 2), (3, "MUG", 1)]
    assert level(db, "MUG", "SHOP") == (3, 3) and level(db, "MUG", "MAIN") == (10, 0)
    d = read(db, "viewer", order_detail, number)
    assert d.warehouse == "SHOP" and [ln.reserved for ln in d.lines] == [2, 0, 1]
    assert not d.backorder
    assert audit_actions(db, "order", number) == ["order.create", "order.confirm"]
    refused_exactly(db, "clerk", Refused, f"Cannot confirm {number}: it is already confirmed. Possible when the order is a draft.",
                    confirm_order, number)
    other = order(db, "BORIS", ("MUG", 1))
    refused_exactly(db, "clerk", NotFound, "There is no warehouse NOWHERE.", confirm_order, other, warehouse="NOWHERE")
    refused_exactly(db, "clerk", Refused, f"Cannot confirm {other}: MUG has 0 available, 1 needed.",
                    confirm_order, other, warehouse="SHOP")
    not_permitted_for(db, ["acc", "wh", "viewer"], confirm_order, other)
    act(db, "clerk", set_product_active, "MUG", False)  # archived after the order was taken
    refused_exactly(db, "clerk", Refused, f"Cannot confirm {other}: MUG is archived.", confirm_order, other)
    assert_sound(db)


def test_short_stock_lists_every_shortfall_and_reserves_nothing(store):
    db = store
    number = order(db, "ANNA", ("MUG", 6), ("LAMP", 5), ("MUG", 6), ("KETTLE", 5), ("DELIVERY", 1))
    refused_exactly(db, "clerk", Refused,
                    f"Cannot confirm {number}: MUG has 10 available, 12 needed; LAMP has 4 available, 5 needed.",
                    confirm_order, number)
    assert order_row(db, number)["status"] == "draft"
    assert level(db, "MUG") == (10, 0) and level(db, "LAMP") == (4, 0) and level(db, "KETTLE") == (5, 0)
    add_product(db, "VASE", price=10000)  # never stocked: no level row at all
    vase = order(db, "BORIS", ("VASE", 2))
    refused_exactly(db, "clerk", Refused, f"Cannot confirm {vase}: VASE has 0 available, 2 needed.",
                    confirm_order, vase)


def test_backorder_reserves_what_is_there_and_tops_up_when_stock_arrives(store):
    db = store
    number = order(db, "ANNA", ("MUG", 6), ("LAMP", 5), ("MUG", 6))
    res = act(db, "clerk", confirm_order, number, backorder=True)
    assert res.status == "confirmed"
    assert reservations(db, number) == [(1, "MUG", 6), (2, "LAMP", 4), (3, "MUG", 4)]
    assert order_row(db, number)["backorder"] in (True, 1)
    assert [r.number for r in read(db, "viewer", list_orders, backorder=True)] == [number]
    # shipping more than is reserved and available is refused, naming the shortfall
    refused_exactly(db, "wh", Refused,
                    f"Cannot ship {number} from MAIN: MUG needs 2 more than is reserved and available; "
                    "LAMP needs 1 more than is reserved and available.",
                    ship_order, number)
    stock_in(db, "MUG", 1, 50000)
    # one free mug now: two are still unreserved, one more than is reserved and available is missing
    refused_exactly(db, "wh", Refused,
                    f"Cannot ship {number} from MAIN: MUG needs 1 more than is reserved and available; "
                    "LAMP needs 1 more than is reserved and available.",
                    ship_order, number)
    act(db, "clerk", top_up_reservations, number)
    assert reservations(db, number) == [(1, "MUG", 6), (2, "LAMP", 4), (3, "MUG", 5)]
    assert order_row(db, number)["backorder"] in (True, 1)
    stock_in(db, "MUG", 5, 50000)
    stock_in(db, "LAMP", 1, 100000)
    act(db, "clerk", top_up_reservations, number)
    assert reservations(db, number) == [(1, "MUG", 6), (2, "LAMP", 5), (3, "MUG", 6)]
    assert order_row(db, number)["backorder"] in (False, 0)
    assert level(db, "MUG") == (16, 12) and level(db, "LAMP") == (5, 5)
    assert audit_actions(db, "order", number)[-2:] == ["order.reserve", "order.reserve"]
    not_permitted_for(db, ["acc", "wh", "viewer"], top_up_reservations, number)
    draft = order(db, "BORIS", ("MUG", 1))
    refused_exactly(db, "clerk", Refused, f"Cannot top up reservations of {draft}: it is a draft. Possible when the order is confirmed "
                    "or partially shipped.",
                    top_up_reservations, draft)
    act(db, "wh", ship_order, number)
    assert order_row(db, number)["status"] == "shipped" and level(db, "MUG") == (4, 0)
    assert_sound(db)


# -- pay ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "account"), [("card", CARD), ("bank", BANK), ("cash", CASH), (" CARD ", CARD)])
def test_payment_before_shipment_is_an_advance_on_the_method_account(store, method, account):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 1))
    res = act(db, "acc", pay_order, number, 50000, method=method, reference="ref-1")
    assert entry_lines(db, res.entry) == [(account, None, 50000), (ADVANCES, None, -50000)]
    assert order_row(db, number)["paid"] == 50000
    d = read(db, "viewer", order_detail, number)
    assert [(p.method, p.amount, p.reference, p.entry) for p in d.payments] == [
        (method.strip().lower(), 50000, "ref-1", res.entry)]
    assert d.due == 70000
    assert_sound(db)


def test_payment_refusals(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 1))
    act(db, "clerk", pay_order, number, 20000, method="cash")
    refused_exactly(db, "acc", Refused, f"{number} has 1\xa0000,00 left to pay; 1\xa0000,01 is too much.",
                    pay_order, number, 100001)
    refused_exactly(db, "acc", InvalidInput, "'cheque' is not a payment method; choose bank, card or cash.",
                    pay_order, number, 100, method="cheque")
    refused_exactly(db, "acc", InvalidInput, "A payment needs a positive amount.", pay_order, number, 0)
    refused(db, "acc", InvalidInput, "positive amount", pay_order, number, -5)
    refused_exactly(db, "acc", NotFound, "There is no order SO-2000-000009.", pay_order, "SO-2000-000009", 100)
    not_permitted_for(db, ["wh", "viewer"], pay_order, number, 100)
    act(db, "acc", pay_order, number, 100000)  # the rest, exactly
    refused_exactly(db, "acc", Refused, f"{number} has 0,00 left to pay; 0,01 is too much.", pay_order, number, 1)
    cancelled = confirmed(db, "BORIS", ("LAMP", 1))
    act(db, "clerk", cancel_order, cancelled)
    refused_exactly(db, "acc", Refused, f"Cannot take a payment on {cancelled}: it is already cancelled. Possible when the order is not "
                    "cancelled.",
                    pay_order, cancelled, 100)
    assert_sound(db)


# -- ship, deliver -------------------------------------------------------------------------------


def test_ship_issues_at_moving_average_and_posts_revenue_vat_and_cost(store):
    db = store
    stock_in(db, "MUG", 5, 56000)  # 10 @ 500.00 + 5 @ 560.00: 15 worth 7 800.00, 520.00 each
    number = confirmed(db, "ANNA", ("MUG", 2), ("KETTLE", 1))
    res = act(db, "wh", ship_order, number)
    assert res.status == "shipped"
    # MUG 2 x 1 200.00 incl. VAT = 2 000.00 + 400.00; KETTLE 1 000.00 + 200.00; cost 2 x 520.00 + 400.00
    assert entry_lines(db, res.entry) == [
        ("1100", None, 360000), (SALES, "SALES", -300000), (VAT_OUT, None, -60000),
        (COGS, "SALES", 144000), (INVENTORY, None, -144000)]
    assert moves_of(db, number) == [("MUG", "MAIN", "shipment", -2, -104000), ("KETTLE", "MAIN", "shipment", -1, -40000)]
    assert level(db, "MUG") == (13, 0) and level(db, "KETTLE") == (4, 0) and reservations(db, number) == []
    row = order_row(db, number)
    assert (row["invoiced"], row["paid"]) == (360000, 0)
    refused_exactly(db, "wh", Refused, f"Cannot ship {number}: it is already shipped. Possible when the order is confirmed or "
                    "partially shipped.", ship_order, number)
    refused_exactly(db, "clerk", Refused, f"Cannot confirm {number}: it is already shipped. Possible when the order is a draft.", confirm_order, number)
    res = act(db, "wh", deliver_order, number)
    assert res.status == "delivered"
    refused_exactly(db, "wh", Refused, f"Cannot deliver {number}: it is already delivered. Possible when the order is shipped.", deliver_order, number)
    refused_exactly(db, "wh", Refused, f"Cannot ship {number}: it is already delivered. Possible when the order is confirmed or "
                    "partially shipped.", ship_order, number)
    assert audit_actions(db, "order", number) == ["order.create", "order.confirm", "order.ship", "order.deliver"]
    assert_sound(db)


def test_partial_shipments_by_line(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 3), ("LAMP", 2), ("MUG", 2))
    res = act(db, "wh", ship_order, number, [("mug", 4)])  # spreads over both MUG lines
    assert res.status == "partially_shipped"
    d = read(db, "viewer", order_detail, number)
    assert [(ln.sku, ln.shipped, ln.reserved) for ln in d.lines] == [("MUG", 3, 0), ("LAMP", 0, 2), ("MUG", 1, 1)]
    refused_exactly(db, "wh", Refused, f"Cannot deliver {number}: it is partially shipped. Possible when the order is shipped. "
                    "Ship the rest first.",
                    deliver_order, number)
    refused_exactly(db, "wh", Refused, f"{number}: only 1 of MUG left to ship, not 2.", ship_order, number, [("MUG", 2)])
    refused_exactly(db, "wh", InvalidInput, f"{number} has no line for KETTLE.", ship_order, number, [("KETTLE", 1)])
    refused_exactly(db, "wh", InvalidInput, "MUG: the quantity must be positive.",
                    ship_order, number, [("MUG", 0)])
    not_permitted_for(db, ["acc", "viewer"], ship_order, number)
    not_permitted_for(db, ["acc", "viewer"], deliver_order, number)
    res = act(db, "clerk", ship_order, number, [("LAMP", 1)])
    assert res.status == "partially_shipped"
    act(db, "wh", ship_order, number)  # the rest
    d = read(db, "viewer", order_detail, number)
    assert d.status == "shipped" and [(ln.shipped, ln.reserved) for ln in d.lines] == [(3, 0), (2, 0), (2, 0)]
    assert [s.kind for s in d.shipments] == ["ship", "ship", "ship"]
    assert sum(s.net + s.vat for s in d.shipments) == d.total == d.invoiced
    assert level(db, "MUG") == (5, 0) and level(db, "LAMP") == (2, 0)
    act(db, "wh", deliver_order, number)
    assert_sound(db)


def test_ship_and_deliver_in_wrong_states(store):
    db = store
    draft = order(db, "ANNA", ("MUG", 1))
    refused_exactly(db, "wh", Refused, f"Cannot ship {draft}: it is a draft. Possible when the order is confirmed or partially shipped.", ship_order, draft)
    refused_exactly(db, "wh", Refused, f"Cannot deliver {draft}: it is a draft. Possible when the order is shipped.", deliver_order, draft)
    confirmed_ = confirmed(db, "ANNA", ("MUG", 1))
    refused_exactly(db, "wh", Refused, f"Cannot deliver {confirmed_}: it is confirmed. Possible when the order is shipped.",
                    deliver_order, confirmed_)
    act(db, "clerk", cancel_order, confirmed_)
    refused_exactly(db, "wh", Refused, f"Cannot ship {confirmed_}: it is already cancelled. Possible when the order is confirmed "
                    "or partially shipped.", ship_order, confirmed_)
    refused_exactly(db, "wh", NotFound, "There is no order SO-2026-999999.", ship_order, "SO-2026-999999")
    refused_exactly(db, "wh", NotFound, "There is no order SO-2026-999999.", deliver_order, "so-2026-999999")


def test_shipping_takes_unreserved_stock_when_available(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 2), backorder=True)
    # stock that arrives after a backorder was confirmed ships without a top-up, if it is free
    other = confirmed(db, "BORIS", ("MUG", 8))
    assert reservations(db, other) == [(1, "MUG", 8)] and level(db, "MUG") == (10, 10)
    late = confirmed(db, "ANNA", ("MUG", 3), backorder=True)
    assert reservations(db, late) == [] and order_row(db, late)["backorder"] in (True, 1)
    stock_in(db, "MUG", 3, 50000)
    act(db, "wh", ship_order, late)  # 3 free units, none reserved
    assert level(db, "MUG") == (10, 10) and order_row(db, late)["status"] == "shipped"
    assert reservations(db, number) == [(1, "MUG", 2)] and reservations(db, other) == [(1, "MUG", 8)]
    assert order_row(db, late)["backorder"] in (False, 0)
    assert_sound(db)


# -- cancel ---------------------------------------------------------------------------------------


def test_cancel_releases_reservations_and_refunds_by_the_last_method(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 2), ("LAMP", 1))
    act(db, "acc", pay_order, number, 10000, method="bank")
    act(db, "acc", pay_order, number, 20000, method="card")
    assert level(db, "MUG") == (10, 2)
    res = act(db, "clerk", cancel_order, number)
    assert res.status == "cancelled" and res.entry is None
    assert entry_lines(db, res.refund_entry) == [(ADVANCES, None, 30000), (CARD, None, -30000)]
    assert level(db, "MUG") == (10, 0) and level(db, "LAMP") == (4, 0) and reservations(db, number) == []
    row = order_row(db, number)
    assert (row["status"], row["paid"], row["invoiced"]) == ("cancelled", 0, 0)
    d = read(db, "viewer", order_detail, number)
    assert [(p.method, p.amount) for p in d.payments] == [("bank", 10000), ("card", 20000), ("card", -30000)]
    assert audit_actions(db, "order", number)[-2:] == ["order.refund", "order.cancel"]
    refused_exactly(db, "clerk", Refused, f"Cannot cancel {number}: it is already cancelled. Possible when the order is a draft or "
                    "confirmed.", cancel_order, number)
    assert_sound(db)


def test_cancel_with_a_chosen_refund_method_and_of_a_draft(store):
    db = store
    draft = order(db, "ANNA", ("MUG", 1))
    act(db, "acc", pay_order, draft, 5000, method="card")  # a draft may be paid ahead
    res = act(db, "clerk", cancel_order, draft, refund_method="cash")
    assert entry_lines(db, res.refund_entry) == [(ADVANCES, None, 5000), (CASH, None, -5000)]
    unpaid = order(db, "ANNA", ("MUG", 1))
    res = act(db, "clerk", cancel_order, unpaid)
    assert res.refund_entry is None and entries_of(db, unpaid) == []
    assert_sound(db)


def test_cancel_only_before_shipping(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 2))
    act(db, "acc", pay_order, number, 240000)
    not_permitted_for(db, ["acc", "wh", "viewer"], cancel_order, number)
    act(db, "wh", ship_order, number, [("MUG", 1)])
    refused_exactly(db, "clerk", Refused,
                    f"Cannot cancel {number}: it is already partially shipped. Possible when the order is a draft or "
                    "confirmed. Take the goods back with a return instead.",
                    cancel_order, number)
    act(db, "wh", ship_order, number)
    refused_exactly(db, "clerk", Refused, f"Cannot cancel {number}: it is already shipped. Possible when the order is a draft or confirmed. "
                    "Take the goods back with a return instead.",
                    cancel_order, number)
    refused_exactly(db, "clerk", NotFound, "There is no order SO-2026-123456.", cancel_order, "SO-2026-123456")


# -- returns ---------------------------------------------------------------------------------------


def test_return_puts_goods_back_at_their_shipped_cost_and_refunds(store):
    db = store
    stock_in(db, "MUG", 5, 56000)  # average 520.00
    number = confirmed(db, "ANNA", ("MUG", 3))
    act(db, "clerk", pay_order, number, 360000, method="card")
    act(db, "wh", ship_order, number)
    stock_in(db, "MUG", 2, 80000)  # the average moves on: 12 @ 520.00 + 2 @ 800.00
    res = act(db, "wh", return_order, number, [("MUG", 2)])
    assert res.status == "shipped"
    # revenue and VAT of 2 mugs reversed into sales returns; goods back at 520.00, not at today's average
    assert entry_lines(db, res.entry) == [
        (RETURNS, "SALES", 200000), (VAT_OUT, None, 40000), (ADVANCES, None, -240000),
        (INVENTORY, None, 104000), (COGS, "SALES", -104000)]
    assert entry_lines(db, res.refund_entry) == [(ADVANCES, None, 240000), (CARD, None, -240000)]
    assert moves_of(db, number)[-1] == ("MUG", "MAIN", "customer_return", 2, 104000)
    assert level(db, "MUG") == (16, 0)
    row = order_row(db, number)
    assert (row["invoiced"], row["paid"]) == (120000, 120000)
    refused_exactly(db, "wh", Refused, f"{number}: only 1 of MUG left to return, not 2.",
                    return_order, number, [("MUG", 2)])
    refused_exactly(db, "wh", InvalidInput, f"{number} has no line for LAMP.", return_order, number, [("LAMP", 1)])
    refused_exactly(db, "wh", InvalidInput, "Say what comes back: SKU:QTY.", return_order, number, [])
    not_permitted_for(db, ["acc", "viewer"], return_order, number, [("MUG", 1)])
    res = act(db, "clerk", return_order, number, [("MUG", 1)])
    assert order_row(db, number)["invoiced"] == 0 and order_row(db, number)["paid"] == 0
    d = read(db, "viewer", order_detail, number)
    assert [(ln.shipped, ln.returned) for ln in d.lines] == [(3, 3)] and d.due == 0
    assert [s.kind for s in d.shipments] == ["ship", "return", "return"]
    assert audit_actions(db, "order", number).count("order.return") == 2
    assert_sound(db)


def test_damaged_return_is_written_off_without_a_stock_move(store):
    db = store
    number = confirmed(db, "ANNA", ("LAMP", 2))
    act(db, "wh", ship_order, number)  # unpaid: all on receivables
    moves_before = moves_of(db, number)
    res = act(db, "wh", return_order, number, [("LAMP", 1)], damaged=True)
    assert entry_lines(db, res.entry) == [
        (RETURNS, "SALES", 250000), (VAT_OUT, None, 50000), ("1100", None, -300000),
        (SHRINKAGE, "WH", 100000), (COGS, "SALES", -100000)]
    assert res.refund_entry is None  # the customer had paid nothing: the credit only reduces what they owe
    assert moves_of(db, number) == moves_before and level(db, "LAMP") == (2, 0)
    d = read(db, "viewer", order_detail, number)
    assert d.shipments[-1].damaged and d.due == 300000
    assert_sound(db)


def test_return_of_goods_shipped_at_different_costs_reverses_exactly_their_cost(store):
    from boclerk.services.stock.book import adjust_stock

    db = store
    number = confirmed(db, "ANNA", ("MUG", 2))
    act(db, "wh", ship_order, number, [("MUG", 1)])            # at 500.00
    act(db, "wh", return_order, number, [("MUG", 1)])          # back at 500.00
    assert level(db, "MUG") == (10, 1)
    act(db, "wh", adjust_stock, "MUG", -9, reason="flood", write_off=True)  # the 9 free units go
    stock_in(db, "MUG", 1, 90000)  # 1 @ 500.00 + 1 @ 900.00: 700.00 each
    act(db, "wh", ship_order, number, [("MUG", 1)])            # a unit leaves at 700.00
    row = sql(db, "SELECT cost_shipped, cost_returned FROM order_line")[0]
    assert tuple(row) == (50000 + 70000, 50000)
    res = act(db, "wh", return_order, number, [("MUG", 1)])
    # the unit still out left at 700.00 and comes back at 700.00: the order's cost of sales nets to zero
    assert moves_of(db, number)[-1] == ("MUG", "MAIN", "customer_return", 1, 70000)
    assert entry_lines(db, res.entry)[-2:] == [(INVENTORY, None, 70000), (COGS, "SALES", -70000)]
    assert balance(db, COGS, "order") == 0
    assert tuple(sql(db, "SELECT cost_shipped, cost_returned FROM order_line")[0]) == (120000, 120000)
    assert_sound(db)


def test_what_is_left_to_pay_after_a_return(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 2))
    act(db, "wh", ship_order, number, [("MUG", 1)])
    act(db, "wh", return_order, number, [("MUG", 1)])
    d = read(db, "viewer", order_detail, number)
    assert d.due == 120000 and type(d.due) is int  # 2 400.00 ordered, 1 200.00 of it returned
    refused_exactly(db, "acc", Refused, f"{number} has 1\xa0200,00 left to pay; 1\xa0200,01 is too much.",
                    pay_order, number, 120001)
    act(db, "acc", pay_order, number, 120000)
    assert read(db, "viewer", order_detail, number).due == 0
    assert_sound(db)


def test_return_refused_before_shipping(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 2))
    refused_exactly(db, "wh", Refused, f"Cannot take back goods of {number}: it is confirmed. Possible when the order is partially "
                    "shipped, shipped or delivered.",
                    return_order, number, [("MUG", 1)])
    draft = order(db, "ANNA", ("MUG", 2))
    refused_exactly(db, "wh", Refused, f"Cannot take back goods of {draft}: it is a draft. Possible when the order is partially "
                    "shipped, shipped or delivered.",
                    return_order, draft, [("MUG", 1)])
    refused_exactly(db, "wh", NotFound, "There is no order SO-2026-000404.", return_order, "SO-2026-000404",
                    [("MUG", 1)])


def test_return_without_refund_keeps_a_credit_that_refund_order_pays_back(store):
    db = store
    number = confirmed(db, "ANNA", ("MUG", 2))
    act(db, "acc", pay_order, number, 240000, method="bank")
    act(db, "wh", ship_order, number)
    res = act(db, "wh", return_order, number, [("MUG", 1)], refund=False)
    assert res.refund_entry is None
    row = order_row(db, number)
    assert (row["invoiced"], row["paid"]) == (120000, 240000)  # 1 200.00 of credit on customer advances
    assert read(db, "viewer", order_detail, number).due == -120000
    refused_exactly(db, "acc", Refused, f"{number} has 1\xa0200,00 to refund; 1\xa0200,01 is too much.",
                    refund_order, number, 120001)
    refused_exactly(db, "acc", InvalidInput, "A refund needs a positive amount.", refund_order, number, 0)
    not_permitted_for(db, ["wh", "viewer"], refund_order, number, 100)
    res = act(db, "acc", refund_order, number, 20000)  # by the last method used: bank
    assert entry_lines(db, res.refund_entry) == [(ADVANCES, None, 20000), (BANK, None, -20000)]
    res = act(db, "clerk", refund_order, number, 100000, method="cash")
    assert entry_lines(db, res.refund_entry) == [(ADVANCES, None, 100000), (CASH, None, -100000)]
    refused_exactly(db, "acc", Refused, f"{number} has 0,00 to refund; 0,01 is too much.", refund_order, number, 1)
    row = order_row(db, number)
    assert (row["invoiced"], row["paid"]) == (120000, 120000)
    assert_sound(db)


# -- detail and list ---------------------------------------------------------------------------------


def test_order_history_from_the_audit_trail(store):
    db = store
    number = order(db, "ANNA", ("MUG", 2), ("DELIVERY", 1))
    act(db, "clerk", confirm_order, number)
    act(db, "acc", pay_order, number, 100000, method="card")
    act(db, "wh", ship_order, number, [("MUG", 1)])
    act(db, "acc", pay_order, number, 170000, method="bank")
    act(db, "wh", ship_order, number)
    act(db, "wh", deliver_order, number)
    act(db, "wh", return_order, number, [("MUG", 1)])
    d = read(db, "viewer", order_detail, number)
    assert [(h.actor, h.action) for h in d.history] == [
        ("clerk", "order.create"), ("clerk", "order.confirm"), ("acc", "order.pay"), ("wh", "order.ship"),
        ("acc", "order.pay"), ("wh", "order.ship"), ("wh", "order.deliver"), ("wh", "order.refund"),
        ("wh", "order.return")]
    assert d.history[1].before == {"status": "draft"}
    assert d.history[1].after == {"status": "confirmed", "warehouse": "MAIN", "backorder": False}
    assert d.history[3].after["lines"] == {"MUG": 1, "DELIVERY": 1} and d.history[3].after["value"] == "1500.00"
    assert [(p.method, p.amount) for p in d.payments] == [("card", 100000), ("bank", 170000), ("bank", -120000)]
    assert [(s.kind, s.net + s.vat) for s in d.shipments] == [("ship", 150000), ("ship", 120000), ("return", 120000)]
    assert (d.status, d.total, d.invoiced, d.paid, d.due) == ("delivered", 270000, 150000, 150000, 0)
    assert all(s.entry and s.entry.startswith("JE-") for s in d.shipments)
    assert_sound(db)


def test_list_orders_filters_and_keyset_paging(store):
    db = store
    start = today(db)
    set_day(db, start - timedelta(days=10))
    a1 = order(db, "ANNA", ("MUG", 1), channel="website", channel_ref="W-1")
    set_day(db, start - timedelta(days=5))
    b1 = confirmed(db, "BORIS", ("MUG", 1), channel="phone")
    a2 = confirmed(db, "ANNA", ("LAMP", 5), backorder=True, channel="marketplace")
    set_day(db, start)
    b2 = confirmed(db, "BORIS", ("MUG", 1))
    act(db, "wh", ship_order, b2)
    a3 = confirmed(db, "ANNA", ("MUG", 2))
    act(db, "wh", ship_order, a3, [("MUG", 1)])
    b3 = order(db, "BORIS", ("MUG", 1))
    act(db, "clerk", cancel_order, b3)

    def numbers(**kw) -> list[str]:
        return [r.number for r in read(db, "viewer", list_orders, **kw)]

    assert numbers() == [b3, a3, b2, a2, b1, a1]  # newest first
    assert numbers(status="draft") == [a1]
    assert numbers(status="confirmed") == [a2, b1]
    assert numbers(status="open") == [a3, a2, b1]
    assert numbers(status="partially_shipped") == [a3]
    assert numbers(status="cancelled") == [b3]
    assert numbers(customer="anna") == [a3, a2, a1]
    assert numbers(customer="BORIS", status="open") == [b1]
    assert numbers(channel="Phone") == [b1]
    assert numbers(channel="website") == [b3, a3, b2, a1]
    assert numbers(start=start - timedelta(days=5), end=start - timedelta(days=5)) == [a2, b1]
    assert numbers(start=start) == [b3, a3, b2]
    assert numbers(end=start - timedelta(days=6)) == [a1]
    assert numbers(backorder=True) == [a2]
    assert numbers(backorder=False) == [b3, a3, b2, b1, a1]
    # keyset: a page of two, then older, then newer again
    page1 = read(db, "viewer", list_orders, limit=2)
    assert [r.number for r in page1] == [b3, a3]
    page2 = read(db, "viewer", list_orders, before_id=page1[-1].id, limit=2)
    assert [r.number for r in page2] == [b2, a2]
    page3 = read(db, "viewer", list_orders, before_id=page2[-1].id, limit=2)
    assert [r.number for r in page3] == [b1, a1]
    assert read(db, "viewer", list_orders, before_id=page3[-1].id, limit=2) == []
    back = read(db, "viewer", list_orders, after_id=page3[0].id, limit=2)
    assert [r.number for r in back] == [b2, a2]  # newer than b1, still newest first
    assert [r.number for r in read(db, "viewer", list_orders, after_id=page1[-1].id, limit=2)] == [b3]
    row = next(r for r in read(db, "viewer", list_orders) if r.number == a3)
    assert (row.customer, row.customer_name, row.status, row.total, row.invoiced, row.paid) == (
        "ANNA", "Anna Petrova", "partially_shipped", 240000, 120000, 0)
    with pytest.raises(InvalidInput, match="'lost' is not an order status"):
        read(db, "viewer", list_orders, status="lost")
    with pytest.raises(NotFound, match="There is no customer ZED"):
        read(db, "viewer", list_orders, customer="ZED")
    assert read(db, "viewer", order_detail, a1).order_date == start - timedelta(days=10)


def test_order_numbers_follow_the_year_of_the_order(store):
    db = store
    set_day(db, date(2025, 12, 31))
    last_year = order(db, "ANNA", ("MUG", 1))
    set_day(db, date(2026, 1, 1))
    this_year = order(db, "ANNA", ("MUG", 1))
    assert (last_year, this_year) == ("SO-2025-000001", "SO-2026-000001")
    assert_sound(db)
