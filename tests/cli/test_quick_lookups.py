"""``boclerk find`` and ``boclerk show order`` are answered before typer is loaded
(boclerk/cli/quick.py); what they print, on which stream, and their exit codes must be what
the typer commands print, byte for byte, in English and in Russian, as JSON and as tables, and
for every refusal. Command lines the quick path does not know exactly go to typer.

Each side runs every command line in one fresh interpreter (as a command over SSH would, one
process per side and language), through ``boclerk.cli.main.main`` with ``quick`` on or off.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from boclerk.cli.quick import parse
from boclerk.db.database import Database
from boclerk.services.platform.users import add_user, set_active
from boclerk.services.sales.orders import pay_order
from boclerk.services.sales.shipping import ship_order
from boclerk.settings import location_from
from tests.services.trade_helpers import act, confirmed, shop

#: what a quick lookup must not load
HEAVY = ("sqlalchemy", "sqlmodel", "textual", "rich", "typer", "click", "babel")

RUN = """
import contextlib, io, json, sys
from boclerk.services.platform import identity
who = ["viewer"]
identity.os_user_name = lambda *_: who[0]
from boclerk.cli.main import main
quick = sys.argv[1] == "quick"
if sys.argv[1] == "orm":  # typer's path reading through SQLAlchemy's units of work, as before the plain readers
    from boclerk.cli.state import State
    State.reader = State.database
out = []
for user, args in json.loads(sys.argv[2]):
    if user == "modules":
        out.append(sorted(m for m in args if m in sys.modules))
        continue
    who[0] = user
    stdout, stderr = io.StringIO(), io.StringIO()
    code = "returned"
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            main(args, quick=quick)
        except SystemExit as exc:
            code = exc.code
    out.append([stdout.getvalue(), stderr.getvalue(), code])
