"""Tampering as someone with the database file (or a PostgreSQL login) would try it.

The guards refuse what the database can refuse by itself: SQLite's INSERT OR REPLACE over
an immutable row, PostgreSQL's TRUNCATE, any change to a period balance but growth with
its postings, chain heads moving back. What gets past them (triggers dropped or disabled
first) breaks a hash chain, and ``db check`` names the first broken link and the missing
guard.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.platform.checks import run_checks
from tests.services.test_invariants import act, add_goods, receive, today


@pytest.fixture
def books(db):
    add_goods(db, "MUG-1", "Mug")
    receive(db, "MUG-1", 10, 200)
    act(db, "acc", ledger.post_manual, entry_date=today(db), memo="Rent",
        lines=[Line("5900", 300000), Line("1010", -300000)])
    act(db, "acc", ledger.post_manual, entry_date=today(db), memo="Fees",
        lines=[Line("5400", 1500, "ACCT"), Line("1010", -1500)])
    assert run_checks(db, "admin").ok
    return db


def raw(db, *statements: str, **params) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), params)


def refused(db, message: str, *statements: str, **params) -> None:
    with pytest.raises(DBAPIError, match=message):
        raw(db, *statements, **params)


def failures(db) -> dict[str, str]:
    return {v.invariant: v.detail for v in run_checks(db, "admin").violations}


def without_guard(db, table: str, trigger: str) -> str:
    """The statement that takes one guard away, as the tamperer would."""
    if db.dialect == "sqlite":
        return f"DROP TRIGGER {trigger}"
    return f"ALTER TABLE {table} DISABLE TRIGGER {trigger}"


def test_a_fresh_database_has_every_guard_and_both_chains(books):
    report = run_checks(books, "admin")
    assert {"every guard trigger is in place", "the audit trail's hash chain is unbroken",
            "the journal's hash chain is unbroken"} <= set(report.checked)
    assert report.ok


def _over(db, table: str, columns: str, select: str) -> str:
    """Insert-over: SQLite's INSERT OR REPLACE, PostgreSQL's INSERT ... ON CONFLICT DO UPDATE."""
    if db.dialect == "sqlite":
        return f"INSERT OR REPLACE INTO {table} ({columns}) {select}"
    key = "name" if table == "chain_head" else ("account_id, dept_key, period" if table == "account_balance" else "id")
    first = [c.strip() for c in columns.split(",") if c.strip() not in key.split(", ")][0]
    return f"INSERT INTO {table} ({columns}) {select} ON CONFLICT ({key}) DO UPDATE SET {first} = EXCLUDED.{first}"


def test_insert_over_an_immutable_row_is_refused(books):
    moves = "id, moved_at, move_date, product_id, warehouse_id, qty, value, kind, reason, source_kind, source_ref, actor"
    refused(books, "stock moves are immutable", _over(
        books, "stock_move", moves, f"SELECT {moves.replace('qty,', 'qty + 1,')} FROM stock_move "
                                   "WHERE id = (SELECT MIN(id) FROM stock_move)"))
    events = "id, at, actor, action, entity, entity_id, before, after, seq, prev_hash, hash"
    refused(books, "audit events are immutable", _over(
        books, "audit_event", events, f"SELECT {events.replace('actor,', chr(39) + 'root' + chr(39) + ',', 1)} "
                                      "FROM audit_event WHERE id = 1"))
    if books.dialect == "sqlite":  # a new id, but the place of an existing event in the chain
        refused(books, "audit events are immutable",
                "INSERT OR REPLACE INTO audit_event (id, at, actor, action, entity, entity_id, seq, prev_hash, hash) "
                "SELECT 99999, at, 'root', action, entity, entity_id, seq, prev_hash, hash FROM audit_event WHERE id = 1")
    postings = "id, entry_id, line_no, account_id, amount, entry_date"
    refused(books, "postings are (immutable|added only while their entry is being posted)", _over(
        books, "posting", postings, f"SELECT {postings.replace('amount,', 'amount * 2,')} FROM posting "
                                    "WHERE id = (SELECT MIN(id) FROM posting)"))
    entries = "id, entry_date, memo, status, source_kind, source_ref, created_by, created_at, version"
    forged = entries.replace("memo, status", "'forged', 'draft'")  # a draft: the only kind that may be inserted
    refused(books, "posted journal entries are immutable", _over(
        books, "journal_entry", entries, f"SELECT {forged} FROM journal_entry WHERE number = 'JE-2026-000002'"))
    balances = "account_id, dept_key, period, debit, credit"
    refused(books, "period balances come only from postings", _over(
        books, "account_balance", balances, "SELECT account_id, dept_key, period, debit - 100, credit "
                                            "FROM account_balance WHERE debit > 100"))
    refused(books, "hash chains only grow", _over(books, "chain_head", "name, seq, hash",
                                                  "SELECT 'audit', 0, 'x'"))
    assert run_checks(books, "admin").ok


def test_emptying_an_immutable_table_is_refused(books):
    """PostgreSQL's TRUNCATE has statement triggers of its own; SQLite's way, DELETE without WHERE, has the row's."""
    empty = "TRUNCATE {}" if books.dialect == "postgresql" else "DELETE FROM {}"
    for table, message in (("audit_event", "audit events are immutable"), ("stock_move", "stock moves are immutable"),
                           ("posting", "postings are immutable"),
                           ("account_balance", "period balances come only from postings"),
                           ("chain_head", "hash chains only grow")):
        refused(books, message, empty.format(table))
    refused(books, "immutable", "TRUNCATE journal_entry CASCADE" if books.dialect == "postgresql"
            else "DELETE FROM journal_entry")
    assert run_checks(books, "admin").ok


