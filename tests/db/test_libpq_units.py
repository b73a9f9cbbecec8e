"""The PostgreSQL plain reader's units (boclerk/db/libpq.py, boclerk/db/plain_pg.py) wait for one
round trip per statement and no more: BEGIN goes with the first statement (libpq's pipeline
mode), a unit that runs nothing sends nothing, COMMIT is sent without waiting for its answer.
Each unit is still one read-only transaction (one snapshot), and ends on the server at once."""

from __future__ import annotations

import time

import pytest

from boclerk.db import libpq
from boclerk.db.plain import text
from boclerk.db.quick import open_plain
from tests.conftest import PG_URL

# collected only with a PostgreSQL server (BOCLERK_TEST_PG_URL): the reader under test is PostgreSQL's
if PG_URL:
    pytestmark = pytest.mark.parametrize("backend", ["postgresql"])

    WAITS = ("PQexec", "PQexecParams", "PQpipelineSync")  # each waits for the server's answer
    SENDS = ("PQsendQuery",)  # sent, answer read later

    class Counting:
        """A libpq whose calls that talk to the server are counted."""

        def __init__(self, lib, *, pipeline: bool):
            self._lib, self.pipeline, self.calls = lib, pipeline, []

        def __getattr__(self, name):
            fn = getattr(self._lib, name)
            if name in WAITS or name in SENDS:
                def counted(*args):
                    self.calls.append(name)
                    return fn(*args)
                return counted
            return fn

        def waits(self) -> int:
            return sum(1 for c in self.calls if c in WAITS)

    @pytest.fixture
    def reader(location):
        if libpq.library() is None:
            pytest.fail("no libpq to load: psycopg-binary ships one")
        plain = open_plain(location)
        assert plain.driver == "libpq"
        yield plain
        plain.close()

    def _counted(reader, *, pipeline: bool) -> Counting:
        conn = reader.take()
        counting = Counting(conn.lib, pipeline=pipeline and conn.lib.pipeline)
        conn.lib = counting
        reader.give_back(conn)
        return counting

    @pytest.mark.parametrize("pipeline", [True, False], ids=["pipelined", "no-pipeline"])
    def test_a_unit_waits_once_per_statement(reader, pipeline):
        counting = _counted(reader, pipeline=pipeline)
        with reader.read("viewer") as uow:  # the actor's row: the unit's first statement
            assert uow.actor.role == "viewer"
            assert uow.s.scalar("SELECT name FROM company") == "Test Shop"
        began = 0 if counting.pipeline else 1  # without pipeline mode BEGIN waits on its own, as before
        assert counting.waits() == 2 + began and counting.calls.count("PQsendQuery") == 1  # the COMMIT
        counting.calls.clear()
        with reader.read(None, system=True):
            pass  # no statement: nothing is sent
        assert counting.calls == []
        with reader.read("viewer") as uow:  # the COMMIT sent before is read first, the connection reused
            assert uow.s.scalar("SELECT 1 + 1") == 2
        assert counting.waits() == 2 + began

    def test_a_unit_is_one_read_only_transaction(reader):
        with reader.read("viewer") as uow:
            first = uow.s.scalar("SELECT now()")
            uow.s.scalar("SELECT pg_sleep(0.02)")
            assert uow.s.scalar("SELECT now()") == first  # now() is the transaction's start: one transaction
            assert uow.s.scalar("SELECT current_setting('transaction_read_only')") == "on"
        with reader.read("viewer") as uow:
            assert uow.s.scalar("SELECT now()") > first  # and the next unit is another
        with pytest.raises(libpq.Error) as refused, reader.read("viewer") as uow:
            uow.s.execute(text("CREATE TABLE nothing_here (id int)"))
        assert refused.value.sqlstate == "25006"  # read-only transaction
        with reader.read("viewer") as uow:  # the failed unit was rolled back, the connection reads again
            assert uow.s.scalar("SELECT count(*) FROM app_user WHERE name = 'viewer'") == 1

    def test_a_failing_first_statement_ends_its_unit(reader):
        with pytest.raises(libpq.Error) as failed, reader.read(None, system=True) as uow:
            uow.s.execute(text("SELECT * FROM no_such_table"))  # the statement sent with BEGIN
        assert failed.value.sqlstate == "42P01" and failed.value.programming
        with reader.read(None, system=True) as uow:
            assert uow.s.scalar("SELECT 7") == 7
            assert uow.s.scalar("SELECT current_setting('transaction_read_only')") == "on"

    def test_an_ended_unit_holds_no_transaction_on_the_server(reader):
        with reader.read("viewer") as uow:
            pid = uow.s.scalar("SELECT pg_backend_pid()")
        held = reader.take()  # its COMMIT sent, not waited for; the next unit opens another connection
        try:
            deadline, state = time.monotonic() + 30, None
            while time.monotonic() < deadline:  # the server ends the transaction without being waited on
                with reader.read(None, system=True) as other:
                    state = other.s.scalar("SELECT state FROM pg_stat_activity WHERE pid = :p", {"p": pid})
                if state == "idle":
                    break
                time.sleep(0.05)
            assert state == "idle"
        finally:
            reader.give_back(held)
        with reader.read("viewer") as uow:
            assert uow.s.scalar("SELECT 1") == 1  # both pooled connections read on
