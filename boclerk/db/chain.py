"""Appending to the hash chains (boclerk/domain/chain.py), inside the transaction that writes the records.

Each chain has one head row (``chain_head``); a transaction reads it, links its records
one after another and moves the head, all before it commits. On SQLite write transactions
are serial anyway (``BEGIN IMMEDIATE``); on PostgreSQL the head row is locked
(``SELECT ... FOR UPDATE``), so two transactions never link to the same record. Audit
events are linked as the unit of work commits, so the lock on their head is held only for
the commit itself; journal entries are linked as they post.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from boclerk.domain.audit import AuditEvent, ChainHead
from boclerk.domain.chain import AUDIT, JOURNAL, audit_hash, entry_hash
from boclerk.errors import DatabaseUnavailable
from boclerk.i18n import _

_HEAD = ChainHead.__table__
#: At most this many audit events go in as one statement with the head's UPDATE on PostgreSQL
#: (ten parameters each, where a statement may carry 65,535); a larger unit (an import) inserts
#: its events in batches and moves the head after them.
CTE_EVENTS = 1000
_EVENTS = AuditEvent.__table__


# The statements every write unit sends while it holds the head, built once (building and
# compiling them again on every unit took milliseconds inside the write lock).
_HEAD_OF = select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.name == bindparam("chain"))
_HEAD_LOCKED = _HEAD_OF.with_for_update()
_INSERT_EVENTS = insert(_EVENTS)
_ADVANCE = update(_HEAD).where(_HEAD.c.name == bindparam("chain")).values(seq=bindparam("new_seq"),
                                                                           hash=bindparam("digest"))


def head(session: Session, name: str) -> tuple[int, str]:
    """(seq, hash) of the newest link of chain ``name``, locked until the transaction ends."""
    stmt = _HEAD_LOCKED if session.get_bind().dialect.name == "postgresql" else _HEAD_OF
    row = session.execute(stmt, {"chain": name}).one_or_none()
    if row is None:
        raise DatabaseUnavailable(_("The database has lost the head of its {name} chain; boclerk db check says "
            "more.").format(name=name))
    return row[0], row[1]


def _advance(session: Session, name: str, seq: int, digest: str) -> None:
    session.execute(_ADVANCE, {"chain": name, "new_seq": seq, "digest": digest})


def append_audit(session: Session, rows: list[dict]) -> None:
    """Link and insert audit event rows (dicts of the audit_event columns but the chain's)."""
    if not rows:
        return
    seq, prev = head(session, AUDIT)
    for row in rows:
        seq += 1
        digest = audit_hash(prev, seq, row["at"], row["actor"], row["action"], row["entity"], row["entity_id"],
                            row["before"], row["after"])
        row.update(seq=seq, prev_hash=prev, hash=digest)
        prev = digest
    if session.get_bind().dialect.name == "postgresql" and len(rows) <= CTE_EVENTS:
        # one round trip while the head is locked: the events go in a CTE of the head's UPDATE
        events = insert(_EVENTS).values(rows).cte("linked_events")
        session.execute(update(_HEAD).where(_HEAD.c.name == AUDIT).values(seq=seq, hash=prev).add_cte(events))
        return
    session.execute(_INSERT_EVENTS, rows)
    _advance(session, AUDIT, seq, prev)


def link_entries(session: Session, entries: Sequence[dict], postings: Iterable[Sequence]) -> None:
    """Give entries about to post their links: each dict holds the entry's columns (``id``, ``number``,
    ``entry_date``, ``memo``, ``source_kind``, ``source_ref``, ``reverses_id``, ``created_by``,
    ``posted_by``, ``posted_at``) and gets ``chain_seq``, ``prev_hash`` and ``hash``.
    ``postings``: (entry_id, line_no, account_id, department_id, amount) of their postings."""
    if not entries:
        return
    with session.no_autoflush:  # an entry being posted is linked before its own UPDATE goes out
        _link_entries(session, entries, postings)


def _link_entries(session: Session, entries: Sequence[dict], postings: Iterable[Sequence]) -> None:
    lines: dict[int, list] = {e["id"]: [] for e in entries}
    for entry_id, line_no, account_id, department_id, amount in postings:
        lines[entry_id].append((line_no, account_id, department_id, amount))
    seq, prev = head(session, JOURNAL)
    for e in entries:
        seq += 1
        digest = entry_hash(prev, seq, number=e["number"], entry_date=e["entry_date"], memo=e["memo"],
                            source_kind=e["source_kind"], source_ref=e["source_ref"], reverses_id=e["reverses_id"],
                            created_by=e["created_by"], posted_by=e["posted_by"], posted_at=e["posted_at"],
                            postings=sorted(lines[e["id"]]))
        e.update(chain_seq=seq, prev_hash=prev, hash=digest)
        prev = digest
    _advance(session, JOURNAL, seq, prev)


def link_entry(session: Session, entry, lines: Sequence[Sequence]) -> None:
    """Link one journal entry (the ORM object) about to post; ``lines``: (account_id, department_id,
    amount) of its postings, in line order."""
    fields = {k: getattr(entry, k) for k in ("id", "number", "entry_date", "memo", "source_kind", "source_ref",
                                             "reverses_id", "created_by", "posted_by", "posted_at")}
    link_entries(session, [fields], [(entry.id, i, *line) for i, line in enumerate(lines, start=1)])
    entry.chain_seq, entry.prev_hash, entry.hash = fields["chain_seq"], fields["prev_hash"], fields["hash"]
