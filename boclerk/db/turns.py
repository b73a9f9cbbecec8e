"""Writers take turns: first come, first served, across processes.

SQLite lets one writer at a time in, and its busy handler lets waiting writers poll, so
whoever happens to retry at the right moment goes next: under load a writer can wait for
seconds while another goes three times. Before a write unit runs ``BEGIN IMMEDIATE`` it
takes a turn here, in a small file beside the database (``<database>-turns``):

* a ticket: a counter in the file, read and raised under a short exclusive lock on its
  first bytes;
* its own slot: an exclusive lock on one byte at ``SLOTS + ticket % SLOT_COUNT``, held from
  taking the ticket until the writer is done (committed or rolled back);
* the wait: a blocking shared lock on the slot of the ticket before it. The kernel wakes
  the waiter the moment that writer is done, or dies (a process's locks go with it), so a
  killed holder never blocks the queue. If the writer before was not done but died (its
  ticket is above the last one marked done), the waiter goes on to wait for the one before
  that, so every writer still goes strictly after all the live writers who came first.

Planners take places too (:func:`planner`). An act done in two phases (:mod:`boclerk.db.phases`)
makes its plan outside the write lock, so several processes can plan while one holds the lock;
on a machine with few cores they then take CPU time from the holder, whose time in the lock
(which every other writer waits for) grows with it. So at most :func:`planner_places` processes
plan at once, as many as there are cores: with the holder that is one runnable writer more than
cores, where four writers on two cores made five (one place fewer than the cores starved the
planning: measured on two cores, 198 acts/s with one place, 398 with two, same minutes). A
planner's place is an exclusive lock on one byte at ``PLANNERS + n``, held for the plan only
(a read unit, which never waits for a writer), so a place cannot be held by someone waiting for
the lock. Planners queue for places first come, first served, in a queue of their own made as
the writers' is (tickets and slots at ``PLANNERS_TURNS``): only the first in it looks for a free
place, and while none is free it waits for the place held longest.

The locks are open-file-description locks (``F_OFD_SETLKW``, Linux): they belong to the
open file, not to the process, so two threads of one process queue as two writers. Where
they are missing the turn falls back to one exclusive ``flock`` (one at a time, not in
order). PostgreSQL needs none of this: its row locks let writers overlap.
"""

from __future__ import annotations

import fcntl
import os
import struct
import threading
from contextlib import contextmanager
from pathlib import Path

SLOT_COUNT = 4096
#: Where a queue's slots begin, from the queue's own counters (the writers' queue is at 0).
SLOTS = 4096
#: Where the planners' places are (bytes after the writers' slots; at most 1024 places).
PLANNERS = SLOTS + SLOT_COUNT
#: Where each place's holder writes its ticket (8 bytes a place), to let the next planner wait for the oldest.
PLANNERS_SINCE = PLANNERS + 1024
#: The planners' own queue of tickets (counters, then slots), apart from the writers'.
PLANNERS_TURNS = 8 * SLOT_COUNT
_TICKET = struct.Struct("<q")
#: The two counters: next ticket to give, and the last ticket marked done (both 8 bytes).
_COUNTERS = struct.Struct("<qq")
_OFD = hasattr(fcntl, "F_OFD_SETLKW")
_held = threading.local()


def turns_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-turns")


def _flock(kind: int, start: int, length: int) -> bytes:
    # struct flock on Linux: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid (+ padding)
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, start, length, 0)


def _lock(fd: int, kind: int, start: int, length: int = 1, *, wait: bool = True) -> bool:
    try:
        fcntl.fcntl(fd, fcntl.F_OFD_SETLKW if wait else fcntl.F_OFD_SETLK, _flock(kind, start, length))
        return True
    except (BlockingIOError, PermissionError):
        return False


def _unlock(fd: int, start: int, length: int = 1) -> None:
    fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock(fcntl.F_UNLCK, start, length))


def _read(fd: int, base: int = 0) -> tuple[int, int]:
    raw = os.pread(fd, _COUNTERS.size, base)
    if len(raw) < _COUNTERS.size:
        return 0, -1
    return _COUNTERS.unpack(raw)


def _write(fd: int, next_ticket: int, done: int, base: int = 0) -> None:
    os.pwrite(fd, _COUNTERS.pack(next_ticket, done), base)


def _slot(ticket: int, base: int = 0) -> int:
    return base + SLOTS + ticket % SLOT_COUNT


