"""The catalog as clerks and admins use it: products, barcodes, warehouses."""

import pytest
from sqlalchemy import text

from boclerk.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    NotPermitted,
    Refused,
)
from boclerk.services.catalog import products as catalog
from boclerk.services.catalog.products import (
    add_product,
    add_warehouse,
    edit_product,
    list_products,
    set_product_active,
)
from boclerk.services.platform import audit
from tests.services.test_invariants import act, add_goods, read, receive, refused


def test_add_edit_archive_restore_with_audit(db):
    row = act(db, "clerk", add_product, "MUG-1", "Mug, white", category="Kitchen", unit="PCS", sale_price=129000,
              vat_category="standard", standard_cost=45000, reorder_point=5, reorder_qty=20, barcodes=["4600000000017"])
    assert (row.sku, row.name, row.category, row.unit, row.kind) == ("MUG-1", "Mug, white", "Kitchen", "pcs", "goods")
    assert (row.sale_price, row.standard_cost, row.version, row.active) == (129000, 45000, 1, True)
    assert row.barcodes == ["4600000000017"]
    row = act(db, "clerk", edit_product, "MUG-1", name="Mug, blue", sale_price=135000)
    assert (row.name, row.sale_price, row.version) == ("Mug, blue", 135000, 2)
    act(db, "clerk", set_product_active, "MUG-1", False)
    assert read(db, "viewer", list_products) == []
    assert [r.sku for r in read(db, "viewer", list_products, include_archived=True)] == ["MUG-1"]
    act(db, "admin", set_product_active, "MUG-1", True)
    assert [r.sku for r in read(db, "viewer", list_products)] == ["MUG-1"]
    events = read(db, "admin", audit.list_events, entity="product", entity_id="MUG-1")
    assert [e.action for e in events] == ["product.restore", "product.archive", "product.edit", "product.add"]
    assert events[2].before == {"name": "Mug, white", "sale_price": 129000}
    assert events[2].after == {"name": "Mug, blue", "sale_price": 135000}
    assert [e.actor for e in events] == ["admin", "clerk", "clerk", "clerk"]


def test_archive_twice_is_refused(db):
    add_goods(db, "MUG-1")
    act(db, "clerk", set_product_active, "MUG-1", False)
    refused(db, "clerk", Refused, r"^Cannot archive MUG-1: it is already archived\. Possible when the product is active\.$", set_product_active, "MUG-1", False)
    act(db, "clerk", set_product_active, "MUG-1", True)
    refused(db, "clerk", Refused, r"^Cannot restore MUG-1: it is active\. Possible when the product is archived\.$", set_product_active, "MUG-1", True)


@pytest.mark.parametrize("who", ["acc", "wh", "viewer"])
def test_only_admin_and_clerk_manage_products(db, who):
    add_goods(db, "MUG-1")
    refused(db, who, NotPermitted, r"may not manage products", add_product, "CUP-1", "Cup")
    refused(db, who, NotPermitted, r"may not manage products", edit_product, "MUG-1", name="X")
    refused(db, who, NotPermitted, r"may not manage products", set_product_active, "MUG-1", False)
    assert [r.sku for r in read(db, who, list_products)] == ["MUG-1"]  # but everyone may read


@pytest.mark.parametrize(("values", "message"), [
    ({"sku": "has space", "name": "X"}, r"'has space' is not a SKU"),
    ({"sku": "", "name": "X"}, r"is not a SKU"),
    ({"sku": "A" * 65, "name": "X"}, r"is not a SKU"),
    ({"sku": "OK-1", "name": "  "}, r"needs a name"),
    ({"sku": "OK-1", "name": "X", "unit": "bucket"}, r"'bucket' is not a unit"),
    ({"sku": "OK-1", "name": "X", "kind": "gift"}, r"'gift' is not a product kind"),
    ({"sku": "OK-1", "name": "X", "sale_price": -1}, r"sale price cannot be negative"),
    ({"sku": "OK-1", "name": "X", "standard_cost": -5}, r"standard cost cannot be negative"),
    ({"sku": "OK-1", "name": "X", "vat_category": 101}, r"not a VAT category"),
    ({"sku": "OK-1", "name": "X", "reorder_point": -1}, r"reorder point cannot be negative"),
    ({"sku": "OK-1", "name": "X", "barcodes": ["12"]}, r"'12' is not a barcode"),
    ({"sku": "OK-1", "name": "X", "barcodes": ["12345", "12345"]}, r"same barcode is given twice"),
    ({"sku": "OK-1", "name": "X", "colour": "red"}, r"Unknown product field\(s\): colour"),
])
def test_bad_product_input(db, values, message):
    values = dict(values)
    refused(db, "clerk", InvalidInput, message, add_product, values.pop("sku"), values.pop("name"), **values)


