"""Set-up helpers for the order-to-cash and procure-to-pay tests (services and CLI).

A small shop: a mug and a lamp (goods, prices include 20% VAT), a kettle whose prices
are net of VAT, delivery (a service), printer paper (an office consumable), customers,
suppliers and stock bought at known costs, so that every amount can be checked by hand.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import inspect, text

from boclerk.services.platform.checks import run_checks

ROLES = ("admin", "acc", "clerk", "wh", "viewer")

# account codes of the seeded chart
CASH, BANK, CARD = "1000", "1010", "1020"
AR, INVENTORY, VAT_IN = "1100", "1200", "1300"
AP, GRNI, ADVANCES, VAT_OUT = "2000", "2100", "2200", "2300"
SALES, RETURNS = "4000", "4100"
COGS, VARIANCE, SHRINKAGE, OFFICE = "5000", "5050", "5100", "5300"


# -- clock, units of work, raw SQL ------------------------------------------------------------


def set_day(db, day: date) -> None:
    """Make the database's clock read local noon of ``day`` (the business date of new units)."""
    moment = datetime.combine(day, time(12)).astimezone()
    db.clock = lambda: moment


def today(db) -> date:
    return db.clock().astimezone().date()


def act(db, user: str, fn, *args, **kwargs):
    with db.write(user) as uow:
        return fn(uow, *args, **kwargs)


def read(db, user: str, fn, *args, **kwargs):
    with db.read(user) as uow:
        return fn(uow, *args, **kwargs)


def sql(db, statement: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(statement), params).all()


def sql_one(db, statement: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(statement), params).scalar()


def execute(db, statement: str, **params) -> None:
    """Change the database behind boclerk's back."""
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)


def snapshot(db) -> dict[str, list[str]]:
    """Every row of every table: to prove that a refused act wrote nothing at all."""
    with db.engine.connect() as conn:
        names = sorted(t for t in inspect(conn).get_table_names() if t != "alembic_version")
        return {name: sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{name}"')))
                for name in names}


def changed_tables(before: dict, after: dict) -> list[str]:
    return [t for t in before if before[t] != after.get(t)]


def refused(db, user: str, error: type[BaseException], match: str | None, fn, *args, **kwargs) -> BaseException:
    """Run ``fn`` in a write unit as ``user``; it must raise ``error`` (message matching the
    regular expression ``match``) and change nothing: no row, no move, no entry, no audit event."""
    before = snapshot(db)
    with pytest.raises(error) as info, db.write(user) as uow:
        fn(uow, *args, **kwargs)
    if match is not None:
        import re

        assert re.search(match, str(info.value)), f"{info.value!s} does not match {match!r}"
    after = snapshot(db)
    assert changed_tables(before, after) == [], f"a refused act changed {changed_tables(before, after)}"
    return info.value


def refused_exactly(db, user: str, error: type[BaseException], sentence: str, fn, *args, **kwargs) -> None:
    """Like :func:`refused`, with the whole sentence compared exactly."""
    exc = refused(db, user, error, None, fn, *args, **kwargs)
    assert str(exc) == sentence, f"got: {exc}"


def not_permitted_for(db, users, fn, *args, **kwargs) -> None:
    from boclerk.errors import NotPermitted

    for user in users:
        refused(db, user, NotPermitted, r"may not ", fn, *args, **kwargs)


# -- the books ---------------------------------------------------------------------------------


def entry_lines(db, number: str) -> list[tuple[str, str | None, int]]:
    """(account code, department code, signed amount) of a posted entry, in line order."""
    return [tuple(r) for r in sql(
        db,
        "SELECT a.code, d.code, p.amount FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
        "JOIN account a ON a.id = p.account_id LEFT JOIN department d ON d.id = p.department_id "
        "WHERE e.number = :n ORDER BY p.line_no", n=number)]


def entry_date(db, number: str) -> date:
    value = sql_one(db, "SELECT entry_date FROM journal_entry WHERE number = :n", n=number)
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def entries_of(db, source_ref: str) -> list[str]:
    return [r[0] for r in sql(db, "SELECT number FROM journal_entry WHERE source_ref = :r ORDER BY id", r=source_ref)]


def entry_count(db) -> int:
    return sql_one(db, "SELECT COUNT(*) FROM journal_entry")


