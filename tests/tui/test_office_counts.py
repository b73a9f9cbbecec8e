"""The Office lists say how many rows they hold under their filters, as the other areas' lists do
(«5 заявок; показано 5»), counted by the lists' own conditions up to a cap."""

from __future__ import annotations

import pytest

from boclerk.services.office import contracts, deals, equipment, requests
from boclerk.services.office.contract_queries import count_contracts, list_contracts
from boclerk.services.office.counting import count_deals, count_staff
from boclerk.services.office.deals import list_deals
from boclerk.services.office.equipment_queries import count_equipment, list_equipment
from boclerk.services.office.request_queries import count_requests, list_requests
from boclerk.services.office.staff import list_staff, staff_left
from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from tests.services.office_helpers import ask, office
from tests.services.trade_helpers import act
from tests.tui.helpers import settle


@pytest.fixture
def office_db(db):
    office(db)
    for _ in range(4):
        ask(db, "clerk", ("TEA", 2), department="SALES")
    act(db, "admin", requests.approve, ask(db, "admin", ("PAPER", 1), department="IT"))
    for n in range(3):
        act(db, "admin", equipment.register, f"Chair {n}", department="SALES", cost=100000)
    act(db, "admin", equipment.register, "Laptop", department="IT", cost=500000, serial="SN-1")
    for subject in ("Supplies", "Cleaning"):
        act(db, "admin", contracts.new_contract, "supplier:ACME", subject)
    act(db, "admin", deals.add_service, "LIVE", "Support", provider="IT", receiver="SALES", fee=100000)
    act(db, "admin", staff_left, "ORLOVA")
    return db


def test_each_count_agrees_with_its_list_under_its_filters(office_db):
    with office_db.read("admin") as uow:
        for filters in ({}, {"state": "waiting"}, {"state": "to_order"}, {"search": "TEA"}, {"state": "cancelled"}):
            assert count_requests(uow, **filters).n == len(list_requests(uow, limit=10_000, **filters)), filters
        for filters in ({}, {"condition": "in_use"}, {"search": "chair"}, {"search": "SN-1"}, {"due": True}):
            assert count_equipment(uow, **filters).n == len(list_equipment(uow, limit=10_000, **filters)), filters
        for filters in ({}, {"state": "draft"}, {"search": "clean"}, {"state": "live"}):
            assert count_contracts(uow, **filters).n == len(list_contracts(uow, limit=10_000, **filters)), filters
        assert count_staff(uow, include_gone=True).n == len(list_staff(uow, include_gone=True)) == 6
        assert count_staff(uow).n == 5 and count_staff(uow, search="Ivan").n == len(list_staff(uow, search="Ivan"))
        assert count_deals(uow).n == len(list_deals(uow)) == 1
        assert count_requests(uow).n == 5 and not count_requests(uow).more
        capped = count_requests(uow, cap=3)
        assert (capped.n, capped.more) == (3, True)  # "more than 3"


async def _status(app, pilot, *keys: str) -> str:
    for key in keys:
        await pilot.press(key)
    await settle(pilot)
    return str(app.screen.query_one("#office-status").content)


@pytest.mark.parametrize(("interface", "said"), [
    ("ru", ("5 заявок; показано 5", "4 единицы оборудования; показано 4", "2 договора; показано 2",
            "6 сотрудников; показано 6", "1 внутренняя сделка; показано 1", "1 заявка; показано 1")),
    ("en", ("5 supply requests; 5 shown", "4 items of equipment; 4 shown", "2 contracts; 2 shown",
            "6 staff members; 6 shown", "1 internal deal; 1 shown", "1 supply request; 1 shown")),
])
async def test_the_office_lists_start_their_status_line_with_the_count(office_db, interface, said):
    app = BoclerkApp(office_db, "admin", config=Config(locale="ru") if interface == "ru" else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = [await _status(app, pilot, "7")]
        for _view in range(4):
            shown.append(await _status(app, pilot, "v"))
        app.screen.apply_filters(view="requests", state="to_order")  # narrowed: the count follows the filter
        shown.append(await _status(app, pilot))
        for line, start in zip(shown, said, strict=True):
            assert line.startswith(start), (line, start)
