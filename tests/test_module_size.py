"""No module of boclerk grows past ~400 lines without saying why at its top.

A long file is asking to be split along a seam; when it should stay whole, its docstring
says so in words ("... on purpose: ..."), where the next reader looks first. Migrations are
exempt: each is one step of the schema's history, written once.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "boclerk"
LIMIT = 400


def unexplained(root: Path) -> list[str]:
    """Modules under ``root`` over the limit whose docstring does not say why."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > LIMIT and "on purpose" not in (ast.get_docstring(ast.parse(text)) or ""):
            found.append(f"{path.relative_to(root.parent)} ({lines} lines)")
    return found


def test_a_long_module_says_why_at_its_top():
    found = unexplained(ROOT)
    assert not found, "split these along a seam, or say at their top why not: " + ", ".join(found)


def test_the_check_finds_a_long_module_without_a_reason(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "migrations").mkdir(parents=True)
    body = "x = 1\n" * LIMIT
    (pkg / "long.py").write_text('"""Many things."""\n' + body)
    (pkg / "kept.py").write_text('"""Many things, long on purpose: one story."""\n' + body)
    (pkg / "short.py").write_text('"""Few things."""\nx = 1\n')
    (pkg / "migrations" / "0001.py").write_text(body * 2)
    assert unexplained(pkg) == [f"pkg/long.py ({LIMIT + 1} lines)"]
