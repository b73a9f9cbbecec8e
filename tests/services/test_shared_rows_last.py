"""Acts take the rows every writer shares (number counters, chain heads, balances) last.

Posting comes in two halves: :func:`book.stage` checks the entry and writes it with its
postings as a draft; :func:`book.finish` gives it its number, links it into the journal
chain and adds it to the balances. Order acts stage their entry, write what refers to it,
and finish it last, so on PostgreSQL other writers wait on those rows for the shortest time.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event, select

from boclerk.domain.ledger import JournalEntry

from boclerk.services.ledger import book
from boclerk.services.numbers import next_number
from boclerk.services.sales.orders import LineInput, cancel_order, create_order, pay_order
from boclerk.services.sales.shipping import ship_order
from tests.services.trade_helpers import act, assert_sound, confirmed, shop, sql_one


@contextmanager
def statements(db):
    """The SQL statements the database is sent meanwhile (first words, lower case)."""
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append(re.sub(r"\s+", " ", statement).strip().lower())

    engine = db.unit_write_engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def first(seen: list[str], prefix: str) -> int:
    return next(i for i, s in enumerate(seen) if s.startswith(prefix))


def test_a_staged_entry_is_a_draft_without_number_until_finished(db):
    shop(db)
    entries_before = sql_one(db, "SELECT count(*) FROM journal_entry WHERE status = 'posted'")

    def stage_only(uow):
        staged = book.stage(uow, entry_date=uow.today, memo="Rent", lines=[book.Line("5900", 100, "MGMT"),
                                                                            book.Line("1010", -100)])
        row = uow.s.execute(select(JournalEntry.status, JournalEntry.number)
                            .where(JournalEntry.id == staged.id)).one()
        assert tuple(row) == ("draft", None)
        posted = book.finish(uow, staged)
        assert posted.id == staged.id and posted.number.startswith("JE-")
        return posted

    posted = db.run("acc", stage_only, write=True)
    assert sql_one(db, "SELECT status FROM journal_entry WHERE number = :n", n=posted.number) == "posted"
    assert sql_one(db, "SELECT count(*) FROM journal_entry WHERE status = 'posted'") == entries_before + 1
    assert_sound(db)


def test_paying_and_shipping_take_the_shared_rows_after_their_own(db):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    with statements(db) as seen:
        act(db, "acc", pay_order, number, 120000)
    counter, payment = first(seen, "insert into number_series"), first(seen, "insert into order_payment")
    assert payment < counter < first(seen, "insert into account_balance")
    with statements(db) as seen:
        act(db, "wh", ship_order, number)
    counter = first(seen, "insert into number_series")
    assert first(seen, "insert into stock_move") < counter
    assert first(seen, "update sales_order") < counter
    assert_sound(db)


def test_a_new_order_is_checked_and_priced_before_its_number_is_taken(db):
    shop(db)
    with statements(db) as seen:
        act(db, "clerk", create_order, "ANNA", [LineInput("MUG", 1), LineInput("LAMP", 1)])
    counter = first(seen, "insert into number_series")
    reads_of_products = [i for i, s in enumerate(seen) if s.startswith("select") and " from product" in s]
    assert reads_of_products and max(reads_of_products) < counter


def test_numbers_stay_gapless_when_an_act_fails_after_taking_one(db):
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    act(db, "clerk", cancel_order, number)

    def take_and_fail(uow):
        next_number(uow, "SO", uow.today.year)
        raise RuntimeError("rolled back")

    last = sql_one(db, "SELECT max(last) FROM number_series WHERE series = 'SO'")
    try:
        db.run("admin", take_and_fail, write=True)
    except RuntimeError:
        pass
    assert sql_one(db, "SELECT max(last) FROM number_series WHERE series = 'SO'") == last
    made = act(db, "clerk", create_order, "ANNA", [LineInput("MUG", 1)])
    assert int(made.number.rsplit("-", 1)[1]) == last + 1
    assert_sound(db)