def test_sku_unique_ignoring_case(db):
    add_goods(db, "MUG-1")
    refused(db, "clerk", Refused, r"^The SKU mug-1 already exists\.$", add_product, "mug-1", "Another mug")
    refused(db, "clerk", Refused, r"^The SKU MUG-1 already exists\.$", add_product, "MUG-1", "Same")


def test_barcodes_unique_across_products_and_never_another_sku(db):
    add_goods(db, "MUG-1", barcodes=["4600000000017", "4600000000024"])
    add_goods(db, "CUP-1")
    refused(db, "clerk", Refused, r"^The barcode 4600000000024 already belongs to MUG-1\.$",
            add_product, "CUP-2", "Cup", barcodes=["4600000000024"])
    refused(db, "clerk", Refused, r"^The barcode 4600000000017 already belongs to MUG-1\.$",
            edit_product, "CUP-1", barcodes=["4600000000017"])
    refused(db, "clerk", Refused, r"^The barcode CUP-1 is another product's SKU\.$",
            edit_product, "MUG-1", barcodes=["CUP-1"])
    refused(db, "clerk", Refused, r"^4600000000017 is already a barcode of another product\.$",
            add_product, "4600000000017", "Sneaky")
    # a product may move its own barcodes around; edit replaces the whole set
    row = act(db, "clerk", edit_product, "MUG-1", barcodes=["4600000000024", "2000000000015"])
    assert row.barcodes == ["2000000000015", "4600000000024"]
    row = act(db, "clerk", edit_product, "CUP-1", barcodes=["4600000000017"])  # freed above
    assert row.barcodes == ["4600000000017"]


def test_lookup_by_sku_barcode_and_any_case(db):
    add_goods(db, "Mug-1", barcodes=["4600000000017"])
    add_goods(db, "CUP-1")
    with db.read("viewer") as uow:
        assert catalog.product(uow, "Mug-1").sku == "Mug-1"
        assert catalog.product(uow, "MUG-1").sku == "Mug-1"
        assert catalog.product(uow, " mug-1 ").sku == "Mug-1"
        assert catalog.product(uow, "4600000000017").sku == "Mug-1"
        assert catalog.get_product(uow, "cup-1").sku == "CUP-1"
        with pytest.raises(NotFound, match=r"^There is no product with SKU or barcode 'TEA-9'\.$"):
            catalog.product(uow, "TEA-9")


def test_edit_unknown_product_is_not_found(db):
    refused(db, "clerk", NotFound, r"no product with SKU or barcode 'NOPE'", edit_product, "NOPE", name="X")
    refused(db, "clerk", NotFound, r"no product", set_product_active, "NOPE", False)


def test_edit_with_nothing_to_change(db):
    add_goods(db, "MUG-1")
    refused(db, "clerk", InvalidInput, r"^Nothing to change\.$", edit_product, "MUG-1")


def test_expected_version_refuses_a_stale_edit(db):
    add_goods(db, "MUG-1")
    seen = read(db, "clerk", catalog.get_product, "MUG-1").version
    act(db, "admin", edit_product, "MUG-1", name="Changed by admin", expected_version=seen)
    refused(db, "clerk", ConcurrentChange, r"^MUG-1 was changed by someone else meanwhile; reload it and try again\.$",
            edit_product, "MUG-1", name="Clerk's idea", expected_version=seen)
    assert read(db, "clerk", catalog.get_product, "MUG-1").name == "Changed by admin"


