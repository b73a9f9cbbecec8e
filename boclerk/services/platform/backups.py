"""``boclerk db backup``: a backup is complete or it does not exist.

A backup is a folder::

    PATH/
      manifest.json      what is in it: the database file's and every stored file's SHA-256 and size
      database.sqlite    (SQLite's VACUUM INTO)  or  database.pgdump (pg_dump's custom format)
      documents/ab/cd..  every file the backed-up database names, as in the document store

It is written under a temporary name beside ``PATH`` (``.PATH.partial-<random>``), every
file flushed to disk, the manifest last, and only then renamed to ``PATH``. A backup killed
half-way leaves no ``PATH`` at all, only its temporary folder, which the next backup into
the same folder removes. :mod:`.restore` checks a backup against its manifest before it
replaces anything. The list of stored files comes from the backed-up database itself (the
same snapshot), so the backup holds exactly the files its database names.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL

from boclerk.db.database import Database
from boclerk.db.schema import SCHEMA_REVISION
from boclerk.errors import DatabaseUnavailable, InvalidInput, NotPermitted, Refused
from boclerk.i18n import _
from boclerk.settings import DbLocation

FORMAT = "boclerk-backup"
VERSION = 1
MANIFEST = "manifest.json"
PARTIAL = ".partial-"
_CHUNK = 1 << 20


def require_admin_raw(db: Database, actor: str) -> None:
    """Check that ``actor`` is an active admin without relying on the ORM schema.

    Used by acts that must work on a database at another revision (upgrade, restore).
    """
    with db.read_engine.connect() as conn:
        row = conn.execute(
            text("SELECT role, active FROM app_user WHERE name = :n"), {"n": actor}
        ).first()
    if row is None:
        raise NotPermitted(_("The OS user '{actor}' has no boclerk account.").format(actor=actor))
    if not row.active or row.role != "admin":
        raise NotPermitted(_("{actor} ({role}) may not administer the database.").format(actor=actor, role=row.role))


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def default_backup_dir(location: DbLocation) -> Path:
    """Where boclerk keeps the backups it takes itself (before an upgrade or a restore)."""
    from boclerk.settings import backups_folder

    return backups_folder(location)


@dataclass(frozen=True)
class Backup:
    path: Path
    files: int = 0
    damaged: tuple[str, ...] = ()  # files the database names that the store had lost or damaged: not copied
    database: str = ""


@dataclass
class _Folder:
    """A folder being written, by handle (never by a path that could be swapped under us)."""

    fd: int
    subfolders: dict[str, int] = field(default_factory=dict)

    def sub(self, name: str) -> int:
        if name not in self.subfolders:
            os.mkdir(name, 0o700, dir_fd=self.fd)
            self.subfolders[name] = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=self.fd)
        return self.subfolders[name]

    def close(self) -> None:
        for fd in self.subfolders.values():
            os.close(fd)
        os.close(self.fd)


def _write_file(folder_fd: int, name: str, data: bytes) -> None:
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder_fd)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError:
        pass


def _sha256_of(folder_fd: int, name: str) -> tuple[str, int]:
    import hashlib

    digest, size = hashlib.sha256(), 0
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder_fd)
    with os.fdopen(fd, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _through(fd: int, name: str) -> str:
    """A path to ``name`` in the folder behind ``fd`` that no rename can redirect (Linux: /proc)."""
    return f"/proc/self/fd/{fd}/{name}" if os.path.isdir(f"/proc/self/fd/{fd}") else name


def _sweep_partials(parent_fd: int, name: str) -> None:
    """Remove what killed backups into the same folder left (their lock is free: nobody writes them)."""
    prefix = f".{name}{PARTIAL}"
    listing = os.open(".", os.O_RDONLY | os.O_DIRECTORY, dir_fd=parent_fd)
    try:
        stale = [n for n in os.listdir(listing) if n.startswith(prefix)]
    finally:
        os.close(listing)
    for entry in stale:
        try:
            lock = os.open(f"{entry}/.lock", os.O_RDWR | os.O_NOFOLLOW, dir_fd=parent_fd)
        except OSError:
            lock = None
        try:
            if lock is not None:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock)
            continue  # a backup is writing it right now
        try:
            shutil.rmtree(entry, dir_fd=parent_fd)
        except OSError:
            pass
        finally:
            if lock is not None:
                os.close(lock)


def _dump_sqlite(db: Database, folder: _Folder) -> list[str]:
    """VACUUM INTO the folder; the stored files its copy names."""
    target = _through(folder.fd, "database.sqlite")
    old = os.umask(0o077)
    try:
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (target,))
        finally:
            raw.close()
    finally:
        os.umask(old)
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT sha256 FROM document ORDER BY sha256")]
    finally:
        conn.close()


def pg_dump_command(db: Database) -> tuple[list[str], dict[str, str], str | None]:
    """pg_dump's command line (never with the password: ``ps`` shows command lines to everyone), the
    environment to run it in, and the password file to remove afterwards."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise Refused(_("pg_dump is not installed; install the PostgreSQL client tools to back up."))
    url = db.engine.url.set(drivername="postgresql")
    env = dict(os.environ)
    passfile = None
    if url.password:
        folder = tempfile.mkdtemp(prefix="boclerk-pg-")
        passfile = os.path.join(folder, "pgpass")
        fd = os.open(passfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)

        def esc(value) -> str:
            return str(value if value is not None else "*").replace("\\", "\\\\").replace(":", "\\:")

        with os.fdopen(fd, "w") as fh:
            fh.write(f"{esc(url.host or 'localhost')}:{esc(url.port or 5432)}:{esc(url.database)}:"
                     f"{esc(url.username)}:{esc(url.password)}\n")
        env["PGPASSFILE"] = passfile
        env.pop("PGPASSWORD", None)
    bare = URL.create(url.drivername, username=url.username, host=url.host, port=url.port, database=url.database,
                      query=url.query)  # URL.set(password=None) would keep the password
    dbname = bare.render_as_string(hide_password=False)
    return [pg_dump, "--format=custom", "--no-password", "--dbname", dbname], env, passfile


