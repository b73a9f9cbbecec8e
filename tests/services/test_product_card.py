"""One product in full (boclerk/services/catalog/product_view.py): the one reader of a product, its
levels and its moves, for ``boclerk show product``, the Stock screen's card and the ORM-side names
(get_product, product_moves); in one warehouse the quantity after each move is that warehouse's."""

from __future__ import annotations

import pytest

from boclerk.errors import NotFound
from boclerk.services.catalog import products as catalog
from boclerk.services.catalog.product_view import moves_of, product_card, product_row
from boclerk.services.stock.book import adjust_stock, transfer_stock
from boclerk.services.stock.queries import levels, product_moves
from tests.services.test_invariants import act, add_goods, read, receive


@pytest.fixture
def mugs(db):
    """MUG-1: 10 and 5 received in MAIN, 4 moved to B, 3 broken in MAIN, 2 received in B: MAIN 8, B 6."""
    add_goods(db, "MUG-1", "Mug", barcodes=["4600000000017"], reorder_point=20)
    act(db, "wh", catalog.add_warehouse, "B", "Back room")
    receive(db, "MUG-1", 10, 200)
    receive(db, "MUG-1", 5, 230)
    act(db, "wh", transfer_stock, "MUG-1", 4, from_wh="MAIN", to_wh="B")
    act(db, "wh", adjust_stock, "MUG-1", -3, reason="broken")
    receive(db, "MUG-1", 2, 210, warehouse="B")
    return db


def _moves(card) -> list[tuple]:
    return [(m.warehouse, m.kind, m.qty, m.running_qty) for m in card.moves]


def test_the_moves_of_one_warehouse_run_on_its_own_quantity(mugs):
    card = read(mugs, "viewer", product_card, "4600000000017", "b")
    assert card.warehouse == "B"  # as the warehouse is spelled, whatever was typed
    assert _moves(card) == [("B", "receipt", 2, 6), ("B", "transfer_in", 4, 4)]
    card = read(mugs, "viewer", product_card, "MUG-1", "MAIN", 3)
    assert card.warehouse == "MAIN"
    assert _moves(card) == [("MAIN", "adjustment", -3, 8), ("MAIN", "transfer_out", -4, 11),
                            ("MAIN", "receipt", 5, 15)]
    card = read(mugs, "viewer", product_card, "mug-1", moves=4)
    assert card.warehouse is None
    assert _moves(card) == [("B", "receipt", 2, 14), ("MAIN", "adjustment", -3, 12), ("B", "transfer_in", 4, 15),
                            ("MAIN", "transfer_out", -4, 11)]
    # the levels are every warehouse's, whichever warehouse's moves are shown
    for wh in (None, "B", "MAIN"):
        card = read(mugs, "viewer", product_card, "MUG-1", wh)
        assert [(r.warehouse, r.on_hand, r.available, r.below_reorder) for r in card.levels] == [
            ("B", 6, 6, True), ("MAIN", 8, 8, True)]


def test_an_unknown_warehouse_or_product_is_not_found(mugs):
    with pytest.raises(NotFound, match="no warehouse ZZ"):
        read(mugs, "viewer", product_card, "MUG-1", "ZZ")
    with pytest.raises(NotFound, match="no warehouse ZZ"):
        read(mugs, "viewer", product_moves, "MUG-1", warehouse="ZZ")
    with pytest.raises(NotFound, match="NOPE"):
        read(mugs, "viewer", product_card, "NOPE")


def test_the_other_readers_give_the_cards_rows(mugs):
    act(mugs, "admin", catalog.edit_product, "MUG-1", expected_version=1, category="Kitchen")
    for wh in (None, "B", "MAIN"):
        card = read(mugs, "viewer", product_card, "MUG-1", wh, 200)
        assert read(mugs, "viewer", product_moves, "MUG-1", warehouse=wh) == card.moves
        assert read(mugs, "viewer", moves_of, "4600000000017", warehouse=wh, limit=200) == card.moves
        assert read(mugs, "viewer", levels, sku="MUG-1") == card.levels
        assert read(mugs, "viewer", catalog.get_product, "MUG-1") == card.product
    row = read(mugs, "viewer", product_row, "4600000000017")
    assert (row.sku, row.category, row.version, row.barcodes, row.reorder_point) == (
        "MUG-1", "Kitchen", 2, ["4600000000017"], 20)
    # what the ORM object says of the product, field by field, is what the plain row says
    with mugs.read("viewer") as uow:
        assert catalog._row(uow, catalog.product(uow, "MUG-1")) == row
