"""Hash chains over the audit trail and the posted journal (tamper evidence).

Each audit event and each posted journal entry carries the hash of the one before it
and its own hash over that link and its content, as the most trusted accounting systems
chain their posted entries: changing, removing or inserting a record anywhere breaks
every link after it, and removing the newest ones leaves the chain head (a row kept per
chain) pointing past the end. ``boclerk db check`` recomputes both chains and names the
first broken link.

The content hashed is a canonical JSON list (format version 1, below); it is part of the
stored data, so it never changes for existing records. A chain starts at :data:`GENESIS`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

GENESIS = "0" * 64
AUDIT = "audit"
JOURNAL = "journal"
_FORMAT = 1


def stamp(value: datetime | None) -> str | None:
    """A timestamp as hashed: UTC, microseconds, 'Z'."""
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite hands back naive UTC from plain SQL
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _day(value: date | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def link(previous: str, content: list) -> str:
    payload = json.dumps([_FORMAT, *content], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{payload}".encode()).hexdigest()


def audit_hash(previous: str, seq: int, at: datetime, actor: str, action: str, entity: str, entity_id: str,
               before: str | None, after: str | None) -> str:
    return link(previous, [AUDIT, seq, stamp(at), actor, action, entity, entity_id, before, after])


def entry_hash(previous: str, seq: int, *, number: str, entry_date: date, memo: str, source_kind: str,
               source_ref: str, reverses_id: int | None, created_by: str, posted_by: str | None,
               posted_at: datetime | None, postings: Iterable[Sequence]) -> str:
    """``postings``: (line_no, account_id, department_id, amount) of every posting, in line order."""
    lines = [[int(n), int(a), None if d is None else int(d), int(amount)] for n, a, d, amount in postings]
    return link(previous, [JOURNAL, seq, number, _day(entry_date), memo, source_kind, source_ref, reverses_id,
                           created_by, posted_by, stamp(posted_at), lines])