def _dump_postgresql(db: Database, folder: _Folder) -> list[str]:
    """pg_dump of one snapshot, shared with the query that lists the stored files it names."""
    command, env, passfile = pg_dump_command(db)
    try:
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
                shas = [r[0] for r in conn.execute(text("SELECT sha256 FROM document ORDER BY sha256"))]
                fd = os.open("database.pgdump", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600,
                             dir_fd=folder.fd)
                try:
                    done = subprocess.run([*command, f"--snapshot={snapshot}"], stdout=fd, stderr=subprocess.PIPE,
                                          text=True, env=env, check=False)
                    os.fsync(fd)
                finally:
                    os.close(fd)
    finally:
        if passfile:
            shutil.rmtree(os.path.dirname(passfile), ignore_errors=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [_("no message")])[-1]
        raise DatabaseUnavailable(_("pg_dump failed: {last}").format(last=last))
    return shas


def write_backup(db: Database, dest: Path, *, checked: bool = True) -> Backup:
    """Write a complete backup of ``db`` at ``dest`` (a new folder). ``checked``: ``dest`` was named by a
    person, whose rights apply (services/platform/paths.py); boclerk's own backups before an upgrade or
    a restore go to its own backups folder."""
    from boclerk.services.documents.store import DocStore, store_root_of
    from boclerk.services.platform.outputs import writable_folder
    from boclerk.services.platform.paths import walk

    dest = Path(os.path.abspath(os.path.expanduser(dest)))
    store_root = os.path.realpath(store_root_of(db.location))
    real = os.path.realpath(dest)
    if real == store_root or real.startswith(store_root.rstrip("/") + "/"):
        raise InvalidInput(_("{dest} is inside the document store; a backup goes somewhere else.").format(dest=dest))
    if checked:
        parent_fd, name, __, __ = writable_folder(dest)
    else:
        parent_fd, name, __ = walk(dest, None)
    try:
        try:
            os.stat(name, dir_fd=parent_fd, follow_symlinks=False)
            raise Refused(_("{dest} already exists; choose a new name for the backup.").format(dest=dest))
        except FileNotFoundError:
            pass
        _sweep_partials(parent_fd, name)
        partial = f".{name}{PARTIAL}{secrets.token_hex(6)}"
        try:
            os.mkdir(partial, 0o700, dir_fd=parent_fd)
        except PermissionError:
            raise NotPermitted(_("boclerk may not write in {parent}.").format(parent=dest.parent)) from None
        folder = _Folder(os.open(partial, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent_fd))
        lock = os.open(".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600, dir_fd=folder.fd)
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            shas = _dump_sqlite(db, folder) if db.dialect == "sqlite" else _dump_postgresql(db, folder)
            database = "database.sqlite" if db.dialect == "sqlite" else "database.pgdump"
            db_sha, db_size = _sha256_of(folder.fd, database)
            store = DocStore.of(db)
            documents, damaged = [], []
            with store.locked(exclusive=False):
                for sha in shas:
                    data = store.read(sha)
                    if data is None:
                        damaged.append(sha)
                        continue
                    _write_file(_docs(folder, sha), sha[2:], data)
                    documents.append({"sha256": sha, "size": len(data)})
            for fd in folder.subfolders.values():
                _fsync(fd)
            manifest = {"format": FORMAT, "version": VERSION, "created_at": datetime.now(UTC).isoformat(),
                        "dialect": db.dialect, "revision": SCHEMA_REVISION,
                        "database": {"file": database, "sha256": db_sha, "size": db_size},
                        "documents": documents, "damaged": damaged}
            _write_file(folder.fd, MANIFEST, json.dumps(manifest, indent=1).encode())
            _fsync(folder.fd)
            try:
                os.stat(name, dir_fd=parent_fd, follow_symlinks=False)
                raise Refused(_("{dest} appeared while the backup was written; choose a new name.").format(dest=dest))
            except FileNotFoundError:
                pass
            os.rename(partial, name, src_dir_fd=parent_fd, dst_dir_fd=parent_fd)
            _fsync(parent_fd)
            os.unlink(".lock", dir_fd=folder.fd)  # only now: until the rename, the lock says "being written"
        except BaseException:
            shutil.rmtree(partial, dir_fd=parent_fd, ignore_errors=True)
            raise
        finally:
            os.close(lock)
            folder.close()
    finally:
        os.close(parent_fd)
    return Backup(dest, len(documents), tuple(damaged), database)


def _docs(folder: _Folder, sha: str) -> int:
    """The handle of ``documents/<first two hex digits>/`` in the backup being written."""
    key = f"documents/{sha[:2]}"
    if key not in folder.subfolders:
        top = folder.sub("documents")
        os.mkdir(sha[:2], 0o700, dir_fd=top)
        folder.subfolders[key] = os.open(sha[:2], os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=top)
    return folder.subfolders[key]
