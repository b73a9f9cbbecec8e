"""``boclerk db copy --to postgresql://...``: a shop's SQLite books carried whole into an empty
PostgreSQL database.

The source is read in one read transaction (one snapshot: whatever is written meanwhile is left
out, whole), through a read-only connection of its own. The target gets boclerk's schema by the
migrations and every row of every table, in dependency order, with PostgreSQL's ``COPY`` streamed
in batches (:mod:`.pg_schema` readies the tables and makes them whole again); the sequences move
past the copied ids; the stored documents the source names go into the target's document store.
All of it is one transaction on the target: a copy that fails leaves the target as it was, an
empty database (and the files it stored are taken out of the store again).

Values go over as SQLite keeps them, in COPY's text form: integers (money in minor units,
booleans as 0 and 1, which PostgreSQL's boolean reads), text (dates, and UTC timestamps without a
zone, which the target reads in its transaction's time zone, set to UTC), bytes. The audit events
and journal entries keep their hashes, and their chains link as they did.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from boclerk.db.schema import SCHEMA_REVISION, revision_problem
from boclerk.errors import DatabaseUnavailable, InvalidInput, NotPermitted, Refused
from boclerk.i18n import N_, _
from boclerk.services.platform.pg_schema import (
    columns_of,
    make_whole,
    migrate_within,
    move_sequences,
    quoted,
    ready_for_rows,
)
from boclerk.settings import DbLocation

#: Rows read from SQLite and written to the COPY stream at a time.
BATCH = 10_000
#: Tables SQLite keeps for itself or for its full-text index; PostgreSQL indexes the text in a column.
SQLITE_ONLY = ("sqlite_", "document_fts")
#: What the progress bar says, step by step (translated where shown).
ROWS_STEP = N_("Copying rows")
FILES_STEP = N_("Copying stored files")
SCHEMA_STEP = N_("Creating the schema")
KEYS_STEP = N_("Checking the copied rows' keys")

Progress = Callable[[str, int, int], None]


@dataclass
class Copied:
    """What ``boclerk db copy`` did."""

    source: str
    target: str
    revision: str
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows copied, in the order copied
    files: int = 0
    missing_files: list[str] = field(default_factory=list)  # named by the source, missing or damaged in its store
    sequences: int = 0
    seconds: float = 0.0
    store: str = ""  # the target's document store

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _source_connection(location: DbLocation) -> sqlite3.Connection:
    """A read-only connection to the SQLite source, inside one read transaction (a snapshot)."""
    from boclerk.db.plain import check_sqlite_file

    assert location.path is not None
    check_sqlite_file(location.path)
    try:
        conn = sqlite3.connect(f"{location.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("BEGIN")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the snapshot starts with the first read
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(_("Cannot read the database file {path}: {detail}.").format(
            path=location.path, detail=exc)) from None
    return conn


def _check_source(src: sqlite3.Connection, location: DbLocation, actor: str) -> None:
    has_version = src.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    rev = src.execute("SELECT version_num FROM alembic_version").fetchone()[0] if has_version else None
    problem = revision_problem(rev, location.display(), location.command("db upgrade"))
    if problem:
        raise DatabaseUnavailable(problem)
    row = src.execute("SELECT role, active FROM app_user WHERE name = ?", (actor,)).fetchone()
    if row is None:
        raise NotPermitted(_("The OS user '{actor}' has no boclerk account.").format(actor=actor))
    if not row[1] or row[0] != "admin":
        raise NotPermitted(_("{actor} ({role}) may not administer the database.").format(actor=actor, role=row[0]))


def _source_tables(src: sqlite3.Connection) -> dict[str, list[str]]:
    names = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {n: [c[1] for c in src.execute(f"PRAGMA table_info({quoted(n)})")]
            for n in names if not n.startswith(SQLITE_ONLY)}


def _plan(source: dict[str, list[str]], target: dict[str, list[tuple[str, str, bool, bool]]],
          order: list[str]) -> list[tuple[str, list[str]]]:
    """(table, the columns to copy) in the order to copy them; refuses a source whose tables differ."""
    extra = sorted(set(source) - set(target))
    if extra:
        raise Refused(_("The source has tables this boclerk's schema lacks ({tables}); it was not made by "
                        "this boclerk.").format(tables=", ".join(extra)))
    plan = []
    for table in order:
        if table not in source:
            raise Refused(_("The source lacks the table {table}; boclerk db check --full says more.").format(
                table=table))
        have = set(source[table])
        for name, _type, not_null, has_default in target[table]:
            if name not in have and not_null and not has_default:
                raise Refused(_("The source's table {table} lacks the column {column}.").format(
                    table=table, column=name))
        plan.append((table, [c[0] for c in target[table] if c[0] in have]))
    return plan


def _copy_table(src: sqlite3.Connection, raw, table: str, cols: list[str], step: Callable[[int], None]) -> int:
    """Stream one table's rows into COPY, a batch at a time; returns how many."""
    names = ", ".join(quoted(c) for c in cols)
    rows = src.execute(f"SELECT {names} FROM {quoted(table)}")
    done = 0
    with raw.cursor() as cur, cur.copy(f"COPY {quoted(table)} ({names}) FROM STDIN") as copy:
        while batch := rows.fetchmany(BATCH):
            for row in batch:
                copy.write_row(row)
            done += len(batch)
            step(len(batch))
    return done


