"""``boclerk product ...`` and ``boclerk warehouse ...`` as a clerk would type them."""

import csv
import io
import json

import pytest

from tests.services.test_invariants import snapshot


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


def fails(r, code: int, text: str):
    assert r.exit_code == code, (r.exit_code, r.stdout, r.stderr)
    assert text in r.stderr, r.stderr
    assert "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    return r


def show(cli, code, user="viewer"):
    return json.loads(ok(cli("product", "show", code, "--json", user=user)).stdout)


@pytest.mark.parametrize(("typed", "stored"), [
    ("1 290,00", "1290.00"), ("1290.50", "1290.50"), ("1\u00a0290,00", "1290.00"), ("1290,5", "1290.50"),
    ("1.290,00", "1290.00"), ("99", "99.00"),
])
def test_product_add_takes_money_as_russians_write_it(cli, typed, stored):
    r = ok(cli("product", "add", "MUG-1", "Кружка белая", "--price", typed, "--cost", typed, user="clerk"))
    assert r.stderr.strip() == "Added MUG-1."
    data = show(cli, "MUG-1")
    assert (data["sale_price"], data["standard_cost"], data["name"]) == (stored, stored, "Кружка белая")


def test_product_add_in_full_and_show(cli):
    r = ok(cli("product", "add", "MUG-1", "Mug", "--price", "1 290,00", "--cost", "450,00", "--category", "Kitchen",
               "--unit", "PCS", "--vat", "10", "--net-prices", "--reorder-point", "5", "--reorder-qty", "20",
               "--barcode", "4600000000017", "--barcode", "4600000000024", "--description", "Белая, 300 мл",
               "--json", user="admin"))
    data = json.loads(r.stdout)
    assert data == {
        "id": data["id"], "sku": "MUG-1", "name": "Mug", "category": "Kitchen", "unit": "pcs", "kind": "goods",
        "sale_price": "1290.00", "vat_category": "reduced", "prices_include_vat": False, "standard_cost": "450.00",
        "reorder_point": "5", "reorder_qty": "20", "active": True, "version": 1,
        "barcodes": ["4600000000017", "4600000000024"], "preferred_supplier": None, "vat_rate": 10,
        "description": "Белая, 300 мл"}
    assert show(cli, "4600000000024")["sku"] == "MUG-1"  # by barcode
    assert show(cli, "mug-1")["sku"] == "MUG-1"          # any case
    table = ok(cli("product", "show", "MUG-1", user="viewer")).stdout
    assert "MUG-1  Mug" in table and "1\u00a0290,00" in table and "VAT 10% on top" in table
    assert "barcodes 4600000000017, 4600000000024" in table and "Белая, 300 мл" in table
    ok(cli("product", "edit", "MUG-1", "--description", "", user="admin"))  # '' clears it
    assert show(cli, "MUG-1")["description"] == ""


@pytest.mark.parametrize(("args", "message"), [
    (["--price", "12,345"], "--price: '12,345' is ambiguous"),
    (["--price", "-5"], "--price:"),
    (["--price", "cheap"], "--price: 'cheap' is not an amount."),
    (["--cost", "1,999"], "--cost:"),
    (["--unit", "bucket"], "'bucket' is not a unit"),
    (["--kind", "gift"], "'gift' is not a product kind"),
    (["--barcode", "12"], "'12' is not a barcode"),
])
def test_bad_product_input_exits_2_and_adds_nothing(cli, db, args, message):
    before = snapshot(db)
    fails(cli("product", "add", "MUG-1", "Mug", *args, user="clerk"), 2, message)
    assert snapshot(db) == before


def test_usage_errors_exit_2(cli, db):
    before = snapshot(db)
    r = cli("product", "add", "MUG-1", "Mug", "--vat", "120", user="clerk")
    assert r.exit_code == 2 and "Traceback" not in r.output
    r = cli("product", "add", "MUG 1", "Mug", user="clerk")
    fails(r, 2, "'MUG 1' is not a SKU")
    assert snapshot(db) == before


@pytest.mark.parametrize("user", ["acc", "wh", "viewer"])
def test_product_changes_need_a_clerk_or_admin(cli, db, user):
    ok(cli("product", "add", "MUG-1", "Mug", user="clerk"))
    before = snapshot(db)
    fails(cli("product", "add", "CUP-1", "Cup", user=user), 3, "may not manage products")
    fails(cli("product", "edit", "MUG-1", "--name", "X", user=user), 3, "may not manage products")
    fails(cli("product", "archive", "MUG-1", user=user), 3, "may not manage products")
    fails(cli("product", "restore", "MUG-1", user=user), 3, "may not manage products")
    assert snapshot(db) == before
    assert [p["sku"] for p in json.loads(ok(cli("product", "list", "--json", user=user)).stdout)] == ["MUG-1"]