def balance(db, code: str, source_kind: str | None = None) -> int:
    """Signed balance of an account (debit > 0), optionally only what one kind of document booked."""
    stmt = ("SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN account a ON a.id = p.account_id "
            "JOIN journal_entry e ON e.id = p.entry_id WHERE a.code = :c")
    if source_kind:
        stmt += " AND e.source_kind = :k"
    return sql_one(db, stmt, c=code, k=source_kind)


def audit_actions(db, entity: str, entity_id: str) -> list[str]:
    return [r[0] for r in sql(db, "SELECT action FROM audit_event WHERE entity = :e AND entity_id = :i ORDER BY id",
                              e=entity, i=entity_id)]


def violated(db) -> set[str]:
    return {v.invariant for v in run_checks(db, "admin").violations}


def assert_sound(db) -> None:
    report = run_checks(db, "admin")
    assert report.ok, [(v.invariant, v.detail) for v in report.violations]


# -- stock ---------------------------------------------------------------------------------------


def level(db, sku: str, wh: str = "MAIN") -> tuple[int, int]:
    """(on hand, reserved) of a product in a warehouse."""
    row = sql(db, "SELECT l.on_hand, l.reserved FROM stock_level l JOIN product p ON p.id = l.product_id "
                  "JOIN warehouse w ON w.id = l.warehouse_id WHERE p.sku = :s AND w.code = :w", s=sku, w=wh)
    return tuple(row[0]) if row else (0, 0)


def moves_of(db, ref: str) -> list[tuple]:
    """(sku, warehouse, kind, qty, value) of the stock moves of a document."""
    return [tuple(r) for r in sql(
        db, "SELECT p.sku, w.code, m.kind, m.qty, m.value FROM stock_move m JOIN product p ON p.id = m.product_id "
            "JOIN warehouse w ON w.id = m.warehouse_id WHERE m.source_ref = :r ORDER BY m.id", r=ref)]


def move_count(db) -> int:
    return sql_one(db, "SELECT COUNT(*) FROM stock_move")


def reservations(db, ref: str) -> list[tuple[int, str, int]]:
    """Active reservations of a document: (line, sku, qty)."""
    return [tuple(r) for r in sql(
        db, "SELECT r.source_line, p.sku, r.qty FROM reservation r JOIN product p ON p.id = r.product_id "
            "WHERE r.source_ref = :r AND r.active ORDER BY r.source_line", r=ref)]


# -- the shop ------------------------------------------------------------------------------------


def add_product(db, sku: str, *, kind: str = "goods", price: int = 0, cost: int = 0, vat: str = "standard",
                incl: bool = True, **values) -> None:
    from boclerk.services.catalog.products import add_product as svc

    act(db, "admin", svc, sku, f"Product {sku}", kind=kind, sale_price=price, standard_cost=cost, vat_category=vat,
        prices_include_vat=incl, **values)


def stock_in(db, sku: str, qty: int, unit_cost: int, *, warehouse: str | None = None) -> None:
    from boclerk.services.stock.book import receive_stock

    act(db, "wh", receive_stock, sku, qty, unit_cost, warehouse=warehouse)


def add_customer(db, code: str, name: str | None = None, **values) -> None:
    from boclerk.services.catalog.partners import add_customer as svc

    act(db, "clerk", svc, code, name or f"Customer {code}", **values)


def add_supplier(db, code: str, name: str | None = None, **values) -> None:
    from boclerk.services.catalog.partners import add_supplier as svc

    act(db, "clerk", svc, code, name or f"Supplier {code}", **values)


#: The standard shop's day: its hand-checked figures are at 20% VAT, the standard rate of 2025
#: (22% from 2026: tests of that change set their own days).
SHOP_DAY = date(2025, 11, 17)


