"""The Orders screen driven by key presses, checked against the database afterwards."""

from sqlalchemy import text

from boclerk.domain.permissions import allowed
from boclerk.services.catalog import partners
from boclerk.services.catalog import products as catalog
from boclerk.services.stock import book as stock
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import form_error, new_order, notifications, screen_text, settle, type_text


def _shop(db) -> None:
    with db.write("admin") as uow:
        partners.add_customer(uow, "C1", "Ivan Petrov", email="ivan@example.com", phone="+7 912 345 67 89")
        catalog.add_product(uow, "MUG", "Mug", sale_price=59000, standard_cost=20000, barcodes=["4601234567893"])
        catalog.add_product(uow, "DELIVERY", "Delivery", kind="service", sale_price=30000)
        stock.receive_stock(uow, "MUG", 10, 20000)


async def draft_by_keys(pilot) -> None:
    """A new draft on the Orders list, made by keys as a clerk makes it (the shop of :func:`_shop`):
    Ivan's email, the mug's barcode, ctrl+s."""
    await new_order(pilot, "ivan@example.com", "4601234567893")
    await pilot.press("ctrl+s")
    await settle(pilot)


def _rows(db, sql: str, **params):
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


async def test_order_from_draft_to_return_by_keys(db):
    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "ivan@example.com")
        for _ in range(2):  # a scanner: the barcode and Enter, twice
            await type_text(pilot, "4601234567893")
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("Created SO-2026-000001" in m for m in notifications(app))

        await pilot.press("c")          # confirm: the warehouse form
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("p")          # pay what is due, by card
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("s")          # ship everything
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("r")          # one mug comes back
        await settle(pilot)
        await type_text(pilot, "1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)

    assert _rows(db, "SELECT status, total, paid, invoiced FROM sales_order") == [("shipped", 118000, 59000, 59000)]
    moves = _rows(db, "SELECT kind, qty, value FROM stock_move ORDER BY id")
    assert moves == [("receipt", 10, 200000), ("shipment", -2, -40000), ("customer_return", 1, 20000)]
    entries = _rows(db, "SELECT e.memo, a.code, p.amount FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
                        "JOIN account a ON a.id = p.account_id WHERE e.source_kind = 'order' ORDER BY p.id")
    assert entries == [  # in the shop's language (its locale is Russian), whatever the app speaks
        ("Оплата заказа SO-2026-000001 (карта)", "1020", 118000),
        ("Оплата заказа SO-2026-000001 (карта)", "2200", -118000),
        ("Отгрузка заказа SO-2026-000001", "2200", 118000),
        ("Отгрузка заказа SO-2026-000001", "4000", -96721),  # 1 180.00 incl. 22%: 212.79
        ("Отгрузка заказа SO-2026-000001", "2300", -21279),
        ("Отгрузка заказа SO-2026-000001", "5000", 40000),
        ("Отгрузка заказа SO-2026-000001", "1200", -40000),
        ("Возврат товара по заказу SO-2026-000001", "4100", 48360),
        ("Возврат товара по заказу SO-2026-000001", "2300", 10640),  # half of 212.79, rounded up
        ("Возврат товара по заказу SO-2026-000001", "2200", -59000),
        ("Возврат товара по заказу SO-2026-000001", "1200", 20000),
        ("Возврат товара по заказу SO-2026-000001", "5000", -20000),
        ("Возврат оплаты по заказу SO-2026-000001 (карта)", "2200", 59000),
        ("Возврат оплаты по заказу SO-2026-000001 (карта)", "1020", -59000),
    ]


async def test_refusal_shows_the_sentence_and_writes_nothing(db):
    _shop(db)
    from boclerk.services.sales import orders

    with db.write("clerk") as uow:
        orders.create_order(uow, "C1", [orders.LineInput("MUG", 50)])
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # said on the form, which stays open to be mended (a backorder) or left
        assert form_error(app) == "Cannot confirm SO-2026-000001: MUG has 10 available, 50 needed."
        await pilot.press("escape")
        await settle(pilot)
        assert form_error(app) == ""
    assert _rows(db, "SELECT status FROM sales_order") == [("draft",)]
    assert _rows(db, "SELECT COUNT(*) FROM reservation") == [(0,)]


async def test_an_act_the_state_does_not_allow_is_dimmed_and_refused_before_its_form(db):
    _shop(db)
    from boclerk.services.sales import orders
    from boclerk.tui.dialogs import FormDialog

    with db.write("clerk") as uow:
        number = orders.create_order(uow, "C1", [orders.LineInput("MUG", 1)]).number
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert screen.current_status() == "draft"
        assert screen.offered("ship") is None and screen.offered("confirm") is True  # dimmed by the state
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is screen and not isinstance(app.screen, FormDialog)  # no ship form opened
        assert notifications(app) == [f"Cannot ship {number}: it is a draft. Possible when the order is "
                                      "confirmed or partially shipped."]
    assert _rows(db, "SELECT status FROM sales_order") == [("draft",)]


async def test_viewer_is_offered_no_write_act(db):
    _shop(db)
    from boclerk.services.sales import orders

    with db.write("clerk") as uow:
        orders.create_order(uow, "C1", [orders.LineInput("MUG", 1)])
    app = BoclerkApp(db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        for act in ("new", "confirm", "pay", "ship", "deliver", "cancel", "return", "reserve"):
            assert screen.offered(act) is False, act
        shown = {b.binding.action for b in screen.active_bindings.values()}
        assert "search" in shown
        await pilot.press("c")  # nothing happens
        await settle(pilot)
        assert not notifications(app)


def test_role_offers_follow_the_permission_matrix():
    from boclerk.domain.acts import ACTS
    from boclerk.tui.orders.acts import RECORD_ACTS

    every = {"confirm", "pay", "ship", "deliver", "cancel", "return", "reserve", "documents"}
    expected = {"admin": every, "clerk": every, "accountant": {"pay", "documents"},
                "warehouse": {"ship", "deliver", "return", "documents"}, "viewer": set()}
    offered = {role: {act for act in RECORD_ACTS if allowed(role, ACTS[f"orders.{act}"].perm)} for role in expected}
    assert offered == expected


async def test_search_filters_the_list_and_wide_screen_shows_detail(db):
    _shop(db)
    from boclerk.services.sales import orders

    with db.write("admin") as uow:
        partners.add_customer(uow, "C2", "Olga Smirnova", email="olga@example.com")
        orders.create_order(uow, "C1", [orders.LineInput("MUG", 1)])
        orders.create_order(uow, "C2", [orders.LineInput("MUG", 2)])
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        from boclerk.tui.paged import PagedTable

        table = app.screen.query_one(PagedTable)
        assert [r.number for r in table.rows_data] == ["SO-2026-000002", "SO-2026-000001"]
        shown = screen_text(app)
        assert "History" in shown and "Olga Smirnova (C2)" in shown  # the detail pane beside the list
        await pilot.press("slash")
        await type_text(pilot, "olga")
        await settle(pilot)
        assert [r.number for r in table.rows_data] == ["SO-2026-000002"]


async def test_a_scanner_burst_adds_every_item(db):
    """A scanner types the next code before the app has handled the last Enter."""
    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "C1")
        burst = []
        for code in ("4601234567893", "MUG", "4601234567893"):
            burst += list(code) + ["enter"]
        await pilot.press(*burst)
        await settle(pilot)
        form = app.screen
        assert [(line.sku, line.qty) for line in form.lines] == [("MUG", 3)]


async def test_lines_change_with_plus_minus_and_delete(db):
    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "C1", "MUG")
        form = app.screen
        form.query_one("#lines").focus()
        await pilot.press("plus", "plus", "minus")
        await settle(pilot)
        assert [(line.sku, line.qty) for line in form.lines] == [("MUG", 2)]
        await pilot.press("delete")
        await settle(pilot)
        assert form.lines == []


