"""Files written where a person says: with that person's rights, never over boclerk's own files.

A file is written under a temporary name in the folder it goes to (reached by the checked
walk of :mod:`.paths`), flushed to disk, and only then renamed into place; an existing
file is replaced only when asked (``--force``), and only if the person may write it.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

from boclerk.errors import InvalidInput, NotPermitted
from boclerk.i18n import _
from boclerk.services.platform.identity import Person, person
from boclerk.services.platform.paths import (
    NOFOLLOW,
    WRITE,
    OwnFiles,
    kind_of,
    lstat_in,
    may,
    refuse_own,
    walk,
    who_name,
)

T = TypeVar("T")


@dataclass
class Target:
    """A place to write one new file, checked; ``commit`` renames the finished file into place."""

    path: str
    folder_fd: int
    name: str
    temp: str
    replaces: bool
    shown: str

    def commit(self) -> None:
        if self.replaces:
            os.rename(self.temp, self.name, src_dir_fd=self.folder_fd, dst_dir_fd=self.folder_fd)
        else:  # link, not rename: a file that appeared meanwhile is not silently replaced
            try:
                os.link(self.temp, self.name, src_dir_fd=self.folder_fd, dst_dir_fd=self.folder_fd,
                        follow_symlinks=False)
            except FileExistsError:
                raise InvalidInput(_("{path} appeared while boclerk was writing; give --force to replace it.").format(
                    path=self.path)) from None
            os.unlink(self.temp, dir_fd=self.folder_fd)
        _fsync_folder(self.folder_fd)

    def discard(self) -> None:
        try:
            os.unlink(self.temp, dir_fd=self.folder_fd)
        except OSError:
            pass

    def close(self) -> None:
        if self.folder_fd >= 0:
            os.close(self.folder_fd)
            self.folder_fd = -1


def _fsync_folder(fd: int) -> None:
    try:
        real = os.open(".", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
    except OSError:
        return
    try:
        os.fsync(real)
    except OSError:
        pass
    finally:
        os.close(real)


def writable_folder(path: str | Path) -> tuple[int, str, str, Person | None]:
    """(handle on the folder of ``path``, last part, the folder's real path, person) for a new entry.

    The person must be able to enter the folder and create files in it.
    """
    who = person()
    fd, name, shown = walk(path, who)
    try:
        if not may(os.fstat(fd), who, WRITE):
            raise NotPermitted(_("{who} may not write in the folder {shown}; boclerk writes only where you may write "
                "yourself.").format(who=who_name(who), shown=shown))
        return fd, name, shown, who
    except BaseException:
        os.close(fd)
        raise


def prepare_target(path: str | Path, *, force: bool, own: OwnFiles) -> Target:
    """Check that ``path`` may be written (or replaced, with ``force``) and create its temporary file."""
    if own.covers(os.path.realpath(path)):
        raise refuse_own(path)
    fd, name, shown, who = writable_folder(path)
    try:
        real = os.path.join(shown, name)
        if own.covers(real):
            raise refuse_own(path)
        st = lstat_in(fd, name)
        if st is not None:
            what = kind_of(st.st_mode)
            if what == "a directory":
                raise InvalidInput(_("{path} is a directory; give a file name.").format(path=path))
            if what:
                raise InvalidInput(_("{path} is {what}; boclerk writes only regular files and never through "
                    "links.").format(path=path, what=_(what)))
            if own.covers(real, st):
                raise refuse_own(path)
            if not force:
                raise InvalidInput(_("{path} already exists; give --force to overwrite it.").format(path=path))
            if not may(st, who, WRITE):
                raise NotPermitted(_("{who} may not write {path}; boclerk writes only what you may write "
                    "yourself.").format(who=who_name(who), path=path))
            folder_st = os.fstat(fd)
            if folder_st.st_mode & stat.S_ISVTX and who is not None and who.uid not in (0, st.st_uid, folder_st.st_uid):
                raise NotPermitted(_("{who} may not replace {path}: the folder {shown} lets only its owner and the "
                    "file's owner replace it.").format(who=who_name(who), path=path, shown=shown))
        temp = f".{name[:100]}.{secrets.token_hex(6)}.part"
        return Target(str(path), fd, name, temp, st is not None, shown)
    except BaseException:
        os.close(fd)
        raise


def write_file(path: str | Path, produce: Callable[[IO], T], *, force: bool, own: OwnFiles, text: bool = False,
               publish: Callable[[Target], None] | None = None, mode: int = 0o644) -> T:
    """Write a new file at ``path`` with ``produce(file object)``; returns what ``produce`` returns.

    The content goes to a temporary file beside ``path``, which is flushed to disk and then
    renamed into place by ``publish(target)`` (default: ``target.commit()``), so a caller can
    record the write in the same transaction that publishes it. Nothing appears at ``path``
    if anything fails, and the temporary file goes away.
    """
    target = prepare_target(path, force=force, own=own)
    try:
        try:
            fd = os.open(target.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_CLOEXEC", 0),
                         mode, dir_fd=target.folder_fd)
        except PermissionError:
            raise NotPermitted(_("boclerk may not write in the folder {shown}.").format(shown=target.shown)) from None
        except OSError as exc:
            raise InvalidInput(_("Cannot write {path}: {strerror}.").format(path=path, strerror=exc.strerror)) from None
        try:
            with os.fdopen(fd, "w" if text else "wb", **({"encoding": "utf-8", "newline": ""} if text else {})) as fh:
                result = produce(fh)
                fh.flush()
                os.fsync(fh.fileno())
            (publish or Target.commit)(target)
        except BaseException:
            target.discard()
            raise
        return result
    finally:
        target.close()
