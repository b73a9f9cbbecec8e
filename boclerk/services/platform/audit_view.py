"""Who did what to one record, read with plain SQL: the history that ``boclerk show`` prints
for a contract or a supply request before SQLAlchemy is loaded (see boclerk/db/plain.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from boclerk.db.plain import core_only, text, utc_moment
from boclerk.domain.permissions import Perm

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any


@core_only
def history(uow: UnitOfWork, entity: str, entity_id: str) -> list[AuditRow]:
    """Who did what to one record, oldest first (readable by everyone who can read it)."""
    uow.require(Perm.READ)
    return [AuditRow(r.id, utc_moment(r.at), r.actor, r.action, r.entity, r.entity_id,
                     json.loads(r.before) if r.before else None, json.loads(r.after) if r.after else None)
            for r in uow.s.execute(text("SELECT id, at, actor, action, entity, entity_id, before, after "
                                        "FROM audit_event WHERE entity = :e AND entity_id = :i ORDER BY id"),
                                   {"e": entity, "i": str(entity_id)})]
