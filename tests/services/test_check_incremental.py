"""``db check`` after a clean check looks at what changed since (its mark); ``--full`` at
everything.

A defect made after a clean check, in what the later work touched, is found by the next
check since the mark; a defect in what the mark covers and nothing touched since is left to
``--full`` by design, and ``--full`` finds it. A mark the books no longer continue (the chain
link it names changed) is not trusted: the check is a full one.
"""

from __future__ import annotations

from datetime import timedelta

from boclerk.services.platform.checks import run_checks
from boclerk.services.platform.incremental import FULL_ONLY, read_mark
from tests.services.trade_helpers import act, confirmed, execute, set_day, shop, sql, today


def _ship(db, *lines) -> str:
    from boclerk.services.sales.shipping import ship_order

    number = confirmed(db, "ANNA", *lines)
    act(db, "wh", ship_order, number)
    return number


def _mark(db):
    with db.read("admin") as uow:
        return read_mark(uow)


def _found(report) -> set[str]:
    return {v.invariant for v in report.violations}


def test_a_clean_check_leaves_a_mark_and_the_next_checks_what_came_after(db):
    shop(db)
    first_day = today(db)
    _ship(db, ("MUG", 2))
    assert run_checks(db, "admin").ok and _mark(db) is None  # a check that keeps no mark
    full = run_checks(db, "admin", full=True, keep_mark=True)
    assert full.ok and full.since is None
    mark = _mark(db)
    assert mark is not None and mark.posting_id > 0 and mark.move_id > 0 and mark.audit_seq > 0

    set_day(db, first_day + timedelta(days=1))
    _ship(db, ("LAMP", 1))
    later = run_checks(db, "admin", full=False, keep_mark=True)
    assert later.ok and later.since == mark.checked_at
    assert later.left == list(FULL_ONLY) and not set(FULL_ONLY) & set(later.checked)
    assert _mark(db).posting_id > mark.posting_id

    # a defect in what the new work touched: the next day's summaries drift from the books
    day = today(db)
    set_day(db, day + timedelta(days=1))
    _ship(db, ("MUG", 1))
    shipped_on = today(db)
    execute(db, "UPDATE sales_day SET net = net + 1 WHERE shipped_on = :d", d=shipped_on)
    execute(db, "UPDATE stock_value_day SET value = value + 7 WHERE move_date = :d", d=shipped_on)
    before = _mark(db)
    report = run_checks(db, "admin", full=False, keep_mark=True)
    assert report.since is not None  # a check since the mark ...
    assert {"the sales summary equals the orders",
            "the stock value summary equals the moves; every summary's trigger is in place"} <= _found(report)
    assert _mark(db) == before  # ... that found damage leaves the mark where it was
    assert run_checks(db, "admin", full=False).violations  # and the next one finds it again


def test_full_finds_what_a_check_since_the_mark_leaves_alone(db):
    shop(db)
    old_day = today(db)
    _ship(db, ("MUG", 2))
    assert run_checks(db, "admin", full=True, keep_mark=True).ok
    set_day(db, old_day + timedelta(days=3))
    _ship(db, ("LAMP", 1))
    # an old day's sales summary changed behind boclerk's back: nothing after the mark touches it
    execute(db, "UPDATE sales_day SET gross = gross + 100 WHERE shipped_on = :d", d=old_day)
    since = run_checks(db, "admin", full=False)
    assert since.since is not None and since.ok  # by design: the mark covers that day
    full = run_checks(db, "admin", full=True)
    assert full.since is None and "the sales summary equals the orders" in _found(full)


def test_a_mark_the_books_do_not_continue_is_not_trusted(db):
    shop(db)
    _ship(db, ("MUG", 1))
    assert run_checks(db, "admin", full=True, keep_mark=True).ok
    execute(db, "UPDATE check_mark SET audit_hash = :h", h="0" * 64)  # as after restoring another database
    report = run_checks(db, "admin", full=False, keep_mark=True)
    assert report.ok and report.since is None and "foreign keys" in report.checked
    assert sql(db, "SELECT audit_hash FROM check_mark")[0][0] != "0" * 64  # the full check's own mark


def test_the_command_says_which_check_it_ran(cli):
    import json

    first = json.loads(cli("db", "check", "--json").stdout)
    assert first["ok"] and first["full"] and first["since"] is None and "foreign keys" in first["checked"]
    r = cli("db", "check")
    assert r.exit_code == 0 and "FAIL" not in r.stdout
    assert r.stderr.startswith("Checked what changed since the check of ") and "db check --full" in r.stderr
    assert "foreign keys" not in r.stdout
    again = json.loads(cli("db", "check", "--full", "--json").stdout)
    assert again["ok"] and again["full"] and again["checked"] == first["checked"]


RECEIVABLES = "receivables and advances booked by orders equal their balances"


def test_an_orders_money_is_checked_when_it_changed_since_the_mark(db):
    from boclerk.services.sales.orders import pay_order

    shop(db)
    old = confirmed(db, "ANNA", ("MUG", 1))
    kept = confirmed(db, "BORIS", ("LAMP", 1))
    assert run_checks(db, "admin", full=True, keep_mark=True).ok
    act(db, "acc", pay_order, kept, 1000, method="bank", reference="PP-1")  # an act after the mark
    assert run_checks(db, "admin", full=False).ok  # a payment: booked as paid, both sides move

    # the order paid after the mark says it was paid more than its payments and its entries say
    execute(db, "UPDATE sales_order SET paid = paid + 500 WHERE number = :n", n=kept)
    report = run_checks(db, "admin", full=False)
    assert report.since is not None and RECEIVABLES in _found(report)
    said = [v.detail for v in report.violations if v.invariant == RECEIVABLES]
    assert all(kept in d for d in said) and any("payments add up to" in d for d in said)
    assert any("accounts receivable" in d or "customer advances" in d for d in said)
    execute(db, "UPDATE sales_order SET paid = paid - 500 WHERE number = :n", n=kept)
    assert run_checks(db, "admin", full=False).ok

    # an order no act touched since the mark: left to --full, as every record the mark covers
    execute(db, "UPDATE sales_order SET paid = paid + 300 WHERE number = :n", n=old)
    assert run_checks(db, "admin", full=False).ok
    full = run_checks(db, "admin", full=True)
    assert RECEIVABLES in _found(full)