class Turn:
    """One writer's place in the queue of a database's writers (``base``: another queue in the
    same file, such as the planners')."""

    def __init__(self, path: Path, base: int = 0):
        self.path = path
        self.base = base
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.ticket: int | None = None
        self.served = False  # the turn came (a writer that gave up waiting leaves as if it had died)

    def _slot(self, ticket: int) -> int:
        return _slot(ticket, self.base)

    def take(self) -> int:
        """Queue up and return once every writer who came earlier is done (or dead)."""
        fd, base = self.fd, self.base
        if not _OFD:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self.ticket = 0
            return 0
        _lock(fd, fcntl.F_WRLCK, base, _COUNTERS.size)
        try:
            next_ticket, done = _read(fd, base)
            ticket = next_ticket
            _lock(fd, fcntl.F_WRLCK, self._slot(ticket), wait=False)
            _write(fd, next_ticket + 1, done, base)
        finally:
            _unlock(fd, base, _COUNTERS.size)
        self.ticket = ticket
        before = ticket - 1
        while before >= 0 and before > ticket - SLOT_COUNT:
            _lock(fd, fcntl.F_RDLCK, self._slot(before))  # returns when that writer is done or gone
            _unlock(fd, self._slot(before))
            if before <= _read(fd, base)[1]:  # marked done: so is everyone before it
                break
            before -= 1  # it died before its turn came: wait for the one ahead of it too
        self.served = True
        return ticket

    def give_back(self) -> None:
        """Done: mark the ticket done and let the next writer in."""
        fd, ticket, base = self.fd, self.ticket, self.base
        try:
            if ticket is None:
                return
            if not _OFD:
                fcntl.flock(fd, fcntl.LOCK_UN)
                return
            if self.served:
                _lock(fd, fcntl.F_WRLCK, base, _COUNTERS.size)
                try:
                    next_ticket, done = _read(fd, base)
                    if ticket > done:
                        _write(fd, next_ticket, ticket, base)
                finally:
                    _unlock(fd, base, _COUNTERS.size)
            _unlock(fd, self._slot(ticket))
        finally:
            self.ticket = None
            os.close(fd)


def holding(path: Path) -> bool:
    """True while this thread holds a turn on ``path`` (a unit inside a unit must not queue behind itself)."""
    return path in getattr(_held, "paths", ())


@contextmanager
def write_turn(db_path: Path):
    """Hold a writer's turn on the SQLite database at ``db_path`` for the ``with`` block."""
    path = turns_path(db_path)
    if holding(path):
        yield
        return
    turn = Turn(path)
    try:
        turn.take()
    except BaseException:
        turn.give_back()
        raise
    held = getattr(_held, "paths", None)
    if held is None:
        held = _held.paths = set()
    held.add(path)
    try:
        yield
    finally:
        held.discard(path)
        turn.give_back()


def planner_places() -> int:
    """How many processes may plan at once: as many as the cores this process may run on."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 1024))


@contextmanager
def planner(db_path: Path, places: int | None = None):
    """Hold one of the planners' places of the SQLite database at ``db_path`` for the ``with`` block,
    waiting while every place is taken (see the module's text). Planners come in first come,
    first served: each takes a ticket in the planners' own queue, and only the first in it looks
    for a free place, so none passes another who waited. Where the locks are missing, or no
    turns file can be kept beside the database, nobody waits."""
    if not _OFD:
        yield
        return
    path = turns_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        yield
        return
    try:
        queue = Turn(path, PLANNERS_TURNS)
        try:
            ticket = queue.take()
            place = _take_place(fd, places or planner_places())
            os.pwrite(fd, _TICKET.pack(ticket), PLANNERS_SINCE + _TICKET.size * place)
        finally:
            queue.give_back()
        try:
            yield
        finally:
            _unlock(fd, PLANNERS + place)
    finally:
        os.close(fd)


def _take_place(fd: int, places: int) -> int:
    """A free place (the caller is the first in the planners' queue); if none, wait for the one
    held longest, most likely the first to be given back."""
    while True:
        for place in range(places):
            if _lock(fd, fcntl.F_WRLCK, PLANNERS + place, wait=False):
                return place
        since = os.pread(fd, _TICKET.size * places, PLANNERS_SINCE).ljust(_TICKET.size * places, b"\0")
        oldest = min(range(places), key=lambda n: _TICKET.unpack_from(since, _TICKET.size * n)[0])
        _lock(fd, fcntl.F_RDLCK, PLANNERS + oldest)  # returns when that planner is done (or dead)
        _unlock(fd, PLANNERS + oldest)
