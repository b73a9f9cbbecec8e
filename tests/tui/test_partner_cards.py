"""Customer and supplier cards: reached from the palette's pick and from an order (u); they show
contacts, address, tax ids, the balance between us and the latest orders, POs and bills; n starts
an order (a PO) for them, w their reconciliation statement, Enter opens a listed record, l shows
all their orders in the list of their area."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.i18n import use
from boclerk.services.purchasing.bills import enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.sales.shipping import ship_order
from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import FormDialog
from boclerk.tui.orders.detail import OrderDetailScreen
from boclerk.tui.orders.form import NewOrderScreen
from boclerk.tui.palette import _open
from boclerk.tui.partners.card import PartnerCardScreen
from tests.services.trade_helpers import act, confirmed, execute, po, set_day, shop, sql
from tests.tui.helpers import notifications, screen_text, settle, type_text
from tests.tui.test_app_words import key_bar

DAY = date(2026, 3, 20)


@pytest.fixture
def partners_db(db):
    """ANNA's order shipped and unpaid (2 400.00), ACME's bill for 6 100.00 open."""
    set_day(db, DAY)
    shop(db)
    db.so1 = confirmed(db, "ANNA", ("MUG", 2))
    act(db, "admin", ship_order, db.so1)
    db.po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.po)
    db.bill = act(db, "clerk", enter_bill, db.po, "ЭС-417", date(2026, 3, 5)).number
    return db


def shown(app) -> str:
    return screen_text(app).replace("\xa0", " ")


async def test_a_customer_picked_in_the_palette_opens_the_card_with_who_and_what_is_owed(partners_db):
    db = partners_db
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _open(app, "customer", "ANNA")  # from the home screen: the card opens over it
        await settle(pilot)
        card = app.screen
        assert isinstance(card, PartnerCardScreen) and (card.side, card.code) == ("customer", "ANNA")
        text = shown(app)
        for words in ("Customer ANNA  Anna Petrova", "anna@example.com", "Moscow, Tverskaya 1",
                      "Owes us 2 400,00.", db.so1, "shipped", "New order", "Statement"):
            assert words in text, (words, text)
        await pilot.press("enter")  # the listed order, in the Orders area
        await settle(pilot)
        assert isinstance(app.screen, OrderDetailScreen) and app.screen.number == db.so1
        await pilot.press("u")  # from the order: its customer's card
        await settle(pilot)
        assert isinstance(app.screen, PartnerCardScreen) and app.screen.code == "ANNA"
        await pilot.press("l")  # every order of this customer, in the list, with a chip that clears it
        await settle(pilot)
        listing = app.screen
        assert listing.filters["customer"] == "ANNA" and app.current_mode == "orders"
        assert [r.number for r in listing.table().rows_data] == [db.so1]


async def test_n_on_the_card_starts_an_order_for_this_customer_and_w_its_statement(partners_db):
    db = partners_db
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _open(app, "customer", "BORIS")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.title_text == "Reconciliation statement with customer BORIS"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewOrderScreen) and form.customer == "BORIS"
        assert "Boris Ivanov" in shown(app)
        await type_text(pilot, "MUG")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
    assert sql(db, "SELECT c.code FROM sales_order o JOIN customer c ON c.id = o.customer_id "
                   "ORDER BY o.id DESC LIMIT 1") == [("BORIS",)]


async def test_a_suppliers_card_shows_what_the_shop_owes_its_pos_and_bills(partners_db):
    from boclerk.tui.purchases.detail import BillDetailScreen
    from boclerk.tui.purchases.form import NewPOScreen

    db = partners_db
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _open(app, "supplier", "ACME")
        await settle(pilot)
        text = shown(app)
        for words in ("Supplier ACME  Acme Supplies", "INN 7707083893", "We owe 6 100,00.", db.po, db.bill,
                      "Payment terms: 30 days", "n New PO"):
            assert words in text, (words, text)
        card = app.screen
        await pilot.press("down", "enter")  # the bill, below the PO
        await settle(pilot)
        assert isinstance(app.screen, BillDetailScreen) and app.screen.number == db.bill
        _open(app, "supplier", "ACME")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewPOScreen) and app.screen.initial_supplier == "ACME"
        assert card is not app.screen


async def test_the_card_speaks_russian(partners_db):
    app = BoclerkApp(partners_db, "clerk")
    use("ru")  # as the config's locale = "ru" makes it
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _open(app, "customer", "ANNA")
        await settle(pilot)
        text = shown(app)
        assert "Покупатель ANNA" in text and "Должен нам 2 400,00." in text and "отгружен" in text
        _open(app, "customer", "NOBODY")  # a code nobody has: refused in the service's sentence
        await settle(pilot)
        assert notifications(app)


async def test_a_archives_the_customer_whose_card_then_takes_no_new_order_and_r_brings_them_back(partners_db):
    db = partners_db
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        _open(app, "customer", "BORIS")
        await settle(pilot)
        card = app.screen
        text = shown(app)
        assert "a Archive" in text and "Restore" not in text and "(archived)" not in text
        await pilot.press("a")
        await settle(pilot)
        text = shown(app)
        assert "Customer BORIS  Boris Ivanov  (archived)" in text, text
        assert "r Restore" in text and "a Archive" not in text
        assert "Archived BORIS." in notifications(app)
        await pilot.press("n")  # dimmed: the key says why, and no form opens
        await settle(pilot)
        assert app.screen is card
        assert notifications(app)[-1] == ("The customer BORIS is archived; restore them first to take a new "
                                          "order from them. To restore them: r on their card.")
        await pilot.press("r")
        await settle(pilot)
        assert "(archived)" not in shown(app) and "a Archive" in shown(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewOrderScreen) and app.screen.customer == "BORIS"
    assert sql(db, "SELECT action FROM audit_event WHERE entity = 'customer' AND entity_id = 'BORIS' "
                   "AND action IN ('customer.archive', 'customer.restore') ORDER BY id") == [
        ("customer.archive",), ("customer.restore",)]


async def test_a_viewer_is_offered_neither_archive_nor_restore(partners_db):
    app = BoclerkApp(partners_db, "viewer")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        _open(app, "supplier", "ACME")
        await settle(pilot)
        text = shown(app)
        assert "Supplier ACME" in text and "Archive" not in text and "Restore" not in text
        await pilot.press("a")
        await settle(pilot)
        assert "(archived)" not in shown(app)
    assert sql(partners_db, "SELECT active FROM supplier WHERE code = 'ACME'") in ([(1,)], [(True,)])


async def test_e_on_the_card_changes_the_customers_details_and_the_card_shows_them(partners_db):
    from boclerk.services.catalog.partners import get_customer
    from tests.services.trade_helpers import read

    db = partners_db
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _open(app, "customer", "BORIS")
        await settle(pilot)
        card = app.screen
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog) and app.screen.title_text == "Customer BORIS"
        await pilot.press(*["tab"] * 5)
        assert app.focused.id == "f-phone"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "+7 912 000-00-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is card and "+7 912 000-00-01" in shown(app)
        assert "Saved customer BORIS." in notifications(app)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+s")  # nothing changed: nothing written
        await settle(pilot)
        assert notifications(app)[-1] == "Nothing changed."
    boris = read(db, "viewer", get_customer, "BORIS")
    assert (boris.name, boris.phone, boris.version) == ("Boris Ivanov", "+7 912 000-00-01", 2)
    assert sql(db, "SELECT action FROM audit_event WHERE entity = 'customer' AND entity_id = 'BORIS' "
                   "ORDER BY id") == [("customer.add",), ("customer.edit",)]


async def test_a_viewer_is_not_offered_the_edit(partners_db):
    app = BoclerkApp(partners_db, "viewer")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        _open(app, "customer", "ANNA")
        await settle(pilot)
        assert "Edit" not in shown(app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PartnerCardScreen)


@pytest.mark.parametrize("side", ["customer", "supplier"])
@pytest.mark.parametrize(("interface", "restore"), [("ru", "r Из архива"), ("en", "r Restore")])
async def test_an_archived_partner_s_card_shows_its_restore_key_at_80_columns(partners_db, side, interface, restore):
    """The card of an archived partner is about bringing them back: "r" is on its key bar in either
    language, the dimmed new order and the statement beside it."""
    code = "BORIS" if side == "customer" else "ACME"
    table = "customer" if side == "customer" else "supplier"
    execute(partners_db, f"UPDATE {table} SET active = false WHERE code = '{code}'")
    app = BoclerkApp(partners_db, "clerk", config=Config(locale="ru") if interface == "ru" else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _open(app, side, code)
        await settle(pilot)
        bar = key_bar(app)
        assert restore in bar, bar
        assert len(bar) <= 80
        await pilot.press("r")
        await settle(pilot)
        assert restore not in key_bar(app)
    assert sql(partners_db, f"SELECT active FROM {table} WHERE code = '{code}'") in ([(1,)], [(True,)])
