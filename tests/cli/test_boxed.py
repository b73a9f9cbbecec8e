"""The plain writer of rich's tables (boclerk/cli/boxed.py) against rich itself: the same bytes
off a terminal, whatever the table holds (what it cannot write plainly it leaves to rich)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys

import pytest

from boclerk.cli.boxed import print_boxed_table
from boclerk.cli.output import print_table

#: (title, columns, rows, right-aligned columns, written without rich)
TABLES = [
    ("Stock", ["warehouse", "on hand", "reserved", "available"], [("MAIN", 41, 0, 41), ("SOUTH-2", 7, 3, 4)],
     ["on hand", "reserved", "available"], True),
    ("Last moves", ["date", "wh", "kind", "qty", "value", "after", "source"],
     [("2026-10-03", "MAIN", "shipment", "-1", "-1\xa0705,19", 41, "SO-2026-009883"),
      ("2026-05-29", "MAIN", "receipt", "+52", "88\xa0669,88", 52, "PO-2026-000017")], ["qty", "value", "after"], True),
    (None, ["a"], [("x",), ("longer text",)], [], True),
    ("A title far wider than its one narrow column", ["n"], [(1,), (22,)], ["n"], False),
    ("Склад", ["склад", "остаток"], [("ГЛАВНЫЙ", "1\u202f000"), ("Южный", None)], ["остаток"], True),
    ("x", ["one", "two"], [("[bold]tag[/bold]", ":smile:")], [], False),
    ("x", ["one", "two"], [("寿司", "e\u0301"), ("ok", "ok")], ["two"], False),
    ("", ["c1", "c2", "c3"], [("", "", "")], ["c2"], True),
]


def _said(fn, *args, **kwargs) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        fn(*args, **kwargs)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("table", TABLES, ids=range(len(TABLES)))
def test_the_plain_table_is_rich_s_table(table, monkeypatch):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    title, columns, rows, right, plainly = table
    said = _said(print_boxed_table, title, columns, rows, right=right)
    assert said == _said(print_table, title, columns, rows, right=right)
    assert said[0].count("\n") == len(rows) + 2 + (1 if title else 0) or not plainly  # rich wraps a wide title
    asked: list = []
    monkeypatch.setattr("boclerk.cli.output.print_table", lambda *args, **kwargs: asked.append(args))
    _said(print_boxed_table, title, columns, rows, right=right)
    assert (asked == []) == plainly


def test_an_empty_table_says_so_as_rich_s_does():
    assert _said(print_boxed_table, "Stock", ["a"], []) == _said(print_table, "Stock", ["a"], []) == ("", "Stock: none.\n")


def test_the_plain_table_loads_no_rich():
    import subprocess

    code = ("import sys; from boclerk.cli.boxed import print_boxed_table as p; p('T', ['a', 'b'], [(1, 'x')], "
            "right=['a']); print(sorted(m for m in ('rich', 'typer') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "BOCLERK_CONFIG": "/dev/null"})
    assert done.stdout.splitlines()[-1] == "[]"
    assert done.stdout.splitlines()[1] == "a ┃ b"


TERMINAL = """
import json, sys
from boclerk.cli import boxed, output
title, columns, rows, right = json.loads(sys.argv[2])
(boxed.print_boxed_table if sys.argv[1] == "plain" else output.print_table)(title, columns, rows, right=right)
sys.stdout.flush()
print("rich" in sys.modules, file=sys.stderr)
"""


def _on_a_terminal(side: str, table, width: int, env: dict) -> tuple[bytes, str]:
    """What one side writes to a terminal ``width`` columns wide, and whether it loaded rich."""
    import fcntl
    import struct
    import subprocess
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, width, 0, 0))
    child = subprocess.Popen([sys.executable, "-c", TERMINAL, side, json.dumps(table)], stdin=slave, stdout=slave,
                             stderr=subprocess.PIPE, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                                                          "BOCLERK_CONFIG": "/dev/null", **env})
    os.close(slave)
    said = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        said += chunk
    os.close(master)
    loaded = child.stderr.read().decode().strip()
    child.wait()
    return said, loaded


@pytest.mark.parametrize("env, width, plainly", [
    ({"TERM": "xterm-256color"}, 120, True),
    ({"TERM": "xterm", "COLORTERM": "truecolor"}, 100, True),
    ({"TERM": "screen", "COLUMNS": "75"}, 40, True),
    ({"TERM": "xterm-256color"}, 60, False),  # too narrow: rich cuts the cells
    ({"TERM": "xterm-256color", "NO_COLOR": "1"}, 120, False),
    ({"TERM": "dumb"}, 120, False),
    ({"TERM": "xterm-256color", "FORCE_COLOR": "1"}, 120, False),
])
def test_on_a_terminal_the_plain_table_is_rich_s_table(env, width, plainly):
    title, columns, rows, right, _ = TABLES[1]
    table = [title, columns, [list(map(str, row)) for row in rows], right]
    mine, loaded = _on_a_terminal("plain", table, width, env)
    theirs, _ = _on_a_terminal("rich", table, width, env)
    assert mine == theirs and b"Last moves" in mine
    assert loaded == str(not plainly)
    if plainly:
        assert b"\x1b[1mdate      \x1b[0m" in mine
