"""Values that SQLite and PostgreSQL hand back differently from plain SQL."""

from datetime import date

import pytest
from sqlalchemy import text

from boclerk.db.dialect import as_date


@pytest.mark.parametrize("value", [date(2026, 3, 1), "2026-03-01", "2026-03-01 09:30:00.000000",
                                   "2026-03-01T09:30:00+00:00"])
def test_as_date(value):
    assert as_date(value) == date(2026, 3, 1)


def test_as_date_reads_a_date_column_on_either_database(db):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE company SET lock_date = :d WHERE id = 1"), {"d": date(2026, 3, 1)})
    with db.read("viewer") as uow:
        raw = uow.s.execute(text("SELECT lock_date FROM company WHERE id = 1")).scalar()
    assert raw == (date(2026, 3, 1) if db.dialect == "postgresql" else "2026-03-01")
    assert as_date(raw) == date(2026, 3, 1)


def test_present_finds_which_values_a_column_holds_across_batches(db):
    """The bank import asks which of a statement's 100,000 fingerprints are known in one statement
    a batch; the answer is the same as asking one by one, quotes and Cyrillic included, past a
    batch's end (70,000 values: more than one batch on either database)."""
    from sqlalchemy import Column, MetaData, String, Table

    from boclerk.db.dialect import present

    table = Table("probe_keys", MetaData(), Column("key", String(64), unique=True))
    table.create(db.engine)
    kept = ["a", "it's", 'say "x"', "счёт-1", "[1,2]", "k69999"]
    with db.engine.begin() as conn:
        conn.execute(table.insert(), [{"key": k} for k in kept])
    asked = [f"k{i}" for i in range(70000)] + ["it's", "счёт-1", "b", 'say "x"', "[1,2]", "[1, 2]"]
    with db.read("viewer") as uow:
        assert present(uow.s, table.c.key, asked) == {"k69999", "it's", "счёт-1", 'say "x"', "[1,2]"}
        assert present(uow.s, table.c.key, []) == set()
        if db.dialect == "sqlite":  # the column's index answers each value; the table is not read through
            plan = " ".join(str(r[-1]) for r in uow.s.execute(text(
                "EXPLAIN QUERY PLAN SELECT t.key FROM json_each(:v) AS j JOIN probe_keys AS t ON t.key = j.value"),
                {"v": "[]"}))
            assert "USING COVERING INDEX" in plan or "USING INDEX" in plan, plan
