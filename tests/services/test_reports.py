"""The books' reports against brute-force sums over the postings and the stock moves."""

from __future__ import annotations

import dataclasses
import random
import re
from collections import defaultdict
from datetime import date, timedelta

import pytest

from boclerk.errors import InvalidInput, NotFound
from boclerk.services.catalog import products as catalog
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import reports
from boclerk.services.ledger.book import Line
from boclerk.services.rows import is_money, to_plain
from boclerk.services.stock import book as stock
from boclerk.services.stock import stocktake
from tests.services.test_invariants import (
    act,
    add_goods,
    assert_sound,
    read,
    receive,
    set_day,
    sql,
)

TODAY = date(2026, 6, 15)
DEBITS = ["5900", "5200", "5300", "5000", "1000", "1100", "4100"]
CREDITS = ["4000", "1010", "2000", "4200", "2300"]
DEPTS = [None, "SALES", "IT", "WH"]


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@pytest.fixture
def journal(db):
    """Some 80 entries from November 2025 to today, many on the edges of months."""
    set_day(db, TODAY)
    rng = random.Random(20260615)
    edges = [date(2025, 11, 30), date(2025, 12, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 31),
             date(2026, 2, 1), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1),
             date(2026, 6, 1), TODAY]
    act(db, "acc", ledger.opening_balances, [Line("1010", 50_000_000), Line("3000", -30_000_000)],
        entry_date=date(2025, 11, 1))
    for i in range(80):
        day = edges[i % len(edges)] if i % 3 == 0 else date(2025, 11, 1) + timedelta(days=rng.randrange(227))
        amount = rng.randrange(1, 2_000_000)
        lines = [Line(rng.choice(DEBITS), amount, rng.choice(DEPTS))]
        if i % 4 == 0:  # a split credit
            part = rng.randrange(1, amount) if amount > 1 else 0
            lines += [Line(rng.choice(CREDITS), -part, rng.choice(DEPTS)), Line("1010", -(amount - part))]
        else:
            lines.append(Line(rng.choice(CREDITS), -amount, rng.choice(DEPTS)))
        act(db, "acc", ledger.post_manual, entry_date=day, memo=f"entry {i}", lines=[ln for ln in lines if ln.amount])
    act(db, "acc", ledger.recharge, from_dept="IT", to_dept="SALES", amount=77_777, entry_date=date(2026, 2, 28))
    act(db, "acc", ledger.recharge, from_dept="SALES", to_dept="MKT", amount=11_111, account_key="4000",
        entry_date=date(2026, 3, 1))
    return db


def _postings(db):
    return [(code, typ, dept, amount, _day(d)) for code, typ, dept, amount, d in sql(
        db, "SELECT a.code, a.type, dp.code, p.amount, p.entry_date FROM posting p "
            "JOIN account a ON a.id = p.account_id LEFT JOIN department dp ON dp.id = p.department_id")]


def brute_pnl(postings, start, end, by_department):
    cells = defaultdict(lambda: [0, 0])
    types = {}
    for code, typ, dept, amount, day in postings:
        if typ in ("income", "expense") and start <= day <= end:
            types[code] = typ
            cell = cells[(code, dept if by_department else None)]
            cell[0 if amount > 0 else 1] += abs(amount)
    return {(code, dept): cr - dr if types[code] == "income" else dr - cr
            for (code, dept), (dr, cr) in cells.items()}


def brute_balances(postings, at):
    out = defaultdict(int)
    for code, _typ, _dept, amount, day in postings:
        if day <= at:
            out[code] += amount
    return {k: v for k, v in out.items() if v}


PERIOD_DATES = [date(2025, 11, 1), date(2025, 11, 30), date(2025, 12, 1), date(2025, 12, 15), date(2026, 1, 1),
                date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 14), date(2026, 2, 28), date(2026, 3, 1),
                date(2026, 3, 31), date(2026, 4, 10), date(2026, 6, 1), TODAY]


