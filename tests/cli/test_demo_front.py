"""``boclerk --demo`` on a demo whose build was stopped: it is built again, never opened half
made; and the marker of a stopped build never removes a database of another shop."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest

from boclerk.cli.common import State
from boclerk.cli.front import ensure_demo
from boclerk.errors import Refused


@pytest.fixture
def builds(monkeypatch):
    """Records the builds asked for, and what was at the place when each began."""
    seen = []

    def build_demo(loc, *, admin, progress=None, **options):
        seen.append(loc.path.exists())
        loc.path.parent.mkdir(parents=True, exist_ok=True)
        loc.path.write_bytes(b"built")

        class _Db:
            def close(self):
                pass

        return _Db(), SimpleNamespace(products=1, customers=1, suppliers=1, orders=1, bulk_orders=0,
                                      purchase_orders=1, documents=0)

    monkeypatch.setattr("boclerk.demo.shop.build_demo", build_demo)
    monkeypatch.setattr("boclerk.cli.front.actor", lambda: "admin")
    return seen


def _sqlite(path, company=None):
    con = sqlite3.connect(path)
    if company is not None:
        con.execute("CREATE TABLE company (name TEXT)")
        con.execute("INSERT INTO company VALUES (?)", (company,))
    else:
        con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.commit()
    con.close()


def test_a_demo_whose_build_was_stopped_is_removed_and_built_again(tmp_path, builds, capsys):
    path = tmp_path / "demo.db"
    _sqlite(path)  # stopped before the company was written
    (tmp_path / "demo.db.building").touch()
    ensure_demo(State(db=str(path), demo=True))
    assert builds == [False]  # the half-made file was gone when the build began
    assert path.read_bytes() == b"built"
    assert "was not finished building; building it again" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["Demo Shop", "Демо-магазин"])  # built in English or in Russian
def test_a_stopped_build_of_the_demo_shop_itself_is_built_again_too(tmp_path, builds, name):
    path = tmp_path / "demo.db"
    _sqlite(path, company=name)
    (tmp_path / "demo.db.building").touch()
    ensure_demo(State(db=str(path), demo=True))
    assert builds == [False]


def test_a_finished_demo_opens_as_it_is(tmp_path, builds):
    path = tmp_path / "demo.db"
    _sqlite(path, company="Demo Shop")
    ensure_demo(State(db=str(path), demo=True))
    assert builds == []


def test_a_marker_beside_another_shops_database_removes_nothing(tmp_path, builds):
    path = tmp_path / "demo.db"
    _sqlite(path, company="My Shop")
    (tmp_path / "demo.db.building").touch()
    with pytest.raises(Refused, match="is not a demo database"):
        ensure_demo(State(db=str(path), demo=True))
    assert builds == [] and path.exists()


def test_boclerk_demo_builds_again_where_a_build_was_stopped_without_asking_for_replace(tmp_path, builds, as_user):
    from tests.conftest import make_cli_runner

    path = tmp_path / "demo.db"
    _sqlite(path)
    (tmp_path / "demo.db.building").touch()
    result = make_cli_runner(None, as_user)("--db", str(path), "demo")
    assert result.exit_code == 0, result.output
    assert builds == [False]


def _at_0021(loc, company: str) -> None:
    """The database at ``loc`` as the boclerk before 0022 left it, named ``company``."""
    from alembic import command
    from sqlalchemy import text

    from boclerk.db import migrate
    from boclerk.db.engine import make_engine

    engine = make_engine(loc)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE company SET name = :n"), {"n": company})
        command.downgrade(migrate.alembic_config(engine.execution_options(boclerk_mode="write")), "0021")
    finally:
        engine.dispose()


def _revision(path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("name", ["Demo Shop", "Демо-магазин"])  # built in English or in Russian
def test_a_demo_made_by_an_older_boclerk_is_upgraded_before_it_opens(sqlite_location, as_user, capsys, name):
    from boclerk.cli.front import check_actor, open_demo
    from boclerk.db.schema import SCHEMA_REVISION

    _at_0021(sqlite_location, name)
    db = open_demo(State(db=str(sqlite_location.path), demo=True), sqlite_location, "admin")
    try:
        check_actor(db, "admin")
    finally:
        db.close()
    assert _revision(sqlite_location.path) == SCHEMA_REVISION
    said = capsys.readouterr().err
    assert "was made by an older boclerk; upgrading it" in said
    assert f"from revision 0021 to {SCHEMA_REVISION}" in said
    backups = list((sqlite_location.path.parent / "backups").iterdir())
    assert len(backups) == 1 and "0021" in backups[0].name


@pytest.mark.parametrize(("company", "demo"), [("My Shop", True), ("Demo Shop", False), ("Демо-магазин", False)])
def test_an_older_database_is_upgraded_only_when_asked_unless_it_is_the_demo(sqlite_location, as_user, company,
                                                                               demo):
    from boclerk.cli.front import open_demo
    from boclerk.errors import DatabaseUnavailable

    _at_0021(sqlite_location, company)
    with pytest.raises(DatabaseUnavailable, match="run: boclerk"):
        open_demo(State(db=str(sqlite_location.path), demo=demo), sqlite_location, "admin")
    assert _revision(sqlite_location.path) == "0021"


@pytest.mark.parametrize("args", [["show", "order", "1"], ["order", "list"], ["db", "status"], ["db", "check"]])
def test_a_command_on_a_demo_not_yet_built_names_what_builds_it(tmp_path, monkeypatch, capsys, args):
    from boclerk.cli.main import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        main(["--demo", *args])
    assert done.value.code == 2
    said = capsys.readouterr().err
    assert "There is no demo shop at" in said and "boclerk demo" in said, said
    assert not (tmp_path / "data").exists()  # nothing made on the way


def test_the_demo_command_builds_the_demo_and_names_no_other_database(tmp_path, builds, monkeypatch, capsys):
    from boclerk.cli.main import main
    from boclerk.settings import app_state_path, remember

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("boclerk.cli.common.actor", lambda: "admin")
    remember(app_state_path(), database="/elsewhere/shop.db")  # the app last ran on another shop
    with pytest.raises(SystemExit) as done:
        main(["demo"])
    assert done.value.code == 0
    said = capsys.readouterr().err
    assert builds == [False] and (tmp_path / "data" / "demo.db").read_bytes() == b"built"
    assert "Using the database" not in said and "boclerk.db" not in said, said
    assert "Built the demo shop at" in said
