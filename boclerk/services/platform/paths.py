"""Paths a person names, opened with that person's rights, never through a link.

In the documented set-up people reach boclerk through ``sudo -u <service account>``, so
boclerk runs with the service account's rights, which reach the database and the document
store. Every path a person names (a file to import or register, a folder to scan, a file
to write) is therefore checked against the person's own rights (:func:`identity.person`):
their uid and groups against the owner, group and mode of every folder on the way and of
the file itself, as the kernel would check them. Without sudo the kernel alone decides.

Whoever acts: the file itself is never a symbolic link, a device, a pipe or a socket (refused
from its ``lstat`` before it is opened), the folders on the way are walked one by one with
``ONOFOLLOW`` handles (a folder swapped for a link half-way cannot redirect the walk), and
boclerk's own files (the database and its journal files, the document store, backups) are
never read as input nor written over (writing is in :mod:`.outputs`). POSIX ACLs are not
consulted.
"""

from __future__ import annotations

import os
import stat
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from boclerk.errors import InvalidInput, NotPermitted
from boclerk.i18n import N_, _
from boclerk.services.platform.identity import Person, person


class MissingPath(InvalidInput):
    """A file or folder a person named is not there: bad input (exit 2, DESIGN.md section 6), said
    in one sentence naming the path; not a record not found (4), whichever command was given it."""

_DIR_FLAGS = getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_MAX_LINKS = 40
READ = (stat.S_IRUSR, stat.S_IRGRP, stat.S_IROTH)
WRITE = (stat.S_IWUSR, stat.S_IWGRP, stat.S_IWOTH)
SEARCH = (stat.S_IXUSR, stat.S_IXGRP, stat.S_IXOTH)


def may(st: os.stat_result, who: Person | None, bits: tuple[int, int, int]) -> bool:
    """Whether ``who`` holds ``bits`` on a file with this stat (the kernel's owner/group/other rule)."""
    if who is None or who.uid == 0:
        return True
    if st.st_uid == who.uid:
        return bool(st.st_mode & bits[0])
    if st.st_gid in who.groups:
        return bool(st.st_mode & bits[1])
    return bool(st.st_mode & bits[2])


def kind_of(mode: int) -> str | None:
    """What a file is when it is not a regular file (None for a regular file)."""
    for test, what in ((stat.S_ISLNK, N_("a symbolic link")), (stat.S_ISDIR, N_("a directory")),
                       (stat.S_ISCHR, N_("a device")), (stat.S_ISBLK, N_("a device")),
                       (stat.S_ISFIFO, N_("a named pipe")), (stat.S_ISSOCK, N_("a socket"))):
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else N_("not a regular file")


def who_name(who: Person) -> str:
    return who.name


@dataclass(frozen=True)
class OwnFiles:
    """boclerk's own files: never input, never a target."""

    files: frozenset[str] = frozenset()  # real paths of single files (the database and its journals)
    trees: frozenset[str] = frozenset()  # real paths of folders whose whole content is boclerk's
    inodes: frozenset[tuple[int, int]] = field(default=frozenset())

    def covers(self, real: str, st: os.stat_result | None = None) -> bool:
        if real in self.files or any(real == t or real.startswith(t.rstrip("/") + "/") for t in self.trees):
            return True
        return st is not None and (st.st_dev, st.st_ino) in self.inodes


def own_files(location) -> OwnFiles:
    """The database (and its -wal, -shm, -journal and -turns files), the document store and the backups folder."""
    from boclerk.services.documents.store import store_root_of
    from boclerk.settings import backups_folder

    files: set[str] = set()
    inodes: set[tuple[int, int]] = set()
    if location.path is not None:
        db = os.path.realpath(location.path)
        for suffix in ("", "-wal", "-shm", "-journal", "-turns"):
            files.add(db + suffix)
            try:
                st = os.stat(db + suffix)
                inodes.add((st.st_dev, st.st_ino))
            except OSError:
                pass
    trees = {os.path.realpath(store_root_of(location)), os.path.realpath(backups_folder(location))}
    return OwnFiles(frozenset(files), frozenset(trees), frozenset(inodes))


NO_OWN_FILES = OwnFiles()


def refuse_own(path) -> InvalidInput:
    return InvalidInput(_("{path} is one of boclerk's own files (the database, its journal, the document store or a "
        "backup); boclerk never reads it as input nor writes over it.").format(path=path))


# -- the walk -------------------------------------------------------------------------------