def test_concurrent_edit_from_another_unit_fails_the_flush_with_a_sentence(db):
    """The first unit read version 1; another unit commits version 2 before the first
    writes. The first unit's UPDATE ... WHERE version = 1 finds no row: a sentence, no change.

    On PostgreSQL the second unit really runs at the same time on its own connection; on
    SQLite write units are serialised (BEGIN IMMEDIATE), so the other writer's change is made
    inside the first unit's transaction after the product was read, which is what the first
    unit then sees."""
    add_goods(db, "MUG-1")
    with pytest.raises(ConcurrentChange, match=r"^MUG-1 was changed by someone else meanwhile"):
        with db.write("clerk") as first:
            seen = catalog.product(first, "MUG-1")  # read: version 1, kept in the unit's identity map
            assert seen.version == 1
            if db.dialect == "postgresql":
                with db.write("admin") as second:
                    edit_product(second, "MUG-1", name="Admin's name")
            else:
                first.s.execute(text("UPDATE product SET name = 'Admin''s name', version = version + 1 "
                                     "WHERE sku = 'MUG-1'"))
            edit_product(first, "MUG-1", name="Clerk's name")
    row = read(db, "viewer", catalog.get_product, "MUG-1")
    assert row.name == ("Admin's name" if db.dialect == "postgresql" else "Product MUG-1")
    assert [e.action for e in read(db, "admin", audit.list_events, entity="product")] == (
        ["product.edit", "product.add"] if db.dialect == "postgresql" else ["product.add"])


def test_kind_cannot_change_once_stock_moved(db):
    add_goods(db, "MUG-1")
    add_goods(db, "PEN-1")
    receive(db, "MUG-1", 1, 100)
    refused(db, "clerk", Refused, r"^MUG-1 has stock history; its kind cannot change\.$",
            edit_product, "MUG-1", kind="service")
    assert act(db, "clerk", edit_product, "PEN-1", kind="consumable").kind == "consumable"


def test_expense_account_of_a_consumable(db):
    row = act(db, "clerk", add_product, "PAPER-A4", "Paper", kind="consumable", expense_account="5300")
    assert row.kind == "consumable"
    refused(db, "clerk", InvalidInput, r"^1010 Bank is not an expense account\.$",
            edit_product, "PAPER-A4", expense_account="1010")
    refused(db, "clerk", NotFound, r"There is no account 9999", edit_product, "PAPER-A4", expense_account="9999")


def test_list_search_filters_and_pages(db):
    add_goods(db, "MUG-1", "Mug white", category="Kitchen", barcodes=["4600000000017"])
    add_goods(db, "MUG-2", "Mug blue", category="Kitchen")
    add_goods(db, "PEN-1", "Ballpoint pen", category="Office", kind="consumable")
    add_goods(db, "WRAP", "Gift wrapping", kind="service")
    act(db, "clerk", set_product_active, "MUG-2", False)

    def skus(**kw):
        return [r.sku for r in read(db, "viewer", list_products, **kw)]

    assert skus() == ["MUG-1", "PEN-1", "WRAP"]
    assert skus(include_archived=True) == ["MUG-1", "MUG-2", "PEN-1", "WRAP"]
    assert skus(search="MUG", include_archived=True) == ["MUG-1", "MUG-2"]
    assert skus(search="pen") == ["PEN-1"]
    assert skus(search="4600000000017") == ["MUG-1"]
    assert skus(category="Kitchen") == ["MUG-1"]
    assert skus(kind="service") == ["WRAP"]
    assert skus(limit=2) == ["MUG-1", "PEN-1"]
    assert skus(after_sku="PEN-1") == ["WRAP"]
    assert skus(search="100%_") == []


def test_warehouses(db):
    row = act(db, "wh", add_warehouse, " b-2 ", " Back room ")
    assert (row.code, row.name, row.active) == ("B-2", "Back room", True)
    assert [(w.code, w.name) for w in read(db, "viewer", catalog.list_warehouses)] == [
        ("B-2", "Back room"), ("MAIN", "Main warehouse")]
    refused(db, "admin", Refused, r"^The warehouse B-2 already exists\.$", add_warehouse, "b-2", "Again")
    refused(db, "admin", InvalidInput, r"is not a warehouse code", add_warehouse, "A B", "Spaces")
    refused(db, "admin", InvalidInput, r"is not a warehouse code", add_warehouse, "X" * 17, "Long")
    refused(db, "admin", InvalidInput, r"^A warehouse needs a name\.$", add_warehouse, "C", " ")
    events = read(db, "admin", audit.list_events, entity="warehouse")
    assert [(e.action, e.entity_id, e.actor) for e in events] == [("warehouse.add", "B-2", "wh")]
    with db.read("viewer") as uow:
        with pytest.raises(NotFound, match=r"^There is no warehouse ZZ\.$"):
            catalog.warehouse(uow, "ZZ")


@pytest.mark.parametrize("who", ["acc", "clerk", "viewer"])
def test_only_admin_and_warehouse_add_warehouses(db, who):
    refused(db, who, NotPermitted, r"may not manage warehouses", add_warehouse, "B", "Back room")