def _search_index(src: sqlite3.Connection, conn) -> None:
    """PostgreSQL's search column of the documents' text, as the documents service writes it."""
    from boclerk.services.documents.register import PG_INDEX_CHARS, words

    rows = src.execute("SELECT document_id, meta, body FROM document_text")
    while batch := rows.fetchmany(1000):
        conn.execute(text("UPDATE document_text SET search = to_tsvector('simple', :s) WHERE document_id = :i"),
                     [{"s": " ".join(words((meta or "") + " " + (body or "")[:PG_INDEX_CHARS])), "i": doc_id}
                      for doc_id, meta, body in batch])


def _target_location(url: str) -> DbLocation:
    from boclerk.settings import location_from

    target = location_from(url, "--to option")
    if target.is_sqlite:
        raise InvalidInput(_("--to takes a PostgreSQL URL (postgresql://user@host/name); to copy an SQLite "
                             "file, use boclerk db backup."))
    return target


#: what the target's lower() is asked to lower (as ``db check`` asks: services/platform/checks.py)
CASED = "ЁЛКА ÄÖÜ"


def _lowers_every_alphabet(conn, target: DbLocation) -> None:
    """Refuse a target whose lower() leaves letters beyond A-Z as they are (a database created in
    the plain C locale): every search there would miss "Иванов" for "иванов"."""
    lowered = conn.execute(text("SELECT lower(:t)"), {"t": CASED}).scalar_one()
    if lowered == CASED.lower():
        return
    from sqlalchemy.engine import make_url

    ctype = conn.execute(text("SHOW lc_ctype")).scalar_one()
    name = make_url(target.url).database or "shop"
    raise Refused(_("The database at {where} lowers only A-Z (its LC_CTYPE is {ctype}): a search for \"иванов\" "
                    "would miss \"Иванов\"; nothing was copied. Create the database with a UTF-8 locale "
                    "(createdb --encoding=UTF8 --locale=C.UTF-8 --template=template0 {name}) and copy into "
                    "it.").format(where=target.display(), ctype=ctype, name=name))


def copy_to_postgresql(source: DbLocation, to: str, actor: str, *, progress: Progress | None = None) -> Copied:
    """Copy the SQLite database at ``source`` whole into the empty PostgreSQL database at ``to`` (admin)."""
    from boclerk.db.database import describe_connect_error
    from boclerk.db.engine import make_engine

    if not source.is_sqlite:
        raise Refused(_("The database is already on PostgreSQL; boclerk db copy moves an SQLite database to "
                        "PostgreSQL (pg_dump copies one PostgreSQL database to another)."))
    target = _target_location(to)
    started = time.perf_counter()
    report = progress or (lambda what, done, total: None)
    src = _source_connection(source)
    try:
        _check_source(src, source, actor)
        engine = make_engine(target, create=True, pool=False)
        try:
            with engine.connect() as conn:
                if inspect(conn).get_table_names():
                    raise Refused(_("The database at {where} is not empty; boclerk db copy copies only into an "
                                    "empty database.").format(where=target.display()))
                _lowers_every_alphabet(conn, target)
                conn.rollback()
                return _copy_within(src, conn, source, target, report, started)
        except DBAPIError as exc:
            raise DatabaseUnavailable(describe_connect_error(target, exc)) from None
        finally:
            engine.dispose()
    finally:
        src.close()


def _copy_within(src, conn, source: DbLocation, target: DbLocation, report: Progress, started: float) -> Copied:
    """The copy itself, in one transaction of ``conn``: committed whole, or not at all."""
    import psycopg

    from boclerk.services.platform.pg_files import StoredFiles

    copied = Copied(source.display(), target.display().replace("postgresql+psycopg://", "postgresql://", 1),
                    SCHEMA_REVISION)
    files = StoredFiles(source, target)
    with files.held():  # the files it stores stay only if the transaction commits
        with conn.begin():
            conn.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
            report(_(SCHEMA_STEP), 0, 1)
            migrate_within(conn)
            report(_(SCHEMA_STEP), 1, 1)
            readied = ready_for_rows(conn, keep={"alembic_version"})
            plan = _plan(_source_tables(src), columns_of(conn), readied.order)
            total = sum(src.execute(f"SELECT COUNT(*) FROM {quoted(t)}").fetchone()[0] for t, _c in plan)
            rows_step, done = _(ROWS_STEP), 0
            report(rows_step, 0, total)

            def step(n: int) -> None:
                nonlocal done
                done += n
                report(rows_step, done, total)

            raw = conn.connection.driver_connection
            for table, cols in plan:
                try:
                    copied.tables[table] = _copy_table(src, raw, table, cols, step)
                except psycopg.Error as exc:  # the driver's own: COPY runs on its connection
                    raise _failed(table, exc) from None
            _search_index(src, conn)
            shas = [r[0] for r in src.execute("SELECT sha256 FROM document ORDER BY sha256")]
            files.copy(shas, lambda done, total: report(_(FILES_STEP), done, total))
            copied.sequences = move_sequences(conn)
            try:
                make_whole(conn, readied, lambda done, total: report(_(KEYS_STEP), done, total))
            except DBAPIError as exc:
                raise Refused(_("The copied rows do not hold together on PostgreSQL ({detail}); nothing was copied. "
                                "Run boclerk db check --full on the source.").format(detail=_first_line(exc))) from None
        files.committed()
    conn.exec_driver_sql("ANALYZE")  # the planner's statistics of the new tables (outside the copy)
    conn.commit()
    copied.files, copied.missing_files, copied.store = files.copied, files.missing, str(files.target.root)
    copied.seconds = time.perf_counter() - started
    return copied


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


def _failed(table: str, exc: BaseException) -> Refused:
    return Refused(_("Copying the table {table} failed ({detail}); nothing was copied, the target is as it "
                     "was.").format(table=table, detail=_first_line(exc)))
