"""What a clerk types in a search is searched for as typed: "%" and "_" are characters, never
LIKE's wildcards (a search for "%" listed every product, supplier, member of staff ...)."""

from __future__ import annotations

import pytest

from boclerk.demo.shop import build_demo
from boclerk.services.catalog.partners import list_customers, list_suppliers
from boclerk.services.catalog.products import add_product, list_products
from boclerk.services.lookup import find
from boclerk.services.office.contract_queries import list_contracts
from boclerk.services.office.equipment_queries import list_equipment
from boclerk.services.office.request_queries import list_requests
from boclerk.services.office.staff import list_staff
from boclerk.services.purchasing.queries import list_bills, list_pos
from boclerk.services.stock.queries import levels
from boclerk.settings import location_from

#: the module's shared shop is built once: its tests run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("like_literal")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db, _summary = build_demo(location_from(str(tmp_path_factory.mktemp("like") / "demo.db"), "test"), admin="admin",
                              seed=7, orders=20, simulated=0)
    with db.write("admin") as uow:
        add_product(uow, "TWL-50P", "Towel 50% cotton", category="Bathroom", sale_price=50000)
        add_product(uow, "TWL-505", "Towel 505 cotton", category="Bathroom", sale_price=50000)
        add_product(uow, "CUP_A", "Cup with an underscore", category="Kitchen", sale_price=10000)
    yield db
    db.close()


@pytest.mark.parametrize("typed", ["%", "_", "%%", "\\", "PO-%", "BILL-_", "EQ-%", "CTR-%", "REQ-%"])
def test_wildcards_typed_find_nothing_that_does_not_hold_them(demo, typed):
    with demo.read("admin") as uow:
        assert [f.key for f in find(uow, typed)] == []
        assert list_pos(uow, search=typed) == [] and list_bills(uow, search=typed) == []
        assert list_staff(uow, search=typed) == []
        assert list_equipment(uow, search=typed) == [] and list_contracts(uow, search=typed) == []
        assert list_requests(uow, search=typed) == []
        assert list_customers(uow, search=typed) == [] and list_suppliers(uow, search=typed) == []
        assert all(typed.lower() in f"{p.sku} {p.name}".lower() for p in list_products(uow, search=typed))
        assert all(typed.lower() in f"{r.sku} {r.name}".lower() for r in levels(uow, search=typed))


def test_the_characters_themselves_are_found(demo):
    with demo.read("admin") as uow:
        assert [f.key for f in find(uow, "50%")] == ["TWL-50P"]  # not "Towel 505"
        assert [f.key for f in find(uow, "cup_")] == ["CUP_A"]  # the SKU's prefix, as typed
        assert [f.key for f in find(uow, "p_a")] == ["CUP_A"]  # inside the SKU, in any case
        assert {f.key for f in find(uow, "towel")} >= {"TWL-50P", "TWL-505"}
        assert list_staff(uow, search="orlov") and list_equipment(uow, search="printer")
        assert [p.sku for p in list_products(uow, search="50%")] == ["TWL-50P"]
        assert [p.sku for p in list_products(uow, search="p_a")] == ["CUP_A"]
        assert [p.sku for p in list_products(uow, search="%")] == ["TWL-50P"]
