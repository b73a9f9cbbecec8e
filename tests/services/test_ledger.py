"""The money book: manual entries and drafts, reversals, the lock date, recharges between
departments, opening balances, accounts and departments, and the database triggers that
keep posted entries, postings and stock moves immutable on every backend."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from boclerk.errors import InvalidInput, NotFound, NotPermitted, Refused
from boclerk.services.ledger import reports
from boclerk.services.ledger.book import (
    Line,
    add_account,
    add_department,
    create_draft,
    delete_draft,
    opening_balances,
    post_draft,
    post_manual,
    recharge,
    reverse,
    set_lock_date,
)
from boclerk.services.ledger.queries import (
    entry_detail,
    list_accounts,
    list_departments,
    list_drafts,
    list_entries,
)
from boclerk.services.platform import audit
from boclerk.services.stock import book as stock
from boclerk.services.stock import stocktake
from tests.chain_helpers import post_raw
from tests.services.test_invariants import (
    act,
    add_goods,
    assert_sound,
    entry_count,
    entry_lines,
    read,
    receive,
    refused,
    set_day,
    snapshot,
    sql,
    sql_one,
)

DAY = date(2026, 6, 15)


@pytest.fixture
def books(db):
    set_day(db, DAY)
    return db


def rent(amount=500000, day=DAY, dept="MGMT"):
    return dict(entry_date=day, memo="Rent", lines=[Line("5900", amount, dept), Line("1010", -amount)])


def balances(db, code):
    return sql(db, "SELECT b.dept_key, b.period, b.debit, b.credit FROM account_balance b "
                   "JOIN account a ON a.id = b.account_id WHERE a.code = :c ORDER BY b.dept_key, b.period", c=code)


# -- manual entries and drafts ---------------------------------------------------------------


def test_manual_entry_posts_at_once_with_a_gapless_number(books):
    db = books
    je = act(db, "acc", post_manual, **rent())
    assert je.number == "JE-2026-000001"
    assert entry_lines(db, je.number) == [("5900", "MGMT", 500000), ("1010", None, -500000)]
    refused(db, "acc", Refused, r"does not balance", post_manual, entry_date=DAY, memo="x",
            lines=[Line("5900", 100), Line("1010", -99)])
    assert act(db, "admin", post_manual, **rent(100, DAY - timedelta(days=40), None)).number == "JE-2026-000002"
    assert act(db, "acc", post_manual, **rent(100, date(2025, 12, 31))).number == "JE-2025-000001"
    mgmt = sql_one(db, "SELECT id FROM department WHERE code = 'MGMT'")
    assert balances(db, "5900") == [(0, 202605, 100, 0), (mgmt, 202512, 100, 0), (mgmt, 202606, 500000, 0)]
    assert balances(db, "1010") == [(0, 202512, 0, 100), (0, 202605, 0, 100), (0, 202606, 0, 500000)]
    detail = read(db, "viewer", entry_detail, "je-2026-000001")
    assert (detail.status, detail.memo, detail.source_kind, detail.created_by, detail.posted_by, detail.total) == (
        "posted", "Rent", "manual", "acc", "acc", 500000)
    assert [(ln.account, ln.department, ln.debit, ln.credit) for ln in detail.lines] == [
        ("5900", "MGMT", 500000, 0), ("1010", None, 0, 500000)]
    events = read(db, "admin", audit.list_events, entity="entry", entity_id="JE-2026-000001")
    assert [(e.action, e.actor) for e in events] == [("entry.post", "acc")]
    assert events[0].after["amount"] == "5000.00"
    rows = read(db, "viewer", list_entries)
    assert [(r.number, r.amount) for r in rows] == [("JE-2025-000001", 100), ("JE-2026-000002", 100),
                                                    ("JE-2026-000001", 500000)]
    assert all(type(r.amount) is int for r in rows)  # never a Decimal (SUM on PostgreSQL)
    assert [r.number for r in read(db, "viewer", list_entries, start=DAY)] == ["JE-2026-000001"]
    assert [r.number for r in read(db, "viewer", list_entries, end=date(2025, 12, 31))] == ["JE-2025-000001"]
    assert [r.number for r in read(db, "viewer", list_entries, limit=1, before_id=rows[0].id)] == ["JE-2026-000002"]
    assert_sound(db)


@pytest.mark.parametrize(("lines", "error", "message"), [
    ([Line("5900", 1000), Line("1010", -900)], Refused, r"^The entry does not balance: debits exceed credits by 1,00\.$"),
    ([Line("5900", 1000), Line("1010", -1234)], Refused, r"^The entry does not balance: credits exceed debits by 2,34\.$"),
    ([Line("5900", 1000)], InvalidInput, r"^A journal entry needs at least two lines\.$"),
    ([], InvalidInput, r"^A journal entry needs at least two lines\.$"),
    ([Line("5900", 1000), Line("1010", -1000), Line("5400", 0)], InvalidInput,
     r"^Every line of a journal entry needs a non-zero amount\.$"),
    ([Line("1200", 1000), Line("1010", -1000)], Refused,
     r"^The account 1200 Inventory moves only with the stock book; use a stock adjustment or a stocktake instead\.$"),
    ([Line("inventory", 1000), Line("1010", -1000)], Refused, r"moves only with the stock book"),
    ([Line("9999", 1000), Line("1010", -1000)], NotFound, r"^There is no account 9999\.$"),
    ([Line("5900", 1000, "NOPE"), Line("1010", -1000)], NotFound, r"^There is no department NOPE\.$"),
])
def test_bad_manual_entries(books, lines, error, message):
    refused(books, "acc", error, message, post_manual, entry_date=DAY, memo="bad", lines=lines)


def test_drafts_may_be_unbalanced_until_posted(books):
    db = books
    draft_id = act(db, "acc", create_draft, entry_date=DAY, memo="Accrual",
                   lines=[Line("5900", 1000, "IT"), Line("2000", -900)])
    assert entry_count(db) == 1 and sql_one(db, "SELECT COUNT(*) FROM posting") == 0
    (row,) = read(db, "viewer", list_drafts)
    assert (row.id, row.number, row.status, row.memo, row.amount) == (draft_id, None, "draft", "Accrual", 1000)
    assert type(row.amount) is int
    detail = read(db, "viewer", entry_detail, f"#{draft_id}")
    assert detail.status == "draft" and [ln.account for ln in detail.lines] == ["5900", "2000"]
    refused(db, "acc", Refused, r"^The entry does not balance: debits exceed credits by 1,00\.$", post_draft, draft_id)
    # the accountant throws it away and writes it again, balanced
    act(db, "acc", delete_draft, draft_id)
    assert read(db, "viewer", list_drafts) == [] and entry_count(db) == 0
    refused(db, "acc", NotFound, rf"^There is no draft entry #{draft_id}\.$", post_draft, draft_id)
    other = act(db, "acc", create_draft, entry_date=DAY, memo="Accrual", lines=[Line("5900", 1000, "IT"),
                                                                                Line("2000", -1000)])
    posted = act(db, "admin", post_draft, other)
    assert posted.number == "JE-2026-000001" and posted.id == other
    assert entry_lines(db, posted.number) == [("5900", "IT", 1000), ("2000", None, -1000)]
    assert sql_one(db, "SELECT COUNT(*) FROM draft_line") == 0
    detail = read(db, "viewer", entry_detail, posted.number)
    assert (detail.created_by, detail.posted_by) == ("acc", "admin")
    posted = rf"^Cannot post draft entry #{other}: it is already posted\. Possible when the draft entry is a draft\.$"
    refused(db, "acc", Refused, posted, post_draft, other)
    refused(db, "acc", Refused, posted.replace("post", "delete", 1), delete_draft, other)
    events = read(db, "admin", audit.list_events, entity="entry")
    assert [e.action for e in events] == ["entry.post", "entry.draft", "entry.delete_draft", "entry.draft"]
    assert_sound(db)


def test_drafts_take_numbers_in_posting_order(books):
    db = books
    a = act(db, "acc", create_draft, **rent(100))
    b = act(db, "acc", create_draft, **rent(200))
    assert act(db, "acc", post_draft, b).number == "JE-2026-000001"
    assert act(db, "acc", post_draft, a).number == "JE-2026-000002"


def test_bad_drafts_are_refused_at_once(books):
    refused(books, "acc", InvalidInput, r"at least two lines", create_draft, entry_date=DAY, memo="x",
            lines=[Line("5900", 1)])
    refused(books, "acc", Refused, r"moves only with the stock book", create_draft, entry_date=DAY, memo="x",
            lines=[Line("1200", 1), Line("1010", -1)])


@pytest.mark.parametrize("who", ["clerk", "wh", "viewer"])
def test_only_accountant_and_admin_post(books, who):
    db = books
    draft_id = act(db, "acc", create_draft, **rent())
    je = act(db, "acc", post_manual, **rent())
    perm = r"may not post journal entries"
    refused(db, who, NotPermitted, perm, post_manual, **rent())
    refused(db, who, NotPermitted, perm, create_draft, **rent())
    refused(db, who, NotPermitted, perm, post_draft, draft_id)
    refused(db, who, NotPermitted, perm, delete_draft, draft_id)
    refused(db, who, NotPermitted, perm, reverse, je.number)
    refused(db, who, NotPermitted, perm, recharge, from_dept="IT", to_dept="SALES", amount=100)
    refused(db, who, NotPermitted, perm, opening_balances, [Line("1010", 100)], entry_date=DAY)
    assert [r.number for r in read(db, who, list_entries)] == [je.number]


# -- reversals ---------------------------------------------------------------------------------


def test_reversal_mirrors_and_links_both_ways(books):
    db = books
    je = act(db, "acc", post_manual, **rent(day=DAY - timedelta(days=3)))
    rev = act(db, "acc", reverse, je.number.lower())
    assert rev.number == "JE-2026-000002"
    assert entry_lines(db, rev.number) == [("5900", "MGMT", -500000), ("1010", None, 500000)]
    original, mirror = read(db, "viewer", entry_detail, je.number), read(db, "viewer", entry_detail, rev.number)
    assert (original.reversed_by, original.reverses) == (rev.number, None)
    assert (mirror.reverses, mirror.reversed_by, mirror.entry_date) == (je.number, None, DAY)
    assert mirror.memo == f"Сторно {je.number}: Rent" and mirror.source == je.number  # the shop's language
    events = read(db, "admin", audit.list_events, entity_id=je.number)
    assert events[0].action == "entry.reverse" and events[0].after == {"reversed_by": rev.number}
    refused(db, "acc", Refused, rf"^Cannot reverse {je.number}: it is already reversed \(by {rev.number}\)\. "
            r"Possible when the journal entry is posted and not reversed\.$", reverse, je.number)
    tb = read(db, "viewer", reports.trial_balance)
    assert tb.rows == []  # the entry and its reversal cancel out
    assert_sound(db)


def test_reversal_date_rules(books):
    db = books
    je = act(db, "acc", post_manual, **rent(day=DAY - timedelta(days=3)))
    refused(db, "acc", Refused, rf"^A reversal cannot be dated before the entry it reverses \({DAY - timedelta(days=3):%d\.%m\.%Y}\)\.$",
            reverse, je.number, entry_date=DAY - timedelta(days=4))
    act(db, "admin", set_lock_date, DAY - timedelta(days=1))
    refused(db, "acc", Refused, r"the books are locked up to", reverse, je.number, entry_date=DAY - timedelta(days=2))
    rev = act(db, "acc", reverse, je.number, entry_date=DAY, memo="Wrong month")
    assert read(db, "viewer", entry_detail, rev.number).memo == "Wrong month"


def test_only_manual_recharge_and_opening_entries_are_reversed(books):
    db = books
    add_goods(db, "MUG-1")
    res = receive(db, "MUG-1", 3, 100)
    refused(db, "acc", Refused,
            rf"^{res.entry} was posted by stock; correct it through that document, not by reversing the entry\.$",
            reverse, res.entry)
    info = act(db, "wh", stocktake.open_count)
    act(db, "wh", stocktake.enter_counts, info.number, [("MUG-1", 2)])
    counted = act(db, "wh", stocktake.post_count, info.number)
    refused(db, "acc", Refused, rf"^{counted.entry} was posted by {info.number}; correct it through that document",
            reverse, counted.entry)
    rc = act(db, "acc", recharge, from_dept="IT", to_dept="SALES", amount=1000)
    ob = act(db, "acc", opening_balances, [Line("1010", 5000)], entry_date=DAY)
    assert act(db, "acc", reverse, rc.number).number != act(db, "acc", reverse, ob.number).number
    refused(db, "acc", NotFound, r"^There is no journal entry JE-1999-000001\.$", reverse, "JE-1999-000001")
    assert_sound(db)


# -- the lock date ------------------------------------------------------------------------------


def test_lock_date_forbids_posting_on_or_before_it(books):
    db = books
    lock = DAY - timedelta(days=10)
    assert act(db, "admin", set_lock_date, lock) is None
    sentence = rf"^Cannot post on {lock:%d\.%m\.%Y}: the books are locked up to {lock:%d\.%m\.%Y}\.$"
    refused(db, "acc", Refused, sentence, post_manual, **rent(day=lock))
    refused(db, "acc", Refused, r"locked up to", post_manual, **rent(day=lock - timedelta(days=100)))
    draft_id = act(db, "acc", create_draft, **rent(day=lock))  # a draft may wait in a locked period ...
    refused(db, "acc", Refused, sentence, post_draft, draft_id)  # ... but cannot be posted there
    refused(db, "acc", Refused, sentence, recharge, from_dept="IT", to_dept="SALES", amount=1, entry_date=lock)
    refused(db, "acc", Refused, sentence, opening_balances, [Line("1010", 1)], entry_date=lock)
    assert act(db, "acc", post_manual, **rent(day=lock + timedelta(days=1))).number == "JE-2026-000001"
    # unlock: a reopening, said in so many words
    assert act(db, "admin", set_lock_date, None, reopen=True) == lock
    assert act(db, "acc", post_draft, draft_id).number == "JE-2026-000002"
    events = read(db, "admin", audit.list_events, entity="company")
    assert [(e.action, e.before, e.after) for e in events if e.action.startswith("ledger.")] == [
        ("ledger.reopen", {"lock_date": str(lock)}, {"lock_date": None}),
        ("ledger.lock", {"lock_date": None}, {"lock_date": str(lock)})]
    assert_sound(db)


def test_lock_date_covers_stock_acts_and_counts(books):
    db = books
    add_goods(db, "MUG-1")
    receive(db, "MUG-1", 5, 100)
    info = act(db, "wh", stocktake.open_count)
    act(db, "wh", stocktake.enter_counts, info.number, [("MUG-1", 4)])
    act(db, "admin", set_lock_date, DAY)
    locked = rf"^Cannot post on {DAY:%d\.%m\.%Y}: the books are locked up to {DAY:%d\.%m\.%Y}\.$"
    refused(db, "wh", Refused, locked, stock.receive_stock, "MUG-1", 1, 100)
    refused(db, "wh", Refused, locked, stock.adjust_stock, "MUG-1", -1, reason="x")
    refused(db, "wh", Refused, locked, stocktake.post_count, info.number)
    refused(db, "acc", Refused, locked, post_manual, **rent())


def test_lock_date_rules(books):
    db = books
    refused(db, "admin", Refused, rf"^Cannot lock the books beyond today \({DAY:%d\.%m\.%Y}\)\.$", set_lock_date,
            DAY + timedelta(days=1))
    for who in ("acc", "clerk", "wh", "viewer"):
        refused(db, who, NotPermitted, r"may not set the lock date", set_lock_date, DAY - timedelta(days=1))
    assert act(db, "admin", set_lock_date, DAY) is None  # today itself may be locked
    back = DAY - timedelta(days=30)
    refused(db, "admin", Refused, rf"^The books are locked up to {DAY:%d\.%m\.%Y}; moving the lock date back to {back:%d\.%m\.%Y} "
            r"reopens a closed period: say so with --reopen\.$", set_lock_date, back)
    refused(db, "admin", Refused, r"back to none reopens a closed period", set_lock_date, None)
    assert act(db, "admin", set_lock_date, back, reopen=True) == DAY  # moved back, on purpose
    assert act(db, "admin", set_lock_date, back + timedelta(days=1)) == back  # forward needs no flag
    events = read(db, "admin", audit.list_events, entity="company")
    assert [(e.action, e.before["lock_date"], e.after["lock_date"]) for e in events
            if e.action.startswith("ledger.")][:2] == [
        ("ledger.lock", str(back), str(back + timedelta(days=1))), ("ledger.reopen", str(DAY), str(back))]


# -- recharges ----------------------------------------------------------------------------------


def test_recharge_of_a_cost_and_of_revenue(books):
    db = books
    cost = act(db, "acc", recharge, from_dept="it", to_dept="SALES", amount=120000, memo="Laptops for sales")
    assert entry_lines(db, cost.number) == [("5800", "SALES", 120000), ("5800", "IT", -120000)]
    revenue = act(db, "acc", recharge, from_dept="SALES", to_dept="MKT", amount=30000, account_key="4000")
    assert entry_lines(db, revenue.number) == [("4000", "MKT", -30000), ("4000", "SALES", 30000)]
    other = act(db, "acc", recharge, from_dept="WH", to_dept="SALES", amount=500, account_key="5200")
    assert entry_lines(db, other.number) == [("5200", "SALES", 500), ("5200", "WH", -500)]
    detail = read(db, "viewer", entry_detail, cost.number)
    assert (detail.memo, detail.source_kind) == ("Laptops for sales", "recharge")
    assert read(db, "viewer", entry_detail, revenue.number).memo == "Перераспределение SALES → MKT"  # the shop's language
    pnl = read(db, "viewer", reports.profit_and_loss, DAY, DAY, by_department=True)
    assert [(r.code, r.department, r.amount) for r in pnl.rows] == [
        ("4000", "MKT", 30000), ("4000", "SALES", -30000),
        ("5200", "SALES", 500), ("5200", "WH", -500),
        ("5800", "IT", -120000), ("5800", "SALES", 120000)]
    assert (pnl.income, pnl.expense, pnl.profit) == (0, 0, 0)
    assert {d: tuple(v) for d, v in pnl.departments.items()} == {
        "IT": (0, -120000, 120000), "MKT": (30000, 0, 30000), "SALES": (-30000, 120500, -150500),
        "WH": (0, -500, 500)}
    whole = read(db, "viewer", reports.profit_and_loss, DAY, DAY)
    assert whole.rows == [] or all(r.amount == 0 for r in whole.rows)
    assert_sound(db)


def test_bad_recharges(books):
    db = books
    refused(db, "acc", InvalidInput, r"^A recharge needs a positive amount\.$", recharge, from_dept="IT",
            to_dept="SALES", amount=0)
    refused(db, "acc", InvalidInput, r"^A recharge moves an amount between two different departments\.$", recharge,
            from_dept="IT", to_dept="it", amount=10)
    refused(db, "acc", NotFound, r"^There is no department NOPE\.$", recharge, from_dept="NOPE", to_dept="IT",
            amount=10)
    refused(db, "acc", Refused, r"^Recharges move costs or revenue; 1010 Bank is an asset account\.$", recharge,
            from_dept="IT", to_dept="SALES", amount=10, account_key="1010")
    refused(db, "acc", Refused, r"^Recharges move costs or revenue; 2000 Accounts payable is a liability account\.$",
            recharge, from_dept="IT", to_dept="SALES", amount=10, account_key="2000")
    refused(db, "acc", NotFound, r"^There is no account 7777\.$", recharge, from_dept="IT", to_dept="SALES",
            amount=10, account_key="7777")


# -- opening balances ------------------------------------------------------------------------------


def test_opening_balances_are_balanced_against_3900(books):
    db = books
    je = act(db, "acc", opening_balances, [Line("1010", 1000000), Line("1000", 5000), Line("2000", -250000, "PURCH")],
             entry_date=DAY - timedelta(days=14))
    assert entry_lines(db, je.number) == [("1010", None, 1000000), ("1000", None, 5000), ("2000", "PURCH", -250000),
                                          ("3900", None, -755000)]
    detail = read(db, "viewer", entry_detail, je.number)
    assert (detail.memo, detail.source_kind, detail.entry_date) == ("Начальные остатки", "opening",
                                                                    DAY - timedelta(days=14))
    explicit = act(db, "acc", opening_balances, [Line("1100", 7000), Line("3900", -7000)], entry_date=DAY)
    assert entry_lines(db, explicit.number) == [("1100", None, 7000), ("3900", None, -7000)]
    assert_sound(db)


def test_bad_opening_balances(books):
    db = books
    refused(db, "acc", Refused,
            r"^The opening balances do not balance against 3900 Opening balances: off by 1,00\.$",
            opening_balances, [Line("1010", 10100), Line("3900", -10000)], entry_date=DAY)
    refused(db, "acc", Refused, r"^Opening stock is not a ledger balance: import it with boclerk import stock-count",
            opening_balances, [Line("1010", 100), Line("1200", 100)], entry_date=DAY)
    refused(db, "acc", InvalidInput, r"^The opening balances are empty\.$", opening_balances, [], entry_date=DAY)
    refused(db, "acc", InvalidInput, r"^The opening balances are all zero\.$", opening_balances,
            [Line("1010", 0)], entry_date=DAY)
    refused(db, "acc", NotFound, r"^There is no account 12345\.$", opening_balances, [Line("12345", 1)],
            entry_date=DAY)


# -- accounts and departments -------------------------------------------------------------------


def test_accounts_and_departments(books):
    db = books
    acc = act(db, "acc", add_account, " 6100 ", "Marketing campaigns", "Expense")
    assert (acc.code, acc.name, acc.type) == ("6100", "Marketing campaigns", "expense")
    act(db, "admin", add_department, "log", "Logistics")
    je = act(db, "acc", post_manual, entry_date=DAY, memo="Ads",
             lines=[Line("6100", 99900, "LOG"), Line("1010", -99900)])
    rows = {r.code: r for r in read(db, "viewer", list_accounts)}
    assert (rows["6100"].type, rows["6100"].balance, rows["1010"].balance) == ("expense", 99900, -99900)
    assert rows["1200"].role == "inventory" and rows["6100"].role is None
    before = {r.code: r.balance for r in read(db, "viewer", list_accounts, at=DAY - timedelta(days=1))}
    assert before["6100"] == 0
    assert [d.code for d in read(db, "viewer", list_departments)] == [
        "ACCT", "IT", "LOG", "MGMT", "MKT", "PURCH", "SALES", "WH"]
    assert je.number == "JE-2026-000001"
    refused(db, "acc", Refused, r"^The account 6100 already exists\.$", add_account, "6100", "Again", "expense")
    refused(db, "acc", InvalidInput, r"^'cost' is not an account type; choose asset, liability, equity, "
                                     r"income or expense\.$", add_account, "6200", "X", "cost")
    refused(db, "acc", InvalidInput, r"is not an account code", add_account, "62 00", "X", "expense")
    refused(db, "acc", InvalidInput, r"^An account needs a name\.$", add_account, "6200", " ", "expense")
    refused(db, "acc", Refused, r"^The department LOG already exists\.$", add_department, "Log", "Again")
    refused(db, "acc", InvalidInput, r"is not a department code", add_department, "A-B", "X")
    refused(db, "acc", InvalidInput, r"^A department needs a name\.$", add_department, "QA", "")
    events = read(db, "admin", audit.list_events)
    assert {(e.action, e.entity_id) for e in events} >= {("account.add", "6100"), ("department.add", "LOG")}


@pytest.mark.parametrize("who", ["clerk", "wh", "viewer"])
def test_only_accountant_and_admin_manage_accounts(books, who):
    refused(books, who, NotPermitted, r"may not manage accounts and departments", add_account, "6100", "X", "expense")
    refused(books, who, NotPermitted, r"may not manage accounts and departments", add_department, "QA", "QA")


# -- database triggers, on every backend ---------------------------------------------------------


def _fails(db, message: str, *statements: str, **params) -> None:
    """The statements, in one transaction, must fail with ``message``; nothing changes."""
    before = snapshot(db)
    with pytest.raises(DBAPIError, match=message), db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), params)
    assert snapshot(db) == before


@pytest.fixture
def posted(books):
    db = books
    add_goods(db, "MUG-1")
    receive(db, "MUG-1", 5, 100)
    je = act(db, "acc", post_manual, **rent())
    return db, je.number


_DRAFT = ("INSERT INTO journal_entry (id, entry_date, memo, status, source_kind, source_ref, created_by, created_at, "
          "version) VALUES (900, :d, 'sneaky', 'draft', 'manual', '', 'mallory', '2026-06-01 10:00:00', 1)")


def _posting(entry: int | str, line: int, code: str, amount: int) -> str:
    return (f"INSERT INTO posting (entry_id, line_no, account_id, amount, entry_date) VALUES ({entry}, {line}, "
            f"(SELECT id FROM account WHERE code = '{code}'), {amount}, :d)")


def test_posted_entries_cannot_be_changed_or_deleted(posted):
    db, number = posted
    _fails(db, "posted journal entries are immutable", "UPDATE journal_entry SET memo = 'fixed' WHERE number = :n",
           n=number)
    _fails(db, "posted journal entries are immutable", "UPDATE journal_entry SET entry_date = '2026-01-01'")
    _fails(db, "posted journal entries are immutable", "DELETE FROM journal_entry WHERE number = :n", n=number)


def test_postings_cannot_be_changed_or_deleted(posted):
    db, _ = posted
    _fails(db, "postings are immutable", "UPDATE posting SET amount = amount * 2")
    _fails(db, "postings are immutable", "UPDATE posting SET department_id = NULL")
    _fails(db, "postings are immutable", "DELETE FROM posting")


def test_stock_moves_cannot_be_changed_or_deleted(posted):
    db, _ = posted
    _fails(db, "stock moves are immutable", "UPDATE stock_move SET qty = 50")
    _fails(db, "stock moves are immutable", "DELETE FROM stock_move")


def test_entries_are_born_drafts(posted):
    db, _ = posted
    _fails(db, "journal entries are created as drafts and then posted",
           "INSERT INTO journal_entry (entry_date, memo, status, number, source_kind, source_ref, created_by, "
           "created_at, version) VALUES (:d, 'x', 'posted', 'JE-2026-000777', 'manual', '', 'mallory', "
           "'2026-06-01 10:00:00', 1)", d=DAY)


def test_an_unbalanced_entry_cannot_be_posted_directly(posted):
    db, _ = posted
    _fails(db, "journal entry does not balance", _DRAFT, _posting(900, 1, "5900", 1000), _posting(900, 2, "1010", -999),
           "UPDATE journal_entry SET status = 'posted', number = 'JE-2026-000777' WHERE id = 900", d=DAY)
    _fails(db, "journal entry needs postings", _DRAFT,
           "UPDATE journal_entry SET status = 'posted', number = 'JE-2026-000777' WHERE id = 900", d=DAY)
    _fails(db, "postings must carry the entry date", _DRAFT, _posting(900, 1, "5900", 1000),
           _posting(900, 2, "1010", -1000),
           "UPDATE journal_entry SET entry_date = '2026-06-14', status = 'posted', number = 'JE-2026-000777' "
           "WHERE id = 900", d=DAY)


def test_no_posting_joins_an_entry_already_posted(posted):
    db, number = posted
    entry_id = sql_one(db, "SELECT id FROM journal_entry WHERE number = :n", n=number)
    _fails(db, "postings are added only while their entry is being posted",
           _posting(entry_id, 3, "5900", 100), _posting(entry_id, 4, "1010", -100), d=DAY)


def test_nothing_posts_directly_on_or_before_the_lock_date(posted):
    db, _ = posted
    act(db, "admin", set_lock_date, DAY - timedelta(days=1))
    for day in (DAY - timedelta(days=1), DAY - timedelta(days=30)):
        _fails(db, "on or before the lock date", _DRAFT, _posting(900, 1, "5900", 1000), _posting(900, 2, "1010", -1000),
               "UPDATE journal_entry SET status = 'posted', number = 'JE-2026-000777' WHERE id = 900", d=day)
    # the same raw entry dated after the lock date would pass the triggers (linked into the chain as boclerk would)
    _fails(db, "posted journal entries are chained", _DRAFT, _posting(900, 1, "5900", 1000),
           _posting(900, 2, "1010", -1000),
           "UPDATE journal_entry SET status = 'posted', number = 'JE-2026-000777' WHERE id = 900", d=DAY)
    with db.engine.begin() as conn:
        for statement in (_DRAFT, _posting(900, 1, "5900", 1000), _posting(900, 2, "1010", -1000)):
            conn.execute(text(statement), {"d": DAY})
        post_raw(conn, 900, "JE-2026-000777")
    assert sql_one(db, "SELECT status FROM journal_entry WHERE id = 900") == "posted"


def test_drafts_stay_editable(books):
    db = books
    draft_id = act(db, "acc", create_draft, **rent())
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE journal_entry SET memo = 'Rent, June' WHERE id = :i"), {"i": draft_id})
    assert read(db, "viewer", entry_detail, str(draft_id)).memo == "Rent, June"
    act(db, "acc", delete_draft, draft_id)
    assert sql_one(db, "SELECT COUNT(*) FROM journal_entry") == 0
