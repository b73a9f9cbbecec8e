"""The equipment register: items from the bill they were bought on, fixed assets capitalised
and depreciated month by month (a rerun changes nothing), services and repairs expensed to the
item's department, plans that produce due dates, moves and write-offs that keep their history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from boclerk.errors import InvalidInput, NotPermitted, Refused
from boclerk.services.office.depreciation import depreciate, monthly_charge
from boclerk.services.office.equipment import (
    move,
    register,
    set_condition,
    set_office_settings,
    write_off,
)
from boclerk.services.office.equipment_queries import equipment_detail, list_equipment
from boclerk.services.office.maintenance import add_plan, log_service
from boclerk.services.office.periods import parse_period
from boclerk.services.office.reminders import office_dashboard
from tests.services.doc_samples import document_store  # noqa: F401  (autouse: PostgreSQL's store in tmp_path)
from tests.services.office_helpers import (
    ACCUMULATED,
    DAY,
    DEPRECIATION,
    DISPOSALS,
    EQUIPMENT_EXPENSE,
    FIXED_ASSETS,
    REPAIRS,
    bought,
    office,
)
from tests.services.trade_helpers import (
    BANK,
    act,
    assert_sound,
    audit_actions,
    balance,
    entries_of,
    entry_count,
    entry_lines,
    read,
    refused,
    refused_exactly,
    set_day,
)


@pytest.fixture
def shop_db(db):
    office(db)
    return db


def test_a_laptop_bought_for_140000_is_capitalised_and_depreciated_month_by_month(shop_db):
    """Done when: a laptop bought for 140,000.00 roubles is capitalised and depreciated month by month."""
    db = shop_db
    bill = bought(db, "LAPTOP", dept="IT")
    assert balance(db, EQUIPMENT_EXPENSE) == 14000000  # the receipt expensed it, as every consumable
    item = act(db, "clerk", register, "Laptop", bill=bill, holder="KOZLOVA", serial="SN-77", life_months=36,
               warranty_until=date(2027, 11, 10))
    assert item.fixed_asset and item.cost == 14000000
    assert entry_lines(db, item.entry) == [(FIXED_ASSETS, None, 14000000), (EQUIPMENT_EXPENSE, "IT", -14000000)]
    assert balance(db, EQUIPMENT_EXPENSE) == 0 and balance(db, FIXED_ASSETS) == 14000000

    refused(db, "acc", Refused, "December 2026 has not begun", depreciate, parse_period("2026-12"))
    assert act(db, "acc", depreciate, parse_period("2026-11")).entry is None  # acquired in November: none yet
    set_day(db, date(2027, 1, 15))
    dec = act(db, "acc", depreciate, parse_period("2026-12"))
    assert (dec.assets, dec.amount) == (1, 388889)  # round(14 000 000 / 36)
    assert entry_lines(db, dec.entry) == [(DEPRECIATION, "IT", 388889), (ACCUMULATED, None, -388889)]
    count = entry_count(db)
    again = act(db, "acc", depreciate, parse_period("2026-12"))
    assert (again.entry, again.earlier, entry_count(db)) == (None, [dec.entry], count)  # rerun changes nothing
    jan = act(db, "acc", depreciate, parse_period("2027-01"))
    assert jan.amount == 388889 and jan.entry != dec.entry
    assert balance(db, ACCUMULATED) == -777778
    d = read(db, "viewer", equipment_detail, item.number)
    assert (d.depreciated, d.book_value, d.holder, d.serial) == (777778, 14000000 - 777778, "KOZLOVA", "SN-77")
    assert sum(monthly_charge(14000000, 36, k) for k in range(1, 37)) == 14000000
    assert monthly_charge(14000000, 36, 37) == 0
    assert_sound(db)


def test_a_cheap_item_stays_expensed_and_the_threshold_is_a_setting(shop_db):
    db = shop_db
    bill = bought(db, "KETTLE2", dept="SALES")
    cheap = act(db, "clerk", register, "Kettle", bill=bill)
    assert (cheap.fixed_asset, cheap.entry) == (False, None)
    assert balance(db, EQUIPMENT_EXPENSE) == 450000  # expensed when bought, as today
    act(db, "admin", set_office_settings, threshold=400000)
    bill2 = bought(db, "KETTLE2", dept="SALES", ref="INV-2")
    refused(db, "clerk", InvalidInput, "needs its useful life", register, "Kettle", bill=bill2)
    costly = act(db, "clerk", register, "Kettle", bill=bill2, life_months=12)
    assert costly.fixed_asset and entry_lines(db, costly.entry) == [(FIXED_ASSETS, None, 450000),
                                                                     (EQUIPMENT_EXPENSE, "SALES", -450000)]
    refused(db, "clerk", NotPermitted, "may not change the shop's settings", set_office_settings, threshold=1)


def test_a_coffee_machine_repair_is_logged_and_expensed_to_its_department(shop_db):
    """Done when: a coffee machine repair is logged and expensed to its department."""
    db = shop_db
    item = act(db, "clerk", register, "Coffee machine", department="MGMT", cost=3500000, location="Kitchen 2",
               supplier="GLOBEX", acquired_on=date(2026, 3, 1))
    assert item.fixed_asset is False
    done = act(db, "clerk", log_service, item.number, "New pump, descaled", cost=450000, done_by="Coffee Service LLC",
               day=DAY - timedelta(days=1))
    assert entry_lines(db, done.entry) == [(REPAIRS, "MGMT", 450000), (BANK, None, -450000)]
    d = read(db, "viewer", equipment_detail, item.number)
    assert [(e.kind, e.what, e.done_by, e.cost, e.entry) for e in d.events][-1] == (
        "service", "New pump, descaled", "Coffee Service LLC", 450000, done.entry)
    free = act(db, "clerk", log_service, item.number, "Cleaned", paid_from="cash")
    assert free.entry is None  # nothing to post
    refused(db, "clerk", InvalidInput, "not a way to pay", log_service, item.number, "x", cost=1, paid_from="card")
    refused(db, "clerk", InvalidInput, "after today", log_service, item.number, "x", day=DAY + timedelta(days=1))
    assert_sound(db)


def test_plans_produce_due_dates_and_the_dashboard_names_the_overdue_printer(shop_db):
    """Done when: the dashboard names the printer whose service is overdue."""
    db = shop_db
    printer = act(db, "clerk", register, "Printer HP LaserJet", department="SALES", cost=2500000)
    plan = act(db, "clerk", add_plan, printer.number, "Service", 6, first_due=DAY - timedelta(days=10))
    aircon = act(db, "clerk", register, "Air conditioner", department="MGMT", cost=6000000,
                 warranty_until=DAY + timedelta(days=20))
    act(db, "clerk", add_plan, aircon.number, "Before summer", 12, first_due=date(2027, 5, 15))
    board = read(db, "viewer", office_dashboard)
    assert (board.maintenance_overdue, board.maintenance_due, board.warranties) == (1, 0, 1)
    assert board.notes[0].text == f"Service overdue since 31.10.2026: Printer HP LaserJet ({printer.number})"
    assert board.notes[1].text == f"Warranty ends 30.11.2026: Air conditioner ({aircon.number})"
    due = read(db, "viewer", list_equipment, due=True)
    assert [r.number for r in due] == [printer.number]
    act(db, "clerk", log_service, printer.number, "Serviced", plan=plan.id)
    d = read(db, "viewer", equipment_detail, printer.number)
    assert (d.plans[0].last_done, d.plans[0].next_due) == (DAY, date(2027, 5, 10))
    assert read(db, "viewer", office_dashboard).maintenance_overdue == 0
    refused(db, "clerk", Exception, "has no maintenance plan 99", log_service, printer.number, "x", plan=99)


def test_moves_and_conditions_keep_their_history(shop_db):
    db = shop_db
    item = act(db, "clerk", register, "Desk chair", department="SALES", cost=900000, holder="PETROV", location="201")
    act(db, "wh", move, item.number, holder="KOZLOVA", location="305", department="IT")
    act(db, "clerk", set_condition, item.number, "needs_repair", note="wobbles")
    act(db, "clerk", set_condition, item.number, "in repair")
    refused_exactly(db, "clerk", Refused, f"{item.number} is already in the condition 'in repair'.", set_condition, item.number,
                    "in_repair")
    refused(db, "clerk", InvalidInput, "act of its own", set_condition, item.number, "written_off")
    refused(db, "clerk", Refused, "is already there", move, item.number, holder="KOZLOVA")
    d = read(db, "viewer", equipment_detail, item.number)
    assert (d.holder, d.location, d.department, d.condition) == ("KOZLOVA", "305", "IT", "in_repair")
    assert [(e.kind, e.what) for e in d.events] == [
        ("registered", "принят на учёт в SALES, закреплён за PETROV, 201"),  # the books' words
        ("moved", "ответственный PETROV -> KOZLOVA; помещение 201 -> 305; подразделение SALES -> IT"),
        ("condition", "в работе -> нужен ремонт (wobbles)"),
        ("condition", "нужен ремонт -> в ремонте"),
    ]
    assert audit_actions(db, "equipment", item.number) == ["equipment.register", "equipment.move",
                                                           "equipment.condition", "equipment.condition"]
    refused(db, "viewer", NotPermitted, "may not manage the equipment register", move, item.number, location="1")
    refused(db, "acc", NotPermitted, "may not manage the equipment register", set_condition, item.number, "in_use")


def test_writing_off_a_fixed_asset_clears_its_cost_and_keeps_the_act(shop_db, tmp_path):
    from boclerk.services.documents.intake import IntakeMeta, add_files
    from tests.services.doc_samples import make_pdf, write

    db = shop_db
    item = act(db, "clerk", register, "Laptop", bill=bought(db, "LAPTOP", dept="IT"), life_months=36)
    set_day(db, date(2027, 1, 10))
    act(db, "acc", depreciate, parse_period("2026-12"))
    [doc] = add_files(db, "clerk", [write(tmp_path, "act.pdf", make_pdf(["Write-off act no. 7"]))],
                      IntakeMeta(doc_type="act"))
    refused(db, "clerk", InvalidInput, "Say why", write_off, item.number, "")
    gone = act(db, "clerk", write_off, item.number, "Dropped, screen broken", document=doc.number)
    assert entry_lines(db, gone.entry) == [(ACCUMULATED, None, 388889), (DISPOSALS, "IT", 14000000 - 388889),
                                           (FIXED_ASSETS, None, -14000000)]
    assert balance(db, FIXED_ASSETS) == 0 and balance(db, ACCUMULATED) == 0
    d = read(db, "viewer", equipment_detail, item.number)
    assert (d.condition, d.written_off_on, d.write_off_reason, d.write_off_document) == (
        "written_off", date(2027, 1, 10), "Dropped, screen broken", doc.number)
    assert (d.events[-1].kind, d.events[-1].what) == ("written_off", f"Dropped, screen broken (акт {doc.number})")
    refused_exactly(db, "clerk", Refused, f"Cannot move {item.number}: it is already written off. Possible when "
                    "the item is still in the register.", move, item.number, location="1")
    assert act(db, "acc", depreciate, parse_period("2027-01")).entry is None  # no longer depreciated
    assert entries_of(db, item.number)[-1] == gone.entry
    assert_sound(db)


def test_registering_from_a_bill_checks_what_was_bought(shop_db):
    db = shop_db
    refused(db, "clerk", Refused, "register it from the bill", register, "Laptop", department="IT", cost=14000000)
    refused(db, "clerk", InvalidInput, "Give the item's cost", register, "Laptop", department="IT")
    refused(db, "clerk", InvalidInput, "needs a name", register, " ", department="IT", cost=1)
    bill = bought(db, "LAPTOP", dept="IT")
    refused(db, "clerk", InvalidInput, "leave the cost out", register, "Laptop", bill=bill, cost=5, life_months=3)
    act(db, "clerk", register, "Laptop", bill=bill, life_months=36)
    refused(db, "clerk", Refused, r"Every LAPTOP received on PO-2026-\d+ \(1\) is in the register already",
            register, "Laptop", bill=bill, life_months=36)
    refused(db, "clerk", Refused, "has no line for MUG", register, "Laptop", bill=bill, sku="MUG", life_months=3)
    refused(db, "viewer", NotPermitted, "may not manage the equipment register", register, "Chair", department="IT",
            cost=1)


def test_the_register_is_listed_and_paged_by_key(shop_db):
    db = shop_db
    numbers = [act(db, "clerk", register, f"Chair {i}", department="SALES", cost=100000).number for i in range(5)]
    act(db, "clerk", set_condition, numbers[0], "in_store")
    assert [r.number for r in read(db, "viewer", list_equipment, condition="in_store")] == [numbers[0]]
    page = read(db, "viewer", list_equipment, limit=2)
    nxt = read(db, "viewer", list_equipment, limit=2, before_id=page[-1].id)
    assert [r.number for r in page + nxt] == numbers[::-1][:4]
    assert read(db, "viewer", list_equipment, limit=2, after_id=nxt[0].id) == page
    assert [r.number for r in read(db, "viewer", list_equipment, search="chair 3")] == [numbers[3]]


def test_db_check_finds_a_register_that_disagrees_with_the_books(shop_db):
    from tests.services.trade_helpers import execute, violated

    db = shop_db
    item = act(db, "clerk", register, "Laptop", bill=bought(db, "LAPTOP", dept="IT"), life_months=36)
    set_day(db, date(2026, 12, 5))
    act(db, "acc", depreciate, parse_period("2026-11"))  # acquired in November: nothing yet
    set_day(db, date(2027, 1, 5))
    act(db, "acc", depreciate, parse_period("2026-12"))
    assert "the fixed assets in the books are the register's" not in violated(db)
    execute(db, "UPDATE equipment SET cost = cost + 100 WHERE number = :n", n=item.number)
    assert "the fixed assets in the books are the register's" in violated(db)
    execute(db, "UPDATE equipment SET cost = cost - 100 WHERE number = :n", n=item.number)
    execute(db, "UPDATE depreciation_charge SET amount = amount + 1")
    assert "the fixed assets in the books are the register's" in violated(db)