def test_refusals_exit_1_and_change_nothing(cli, db):
    ok(cli("product", "add", "MUG-1", "Mug", "--barcode", "4600000000017", user="clerk"))
    before = snapshot(db)
    fails(cli("product", "add", "mug-1", "Again", user="clerk"), 1, "The SKU mug-1 already exists.")
    fails(cli("product", "add", "CUP-1", "Cup", "--barcode", "4600000000017", user="clerk"), 1,
          "The barcode 4600000000017 already belongs to MUG-1.")
    fails(cli("product", "add", "4600000000017", "Cup", user="clerk"), 1,
          "4600000000017 is already a barcode of another product.")
    fails(cli("product", "restore", "MUG-1", user="clerk"), 1, "Cannot restore MUG-1: it is active. Possible when the product is archived.")
    assert snapshot(db) == before


def test_unknown_products_exit_4(cli):
    fails(cli("product", "show", "NOPE", user="viewer"), 4, "There is no product with SKU or barcode 'NOPE'.")
    fails(cli("product", "edit", "NOPE", "--name", "X", user="clerk"), 4, "no product")
    fails(cli("product", "archive", "NOPE", user="clerk"), 4, "no product")


def test_edit_with_version_check(cli, db):
    ok(cli("product", "add", "MUG-1", "Mug", "--price", "100", user="clerk"))
    r = ok(cli("product", "edit", "MUG-1", "--price", "1 290,50", "--if-version", "1", "--json", user="clerk"))
    assert json.loads(r.stdout)["sale_price"] == "1290.50" and json.loads(r.stdout)["version"] == 2
    assert r.stderr.strip() == "Changed MUG-1."
    before = snapshot(db)
    fails(cli("product", "edit", "MUG-1", "--name", "Stale", "--if-version", "1", user="admin"), 1,
          "MUG-1 was changed by someone else meanwhile; reload it and try again.")
    assert snapshot(db) == before
    fails(cli("product", "edit", "MUG-1", user="clerk"), 2, "Nothing to change.")
    ok(cli("product", "edit", "MUG-1", "--barcode", "2000000000015", "--barcode", "2000000000022", user="clerk"))
    assert show(cli, "MUG-1")["barcodes"] == ["2000000000015", "2000000000022"]


def test_archive_restore_and_list(cli):
    ok(cli("product", "add", "MUG-1", "Mug white", "--category", "Kitchen", user="clerk"))
    ok(cli("product", "add", "MUG-2", "Mug blue", "--category", "Kitchen", user="clerk"))
    ok(cli("product", "add", "WRAP", "Gift wrapping", "--kind", "service", user="clerk"))
    r = ok(cli("product", "archive", "MUG-2", user="clerk"))
    assert r.stderr.strip() == "Archived MUG-2."
    fails(cli("product", "archive", "MUG-2", user="clerk"), 1, "Cannot archive MUG-2: it is already archived. Possible when the product is active.")

    def skus(*args):
        return [p["sku"] for p in json.loads(ok(cli("product", "list", "--json", *args, user="viewer")).stdout)]

    assert skus() == ["MUG-1", "WRAP"]
    assert skus("--archived") == ["MUG-1", "MUG-2", "WRAP"]
    assert skus("--search", "mug", "--archived") == ["MUG-1", "MUG-2"]
    assert skus("--kind", "service") == ["WRAP"]
    assert skus("--category", "Kitchen") == ["MUG-1"]
    assert skus("--after", "MUG-1", "--limit", "1") == ["WRAP"]
    ok(cli("product", "restore", "MUG-2", user="admin"))
    assert skus() == ["MUG-1", "MUG-2", "WRAP"]
    table = ok(cli("product", "list", user="viewer")).stdout
    assert "MUG-1" in table and "Gift wrapping" in table
    r = cli("product", "list", "--search", "nothing-like-this", user="viewer")
    assert r.exit_code == 0 and r.stdout == "" and "none" in r.stderr


def test_list_as_csv_neutralises_formulas(cli):
    ok(cli("product", "add", "EVIL-1", "=HYPERLINK(\"http://x\")", "--price", "1 290,00", user="clerk"))
    rows = list(csv.reader(io.StringIO(ok(cli("product", "list", "--csv", user="viewer")).stdout)))
    header, row = rows[0], rows[1]
    assert header[:3] == ["id", "sku", "name"]
    data = dict(zip(header, row))
    assert data["name"] == "'=HYPERLINK(\"http://x\")" and data["sale_price"] == "1290.00"


def test_warehouses(cli, db):
    r = ok(cli("warehouse", "add", "b", "Back room", user="wh"))
    assert r.stderr.strip() == "Added warehouse B."
    data = json.loads(ok(cli("warehouse", "list", "--json", user="viewer")).stdout)
    assert data == [{"code": "B", "name": "Back room", "active": True},
                    {"code": "MAIN", "name": "Main warehouse", "active": True}]
    before = snapshot(db)
    fails(cli("warehouse", "add", "B", "Again", user="admin"), 1, "The warehouse B already exists.")
    fails(cli("warehouse", "add", "A B", "Spaces", user="admin"), 2, "is not a warehouse code")
    for user in ("acc", "clerk", "viewer"):
        fails(cli("warehouse", "add", "C", "Cellar", user=user), 3, "may not manage warehouses")
    assert snapshot(db) == before
    assert "Back room" in ok(cli("warehouse", "list", user="clerk")).stdout
