"""``boclerk db restore``: only a backup that checks, against its manifest, replaces anything.

Before the database is touched: the manifest must be boclerk's and whole, the database file
must have the size and SHA-256 it lists (it is copied into a private file while it is
hashed, and that very copy is what gets restored), it must pass SQLite's integrity check and
be at a revision this boclerk knows, every stored file its database names must be listed,
and every listed file must be there with its SHA-256 and size. One sentence says what does
not check. Then the current database is backed up, the verified copy goes in through
SQLite's online backup API (other connections see the old or the new database, never a
torn one), and the stored files the document store lacks come back.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
from pathlib import Path

from boclerk.db.database import Database
from boclerk.db.engine import make_engine
from boclerk.db.plain import SQLITE_MAGIC
from boclerk.db.schema import KNOWN_REVISIONS
from boclerk.errors import BoclerkError, InvalidInput, Refused
from boclerk.i18n import _, ngettext
from boclerk.services.platform.backups import (
    FORMAT,
    MANIFEST,
    PARTIAL,
    VERSION,
    Backup,
    default_backup_dir,
    require_admin_raw,
    timestamp,
    write_backup,
)
from boclerk.settings import DbLocation

_CHUNK = 1 << 20
_MAX_MANIFEST = 256 * 1024 * 1024
_HEX = set("0123456789abcdef")


def _sha(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


def _not_a_backup(source, why: str) -> InvalidInput:
    return InvalidInput(_("{source} is not a complete boclerk backup ({why}); nothing was restored.").format(
        source=source, why=why))


def _manifest(folder, source) -> dict:
    kind = folder.kind(MANIFEST)
    if kind == "missing":
        raise _not_a_backup(source, _("it has no manifest: the backup was never finished"))
    if kind is not None:
        raise _not_a_backup(source, _("its manifest is {kind}").format(kind=_(kind)))
    fd, st = folder.open(MANIFEST)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(_MAX_MANIFEST + 1)
    if len(data) > _MAX_MANIFEST:
        raise _not_a_backup(source, _("its manifest is too large to be boclerk's"))
    try:
        manifest = json.loads(data)
    except ValueError:
        raise _not_a_backup(source, _("its manifest is damaged")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_a_backup(source, _("its manifest is not boclerk's"))
    if manifest.get("version") != VERSION:
        raise _not_a_backup(source, _("its manifest is of version {found!r}, this boclerk reads {version}").format(
            found=manifest.get("version"), version=VERSION))
    database, documents = manifest.get("database"), manifest.get("documents")
    if not (isinstance(database, dict) and _sha(database.get("sha256")) and isinstance(database.get("size"), int)
            and isinstance(documents, list)
            and all(isinstance(d, dict) and _sha(d.get("sha256")) and isinstance(d.get("size"), int)
                    for d in documents)):
        raise _not_a_backup(source, _("its manifest is damaged"))
    if manifest.get("dialect") != "sqlite" or database.get("file") != "database.sqlite":
        raise Refused(_("{source} is a PostgreSQL backup; restore it with pg_restore.").format(source=source))
    return manifest


def _copy_verified(folder, source, name: str, size: int, sha: str, target_dir: Path) -> Path:
    """Copy the backup's database file into a private file beside the live one, hashing it on the way."""
    fd, st = folder.open(name)
    staging = target_dir / f".restore-{secrets.token_hex(6)}.db"
    digest, copied = hashlib.sha256(), 0
    try:
        out = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "rb") as src, os.fdopen(out, "wb") as dst:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                copied += len(chunk)
                if copied > size:
                    break
                dst.write(chunk)
        if copied != size or digest.hexdigest() != sha:
            raise _not_a_backup(source, _("{name} is not the file its manifest lists").format(name=name))
        return staging
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def verify_sqlite_file(path: Path, what: str | Path | None = None) -> str:
    """Check a database file to restore; return its revision or refuse with a sentence."""
    what = what or path
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise InvalidInput(_("{what} is not a boclerk backup (not an SQLite file).").format(what=what))
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise InvalidInput(_("{what} fails the integrity check: {detail}.").format(what=what, detail=result[0][0]))
        try:
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            rev = None
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(_("{what} cannot be read as a database: {exc}.").format(what=what, exc=exc)) from None
    finally:
        conn.close()
    if rev is None:
        raise InvalidInput(_("{what} is not a boclerk database (no schema revision).").format(what=what))
    if rev[0] not in KNOWN_REVISIONS:
        raise InvalidInput(_("{what} is at revision {rev}, which this boclerk does not know.").format(
            what=what, rev=rev[0]))
    return rev[0]


