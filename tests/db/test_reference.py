"""The reference data a process keeps between read units (boclerk/db/reference.py): taken from the
memo while the generation is unchanged, and read again as soon as another process (here: another
Database on the same database) changed a VAT rate, the lock date, an account or a user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, text

from boclerk.db import reference
from boclerk.db.database import Database
from boclerk.errors import NotPermitted, Refused
from boclerk.services.ledger import vat
from boclerk.services.ledger.book import set_lock_date
from boclerk.services.ledger.posting import Line, check_open_period, checked_lines
from boclerk.services.platform.users import set_role


@pytest.fixture
def other(location):
    """Another process's view of the same database."""
    database = Database.open(location)
    yield database
    database.close()


def _read(db: Database, fn, actor: str = "admin"):
    return db.run(actor, lambda uow: fn(uow), write=False)


def _generation(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT generation FROM reference_generation")).scalar_one()


@pytest.fixture
def statements(db):
    """The SQL ``db`` sends, as it sends it."""
    sent: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    yield sent
    event.remove(db.engine, "before_cursor_execute", seen)


def test_a_read_unit_takes_reference_data_from_the_memo_until_another_process_changes_it(db, other, statements):
    today = _read(db, lambda uow: uow.today)

    def rate(uow):
        return vat.category_rate(uow, "standard", today)

    before = _read(db, rate)
    assert any("vat_rate" in s for s in statements)
    statements.clear()
    assert _read(db, rate) == before
    assert not any("vat_rate" in s for s in statements), "read again though nothing changed"
    new = 7 if before != 7 else 8
    other.run("admin", vat.set_rate, "standard", today, new, write=True)
    statements.clear()
    assert _read(db, rate) == new
    assert any("vat_rate" in s for s in statements)


def test_a_vat_regime_set_by_another_process_is_seen(db, other):
    today = _read(db, lambda uow: uow.today)
    assert _read(db, lambda uow: vat.regime_on(uow, today)) == "general"
    other.run("admin", vat.set_regime, "usn_vat5", today, write=True)
    assert _read(db, lambda uow: vat.regime_on(uow, today)) == "usn_vat5"


def test_the_lock_date_another_process_sets_refuses_the_next_plan(db, other):
    yesterday = _read(db, lambda uow: uow.today) - timedelta(days=1)
    assert _read(db, lambda uow: uow.company.lock_date) is None
    _read(db, lambda uow: check_open_period(uow, yesterday))
    other.run("admin", set_lock_date, yesterday, write=True)
    assert _read(db, lambda uow: uow.company.lock_date) == yesterday
    with pytest.raises(Refused, match="locked"):
        _read(db, lambda uow: check_open_period(uow, yesterday))


def test_an_account_closed_by_another_process_is_refused_by_the_next_plan(db, other):
    today = _read(db, lambda uow: uow.today)
    lines = [Line("bank", 100), Line("receivable", -100)]
    assert len(_read(db, lambda uow: checked_lines(uow, lines, today))) == 2
    with other.write_engine.begin() as conn:  # any writer at all: the triggers move the generation
        conn.execute(text("UPDATE account SET active = :no WHERE role = 'bank'"), {"no": False})
    with pytest.raises(Refused, match="closed"):
        _read(db, lambda uow: checked_lines(uow, lines, today))


def test_a_users_new_role_and_disabled_account_are_seen_by_the_next_unit(db, other):
    assert _read(db, lambda uow: uow.actor.role, "clerk") == "clerk"
    other.run("admin", set_role, "clerk", "viewer", write=True)
    assert _read(db, lambda uow: uow.actor.role, "clerk") == "viewer"
    with other.write_engine.begin() as conn:
        conn.execute(text("UPDATE app_user SET active = :no WHERE name = 'clerk'"), {"no": False})
    with pytest.raises(NotPermitted, match="disabled"):
        _read(db, lambda uow: uow.actor.role, "clerk")


def test_a_write_unit_reads_what_it_changed_itself(db):
    today = _read(db, lambda uow: uow.today)
    before = _read(db, lambda uow: vat.category_rate(uow, "standard", today))
    new = 7 if before != 7 else 8

    def change_and_read(uow):
        vat.category_rate(uow, "standard", today)
        vat.set_rate(uow, "standard", today, new)
        return vat.category_rate(uow, "standard", today)

    assert db.run("admin", change_and_read, write=True) == new
    assert _read(db, lambda uow: vat.category_rate(uow, "standard", today)) == new


#: A change to a row of each reference table (SQLite's triggers are per row: each touches one).
CHANGES = {
    "account": "UPDATE account SET name = name WHERE role = 'bank'",
    "department": "UPDATE department SET name = name",
    "vat_rate": "DELETE FROM vat_rate WHERE category = 'zero'",
    "company_vat_regime": "INSERT INTO company_vat_regime (valid_from, regime) VALUES ('2001-01-01', 'general')",
    "company": "UPDATE company SET name = name",
    "unit": "UPDATE unit SET name_en = name_en WHERE code = 'pcs'",
    "warehouse": "UPDATE warehouse SET name = name",
    "app_user": "UPDATE app_user SET name = name WHERE name = 'viewer'",
}


def test_every_reference_table_moves_the_generation(db):
    assert set(CHANGES) == set(reference.TABLES)
    for table, sql in CHANGES.items():
        before = _generation(db)
        with db.write_engine.begin() as conn:
            assert conn.execute(text(sql)).rowcount >= 1, table
        assert _generation(db) != before, f"a change to {table} left the generation as it was"


def test_a_database_opened_without_its_revision_checked_keeps_no_memo(location):
    database = Database.open(location, check_revision=False)
    try:
        assert _read(database, lambda uow: reference.memo(uow)) is None
        assert database.reference_memo is None
    finally:
        database.close()
