"""Work to do on a module once it is imported, without importing it first."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Callable
from types import ModuleType

_waiting: dict[str, Callable[[ModuleType], None]] = {}


class _Finder(importlib.abc.MetaPathFinder):
    """Finds a waited-for module as the path finder does, and runs its work once it has run."""

    def find_spec(self, fullname, path, target=None):
        then = _waiting.pop(fullname, None)
        if then is None:
            return None
        if not _waiting:
            sys.meta_path[:] = [f for f in sys.meta_path if f is not self]
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module

        def run(module: ModuleType) -> None:
            exec_module(module)
            then(module)

        spec.loader.exec_module = run  # type: ignore[method-assign]
        return spec


_FINDER = _Finder()


def when_imported(name: str, then: Callable[[ModuleType], None]) -> None:
    """``then(module)`` now if ``name`` is imported already, else as soon as it is (the latest
    ``then`` given for a module is the one that runs)."""
    module = sys.modules.get(name)
    if module is not None:
        then(module)
        return
    _waiting[name] = then
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
