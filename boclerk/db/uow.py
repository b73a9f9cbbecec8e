"""The unit of work every service runs in.

One unit is one database transaction with the acting user attached. Write units on SQLite
first take their turn among the database's writers, first come first served across
processes (:mod:`boclerk.db.turns`), then begin with ``BEGIN IMMEDIATE`` (retrying with
backoff if a writer outside the queue holds the write lock longer than the busy timeout);
they commit without waiting for the disk, give the turn to the next writer, then sync the
WAL before they return (:func:`boclerk.db.engine.sync_wal`). Audit events are added to the
same session, so a unit commits the change and its audit trail together, or neither.

A unit that fails on the database's own rules rolls back and raises the domain's error
instead (:func:`domain_error`): a uniqueness race or a stale version becomes
:class:`ConcurrentChange`, a CHECK constraint or trigger a :class:`Refused` naming the
rule, a transaction PostgreSQL gave up for another (serialization failure, deadlock) a
:class:`WriteConflict`, which :func:`~boclerk.db.running.run` answers by running the whole unit again, a
bounded number of times. The faces call services through :func:`boclerk.db.running.run`
(``db.run``) and never see SQLAlchemy's exceptions.

An act may be done in two phases (:func:`boclerk.db.phases.two_phase`): its reads and checks run first in a
read unit, without the write turn, and make a plan; a short write unit then applies the plan,
re-checking with conditional statements what the plan relied on. If something changed in
between (:class:`~boclerk.db.phases.Stale`), the plan is made again; the last attempt does the act the one-phase
way, inside the write unit, so no act waits for ever (:mod:`boclerk.db.phases`,
:mod:`boclerk.db.running`). The apply unit runs on a plain connection (:class:`CoreSession`) with the
actor its plan's unit loaded, its prebuilt statements sent straight to the sqlite3 cursor
(:mod:`boclerk.db.raw`). On PostgreSQL acts keep one phase: its row locks already let
writers work side by side, and a plan costs one more transaction.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, column, select, table, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from boclerk.db.engine import (
    is_busy_error,
    is_retryable_error,
    sqlite_error_name,
    sqlstate,
)
from boclerk.db import reference
from boclerk.db.phases import Stale
from boclerk.db.raw import CoreSession
from boclerk.domain.permissions import DESCRIPTIONS, Perm, allowed
from boclerk.errors import (
    BoclerkError,
    ConcurrentChange,
    DatabaseUnavailable,
    NotPermitted,
    Refused,
    WriteConflict,
)
from boclerk.i18n import N_, _

if TYPE_CHECKING:
    from boclerk.db.database import Database
    from boclerk.domain.acts import Act

_ACTOR_BY_NAME = text("SELECT id, name, role, active, version FROM app_user WHERE name = :n")

BEGIN_ATTEMPTS = 6
#: How many times in all :func:`boclerk.db.running.run` starts a unit that the database keeps giving up.
RUN_ATTEMPTS = 4
SYSTEM_ACTOR = "system"
#: Unique and foreign keys: what another transaction saved a moment ago clashes with this one.
_CLASH_STATES = frozenset({"23505", "23503"})
_CLASH_NAMES = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "SQLITE_CONSTRAINT_FOREIGNKEY"})
CLASH = N_("This conflicts with a change saved a moment ago by someone else; nothing was written. "
         "Look again and retry.")
CHANGED_UNDER_YOU = N_("The records changed under you while this was being saved; nothing was written. "
                     "Look again and retry.")
BUSY = N_("The database is busy with another long write; nothing was written. Try again in a moment.")


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
    #: the account row's version when it was read (an apply unit checks it is unchanged)
    version: int | None = None


def domain_error(exc: BaseException) -> BoclerkError | None:
    """The domain's error for a database failure a clerk can meet, or None for a fault."""
    if isinstance(exc, StaleDataError):
        return ConcurrentChange(_(CLASH))
    if not isinstance(exc, DBAPIError):
        return None
    if is_busy_error(exc):
        return WriteConflict(_(BUSY))
    if is_retryable_error(exc):
        return WriteConflict(_(CHANGED_UNDER_YOU))
    if exc.connection_invalidated:
        return DatabaseUnavailable(_("Lost the connection to the database: {exc}.").format(exc=_first_line(exc)))
    if sqlstate(exc) in _CLASH_STATES or sqlite_error_name(exc) in _CLASH_NAMES:
        return ConcurrentChange(_(CLASH))
    if isinstance(exc, IntegrityError) or sqlstate(exc) == "P0001":  # a CHECK, NOT NULL or a trigger's RAISE
        return Refused(_("The database refused this ({exc}); nothing was written.").format(exc=_first_line(exc)))
    return None


