"""The stored documents of ``boclerk db copy``: every file the source names, put into the target's
document store (README, "Documents": for PostgreSQL the config file's ``documents`` path, else
``data/<database name>.documents``), kept only if the copy's transaction commits.

The files are marked pending in the target's store before the first byte (as an intake marks
them), so a copy killed half-way leaves files the next intake or ``db check --repair`` sweeps:
the rolled-back target names none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from boclerk.settings import DbLocation


class StoredFiles:
    def __init__(self, source: DbLocation, target: DbLocation):
        from boclerk.services.documents.store import DocStore

        self.source = DocStore.at(source)
        self.target = DocStore.at(target)
        self.copied = 0
        self.missing: list[str] = []
        self._written: list[str] = []
        self._marked: list[str] = []
        self._kept = False

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the target store's lock; on leaving, take out what this copy wrote unless
        :meth:`committed` was called, and clear the pending marks."""
        with self.target.locked(exclusive=True):
            try:
                yield
            finally:
                if not self._kept:
                    for sha in self._written:
                        self.target.remove(sha)
                if self._marked:
                    self.target.clear_pending(self._marked)

    def copy(self, shas: list[str], report: Callable[[int, int], None]) -> None:
        """Put each named file into the target store (one the store has already is left as it is)."""
        self.target.mark_pending(shas)
        self._marked = list(shas)
        report(0, len(shas))
        for done, sha in enumerate(shas, 1):
            data = self.source.read(sha)
            if data is None:
                self.missing.append(sha)
            else:
                _sha, wrote = self.target.put(data, sha)
                if wrote:
                    self._written.append(sha)
                self.copied += 1
            report(done, len(shas))

    def committed(self) -> None:
        self._kept = True
