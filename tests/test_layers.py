"""The house rules of DESIGN.md section 1, enforced.

Three checks: import-linter's contracts in pyproject.toml (``lint-imports``, also run by
CI); a reading of every import, inside functions too (tests/layers.py); and a clean
interpreter per headless module that imports it and what its functions import. A test
below makes the two classic mistakes in a copy of the package (``import textual.app``
inside a service function, a services import inside money.py) and watches every check
fail on each, so that none of them can go blind unnoticed. Besides: no import circles,
and ``boclerk --help`` stays free of textual.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import boclerk
from tests.layers import fresh_import_problems, headless_modules, layer_violations

PKG = Path(boclerk.__file__).parent
REPO = PKG.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` with this repository's contracts on the ``boclerk`` package under ``root``."""
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(REPO / "pyproject.toml")],
                          capture_output=True, text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})


def test_lint_imports_keeps_every_contract():
    out = lint_imports(REPO)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 kept, 0 broken" in out.stdout


def test_no_import_points_up_or_at_a_face_library():
    assert layer_violations(REPO) == []


def test_each_headless_module_in_a_clean_interpreter_loads_nothing_above_it():
    problems = fresh_import_problems()
    assert set(problems) == set(headless_modules(REPO))
    assert {m: p for m, p in problems.items() if p} == {}


def test_no_import_circles():
    """No module imports one that imports it back, directly or round a longer loop; imports
    inside functions count. (Imports under ``if TYPE_CHECKING:`` never run: they do not.)"""
    import grimp

    graph = grimp.build_graph("boclerk", cache_dir=None, exclude_type_checking_imports=True)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    circles = [sorted(c) for c in _strongly_connected(edges) if len(c) > 1]
    assert circles == []


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_the_circle_finder_finds_circles():
    loops = _strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}})
    assert sorted(sorted(c) for c in loops) == [["a", "b", "c"], ["d"], ["e"]]


# -- the two classic mistakes, made in a copy --------------------------------------------------

def _insert_in_first_function(path: Path, statement: str) -> None:
    """Put ``statement`` first in the body of the file's first top-level function."""
    lines = path.read_text().splitlines(keepends=True)
    first = next(n for n in ast.parse("".join(lines)).body if isinstance(n, ast.FunctionDef)).body[0]
    lines.insert(first.lineno - 1, " " * first.col_offset + statement + "\n")
    path.write_text("".join(lines))


MUTATIONS = {
    "textual inside a service function": ("boclerk/services/catalog/partners.py", "import textual.app",
                                          "boclerk.services.catalog.partners", "textual",
                                          "textual, typer and rich only in the faces"),
    "services inside money.py": ("boclerk/money.py", "from boclerk.services.catalog import partners",
                                 "boclerk.money", "boclerk.services", "Arrows point down"),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_every_check_fails_on_the_classic_mistakes(mutation, tmp_path):
    file, statement, module, loaded, contract = MUTATIONS[mutation]
    shutil.copytree(PKG, tmp_path / "boclerk", ignore=shutil.ignore_patterns("__pycache__"))
    _insert_in_first_function(tmp_path / file, statement)

    out = lint_imports(tmp_path)
    assert out.returncode == 1 and contract in out.stdout and "BROKEN" in out.stdout, out.stdout
    assert module in out.stdout

    found = layer_violations(tmp_path)
    assert len(found) == 1 and found[0].startswith(file) and f"imports {statement.split()[1]}" in found[0], found

    problems = fresh_import_problems(tmp_path, [module])
    assert list(problems) == [module] and any(p.startswith(loaded) for p in problems[module]), problems


def test_cli_does_not_import_textual():
    for module in ("boclerk.cli.app", "boclerk.cli.main"):
        code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "[]", module


def test_help_does_not_import_textual():
    code = (
        "import sys\n"
        "from boclerk.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().splitlines()[-1] == "False"
