"""The target side of ``boclerk db copy``: an empty PostgreSQL database given boclerk's schema and
readied for rows copied in bulk, then made whole again, all in the one transaction of the copy.

The schema is made by the migrations, as ``boclerk db init`` makes it, on the copy's own connection
(PostgreSQL's DDL is transactional: a copy that fails leaves no table behind). What the migrations
seed (the chart of accounts, the main warehouse, the chains' heads ...) is emptied again: the copy
brings the source's own rows. While rows go in, the triggers that guard or summarise the books are
switched off (the source's rows already passed them, and its summaries come over as they are) and
the foreign keys are dropped, to be added again over the whole tables at the end (one check of each
key over its table instead of one look-up per row); the sequences are then moved past the copied ids.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, text


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Borrowed:
    """What the migrations' environment takes for an engine: it hands out the copy's connection,
    already in its transaction, so Alembic runs inside it (alembic_version too)."""

    def __init__(self, conn: Connection):
        self.conn = conn

    @contextmanager
    def connect(self):
        yield self.conn


def migrate_within(conn: Connection) -> None:
    """Create boclerk's schema by the migrations, inside ``conn``'s open transaction."""
    from alembic import command

    from boclerk.db.migrate import alembic_config

    command.upgrade(alembic_config(_Borrowed(conn)), "head")  # type: ignore[arg-type]


def user_tables(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname"))]


def columns_of(conn: Connection) -> dict[str, list[tuple[str, str, bool, bool]]]:
    """Each table's columns in order: (name, data type, not null, has a default)."""
    found: dict[str, list[tuple[str, str, bool, bool]]] = {}
    for row in conn.execute(text(
            "SELECT table_name, column_name, data_type, is_nullable = 'NO', "
            "column_default IS NOT NULL OR is_identity = 'YES' OR is_generated <> 'NEVER' "
            "FROM information_schema.columns WHERE table_schema = current_schema() "
            "ORDER BY table_name, ordinal_position")):
        found.setdefault(row[0], []).append((row[1], row[2], bool(row[3]), bool(row[4])))
    return found


def dependency_order(tables: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """``tables`` with every table after the tables its foreign keys name (``edges``: child, parent).
    A cycle (none in boclerk's schema) keeps the rest in name order."""
    parents = {t: set() for t in tables}
    for child, parent in edges:
        if child != parent and child in parents and parent in parents:
            parents[child].add(parent)
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in placed and parents[t] <= placed]
        if not ready:
            ready = [t for t in tables if t not in placed]
        for t in ready:
            ordered.append(t)
            placed.add(t)
    return ordered


@dataclass
class Readied:
    """What :func:`ready_for_rows` set aside, to be put back by :func:`make_whole`."""

    order: list[str]
    triggers: list[tuple[str, str]] = field(default_factory=list)  # (table, trigger) switched off
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)  # (table, name, definition)


def ready_for_rows(conn: Connection, keep: set[str]) -> Readied:
    """Empty every table but ``keep`` (the seeds of the migrations), switch the enabled triggers off
    and drop the foreign keys; returns the tables in dependency order and what to put back."""
    tables = [t for t in user_tables(conn) if t not in keep]
    fks = conn.execute(text(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.confrelid::regclass::text "
        "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE n.nspname = current_schema() AND c.contype = 'f' ORDER BY 1, 2")).all()
    readied = Readied(dependency_order(tables, [(_bare(r[0]), _bare(r[3])) for r in fks]))
    readied.triggers = [(r[0], r[1]) for r in conn.execute(text(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgenabled = 'O' ORDER BY 1, 2"))]
    for table, trigger in readied.triggers:
        conn.exec_driver_sql(f"ALTER TABLE {quoted(table)} DISABLE TRIGGER {quoted(trigger)}")
    for table, name, definition, _parent in fks:
        readied.foreign_keys.append((_bare(table), name, definition))
        conn.exec_driver_sql(f"ALTER TABLE {quoted(_bare(table))} DROP CONSTRAINT {quoted(name)}")
    if tables:
        conn.exec_driver_sql("TRUNCATE " + ", ".join(quoted(t) for t in tables))
    return readied


def _bare(regclass: str) -> str:
    """A table's name as ``regclass::text`` gives it (quoted when it must be), unquoted."""
    return regclass[1:-1].replace('""', '"') if regclass.startswith('"') else regclass


def move_sequences(conn: Connection) -> int:
    """Move every serial or identity column's sequence past the highest value copied; returns how many."""
    owned = conn.execute(text(
        "SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND (column_default LIKE 'nextval(%' OR is_identity = 'YES') ORDER BY 1, 2")).all()
    moved = 0
    for table, column, sequence in owned:
        if sequence is None:
            continue
        conn.execute(text(
            f"SELECT setval(:s, COALESCE(MAX({quoted(column)}), 1), MAX({quoted(column)}) IS NOT NULL) "
            f"FROM {quoted(table)}"), {"s": sequence})
        moved += 1
    return moved


def make_whole(conn: Connection, readied: Readied, step: Callable[[int, int], None]) -> None:
    """Add the foreign keys again (each checked over its whole table; ``step(done, total)`` after each)
    and switch the triggers back on."""
    for done, (table, name, definition) in enumerate(readied.foreign_keys, 1):
        conn.exec_driver_sql(f"ALTER TABLE {quoted(table)} ADD CONSTRAINT {quoted(name)} {definition}")
        step(done, len(readied.foreign_keys))
    for table, trigger in readied.triggers:
        conn.exec_driver_sql(f"ALTER TABLE {quoted(table)} ENABLE TRIGGER {quoted(trigger)}")
