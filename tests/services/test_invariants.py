"""``boclerk db check``: passes after real work, and names the invariant that a database
broken behind boclerk's back violates. Also a stateful property test: random acts by
random roles keep every invariant true after every step.

The small helpers at the top are shared by the other stock and ledger test modules.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import inspect, text

from boclerk.errors import BoclerkError, NotPermitted
from boclerk.services.platform.checks import run_checks
from tests.chain_helpers import post_raw

# -- shared helpers ------------------------------------------------------------------------


def set_day(db, day: date) -> None:
    """Make the database's clock read local noon of ``day`` (the business date of new units)."""
    moment = datetime.combine(day, time(12)).astimezone()
    db.clock = lambda: moment


def today(db) -> date:
    return db.clock().astimezone().date()


def snapshot(db) -> dict[str, list[str]]:
    """Every row of every table: to prove that a refused act wrote nothing at all."""
    with db.engine.connect() as conn:
        names = sorted(t for t in inspect(conn).get_table_names() if t != "alembic_version")
        out = {}
        for name in names:
            out[name] = sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{name}"')))
    return out


def refused(db, user: str, error: type[BaseException], match: str, fn, *args, **kwargs) -> BaseException:
    """Run ``fn`` in a write unit as ``user``; it must raise ``error`` and change nothing."""
    before = snapshot(db)
    with pytest.raises(error, match=match) as info, db.write(user) as uow:
        fn(uow, *args, **kwargs)
    after = snapshot(db)
    changed = [t for t in before if before[t] != after.get(t)]
    assert changed == [], f"a refused act changed {changed}"
    return info.value


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


def entry_lines(db, number: str) -> list[tuple[str, str | None, int]]:
    """(account code, department code, signed amount) of a posted entry, in line order."""
    return [tuple(r) for r in sql(
        db,
        "SELECT a.code, d.code, p.amount FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
        "JOIN account a ON a.id = p.account_id LEFT JOIN department d ON d.id = p.department_id "
        "WHERE e.number = :n ORDER BY p.line_no", n=number)]


def entry_count(db) -> int:
    return sql_one(db, "SELECT COUNT(*) FROM journal_entry")


def account_total(db, code: str) -> int:
    return sql_one(db, "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN account a ON a.id = p.account_id "
                       "WHERE a.code = :c", c=code)


def violated(db) -> set[str]:
    return {v.invariant for v in run_checks(db, "admin").violations}


def assert_sound(db) -> None:
    report = run_checks(db, "admin")
    assert report.ok, [(v.invariant, v.detail) for v in report.violations]


def add_goods(db, sku: str, name: str | None = None, **values) -> None:
    from boclerk.services.catalog.products import add_product

    act(db, "admin", add_product, sku, name or f"Product {sku}", **values)


def receive(db, sku: str, qty: int, unit_cost: int, *, warehouse: str | None = None, user: str = "wh"):
    from boclerk.services.stock.book import receive_stock

    return act(db, user, receive_stock, sku, qty, unit_cost, warehouse=warehouse)


# -- db check after real work ------------------------------------------------------------------


def _busy_day(db):
    """A day of the shop: receipts, transfers, adjustments, a count, entries, a reversal."""
    from boclerk.services.catalog import products as catalog
    from boclerk.services.ledger import book as ledger
    from boclerk.services.ledger.book import Line
    from boclerk.services.stock import book as stock
    from boclerk.services.stock import stocktake

    add_goods(db, "MUG-1", "Mug", category="Kitchen", standard_cost=150)
    add_goods(db, "CUP-1", "Cup", category="Kitchen", barcodes=["4600000000017"])
    add_goods(db, "PEN-1", "Pen", kind="consumable")
    act(db, "wh", catalog.add_warehouse, "B", "Back room")
    receive(db, "MUG-1", 10, 200)
    receive(db, "MUG-1", 5, 230)
    receive(db, "CUP-1", 7, 333)
    act(db, "wh", stock.transfer_stock, "MUG-1", 4, from_wh="MAIN", to_wh="B")
    act(db, "wh", stock.adjust_stock, "CUP-1", -2, reason="broken")
    act(db, "wh", stock.adjust_stock, "MUG-1", 1, reason="found", warehouse="B")
    with db.write("admin") as uow:
        p, w = catalog.product(uow, "CUP-1"), catalog.warehouse(uow, "MAIN")
        stock.reserve(uow, p, w, 2, source_kind="order", source_ref="SO-TEST-1", source_line=1)
    info = act(db, "wh", stocktake.open_count, "MAIN")
    act(db, "wh", stocktake.enter_counts, info.number, [("MUG-1", 9), ("4600000000017", 4)])
    act(db, "wh", stocktake.post_count, info.number)
    je = act(db, "acc", ledger.post_manual, entry_date=today(db), memo="Rent",
             lines=[Line("5900", 500000, "MGMT"), Line("1010", -500000)])
    act(db, "acc", ledger.reverse, je.number)
    act(db, "acc", ledger.recharge, from_dept="IT", to_dept="SALES", amount=12345)
    act(db, "acc", ledger.opening_balances, [Line("1010", 1000000), Line("2000", -250000)],
        entry_date=today(db))