def test_pnl_matches_brute_force_for_every_kind_of_period(journal):
    db = journal
    periods = [(a, b) for a in PERIOD_DATES for b in PERIOD_DATES if a <= b]
    postings = _postings(db)
    periods += [(date(2026, 1, 15), date(2026, 4, 10)),  # partial months at both edges, whole ones between
                (date(2026, 2, 1), date(2026, 3, 31)),   # whole months only
                (date(2026, 3, 1), date(2026, 3, 1)),    # a single day
                (date(2026, 2, 27), date(2026, 2, 27)),
                (date(2000, 1, 1), date(2030, 12, 31))]
    with db.read("viewer") as uow:
        for start, end in periods:
            for by_department in (False, True):
                pnl = reports.profit_and_loss(uow, start, end, by_department=by_department)
                got = {(r.code, r.department): r.amount for r in pnl.rows}
                want = brute_pnl(postings, start, end, by_department)
                assert got == want, (start, end, by_department)
                income = sum(a for (c, _), a in want.items() if c.startswith("4"))
                expense = sum(a for (c, _), a in want.items() if c.startswith("5"))
                assert (pnl.income, pnl.expense, pnl.profit) == (income, expense, income - expense)
                if by_department:
                    per = defaultdict(lambda: [0, 0])
                    for (code, dept), amount in want.items():
                        per[dept or "-"][0 if code.startswith("4") else 1] += amount
                    assert {d: tuple(v) for d, v in pnl.departments.items()} == {
                        d: (i, e, i - e) for d, (i, e) in per.items()}
    assert len(periods) > 100


def test_pnl_rows_are_income_first_then_by_code(journal):
    pnl = read(journal, "viewer", reports.profit_and_loss, date(2025, 11, 1), TODAY)
    keys = [(r.type != "income", r.code) for r in pnl.rows]
    assert keys == sorted(keys) and {r.type for r in pnl.rows} == {"income", "expense"}


def test_period_must_not_end_before_it_starts(journal):
    with journal.read("viewer") as uow:
        with pytest.raises(InvalidInput, match=r"^The period starts \(02\.03\.2026\) after it ends \(01\.03\.2026\)\.$"):
            reports.profit_and_loss(uow, date(2026, 3, 2), date(2026, 3, 1))


def test_trial_balance_at_many_dates(journal):
    db = journal
    postings = _postings(db)
    with db.read("viewer") as uow:
        for at in PERIOD_DATES + [date(2025, 10, 31), date(2026, 12, 31)]:
            tb = reports.trial_balance(uow, at)
            assert tb.total_debit == tb.total_credit
            assert sum(r.balance for r in tb.rows) == 0
            assert {r.code: r.balance for r in tb.rows} == brute_balances(postings, at)
            assert all((r.debit, r.credit) == (max(r.balance, 0), max(-r.balance, 0)) for r in tb.rows)
            assert [r.code for r in tb.rows] == sorted(r.code for r in tb.rows)
    assert read(db, "viewer", reports.trial_balance, date(2025, 10, 31)).rows == []


def test_a_partial_month_is_read_the_shorter_way():
    """The month's total less the days outside the period where those are fewer days up to today."""
    today = date(2026, 6, 15)
    plan = reports.month_plan
    # a trial balance at today: June's total less what is dated after today (next to nothing)
    assert plan(None, today, today) == ((None, 202606), [], [(date(2026, 6, 16), date(2026, 6, 30))])
    # early in a month: the days so far; late in a month: the total less the days after
    assert plan(None, date(2026, 3, 5), today) == ((None, 202602), [(date(2026, 3, 1), date(2026, 3, 5))], [])
    assert plan(None, date(2026, 3, 25), today) == ((None, 202603), [], [(date(2026, 3, 26), date(2026, 3, 31))])
    # a period from late in one month: those days; from early in it: the month less its first days
    assert plan(date(2026, 1, 25), date(2026, 4, 30), today) == (
        (202602, 202604), [(date(2026, 1, 25), date(2026, 1, 31))], [])
    assert plan(date(2026, 1, 3), date(2026, 4, 30), today) == (
        (202601, 202604), [], [(date(2026, 1, 1), date(2026, 1, 2))])
    # within one month: the days themselves, or the month less both ends
    assert plan(date(2026, 2, 10), date(2026, 2, 12), today) == (None, [(date(2026, 2, 10), date(2026, 2, 12))], [])
    assert plan(date(2026, 2, 2), date(2026, 2, 27), today) == (
        (202602, 202602), [], [(date(2026, 2, 1), date(2026, 2, 1)), (date(2026, 2, 28), date(2026, 2, 28))])
    assert plan(date(2026, 6, 2), today, today) == (
        (202606, 202606), [], [(date(2026, 6, 1), date(2026, 6, 1)), (date(2026, 6, 16), date(2026, 6, 30))])
    # whole months: no postings read at all
    assert plan(date(2026, 2, 1), date(2026, 3, 31), today) == ((202602, 202603), [], [])