def shop(db, *, stock: bool = True) -> None:
    """The standard small shop, on SHOP_DAY unless the test chose a day of its own.

    MUG  goods, 1 200.00 incl. 20% VAT, 10 in MAIN at 500.00
    LAMP goods, 3 000.00 incl. 20% VAT, 4 in MAIN at 1 000.00
    KETTLE goods, 1 000.00 + 20% VAT on top, 5 in MAIN at 400.00
    DELIVERY service, 300.00 incl. 20% VAT
    PAPER consumable, standard cost 250.00
    """
    if getattr(db.clock, "__name__", "") == "utcnow":
        set_day(db, SHOP_DAY)
    add_product(db, "MUG", price=120000, cost=50000)
    add_product(db, "LAMP", price=300000, cost=100000)
    add_product(db, "KETTLE", price=100000, cost=40000, incl=False)
    add_product(db, "DELIVERY", kind="service", price=30000)
    add_product(db, "PAPER", kind="consumable", cost=25000)
    add_customer(db, "ANNA", "Anna Petrova", email="Anna@Example.com", phone="+7 (912) 345-67-89",
                 address="Moscow, Tverskaya 1")
    add_customer(db, "BORIS", "Boris Ivanov", email="boris@example.com", phone="8 800 555 35 35")
    add_supplier(db, "ACME", "Acme Supplies", tax_id="7707083893", payment_terms_days=30)
    add_supplier(db, "GLOBEX", "Globex", tax_id="500100732259", payment_terms_days=10)
    if stock:
        stock_in(db, "MUG", 10, 50000)
        stock_in(db, "LAMP", 4, 100000)
        stock_in(db, "KETTLE", 5, 40000)


def order(db, customer: str, *lines, user: str = "clerk", **kwargs) -> str:
    """A draft order of (sku, qty[, price[, discount_bp]]) lines; returns its number."""
    from boclerk.services.sales.orders import LineInput, create_order

    return act(db, user, create_order, customer, [LineInput(*ln) for ln in lines], **kwargs).number


def confirmed(db, customer: str, *lines, warehouse: str | None = None, backorder: bool = False, **kwargs) -> str:
    from boclerk.services.sales.orders import confirm_order

    number = order(db, customer, *lines, **kwargs)
    act(db, "clerk", confirm_order, number, warehouse=warehouse, backorder=backorder)
    return number


def order_row(db, number: str) -> dict:
    row = sql(db, "SELECT status, total, net_total, vat_total, invoiced, paid, backorder FROM sales_order "
                  "WHERE number = :n", n=number)[0]
    return dict(zip(("status", "total", "net", "vat", "invoiced", "paid", "backorder"), row))


def money_position(db) -> tuple[int, int]:
    """(receivables, customer advances) that orders booked, both as positive amounts."""
    return balance(db, AR, "order"), -balance(db, ADVANCES, "order")


def expected_position(db) -> tuple[int, int]:
    """Sum over orders of max(invoiced - paid, 0) and max(paid - invoiced, 0)."""
    rows = sql(db, "SELECT invoiced, paid FROM sales_order")
    return (sum(max(i - p, 0) for i, p in rows), sum(max(p - i, 0) for i, p in rows))


def po(db, supplier: str, *lines, user: str = "clerk", send: bool = True, **kwargs) -> str:
    """A purchase order of (sku, qty[, price[, department]]) lines, sent unless told otherwise."""
    from boclerk.services.purchasing.orders import POLineInput, create_po, send_po

    number = act(db, user, create_po, supplier, [POLineInput(*ln) for ln in lines], **kwargs).number
    if send:
        act(db, user, send_po, number)
    return number


def po_status(db, number: str) -> str:
    return sql_one(db, "SELECT status FROM purchase_order WHERE number = :n", n=number)


def po_progress(db, number: str) -> list[tuple[str, int, int, int]]:
    """(sku, ordered, received, billed) per PO line."""
    return [tuple(r) for r in sql(
        db, "SELECT p.sku, l.qty, l.qty_received, l.qty_billed FROM po_line l JOIN product p ON p.id = l.product_id "
            "JOIN purchase_order o ON o.id = l.po_id WHERE o.number = :n ORDER BY l.line_no", n=number)]


def bill_row(db, number: str) -> dict:
    row = sql(db, "SELECT status, net, vat, total, paid, hold_reason, bill_date, due_date FROM supplier_bill "
                  "WHERE number = :n", n=number)[0]
    out = dict(zip(("status", "net", "vat", "total", "paid", "hold_reason", "bill_date", "due_date"), row))
    for key in ("bill_date", "due_date"):
        if not isinstance(out[key], date):
            out[key] = date.fromisoformat(str(out[key]))
    return out


def grni_open(db) -> int:
    """What purchase orders received and bills have not yet cleared (a credit, so negated)."""
    return -(balance(db, GRNI, "po") + balance(db, GRNI, "bill"))


def set_company(db, **values) -> None:
    """Change company settings (tolerances) in a unit of work, as an admin screen would."""
    with db.write("admin") as uow:
        for key, value in values.items():
            setattr(uow.company, key, value)
        uow.s.flush()
