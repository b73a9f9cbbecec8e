"""The house rules of DESIGN.md section 1, enforced."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import boclerk

PKG = Path(boclerk.__file__).parent
FACES = ("boclerk.cli", "boclerk.tui")


def _modules():
    for info in pkgutil.walk_packages([str(PKG)], prefix="boclerk."):
        if ".migrations" in info.name:
            continue
        yield info.name


def _fresh_import(module: str) -> set[str]:
    code = f"import sys, {module}; print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual','typer','rich'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {m.split(".")[0] for m in out.stdout.strip().split(",") if m}


def test_headless_modules_never_import_a_face_library():
    headless = [m for m in _modules() if not m.startswith(FACES)]
    assert headless
    code = (
        "import importlib, sys\n"
        f"mods = {headless!r}\n"
        "bad = []\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "leaked = sorted({n.split('.')[0] for n in sys.modules} & {'textual', 'typer', 'rich'})\n"
        "print(','.join(leaked))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_does_not_import_textual():
    assert "textual" not in _fresh_import("boclerk.cli.app")
    assert "textual" not in _fresh_import("boclerk.cli.main")


def test_help_does_not_import_textual():
    code = (
        "import sys\n"
        "from boclerk.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().splitlines()[-1] == "False"


def test_arrows_point_down():
    """No module imports a layer above its own."""
    rank = {"cli": 3, "tui": 3, "services": 2, "domain": 1, "formats": 1, "db": 1}
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).parts
        if len(rel) < 2 or "migrations" in rel:
            continue
        own = rank.get(rel[0])
        if own is None:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] != "boclerk" or len(parts) < 2:
                    continue
                other = rank.get(parts[1])
                if rel[0] == "cli" and parts[1] == "tui":
                    continue  # the command line's entry point opens the app
                if other is not None and parts[1] != rel[0]:
                    assert other < own or (own == 1 and other == 1 and rel[0] != "formats"), (
                        f"{path.relative_to(PKG)} imports {name}"
                    )
                    if rel[0] == "formats":
                        raise AssertionError(f"formats must stay pure: {path.relative_to(PKG)} imports {name}")