async def test_a_weighed_product_is_ordered_with_a_decimal_comma(db):
    _shop(db)
    with db.write("admin") as uow:
        catalog.add_product(uow, "COFFEE", "Coffee beans", unit="kg", sale_price=200000, standard_cost=80000)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "ivan@example.com")
        await pilot.press("tab")                    # to the quantity
        assert app.focused.id == "qty"
        app.focused.value = ""
        await type_text(pilot, "1,25")
        await pilot.press("shift+tab")              # back to the item
        await type_text(pilot, "COFFEE")
        await pilot.press("enter")
        await settle(pilot)
        assert "1,25 kg" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert _rows(db, "SELECT qty, gross, vat_rate FROM order_line") == [(1250, 250000, 22)]  # 1,250 kg x 2 000,00


async def test_ctrl_q_asks_before_losing_half_an_order(db):
    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "C1", "MUG")
        form = app.screen
        assert [line.sku for line in form.lines] == ["MUG"]
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and app.screen.question == "Quit and lose the new order (1 line)?"
        await pilot.press("n")          # no: back to the order, its line still there
        await settle(pilot)
        assert app.is_running and app.screen is form and [line.sku for line in form.lines] == ["MUG"]
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
    assert app.return_code == 0 and not app.is_running


async def test_ctrl_q_quits_at_once_when_nothing_is_typed(db):
    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


