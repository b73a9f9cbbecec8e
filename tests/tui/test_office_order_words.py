"""A supply request ordered from the Office screen: the toast names each purchase order's supplier
by name, and the purchase order's note is in the books' words (Russian books: «Для REQ-...»)."""

from __future__ import annotations

from boclerk.services.office.requests import approve
from boclerk.tui.app import BoclerkApp
from tests.services.office_helpers import ask, office
from tests.services.trade_helpers import act, set_company, sql_one
from tests.tui.helpers import notifications, settle


async def _order(db) -> str:
    number = ask(db, "clerk", ("TEA", 2))
    act(db, "clerk", approve, number)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("7", "o"):
            await pilot.press(key)
            await settle(pilot)
        return " ".join(notifications(app))


async def test_an_ordered_request_names_its_supplier_and_notes_the_po_in_the_books_words(db):
    office(db)
    set_company(db, locale="ru", language="ru")
    said = await _order(db)
    po, notes = sql_one(db, "SELECT number FROM purchase_order"), sql_one(db, "SELECT notes FROM purchase_order")
    assert f"{po} (Acme Supplies)" in said, said
    request = sql_one(db, "SELECT number FROM supply_request")
    assert notes == f"Для {request}"


async def test_in_english_books_the_note_is_english(db):
    office(db)
    set_company(db, locale="en", language="en")
    await _order(db)
    request = sql_one(db, "SELECT number FROM supply_request")
    assert sql_one(db, "SELECT notes FROM purchase_order") == f"For {request}"
