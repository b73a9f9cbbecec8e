"""Reading the audit trail."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.audit import AuditEvent
from boclerk.domain.permissions import Perm
from boclerk.services.platform.audit_rows import AuditRow, history  # noqa: F401 (plain SQL, read by the lookups)


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
    return [
        AuditRow(
            e.id, e.at, e.actor, e.action, e.entity, e.entity_id,
            json.loads(e.before) if e.before else None,
            json.loads(e.after) if e.after else None,
        )
        for e in uow.s.scalars(stmt)
    ]


def record_file_write(uow: UnitOfWork, path: str, what: str, *, replaced: bool, size: int | None = None) -> None:
    """An audit event for a file boclerk wrote where someone told it to (``-o PATH``)."""
    import os

    where = os.path.abspath(path)
    uow.audit("file.replace" if replaced else "file.write", "file", where[-64:],
              after={"path": where, "what": what, "replaced": replaced, "bytes": size})