def _check_search(fd: int, shown: str, who: Person | None) -> None:
    if not may(os.fstat(fd), who, SEARCH):
        raise NotPermitted(_("{who} may not enter the folder {shown}; boclerk opens only what you may open "
            "yourself.").format(who=who_name(who), shown=shown))


def walk(path: str | Path, who: Person | None) -> tuple[int, str, str]:
    """Open, one folder at a time, the folder that holds the last part of ``path``.

    Returns (a handle on that folder, the last part, the folder's real path). Links among the
    folders are followed as the kernel would follow them (each folder reached is checked);
    the last part is left to the caller.
    """
    text = os.fspath(path)
    if not text or "\x00" in text:
        raise InvalidInput(_("{text!r} is not a path.").format(text=text))
    absolute = text if text.startswith("/") else os.path.join(os.getcwd(), text)
    parts = [p for p in absolute.split("/") if p not in ("", ".")]
    if not parts or parts[-1] == "..":
        raise InvalidInput(_("{text} names a folder, not a file.").format(text=text))
    last = parts.pop()
    queue = deque(parts)
    fd = os.open("/", _DIR_FLAGS)
    shown, links = "/", 0
    try:
        _check_search(fd, shown, who)
        while queue:
            part = queue.popleft()
            if part == "..":
                nfd = os.open("..", _DIR_FLAGS, dir_fd=fd)
                shown = os.path.dirname(shown) or "/"
            else:
                try:
                    st = os.stat(part, dir_fd=fd, follow_symlinks=False)
                except FileNotFoundError:
                    raise MissingPath(_("There is no folder {shown}.").format(shown=os.path.join(shown, part))) from None
                if stat.S_ISLNK(st.st_mode):
                    links += 1
                    if links > _MAX_LINKS:
                        raise InvalidInput(_("{text} goes through too many symbolic links.").format(text=text))
                    target = os.readlink(part, dir_fd=fd)
                    queue.extendleft(reversed([p for p in target.split("/") if p not in ("", ".")]))
                    if target.startswith("/"):
                        os.close(fd)
                        fd, shown = os.open("/", _DIR_FLAGS), "/"
                        _check_search(fd, shown, who)
                    continue
                if not stat.S_ISDIR(st.st_mode):
                    raise InvalidInput(_("{shown} is not a folder.").format(shown=os.path.join(shown, part)))
                nfd = os.open(part, _DIR_FLAGS | NOFOLLOW, dir_fd=fd)
                shown = os.path.join(shown, part)
            os.close(fd)
            fd = nfd
            _check_search(fd, shown, who)
        return fd, last, shown
    except PermissionError:
        os.close(fd)
        raise NotPermitted(_("boclerk may not enter the folder {shown}.").format(shown=shown)) from None
    except BaseException:
        os.close(fd)
        raise