async def test_help_groups_the_keys_and_leaves_out_textuals_own(db):
    from boclerk.tui.help import HelpScreen

    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        sections = dict(app.screen.sections)
        assert list(sections) == ["On this screen", "Moving around", "Everywhere"]
        assert ("c", "Confirm") in sections["On this screen"] and ("p", "Pay") in sections["On this screen"]
        assert ("home, g", "First") in sections["Moving around"]
        assert ("F1, ?", "Help") in sections["Everywhere"] and ("^q", "Quit") in sections["Everywhere"]
        every = [what for rows in sections.values() for _, what in rows]
        assert not {"Copy selected text", "Page Left", "Page Right", "Cursor left"} & set(every)
        assert len(every) == len(set(every))  # one line per thing a key does
        await pilot.press("question_mark")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_a_line_shows_the_stock_and_takes_a_price_and_a_discount(db):
    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "C1")
        for _ in range(2):
            await type_text(pilot, "MUG")
            await pilot.press("enter")
            await settle(pilot)
        form = app.screen
        table = form.query_one("#lines")
        assert [str(c) for c in table.get_row_at(0)][:5] == ["MUG", "Mug", "2", "10", "590,00"]
        table.focus()
        await pilot.press("enter")                  # the line's form: quantity, price, discount
        await settle(pilot)
        app.screen.query_one("#f-qty").value = "12"
        app.screen.query_one("#f-price").value = "500,00"
        app.screen.query_one("#f-discount").value = "10"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert [str(c).replace("\xa0", " ") for c in table.get_row_at(0)] == ["MUG", "Mug", "12", "10!", "500,00", "10",
                                                                            "5 400,00"]
        await pilot.press("enter")                  # a discount with a fraction, as the shop writes a number
        await settle(pilot)
        app.screen.query_one("#f-discount").value = "12,555"  # one decimal too many: said on the line's form
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form_error(app) == "Discount: at most two decimals."
        app.screen.query_one("#f-discount").value = "12,5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(table.get_row_at(0)[5]) == "12,5"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#f-discount").value == "12,5"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert _rows(db, "SELECT qty, unit_price, discount_bp, gross FROM order_line") == [(12, 50000, 1250, 525000)]


async def test_a_customer_picked_in_the_palette_shows_as_a_chip_and_ctrl_l_clears_it(db):
    from boclerk.tui.palette import _open

    _shop(db)
    with db.write("admin") as uow:
        partners.add_customer(uow, "C2", "Olga Sidorova", email="olga@example.com")
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        for code in ("C1", "C2"):
            await pilot.press("n")
            await settle(pilot)
            await type_text(pilot, code)
            await pilot.press("enter")
            await settle(pilot)
            await type_text(pilot, "MUG")
            await pilot.press("enter", "ctrl+s")
            await settle(pilot)
        listing = app.screen
        assert len(listing.table().rows_data) == 2
        await pilot.press("enter")                   # an order open over the list
        await settle(pilot)
        assert app.screen is not listing
        _open(app, "customer", "C1")                 # a pick in the palette, while the order is open: its card
        await settle(pilot)
        await pilot.press("l")                       # the card's key: this customer's orders in the list
        await settle(pilot)
        assert app.screen is listing and listing.filters["customer"] == "C1"
        assert [r.customer_name for r in listing.table().rows_data] == ["Ivan Petrov"]
        chips = listing.query_one("#filter-chips")
        assert chips.display and "customer C1" in str(chips.content)
        assert "customer C1" in str(listing.query_one("#orders-status").content)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not chips.display and len(listing.table().rows_data) == 2
        from datetime import date

        listing.apply_filters(start=date(2026, 1, 1), backorder=True)  # as the dashboard's figures do
        await settle(pilot)
        assert str(chips.content).startswith("[from 01.01.2026 ×]  [backorders ×]")


async def test_a_pick_in_the_palette_does_not_throw_away_a_half_typed_order(db):
    from boclerk.tui.palette import _open

    _shop(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "C1", "MUG")
        form = app.screen
        _open(app, "customer", "C1")                 # the card opens over the form
        await settle(pilot)
        assert app.screen is not form and form in app.screen_stack
        await pilot.press("l")                       # the list is under the form: the clerk is told first
        await settle(pilot)
        assert app.screen is form and [line.sku for line in form.lines] == ["MUG"]
        assert any("Finish or leave the new order (1 line) first" in m for m in notifications(app))


