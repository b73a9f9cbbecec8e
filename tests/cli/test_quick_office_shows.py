"""``boclerk show document|request|equipment|contract`` are answered before typer is loaded
(boclerk/cli/quick.py, printed by boclerk/cli/lookup_office_out.py): on the demo shop what they
print, on which stream, and their exit codes are what the typer commands print, byte for byte, in
English and in Russian, as JSON and as text, for short numbers and for every refusal; and the
quick path loads neither SQLAlchemy nor SQLModel, typer, click or rich.

The tables these commands print are drawn without rich off a terminal; they must be what rich
draws, character for character.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from contextlib import redirect_stderr, redirect_stdout

import pytest

from boclerk.cli.quick import parse
from tests.cli.test_quick_lookups import HEAVY, _both
from tests.conftest import BACKENDS

#: the module's shared shop is built once: its tests run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("quick_office_shows")

KEYS = {
    "document": ["DOC-2026-000001", "DOC-2026-000002", "doc-2026-000003", "3", "2026-2", "DOC-2026-999999", "junk", "999"],
    "request": ["REQ-2026-000001", "REQ-2026-000002", "REQ-2026-000003", "4", "2026-5", "REQ-2026-000006", "7",
                "REQ-2026-999999", "999"],
    "equipment": ["EQ-2026-000001", "EQ-2026-000007", "eq-2026-000008", "2", "2026-3", "EQ-2026-999999", "999", "x"],
    "contract": ["CTR-2026-000001", "CTR-2026-000002", "3", "2026-4", "CTR-2026-999999", "999", " "],
}


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, tmp_path_factory):
    """The demo shop (its documents, supply requests, equipment and contracts) with one account disabled."""
    from boclerk.demo.shop import build_demo
    from boclerk.services.platform.users import set_active
    from boclerk.settings import location_from

    where = tmp_path_factory.mktemp("office-demo")
    config = where / "boclerk.toml"
    config.write_text(f'documents = "{where / "documents"}"\n')
    name = None
    if request.param == "sqlite":
        location = location_from(str(where / "demo.db"), "test")
    else:
        from sqlalchemy import text

        from tests.conftest import _pg_admin_engine, _pg_url_for

        name = f"boclerk_office_demo_{uuid.uuid4().hex[:8]}"
        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        location = location_from(_pg_url_for(name), "test")
    before = os.environ.get("BOCLERK_CONFIG")
    os.environ["BOCLERK_CONFIG"] = str(config)
    try:
        db, _ = build_demo(location, admin="admin", seed=7, orders=20, simulated=0)
        with db.write("admin") as uow:
            set_active(uow, "dima", False)
        db.close()
    finally:
        os.environ["BOCLERK_CONFIG"] = before or os.devnull
    yield {"db": str(location.path) if location.path is not None else location.url, "config": str(config)}
    if name is not None:
        from sqlalchemy import text

        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _lines(db: str) -> list:
    lines = []
    for kind, keys in KEYS.items():
        for key in keys:
            lines.append(["admin", ["--db", db, "show", kind, key]])
            lines.append(["gleb", ["--db", db, "show", kind, key, "--json"]])
        lines.append(["anna", ["--db", db, "show", kind.upper(), keys[0]]])
        lines.append(["nobody", ["--db", db, "show", kind, keys[0]]])
        lines.append(["dima", ["--db", db, "show", kind, keys[1], "--json"]])
    return lines


def _typer_lines(db: str) -> list:
    """The area's own commands, which print through the same functions."""
    return [["admin", ["--db", db, *args]] for args in (
        ["doc", "show", "DOC-2026-000001", "--text"], ["doc", "show", "2", "--json"], ["office", "request", "3"],
        ["office", "request", "REQ-2026-000004", "--json"], ["office", "equipment", "show", "8"],
        ["office", "contract", "show", "2"], ["show", "contract", "1", "--kind", "x"])]


