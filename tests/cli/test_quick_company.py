"""``boclerk company show`` is answered before typer is loaded (boclerk/cli/quick.py), read with
plain SQL; what it prints, on which stream, and its exit codes must be what the typer command
prints, byte for byte, in English and in Russian, as JSON and as text, for every refusal, and
what the command printed reading the company's row through SQLAlchemy's units of work.

On the small shop of test_quick_lookups.py (both backends), and on the demo shop with its
requisites, its books in English and then in Russian.
"""

from __future__ import annotations

import json
import os

import pytest

from boclerk.cli.quick import parse
from tests.cli.test_quick_lookups import HEAVY, _both, books  # noqa: F401 (the shop and the two sides)

#: the module's shared shop is built once: its tests run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("quick_company")


def _lines(b: dict) -> list:
    db = b["db"]
    return [
        ["viewer", ["--db", db, "company", "show"]],
        ["viewer", ["--db", db, "company", "show", "--json"]],
        ["viewer", ["company", "show", f"--db={db}", "--json"]],
        ["nobody", ["--db", db, "company", "show"]],
        ["gone", ["--db", db, "company", "show", "--json"]],
        ["viewer", ["--db", b["other"], "company", "show"]],
        ["viewer", ["--db", b["junk"], "company", "show", "--json"]],
        ["viewer", ["--db", b["none"], "company", "show"]],
    ]


@pytest.mark.parametrize("language", ["C.UTF-8", "ru_RU.UTF-8"])
def test_company_show_quick_says_what_typer_says(books, language):
    lines = _lines(books)
    config = os.environ.get("BOCLERK_CONFIG", "/dev/null")
    fast, slow = _both([*lines, ["modules", list(HEAVY)]], language, config)
    assert fast.pop() == []  # none of typer, click, rich, Babel, SQLAlchemy, SQLModel loaded
    assert slow.pop() != []  # and the other side did go through typer
    for (_, args), said_fast, said_slow in zip(lines, fast, slow, strict=True):
        assert said_fast == said_slow, args
    orm, _ = _both(lines, language, config, sides=("orm", "orm"))
    assert orm == fast  # SQLAlchemy's units of work: the same bytes and exit codes
    out, err, code = fast[1]
    row = json.loads(out)
    assert (code, err, row["name"], row["currency"], row["language"]) == (0, "", "Test Shop", "RUB", "ru")
    assert fast[2] == fast[1]
    text = fast[0][0]
    assert fast[0][2] == 0 and "Test Shop" in text
    assert ("Язык учёта: русский" if language.startswith("ru") else "Language of the books: Russian") in text
    assert [said[2] for said in fast[3:]] == [3, 3, 2, 2, 2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from boclerk.demo.shop import build_demo
    from boclerk.settings import location_from

    where = tmp_path_factory.mktemp("company-demo")
    config = where / "boclerk.toml"
    config.write_text(f'documents = "{where / "documents"}"\n')
    location = location_from(str(where / "demo.db"), "test")
    before = os.environ.get("BOCLERK_CONFIG")
    os.environ["BOCLERK_CONFIG"] = str(config)
    try:
        db, _ = build_demo(location, admin="admin", seed=7, orders=20, simulated=0)
    finally:
        os.environ["BOCLERK_CONFIG"] = before or os.devnull
    yield {"db": str(location.path), "config": str(config), "database": db}
    db.close()


@pytest.mark.parametrize("language", ["C.UTF-8", "ru_RU.UTF-8"])
def test_the_demo_s_company_in_both_languages_of_its_books(demo, language):
    from boclerk.services.platform.company import set_company_details

    lines = [["gleb", ["--db", demo["db"], "company", "show"]],  # the demo's viewer
             ["gleb", ["--db", demo["db"], "company", "show", "--json"]]]
    said = {}
    for books_in in ("en", "ru"):
        with demo["database"].write("admin") as uow:
            set_company_details(uow, language=books_in)
        fast, slow = _both(lines, language, demo["config"])
        assert fast == slow
        orm, _ = _both(lines, language, demo["config"], sides=("orm", "orm"))
        assert orm == fast
        assert [out[2] for out in fast] == [0, 0]
        said[books_in] = fast
    text, row = said["ru"][0][0], json.loads(said["ru"][1][0])
    assert row["language"] == "ru" and row["tax_id"] == "7736207543" and row["director"] == "Петров Пётр Петрович"
    assert json.loads(said["en"][1][0])["language"] == "en"
    russian = language.startswith("ru")
    assert ("Язык учёта: русский" if russian else "Language of the books: Russian") in text
    assert ("ИНН: 7736207543" if russian else "INN: 7736207543") in text


def test_the_plain_row_is_the_unit_s_company_row(location):
    """The plain reader gives what the ORM's company row gave the command before, field by field."""
    from boclerk.db.database import Database
    from boclerk.services.platform.company import _row, company_details, set_company_details
    from tests.services.trade_helpers import shop

    db = Database.open(location)
    try:
        shop(db)
        with db.write("admin") as uow:
            set_company_details(uow, tax_id="7736207543", kpp="773601001", director="Петров Пётр Петрович",
                                bik="044525225", bank_account="40702810938000000001", language="ru")
        for write in (False, True):
            with (db.write if write else db.read)("admin") as uow:
                assert company_details(uow) == _row(uow.company)
                assert company_details(uow).language == "ru"
    finally:
        db.close()


@pytest.mark.parametrize("args", [
    ["company", "show"], ["company", "show", "--json"], ["--db", "a.db", "company", "show"],
    ["--db=a.db", "company", "show", "--json"],
])
def test_the_quick_path_knows_company_show(args):
    assert parse(args) is not None


@pytest.mark.parametrize("args", [
    ["company"], ["company", "set", "--language", "ru"], ["company", "show", "x"], ["company", "show", "--csv"],
    ["company", "show", "--help"], ["company", "--json", "show"], ["company", "show", "--json", "--json"],
    ["--demo", "--demo", "company", "show"], ["show", "company"],
])
def test_other_company_command_lines_go_to_typer(args):
    assert parse(args) is None