def test_check_passes_after_a_busy_day(db):
    _busy_day(db)
    assert_sound(db)
    report = run_checks(db, "acc")
    assert "the inventory account equals the stock valuation" in report.checked
    assert "number series have no gaps" in report.checked


def test_db_check_cli_passes_after_a_busy_day(db, cli):
    _busy_day(db)
    r = cli("db", "check", "--json", user="acc")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["ok"] is True and data["violations"] == []
    for name in ("on hand equals the sum of stock moves", "reserved equals the active reservations",
                 "moving-average cost rows equal the moves", "every journal entry balances",
                 "period balances equal the postings", "postings belong to posted entries"):
        assert name in data["checked"]


# -- breaking the database behind boclerk's back ------------------------------------------


def _drop_guards(conn, dialect: str, table: str) -> None:
    if dialect == "sqlite":
        names = [r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"), {"t": table})]
        for name in names:
            conn.execute(text(f"DROP TRIGGER {name}"))
    else:
        conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))


def _period(day: date) -> int:
    return day.year * 100 + day.month


def _raw_posted_entry(conn, db, lines: list[tuple[str, int]], *, status_posted: bool = True) -> int:
    """An entry written with raw SQL the way boclerk would (number taken from the counter,
    period balances kept), so that only the invariant a test aims at is broken."""
    day = today(db)
    now = db.clock()
    eid = conn.execute(text(
        "INSERT INTO journal_entry (entry_date, memo, status, source_kind, source_ref, created_by, created_at, version) "
        "VALUES (:d, 'raw', 'draft', 'manual', '', 'mallory', :now, 1) RETURNING id"), {"d": day, "now": now}).scalar()
    for i, (code, amount) in enumerate(lines, start=1):
        conn.execute(text(
            "INSERT INTO posting (entry_id, line_no, account_id, amount, entry_date) "
            "VALUES (:e, :i, (SELECT id FROM account WHERE code = :c), :a, :d)"),
            {"e": eid, "i": i, "c": code, "a": amount, "d": day})
        dr, cr = (amount, 0) if amount > 0 else (0, -amount)
        updated = conn.execute(text(
            "UPDATE account_balance SET debit = debit + :dr, credit = credit + :cr "
            "WHERE account_id = (SELECT id FROM account WHERE code = :c) AND dept_key = 0 AND period = :p"),
            {"dr": dr, "cr": cr, "c": code, "p": _period(day)}).rowcount
        if not updated:
            conn.execute(text(
                "INSERT INTO account_balance (account_id, dept_key, period, debit, credit) "
                "VALUES ((SELECT id FROM account WHERE code = :c), 0, :p, :dr, :cr)"),
                {"dr": dr, "cr": cr, "c": code, "p": _period(day)})
    if status_posted:
        conn.execute(text("INSERT INTO number_series (series, year, last) VALUES ('JE', :y, 0) "
                          "ON CONFLICT (series, year) DO NOTHING"), {"y": day.year})
        last = conn.execute(text("UPDATE number_series SET last = last + 1 WHERE series = 'JE' AND year = :y "
                                 "RETURNING last"), {"y": day.year}).scalar()
        post_raw(conn, eid, f"JE-{day.year:04d}-{last:06d}")
    return eid


def _level_off(db, conn):
    conn.execute(text("UPDATE stock_level SET on_hand = on_hand + 1 "
                      "WHERE product_id = (SELECT id FROM product WHERE sku = 'MUG-1')"))


def _reserved_off(db, conn):
    conn.execute(text("UPDATE stock_level SET reserved = reserved + 1 "
                      "WHERE product_id = (SELECT id FROM product WHERE sku = 'MUG-1')"))


def _cost_off(db, conn):
    conn.execute(text("UPDATE product_cost SET value = value + 7 "
                      "WHERE product_id = (SELECT id FROM product WHERE sku = 'MUG-1')"))


def _inventory_off(db, conn):
    # a balanced, numbered, posted entry on the inventory account with no stock move behind it
    _raw_posted_entry(conn, db, [("1200", 999), ("3000", -999)])


