"""Audit events are linked into the audit chain as their unit commits, whatever their number:
one statement with the head's move for an ordinary unit on PostgreSQL, batches for a unit as
large as an import (a statement may carry at most 65,535 parameters there)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from boclerk.db.chain import CTE_EVENTS
from boclerk.domain.audit import AuditEvent
from boclerk.domain.chain import audit_hash


def _chain_holds(db) -> tuple[int, int]:
    """(events, head seq) after checking every link from the first event to the head."""
    with db.read("admin") as uow:
        events = AuditEvent.__table__  # read through the table's types: SQLite keeps the time as text
        rows = uow.s.execute(select(events).order_by(events.c.seq)).all()
        head_seq, head_hash = uow.s.execute(text("SELECT seq, hash FROM chain_head WHERE name = 'audit'")).one()
    prev = rows[0].prev_hash
    for number, row in enumerate(rows, start=rows[0].seq):
        assert row.seq == number and row.prev_hash == prev
        prev = audit_hash(prev, row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, row.before,
                          row.after)
        assert row.hash == prev
    assert (head_seq, head_hash) == (rows[-1].seq, rows[-1].hash)
    return len(rows), head_seq


@pytest.mark.parametrize("events", [1, CTE_EVENTS, CTE_EVENTS + 1, 7000])
def test_a_unit_of_any_size_links_its_events(db, events):
    """7,000 events of ten columns are 70,000 values: more than one PostgreSQL statement may carry."""
    before, _ = _chain_holds(db)
    with db.write("admin") as uow:
        for i in range(events):
            uow.audit("test.event", "thing", i, after={"n": i})
    after, head = _chain_holds(db)
    assert after == before + events
    with db.write("admin") as uow:  # the next unit links after them
        uow.audit("test.event", "thing", "next")
    assert _chain_holds(db) == (after + 1, head + 1)
