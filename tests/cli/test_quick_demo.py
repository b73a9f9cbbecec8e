"""``boclerk --demo show ...``, ``--demo company show`` and ``--demo find`` are answered before typer
is loaded once the demo shop is built (boclerk/cli/quick.py), with the bytes and exit codes typer's
commands give; a demo not built yet, or whose build was stopped half way, goes to typer as before.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from boclerk.cli.quick import parse
from tests.cli.test_quick_lookups import HEAVY, _both, _make_books


@pytest.fixture
def demo_folder(sqlite_location, tmp_path):
    """A working folder whose data/demo.db is a small shop (the demo's place under it)."""
    number = _make_books(sqlite_location)
    folder = tmp_path / "work"
    (folder / "data").mkdir(parents=True)
    shutil.copyfile(sqlite_location.path, folder / "data" / "demo.db")
    return folder, number


def _lines(number: str, db: str) -> list:
    return [
        ["viewer", ["--demo", "show", "order", number]],
        ["viewer", ["--demo", "show", "order", number, "--json"]],
        ["viewer", ["--demo", "show", "customer", "ANNA", "--json"]],
        ["viewer", ["--demo", "show", "order", "SO-2026-999999"]],
        ["viewer", ["--demo", "company", "show"]],
        ["viewer", ["--demo", "company", "show", "--json"]],
        ["viewer", ["--demo", "find", "anna"]],
        ["viewer", ["--db", db, "--demo", "show", "order", number, "--json"]],
        ["nobody", ["--demo", "show", "order", number]],
    ]


@pytest.mark.parametrize("language", ["C.UTF-8", "ru_RU.UTF-8"])
def test_the_built_demo_is_answered_before_typer(demo_folder, language):
    folder, number = demo_folder
    lines = _lines(number, str(folder / "data" / "demo.db"))
    config = os.environ.get("BOCLERK_CONFIG", "/dev/null")
    fast, slow = _both([*lines, ["modules", list(HEAVY)]], language, config, cwd=folder)
    assert fast.pop() == []  # none of typer, click, rich, Babel, SQLAlchemy loaded
    assert slow.pop() != []
    for (_, args), said_fast, said_slow in zip(lines, fast, slow, strict=True):
        assert said_fast == said_slow, args
    assert [said[2] for said in fast] == [0, 0, 0, 4, 0, 0, 0, 0, 3]
    assert json.loads(fast[1][0])["number"] == number and fast[1][1] == ""
    assert json.loads(fast[5][0])["name"] == "Test Shop"
    assert fast[7] == fast[1]  # --db names the database, as typer reads both


@pytest.mark.parametrize("stopped", [False, True])
def test_a_demo_not_built_goes_to_typer(demo_folder, tmp_path, stopped):
    folder, number = demo_folder
    if stopped:  # a build stopped half way leaves its marker beside the file
        (folder / "data" / "demo.db.building").write_text("")
    else:
        folder = tmp_path / "empty"
        folder.mkdir()
    lines = [["viewer", ["--demo", "show", "order", number]], ["viewer", ["--demo", "company", "show", "--json"]]]
    fast, slow = _both([*lines, ["modules", ["typer"]]], "C.UTF-8", cwd=folder)
    assert fast == slow  # typer answered both sides
    assert fast[2] == ["typer"]
    if not stopped:
        assert [said[2] for said in fast[:2]] == [2, 2] and "boclerk demo" in fast[0][1]
        assert not (folder / "data" / "demo.db").exists()  # a lookup builds nothing


@pytest.mark.parametrize("args", [
    ["--demo", "company", "show"], ["--demo", "show", "order", "1"], ["--demo", "find", "x", "--json"],
    ["--db", "a.db", "--demo", "show", "po", "1"], ["--demo", "--db=a.db", "company", "show"],
])
def test_the_quick_path_knows_the_demo(args):
    line = parse(args)
    assert line is not None and line.demo


@pytest.mark.parametrize("args", [
    ["--demo", "--demo", "company", "show"], ["show", "--demo", "order", "1"], ["company", "show", "--demo"],
    ["--demo"], ["--demo", "show", "order", "1", "--demo"],
])
def test_other_demo_lines_go_to_typer(args):
    assert parse(args) is None


def test_the_marker_is_the_demo_build_s(tmp_path):
    """The quick path names the build's marker itself (the demo module loads the ORM)."""
    from boclerk.cli.quick import demo_built
    from boclerk.demo.shop import building_marker
    from boclerk.settings import location_from

    db = tmp_path / "demo.db"
    db.write_bytes(b"x")
    assert demo_built(str(db))
    building_marker(location_from(str(db), "test")).write_text("")
    assert not demo_built(str(db))
