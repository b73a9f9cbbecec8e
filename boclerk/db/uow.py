"""The unit of work every service runs in.

One unit is one database transaction with the acting user attached. Write units begin
with ``BEGIN IMMEDIATE`` on SQLite (retrying with backoff if another process holds the
write lock longer than the busy timeout); audit events are added to the same session,
so a unit commits the change and its audit trail together, or neither.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from boclerk.db.engine import is_busy_error
from boclerk.domain.permissions import DESCRIPTIONS, Perm, allowed
from boclerk.errors import DatabaseUnavailable, NotPermitted

if TYPE_CHECKING:
    from boclerk.db.database import Database

BEGIN_ATTEMPTS = 6
SYSTEM_ACTOR = "system"


def core_only(fn):
    """Mark a query service that reads with plain SQL only: its unit of work need not load the
    ORM schema first (what makes quick lookups and the app's first screens fast)."""
    fn.core_only = True
    return fn


def is_core_only(fn) -> bool:
    return bool(getattr(fn, "core_only", False))


@dataclass(frozen=True)
class Actor:
    """Who is acting: a boclerk user (or the system itself during set-up)."""

    name: str
    role: str
    id: int | None = None

    @property
    def is_system(self) -> bool:
        return self.id is None and self.name == SYSTEM_ACTOR


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "value") and not isinstance(value, (int, str)):
        return _jsonable(value.value)
    if isinstance(value, (int, str, bool)) or value is None:
        return value
    return str(value)


class UnitOfWork:
    """A transaction, its session, the actor, and the clock reading it started with."""

    def __init__(self, db: Database, actor_name: str | None, *, write: bool, system: bool = False,
                 core_only: bool = False):
        self.db = db
        self.write = write
        self.core_only = core_only and not write
        self._actor_name = actor_name
        self._system = system
        self.session: Session | None = None
        self.actor: Actor | None = None
        self.now: datetime = db.clock()
        self._company = None
        #: Per-unit memo of small lookups (account ids by role, ...); gone with the unit.
        self.cache: dict[Any, Any] = {}
        #: Audit event rows of this unit, linked into the audit chain and inserted as it commits.
        self.audit_log: list[dict] = []

    # -- context management -------------------------------------------------
    def __enter__(self) -> UnitOfWork:
        if not self.core_only:
            from boclerk.domain import models  # noqa: F401  (the whole schema, for the ORM's foreign keys)
        engine = self.db.write_engine if self.write else self.db.read_engine
        delay = 0.05
        for attempt in range(BEGIN_ATTEMPTS):
            session = Session(bind=engine, expire_on_commit=False, autoflush=True)
            try:
                session.connection()  # runs BEGIN / BEGIN IMMEDIATE now, not on first use
            except OperationalError as exc:
                session.close()
                if is_busy_error(exc) and attempt < BEGIN_ATTEMPTS - 1:
                    time.sleep(delay + random.uniform(0, delay))
                    delay *= 2
                    continue
                if is_busy_error(exc):
                    raise DatabaseUnavailable(
                        "The database is busy with another long write; try again in a moment."
                    ) from None
                raise DatabaseUnavailable(f"Cannot open the database: {exc.orig}.") from None
            self.session = session
            break
        try:
            self.actor = self._load_actor()
        except BaseException:
            self._finish(commit=False)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._finish(commit=exc_type is None and self.write)

    def _finish(self, *, commit: bool) -> None:
        session = self.session
        if session is None:
            return
        self.session = None
        try:
            if commit:
                if self.audit_log:
                    from boclerk.db.chain import append_audit

                    append_audit(session, self.audit_log)
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()

    def _load_actor(self) -> Actor:
        if self._system:
            return Actor(name=self._actor_name or SYSTEM_ACTOR, role="admin")
        name = self._actor_name
        if not name:
            raise NotPermitted("Cannot tell which OS user is running boclerk.")
        user = self.s.execute(text("SELECT id, name, role, active FROM app_user WHERE name = :n"),
                              {"n": name}).first()
        if user is None:
            raise NotPermitted(
                f"The OS user '{name}' has no boclerk account; an admin can add it with: "
                f"boclerk user add {name} --role clerk"
            )
        if not user.active:
            raise NotPermitted(f"The boclerk account '{name}' is disabled.")
        return Actor(name=user.name, role=user.role, id=user.id)

    # -- helpers for services ----------------------------------------------
    @property
    def s(self) -> Session:
        """The session (only while the unit is open)."""
        if self.session is None:
            raise RuntimeError("unit of work is not open")
        return self.session

    @property
    def actor_name(self) -> str:
        return self.actor.name if self.actor else SYSTEM_ACTOR

    def can(self, perm: Perm) -> bool:
        return self.actor is not None and allowed(self.actor.role, perm)

    def require(self, perm: Perm) -> None:
        """Refuse unless the actor's role holds ``perm``."""
        if not self.can(perm):
            who = self.actor.name if self.actor else "nobody"
            role = self.actor.role if self.actor else "no role"
            raise NotPermitted(f"{who} ({role}) may not {DESCRIPTIONS[perm]}.")

    @property
    def today(self) -> date:
        """The business date: the local date at the moment the unit began."""
        return self.now.astimezone().date()

    @property
    def company(self):
        """The shop's settings row (read once per unit)."""
        if self._company is None:
            from boclerk.domain import models  # noqa: F401
            from boclerk.domain.company import Company

            self._company = self.s.get(Company, 1)
            if self._company is None:
                raise DatabaseUnavailable("The database has no company settings; was it initialised?")
        return self._company

    @property
    def currency(self) -> str:
        return self.company.currency

    def audit(self, action: str, entity: str, entity_id: object, *, before: Any = None, after: Any = None) -> None:
        """Record a write in the same transaction."""
        if not self.write:
            raise RuntimeError("audit events need a write unit of work")
        self.audit_log.append({
            "at": self.now,
            "actor": self.actor_name,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "before": None if before is None else json.dumps(_jsonable(before), ensure_ascii=False, sort_keys=True),
            "after": None if after is None else json.dumps(_jsonable(after), ensure_ascii=False, sort_keys=True),
        })
