"""What every act reads and almost nothing changes, kept by the process between units of work.

Accounts, departments, VAT rates and regimes, the company row, units, warehouses and users are read
by every act, and changed a few times a year. Each change gives ``reference_generation`` a new random
value, by triggers in the transaction that makes it (migration 0022, :data:`TABLES`). A read unit
reads the generation once, inside its transaction, the first time it needs one of these (its
actor, at its start): while it is the value the process last read, what the process read of those
tables then still holds, and is taken from :func:`memo` instead of asked for again; otherwise the
memo starts empty for the new value. So an act sees another process's change to a VAT rate, the
lock date, an account or a user's role as soon as its unit's snapshot does. On PostgreSQL (READ
COMMITTED) a unit may read a row newer than its generation: no older than it, as any later
statement of the unit would.

Read units use it (the planning of an act, queries), and on PostgreSQL, where acts run in one
write unit, the write units of the order acts too (:func:`boclerk.db.running.run` marks them
``reads_reference``): none of them changes these tables (a test holds every one of them to that),
so what they read of them, and keep, is what others committed. Any other write unit may change
these tables itself and reads them in its own transaction, as before. The memo keeps plain values
(rows, tuples, frozen objects), never an ORM instance, since units of several threads share it; it
belongs to one :class:`~boclerk.db.database.Database`, opened at the code's revision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import text

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

T = TypeVar("T")

#: The tables whose every change moves the generation (their triggers: :func:`sqlite_triggers`,
#: :func:`pg_triggers`).
TABLES = ("account", "department", "vat_rate", "company_vat_regime", "company", "unit", "warehouse", "app_user")
_GENERATION_SQL = "SELECT generation FROM reference_generation WHERE id = 1"
_GENERATION = text(_GENERATION_SQL)
_KEY = ("reference memo",)


def memo(uow: UnitOfWork) -> dict[Any, Any] | None:
    """The process's memo of reference data valid in this unit; None in a write unit (but one marked
    ``reads_reference``), or on a database opened without checking its revision (which may not
    have the generation)."""
    try:
        return uow.cache[_KEY]
    except KeyError:
        pass
    found = uow.cache[_KEY] = _current(uow)
    return found


def _current(uow: UnitOfWork) -> dict[Any, Any] | None:
    db = uow.db
    if (uow.write and not uow.reads_reference) or not getattr(db, "remembers", False):
        return None
    connection = uow.s.connection()
    if connection.dialect.name == "sqlite":  # one small read in every read unit: straight to the cursor
        row = connection.connection.driver_connection.execute(_GENERATION_SQL).fetchone()
        generation = row[0] if row is not None else None
    else:
        generation = connection.execute(_GENERATION).scalar()
    if generation is None:
        return None
    held = db.reference_memo
    if held is None or held[0] != generation:
        held = db.reference_memo = (generation, {})
    return held[1]


def remembered(uow: UnitOfWork, key: Any, load: Callable[[], T]) -> T:
    """``load()`` once per generation in read units (kept under ``key``), every time in write units.
    ``load`` must return a plain value, the same whichever unit reads it."""
    found = memo(uow)
    if found is None:
        return load()
    try:
        return found[key]
    except KeyError:
        value = found[key] = load()
        return value


# -- the triggers, as migration 0022 creates them (checked by ``db check`` with the guards) -------

_BUMP_PG_FUNCTION = """
       BEGIN
         UPDATE reference_generation SET generation = (random() * 4e18)::bigint;
         RETURN NULL;
       END"""


def sqlite_triggers() -> dict[str, str]:
    return {f"trg_{table}_reference_{event}":
            f"CREATE TRIGGER trg_{table}_reference_{event} AFTER {event.upper()} ON {table} "
            "BEGIN UPDATE reference_generation SET generation = random(); END"
            for table in TABLES for event in ("insert", "update", "delete")}


def pg_triggers() -> dict[str, tuple[str, str]]:
    """A row trigger deferred to the commit, and one for TRUNCATE, a table."""
    return {f"trg_{table}_reference{kind}": (table, "boclerk_reference_changed")
            for table in TABLES for kind in ("", "_truncate")}


def pg_functions() -> dict[str, str]:
    return {"boclerk_reference_changed": _BUMP_PG_FUNCTION}
