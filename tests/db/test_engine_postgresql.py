"""The PostgreSQL engine: read units are read-only transactions that end without dropping the
statements psycopg has prepared on the server; write units are read-write and roll back.

Collected only when the suite has a PostgreSQL server (tests/conftest.py): every test here
takes the ``postgresql`` backend alone.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from boclerk.db.engine import PG_PREPARE_THRESHOLD

pytestmark = pytest.mark.parametrize("backend", ["postgresql"])


def _setting(uow, name: str) -> str:
    return uow.s.execute(text(f"SHOW {name}")).scalar()


def _prepared(uow) -> set[str]:
    """The statements prepared on this unit's connection (its server session)."""
    return set(uow.s.execute(text("SELECT statement FROM pg_prepared_statements")).scalars())


def _backend_pid(uow) -> int:
    return uow.s.execute(text("SELECT pg_backend_pid()")).scalar()


def test_read_units_are_read_only_and_write_units_are_not(db):
    with db.read("viewer") as uow:
        assert _setting(uow, "transaction_read_only") == "on"
    with db.write("admin") as uow:
        assert _setting(uow, "transaction_read_only") == "off"
    with db.read("viewer") as uow:  # the same pooled connection switches back
        assert _setting(uow, "transaction_read_only") == "on"
    with db.engine.connect() as conn:  # a connection without a unit's mode: the server's default
        assert conn.execute(text("SHOW transaction_read_only")).scalar() == "off"


def test_a_read_unit_cannot_write(db):
    with pytest.raises(DBAPIError, match="read-only transaction"), db.read("viewer") as uow:
        uow.s.execute(text("UPDATE app_user SET full_name = 'read' WHERE name = 'viewer'"))
    with db.read("viewer") as uow:  # the connection is usable again and nothing was written
        assert uow.s.execute(text("SELECT full_name FROM app_user WHERE name = 'viewer'")).scalar() != "read"


def test_prepared_statements_outlive_read_units(db):
    """psycopg drops every prepared statement of a connection when it rolls back; read units end
    by COMMIT instead, so the statements the units repeat stay prepared on the pooled connection."""
    probe = "SELECT count(*) FROM app_user WHERE name = %(n)s"  # the driver's own spelling: $1 on the server
    pids = set()
    for _ in range(PG_PREPARE_THRESHOLD + 1):
        with db.read("viewer") as uow:
            pids.add(_backend_pid(uow))
            uow.s.connection().exec_driver_sql(probe, {"n": "viewer"}).scalar()
    assert len(pids) == 1  # one pooled connection throughout
    with db.read("viewer") as uow:
        prepared = _prepared(uow)
    assert any("FROM app_user WHERE name = $1" in s and "count" in s for s in prepared)


def test_a_failed_write_unit_rolls_back(db):
    with db.read("viewer") as uow:
        before = uow.s.execute(text("SELECT full_name FROM app_user WHERE name = 'viewer'")).scalar()
    with pytest.raises(RuntimeError), db.write("admin") as uow:
        uow.s.execute(text("UPDATE app_user SET full_name = 'lost' WHERE name = 'viewer'"))
        raise RuntimeError("the act fails after writing")
    with db.read("viewer") as uow:
        assert uow.s.execute(text("SELECT full_name FROM app_user WHERE name = 'viewer'")).scalar() == before