def _unbalanced(db, conn):
    _drop_guards(conn, db.dialect, "posting")
    number = conn.execute(text("SELECT number FROM journal_entry WHERE source_kind = 'manual' "
                               "AND status = 'posted' ORDER BY id LIMIT 1")).scalar()
    conn.execute(text("UPDATE posting SET amount = amount + 100 WHERE line_no = 1 AND entry_id = "
                      "(SELECT id FROM journal_entry WHERE number = :n)"), {"n": number})
    # keep the period balances in step, so that only the entry (and the sum) is off
    conn.execute(text(
        "UPDATE account_balance SET debit = debit + 100 WHERE dept_key = 0 AND account_id = "
        "(SELECT account_id FROM posting WHERE line_no = 1 AND entry_id = "
        " (SELECT id FROM journal_entry WHERE number = :n))"), {"n": number})


def _posting_in_draft(db, conn):
    _raw_posted_entry(conn, db, [("5900", 4200), ("1010", -4200)], status_posted=False)


def _period_off(db, conn):
    conn.execute(text("UPDATE account_balance SET debit = debit + 5, credit = credit + 5 "
                      "WHERE account_id = (SELECT id FROM account WHERE code = '1010') AND dept_key = 0"))


def _number_gap(db, conn):
    conn.execute(text("UPDATE number_series SET last = last + 1 WHERE series = 'JE'"))


def _je_renumbered(db, conn):
    _drop_guards(conn, db.dialect, "journal_entry")
    conn.execute(text("UPDATE journal_entry SET number = REPLACE(number, '-000001', '-000099') "
                      "WHERE number LIKE 'JE-%-000001'"))


#: What dropping the journal's guards and changing a posted entry also breaks.
TAMPERED_JOURNAL = {"every guard trigger is in place", "the journal's hash chain is unbroken"}

BREAKAGES = [
    (_level_off, "on hand equals the sum of stock moves", set()),
    (_reserved_off, "reserved equals the active reservations", set()),
    (_cost_off, "moving-average cost rows equal the moves", set()),
    (_inventory_off, "the inventory account equals the stock valuation", set()),
    (_unbalanced, "every journal entry balances", {"the trial balance sums to zero", *TAMPERED_JOURNAL}),
    (_posting_in_draft, "postings belong to posted entries", set()),
    (_period_off, "period balances equal the postings", set()),
    (_number_gap, "number series have no gaps", set()),
    (_je_renumbered, "number series have no gaps", TAMPERED_JOURNAL),
]


def _small_books(db):
    from boclerk.services.ledger import book as ledger
    from boclerk.services.ledger.book import Line

    add_goods(db, "MUG-1", "Mug")
    receive(db, "MUG-1", 10, 200)
    receive(db, "MUG-1", 5, 230)
    act(db, "acc", ledger.post_manual, entry_date=today(db), memo="Rent",
        lines=[Line("5900", 300000), Line("1010", -300000)])
    act(db, "acc", ledger.post_manual, entry_date=today(db), memo="Fees",
        lines=[Line("5400", 1500, "ACCT"), Line("1010", -1500)])


@pytest.mark.parametrize(("breakage", "invariant", "also"), BREAKAGES, ids=[b[0].__name__.strip("_") for b in BREAKAGES])
def test_db_check_names_the_broken_invariant(db, cli, breakage, invariant, also):
    _small_books(db)
    assert_sound(db)
    with db.engine.begin() as conn:
        breakage(db, conn)
    assert violated(db) == {invariant} | also
    r = cli("db", "check")
    assert r.exit_code == 1
    assert f"FAIL  {invariant}" in r.stdout
    failing = {line[6:] for line in r.stdout.splitlines() if line.startswith("FAIL  ")}
    assert failing == {invariant} | also
    assert "violation(s) found" in r.stderr
    r = cli("db", "check", "--json", user="acc")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["ok"] is False and {v["invariant"] for v in data["violations"]} == {invariant} | also


def test_check_details_say_what_is_off(db):
    _small_books(db)
    with db.engine.begin() as conn:
        _level_off(db, conn)
        _cost_off(db, conn)
    details = {v.invariant: v.detail for v in run_checks(db, "admin").violations}
    assert details["on hand equals the sum of stock moves"] == "MUG-1 in MAIN: on hand 16, moves add up to 15"
    assert details["moving-average cost rows equal the moves"] == (
        "MUG-1: cost row 15 units worth 3157, moves add up to 15 units worth 3150")


def test_only_allowed_roles_check(db):
    for who in ("clerk", "wh", "viewer"):
        with pytest.raises(NotPermitted, match="may not check the database"):
            run_checks(db, who)
    assert run_checks(db, "acc").ok