def lstat_in(fd: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return None


# -- reading --------------------------------------------------------------------------------

def _open_in(fd: int, name: str, shown: str, path, who: Person | None, own: OwnFiles,
             directory_hint: str = "") -> tuple[int, os.stat_result]:
    st = lstat_in(fd, name)
    if st is None:
        raise MissingPath(_("There is no file {path}.").format(path=path))
    what = kind_of(st.st_mode)
    if what == "a directory":
        raise InvalidInput(_("{path} is a directory; {hint}").format(path=path, hint=directory_hint) if directory_hint
                           else _("{path} is a directory, not a file.").format(path=path))
    if what == "a symbolic link":
        raise InvalidInput(_("{path} is a symbolic link; boclerk reads only regular files, never links.").format(
            path=path))
    if what:
        raise InvalidInput(_("{path} is {what}, not a regular file; boclerk reads only regular files.").format(
            path=path, what=_(what)))
    if own.covers(os.path.join(shown, name), st):
        raise refuse_own(path)
    if not may(st, who, READ):
        raise NotPermitted(_("{who} may not read {path}; boclerk reads only what you may read yourself.").format(
            who=who_name(who), path=path))
    flags = os.O_RDONLY | NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        file_fd = os.open(name, flags, dir_fd=fd)
    except PermissionError:
        raise NotPermitted(_("boclerk may not read {path}.").format(path=path)) from None
    except OSError as exc:
        raise InvalidInput(_("Cannot read {path}: {strerror}.").format(path=path, strerror=exc.strerror)) from None
    now = os.fstat(file_fd)
    if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
        os.close(file_fd)
        raise InvalidInput(_("{path} changed while boclerk was opening it; try again.").format(path=path))
    return file_fd, now


def open_regular(path: str | Path, *, own: OwnFiles = NO_OWN_FILES,
                 directory_hint: str = "") -> tuple[int, os.stat_result]:
    """A read handle on the regular file ``path`` and its stat, after every check above."""
    if own.covers(os.path.realpath(path)):
        raise refuse_own(path)
    who = person()
    fd, name, shown = walk(path, who)
    try:
        return _open_in(fd, name, shown, path, who, own, directory_hint)
    finally:
        os.close(fd)


def read_bytes(path: str | Path, *, cap: int, too_big: str, own: OwnFiles = NO_OWN_FILES) -> bytes:
    """The content of a regular file, read in chunks and never more than ``cap`` bytes.

    ``too_big`` is the sentence for a larger file (checked on the size first, then on
    what was actually read, in case the file grows while it is read).
    """
    fd, st = open_regular(path, own=own)
    with os.fdopen(fd, "rb") as fh:
        if st.st_size > cap:
            raise InvalidInput(too_big)
        chunks, total = [], 0
        while chunk := fh.read(min(1 << 20, cap + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                raise InvalidInput(too_big)
    return b"".join(chunks)


@dataclass
class Folder:
    """A folder opened for reading its files (``doc scan``, ``db restore``)."""

    fd: int
    path: str
    shown: str
    who: Person | None
    own: OwnFiles

    def names(self) -> list[str]:
        listing = os.open(".", os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0), dir_fd=self.fd)
        try:
            return sorted(os.listdir(listing))
        finally:
            os.close(listing)

    def kind(self, name: str) -> str | None:
        st = lstat_in(self.fd, name)
        return "missing" if st is None else kind_of(st.st_mode)

    def open(self, name: str) -> tuple[int, os.stat_result]:
        return _open_in(self.fd, name, self.shown, os.path.join(self.path, name), self.who, self.own)

    def subfolder(self, name: str) -> Folder:
        return _open_folder_in(self.fd, name, self.shown, os.path.join(self.path, name), self.who, self.own)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _open_folder_in(fd: int, name: str, shown: str, path, who: Person | None, own: OwnFiles) -> Folder:
    st = lstat_in(fd, name)
    if st is None:
        raise MissingPath(_("There is no folder {path}.").format(path=path))
    if stat.S_ISLNK(st.st_mode):
        raise InvalidInput(_("{path} is a symbolic link; give the folder itself.").format(path=path))
    if not stat.S_ISDIR(st.st_mode):
        raise InvalidInput(_("{path} is not a folder.").format(path=path))
    real = os.path.join(shown, name)
    if own.covers(real, st):
        raise refuse_own(path)
    if not (may(st, who, READ) and may(st, who, SEARCH)):
        raise NotPermitted(_("{who} may not read the folder {path}; boclerk reads only what you may read "
            "yourself.").format(who=who_name(who), path=path))
    try:
        sub = os.open(name, _DIR_FLAGS | NOFOLLOW, dir_fd=fd)
    except PermissionError:
        raise NotPermitted(_("boclerk may not read the folder {path}.").format(path=path)) from None
    return Folder(sub, str(path), real, who, own)


@contextmanager
def open_folder(path: str | Path, *, own: OwnFiles = NO_OWN_FILES) -> Iterator[Folder]:
    who = person()
    text = os.fspath(path).rstrip("/") or "/"
    if text == "/":
        raise InvalidInput(_("boclerk does not read the whole file system; name a folder."))
    fd, name, shown = walk(text, who)
    try:
        folder = _open_folder_in(fd, name, shown, path, who, own)
    finally:
        os.close(fd)
    try:
        yield folder
    finally:
        folder.close()


def check_named_database(path: str | Path) -> None:
    """A database file a person names on the command line (``--db``) under sudo: they must be able to
    open it themselves (read and write it, or create it), or boclerk will not open it for them."""
    who = person()
    if who is None:
        return
    fd, name, shown = walk(path, who)
    try:
        st = lstat_in(fd, name)
        if st is None:
            if not may(os.fstat(fd), who, WRITE):
                raise NotPermitted(_("{who} may not create files in {shown}; boclerk will not create a database there "
                    "for you.").format(who=who_name(who), shown=shown))
            return
        if stat.S_ISLNK(st.st_mode):
            raise InvalidInput(_("{path} is a symbolic link; name the database file itself.").format(path=path))
        if not (may(st, who, READ) and may(st, who, WRITE)):
            raise NotPermitted(_("{who} may not open {path}; boclerk opens a database you name only if you could open "
                "it yourself (the shop's own database needs no --db).").format(who=who_name(who), path=path))
    finally:
        os.close(fd)
