"""A product sold by weight: bought, received, counted, sold in fractions and returned, exact to
the gram and to the kopeck; db check holds and the ledger agrees with the moving average."""

from datetime import date
from decimal import Decimal

import pytest

from boclerk.errors import InvalidInput
from boclerk.services.purchasing.bills import enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.sales.orders import LineInput, confirm_order, create_order
from boclerk.services.sales.shipping import return_order, ship_order
from boclerk.services.stock import stocktake
from boclerk.services.stock.queries import levels, product_moves
from tests.services.trade_helpers import (
    COGS,
    INVENTORY,
    act,
    add_customer,
    add_product,
    add_supplier,
    assert_sound,
    balance,
    po,
    read,
    refused,
    set_day,
    sql,
    sql_one,
)

D = Decimal


@pytest.fixture
def coffee(db):
    set_day(db, date(2026, 3, 2))
    add_product(db, "COFFEE", price=200000, cost=80000, unit="кг")  # 2 000.00 a kilogram incl. VAT
    add_supplier(db, "ROAST", "Roastery", tax_id="7707083893")
    add_customer(db, "ANNA", "Anna")
    return db


def cost_row(db):
    return tuple(sql(db, "SELECT c.qty, c.value FROM product_cost c JOIN product p ON p.id = c.product_id "
                         "WHERE p.sku = 'COFFEE'")[0])


def test_the_unit_is_kilograms_with_three_decimals(coffee):
    assert sql_one(coffee, "SELECT unit FROM product WHERE sku = 'COFFEE'") == "kg"
    assert sql(coffee, "SELECT okei, decimals FROM unit WHERE code = 'kg'") == [("166", 3)]


def test_bought_received_counted_sold_and_returned_in_fractions(coffee):
    db = coffee
    first = po(db, "ROAST", ("COFFEE", D("4.25"), 80000))
    act(db, "wh", receive_po, first)
    second = po(db, "ROAST", ("COFFEE", D("6.250"), 81234))
    act(db, "wh", receive_po, second, [("COFFEE", D("2.5"))])
    act(db, "wh", receive_po, second, [("COFFEE", D("3.75"))])
    # 4.250 x 800.00 = 3 400.00; 2.500 x 812.34 = 2 030.85; 3.750 x 812.34 = 3 046.275 -> 3 046.28
    assert cost_row(db) == (10500, 340000 + 203085 + 304628)
    act(db, "acc", enter_bill, second, "R-77", date(2026, 3, 2))
    assert_sound(db)

    count = act(db, "wh", stocktake.open_count).number
    act(db, "wh", stocktake.enter_counts, count, [("COFFEE", D("10.48"))])
    act(db, "wh", stocktake.post_count, count)
    value = 340000 + 203085 + 304628
    loss = round(D(value) * 20 / 10500)  # 0.020 kg at the moving average, half-up
    assert cost_row(db) == (10480, value - loss)

    number = act(db, "clerk", create_order, "ANNA", [LineInput("COFFEE", D("1.25"))]).number
    # 1.250 kg x 2 000.00 = 2 500.00 incl. VAT 22% (March 2026): 450.82
    assert sql(db, "SELECT qty, gross, vat, vat_rate FROM order_line") == [(1250, 250000, 45082, 22)]
    act(db, "clerk", confirm_order, number)
    act(db, "wh", ship_order, number, [("COFFEE", D("0.75"))])
    act(db, "wh", ship_order, number, [("COFFEE", D("0.500"))])
    left_value = value - loss
    first_cost = int((D(left_value) * 750 / 10480).quantize(D(1), rounding="ROUND_HALF_UP"))
    second_cost = int((D(left_value - first_cost) * 500 / 9730).quantize(D(1), rounding="ROUND_HALF_UP"))
    assert sql(db, "SELECT qty, cost FROM shipment_line ORDER BY id") == [(750, first_cost), (500, second_cost)]

    act(db, "clerk", return_order, number, [("COFFEE", D("0.25"))])
    back = int((D(first_cost + second_cost) * 250 / 1250).quantize(D(1), rounding="ROUND_HALF_UP"))
    assert cost_row(db) == (10480 - 1250 + 250, left_value - first_cost - second_cost + back)
    assert balance(db, COGS) == first_cost + second_cost - back
    # the ledger's inventory equals the moving-average valuation, to the kopeck
    assert balance(db, INVENTORY) == cost_row(db)[1]
    assert_sound(db)

    from boclerk.services.sales.report import sales_report

    sold = read(db, "viewer", sales_report, date(2026, 3, 1), date(2026, 3, 31), by="product")
    assert [(r.key, r.qty) for r in sold.rows] == [("COFFEE", D("1.000"))]  # 1,250 kg shipped, 0,250 back
    lv = read(db, "viewer", levels, sku="COFFEE")[0]
    assert (lv.on_hand, lv.unit) == (D("9.480"), "kg")
    moves = read(db, "viewer", product_moves, "COFFEE")
    assert [m.qty for m in moves][:3] == [D("0.250"), D("-0.500"), D("-0.750")]


def test_more_decimals_than_the_unit_allows_is_refused_with_a_sentence(coffee):
    refused(coffee, "clerk", InvalidInput, r"^Line 1: '1\.2345' has more than 3 decimals, which COFFEE \(кг\) allows\.$",
            create_order, "ANNA", [LineInput("COFFEE", D("1.2345"))])
    refused(coffee, "clerk", InvalidInput, r"^Line 1: the quantity must be positive\.$",
            create_order, "ANNA", [LineInput("COFFEE", D("0"))])


def test_pieces_stay_whole(coffee):
    add_product(coffee, "MUG", price=120000, cost=50000)
    refused(coffee, "clerk", InvalidInput, r"'1\.5' is not a whole number, and MUG \(шт\) is counted in whole units",
            create_order, "ANNA", [LineInput("MUG", D("1.5"))])


def test_the_unit_cannot_change_once_quantities_are_kept(coffee):
    from boclerk.errors import Refused
    from boclerk.services.catalog.products import edit_product

    po(coffee, "ROAST", ("COFFEE", D("1"), 80000))
    refused(coffee, "admin", Refused, "already has quantities in kg", edit_product, "COFFEE", unit="g")
