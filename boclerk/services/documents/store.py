"""The document store: original files kept by their SHA-256, never by the sender's name.

Layout: ``<root>/ab/cdef...`` (the first two hex digits name a folder, the other 62 the
file). Each database has a store of its own: ``<stem>.documents/`` beside the SQLite file
(``shop.documents/`` for ``shop.db``); for PostgreSQL the config file's ``documents`` path,
else ``data/<database name>.documents`` under the current directory. Databases kept in one
folder therefore never see each other's files as orphans.

Before revision 0012 every database of a folder shared one ``documents/`` (for PostgreSQL,
``data/documents``). That shared store is still read from (:attr:`DocStore.legacy`) for a
file not yet in the database's own store, and ``boclerk db upgrade`` links (or copies) the
files a database names from it into the database's own store (:func:`adopt_legacy`); the
shared folder itself is left alone, as other databases may still name its files.

A file is first marked pending (an empty file ``<root>/pending/<sha256>``), then written
to ``<root>/tmp/``, fsynced, renamed into place and its folder fsynced before the row
that names it is committed; then the mark goes. If the unit of work fails, the file is
removed again (unless a committed row names it). Intake holds an exclusive lock on
``<root>/.lock`` from the mark until the commit, and the checks and the sweep take it
too, so they never mistake a file in flight for an orphan.

A process killed at any point leaves the file and its row, or what
:meth:`DocStore.sweep_interrupted` cleans up: temporary files, and marked files no row
names. The next intake runs that sweep first; ``boclerk db check`` reports such leftovers
as cleanable, not as damage. A stored file that no row names and no mark explains is
damage (``db check`` says so; ``--repair`` sweeps it).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from boclerk.errors import DatabaseUnavailable, Refused
from boclerk.i18n import _
from boclerk.services.documents.root import _configured, _pg_name, store_root_of  # noqa: F401 (where a store is)

_HEX = re.compile(r"[0-9a-f]{2}")
_REST = re.compile(r"[0-9a-f]{62}")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_root(db) -> Path:
    """Where ``db`` keeps its documents."""
    return store_root_of(db.location)


def legacy_root_of(location) -> Path | None:
    """The store all databases of a folder shared before revision 0012, if it differs from
    the database's own."""
    if location.path is not None:
        old = location.path.parent / "documents"
    elif _configured() is None:
        old = (Path("data") / "documents").resolve()
    else:
        return None  # a configured store is where it always was
    return None if old == store_root_of(location) else old


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class DocStore:
    """Files by hash under one root directory (created 0700 on first write)."""

    def __init__(self, root: Path, legacy: Path | None = None):
        self.root = Path(root)
        self.legacy = Path(legacy) if legacy is not None else None

    @classmethod
    def of(cls, db) -> DocStore:
        return cls.at(db.location)

    @classmethod
    def at(cls, location) -> DocStore:
        return cls(store_root_of(location), legacy_root_of(location))

    def _found(self, sha: str) -> Path:
        """The file's path in this store, else in the shared store of old, else this store's."""
        own = self.path_of(sha)
        if self.legacy is not None and not os.path.lexists(own):
            old = self.legacy / sha[:2] / sha[2:]
            if os.path.lexists(old):
                return old
        return own

    # -- paths -------------------------------------------------------------------------
    def path_of(self, sha: str) -> Path:
        if not (len(sha) == 64 and _HEX.fullmatch(sha[:2]) and _REST.fullmatch(sha[2:])):
            raise ValueError(f"not a sha256: {sha!r}")
        return self.root / sha[:2] / sha[2:]

    def _ensure(self, path: Path) -> None:
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(_("Cannot create the document folder {path}: {strerror}.").format(path=path, strerror=exc.strerror)) from None

    # -- the lock -----------------------------------------------------------------------
    @contextmanager
    def locked(self, *, exclusive: bool = True) -> Iterator[None]:
        """Hold the store's lock (intake: exclusive; checks: shared)."""
        if not exclusive and not self.root.is_dir():
            yield  # nothing stored yet, nothing to lock
            return
        self._ensure(self.root)
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    # -- writing and reading --------------------------------------------------------------
    def put(self, data: bytes, sha: str | None = None) -> tuple[str, bool]:
        """Store ``data``; returns (sha256, whether this call wrote the file)."""
        sha = sha or sha256_of(data)
        final = self.path_of(sha)
        if final.is_file() and final.stat().st_size == len(data) and self.read(sha, verify=True) is not None:
            return sha, False
        tmp_dir = self.root / "tmp"
        self._ensure(tmp_dir)
        self._ensure(final.parent)
        tmp = tmp_dir / f"{sha[:16]}.{secrets.token_hex(8)}.part"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, final)
        except OSError as exc:
            try:
                tmp.unlink()
            except OSError:
                pass
            raise DatabaseUnavailable(_("Cannot write to the document store {root}: {strerror}.").format(root=self.root, strerror=exc.strerror)) from None
        _fsync_dir(final.parent)
        _fsync_dir(tmp_dir)
        return sha, True

    def read(self, sha: str, *, verify: bool = True) -> bytes | None:
        """The stored bytes, or None if the file is missing or (``verify``) damaged."""
        path = self._found(sha)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as fh:
            data = fh.read()
        if verify and sha256_of(data) != sha:
            return None
        return data

    def get(self, sha: str, number: str) -> bytes:
        data = self.read(sha)
        if data is None:
            where = self._found(sha)
            if where.exists():
                raise Refused(_("The stored file of {number} is damaged (its content no longer matches); restore it from a backup of the document store.").format(number=number))
            raise Refused(_("The stored file of {number} is missing from {root}; restore it from a backup of the document store.").format(number=number, root=self.root))
        return data

    def size_of(self, sha: str) -> int | None:
        """The stored file's size; None if it is missing or not a regular file."""
        import stat

        try:
            st = self._found(sha).lstat()
        except OSError:
            return None
        return st.st_size if stat.S_ISREG(st.st_mode) else None

    def remove(self, sha: str) -> None:
        try:
            self.path_of(sha).unlink()
        except FileNotFoundError:
            pass

    # -- inventory -----------------------------------------------------------------------------
    def stored(self) -> Iterator[str]:
        """The hash of every file in the store's layout."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if not (folder.is_dir() and not folder.is_symlink() and _HEX.fullmatch(folder.name)):
                continue
            for item in sorted(folder.iterdir()):
                if _REST.fullmatch(item.name):
                    yield folder.name + item.name

    def leftovers(self) -> list[Path]:
        """Temporary files of interrupted writes."""
        tmp = self.root / "tmp"
        return sorted(p for p in tmp.iterdir() if p.name.endswith(".part")) if tmp.is_dir() else []

    # -- intake in flight ----------------------------------------------------------------------
    def mark_pending(self, shas: list[str]) -> None:
        """Mark files about to be stored (under the exclusive lock), durably, before the first byte."""
        folder = self.root / "pending"
        self._ensure(folder)
        for sha in shas:
            self.path_of(sha)  # a sha256, nothing else
            try:
                os.close(os.open(folder / sha, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600))
            except OSError as exc:
                raise DatabaseUnavailable(_("Cannot write to the document store {root}: {strerror}.").format(root=self.root, strerror=exc.strerror)) from None
        _fsync_dir(folder)

    def clear_pending(self, shas: list[str]) -> None:
        folder = self.root / "pending"
        for sha in shas:
            try:
                (folder / sha).unlink()
            except FileNotFoundError:
                pass
        _fsync_dir(folder)

    def pending(self) -> list[str]:
        """Files marked by an intake that has not finished (or was killed)."""
        folder = self.root / "pending"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if len(p.name) == 64 and _HEX.fullmatch(p.name[:2])
                      and _REST.fullmatch(p.name[2:]))

    def sweep_interrupted(self, kept) -> list[str]:
        """Remove what killed intakes left (call under the exclusive lock): temporary files, and marked
        files that no row names (``kept(shas)`` says which are named). Returns the paths removed."""
        removed: list[str] = []
        for leftover in self.leftovers():
            leftover.unlink(missing_ok=True)
            removed.append(str(leftover))
        marked = self.pending()
        if marked:
            named = kept(marked)
            for sha in marked:
                if sha not in named and self.size_of(sha) is not None:
                    self.remove(sha)
                    removed.append(str(self.path_of(sha)))
            self.clear_pending(marked)
        return removed


def adopt_legacy(location, named: list[str]) -> int:
    """Bring the files a database names from the shared store of old into its own (a hard
    link where the file system allows, else a copy); returns how many were brought. The
    shared store is left as it was: other databases may still name its files."""
    store = DocStore.at(location)
    if store.legacy is None or not store.legacy.is_dir():
        return 0
    brought = 0
    with store.locked():
        for sha in named:
            own, old = store.path_of(sha), store.legacy / sha[:2] / sha[2:]
            if os.path.lexists(own) or not old.is_file() or old.is_symlink():
                continue
            store._ensure(own.parent)
            try:
                os.link(old, own)
            except OSError:
                data = old.read_bytes()
                if sha256_of(data) != sha:
                    continue  # damaged: db check names it as it is
                store.put(data, sha)
            brought += 1
    return brought
