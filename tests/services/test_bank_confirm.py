"""'Confirm all' posts the proposed matches a chunk of lines a write unit, so other writers take
their turns between the chunks; each line as when confirmed alone."""

from __future__ import annotations

import pytest

from boclerk.errors import NotPermitted
from boclerk.services.documents.bank import ignore_line
from boclerk.services.documents.bank_confirm import confirm_all_counted, confirm_all_proposed
from tests.services.doc_samples import add_one, statement_1c, write
from tests.services.test_bank_reconcile import books, month, queue  # noqa: F401  (books: the fixture)
from tests.services.test_two_phase import twin  # noqa: F401  (the fixture: a copy of the database)
from tests.services.trade_helpers import act, assert_sound, bill_row, entry_count, order_row, snapshot


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_confirm_all_in_chunks_posts_what_one_unit_posts(books, tmp_path, twin):
    """Four proposed lines, two a unit: the same books as all four in one unit, and the clerk
    hears how far it got after each unit."""
    db = books
    add_one(db, "clerk", write(tmp_path, "stmt.txt", statement_1c(month(db))))
    other = twin()
    heard = []
    results, money_in, money_out = db.run("acc", confirm_all_counted, chunk=2,
                                          progress=lambda what, done, total: heard.append((done, total)), write=True)
    assert heard == [(2, 4), (4, 4)]
    assert [(r.line, r.ok) for r in results] == [(1, True), (2, True), (3, True), (4, True)]
    assert (money_in, money_out) == (540000, 625000)  # 2 400.00 + 3 000.00 in; 6 100.00 + 150.00 out
    one = act(other, "acc", confirm_all_proposed)
    assert [(r.line, r.ok, r.entry) for r in one] == [(r.line, r.ok, r.entry) for r in results]
    assert snapshot(db) == snapshot(other)
    assert order_row(db, db.so1)["paid"] == 240000 and bill_row(db, db.bill)["status"] == "paid"
    assert list(queue(db)) == [5]
    assert_sound(db)


def test_a_line_decided_between_the_chunks_is_left_as_it_was_decided(books, tmp_path):
    """Between two units another clerk writes (the lock is free then) and sets line 4 aside:
    the act leaves it so, and posts the others."""
    db = books
    add_one(db, "clerk", write(tmp_path, "stmt.txt", statement_1c(month(db))))
    entries = entry_count(db)

    def between(what: str, done: int, total: int) -> None:
        if done == 2:
            act(db, "acc", ignore_line, 4, "the bank refunds it")

    results, __, money_out = db.run("acc", confirm_all_counted, chunk=2, progress=between, write=True)
    assert [(r.line, r.ok) for r in results] == [(1, True), (2, True), (3, True)]
    assert money_out == 610000
    assert entry_count(db) == entries + 3
    assert queue(db, "all")[4][0] == "ignored"
    assert_sound(db)


def test_who_may_confirm_all(books, tmp_path):
    db = books
    add_one(db, "clerk", write(tmp_path, "stmt.txt", statement_1c(month(db))))
    with pytest.raises(NotPermitted):
        db.run("viewer", confirm_all_counted, write=True)
    assert len(queue(db, "proposed")) == 4
