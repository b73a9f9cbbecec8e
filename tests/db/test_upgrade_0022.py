"""Upgrading to 0022: the reference data's generation, one row, and the triggers that move it on every
change to the reference tables; ``db check`` finds them all; going back takes them away."""

from __future__ import annotations

from sqlalchemy import text

from boclerk.db import migrate
from boclerk.db.engine import make_engine
from boclerk.db.guards import missing_guards


def _generation(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT generation FROM reference_generation")).scalar_one()


def test_the_generation_and_its_triggers_come_with_0022_and_go_with_it(empty_location):
    if empty_location.path is not None:
        empty_location.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(empty_location, create=True)
    try:
        migrate.upgrade(engine, "0021")
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert missing_guards(conn) == []
        first = _generation(engine)
        with engine.begin() as conn:
            conn.execute(text("UPDATE unit SET decimals = decimals WHERE code = 'kg'"))
        assert _generation(engine) != first

        from alembic import command

        command.downgrade(migrate.alembic_config(engine.execution_options(boclerk_mode="write")), "0021")
        with engine.begin() as conn:  # no trigger is left to name the table that is gone
            conn.execute(text("UPDATE unit SET decimals = decimals WHERE code = 'kg'"))
            conn.execute(text("UPDATE warehouse SET name = name"))
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert missing_guards(conn) == []
    finally:
        engine.dispose()


def test_db_check_names_a_missing_generation_trigger(db):
    with db.write_engine.begin() as conn:
        if db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER trg_vat_rate_reference_update"))
        else:
            conn.execute(text("DROP TRIGGER trg_vat_rate_reference ON vat_rate"))
    with db.engine.connect() as conn:
        problems = missing_guards(conn)
    assert len(problems) == 1 and "trg_vat_rate_reference" in problems[0]
