"""Keys typed right after a key whose dialog opens once a read in a worker has answered go to
that dialog, not to the screen beneath it (tui/held_keys.py). The reads are slowed here as a
loaded machine slows them: without the hold the keys typed meanwhile acted on the list."""

from __future__ import annotations

import time

from textual.widgets import Input

from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import FormDialog
from boclerk.tui.paged import PagedTable
from tests.services.trade_helpers import confirmed, shop
from tests.tui.helpers import burst, settle


async def quiet(pilot) -> None:
    """Settle until no key is held and no worker runs (a chain of reads, each releasing keys that
    start the next, takes a few rounds)."""
    for _ in range(20):
        await settle(pilot)
        if not pilot.app.holding_keys and not pilot.app.workers:
            return


def _slowed(monkeypatch, module, name: str, seconds: float = 0.4) -> None:
    """``module.name`` answering only after ``seconds``, as on a loaded machine."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


async def test_keys_typed_after_w_reach_the_documents_dialog(db, monkeypatch):
    import boclerk.services.acts as acts
    import boclerk.services.documents.produce as produce

    shop(db)
    older, newer = confirmed(db, "ANNA", ("MUG", 1)), confirmed(db, "BORIS", ("MUG", 2))
    _slowed(monkeypatch, produce, "order_documents")
    _slowed(monkeypatch, acts, "check_act")
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        assert [r.number for r in table.rows_data] == [newer, older] and table.cursor_row == 0
        # w, then at once: tab to the folder, a letter, j (the list's "down" were it to get it)
        await burst(pilot, ["w", "tab", "end", "q", "j"])
        dialog = app.screen
        assert isinstance(dialog, FormDialog), dialog
        folder = dialog.query_one("#f-folder", Input)
        assert folder.value.endswith("qj") and app.focused is folder
        assert table.cursor_row == 0  # the list beneath did not move
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(PagedTable) is table and table.cursor_row == 0
        # once the dialog is gone, keys go to the list again at once
        await burst(pilot, ["j"])
        assert table.cursor_row == 1 and not app.holding_keys


async def test_keys_typed_while_a_refused_act_is_checked_are_dropped(db, monkeypatch):
    """No dialog comes (the act is refused): the keys meant for it do not act on the list."""
    import boclerk.services.acts as acts

    shop(db)
    confirmed(db, "ANNA", ("MUG", 1)), confirmed(db, "BORIS", ("MUG", 2))
    _slowed(monkeypatch, acts, "check_act")
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        await burst(pilot, ["c", "j", "enter"])  # c: confirm, refused on a confirmed order
        assert app.screen.query_one(PagedTable) is table and table.cursor_row == 0
        assert not app.holding_keys
        await burst(pilot, ["j"])
        assert table.cursor_row == 1


async def test_keys_typed_after_an_act_key_on_a_purchase_order_reach_its_form(db, monkeypatch):
    """The same on another screen and another read: r (receive) reads the purchase order, then
    asks for its lines; Escape typed with it closes that form, not the list."""
    import boclerk.services.acts as acts
    import boclerk.services.purchasing.queries as queries
    from boclerk.services.purchasing.orders import POLineInput, create_po, send_po
    from tests.services.trade_helpers import act

    shop(db)
    number = act(db, "admin", create_po, "ACME", [POLineInput("MUG", 5, 50000)]).number
    act(db, "admin", send_po, number)
    _slowed(monkeypatch, queries, "po_detail")
    _slowed(monkeypatch, acts, "check_act")
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        purchases = app.screen
        await burst(pilot, ["r", "escape"])
        assert app.screen is purchases and not app.holding_keys
        await burst(pilot, ["r"])
        assert isinstance(app.screen, FormDialog) and app.screen is not purchases


async def test_keys_typed_after_enter_in_the_order_form_reach_the_pick_list_it_opens(db, monkeypatch):
    """Enter in the customer field starts a search: the keys typed behind it (down, Enter) go to the
    list of customers it opens, not into the field before the search has begun."""
    import boclerk.services.lookup as lookup
    from boclerk.services.catalog import partners
    from boclerk.tui.dialogs import ChoiceDialog
    from boclerk.tui.orders.form import NewOrderScreen
    from tests.tui.test_orders_screen import _shop

    _shop(db)
    with db.write("admin") as uow:
        partners.add_customer(uow, "C3", "Ivan Orlov", email="orlov@example.com")
    _slowed(monkeypatch, lookup, "find")
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewOrderScreen)
        await burst(pilot, [*"Ivan", "enter", "down", "enter"])  # the second of C1 and C3, taken at once
        await quiet(pilot)
        assert not isinstance(app.screen, ChoiceDialog) and app.screen is form
        assert form.customer == "C3" and not app.holding_keys


async def test_an_item_typed_after_the_customer_s_enter_reaches_the_item_field(db, monkeypatch):
    """The customer's code, Enter and a SKU with its Enter in one burst: the SKU waits for the
    customer to be found and goes to the item field the search moved to; the next item's Enter
    waits for the first's lookup alike."""
    import boclerk.services.catalog.products as products
    import boclerk.services.lookup as lookup
    from tests.tui.test_orders_screen import _shop

    _shop(db)
    _slowed(monkeypatch, lookup, "find")
    _slowed(monkeypatch, products, "get_product", 0.2)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "n")
        await settle(pilot)
        form = app.screen
        await burst(pilot, [*"C1", "enter", *"MUG", "enter", *"4601234567893", "enter"])
        await quiet(pilot)  # three reads, one after the other, each with the keys held behind it
        assert form.customer == "C1" and form.query_one("#customer", Input).value == "C1"
        assert [(ln.sku, ln.qty) for ln in form.lines] == [("MUG", 2)]
        assert form.query_one("#item", Input).value == "" and not app.holding_keys
