"""Audit event ids are committed in the order they were given: what the service steps' mark relies on.

The service report catches its steps up from the events past a mark (the highest id it has read).
That is sound only if no event can commit later with an id below one already seen. On SQLite
writers are serial. On PostgreSQL the ids come from a sequence, so this holds only because the
unit inserts its events after locking the audit chain's head (``db.chain.append_audit``) and keeps
that lock until it commits: a second unit cannot take an id before the first has committed.
"""

from __future__ import annotations

import threading

from sqlalchemy import event, text


def test_a_unit_that_commits_later_never_has_lower_audit_ids(db):
    linked = threading.Event()
    release = threading.Event()
    first_thread: list[threading.Thread] = []

    def held_once_ids_taken(conn, cursor, statement, parameters, context, executemany):
        # the first unit stops right after the statement that gives its events their ids
        if threading.current_thread() in first_thread and "INSERT INTO audit_event" in statement:
            linked.set()
            assert release.wait(60)

    engine = db.unit_write_engine
    event.listen(engine, "after_cursor_execute", held_once_ids_taken)

    done: dict[str, BaseException | None] = {}

    def unit(name: str) -> None:
        try:
            with db.write("admin") as uow:
                uow.audit("test.order_of_ids", "probe", name)
            done[name] = None
        except BaseException as exc:  # reported below
            done[name] = exc

    first = threading.Thread(target=unit, args=("first",))
    first_thread.append(first)
    first.start()
    assert linked.wait(60)

    second = threading.Thread(target=unit, args=("second",))
    second.start()
    second.join(0.5)
    # the second unit cannot have committed: the head it must link to is the first unit's
    assert "second" not in done
    release.set()
    first.join(60)
    second.join(60)
    assert done == {"first": None, "second": None}
    event.remove(engine, "after_cursor_execute", held_once_ids_taken)

    with db.read("admin") as uow:
        ids = dict(uow.s.execute(text(
            "SELECT entity_id, id FROM audit_event WHERE action = 'test.order_of_ids'")).all())
    assert ids["first"] < ids["second"]