def test_reports_read_either_way_agree_with_the_postings(journal):
    """Dates whose partial months are read as a total less the days outside, with postings on those days."""
    db = journal
    postings = _postings(db)
    days = [date(2025, 11, 28), date(2025, 12, 20), date(2026, 1, 30), date(2026, 3, 25), date(2026, 2, 27),
            date(2025, 12, 2), date(2026, 1, 2), date(2026, 6, 2)]
    with db.read("viewer") as uow:
        subtracted = 0
        for at in days:
            subtracted += bool(reports.month_plan(None, at, uow.today)[2])
            assert {r.code: r.balance for r in reports.trial_balance(uow, at).rows} == brute_balances(postings, at), at
        for start in days:
            for end in days + [TODAY]:
                if start > end:
                    continue
                subtracted += bool(reports.month_plan(start, end, uow.today)[2])
                for by_department in (False, True):
                    got = {(r.code, r.department): r.amount
                           for r in reports.profit_and_loss(uow, start, end, by_department=by_department).rows}
                    assert got == brute_pnl(postings, start, end, by_department), (start, end, by_department)
    assert subtracted > 20


def test_balance_sheet_balances(journal):
    db = journal
    postings = _postings(db)
    with db.read("viewer") as uow:
        for at in PERIOD_DATES:
            bs = reports.balance_sheet(uow, at)
            assert bs.assets == bs.liabilities + bs.equity
            balances = brute_balances(postings, at)
            earnings = -sum(v for code, v in balances.items() if code[0] in "45")
            assert bs.earnings == earnings
            for row in bs.rows:
                sign = 1 if row.section == "assets" else -1
                assert row.amount == sign * balances[row.code]
            assert {r.code for r in bs.rows} == {c for c in balances if c[0] in "123"}
            assert bs.equity == earnings + sum(r.amount for r in bs.rows if r.section == "equity")


def test_account_ledger_running_balance_and_opening(journal):
    db = journal
    start, end = date(2026, 2, 1), date(2026, 3, 31)
    led = read(db, "viewer", reports.account_ledger, "1010", start=start, end=end)
    rows = sorted((day, amount) for code, _t, _d, amount, day in _postings(db) if code == "1010")
    opening = sum(a for d, a in rows if d < start)
    within = [(d, a) for d, a in rows if start <= d <= end]
    assert (led.code, led.name, led.opening, led.truncated) == ("1010", "Bank", opening, False)
    assert len(led.lines) == len(within)
    running = opening
    for line in led.lines:
        running += line.debit - line.credit
        assert line.balance == running and start <= line.entry_date <= end
    assert led.closing == running == opening + sum(a for _, a in within)
    assert [ln.entry_date for ln in led.lines] == sorted(ln.entry_date for ln in led.lines)
    whole = read(db, "viewer", reports.account_ledger, "bank")  # by role as well as by code
    assert whole.opening == 0 and whole.closing == sum(a for _, a in rows)
    short = read(db, "viewer", reports.account_ledger, "1010", limit=3)
    assert short.truncated and len(short.lines) == 3
    with db.read("viewer") as uow:
        with pytest.raises(NotFound, match=r"^There is no account 9999\.$"):
            reports.account_ledger(uow, "9999")


def test_account_ledger_shows_departments_and_sources(journal):
    led = read(journal, "viewer", reports.account_ledger, "5800")
    assert [(ln.department, ln.debit, ln.credit) for ln in led.lines] == [("SALES", 77_777, 0), ("IT", 0, 77_777)]
    assert led.closing == 0


# -- stock valuation at past dates ------------------------------------------------------------------

D1, D2, D3, D4 = date(2026, 5, 4), date(2026, 5, 11), date(2026, 5, 31), date(2026, 6, 1)


@pytest.fixture
def stock_history(db):
    set_day(db, D1)
    add_goods(db, "MUG-1", "Mug")
    add_goods(db, "CUP-1", "Cup", standard_cost=150)
    act(db, "admin", catalog.add_warehouse, "B", "Back room")
    receive(db, "MUG-1", 10, 200)
    set_day(db, D2)
    receive(db, "MUG-1", 5, 230)
    act(db, "wh", stock.transfer_stock, "MUG-1", 4, from_wh="MAIN", to_wh="B")
    set_day(db, D3)
    act(db, "wh", stock.adjust_stock, "MUG-1", -3, reason="broken")
    receive(db, "CUP-1", 3, 100, warehouse="B")
    set_day(db, D4)
    info = act(db, "wh", stocktake.open_count, "B")
    act(db, "wh", stocktake.enter_counts, info.number, [("MUG-1", 5), ("CUP-1", 2)])
    act(db, "wh", stocktake.post_count, info.number)
    set_day(db, TODAY)
    return db