def _named_files(staging: Path) -> set[str]:
    conn = sqlite3.connect(f"{staging.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT sha256 FROM document")}
    except sqlite3.DatabaseError:
        return set()
    finally:
        conn.close()


def _read_stored(folder, source, sha: str, size: int) -> bytes:
    try:
        fd, st = folder.subfolder("documents").subfolder(sha[:2]).open(sha[2:])
    except BoclerkError:
        raise _not_a_backup(source, _("the stored file {sha} is missing").format(sha=sha)) from None
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(size + 1)
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
        raise _not_a_backup(source, _("the stored file {sha} is damaged").format(sha=sha))
    return data


def restore(location: DbLocation, source: Path, actor: str, *,
            backup_dir: Path | None = None) -> tuple[str, Path | None, int]:
    """Replace the database with a backup that checks; returns (revision, backup of what was replaced,
    stored files brought back)."""
    from boclerk.services.documents.store import DocStore, store_root_of
    from boclerk.services.platform.paths import open_folder, own_files

    if not location.is_sqlite or location.path is None:
        raise Refused(_("boclerk restores SQLite databases; restore PostgreSQL with pg_restore."))
    target = location.path
    if target.exists():
        current = Database.open(location, check_revision=False, pool=False)
        try:
            require_admin_raw(current, actor)
        finally:
            current.close()
    source = Path(os.path.abspath(os.path.expanduser(source)))
    if PARTIAL in source.name:
        raise _not_a_backup(source, _("it is the temporary folder of a backup that never finished"))
    with open_folder(source, own=own_files(location)) as folder:
        manifest = _manifest(folder, source)
        entry = manifest["database"]
        staging = _copy_verified(folder, source, entry["file"], entry["size"], entry["sha256"], target.parent)
        try:
            revision = verify_sqlite_file(staging, source)
            listed = {d["sha256"]: d["size"] for d in manifest["documents"]}
            missing = _named_files(staging) - set(listed) - set(manifest.get("damaged") or [])
            if missing:
                raise _not_a_backup(source, ngettext("its manifest leaves out {n} stored file(s) its database names",
                                                     "its manifest leaves out {n} stored file(s) its database names",
                                                     len(missing)).format(n=len(missing)))
            for sha, size in listed.items():
                _read_stored(folder, source, sha, size)
            saved: Backup | None = None
            if target.exists():
                current = Database.open(location, check_revision=False, pool=False)
                try:
                    where = (backup_dir or default_backup_dir(location))
                    where.mkdir(mode=0o700, parents=True, exist_ok=True)
                    saved = write_backup(current, where / f"boclerk-before-restore-{timestamp()}.backup",
                                         checked=backup_dir is not None)
                finally:
                    current.close()
            engine = make_engine(location, create=True, pool=False)
            try:
                raw = engine.raw_connection()
                try:
                    src = sqlite3.connect(f"{staging.resolve().as_uri()}?mode=ro", uri=True)
                    try:
                        src.backup(raw.driver_connection)
                    finally:
                        src.close()
                finally:
                    raw.close()
            finally:
                engine.dispose()
            target.chmod(0o600)
            live = DocStore(store_root_of(location))
            brought = 0
            with live.locked():
                for sha, size in listed.items():
                    if live.size_of(sha) == size and live.read(sha) is not None:
                        continue
                    if live.put(_read_stored(folder, source, sha, size), sha)[1]:
                        brought += 1
        finally:
            staging.unlink(missing_ok=True)
    return revision, saved.path if saved else None, brought