def _first_line(exc: DBAPIError) -> str:
    """The database's own message, first line only: the details may quote a row's values."""
    lines = str(exc.orig).strip().splitlines()
    return lines[0] if lines else type(exc.orig).__name__


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


#: Built once: an apply unit's check that its actor (known from the plan's unit) still holds the
#: same account, role and rights.
_USERS = table("app_user", column("id"), column("role"), column("active"), column("version"))
_ACTOR_UNCHANGED = select(_USERS.c.id).where(
    _USERS.c.id == bindparam("id"), _USERS.c.role == bindparam("role"), _USERS.c.version == bindparam("version"),
    _USERS.c.active.is_(True))


class UnitOfWork:
    """A transaction, its session, the actor, and the clock reading it started with.

    ``core``: an apply unit of a planned act on SQLite: a :class:`CoreSession` instead of an
    ORM session, and ``actor``, the actor its plan's unit loaded, checked by one prebuilt
    statement instead of loaded again (:class:`~boclerk.db.phases.Stale` if it changed)."""

    def __init__(self, db: Database, actor_name: str | None, *, write: bool, system: bool = False,
                 core_only: bool = False, core: bool = False, actor: Actor | None = None,
                 reads_reference: bool = False):
        self.db = db
        self.write = write
        #: a write unit of an act that never changes reference data: it may take that from the
        #: process's memo (:mod:`boclerk.db.reference`); read units always may
        self.reads_reference = reads_reference and write
        self.core_only = core_only and not write
        self.core = core and write
        self._known_actor = actor if self.core else None
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
        if not self.core_only and not self.core:
            from boclerk.domain import models  # noqa: F401  (the whole schema, for the ORM's foreign keys)
        engine = self.db.unit_write_engine if self.write else self.db.read_engine
        # an apply unit takes its connection from the pool before its turn: not inside the lock
        ready = engine.connect() if self.core else None
        try:
            self._take_turn()
        except BaseException:
            if ready is not None:
                ready.close()
            raise
        delay = 0.05
        for attempt in range(BEGIN_ATTEMPTS):
            session = None
            try:
                if self.core:
                    connection, ready = ready or engine.connect(), None
                    try:
                        session = CoreSession(connection)
                    except BaseException:
                        connection.close()
                        raise
                else:
                    session = Session(bind=engine, expire_on_commit=False, autoflush=True)
                    session.connection()  # runs BEGIN / BEGIN IMMEDIATE now, not on first use
            except OperationalError as exc:
                if session is not None:
                    session.close()
                if is_busy_error(exc) and attempt < BEGIN_ATTEMPTS - 1:
                    time.sleep(delay + random.uniform(0, delay))
                    delay *= 2
                    continue
                self._give_back_turn()
                if is_busy_error(exc):
                    raise DatabaseUnavailable(_(BUSY)) from None
                raise DatabaseUnavailable(_("Cannot open the database: {detail}.").format(detail=exc.orig)) from None
            except BaseException:
                if session is not None:
                    session.close()
                self._give_back_turn()
                raise
            self.session = session
            break
        try:
            self.actor = self._load_actor() if self._known_actor is None else self._check_actor(self._known_actor)
        except BaseException:
            self._finish(commit=False)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc is not None:
            self._finish(commit=False)
            translated = domain_error(exc)
            if translated is not None:
                raise translated from exc
            return
        try:
            self._finish(commit=self.write)
        except Exception as failure:
            translated = domain_error(failure)
            if translated is None:
                raise
            raise translated from failure

    def _take_turn(self) -> None:
        """On SQLite, queue behind the writers who came first (see :mod:`boclerk.db.turns`)."""
        self._turn = None
        location = self.db.location
        if not self.write or not location.is_sqlite or location.path is None:
            return
        from boclerk.db.turns import write_turn

        turn = write_turn(location.path)
        try:
            turn.__enter__()
        except OSError:  # no turns file can be kept beside the database: SQLite's own lock still guards it
            return
        self._turn = turn

    def _give_back_turn(self) -> None:
        turn, self._turn = getattr(self, "_turn", None), None
        if turn is not None:
            turn.__exit__(None, None, None)

    def _finish(self, *, commit: bool) -> None:
        session = self.session
        if session is None:
            return
        self.session = None
        committed = False
        try:
            if commit:
                if self.audit_log:
                    from boclerk.db.chain import append_audit

                    append_audit(session, self.audit_log)
                session.commit()
                committed = True
            else:
                session.rollback()
        finally:
            session.close()
            self._give_back_turn()
        location = self.db.location
        if committed and location.is_sqlite and location.path is not None and self.db.sync_each_unit:
            from boclerk.db.engine import sync_wal

            sync_wal(location.path)  # durable before the unit says it is done (see sync_wal)

    def _check_actor(self, actor: Actor) -> Actor:
        """The actor the plan's unit loaded, if its row is unchanged (the same role, still active, the
        same version); :class:`Stale` if not, so the act is planned again and refused there."""
        if actor.id is None or actor.version is None:
            return self._load_actor()
        found = self.s.execute(_ACTOR_UNCHANGED, {"id": actor.id, "role": actor.role,
                                                  "version": actor.version}).first()
        if found is None:
            raise Stale
        return actor

    def _load_actor(self) -> Actor:
        if self._system:
            return Actor(name=self._actor_name or SYSTEM_ACTOR, role="admin")
        name = self._actor_name
        if not name:
            raise NotPermitted(_("Cannot tell which OS user is running boclerk."))
        user = reference.remembered(self, ("actor", name), lambda: self.s.execute(_ACTOR_BY_NAME, {"n": name}).first())
        if user is None:
            raise NotPermitted(
                _("The OS user '{name}' has no boclerk account; an admin can add it with: boclerk "
                    "user add {name} --role clerk").format(name=name)
            )
        if not user.active:
            raise NotPermitted(_("The boclerk account '{name}' is disabled.").format(name=name))
        return Actor(name=user.name, role=user.role, id=user.id, version=user.version)

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

    def can(self, perm: Perm | Act) -> bool:
        return self.actor is not None and allowed(self.actor.role, getattr(perm, "perm", perm))

    def require(self, perm: Perm | Act) -> None:
        """Refuse unless the actor's role holds ``perm`` (or the permission of the act of the rule book)."""
        perm = getattr(perm, "perm", perm)
        if not self.can(perm):
            who = self.actor.name if self.actor else "nobody"
            role = self.actor.role if self.actor else "no role"
            raise NotPermitted(_("{who} ({role}) may not {what}.").format(
                who=who, role=role, what=_(DESCRIPTIONS[perm])))

    @property
    def today(self) -> date:
        """The business date: the local date at the moment the unit began."""
        return self.now.astimezone().date()

    @property
    def company(self):
        """The shop's settings row (read once per unit; in a read unit a plain row, see :mod:`boclerk.db.reference`)."""
        if self._company is None:
            from boclerk.domain import models  # noqa: F401
            from boclerk.domain.company import Company

            if self.write:
                self._company = self.s.get(Company, 1)
            else:  # a read unit: the row as the process last read it, while the reference data is unchanged
                self._company = reference.remembered(self, ("company",), lambda: self.s.execute(
                    select(Company.__table__).where(Company.__table__.c.id == 1)).first())
            if self._company is None:
                raise DatabaseUnavailable(_("The database has no company settings; was it initialised?"))
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
