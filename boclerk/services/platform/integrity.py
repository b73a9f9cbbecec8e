"""Tamper evidence for ``boclerk db check``: both hash chains recomputed, every guard in place.

Each check names the first broken link only: everything after it is unverifiable anyway,
and one sentence says where to start looking. A chain can break by a record changed
(its hash no longer matches), removed (a gap in the sequence, or a missing tail: the head
points past the last record), inserted by hand (no link, or a link to the wrong record) or
reordered. The guards are the triggers of boclerk/db/guards.py: a dropped, disabled or
rewritten one is reported too, since without it the database no longer refuses what it must.
"""

from __future__ import annotations

from sqlalchemy import text

from boclerk.db.uow import UnitOfWork
from boclerk.domain.chain import AUDIT, GENESIS, JOURNAL, audit_hash, entry_hash
from boclerk.i18n import _

BATCH = 5000


def _head(uow: UnitOfWork, name: str) -> tuple[int, str] | None:
    row = uow.s.execute(text("SELECT seq, hash FROM chain_head WHERE name = :n"), {"n": name}).first()
    return None if row is None else (row[0], row[1])


def check_audit_chain(uow: UnitOfWork, after: tuple[int, str] | None = None) -> list[str]:
    """The audit chain from its start, or from the link ``after`` (place, hash: a link an earlier
    check verified, see services/platform/incremental.py) on."""
    head = _head(uow, AUDIT)
    if head is None:
        return [_("the head of the audit chain is missing")]
    if after is None:
        unchained = uow.s.execute(text("SELECT MIN(id) FROM audit_event WHERE seq IS NULL OR hash IS NULL")).scalar()
    else:
        unchained = uow.s.execute(text(
            "SELECT MIN(id) FROM audit_event WHERE (seq IS NULL OR hash IS NULL) "
            "AND id > COALESCE((SELECT id FROM audit_event WHERE seq = :s), 0)"), {"s": after[0]}).scalar()
    expected, prev, last = (0, GENESIS, 0) if after is None else (after[0], after[1], after[0])
    while True:
        rows = uow.s.execute(text(
            "SELECT id, seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash FROM audit_event "
            "WHERE seq > :after ORDER BY seq LIMIT :n"), {"after": last, "n": BATCH}).all()
        for r in rows:
            expected += 1
            where = _("audit event #{id} (link {seq})").format(id=r.id, seq=r.seq)
            if r.seq != expected:
                return [_("the audit chain breaks before {where}: link {expected} is missing (an event was "
                    "removed)").format(where=where, expected=expected)]
            if r.prev_hash != prev:
                return [_("the audit chain breaks at {where}: it does not follow link {previous}").format(
                    where=where, previous=expected - 1)]
            at = r.at if not isinstance(r.at, str) else _parse(r.at)
            if audit_hash(prev, r.seq, at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after) != r.hash:
                return [_("the audit chain breaks at {where}: the event was changed after it was written").format(
                    where=where)]
            prev, last = r.hash, r.seq
        if len(rows) < BATCH:
            break
    if unchained is not None:
        return [_("audit event #{unchained} is outside the audit chain (written behind boclerk's back)").format(
            unchained=unchained)]
    if (last, prev) != head:
        return [_("the audit chain ends at link {last}, but its head says {head}: the newest events were "
            "removed").format(last=last, head=head[0])]
    return []


def check_journal_chain(uow: UnitOfWork, after: tuple[int, str] | None = None, since_id: int = 0) -> list[str]:
    """The journal chain from its start, or from the link ``after`` on (entries with ids above
    ``since_id`` checked for a missing link)."""
    head = _head(uow, JOURNAL)
    if head is None:
        return [_("the head of the journal chain is missing")]
    unchained = uow.s.execute(text(
        "SELECT MIN(number) FROM journal_entry WHERE status = 'posted' AND (chain_seq IS NULL OR hash IS NULL)"
        + (" AND id > :i" if since_id else "")), {"i": since_id}).scalar()
    expected, prev, last = (0, GENESIS, 0) if after is None else (after[0], after[1], after[0])
    while True:
        entries = uow.s.execute(text(
            "SELECT id, number, entry_date, memo, source_kind, source_ref, reverses_id, created_by, posted_by, "
            "posted_at, chain_seq, prev_hash, hash, status FROM journal_entry "
            "WHERE chain_seq > :after ORDER BY chain_seq LIMIT :n"), {"after": last, "n": BATCH}).all()
        if entries:
            lines: dict[int, list] = {e.id: [] for e in entries}
            ids = ",".join(str(int(e.id)) for e in entries)
            for p in uow.s.execute(text(
                    f"SELECT entry_id, line_no, account_id, department_id, amount FROM posting "
                    f"WHERE entry_id IN ({ids}) ORDER BY entry_id, line_no")):
                lines[p.entry_id].append((p.line_no, p.account_id, p.department_id, p.amount))
        for e in entries:
            expected += 1
            where = _("{entry} (link {seq})").format(
                entry=e.number or _("entry #{id}").format(id=e.id), seq=e.chain_seq)
            if e.chain_seq != expected:
                return [_("the journal chain breaks before {where}: link {expected} is missing (a posted "
                    "entry was removed)").format(where=where, expected=expected)]
            if e.prev_hash != prev:
                return [_("the journal chain breaks at {where}: it does not follow link {previous}").format(
                    where=where, previous=expected - 1)]
            digest = entry_hash(prev, e.chain_seq, number=e.number, entry_date=e.entry_date, memo=e.memo,
                                source_kind=e.source_kind, source_ref=e.source_ref, reverses_id=e.reverses_id,
                                created_by=e.created_by, posted_by=e.posted_by,
                                posted_at=e.posted_at if not isinstance(e.posted_at, str) else _parse(e.posted_at),
                                postings=lines[e.id])
            if e.status != "posted" or digest != e.hash:
                return [_("the journal chain breaks at {where}: the entry or its postings changed after it "
                    "was posted").format(where=where)]
            prev, last = e.hash, e.chain_seq
        if len(entries) < BATCH:
            break
    if unchained is not None:
        return [_("{unchained} is posted but outside the journal chain (posted behind boclerk's back)").format(
            unchained=unchained)]
    if (last, prev) != head:
        return [_("the journal chain ends at link {last}, but its head says {head}: the newest posted "
            "entries were removed").format(last=last, head=head[0])]
    return []


def _parse(value: str):
    from datetime import UTC, datetime

    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def check_guards(uow: UnitOfWork) -> list[str]:
    from boclerk.db.guards import missing_guards

    return missing_guards(uow.s.connection())