# -- stateful property test -------------------------------------------------------------------

ROLES = ["admin", "acc", "clerk", "wh", "viewer"]
SKUS = ["P-1", "P-2", "P-3"]


def test_random_acts_by_random_roles_keep_every_invariant(db):
    """Receipts, transfers, adjustments, counts, manual entries, reversals, recharges and lock
    date moves in random order by random users; every invariant holds after each step, every
    refusal changes nothing, and a role never does what the matrix forbids."""
    from hypothesis import HealthCheck, settings
    from hypothesis import strategies as st
    from hypothesis.stateful import (
        RuleBasedStateMachine,
        initialize,
        invariant,
        rule,
        run_state_machine_as_test,
    )

    from boclerk.domain.permissions import Perm, allowed
    from boclerk.domain.users import Role
    from boclerk.services.catalog import products as catalog
    from boclerk.services.ledger import book as ledger
    from boclerk.services.ledger import reports
    from boclerk.services.ledger.book import Line
    from boclerk.services.stock import book as stock
    from boclerk.services.stock import stocktake

    role_of = {"admin": Role.ADMIN, "acc": Role.ACCOUNTANT, "clerk": Role.CLERK, "wh": Role.WAREHOUSE,
               "viewer": Role.VIEWER}
    outcomes = {True: 0, False: 0}
    base_day = today(db)
    for sku in [*SKUS, "P-COUNTED"]:
        add_goods(db, sku, standard_cost=100)
    act(db, "admin", catalog.add_warehouse, "B", "Back room")

    class Books(RuleBasedStateMachine):
        @initialize()
        def start(self):
            set_day(db, base_day)
            act(db, "admin", ledger.set_lock_date, None, reopen=True)
            # every example starts with a count whose difference posts an entry (one unit of a
            # product the rules never touch, received at a cost, counted as none), so the
            # invariants are checked after one whatever is drawn
            act(db, "wh", stock.receive_stock, "P-COUNTED", 1, 100, warehouse="MAIN")
            counted = act(db, "wh", stocktake.open_count, "MAIN")
            act(db, "wh", stocktake.enter_counts, counted.number, [("P-COUNTED", 0)])
            act(db, "wh", stocktake.post_count, counted.number)

        def attempt(self, user, perm, fn, *args, **kwargs):
            before = snapshot(db)
            last_id = sql_one(db, "SELECT COALESCE(MAX(id), 0) FROM journal_entry")
            try:
                with db.write(user) as uow:
                    fn(uow, *args, **kwargs)
            except BoclerkError as exc:
                assert snapshot(db) == before, f"refusal {exc} changed the database"
                if not allowed(role_of[user], perm):
                    assert isinstance(exc, NotPermitted)
                outcomes[False] += 1
                return False
            assert allowed(role_of[user], perm), f"{user} was allowed to {perm}"
            lock = sql_one(db, "SELECT lock_date FROM company")
            if lock is not None:  # nothing this act posted is dated on or before the lock date
                assert sql(db, "SELECT number, entry_date FROM journal_entry WHERE id > :i AND entry_date <= :d",
                           i=last_id, d=date.fromisoformat(str(lock))) == []
            outcomes[True] += 1
            return True

        @rule(user=st.sampled_from(ROLES), sku=st.sampled_from(SKUS), qty=st.integers(1, 20),
              cost=st.integers(0, 999), wh=st.sampled_from(["MAIN", "B"]))
        def receipt(self, user, sku, qty, cost, wh):
            self.attempt(user, Perm.STOCK_MOVE, stock.receive_stock, sku, qty, cost, warehouse=wh)

        @rule(user=st.sampled_from(ROLES), sku=st.sampled_from(SKUS), qty=st.integers(1, 10),
              there=st.booleans())
        def transfer(self, user, sku, qty, there):
            src, dst = ("MAIN", "B") if there else ("B", "MAIN")
            self.attempt(user, Perm.STOCK_MOVE, stock.transfer_stock, sku, qty, from_wh=src, to_wh=dst)

        @rule(user=st.sampled_from(ROLES), sku=st.sampled_from(SKUS),
              delta=st.integers(-8, 8).filter(bool), write_off=st.booleans())
        def adjust(self, user, sku, delta, write_off):
            self.attempt(user, Perm.STOCK_MOVE, stock.adjust_stock, sku, -abs(delta) if write_off else delta,
                         reason="random", write_off=write_off)

        @rule(user=st.sampled_from(ROLES), sku=st.sampled_from(SKUS), qty=st.integers(1, 5),
              line=st.integers(1, 3))
        def reserve(self, user, sku, qty, line):
            def do(uow):
                uow.require(Perm.ORDER_MANAGE)
                stock.reserve(uow, catalog.product(uow, sku), catalog.warehouse(uow, "MAIN"), qty,
                              source_kind="order", source_ref="SO-PROP", source_line=line)
            self.attempt(user, Perm.ORDER_MANAGE, do)

        @rule(user=st.sampled_from(ROLES), line=st.integers(1, 3))
        def release(self, user, line):
            def do(uow):
                uow.require(Perm.ORDER_MANAGE)
                stock.release(uow, "SO-PROP", line)
            self.attempt(user, Perm.ORDER_MANAGE, do)

        @rule(user=st.sampled_from(ROLES), counts=st.lists(
            st.tuples(st.sampled_from(SKUS), st.integers(0, 30)), min_size=1, max_size=3),
            wh=st.sampled_from(["MAIN", "B"]), post=st.booleans())
        def count(self, user, counts, wh, post):
            def do(uow):
                info = stocktake.open_count(uow, wh)
                stocktake.enter_counts(uow, info.number, counts)
                if post:
                    stocktake.post_count(uow, info.number)
                else:
                    stocktake.cancel_count(uow, info.number)
            self.attempt(user, Perm.STOCK_COUNT, do)

        @rule(user=st.sampled_from(ROLES), amount=st.integers(1, 10**9), back=st.integers(0, 40),
              dept=st.sampled_from([None, "SALES", "IT"]))
        def manual_entry(self, user, amount, back, dept):
            self.attempt(user, Perm.LEDGER_POST, ledger.post_manual, entry_date=base_day - timedelta(days=back),
                         memo="random", lines=[Line("5900", amount, dept), Line("1010", -amount)])

        @rule(user=st.sampled_from(ROLES), pick=st.integers(0, 50), back=st.integers(0, 5))
        def reversal(self, user, pick, back):
            numbers = [r[0] for r in sql(db, "SELECT number FROM journal_entry WHERE status = 'posted' "
                                             "ORDER BY id")]
            if numbers:
                self.attempt(user, Perm.LEDGER_POST, ledger.reverse, numbers[pick % len(numbers)],
                             entry_date=base_day - timedelta(days=back))

        @rule(user=st.sampled_from(ROLES), amount=st.integers(1, 10**7),
              account=st.sampled_from(["5800", "4000", "1010"]))
        def recharge(self, user, amount, account):
            self.attempt(user, Perm.LEDGER_POST, ledger.recharge, from_dept="IT", to_dept="MKT", amount=amount,
                         account_key=account)

        @rule(user=st.sampled_from(ROLES), back=st.one_of(st.none(), st.integers(-1, 40)))
        def lock(self, user, back):
            self.attempt(user, Perm.LEDGER_LOCK, ledger.set_lock_date,
                         None if back is None else base_day - timedelta(days=back), reopen=True)

        @invariant()
        def books_are_sound(self):
            assert_sound(db)
            assert read(db, "viewer", reports.stock_valuation).agrees

    # CI replays the same examples (the coverage checks below must not fail by the luck of the draw);
    # a run at a desk draws new ones
    run_state_machine_as_test(Books, settings=settings(max_examples=12, stateful_step_count=25, deadline=None,
                                                       suppress_health_check=list(HealthCheck),
                                                       derandomize=bool(os.environ.get("CI"))))
    assert outcomes[True] > 20 and outcomes[False] > 20, outcomes
    assert sql_one(db, "SELECT COUNT(*) FROM stock_move") > 0
    assert sql_one(db, "SELECT COUNT(*) FROM journal_entry WHERE source_kind = 'count'") > 0


def test_the_highest_number_of_a_series_is_counted_not_sorted_as_text(db):
    """Past 999999 the counter outgrows its six zero-padded digits: SO-2026-1000000 sorts below
    SO-2026-999999 as text, and db check must still see it as the highest."""
    from boclerk.services.platform.checks import highest_number

    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE series_probe (number VARCHAR(32))"))
        for n in ("SO-2026-000001", "SO-2026-999999", "SO-2026-1000000", "SO-2026-1000001", "SO-2025-9999999"):
            conn.execute(text("INSERT INTO series_probe (number) VALUES (:n)"), {"n": n})
    try:
        with db.read("acc") as uow:
            assert highest_number(uow, "series_probe", "number", "SO-2026-") == (4, "SO-2026-1000001")
            assert highest_number(uow, "series_probe", "number", "PO-2026-") == (0, None)
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE series_probe"))
