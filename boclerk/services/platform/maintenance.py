"""Admin acts on the database file itself: status, backup, restore, upgrade.

Backups are written by :mod:`.backups` and checked and restored by :mod:`.restore`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from boclerk.db.database import Database
from boclerk.db.schema import KNOWN_REVISIONS, SCHEMA_REVISION
from boclerk.errors import DatabaseUnavailable, Refused
from boclerk.i18n import _
from boclerk.services.platform.backups import (
    Backup,
    default_backup_dir,
    require_admin_raw,
    timestamp,
    write_backup,
)
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


def backup_database(db: Database, actor: str, dest: Path) -> Backup:
    """``boclerk db backup``: the database and the stored files it names, complete or not at all (admin)."""
    require_admin_raw(db, actor)
    return write_backup(db, dest)


def upgrade(location: DbLocation, actor: str, *, backup_dir: Path | None = None) -> tuple[str, str, Path | None]:
    """Back the database up, then migrate it to the code's revision.

    Returns (from revision, to revision, backup file).
    """
    db = Database.open(location, check_revision=False, pool=False)
    try:
        current = db.revision()
        if current is None:
            raise DatabaseUnavailable(_("{where} is not a boclerk database.").format(where=location.display()))
        if current not in KNOWN_REVISIONS:
            raise Refused(
                _("The database is at revision {current}, newer than this boclerk "
                    "({schema_revision}); upgrade boclerk.").format(current=current, schema_revision=SCHEMA_REVISION)
            )
        require_admin_raw(db, actor)
        if current == SCHEMA_REVISION:
            return current, current, None
        target_dir = backup_dir or default_backup_dir(location)
        if backup_dir is None:
            target_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        elif not backup_dir.is_dir():  # a folder the admin named: made with their rights, one level
            from boclerk.services.platform.outputs import writable_folder

            parent, name, __, __ = writable_folder(backup_dir)
            try:
                os.mkdir(name, 0o700, dir_fd=parent)
            finally:
                os.close(parent)
        saved = write_backup(db, target_dir / f"boclerk-{current}-{timestamp()}.backup",
                             checked=backup_dir is not None).path
        from boclerk.db.migrate import upgrade as run_upgrade

        run_upgrade(db.engine)
        adopted = _adopt_documents(db)
        with db.write(actor) as uow:
            uow.audit("db.upgrade", "database", SCHEMA_REVISION, before={"revision": current},
                      after={"revision": SCHEMA_REVISION, "backup": str(saved), "documents_adopted": adopted})
        return current, SCHEMA_REVISION, saved
    finally:
        db.close()


def _adopt_documents(db: Database) -> int:
    """Since 0012 each database keeps its documents in a store of its own; the files it names
    in the folder's shared ``documents/`` of old are linked (or copied) into it."""
    from sqlalchemy import text

    from boclerk.services.documents.store import adopt_legacy

    with db.engine.connect() as conn:
        named = [sha for (sha,) in conn.execute(text("SELECT sha256 FROM document"))]
    return adopt_legacy(db.location, named)


def restore(location: DbLocation, source: Path, actor: str, *,
            backup_dir: Path | None = None) -> tuple[str, Path | None, int]:
    """``boclerk db restore``: see services/platform/restore.py."""
    from boclerk.services.platform.restore import restore as run_restore

    return run_restore(location, source, actor, backup_dir=backup_dir)