print(json.dumps(out))
"""


def _both(lines: list, language: str, config: str = "/dev/null", *, cwd=None, sides=("quick", "typer"),
          **more: str) -> tuple[list, list]:
    env = {"BOCLERK_CONFIG": config, "PATH": "/usr/bin:/bin", "LANG": language, "COLUMNS": "100", **more}
    said = []
    for side in sides:
        done = subprocess.run([sys.executable, "-c", RUN, side, json.dumps(lines)], capture_output=True, text=True,
                              env=env, check=True, cwd=cwd)
        assert done.stdout.startswith("["), (side, done.stdout[:3000], done.stderr[-3000:])
        said.append(json.loads(done.stdout))
    return said[0], said[1]


PASSWORD = "s3cret-word"


def _make_books(location) -> str:
    db = Database.open(location)
    try:
        shop(db)
        number = confirmed(db, "ANNA", ("MUG", 2), ("LAMP", 1))
        act(db, "acc", pay_order, number, 540000, method="bank", reference="PP-17")
        act(db, "wh", ship_order, number)
        confirmed(db, "BORIS", ("KETTLE", 1))
        with db.write("admin") as uow:
            add_user(uow, "gone", "clerk")
        with db.write("admin") as uow:
            set_active(uow, "gone", False)
    finally:
        db.close()
    return number


def _sqlite_books(location, tmp_path) -> dict:
    """A small shop with an order paid and shipped, a disabled account, and three databases a
    lookup must refuse: one at another revision, one that is not a database, one not there."""
    number = _make_books(location)
    other = tmp_path / "other.db"
    other.write_bytes(location.path.read_bytes())
    con = sqlite3.connect(other)
    con.execute("UPDATE alembic_version SET version_num = '0011'")
    con.commit()
    con.close()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, only text" * 200)
    return {"db": str(location.path), "number": number, "other": str(other), "junk": str(junk),
            "none": str(tmp_path / "none.db")}


def _with_password(url: str) -> str:
    """``url`` with a password the lookups must never print (the test server trusts every login)."""
    scheme, rest = url.split("://", 1)
    user, at, host = rest.partition("@")
    return f"{scheme}://{user}:{PASSWORD}@{host}" if at else url


@pytest.fixture
def books(location, tmp_path):
    """The shop on either backend; on PostgreSQL the databases to refuse are one at another revision,
    an empty one, one the server does not have, and a server that is down, each named with a password."""
    if location.path is not None:
        yield _sqlite_books(location, tmp_path)
        return
    import socket

    from sqlalchemy import text as sa_text

    from tests.conftest import _pg_admin_engine, _pg_url_for

    number = _make_books(location)
    name = location.url.rsplit("/", 1)[1]
    made = [f"{name}_other", f"{name}_junk"]
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(sa_text(f'CREATE DATABASE "{made[0]}" TEMPLATE "{name}"'))
        conn.execute(sa_text(f'CREATE DATABASE "{made[1]}"'))
    other = Database.open(location_from(_pg_url_for(made[0]), "test"), check_revision=False)
    with other.engine.begin() as conn:
        conn.execute(sa_text("UPDATE alembic_version SET version_num = '0011'"))
    other.close()
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        down = s.getsockname()[1]
    try:
        yield {"db": _with_password(location.url), "number": number,
               "other": _with_password(_pg_url_for(made[0])), "junk": _with_password(_pg_url_for(made[1])),
               "none": _with_password(_pg_url_for(f"{name}_none")),
               "down": f"postgresql://clerk:{PASSWORD}@127.0.0.1:{down}/shop"}
    finally:
        with admin.connect() as conn:
            for made_name in made:
                conn.execute(sa_text(f'DROP DATABASE IF EXISTS "{made_name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_books(sqlite_location, tmp_path):
    return _sqlite_books(sqlite_location, tmp_path)


def _quick_lines(b: dict) -> list:
    db, number = b["db"], b["number"]
    _, year, seq = number.split("-")
    return [
        ["viewer", ["--db", db, "find", "anna@example.com", "--json"]],
        ["viewer", ["--db", db, "find", "anna"]],
        ["viewer", ["--db", db, "find", "anna", "--kind", "order,customer", "--limit", "1"]],
        ["viewer", ["find", "--kind=product", "--db", db, "m", "--limit=5", "--json"]],
        ["viewer", ["--db", db, "find", "MUG"]],
        ["viewer", ["--db", db, "find", "zzzz-nothing"]],
        ["viewer", ["--db", db, "find", "anna", "--kind", "planet"]],
        ["viewer", ["--db", db, "find", "   "]],
        ["viewer", ["--db", db, "show", "order", number, "--json"]],
        ["viewer", ["--db", db, "show", "order", number]],
        ["viewer", ["--db", db, "show", " Order ", str(int(seq))]],
        ["viewer", ["show", "order", f"{year}-{int(seq)}", "--json", f"--db={db}"]],
        ["viewer", ["--db", db, "show", "order", f"so-{year}-{int(seq)}", "--json"]],
        ["viewer", ["--db", db, "show", "order", "SO-2026-999999"]],
        ["viewer", ["--db", db, "show", "order", "484", "--json"]],
        ["viewer", ["--db", db, "show", "customer", "anna", "--json"]],
        ["viewer", ["--db", db, "show", "Customer", "ANNA"]],
        ["viewer", ["--db", db, "show", "supplier", "ACME", "--json"]],
        ["viewer", ["--db", db, "show", "customer", "NOBODY"]],
        ["viewer", ["--db", db, "show", "supplier", " "]],
        ["nobody", ["--db", db, "find", "anna"]],
        ["gone", ["--db", db, "show", "order", number, "--json"]],
        ["viewer", ["--db", b["other"], "find", "anna"]],
        ["viewer", ["--db", b["junk"], "show", "order", number]],
        ["viewer", ["--db", b["none"], "find", "anna", "--json"]],
        *([["viewer", ["--db", b["down"], "show", "order", number]]] if "down" in b else []),
    ]


def _typer_lines(b: dict) -> list:
    db = b["db"]
    return [
        ["viewer", ["--db", db, "find", "anna", "--limit", "0"]],
        ["viewer", ["--db", db, "find", "anna", "--jsn"]],
        ["viewer", ["--db", db, "find", "--help"]],
        ["viewer", ["--db", db, "show", "order"]],
        ["viewer", ["--db", db, "show", "planet", "x"]],
        ["viewer", ["--db", db, "show", "product", "MUG", "--json"]],
        ["viewer", ["--db", db, "--db", db, "find", "anna"]],
    ]


@pytest.mark.parametrize("language", ["C.UTF-8", "ru_RU.UTF-8"])
def test_the_quick_path_says_what_typer_says(books, language):
    quick, lines = _quick_lines(books), _typer_lines(books)
    fast, slow = _both([*quick, ["modules", list(HEAVY)], *lines], language,
                       os.environ.get("BOCLERK_CONFIG", "/dev/null"))
    assert fast[len(quick)] == []  # no typer, click, rich, Babel, SQLAlchemy before the first fallback
    del fast[len(quick)], slow[len(quick)]
    for (_, args), said_fast, said_slow in zip([*quick, *lines], fast, slow, strict=True):
        assert said_fast == said_slow, args
    # and what they say is the lookup's answer, not two paths failing alike
    by_args = {" ".join(args): said for (user, args), said in zip([*quick, *lines], fast, strict=True)
               if user == "viewer"}
    db, number = books["db"], books["number"]
    out, _, code = by_args[f"--db {db} show order {number} --json"]
    detail = json.loads(out)
    assert code == 0 and detail["number"] == number and detail["paid"] == "5400.00"
    assert len(detail["lines"]) == 2 and len(detail["payments"]) == 1 and len(detail["shipments"]) == 1
    _, year, seq = number.split("-")
    assert by_args[f"--db {db} show order so-{year}-{int(seq)} --json"][0] == by_args[f"--db {db} show order {number} --json"][0]
    out, _, code = by_args[f"--db {db} show order {number}"]
    assert code == 0 and out.startswith(number) and "5\xa0400,00" in out  # the shop's locale: ru
    shown = json.loads(by_args[f"--db {db} show customer anna --json"][0])
    assert (shown["code"], shown["active"]) == ("ANNA", True)
    assert json.loads(by_args[f"--db {db} show supplier ACME --json"][0])["code"] == "ACME"
    assert by_args[f"--db {db} show customer NOBODY"][2] == 4 and by_args[f"--db {db} show supplier  "][2] == 2
    assert by_args[f"--db {db} find zzzz-nothing"][2] == 4
    assert by_args[f"--db {db} show order SO-2026-999999"][2] == 4
    assert number in by_args[f"--db {db} find anna"][0] and by_args[f"--db {db} find anna"][2] == 0
    assert by_args[f"--db {db} find anna --kind planet"][2] == 2
    assert by_args[f"--db {db} find anna --limit 0"][2] == 2
    assert by_args[f"--db {db} find --help"][2] == 0 and "--limit" in by_args[f"--db {db} find --help"][0]
    assert by_args[f"--db {books['other']} find anna"][2] == 2
    assert by_args[f"--db {books['junk']} show order {number}"][2] == 2
    assert by_args[f"--db {books['none']} find anna --json"][2] == 2
    refused = {" ".join(args): said for (user, args), said in zip(quick, fast[:len(quick)], strict=True)
               if user != "viewer"}
    assert [said[2] for said in refused.values()] == [3, 3]
    if language.startswith("ru"):
        assert "покупатель" in by_args[f"--db {db} show order {number}"][0]
    else:
        assert "customer ANNA" in by_args[f"--db {db} show order {number}"][0]
    if "down" in books:  # a server that is down: one sentence, as the full database says it
        out, said, code = by_args[f"--db {books['down']} show order {number}"]
        assert (out, code) == ("", 2) and said.count("\n") == 1 and "clerk:***@127.0.0.1" in said
    assert not any(PASSWORD in part for said in [*fast, *slow] for part in said[:2])  # a URL's password never shown


@pytest.mark.parametrize("language", ["C.UTF-8", "ru_RU.UTF-8"])
def test_the_plain_readers_say_what_the_orm_s_units_say(books, language):
    """The quick path (sqlite3 or psycopg alone) against typer's commands reading through SQLAlchemy's
    units of work: the same bytes, refusals and exit codes."""
    lines = _quick_lines(books)
    fast, slow = _both(lines, language, os.environ.get("BOCLERK_CONFIG", "/dev/null"), sides=("quick", "orm"))
    for (_, args), said_fast, said_slow in zip(lines, fast, slow, strict=True):
        assert said_fast == said_slow, args
    assert [said[2] for said in fast[:5]] == [0, 0, 0, 0, 0]


def test_without_db_the_quick_path_says_which_database_it_reads(sqlite_books, tmp_path):
    """No --db: the default database under the current folder, and the line on stderr that says so
    when the app last ran on another one (boclerk/cli/which_db.py), as the typer commands say it."""
    import shutil

    (tmp_path / "here" / "data").mkdir(parents=True)
    books = sqlite_books
    shutil.copyfile(books["db"], tmp_path / "here" / "data" / "boclerk.db")
    (tmp_path / "state" / "boclerk").mkdir(parents=True)
    (tmp_path / "state" / "boclerk" / "app.json").write_text(json.dumps({"database": "/elsewhere/shop.db"}))
    lines = [["viewer", ["show", "order", books["number"], "--json"]], ["viewer", ["find", "boris"]]]
    fast, slow = _both([*lines, ["modules", list(HEAVY)]], "C.UTF-8", cwd=tmp_path / "here",
                       XDG_STATE_HOME=str(tmp_path / "state"))
    assert fast == [*slow[:-1], []]
    where = tmp_path / "here" / "data" / "boclerk.db"
    assert all(said[2] == 0 and said[1].startswith(f"Using the database {where} (default") for said in fast[:-1]), fast
    assert "the app last ran on /elsewhere/shop.db" in fast[0][1]


@pytest.mark.parametrize("args", [
    ["find", "x"], ["--db", "a.db", "find", "x", "--json"], ["--db=a.db", "find", "--kind", "order", "x"],
    ["find", "x", "--limit", "200"], ["show", "order", "1"], ["show", "ORDER", "SO-2026-000001", "--json"],
    ["show", "customer", "ANNA"], ["show", "supplier", "ACME", "--json"],
])
def test_the_quick_path_knows_its_command_lines(args):
    assert parse(args) is not None


@pytest.mark.parametrize("args", [
    [], ["--demo", "--demo", "find", "x"], ["--db"], ["--db", "a", "--db", "b", "find", "x"], ["find"], ["find", "x", "y"],
    ["find", "x", "--help"], ["find", "x", "--limit", "0"], ["find", "x", "--limit", "201"], ["find", "x", "--limit", "ten"],
    ["find", "x", "--limit"], ["find", "x", "--kind", "--json"], ["find", "x", "--json", "--json"],
    ["find", "x", "--json=1"], ["find", "--", "x"], ["find", "-"], ["find", "-x"], ["show", "product", "MUG", "--csv"],
    ["show", "order"], ["show", "order", "1", "2"], ["show", "order", "1", "--kind", "x"], ["order", "show", "1"],
])
def test_anything_else_goes_to_typer(args):
    assert parse(args) is None
