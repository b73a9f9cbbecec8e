"""Admin acts on the database file itself: status, backup, restore, upgrade."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from boclerk.db.database import Database
from boclerk.db.engine import SQLITE_MAGIC, make_engine
from boclerk.db.schema import KNOWN_REVISIONS, SCHEMA_REVISION
from boclerk.errors import DatabaseUnavailable, InvalidInput, NotPermitted, Refused
from boclerk.settings import DbLocation


@dataclass(frozen=True)
class Status:
    location: str
    database_revision: str | None
    code_revision: str
    state: str  # "up to date" | "needs upgrade" | "newer than code" | "not a boclerk database"


def status(location: DbLocation) -> Status:
    db = Database.open(location, check_revision=False, pool=False)
    try:
        rev = db.revision()
    finally:
        db.close()
    if rev is None:
        state = "not a boclerk database"
    elif rev == SCHEMA_REVISION:
        state = "up to date"
    elif rev in KNOWN_REVISIONS:
        state = "needs upgrade"
    else:
        state = "newer than code"
    return Status(location.display(), rev, SCHEMA_REVISION, state)


def require_admin_raw(db: Database, actor: str) -> None:
    """Check that ``actor`` is an active admin without relying on the ORM schema.

    Used by acts that must work on a database at another revision (upgrade, restore).
    """
    with db.read_engine.connect() as conn:
        row = conn.execute(
            text("SELECT role, active FROM app_user WHERE name = :n"), {"n": actor}
        ).first()
    if row is None:
        raise NotPermitted(f"The OS user '{actor}' has no boclerk account.")
    if not row.active or row.role != "admin":
        raise NotPermitted(f"{actor} ({row.role}) may not administer the database.")


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def default_backup_dir(location: DbLocation) -> Path:
    base = location.path.parent if location.path is not None else Path("data")
    return base / "backups"


def backup(db: Database, dest: Path) -> Path:
    """A consistent copy of the database while others may be writing.

    SQLite: ``VACUUM INTO`` reads the database in one read transaction and writes a
    compact copy. PostgreSQL: ``pg_dump`` in its custom format.
    """
    dest = dest.expanduser().resolve()
    if dest.exists():
        raise Refused(f"{dest} already exists; choose a new file for the backup.")
    if not dest.parent.is_dir():
        raise InvalidInput(f"The directory {dest.parent} does not exist.")
    if not os.access(dest.parent, os.W_OK):
        raise DatabaseUnavailable(f"The directory {dest.parent} is not writable.")
    if db.dialect == "sqlite":
        old = os.umask(0o077)
        try:
            raw = db.engine.raw_connection()
            try:
                raw.driver_connection.execute("VACUUM INTO ?", (str(dest),))
            finally:
                raw.close()
        finally:
            os.umask(old)
        return dest
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise Refused("pg_dump is not installed; install the PostgreSQL client tools to back up.")
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run(
        [pg_dump, "--format=custom", "--file", str(dest), "--dbname", url],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        dest.unlink(missing_ok=True)
        raise DatabaseUnavailable(f"pg_dump failed: {result.stderr.strip().splitlines()[-1:]}")
    dest.chmod(0o600)
    return dest


@dataclass(frozen=True)
class Backup:
    path: Path
    documents: Path | None = None  # the copy of the document store, when there is one
    files: int = 0
    damaged: tuple[str, ...] = ()  # stored files whose content no longer matches their name: not copied


def documents_beside(backup_file: Path) -> Path:
    """Where the copy of the document store goes: ``PATH.documents/`` beside the backup ``PATH``."""
    return backup_file.with_name(backup_file.name + ".documents")


def backup_database(db: Database, actor: str, dest: Path) -> Backup:
    """``boclerk db backup``: the database, then its document store beside it (admin only).

    Stored files are named by their content and never change, so copying them after the
    database snapshot gives every document of the backup its file (and perhaps a few newer
    ones, which a restore keeps as orphans for ``db check --repair``).
    """
    from boclerk.services.documents.store import DocStore

    require_admin_raw(db, actor)
    copy = DocStore(documents_beside(dest.expanduser().resolve()))
    if copy.root.exists():
        raise Refused(f"{copy.root} already exists; choose a new name for the backup.")
    path = backup(db, dest)
    store = DocStore.of(db)
    shas = list(store.stored())
    if not shas:
        return Backup(path)
    damaged = []
    with store.locked(exclusive=False):
        for sha in shas:
            data = store.read(sha)
            if data is None:
                damaged.append(sha)
                continue
            copy.put(data, sha)
    return Backup(path, copy.root, len(shas) - len(damaged), tuple(damaged))


def restore_documents(location: DbLocation, source: Path) -> int:
    """Bring back the stored files of a backup that the document store lacks; returns how many.

    Nothing in the store is removed or overwritten unless it is damaged.
    """
    from boclerk.services.documents.store import DocStore, store_root_of

    saved = DocStore(documents_beside(source))
    if not saved.root.is_dir():
        return 0
    live = DocStore(store_root_of(location))
    brought = 0
    with live.locked():
        for sha in saved.stored():
            data = saved.read(sha)
            if data is not None and live.put(data, sha)[1]:
                brought += 1
    return brought


def upgrade(location: DbLocation, actor: str, *, backup_dir: Path | None = None) -> tuple[str, str, Path | None]:
    """Back the database up, then migrate it to the code's revision.

    Returns (from revision, to revision, backup file).
    """
    db = Database.open(location, check_revision=False, pool=False)
    try:
        current = db.revision()
        if current is None:
            raise DatabaseUnavailable(f"{location.display()} is not a boclerk database.")
        if current not in KNOWN_REVISIONS:
            raise Refused(
                f"The database is at revision {current}, newer than this boclerk ({SCHEMA_REVISION}); upgrade boclerk."
            )
        require_admin_raw(db, actor)
        if current == SCHEMA_REVISION:
            return current, current, None
        target_dir = backup_dir or default_backup_dir(location)
        target_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        saved = backup(db, target_dir / f"boclerk-{current}-{_timestamp()}.backup")
        from boclerk.db.migrate import upgrade as run_upgrade

        run_upgrade(db.engine)
        with db.write(actor) as uow:
            uow.audit("db.upgrade", "database", SCHEMA_REVISION, before={"revision": current},
                      after={"revision": SCHEMA_REVISION, "backup": str(saved)})
        return current, SCHEMA_REVISION, saved
    finally:
        db.close()


def verify_sqlite_file(path: Path) -> str:
    """Check a would-be restore source; return its revision or refuse with a sentence."""
    if not path.is_file():
        raise InvalidInput(f"{path} is not a file.")
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise InvalidInput(f"{path} is not a boclerk backup (not an SQLite file).")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise InvalidInput(f"{path} fails the integrity check: {result[0][0]}.")
        try:
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            rev = None
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(f"{path} cannot be read as a database: {exc}.") from None
    finally:
        conn.close()
    if rev is None:
        raise InvalidInput(f"{path} is not a boclerk database (no schema revision).")
    if rev[0] not in KNOWN_REVISIONS:
        raise InvalidInput(f"{path} is at revision {rev[0]}, which this boclerk does not know.")
    return rev[0]


def restore(location: DbLocation, source: Path, actor: str, *,
            backup_dir: Path | None = None) -> tuple[str, Path | None, int]:
    """Replace the database with a verified backup; the current one is backed up first.

    The copy goes through SQLite's online backup API into the live file, so other
    connections see either the old or the new database, never a torn file. Stored files
    saved beside the backup (``PATH.documents/``) that the document store lacks come back too.
    Returns (restored revision, backup of what was replaced, document files brought back).
    """
    if not location.is_sqlite or location.path is None:
        raise Refused("boclerk restores SQLite databases; restore PostgreSQL with pg_restore.")
    source = source.expanduser().resolve()
    revision = verify_sqlite_file(source)
    target = location.path
    saved: Path | None = None
    if target.exists():
        db = Database.open(location, check_revision=False, pool=False)
        try:
            require_admin_raw(db, actor)
            if source == target.resolve():
                raise InvalidInput("The backup to restore is the database itself.")
            target_dir = backup_dir or default_backup_dir(location)
            target_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            saved = backup(db, target_dir / f"boclerk-before-restore-{_timestamp()}.backup")
        finally:
            db.close()
    engine = make_engine(location, create=True, pool=False)
    try:
        raw = engine.raw_connection()
        try:
            src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
            try:
                src.backup(raw.driver_connection)
            finally:
                src.close()
        finally:
            raw.close()
    finally:
        engine.dispose()
    target.chmod(0o600)
    return revision, saved, restore_documents(location, source)