def test_stock_valuation_at_past_dates_reproduces_the_moves(stock_history):
    db = stock_history
    expected = {
        D1 - timedelta(days=1): [],
        D1: [("MUG-1", "MAIN", 10, 2000)],
        D2: [("MUG-1", "B", 4, 840), ("MUG-1", "MAIN", 11, 2310)],
        D3: [("CUP-1", "B", 3, 300), ("MUG-1", "B", 4, 840), ("MUG-1", "MAIN", 8, 1680)],
        D4: [("CUP-1", "B", 2, 200), ("MUG-1", "B", 5, 1050), ("MUG-1", "MAIN", 8, 1680)],
        TODAY: [("CUP-1", "B", 2, 200), ("MUG-1", "B", 5, 1050), ("MUG-1", "MAIN", 8, 1680)],
    }
    moves = [(sku, wh, qty, value, _day(d)) for sku, wh, qty, value, d in sql(
        db, "SELECT p.sku, w.code, m.qty, m.value, m.move_date FROM stock_move m JOIN product p ON p.id = m.product_id "
            "JOIN warehouse w ON w.id = m.warehouse_id")]
    with db.read("viewer") as uow:
        for at, rows in expected.items():
            val = reports.stock_valuation(uow, at)
            assert [(r.sku, r.warehouse, r.qty, r.value) for r in val.rows] == rows, at
            brute = defaultdict(lambda: [0, 0])
            for sku, wh, qty, value, day in moves:
                if day <= at:
                    brute[(sku, wh)][0] += qty
                    brute[(sku, wh)][1] += value
            assert {(r.sku, r.warehouse): [r.qty, r.value] for r in val.rows} == {
                k: v for k, v in brute.items() if v != [0, 0]}
            assert val.total == sum(r[3] for r in rows)
            assert val.inventory_account == val.total and val.agrees
            tb = {r.code: r.balance for r in reports.trial_balance(uow, at).rows}
            assert tb.get("1200", 0) == val.total
    assert_sound(db)


def test_stock_valuation_notices_an_inventory_account_that_disagrees(stock_history):
    db = stock_history
    from sqlalchemy import text

    # an inventory posting with no stock behind it (behind boclerk's back, triggers dropped)
    with db.engine.begin() as conn:
        from tests.services.test_invariants import _raw_posted_entry

        _raw_posted_entry(conn, db, [("1200", 500), ("3000", -500)])
        conn.execute(text("SELECT 1"))
    val = read(db, "viewer", reports.stock_valuation)
    assert (val.total, val.inventory_account, val.agrees) == (2930, 3430, False)


# -- plain data for faces ------------------------------------------------------------------------

MONEY = re.compile(r"^-?\d+\.\d{2}$")


def _money_values(value):
    """Every money field of a report, walked the way to_plain walks it."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if is_money(f):
                yield f.name, v
            else:
                yield from _money_values(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _money_values(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _money_values(v)


def _plain_money(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from _plain_money(v)
    elif isinstance(value, list):
        for v in value:
            yield from _plain_money(v)


def test_every_report_becomes_json_ready_with_money_as_strings(journal):
    db = journal
    add_goods(db, "MUG-1")
    receive(db, "MUG-1", 3, 12345)
    with db.read("viewer") as uow:
        made = [reports.trial_balance(uow), reports.profit_and_loss(uow, date(2025, 11, 1), TODAY),
                reports.profit_and_loss(uow, date(2025, 11, 1), TODAY, by_department=True),
                reports.balance_sheet(uow), reports.account_ledger(uow, "1010", start=date(2026, 1, 1)),
                reports.stock_valuation(uow)]
    for report in made:
        plain = to_plain(report, "RUB")
        names = {name for name, _ in _money_values(report)}
        assert names, report
        strings = [(k, v) for k, v in _plain_money(plain) if k in names]
        assert strings and all(isinstance(v, str) and MONEY.match(v) for _, v in strings), strings[:5]
    tb = to_plain(made[0], "RUB")
    assert tb["total_debit"] == tb["total_credit"] and tb["at"] == TODAY.isoformat()
    by_dept = to_plain(made[2], "RUB")
    assert set(by_dept["departments"]["IT"]) == {"income", "expense", "profit"}
    assert all(MONEY.match(v) for d in by_dept["departments"].values() for v in d.values())
    assert to_plain(made[5], "RUB")["rows"][0] == {"sku": "MUG-1", "name": "Product MUG-1", "warehouse": "MAIN",
                                                   "qty": "3", "value": "370.35"}
