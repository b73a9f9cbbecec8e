"""The layers of DESIGN.md section 1, and two ways of checking a package against them.

``layer_violations`` reads every module's imports, at the top and inside functions alike
(boclerk imports lazily almost everywhere, for a fast start). ``fresh_import_problems``
runs this file as a script: for each headless module it forks a child of a clean
interpreter that imports the module and then every module its functions import, and
reports textual, typer or rich, or any boclerk module above the module's own layer, that
got loaded. Both take the folder holding a ``boclerk`` package, so that a test can run
them on a changed copy.

This file imports nothing of boclerk at its top: it also runs as that clean interpreter.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

#: Rank of each part of the package: an import may point at its own rank or lower.
RANKS = {
    "__main__": 4, "cli": 4, "tui": 4,                  # the faces
    "demo": 3,                                          # builds a shop through the services
    "services": 2,
    "domain": 1, "formats": 1, "db": 1,
    "money": 0, "settings": 0, "errors": 0, "quantity": 0, "fx": 0, "dates": 0, "i18n": 0,  # the ground floor
    "locale": -1,  # the catalogues' tools, beneath the words that read them
}
FACE = 4
FACE_LIBRARIES = frozenset({"textual", "typer", "rich"})
#: What formats/ may not touch, though it shares its rank with domain/ and db/: it stays pure.
NOT_FOR_FORMATS = ("boclerk.db", "boclerk.domain", "boclerk.services", "boclerk.demo", "sqlalchemy", "sqlmodel",
                   "alembic")


def rank(module: str) -> int:
    parts = module.split(".")
    if parts == ["boclerk"]:
        return 0
    if parts[1] not in RANKS:
        raise LookupError(f"{module} is in no layer: give boclerk.{parts[1]} a rank in tests/layers.py "
                          "and a place in the import-linter contracts of pyproject.toml")
    return RANKS[parts[1]]


def module_files(root: Path) -> dict[str, Path]:
    """Every module of the ``boclerk`` package under ``root``, by dotted name."""
    found = {}
    for path in sorted((root / "boclerk").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if node.module == "boclerk":  # from boclerk import money: a module, not a name
            return [f"boclerk.{alias.name}" for alias in node.names]
        return [node.module]
    return []


def imports_in(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every absolute import in the file, wherever it stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, target) for node in ast.walk(tree) for target in _targets(node)]


def lazy_imports(path: Path) -> list[tuple[str, bool]]:
    """The modules imported inside the file's functions (what runs only when they are
    called), each with whether it is only maybe a module (``z`` of ``from x.y import z``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, bool] = {}
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                for target in _targets(node):
                    found[target] = False
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module not in (None, "boclerk"):
                    for alias in node.names:
                        found.setdefault(f"{node.module}.{alias.name}", True)
    return list(found.items())


def _problem(importer: str, imported: str) -> str | None:
    """Why ``importer`` may not import (or load) ``imported``, or None."""
    own = rank(importer)
    top = imported.split(".")[0]
    if top in FACE_LIBRARIES and own < FACE:
        return f"{imported}: textual, typer and rich belong to the faces"
    if importer.startswith("boclerk.formats") and imported.startswith(NOT_FOR_FORMATS):
        return f"{imported}: formats/ stays pure (no database, domain or services)"
    if top == "boclerk" and imported != "boclerk" and rank(imported) > own:
        return f"{imported}: a layer above {importer}"
    return None


def layer_violations(root: Path) -> list[str]:
    """Every import in the package under ``root`` that breaks the layers, as "file:line ..."."""
    out = []
    files = module_files(root)
    for module, path in files.items():
        for line, imported in imports_in(path):
            while imported.startswith("boclerk.") and imported not in files:
                imported = imported.rsplit(".", 1)[0]  # from boclerk import __version__: a name
            why = _problem(module, imported)
            if why:
                out.append(f"{path.relative_to(root)}:{line} imports {why}")
    return out


def headless_modules(root: Path) -> list[str]:
    return [m for m in module_files(root) if rank(m) < FACE and ".migrations" not in m]


def fresh_import_problems(root: Path | None = None, modules: list[str] | None = None) -> dict[str, list[str]]:
    """What importing each headless module (and what its functions import) loads that it
    must not, each in a clean interpreter; ``root`` None is the installed package."""
    env = dict(os.environ)
    if root is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    out = subprocess.run([sys.executable, __file__, json.dumps(modules)], capture_output=True, text=True, env=env,
                         cwd=root or Path(__file__).parent.parent)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout)


# -- the clean interpreter ---------------------------------------------------------------

def _loaded_problems(module: str) -> list[str]:
    problems = []
    for name in sorted(sys.modules):
        if name.split(".")[0] in FACE_LIBRARIES or name.startswith(("boclerk.", "sqlalchemy", "sqlmodel", "alembic")):
            why = _problem(module, name)
            if why and why not in problems:
                problems.append(why)
    return problems


def _child(module: str, path: Path) -> list[str]:
    import importlib

    importlib.import_module(module)
    for target, maybe in lazy_imports(path):
        try:
            importlib.import_module(target)
        except ImportError:
            if target.startswith("boclerk.") and not maybe:
                raise
            # a name, not a module; or a library that is not installed, which loads nothing
    return _loaded_problems(module)


def _groups(modules: list[str]) -> list[list[str]]:
    """Rank by rank, formats/ before the rest of its rank (its children must start without
    the database libraries that domain/ and db/ bring)."""
    groups = []
    for level in sorted({rank(m) for m in modules}):
        same = [m for m in modules if rank(m) == level]
        pure = [m for m in same if m.startswith("boclerk.formats")]
        groups += [g for g in (pure, [m for m in same if m not in pure]) if g]
    return groups


def _libraries(paths: list[Path]) -> set[str]:
    """The outside libraries these files import at their top, but for the faces' ones."""
    found = set()
    for path in paths:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            for target in _targets(node):
                if target.split(".")[0] not in FACE_LIBRARIES | {"boclerk"}:
                    found.add(target)
    return found


def _probe(wanted: list[str] | None) -> dict[str, list[str]]:
    """Children forked group by group from one parent that starts clean. Before a group,
    the parent imports the outside libraries the group imports at its top anyway; after
    it, the group's own modules. A child so starts warm with nothing above its layer
    loaded, and the parent is checked after each group for textual, typer and rich."""
    import importlib
    import importlib.util

    root = Path(importlib.util.find_spec("boclerk").origin).parent.parent
    files = module_files(root)
    results: dict[str, list[str]] = {}
    for group in _groups(headless_modules(root)):
        for library in sorted(_libraries([files[m] for m in group])):
            try:
                importlib.import_module(library)
            except ImportError:
                pass  # not installed (an optional extra) or a name, not a module
        for module in (m for m in group if wanted is None or m in wanted):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                try:
                    answer = _child(module, files[module])
                except BaseException as exc:  # noqa: BLE001 - reported, not raised, from the child
                    answer = [f"cannot be imported: {exc!r}"]
                os.write(write, json.dumps(answer).encode())
                os._exit(0)
            os.close(write)
            with os.fdopen(read, "rb") as pipe:
                results[module] = json.loads(pipe.read() or b'["the child died"]')
            os.waitpid(pid, 0)
        for module in group:
            importlib.import_module(module)
        leaked = sorted({n.split(".")[0] for n in sys.modules} & FACE_LIBRARIES)
        if leaked:
            raise SystemExit(f"importing {', '.join(group)} loaded {leaked}")
    return results


if __name__ == "__main__":
    print(json.dumps(_probe(json.loads(sys.argv[1]))))
