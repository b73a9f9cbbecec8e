"""Running a service in units of work: :func:`run`, what ``db.run`` and the faces call.

A unit the database gave up for a concurrent one runs again (:data:`~boclerk.db.uow.RUN_ATTEMPTS`
times in all). An act with a plan (:func:`boclerk.db.phases.two_phase`) is planned in a read unit,
outside the write lock, while this process holds one of the planners' places
(:func:`boclerk.db.turns.planner`), and the plan applied in a short write unit on a plain
connection (:class:`~boclerk.db.uow.CoreSession`) whose actor is the one the plan's unit loaded,
checked unchanged; a plan gone stale is made again, and the last attempt is the act in one unit.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from boclerk.db import uow as units
from boclerk.db.phases import PLAN_ATTEMPTS, Stale, phases, planned
from boclerk.db.uow import Actor, UnitOfWork, is_core_only
from boclerk.errors import WriteConflict

if TYPE_CHECKING:
    from boclerk.db.database import Database

T = TypeVar("T")


def run(db: Database, actor: str | None, fn: Callable[..., T], args: tuple = (), kwargs: dict | None = None, *,
        write: bool) -> T:
    """``fn(uow, *args, **kwargs)`` in one unit of work, committed if ``write`` (see :func:`_run`);
    an act with a plan (:func:`~boclerk.db.phases.two_phase`) is planned outside the write lock first;
    an act that runs units of its own (:func:`~boclerk.db.phases.in_units`) is called with the database."""
    if getattr(fn, "in_units", False):
        return fn(db, actor, *args, **(kwargs or {}))
    both = phases(fn) if write and planned(db) else None
    if both is None:
        # an order act in one unit (PostgreSQL): it changes no reference data, so it may take that
        # from the process's memo as read units do (boclerk/db/reference.py)
        return _run(db, actor, fn, args, kwargs, write=write,
                    reads_reference=write and getattr(fn, "plan", None) is not None)
    prepare, apply = both
    for __ in range(PLAN_ATTEMPTS - 1):
        seen: list[Actor | None] = []
        plan = _plan(db, actor, prepare, args, kwargs, seen)
        if plan is None:
            break
        try:
            return _run(db, actor, apply, (plan,), None, write=True, core=True, known=seen[-1] if seen else None)
        except Stale:
            continue
    return _run(db, actor, fn, args, kwargs, write=True)


def _plan(db: Database, actor: str | None, prepare: Callable[..., T], args: tuple, kwargs: dict | None,
          seen: list) -> T:
    """``prepare`` in a read unit, holding a planner's place; ``seen`` gets the unit's actor."""
    def planning(uow: UnitOfWork, *a, **kw):
        seen.append(uow.actor)
        return prepare(uow, *a, **kw)

    location = db.location
    if location.path is None:
        return _run(db, actor, planning, args, kwargs, write=False)
    from boclerk.db.turns import planner

    with planner(location.path):
        return _run(db, actor, planning, args, kwargs, write=False)


def _run(db: Database, actor: str | None, fn: Callable[..., T], args: tuple = (), kwargs: dict | None = None, *,
         write: bool, core: bool = False, known: Actor | None = None, reads_reference: bool = False) -> T:
    """``fn(uow, *args, **kwargs)`` in one unit of work, committed if ``write``.

    A unit the database gave up for a concurrent one (:class:`WriteConflict`) runs again
    from the start, with a fresh snapshot, up to :data:`~boclerk.db.uow.RUN_ATTEMPTS` times in all; then its
    sentence reaches the clerk. ``fn`` must therefore leave nothing behind but its unit's
    writes (stored documents are content-addressed, so storing one twice is harmless).
    """
    attempt, delay = 1, 0.02
    while True:
        try:
            with UnitOfWork(db, actor, write=write, core_only=is_core_only(fn), core=core, actor=known,
                            reads_reference=reads_reference) as uow:
                return fn(uow, *args, **(kwargs or {}))
        except WriteConflict:
            if attempt >= units.RUN_ATTEMPTS:
                raise
        attempt += 1
        time.sleep(delay + random.uniform(0, delay))
        delay *= 2
