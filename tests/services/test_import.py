"""``boclerk import``: products, customers, suppliers, orders and stock counts from CSV files.

Every rule of the issue with real files written here: UTF-8 with or without BOM and cp1251,
comma or semicolon, unknown columns refused, every row checked before anything is written
(the message names line and column; one bad row and nothing is imported), re-importing the
same file changes nothing, a dry run writes nothing; history orders with no stock moves and
no postings, live orders through the order services, opening stock and stocktakes.
"""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.errors import InvalidInput, NotPermitted, Refused
from boclerk.services.exchange.importing import import_file
from tests.services.trade_helpers import (
    INVENTORY,
    assert_sound,
    balance,
    changed_tables,
    entry_lines,
    level,
    move_count,
    moves_of,
    reservations,
    set_day,
    shop,
    snapshot,
    sql,
    sql_one,
)

TODAY = date(2026, 6, 1)
OPENING = "3900"


@pytest.fixture
def day(db):
    set_day(db, TODAY)
    return TODAY


def csv_bytes(*lines: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    data = ("\n".join(lines) + "\n").encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def run(db, kind, data, *, user="admin", what=None, dry_run=False):
    return import_file(db, user, kind, data, what=what or f"{kind}.csv", dry_run=dry_run)


def refused_file(db, kind, data, error=InvalidInput, **kwargs) -> str:
    """Import must fail with ``error`` and leave every table as it was; returns the message."""
    before = snapshot(db)
    with pytest.raises(error) as info:
        run(db, kind, data, **kwargs)
    assert changed_tables(before, snapshot(db)) == []
    return str(info.value)


def same_again(db, kind, data) -> None:
    """Importing the same file again changes no row of any table (not even the audit trail)."""
    before = snapshot(db)
    result = run(db, kind, data)
    assert result.added == 0 and result.updated == 0
    assert changed_tables(before, snapshot(db)) == []


SUPPLIERS = csv_bytes(
    "code,name,tax_id,email,phone,address,payment_terms_days",
    "ACME,Acme Supplies,7707083893,Sales@Acme.example.com,+7 495 123-45-67,Moscow,30",
    "GLOBEX,Globex,,,,,",
)
PRODUCTS = csv_bytes(
    "sku,name,price,category,unit,vat_rate,cost,barcode,reorder_point,reorder_qty,supplier_code,kind",
    'MUG,Mug,"1 200,00",Kitchen,pcs,20,500,4600000000017,5,20,ACME,goods',
    "LAMP,Lamp,3000.00,Light,pcs,10%,1000,4600000000024 4600000000031,,,GLOBEX,",
    "DELIVERY,Delivery,300,,,,,,,,,service",
    "PAPER,Printer paper,0,Office,pack,20,250,,,,ACME,consumable",
)
CUSTOMERS = csv_bytes(
    "code,name,email,phone,address",
    'ANNA,Anna Petrova,Anna@Example.com,+7 (912) 345-67-89,"Moscow, Tverskaya 1"',
    "BORIS,Boris Ivanov,,,",
)


def master(db) -> None:
    run(db, "suppliers", SUPPLIERS)
    run(db, "products", PRODUCTS)
    run(db, "customers", CUSTOMERS)


# -- products, customers, suppliers ------------------------------------------------------------


def test_products_customers_and_suppliers_import_with_every_column(db, day):
    assert run(db, "suppliers", SUPPLIERS).added == 2
    result = run(db, "products", PRODUCTS)
    assert (result.rows, result.added, result.updated, result.unchanged) == (4, 4, 0, 0)
    assert run(db, "customers", CUSTOMERS).added == 2
    rows = {r[0]: tuple(r[1:]) for r in sql(db, (
        "SELECT p.sku, p.name, p.sale_price, p.category, p.unit, p.vat_category, p.standard_cost, p.reorder_point, "
        "p.reorder_qty, s.code, p.kind FROM product p LEFT JOIN supplier s ON s.id = p.preferred_supplier_id"))}
    assert rows["MUG"] == ("Mug", 120000, "Kitchen", "pcs", "standard", 50000, 5, 20, "ACME", "goods")
    assert rows["LAMP"] == ("Lamp", 300000, "Light", "pcs", "reduced", 100000, 0, 0, "GLOBEX", "goods")
    assert rows["DELIVERY"][-1] == "service" and rows["PAPER"][-1] == "consumable"
    assert sorted(r[0] for r in sql(db, "SELECT code FROM barcode")) == [
        "4600000000017", "4600000000024", "4600000000031"]
    anna = sql(db, "SELECT name, email, phone, phone_digits, address FROM customer WHERE code = 'ANNA'")[0]
    assert tuple(anna) == ("Anna Petrova", "anna@example.com", "+7 (912) 345-67-89", "79123456789",
                           "Moscow, Tverskaya 1")
    acme = sql(db, "SELECT name, tax_id, email, payment_terms_days FROM supplier WHERE code = 'ACME'")[0]
    assert tuple(acme) == ("Acme Supplies", "7707083893", "sales@acme.example.com", 30)
    assert sql_one(db, "SELECT payment_terms_days FROM supplier WHERE code = 'GLOBEX'") == 30  # the default
    # every record added leaves its audit event, naming the file
    assert sql_one(db, "SELECT COUNT(*) FROM audit_event WHERE action = 'product.add'") == 4
    assert "products.csv" in sql_one(db, "SELECT after FROM audit_event WHERE entity_id = 'MUG'")
    assert_sound(db)


def test_reimporting_the_same_files_changes_nothing(db, day):
    master(db)
    for kind, data in (("suppliers", SUPPLIERS), ("products", PRODUCTS), ("customers", CUSTOMERS)):
        same_again(db, kind, data)


def test_a_changed_file_updates_only_what_it_gives(db, day):
    master(db)
    changed = csv_bytes("sku,name,price,cost", "MUG,Big mug,1300,", "LAMP,Lamp,3000,1000")
    result = run(db, "products", changed)
    assert (result.added, result.updated, result.unchanged) == (0, 1, 1)
    mug = sql(db, "SELECT name, sale_price, standard_cost, category FROM product WHERE sku = 'MUG'")[0]
    assert tuple(mug) == ("Big mug", 130000, 50000, "Kitchen")  # blank cost and absent columns left alone
    assert sql_one(db, "SELECT COUNT(*) FROM barcode") == 3
    assert sql(db, "SELECT action FROM audit_event WHERE entity_id = 'MUG' ORDER BY id")[-1][0] == "product.edit"
    result = run(db, "customers", csv_bytes("code,name,email", "anna,Anna Petrova,anna@new.example.com"))
    assert (result.added, result.updated) == (0, 1)  # codes match in any case, like the partner services
    assert sql_one(db, "SELECT email FROM customer WHERE code = 'ANNA'") == "anna@new.example.com"


def test_cp1251_with_semicolons_is_read(db, day):
    data = csv_bytes("Код;Наименование".replace("Код", "code").replace("Наименование", "name") + ";address",
                     "IVAN;Иван Петров;Москва, ул. Ленина 1", "OLGA;Ольга Смирнова;", encoding="cp1251")
    assert data.decode("cp1251") and not _utf8(data)
    assert run(db, "customers", data).added == 2
    assert sql_one(db, "SELECT name FROM customer WHERE code = 'IVAN'") == "Иван Петров"
    assert sql_one(db, "SELECT address FROM customer WHERE code = 'IVAN'") == "Москва, ул. Ленина 1"


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def test_utf8_with_bom_is_read(db, day):
    data = csv_bytes("code;name;email", "ANNA;Анна Петрова;anna@example.com", bom=True)
    assert run(db, "customers", data).added == 1
    assert sql_one(db, "SELECT name FROM customer WHERE code = 'ANNA'") == "Анна Петрова"


def test_columns_in_any_order_and_case(db, day):
    run(db, "products", csv_bytes("Price,SKU,Name", "10,A-1,Thing"))
    assert sql_one(db, "SELECT sale_price FROM product WHERE sku = 'A-1'") == 1000


def test_an_unknown_column_is_refused(db, day):
    message = refused_file(db, "customers", csv_bytes("code,name,fax", "ANNA,Anna,123"))
    assert "unknown column" in message and "'fax'" in message
    assert "code, name, email, phone, address" in message


def test_a_missing_required_column_is_refused(db, day):
    message = refused_file(db, "products", csv_bytes("sku,name", "A,B"))
    assert "lacks the required column price" in message


def test_one_bad_row_at_line_57_imports_nothing(db, day):
    rows = ["code,name,email"] + [f"C{i:03d},Customer {i},c{i}@example.com" for i in range(2, 70)]
    rows[56] = "C057,Customer 57,not-an-email"  # physical line 57: the header is line 1
    message = refused_file(db, "customers", csv_bytes(*rows))
    assert message == "customers.csv line 57, column email: 'not-an-email' is not an email address."
    assert sql_one(db, "SELECT COUNT(*) FROM customer") == 0


def test_a_bad_order_line_at_line_57_imports_nothing(db, day):
    master(db)
    rows = ["order_number,order_date,customer_code,sku,quantity,unit_price,status"]
    rows += [f"{1000 + i},2025-01-{1 + i % 28:02d},ANNA,MUG,1,1200,delivered" for i in range(2, 80)]
    rows[56] = "1056,2025-01-03,ANNA,MUG,two,1200,delivered"
    message = refused_file(db, "orders", csv_bytes(*rows))
    assert message == "orders.csv line 57, column quantity: 'two' is not a number (write e.g. 1234.56 or 1 234,56)."
    assert sql_one(db, "SELECT COUNT(*) FROM sales_order") == 0


def test_every_problem_is_listed_with_its_line_and_column(db, day):
    data = csv_bytes("sku,name,price,unit,vat_rate", "A 1,Thing,10,pcs,20", "B,Thing,-5,pcs,20",
                     "C,Thing,1.234,pcs,20", "D,Thing,10,crates,20", "E,Thing,10,pcs,120", "F,,10,pcs,20")
    lines = refused_file(db, "products", data).splitlines()
    assert lines == [
        "products.csv line 2, column sku: 'A 1' is not a SKU (letters, digits and . _ / -, up to 64, no spaces).",
        "products.csv line 3, column price: '-5' is negative, which is not allowed here.",
        "products.csv line 4, column price: '1.234' has more than 2 decimals.",
        ("products.csv line 5, column unit: 'crates' is not a unit; choose pcs, kg, g, t, m, m2, m3, l, ml, "
         "pack, box, set, pair, roll or h; an OKEI code does too."),
        ("products.csv line 6, column vat_rate: '120' is not a VAT category; choose standard, reduced, zero or "
         "exempt."),
        "products.csv line 7, column name: a value is required.",
    ]


def test_duplicates_and_clashes_name_their_lines(db, day):
    master(db)
    message = refused_file(db, "products", csv_bytes("sku,name,price,barcode", "X1,One,1,111111", "x1,Two,1,"))
    assert message == "products.csv line 3, column sku: the SKU x1 is already on line 2."
    message = refused_file(db, "products", csv_bytes("sku,name,price,barcode", "X1,One,1,4600000000017"))
    assert message == "products.csv line 2, column barcode: the barcode 4600000000017 already belongs to MUG."
    message = refused_file(db, "products", csv_bytes("sku,name,price,supplier_code", "X1,One,1,NOBODY"))
    assert message == "products.csv line 2, column supplier_code: there is no supplier NOBODY."
    message = refused_file(db, "suppliers", csv_bytes("code,name,tax_id", "NEW,New,7707083893"))
    assert message == ("suppliers.csv line 2, column tax_id: the tax id 7707083893 already belongs to the "
                       "supplier ACME.")


def test_a_dry_run_checks_everything_and_writes_nothing(db, day):
    before = snapshot(db)
    result = run(db, "suppliers", SUPPLIERS, dry_run=True)
    assert result.dry_run and result.added == 2
    assert "Dry run: nothing was written." in result.sentence()
    assert changed_tables(before, snapshot(db)) == []
    # a dry run refuses what the import would refuse: products naming suppliers not yet there
    with pytest.raises(InvalidInput, match="line 2, column supplier_code: there is no supplier ACME"):
        run(db, "products", PRODUCTS, dry_run=True)


def test_only_an_admin_may_import(db, day):
    for user in ("acc", "clerk", "wh", "viewer"):
        refused_file(db, "customers", CUSTOMERS, NotPermitted, user=user)


def test_empty_and_binary_files_are_refused(db, day):
    assert "has a header but no rows" in refused_file(db, "customers", csv_bytes("code,name"))
    assert "is empty" in refused_file(db, "customers", b"")
    assert "not text" in refused_file(db, "customers", b"\x00\x01\x02binary")


def test_exported_neutralised_cells_come_back_as_they_were(db, day):
    data = csv_bytes("code,name,phone", "ANNA,'=Anna,'+7 912 345-67-89")
    run(db, "customers", data)
    assert tuple(sql(db, "SELECT name, phone FROM customer")[0]) == ("=Anna", "+7 912 345-67-89")


# -- orders ------------------------------------------------------------------------------------

ORDERS = csv_bytes(
    "order_number,order_date,customer_code,sku,quantity,unit_price,discount_percent,status,channel",
    "1001,2024-03-01,ANNA,MUG,2,1200,,delivered,website",
    "1001,2024-03-01,ANNA,DELIVERY,1,300,,delivered,website",
    "1002,01.12.2024,BORIS,LAMP,1,3000,10,shipped,phone",
    "1003,2025-06-02,BORIS,LAMP,1,3000,,cancelled,phone",
    "1004,2025-02-10,ANNA,MUG,1,1200,,shipped,marketplace",
    "W-77,2026-05-20,ANNA,MUG,3,1200,5,confirmed,website",
    "W-77,2026-05-20,ANNA,DELIVERY,1,300,,confirmed,website",
    "W-78,2026-05-21,BORIS,LAMP,1,3000,,new,marketplace",
)


def stocked(db) -> None:
    master(db)
    run(db, "stock-count", csv_bytes("sku,warehouse,counted_qty,unit_cost", "MUG,MAIN,10,500", "LAMP,MAIN,4,"))


def test_history_orders_are_stored_without_stock_moves_or_postings(db, day):
    stocked(db)
    moves, entries = move_count(db), sql_one(db, "SELECT COUNT(*) FROM journal_entry")
    result = run(db, "orders", ORDERS)
    assert (result.rows, result.added, result.unchanged) == (8, 6, 0)
    orders = {r[0]: tuple(r[1:]) for r in sql(db, (
        "SELECT channel_ref, number, status, historical, order_date, shipped_on, total, invoiced, paid, channel "
        "FROM sales_order"))}
    # numbers from the gapless series of each order date's year, in date order within the year
    assert [orders[n][0] for n in ("1001", "1002", "1004", "1003")] == [
        "SO-2024-000001", "SO-2024-000002", "SO-2025-000001", "SO-2025-000002"]
    _, status, historical, ordered, shipped, total, invoiced, paid, channel = orders["1001"]
    assert (status, bool(historical), total, invoiced, paid, channel) == ("delivered", True, 270000, 270000, 270000,
                                                                          "website")
    assert str(shipped)[:10] == str(ordered)[:10] == "2024-03-01"
    assert orders["1002"][1:3] == ("shipped", True) and orders["1002"][5] == 270000  # 10% off 3 000.00
    assert orders["1003"][1] == "cancelled" and orders["1003"][4] is None and orders["1003"][6:8] == (0, 0)
    lines = sql(db, "SELECT l.qty, l.qty_shipped, l.net, l.vat, l.gross FROM order_line l "
                    "JOIN sales_order o ON o.id = l.order_id WHERE o.channel_ref = '1001' ORDER BY l.line_no")
    assert [tuple(r) for r in lines] == [(2, 2, 200000, 40000, 240000), (1, 1, 25000, 5000, 30000)]
    # the history orders moved no stock and posted nothing; the live ones only reserved
    assert move_count(db) == moves
    assert sql_one(db, "SELECT COUNT(*) FROM journal_entry") == entries
    assert sql_one(db, "SELECT last FROM number_series WHERE series = 'SO' AND year = 2024") == 2
    assert sql_one(db, "SELECT COUNT(*) FROM audit_event WHERE action = 'order.import'") == 4
    assert_sound(db)


def test_live_orders_go_through_the_order_services(db, day):
    stocked(db)
    run(db, "orders", ORDERS)
    w77 = sql(db, "SELECT number, status, historical, total FROM sales_order WHERE channel_ref = 'W-77'")[0]
    assert (w77[1], bool(w77[2]), w77[3]) == ("confirmed", False, 3 * 114000 + 30000)
    assert w77[0] == "SO-2026-000001"
    assert reservations(db, w77[0]) == [(1, "MUG", 3)]
    assert level(db, "MUG") == (10, 3)
    w78 = sql(db, "SELECT number, status FROM sales_order WHERE channel_ref = 'W-78'")[0]
    assert tuple(w78) == ("SO-2026-000002", "draft")
    assert reservations(db, w78[0]) == []
    actions = [r[0] for r in sql(db, "SELECT action FROM audit_event WHERE entity_id = :n ORDER BY id", n=w77[0])]
    assert actions == ["order.create", "order.confirm"]
    assert_sound(db)


def test_a_dry_run_of_orders_reserves_and_numbers_nothing(db, day):
    stocked(db)
    before = snapshot(db)
    result = run(db, "orders", ORDERS, dry_run=True)
    assert (result.added, result.dry_run) == (6, True)
    assert "2 live orders, 1 confirmed." in result.sentence()
    assert changed_tables(before, snapshot(db)) == []


def test_reimporting_orders_changes_nothing(db, day):
    stocked(db)
    run(db, "orders", ORDERS)
    same_again(db, "orders", ORDERS)
    result = run(db, "orders", ORDERS)
    assert (result.added, result.unchanged) == (0, 6)


def test_an_order_already_there_with_other_lines_is_refused(db, day):
    stocked(db)
    run(db, "orders", ORDERS)
    changed = csv_bytes("order_number,order_date,customer_code,sku,quantity,unit_price,status",
                        "1001,2024-03-01,ANNA,MUG,5,1200,delivered")
    message = refused_file(db, "orders", changed)
    assert message == ("orders.csv line 2, column order_number: order 1001 is already here as SO-2024-000001, "
                       "with other lines; an import adds orders but does not change them.")


def test_orders_exported_with_their_boclerk_number_are_recognised(db, day):
    shop(db)
    from boclerk.services.sales.orders import LineInput, create_order

    with db.write("clerk") as uow:
        number = create_order(uow, "ANNA", [LineInput("MUG", 1)], channel="phone").number
    data = csv_bytes("order_number,order_date,customer_code,sku,quantity,unit_price,status,channel",
                     f"{number},{TODAY},ANNA,MUG,1,1200,new,phone")
    same_again(db, "orders", data)


def test_order_rows_must_agree_on_the_order(db, day):
    master(db)
    data = csv_bytes("order_number,order_date,customer_code,sku,quantity,unit_price,status",
                     "1,2025-01-01,ANNA,MUG,1,1200,delivered", "1,2025-01-02,ANNA,LAMP,1,3000,delivered",
                     "2,2025-01-01,ANNA,MUG,1,1200,delivered", "2,2025-01-01,BORIS,LAMP,1,3000,delivered")
    assert refused_file(db, "orders", data).splitlines() == [
        "orders.csv line 3, column order_date: order 1 has 2025-01-01 on line 2, not 2025-01-02.",
        "orders.csv line 5, column customer_code: order 2 has ANNA on line 4, not BORIS.",
    ]


def test_orders_naming_unknown_or_unsellable_things_are_refused(db, day):
    master(db)
    data = csv_bytes("order_number,order_date,customer_code,sku,quantity,unit_price,status,channel",
                     "1,2025-01-01,NOBODY,MUG,1,1200,delivered,website",
                     "2,2025-01-01,ANNA,NOTHING,1,1200,delivered,website",
                     "3,2025-01-01,ANNA,PAPER,1,1200,delivered,website",
                     "4,2099-01-01,ANNA,MUG,1,1200,delivered,website",
                     "5,2025-01-01,ANNA,MUG,1,1200,returned,website",
                     "6,2025-01-01,ANNA,MUG,1,1200,delivered,telegraph",
                     "7,2025-01-01,ANNA,MUG,0,1200,delivered,website")
    # the rows are checked first; what needs the database is checked once they are all good
    assert refused_file(db, "orders", data).splitlines() == [
        "orders.csv line 5, column order_date: 01.01.2099 is in the future.",
        ("orders.csv line 6, column status: 'returned' is not one of: new, draft, confirmed, shipped, delivered, "
         "cancelled."),
        "orders.csv line 7, column channel: 'telegraph' is not one of: website, marketplace, phone, shop.",
        "orders.csv line 8, column quantity: 0 is not a positive quantity.",
    ]
    data = csv_bytes("order_number,order_date,customer_code,sku,quantity,unit_price,status,channel",
                     "1,2025-01-01,NOBODY,MUG,1,1200,delivered,website",
                     "2,2025-01-01,ANNA,NOTHING,1,1200,delivered,website",
                     "3,2025-01-01,ANNA,PAPER,1,1200,delivered,website")
    assert refused_file(db, "orders", data).splitlines() == [
        "orders.csv line 2, column customer_code: there is no customer NOBODY.",
        "orders.csv line 3, column sku: there is no product with SKU or barcode 'NOTHING'.",
        "orders.csv line 4, column sku: PAPER is an office consumable; it is bought, not sold.",
    ]


def test_a_confirmed_order_short_of_stock_refuses_the_whole_file(db, day):
    master(db)  # no stock at all
    message = refused_file(db, "orders", ORDERS, Refused)
    assert message.startswith("orders.csv line 7 (order W-77): Cannot confirm SO-2026-000001: MUG has 0 available, "
                              "3 needed.")
    assert "Import the stock count first" in message


def test_history_numbers_continue_the_series(db, day):
    stocked(db)
    from boclerk.services.sales.orders import LineInput, create_order

    with db.write("clerk") as uow:
        create_order(uow, "ANNA", [LineInput("MUG", 1)], order_date=date(2025, 3, 1))
    run(db, "orders", ORDERS)
    assert sql_one(db, "SELECT number FROM sales_order WHERE channel_ref = '1004'") == "SO-2025-000002"
    assert_sound(db)  # no gaps in any series


# -- stock count ---------------------------------------------------------------------------------


def test_opening_stock_for_products_without_stock(db, day):
    master(db)
    data = csv_bytes("sku,warehouse,counted_qty,unit_cost", "MUG,MAIN,10,500", "LAMP,main,4,")
    result = run(db, "stock-count", data)
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    assert level(db, "MUG") == (10, 0) and level(db, "LAMP") == (4, 0)
    entry = sql_one(db, "SELECT number FROM journal_entry WHERE source_ref = 'OPENING'")
    assert entry_lines(db, entry) == [(INVENTORY, None, 900000), (OPENING, None, -900000)]  # 10x500 + 4x1000
    assert sorted(moves_of(db, "OPENING")) == [("LAMP", "MAIN", "receipt", 4, 400000),
                                               ("MUG", "MAIN", "receipt", 10, 500000)]
    assert balance(db, INVENTORY) == 900000
    assert_sound(db)
    same_again(db, "stock-count", data)


def test_a_count_of_products_in_stock_is_a_stocktake(db, day):
    stocked(db)
    data = csv_bytes("sku,warehouse,counted_qty", "MUG,MAIN,8", "LAMP,MAIN,4")
    result = run(db, "stock-count", data)
    assert (result.added, result.updated, result.unchanged) == (0, 1, 1)
    assert level(db, "MUG") == (8, 0) and level(db, "LAMP") == (4, 0)
    count = sql_one(db, "SELECT number FROM stock_count WHERE status = 'posted'")
    assert moves_of(db, count) == [("MUG", "MAIN", "count_loss", -2, -100000)]
    assert "Stocktake " + count in result.sentence()
    assert_sound(db)
    same_again(db, "stock-count", data)  # counted again, nothing differs: no second stocktake
    assert sql_one(db, "SELECT COUNT(*) FROM stock_count") == 1


def test_stock_count_problems_name_line_and_column(db, day):
    master(db)
    data = csv_bytes("sku,warehouse,counted_qty,unit_cost", "NOTHING,MAIN,1,", "DELIVERY,MAIN,1,",
                     "MUG,NOWHERE,1,", "MUG,MAIN,-1,", "MUG,MAIN,1,5.001")
    assert refused_file(db, "stock-count", data).splitlines() == [
        "stock-count.csv line 5, column counted_qty: -1 is negative.",
        "stock-count.csv line 6, column unit_cost: '5.001' has more than 2 decimals.",
    ]
    data = csv_bytes("sku,warehouse,counted_qty,unit_cost", "NOTHING,MAIN,1,", "DELIVERY,MAIN,1,",
                     "MUG,NOWHERE,1,", "MUG,MAIN,1,", "mug,MAIN,2,")
    assert refused_file(db, "stock-count", data).splitlines() == [
        "stock-count.csv line 2, column sku: there is no product with SKU or barcode 'NOTHING'.",
        "stock-count.csv line 3, column sku: DELIVERY is a service, which is not kept in stock.",
        "stock-count.csv line 4, column warehouse: there is no warehouse NOWHERE.",
        "stock-count.csv line 6, column sku: MUG in MAIN is already counted on line 5.",
    ]
    from tests.services.trade_helpers import add_product

    add_product(db, "FREE")
    message = refused_file(db, "stock-count", csv_bytes("sku,warehouse,counted_qty", "FREE,MAIN,3"))
    assert message == ("stock-count.csv line 2, column unit_cost: FREE has no stock yet and no standard cost; "
                       "give the unit cost of its opening stock.")


def test_a_count_below_what_is_reserved_is_refused(db, day):
    stocked(db)
    run(db, "orders", ORDERS)  # W-77 reserves 3 mugs
    message = refused_file(db, "stock-count", csv_bytes("sku,warehouse,counted_qty", "MUG,MAIN,2"))
    assert message == ("stock-count.csv line 2, column counted_qty: 2 counted, but 3 of MUG are reserved in MAIN; "
                       "ship or release them first.")


def test_importers_are_all_or_nothing_across_kinds(db, day):
    """A refusal after some rows were written in the unit (a live order short of stock)
    rolls back the history orders written before it too."""
    master(db)
    before = snapshot(db)
    with pytest.raises(Refused):
        run(db, "orders", ORDERS)
    assert changed_tables(before, snapshot(db)) == []
    assert sql_one(db, "SELECT COALESCE(MAX(last), 0) FROM number_series WHERE series = 'SO'") == 0
