"""A screen of one record (an order, a purchase order, a supplier bill) lists on its key bar only
the acts the rule book allows in the record's state: a confirmed order is not offered Confirm, and
its key does nothing there; a draft is not offered Ship. The list keeps every act (dimmed)."""

from __future__ import annotations

from datetime import date

from boclerk.services.purchasing.bills import BillLineInput, enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.tui.app import BoclerkApp
from boclerk.tui.orders.detail import OrderDetailScreen
from boclerk.tui.purchases.detail import BillDetailScreen, PODetailScreen
from tests.services.trade_helpers import act, changed_tables, confirmed, order, po, set_day, shop, snapshot
from tests.tui.helpers import notifications, screen_text, settle

DAY = date(2026, 3, 20)
ORDER_ACTS = {"confirm", "pay", "ship", "deliver", "cancel", "return", "reserve", "documents"}


def key_bar(app) -> set[str]:
    """The acts the screen's key bar lists (enabled or dimmed)."""
    return {b.binding.action for b in app.screen.active_bindings.values()} & (ORDER_ACTS | {
        "send", "receive", "enter_bill", "cancel_po", "approve", "reject", "reverse_bill", "note"})


async def on_screen(app, pilot, screen) -> set[str]:
    app.push_screen(screen)
    await settle(pilot)
    assert app.screen is screen and screen.current_status() is not None
    return key_bar(app)


async def test_an_orders_screen_lists_the_acts_its_state_allows(db):
    set_day(db, DAY)
    shop(db)
    draft, done = order(db, "ANNA", ("MUG", 1)), confirmed(db, "BORIS", ("LAMP", 1))
    before = snapshot(db)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert await on_screen(app, pilot, OrderDetailScreen(done)) == {
            "pay", "ship", "cancel", "reserve", "documents"}
        shown = screen_text(app)
        assert "Ship" in shown and "Confirm" not in shown  # what the key bar draws
        screen = app.screen
        await pilot.press("c")  # no Confirm here: the key does nothing, no form, no refusal
        await settle(pilot)
        assert app.screen is screen and notifications(app) == []
        await pilot.press("escape")
        await settle(pilot)
        assert await on_screen(app, pilot, OrderDetailScreen(draft)) == {"confirm", "pay", "cancel", "documents"}
    assert changed_tables(before, snapshot(db)) == []


async def test_a_viewer_is_offered_nothing_on_an_orders_screen(db):
    set_day(db, DAY)
    shop(db)
    done = confirmed(db, "BORIS", ("LAMP", 1))
    app = BoclerkApp(db, "viewer")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert await on_screen(app, pilot, OrderDetailScreen(done)) == set()


async def test_a_purchase_order_and_a_bill_list_the_acts_their_state_allows(db):
    set_day(db, DAY)
    shop(db)
    number = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, number)
    bill = act(db, "clerk", enter_bill, number, "INV-77", DAY, lines=[BillLineInput("MUG", 10, 55000)])
    assert bill.status == "held"
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        shown = await on_screen(app, pilot, PODetailScreen(number))
        assert "send" not in shown and "cancel_po" not in shown and "receive" not in shown  # received in full
        await pilot.press("escape")
        await settle(pilot)
        shown = await on_screen(app, pilot, BillDetailScreen(bill.number))
        assert {"approve", "reject"} <= shown and not {"pay", "reverse_bill", "note"} & shown  # held


async def test_an_order_paid_in_full_is_not_offered_pay_on_its_screen_and_dimmed_on_the_list(db):
    from boclerk.services.sales.orders import pay_order

    set_day(db, DAY)
    shop(db)
    paid = confirmed(db, "ANNA", ("MUG", 1))
    act(db, "acc", pay_order, paid, 120000)
    before = snapshot(db)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        orders = app.screen
        assert orders.current_number() == paid
        assert orders.offered("pay") is None and orders.offered("ship") is True  # dimmed, as for a state
        await pilot.press("p")  # the key says why, before any form opens
        await settle(pilot)
        assert app.screen is orders and notifications(app) == [f"Nothing is left to pay on {paid}."]
        shown = await on_screen(app, pilot, OrderDetailScreen(paid))
        assert shown == {"ship", "cancel", "reserve", "documents"}
        screen = app.screen
        await pilot.press("p")  # not offered here: the key does nothing
        await settle(pilot)
        assert app.screen is screen and len(notifications(app)) == 1
    assert changed_tables(before, snapshot(db)) == []


async def test_an_order_part_paid_is_offered_pay_and_once_paid_in_full_no_longer(db):
    set_day(db, DAY)
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "pay" in await on_screen(app, pilot, OrderDetailScreen(number))
        await pilot.press("p")  # the payment form, with what is due
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"Payment recorded on {number}." in notifications(app)
        assert isinstance(app.screen, OrderDetailScreen) and "pay" not in key_bar(app)


async def test_a_bill_paid_on_is_not_offered_reverse_on_its_screen(db):
    from boclerk.services.purchasing.bills import pay_bill

    set_day(db, DAY)
    shop(db)
    number = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, number)
    bill = act(db, "acc", enter_bill, number, "A-1", DAY).number
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert {"pay", "reverse_bill", "note"} <= await on_screen(app, pilot, BillDetailScreen(bill))
        await pilot.press("escape")
        await settle(pilot)
        act(db, "acc", pay_bill, bill, 100000)
        shown = await on_screen(app, pilot, BillDetailScreen(bill))
        assert {"pay", "note"} <= shown and "reverse_bill" not in shown


async def test_back_on_the_list_after_paying_on_the_orders_screen_pay_is_dimmed(db):
    set_day(db, DAY)
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: Enter opens the order's own screen
        await pilot.press("2")
        await settle(pilot)
        orders = app.screen
        assert orders.current_number() == number and orders.offered("pay") is True
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OrderDetailScreen)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("ctrl+s")  # all that is due
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is orders and orders.offered("pay") is None


async def test_moving_along_the_orders_list_pay_is_dimmed_on_the_rows_paid_in_full_only(db):
    from boclerk.services.sales.orders import pay_order

    set_day(db, DAY)
    shop(db)
    first, second, third = (confirmed(db, "ANNA", ("MUG", 1)) for _ in range(3))
    act(db, "acc", pay_order, first, 120000)
    act(db, "acc", pay_order, third, 120000)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        orders = app.screen
        seen = []
        for key in ("j", "j", "k", "k"):  # newest first: third, second, first, second, third
            seen.append((orders.current_number(), orders.offered("pay")))
            await pilot.press(key)
            await settle(pilot)
        seen.append((orders.current_number(), orders.offered("pay")))
    assert seen == [(third, None), (second, True), (first, None), (second, True), (third, None)]
