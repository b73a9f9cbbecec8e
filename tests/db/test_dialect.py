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