async def test_a_new_customer_may_be_an_organisation_with_inn_and_kpp(db):
    _shop(db)
    from textual.widgets import Input, Select

    from boclerk.tui.dialogs import FormDialog

    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog) and form.title_text == "New customer"
        form.query_one("#f-name", Input).value = "ООО Ромашка"
        form.query_one("#f-kind", Select).value = "organisation"
        form.query_one("#f-tax_id", Input).value = "7707083893"
        form.query_one("#f-kpp", Input).value = "770701001"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # a person may not have a KPP: the service's sentence, nothing written
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-name", Input).value = "Anna"
        form.query_one("#f-kpp", Input).value = "770701001"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form_error(app) == "Only an organisation has a KPP; this customer is a person."
        assert _rows(db, "SELECT name FROM customer WHERE code <> 'C1' ORDER BY id") == [("ООО Ромашка",)]
        # the form kept what was typed: without the KPP, Anna is saved
        assert app.screen is form and form.query_one("#f-name", Input).value == "Anna"
        form.query_one("#f-kpp", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    assert _rows(db, "SELECT name, kind, tax_id, kpp FROM customer WHERE code <> 'C1' ORDER BY id") == [
        ("ООО Ромашка", "organisation", "7707083893", "770701001"), ("Anna", "person", "", "")]


async def test_a_search_that_finds_several_customers_asks_which_and_enter_takes_the_highlighted_one(db):
    _shop(db)
    with db.write("admin") as uow:
        partners.add_customer(uow, "C2", "Ivan Sidorov", email="sidorov@example.com")
        partners.add_customer(uow, "C3", "Ivan Orlov", email="orlov@example.com")
        partners.add_customer(uow, "C4", "Ivan Zakharov-Preobrazhensky",
                              email="zakharov-preobrazhensky@a-long-domain.example.com", phone="+7 912 345-67-89")
    from boclerk.tui.dialogs import ChoiceDialog

    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await type_text(pilot, "Ivan")
        await pilot.press("enter")
        await settle(pilot)
        chooser = app.screen
        assert isinstance(chooser, ChoiceDialog) and chooser.title_text == "Which customer?"
        # the start of an email first, then by name
        assert [code for _label, code in chooser.options] == ["C1", "C3", "C2", "C4"]
        answers = chooser.query_one("#choices")
        assert answers.virtual_size.height == 4  # one line each, the long one cut at the edge
        lines = screen_text(app).splitlines()
        assert any("Ivan Zakharov-Preobrazhensky  C4 zakharov" in line and line.rstrip(" ▎█").endswith("…")
                   for line in lines), lines
        await pilot.press("down", "enter")  # the second: one key to take it, none to confirm it
        await settle(pilot)
        assert app.screen is form and form.customer == "C3"
        assert "Ivan Orlov" in screen_text(app)
        field = form.query_one("#customer")  # another search, given up with Esc: nothing chosen, nothing changed
        field.value = ""
        field.focus()
        await type_text(pilot, "Ivan")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form and form.customer == "C3"


async def test_part_of_a_products_name_in_the_item_field_finds_it(db):
    _shop(db)
    with db.write("admin") as uow:
        catalog.add_product(uow, "MUG-2", "Mug large", sale_price=79000, standard_cost=30000)
        catalog.add_product(uow, "PLATE", "Plate", sale_price=45000, standard_cost=15000)
    from boclerk.tui.dialogs import ChoiceDialog

    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "C1", "plat")  # one product has it: taken at once
        form = app.screen
        assert [(ln.sku, ln.qty) for ln in form.lines] == [("PLATE", 1)]
        await type_text(pilot, "mu")  # two have it: which? ("mug" is the SKU MUG itself)
        await pilot.press("enter")
        await settle(pilot)
        chooser = app.screen
        assert isinstance(chooser, ChoiceDialog) and chooser.title_text == "Which product?"
        assert [sku for _label, sku in chooser.options] == ["MUG", "MUG-2"]
        from tests.tui.test_product_pick import choice_lines

        lines = choice_lines(chooser)
        assert lines[1].split() == ["MUG-2", "Mug", "large", "goods", "790,00"]  # the shop's locale is ru
        assert lines[0].startswith("MUG ") and lines[0].index("goods") == lines[1].index("goods")  # one column
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is form and [(ln.sku, ln.qty) for ln in form.lines] == [("PLATE", 1), ("MUG-2", 1)]
        await type_text(pilot, "teapot")  # none has it: the question to create one, as before
        await pilot.press("enter")
        await settle(pilot)
        assert "There is no product 'teapot'" in app.screen.question
