"""Reading the audit trail."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.audit import AuditEvent
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.platform.audit_view import AuditRow, history  # noqa: F401 - one reader of a record's history


def list_events(
    uow: UnitOfWork,
    *,
    user: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    since: date | None = None,
    limit: int = 200,
) -> list[AuditRow]:
    """Newest first. ``since`` is a business date (local midnight)."""
    uow.require(Perm.AUDIT_READ)
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if user:
        stmt = stmt.where(AuditEvent.actor == user)
    if entity:
        stmt = stmt.where(AuditEvent.entity == entity)
    if entity_id:
        stmt = stmt.where(AuditEvent.entity_id == entity_id)
    if since:
        start = datetime.combine(since, time.min).astimezone().astimezone(UTC)
        stmt = stmt.where(AuditEvent.at >= start)
    rows = [
        AuditRow(
            e.id, e.at, e.actor, e.action, e.entity, e.entity_id,
            json.loads(e.before) if e.before else None,
            json.loads(e.after) if e.after else None,
        )
        for e in uow.s.scalars(stmt)
    ]
    if not rows and entity:
        _known_kind(uow, entity)
    return rows


def _known_kind(uow: UnitOfWork, entity: str) -> None:
    """Refuse a kind of record the trail has never named (a typo would read as "nothing happened"),
    naming the kinds it has: read by a skip over the entity index, a step a kind, not a row each."""
    from sqlalchemy import text

    if uow.s.execute(text("SELECT 1 FROM audit_event WHERE entity = :e LIMIT 1"), {"e": entity}).first():
        return
    kinds = uow.s.scalars(text(
        "WITH RECURSIVE k(e) AS (SELECT MIN(entity) FROM audit_event UNION ALL "
        "SELECT (SELECT MIN(entity) FROM audit_event WHERE entity > k.e) FROM k WHERE k.e IS NOT NULL) "
        "SELECT e FROM k WHERE e IS NOT NULL")).all()
    raise InvalidInput(_("The audit trail names no record of the kind '{entity}' (--entity); it has: {kinds}.").format(
        entity=entity, kinds=", ".join(kinds) or "-"))


def record_file_write(uow: UnitOfWork, path: str, what: str, *, replaced: bool, size: int | None = None) -> None:
    """An audit event for a file boclerk wrote where someone told it to (``-o PATH``)."""
    import os

    where = os.path.abspath(path)
    uow.audit("file.replace" if replaced else "file.write", "file", where[-64:],
              after={"path": where, "what": what, "replaced": replaced, "bytes": size})
