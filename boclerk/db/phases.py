"""Acts done in two phases: planned outside the write lock, applied in a short write unit.

:func:`boclerk.db.running.run` asks :func:`phases` whether an act has a plan (:func:`two_phase`); if
so, it makes the plan in a read unit and applies it in a write unit, making it again if the apply
raises :class:`Stale`, up to :data:`PLAN_ATTEMPTS` times in all, the last one being the act
itself in one unit.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boclerk.db.database import Database

#: How many times a two-phase act is tried in all: planned (all but the last), then in one phase.
PLAN_ATTEMPTS = 3


class Stale(Exception):  # noqa: N818 - a signal between the two phases, never shown to a clerk
    """What a plan relied on changed between its making and its applying: make it again."""


def two_phase(fn: Callable[..., Any], plan: str) -> None:
    """Let :func:`boclerk.db.running.run` do the act ``fn`` in two phases. ``plan`` names them, "module:name": the
    module's ``prepare_<name>(uow, *args, **kwargs)`` runs in a read unit and returns a plan (or
    None: do it the one-phase way), its ``apply_<name>(uow, plan)`` does it in a write unit,
    raising :class:`Stale` if the plan no longer holds. The module is imported when the act is
    first run, so the act's own module need not import it (the plan module imports the act's).
    ``fn`` itself stays the act done in one unit: what a caller with its own unit calls, and
    the last attempt."""
    fn.plan = plan


def in_units(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark an act that runs write units of its own, one part of its work each (a batch of many
    independent records): :func:`boclerk.db.running.run` calls ``fn(db, actor, *args, **kwargs)``
    instead of opening one unit for it, so other writers take their turns between the parts."""
    fn.in_units = True
    return fn


def phases(fn: Callable[..., Any]) -> tuple[Callable[..., Any], Callable[..., Any]] | None:
    """(prepare, apply) of an act done in two phases (see :func:`two_phase`), or None."""
    prepare = getattr(fn, "prepare", None)
    if prepare is not None:
        return prepare, fn.apply
    plan = getattr(fn, "plan", None)
    if plan is None:
        return None
    module, name = plan.split(":")
    found = import_module(module)
    fn.prepare, fn.apply = getattr(found, f"prepare_{name}"), getattr(found, f"apply_{name}")
    return fn.prepare, fn.apply


def planned(db: Database) -> bool:
    """Whether acts are planned outside the write lock on this database (SQLite; a database
    object may say no with ``plan_acts = False``)."""
    location = getattr(db, "location", None)
    return bool(location is not None and location.is_sqlite and getattr(db, "plan_acts", True))
