"""``boclerk find`` and ``boclerk show order`` read a SQLite database with sqlite3 alone.

Each runs in a fresh interpreter, as over SSH, and must leave SQLAlchemy and SQLModel
unloaded (and rich: off a terminal ``find`` prints plain aligned text); what it prints is
what the same services give through the ORM's unit of work.
"""

from __future__ import annotations

import json
import subprocess
import sys

from boclerk.cli.common import plain
from boclerk.db.database import Database
from boclerk.services.lookup import find
from boclerk.services.sales.view import order_detail
from tests.services.trade_helpers import confirmed, shop

RUN = (
    "import json, sys\n"
    "from boclerk.services.platform import identity\n"
    "identity.os_user_name = lambda *_: 'viewer'\n"
    "from boclerk.cli.main import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    code = exc.code\n"
    "loaded = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'textual', 'rich') if m in sys.modules)\n"
    "print(json.dumps(loaded), file=sys.stderr)\n"
)


def _fresh(db_path, *args: str) -> tuple[str, list[str]]:
    out = subprocess.run([sys.executable, "-c", RUN, "--db", str(db_path), *args], capture_output=True, text=True,
                         env={"BOCLERK_CONFIG": "/dev/null", "PATH": "/usr/bin:/bin"}, check=True)
    return out.stdout, json.loads(out.stderr.strip().splitlines()[-1])


def test_find_and_show_load_no_sqlalchemy_and_agree_with_the_orm(sqlite_location):
    db = Database.open(sqlite_location)
    try:
        shop(db)
        number = confirmed(db, "ANNA", ("MUG", 2), ("LAMP", 1))
        found_orm = plain(db.run("viewer", find, "anna@example.com", write=False), "")
        detail_orm = plain(db.run("viewer", order_detail, number, write=False), "RUB")
    finally:
        db.close()

    out, loaded = _fresh(sqlite_location.path, "find", "anna@example.com", "--json")
    assert loaded == []
    assert json.loads(out) == json.loads(json.dumps(found_orm, default=str))
    assert {f["kind"] for f in json.loads(out)} >= {"customer", "order"}

    out, loaded = _fresh(sqlite_location.path, "show", "order", number, "--json")
    assert loaded == []
    assert json.loads(out) == json.loads(json.dumps(detail_orm, default=str))

    out, loaded = _fresh(sqlite_location.path, "find", "anna")  # off a terminal: plain aligned text
    assert loaded == [] and number in out
    lines = out.splitlines()
    at = lines.index("order")
    header, rule, row = lines[at + 1:at + 4]
    assert header.split() == ["key", "what", "details"]
    assert set(rule.replace(" ", "")) == {"-"} and row.startswith(number)
    widths = [len(dashes) for dashes in rule.split("  ")]
    assert len(widths) == 3 and row.index(number) == 0
    # the second column starts where its rule does, with what the order is, not its number again
    assert row[widths[0] + 2:].startswith("Anna ") and row.count(number) == 1

    _, year, seq = number.split("-")
    for short in (str(int(seq)), f"{year}-{int(seq)}"):  # as clerks say it: 1, or 2026-1
        out, loaded = _fresh(sqlite_location.path, "show", "order", short, "--json")
        assert loaded == [] and json.loads(out)["number"] == number, short


def test_a_short_number_no_record_has_is_refused_as_typed(sqlite_location):
    db = Database.open(sqlite_location)
    try:
        shop(db)
        confirmed(db, "ANNA", ("MUG", 1))
    finally:
        db.close()
    out = subprocess.run([sys.executable, "-c", RUN, "--db", str(sqlite_location.path), "show", "order", "484"],
                         capture_output=True, text=True, env={"BOCLERK_CONFIG": "/dev/null", "PATH": "/usr/bin:/bin"})
    assert out.stderr.startswith("There is no order 484.")  # (the wrapper above keeps the exit code to itself)


def test_a_plain_lookup_keeps_the_rules(sqlite_location, tmp_path):
    """The plain reader refuses what the ORM's unit refuses: an unknown OS user, a database at
    another revision."""
    import sqlite3

    code = RUN.replace("'viewer'", "'nobody'")
    out = subprocess.run([sys.executable, "-c", code, "--db", str(sqlite_location.path), "find", "x"],
                         capture_output=True, text=True, env={"BOCLERK_CONFIG": "/dev/null", "PATH": "/usr/bin:/bin"},
                         check=False)
    assert "The OS user 'nobody' has no boclerk account" in out.stderr
    con = sqlite3.connect(sqlite_location.path)
    con.execute("UPDATE alembic_version SET version_num = '0011'")
    con.commit()
    con.close()
    out = subprocess.run([sys.executable, "-c", RUN, "--db", str(sqlite_location.path), "find", "x"],
                         capture_output=True, text=True, env={"BOCLERK_CONFIG": "/dev/null", "PATH": "/usr/bin:/bin"},
                         check=False)
    assert f"run: boclerk --db {sqlite_location.path} db upgrade" in out.stderr


def _on_terminal(db_path, columns: int, *args: str, env: dict | None = None) -> tuple[str, list[str]]:
    """Run a lookup with its stdout on a terminal ``columns`` wide (a pseudo-terminal): what it shows."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    try:
        proc = subprocess.run([sys.executable, "-c", RUN, "--db", str(db_path), *args], stdout=follower,
                              stderr=subprocess.PIPE, text=True, check=True,
                              env={"BOCLERK_CONFIG": "/dev/null", "PATH": "/usr/bin:/bin", **(env or {})})
        os.close(follower)
        follower = -1
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other side closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    return shown.decode().replace("\r\n", "\n"), json.loads(proc.stderr.strip().splitlines()[-1])


def test_find_on_a_terminal_fits_its_width_without_loading_rich(sqlite_location):
    db = Database.open(sqlite_location)
    try:
        shop(db)
        number = confirmed(db, "ANNA", ("MUG", 2), ("LAMP", 1))
    finally:
        db.close()
    shown, loaded = _on_terminal(sqlite_location.path, 50, "find", "anna")
    assert loaded == []
    lines = shown.splitlines()
    assert max(len(line.replace("\x1b[1m", "").replace("\x1b[0m", "")) for line in lines) <= 50, shown
    at = lines.index("order")
    assert lines[at + 1].startswith("\x1b[1mkey") and lines[at + 1].endswith("\x1b[0m")  # the header in bold
    assert lines[at + 3].startswith(number) and lines[at + 3].endswith("…")  # the details cut to fit
    wide, _ = _on_terminal(sqlite_location.path, 200, "find", "anna", env={"NO_COLOR": "1"})
    assert "\x1b" not in wide and "…" not in wide  # room enough: nothing cut; NO_COLOR: no bold
    assert wide.splitlines()[wide.splitlines().index("order") + 3].startswith(number)