@pytest.mark.parametrize("language", ["C.UTF-8", "ru_RU.UTF-8"])
def test_the_quick_path_says_what_typer_and_the_orm_say(demo, language):
    quick, more = _lines(demo["db"]), _typer_lines(demo["db"])
    fast, slow = _both([*quick, ["modules", list(HEAVY)], *more], language, demo["config"])
    assert fast[len(quick)] == []  # nothing heavy loaded before the first command typer answers
    del fast[len(quick)], slow[len(quick)]
    for (_, args), said_fast, said_slow in zip([*quick, *more], fast, slow, strict=True):
        assert said_fast == said_slow, args
    _, orm = _both(quick, language, demo["config"], sides=("quick", "orm"))  # typer reading through the ORM's units
    for (_, args), said_fast, said_orm in zip(quick, fast[:len(quick)], orm, strict=True):
        assert said_fast == said_orm, args
    said = {(user, " ".join(args[2:])): answer for (user, args), answer in zip([*quick, *more], fast, strict=True)}
    for kind, keys in KEYS.items():  # the answers are the records', not two paths failing alike
        out, err, code = said[("admin", f"show {kind} {keys[0]}")]
        assert code == 0 and out.startswith(keys[0].upper()) and err == "", (kind, out, err)
        detail = json.loads(said[("gleb", f"show {kind} {keys[1]} --json")][0])
        assert detail["number"] == keys[1].upper()
        assert said[("admin", f"show {kind} {keys[-1]}")][2] in (2, 4)
        # a short number nothing has stays as given: no such record (for a document, not a number at all)
        assert said[("admin", f"show {kind} 999")][2] == (2 if kind == "document" else 4)
        assert said[("gleb", f"show {kind} 999 --json")][0] == ""
        assert said[("nobody", f"show {kind} {keys[0]}")][2] == 3 and said[("dima", f"show {kind} {keys[1]} --json")][2] == 3
        assert said[("anna", f"show {kind.upper()} {keys[0]}")][0] == said[("admin", f"show {kind} {keys[0]}")][0]
    assert json.loads(said[("gleb", "show document 3 --json")][0])["number"] == "DOC-2026-000003"
    assert said[("admin", "show document junk")][2] == 2
    statement = json.loads(said[("gleb", "show document DOC-2026-000001 --json")][0])
    assert statement["statement"] and statement["bank_lines"]
    contract = said[("admin", "show contract CTR-2026-000002")][0]
    assert "\u2503" in contract and "\u2502" in contract  # its linked bill, in a table
    assert said[("admin", "show contract 1 --kind x")][2] == 2  # typer's usage error


@pytest.mark.parametrize("args", [
    ["show", "document", "1"], ["show", "Request", "REQ-2026-000001", "--json"], ["show", "equipment", "2026-3"],
    ["--db", "x.db", "show", "contract", "CTR-2026-000001"],
])
def test_the_quick_path_knows_the_office_shows(args):
    assert parse(args) is not None


@pytest.mark.parametrize("args", [["show", "document", "1", "--text"], ["show", "contract"], ["show", "request", "1", "2"]])
def test_the_area_s_own_options_go_to_typer(args):
    assert parse(args) is None


TABLES = [
    ([("1", "SKU-1", "Бумага офисная А4", "10", "1\xa0234,00", "approved", "PO-2026-000001", "")],
     ["#", "sku", "name", "qty", "estimate", "decision", "po", "received"], ["qty", "estimate", "received"]),
    ([("2026-11-07", "service", "Замена картриджа — «срочно»", "", "12,50", None), ("2026-11-08", "move", "x", "anna", "", "JE-2026-000012")],
     ["day", "event", "what", "by", "cost", "entry"], ["cost"]),
    ([("bill", "BILL-2026-000049", "2026-09-16", "posted", "-5,00")], ["kind", "ref", "date", "state", "amount"], ["amount"]),
    ([("[bold]x[/bold]", ":thumbs_up: ok", "\u5927\u962a", "tab\there")], ["a", "b", "c", "d"], ["d"]),  # what rich reads itself
    ([("a" * 120, "b")], ["long", "x"], []),
]


@pytest.mark.parametrize(("rows", "columns", "right"), TABLES)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_table_is_drawn_as_rich_draws_it_off_a_terminal(rows, columns, right, language):
    from boclerk.cli.lookup_office_out import table
    from boclerk.cli.output import print_table
    from boclerk.i18n import use

    use(language)
    try:
        said = []
        for draw in (table, lambda *a, **k: print_table(None, *a, **k)):
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                draw(columns, rows, right=right)
            said.append((out.getvalue(), err.getvalue()))
    finally:
        use("en")
    assert said[0] == said[1]
    assert said[0][0].count("\n") == len(rows) + 2


def test_no_rows_say_so_as_rich_s_table_does(capsys):
    from boclerk.cli.lookup_office_out import table

    table(["a"], [])
    assert capsys.readouterr() == ("", "Nothing: none.\n")