def test_period_balances_are_guarded_and_checked(books):
    refused(books, "period balances come only from postings", "DELETE FROM account_balance")
    refused(books, "period balances come only from postings", "UPDATE account_balance SET debit = debit - 1")
    refused(books, "period balances come only from postings", "UPDATE account_balance SET period = period + 1")
    refused(books, "period balances come only from postings",
            "INSERT INTO account_balance (account_id, dept_key, period, debit, credit) "
            "VALUES ((SELECT id FROM account WHERE code = '5300'), 0, 202601, 5000, 0)")
    raw(books, "UPDATE account_balance SET debit = debit + 7, credit = credit + 7 "
               "WHERE account_id = (SELECT id FROM account WHERE code = '1010')")  # growth is allowed ... and checked
    assert set(failures(books)) == {"period balances equal the postings"}


def test_chain_heads_only_move_forward(books):
    refused(books, "hash chains only grow", "UPDATE chain_head SET seq = seq - 1 WHERE name = 'audit'")
    refused(books, "hash chains only grow", "DELETE FROM chain_head")


def test_a_forged_audit_event_is_named(books):
    insert = ("INSERT INTO audit_event (at, actor, action, entity, entity_id, after) VALUES "
              "(:at, 'root', 'user.add', 'user', 'mallory', '{\"role\": \"admin\"}')")
    refused(books, "audit events are chained", insert, at=books.clock())
    raw(books, without_guard(books, "audit_event", "trg_audit_event_chained"), insert, at=books.clock())
    found = failures(books)
    assert found.keys() == {"every guard trigger is in place", "the audit trail's hash chain is unbroken"}
    assert found["every guard trigger is in place"].startswith("the guard trigger trg_audit_event_chained is")
    assert "is outside the audit chain (written behind boclerk's back)" in found["the audit trail's hash chain is unbroken"]


def test_a_forged_link_is_named(books):
    """A forger who copies a real event's link onto a changed event is caught by the hash."""
    last = "(SELECT MAX(id) FROM audit_event)"
    guard = "trg_audit_event_no_update" if books.dialect == "sqlite" else "trg_audit_event_immutable"
    raw(books, without_guard(books, "audit_event", guard),
        f"UPDATE audit_event SET actor = 'root' WHERE id = {last}")
    found = failures(books)
    assert found["the audit trail's hash chain is unbroken"].endswith("the event was changed after it was written")
    assert "audit event #" in found["the audit trail's hash chain is unbroken"]


def test_removed_audit_events_are_named(books, location):
    guard = "trg_audit_event_no_delete" if books.dialect == "sqlite" else "trg_audit_event_immutable"
    with books.engine.begin() as conn:
        first_id, second = conn.execute(text("SELECT id, seq FROM audit_event WHERE seq = 2")).one()
    raw(books, without_guard(books, "audit_event", guard), "DELETE FROM audit_event WHERE seq = 2")
    found = failures(books)
    assert found["the audit trail's hash chain is unbroken"] == (
        "the audit chain breaks before audit event #"
        f"{first_id + 1} (link 3): link 2 is missing (an event was removed)")


def test_removing_the_newest_events_and_putting_the_guard_back_is_still_seen(books):
    remove = "DELETE FROM audit_event WHERE seq > (SELECT seq - 3 FROM chain_head WHERE name = 'audit')"
    if books.dialect == "sqlite":
        raw(books, "DROP TRIGGER trg_audit_event_no_delete", remove,
            "CREATE TRIGGER trg_audit_event_no_delete BEFORE DELETE ON audit_event\n"
            "       BEGIN SELECT RAISE(ABORT, 'audit events are immutable'); END")
    else:
        raw(books, "ALTER TABLE audit_event DISABLE TRIGGER trg_audit_event_immutable", remove,
            "ALTER TABLE audit_event ENABLE TRIGGER trg_audit_event_immutable")
    found = failures(books)
    assert list(found) == ["the audit trail's hash chain is unbroken"]
    assert found["the audit trail's hash chain is unbroken"].endswith("the newest events were removed")


def test_a_posted_entry_changed_behind_the_guards_is_named(books):
    guard = "trg_journal_entry_immutable" if books.dialect == "sqlite" else "trg_journal_entry_guard"
    raw(books, without_guard(books, "journal_entry", guard),
        "UPDATE journal_entry SET memo = 'Office party' WHERE number = 'JE-2026-000002'")
    found = failures(books)
    assert found["the journal's hash chain is unbroken"] == (
        "the journal chain breaks at JE-2026-000002 (link 2): the entry or its postings changed after it was posted")
    assert found["every guard trigger is in place"] == (
        f"the guard trigger {guard} is {'missing' if books.dialect == 'sqlite' else 'disabled'}")


def test_a_posting_changed_behind_the_guards_is_named(books):
    guard = "trg_posting_no_update" if books.dialect == "sqlite" else "trg_posting_guard"
    raw(books, without_guard(books, "posting", guard),
        "UPDATE posting SET department_id = NULL WHERE department_id IS NOT NULL")
    found = failures(books)
    assert found["the journal's hash chain is unbroken"].startswith("the journal chain breaks at JE-2026-000003")


def test_a_rewritten_guard_is_named(books):
    if books.dialect == "sqlite":
        raw(books, "DROP TRIGGER trg_stock_move_no_delete",
            "CREATE TRIGGER trg_stock_move_no_delete BEFORE DELETE ON stock_move WHEN 0 "
            "BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END")
        expected = "the guard trigger trg_stock_move_no_delete was altered"
    else:
        raw(books, "CREATE OR REPLACE FUNCTION boclerk_posting_guard() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RETURN NEW; END $$")
        expected = "the guard function boclerk_posting_guard was altered"
    assert failures(books) == {"every guard trigger is in place": expected}
