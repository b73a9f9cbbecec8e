"""The Office screen (key 7), driven by key presses: a request asked, approved and ordered; an
item registered, serviced and written off; a contract signed; a month's allocation posted;
what each role is offered; the home screen naming the printer whose service is overdue."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from boclerk.services.office.equipment import register
from boclerk.services.office.maintenance import add_plan
from boclerk.services.office.request_queries import request_detail
from boclerk.services.office.requests import request_state
from boclerk.tui.app import BoclerkApp
from boclerk.tui.office.screen import OfficeScreen
from boclerk.tui.office.views import DetailDialog
from tests.services.office_helpers import DAY, REPAIRS, RENT, ask, office
from tests.services.trade_helpers import (
    add_product,
    BANK,
    act,
    audit_actions,
    entries_of,
    entry_lines,
    read,
    sql,
    sql_one,
)
from tests.tui.helpers import form_error, screen_text, settle

WRITES = {"ask", "approve", "reject", "order", "cancel_request"}


@pytest.fixture
def shop_db(db):
    office(db)
    return db


async def keys(pilot, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


async def type_in(pilot, text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


def offered(app) -> dict[str, bool | None]:
    """The acts the screen offers the role: action -> True, or None when dimmed (the state of the
    highlighted record does not allow it; its key then says why)."""
    return {b.binding.action: app.screen.offered(b.binding.action)
            for b in app.screen.active_bindings.values() if b.enabled}


async def test_a_request_asked_approved_and_ordered_by_keys(shop_db):
    db = shop_db
    app = BoclerkApp(db, "clerk")  # Maria Ivanova of Sales, who runs the office
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7")
        assert isinstance(app.screen, OfficeScreen) and app.screen.view == "requests"
        await keys(pilot, "n")
        await type_in(pilot, "TEA:2, PAPER:5")
        await keys(pilot, "ctrl+s")
        [row] = app.screen.table().rows_data
        number = row.number
        assert (row.department, row.state, row.total) == ("SALES", "open", 2 * 30000 + 5 * 25000)
        assert offered(app)["approve"] is True and offered(app)["order"] is None  # dimmed: not decided yet
        await keys(pilot, "a")
        assert app.focused.id == "f-lines"
        await keys(pilot, "ctrl+s")
        assert read(db, "clerk", request_state, number)[1] == "approved"
        assert app.screen.current.state == "approved"  # the list follows
        await keys(pilot, "o")
        po_number = read(db, "clerk", request_detail, number).lines[0].po
        assert po_number and any(po_number in t for t in toasts(app))
        assert app.screen.current.state == "ordered"
        await keys(pilot, "enter")
        assert isinstance(app.screen, DetailDialog)
        assert "TEA" in screen_text(app) and po_number in screen_text(app)
        await keys(pilot, "escape")
        await keys(pilot, "x")  # cancel is dimmed for an ordered request: its key says why
        assert read(db, "clerk", request_state, number)[1] == "ordered"
        assert toasts(app)[-1] == (f"Cannot cancel {number}: it is already ordered. Possible when the supply "
                                   "request is waiting for a decision or approved.")
    assert audit_actions(db, "request", number) == ["request.ask", "request.approve", "request.order"]


async def test_a_decimal_comma_stays_in_its_quantity(shop_db):
    """The shop writes 2,5 kg; the list of lines parts pairs only before the next SKU:."""
    db = shop_db
    add_product(db, "BEANS", kind="consumable", cost=120000, unit="kg", category="Kitchen", preferred_supplier="ACME")
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "n")
        await type_in(pilot, "BEANS:2,5, TEA:2")
        await keys(pilot, "ctrl+s")
        [row] = app.screen.table().rows_data
    lines = read(db, "clerk", request_detail, row.number).lines
    assert [(ln.sku, ln.qty) for ln in lines] == [("BEANS", Decimal("2.500")), ("TEA", Decimal("2"))]


async def test_a_rejection_needs_a_reason_and_a_refusal_stays_on_the_form(shop_db):
    db = shop_db
    number = ask(db, "viewer", ("TEA", 1), ("CART", 4))
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "d")
        await keys(pilot, "ctrl+s")  # no reason
        assert "Reason: a value is required." in screen_text(app)
        await type_in(pilot, "Too many")
        await keys(pilot, "tab")
        await type_in(pilot, "2")
        await keys(pilot, "ctrl+s")
        d = read(db, "clerk", request_detail, number)
        assert [(ln.status, ln.reason) for ln in d.lines] == [("pending", ""), ("rejected", "Too many")]
        await keys(pilot, "d")
        await type_in(pilot, "No")
        await keys(pilot, "tab")
        await type_in(pilot, "2")
        await keys(pilot, "ctrl+s")
        # the form stays open with the service's sentence and what was typed: mend it and save again
        assert form_error(app) == f"Line 2 of {number} (CART) is already rejected."
        assert f"Line 2 of {number} (CART) is already rejected." not in toasts(app)
        await keys(pilot, "backspace")
        await type_in(pilot, "1")
        await keys(pilot, "ctrl+s")
        assert form_error(app) == ""  # closed: the write was done
        d = read(db, "clerk", request_detail, number)
        assert [(ln.status, ln.reason) for ln in d.lines] == [("rejected", "No"), ("rejected", "Too many")]


async def test_each_role_is_offered_what_it_may_do(shop_db):
    db = shop_db
    ask(db, "clerk", ("TEA", 1))
    mine = {"ask", "cancel_request"}  # anyone asks, and cancels their own
    for user, expected in (("viewer", mine), ("wh", mine), ("acc", mine),
                           ("clerk", {"ask", "approve", "reject", "order", "cancel_request"})):
        app = BoclerkApp(db, user)
        async with app.run_test(size=(160, 48)) as pilot:
            await keys(pilot, "7")
            assert {a for a in offered(app) if a in WRITES} == expected, user
            await keys(pilot, "v")  # equipment: the warehouse and the office manager keep it
            assert ("new_equipment" in offered(app)) == (user in ("wh", "clerk")), user
            assert ("depreciate" in offered(app)) == (user == "acc"), user


async def test_an_item_registered_serviced_and_written_off_by_keys(shop_db):
    db = shop_db
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "v")
        assert app.screen.view == "equipment"
        await keys(pilot, "n")
        await type_in(pilot, "Coffee machine")
        await keys(pilot, "tab", "tab", "tab")
        await type_in(pilot, "35000")
        await keys(pilot, "tab")
        await type_in(pilot, "MGMT")
        await keys(pilot, "ctrl+s")
        [row] = app.screen.table().rows_data
        number = row.number
        assert (row.name, row.department, row.cost, row.fixed_asset) == ("Coffee machine", "MGMT", 3500000, False)
        await keys(pilot, "s")
        await type_in(pilot, "New pump")
        await keys(pilot, "tab")
        await type_in(pilot, "Coffee Service LLC")
        await keys(pilot, "tab")
        await type_in(pilot, "4500")
        await keys(pilot, "ctrl+s")
        [entry] = entries_of(db, number)
        assert entry_lines(db, entry) == [(REPAIRS, "MGMT", 450000), (BANK, None, -450000)]
        await keys(pilot, "w")
        await type_in(pilot, "Beyond repair")
        await keys(pilot, "ctrl+s")
        assert app.screen.table().rows_data == []  # it has left the register
        app.screen.apply_filters(view="equipment", state="written_off")
        await settle(pilot)
        assert app.screen.current.condition == "written_off"
        assert offered(app)["move"] is None and offered(app)["write_off"] is None  # dimmed now
        await keys(pilot, "m")
        assert app.screen.__class__ is OfficeScreen  # no form opens for a dimmed act; the rule book says why
        assert toasts(app)[-1] == (f"Cannot move {number}: it is already written off. Possible when the item "
                                   "is still in the register.")
    assert sql_one(db, "SELECT condition FROM equipment WHERE number = :n", n=number) == "written_off"


async def test_the_palette_runs_an_act_of_another_list(shop_db):
    from boclerk.tui.dialogs import FormDialog

    app = BoclerkApp(shop_db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7")
        assert app.screen.view == "requests"
        await keys(pilot, "ctrl+p")
        await type_in(pilot, "Register equipment")
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog) and app.screen.title_text == "Register equipment"
        await keys(pilot, "escape")
        assert app.screen.view == "equipment"


async def test_the_home_screen_names_the_printer_whose_service_is_overdue(shop_db):
    """Done when: the dashboard names the printer whose service is overdue."""
    db = shop_db
    printer = act(db, "clerk", register, "Printer HP LaserJet", department="SALES", cost=2500000)
    act(db, "clerk", add_plan, printer.number, "Service", 6, first_due=DAY - timedelta(days=10))
    app = BoclerkApp(db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert f"Service overdue since 31.10.2026: Printer HP LaserJet ({printer.number})" in text
        assert re.search(r"Maintenance overdue \.+ ?1(?!\d)", text)
        app.screen.query_one("#maintenance-overdue").focus()
        await keys(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, OfficeScreen) and screen.view == "equipment"
        assert [r.number for r in screen.table().rows_data] == [printer.number]


async def test_a_contract_signed_and_a_months_rent_allocated_by_keys(shop_db):
    db = shop_db
    from boclerk.services.ledger.book import Line, post_manual
    from boclerk.services.office.contracts import new_contract
    from boclerk.services.office.deals import add_allocation

    number = act(db, "clerk", new_contract, "other:Landlord LLC", "Office lease",
                 valid_to=DAY + timedelta(days=45), auto_renew=True, notice_days=30).number
    act(db, "acc", post_manual, entry_date=date(2026, 10, 5), memo="Rent", lines=[Line(RENT, 1000000),
                                                                               Line(BANK, -1000000)])
    act(db, "acc", add_allocation, "RENT", "Rent by area", account=RENT, basis="area",
        shares=[("SALES", "30"), ("WH", "70")])
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "7", "v", "v")
        assert app.screen.view == "contracts"
        await keys(pilot, "s")
        await keys(pilot, "ctrl+s")
        assert app.screen.current.state == "signed"
        assert "Notice by" in screen_text(app)  # the wide layout shows it beside the list
        await keys(pilot, "v", "v")
        assert app.screen.view == "deals" and "allocate" not in offered(app)  # a clerk does not allocate
    app = BoclerkApp(db, "acc")
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "7", "v", "v", "v", "v")
        await keys(pilot, "A")
        assert app.focused.id == "f-month" and app.focused.value == "October 2026"
        await keys(pilot, "ctrl+s")
        assert "Post the allocations and service charges of October 2026?" in screen_text(app)
        await keys(pilot, "y")
        [entry] = sql(db, "SELECT number FROM journal_entry WHERE source_kind = 'allocation'")
        assert entry_lines(db, entry[0]) == [(RENT, "SALES", 300000), (RENT, "WH", 700000), (RENT, None, -1000000)]
        await keys(pilot, "A", "ctrl+s", "y")  # again: nothing changes
        assert sql_one(db, "SELECT COUNT(*) FROM journal_entry WHERE source_kind = 'allocation'") == 1
        assert any("Nothing more to post for October 2026" in t for t in toasts(app))


async def test_the_palette_finds_a_request_and_opens_it_in_the_office(shop_db):
    number = ask(shop_db, "clerk", ("TEA", 1))
    ask(shop_db, "clerk", ("PAPER", 1))
    app = BoclerkApp(shop_db, "viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "ctrl+p")
        await type_in(pilot, number)
        await keys(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, OfficeScreen) and screen.view == "requests"
        assert [r.number for r in screen.table().rows_data] == [number]
