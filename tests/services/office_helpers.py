"""Set-up for the office's tests: the standard small shop (trade_helpers.shop) with staff in
three departments and a consumables catalogue whose products ACME and GLOBEX supply.

TEA   consumable, Kitchen,    standard cost 300.00, from ACME
PAPER consumable (the shop's), standard cost 250.00, from ACME
CART  consumable, Cartridges, standard cost 4 500.00, from ACME
SOAP  consumable, Cleaning,   standard cost 120.00, from GLOBEX
PEN   consumable, Stationery, standard cost 50.00, no preferred supplier
LAPTOP  consumable bought as equipment, expensed to 5350 until registered
"""

from __future__ import annotations

from datetime import date

from tests.services.trade_helpers import act, add_product, set_day, shop

DAY = date(2026, 11, 10)
EQUIPMENT_EXPENSE, FIXED_ASSETS, ACCUMULATED, DEPRECIATION = "5350", "1500", "1510", "5700"
RENT, REPAIRS, DISPOSALS, RECHARGES = "5500", "5600", "5750", "5800"


def office(db, *, day: date = DAY) -> None:
    from boclerk.services.catalog.products import edit_product
    from boclerk.services.office.staff import add_staff

    set_day(db, day)
    shop(db)
    act(db, "admin", edit_product, "PAPER", category="Stationery", preferred_supplier="ACME")
    add_product(db, "TEA", kind="consumable", cost=30000, category="Kitchen", preferred_supplier="ACME")
    add_product(db, "CART", kind="consumable", cost=450000, category="Cartridges", preferred_supplier="ACME")
    add_product(db, "SOAP", kind="consumable", cost=12000, category="Cleaning", preferred_supplier="GLOBEX")
    add_product(db, "PEN", kind="consumable", cost=5000, category="Stationery")
    add_product(db, "LAPTOP", kind="consumable", cost=14000000, category="IT equipment", preferred_supplier="ACME",
                expense_account="5350")
    add_product(db, "KETTLE2", kind="consumable", cost=450000, category="Kitchen equipment",
                preferred_supplier="ACME", expense_account="5350")
    for code, name, dept, user in (("IVANOVA", "Maria Ivanova", "SALES", "clerk"), ("PETROV", "Oleg Petrov", "SALES", None),
                                   ("SIDOROV", "Ivan Sidorov", "IT", "viewer"), ("KOZLOVA", "Anna Kozlova", "IT", None),
                                   ("SMIRNOV", "Pavel Smirnov", "WH", "wh"), ("ORLOVA", "Olga Orlova", "MGMT", None)):
        act(db, "admin", add_staff, code, name, dept, login=user)


def ask(db, user: str, *lines, **kwargs) -> str:
    from boclerk.services.office.requests import ask as svc

    return act(db, user, svc, list(lines), **kwargs).number


def bought(db, sku: str, qty: int = 1, *, dept: str | None = None, ref: str = "INV-1") -> str:
    """A purchase of ``sku`` from ACME, received and billed: returns the bill's number."""
    from boclerk.services.purchasing.bills import enter_bill
    from boclerk.services.purchasing.orders import POLineInput, create_po, receive_po, send_po

    number = act(db, "clerk", create_po, "ACME", [POLineInput(sku, qty, None, dept)]).number
    act(db, "clerk", send_po, number)
    act(db, "wh", receive_po, number)
    return act(db, "acc", enter_bill, number, ref, db.clock().astimezone().date()).number
