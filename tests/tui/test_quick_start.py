"""The app's start on SQLite: Home's figures and the Orders list come before SQLAlchemy, the ORM
schema or the whole command tree are loaded; acts load them when first needed; the same user and
revision checks refuse before any screen; and ``boclerk --demo`` opens at once on the build's
progress, then on Home, never on half a shop."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from boclerk.cli.front import app_database, check_actor
from boclerk.db.database import Database
from boclerk.db.plain import text
from boclerk.db.quick import QuickDatabase
from boclerk.errors import DatabaseUnavailable, NotPermitted
from boclerk.settings import location_from
from boclerk.tui.app import BoclerkApp
from boclerk.tui.demo_build import DemoBuildScreen, PendingShop
from tests.services.trade_helpers import confirmed, shop
from tests.tui.helpers import screen_text, settle

#: ``boclerk --db DB`` in a fresh interpreter, the app run headless instead of on the terminal
START = textwrap.dedent("""
    import asyncio, json, sys
    from boclerk.services.platform import identity
    identity.os_user_name = lambda *_: sys.argv[2]
    import boclerk.tui

    async def drive(app):
        async with app.run_test(size=(80, 24)) as pilot:
            while app.screen.query("#to-confirm").first().value == "…":
                await pilot.pause(0.01)
            home = {f.id: f.value for f in app.screen.query(".figure")}
            await pilot.press("2")
            from boclerk.tui.paged import PagedTable
            while not app.screen.query(PagedTable) or not app.screen.query_one(PagedTable).rows_data:
                await pilot.pause(0.01)
            rows = [r.number for r in app.screen.query_one(PagedTable).rows_data]
            loaded = sorted(m for m in ("sqlalchemy", "sqlmodel", "boclerk.domain.models", "boclerk.cli.order_cmd",
                                        "typer", "click") if m in sys.modules)
            print(json.dumps({"home": home, "rows": rows, "loaded": loaded}))

    def headless(db, actor, config=None, mouse=True, building=None, area="dashboard"):
        from boclerk.tui.app import BoclerkApp
        BoclerkApp.WARM_UP_AFTER = 3600  # what the first screens load, not what the warm-up adds later
        asyncio.run(drive(BoclerkApp(db, actor, config=config)))

    boclerk.tui.run_app = headless
    from boclerk.cli.main import main
    main(["--db", sys.argv[1]], quick=sys.argv[3] == "quick")
""")


def _start(path, user: str = "admin", *, quick: bool = True, state=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", START, str(path), user, "quick" if quick else "typer"],
                          capture_output=True, text=True,
                          env={"BOCLERK_CONFIG": os.environ.get("BOCLERK_CONFIG", "/dev/null"), "PATH": "/usr/bin:/bin",
                               "XDG_STATE_HOME": str(state or path.parent / "state")}, timeout=300)


@pytest.fixture
def a_shop(sqlite_location):
    db = Database.open(sqlite_location)
    try:
        shop(db)
        numbers = [confirmed(db, "ANNA", ("MUG", 1)), confirmed(db, "ANNA", ("LAMP", 1))]
    finally:
        db.close()
    return sqlite_location, numbers


@pytest.fixture
def either_shop(location, tmp_path):
    """The shop on either backend, and what names it on the command line."""
    db = Database.open(location)
    try:
        shop(db)
        numbers = [confirmed(db, "ANNA", ("MUG", 1)), confirmed(db, "ANNA", ("LAMP", 1))]
    finally:
        db.close()
    return (location.path or location.url), numbers, tmp_path / "state"


def test_home_and_the_orders_list_come_before_sqlalchemy_and_the_orm(either_shop):
    """On SQLite read with sqlite3 alone, on PostgreSQL with psycopg alone (boclerk/db/plain_pg.py)."""
    where, numbers, state = either_shop
    out = _start(where, state=state)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["loaded"] == []  # no SQLAlchemy, no SQLModel, no ORM schema, no command's module, no typer
    assert seen["home"]["to-ship"] == "2"
    assert seen["rows"][:2] == numbers[::-1]


def test_the_app_opened_through_typer_shows_the_same(either_shop):
    where, _numbers, state = either_shop
    quick, typer = _start(where, state=state), _start(where, quick=False, state=state)
    assert typer.returncode == quick.returncode == 0, typer.stderr
    seen, quickly = (json.loads(out.stdout.strip().splitlines()[-1]) for out in (typer, quick))
    # (the figure the start waits for; the others may still be on their way when it is read)
    assert (seen["home"]["to-confirm"], seen["rows"]) == (quickly["home"]["to-confirm"], quickly["rows"])
    assert "typer" in seen["loaded"]  # what the quick start spares


def test_an_unknown_user_and_another_revision_are_refused_before_the_screen(a_shop):
    loc, _numbers = a_shop
    out = _start(loc.path, user="nobody-here")
    assert out.returncode == 3
    assert "has no boclerk account" in out.stderr and "Traceback" not in out.stderr
    typer = _start(loc.path, user="nobody-here", quick=False)  # the same words and code through typer
    assert (typer.returncode, typer.stderr) == (out.returncode, out.stderr)

    con = sqlite3.connect(loc.path)
    con.execute("UPDATE alembic_version SET version_num = '0009'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseUnavailable, match="0009"):
        app_database(loc)
    out = _start(loc.path)
    assert out.returncode != 0 and "0009" in out.stderr and "Traceback" not in out.stderr
    typer = _start(loc.path, quick=False)
    assert (typer.returncode, typer.stderr) == (out.returncode, out.stderr)


@pytest.mark.parametrize("line, opens", [
    ([], {}), (["--db", "x.db"], {"--db": "x.db"}), (["--db=x.db", "--no-mouse"], {"--db": "x.db", "--no-mouse": True}),
    (["--demo"], {"--demo": True}),
    (["--help"], None), (["--version"], None), (["--demo", "--demo"], None), (["--db", "a", "--db", "b"], None),
    (["--db"], None), (["orders"], None), (["--db", "x.db", "find", "anna"], None), (["--mouse"], None),
])
def test_only_a_plain_app_line_opens_before_typer(line, opens):
    from boclerk.cli.quick import parse_app

    assert parse_app(line) == opens


def test_a_disabled_user_is_refused_on_the_quick_path_too(a_shop):
    from boclerk.services.platform.users import set_active

    loc, _numbers = a_shop
    db = Database.open(loc)
    try:
        with db.write("admin") as uow:
            set_active(uow, "viewer", False)
    finally:
        db.close()
    quick = app_database(loc)
    assert isinstance(quick, QuickDatabase)
    with pytest.raises(NotPermitted, match="disabled"):
        check_actor(quick, "viewer")


@pytest.fixture
def shop_anywhere(either_shop, location):
    return location, either_shop[1]


async def test_an_act_on_the_quick_database_opens_the_full_one_and_works(shop_anywhere, monkeypatch):
    loc, numbers = shop_anywhere
    monkeypatch.setattr(BoclerkApp, "WARM_UP_AFTER", 3600)  # the act, not the warm-up, opens it here
    db = app_database(loc)
    try:
        app = BoclerkApp(db, "admin")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.screen.query_one("#to-ship").value == "2"
            assert not db.loaded  # Home read with sqlite3 alone
            await pilot.press("2")
            await settle(pilot)
            app.screen.query_one("PagedTable").focus()
            await pilot.press("x")  # cancel the newest order: an act through the rule book and the ORM
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert db.loaded
        with db.plain.read("admin") as uow:
            status = uow.s.scalar(text("SELECT status FROM sales_order WHERE number = :n"), {"n": numbers[-1]})
        assert status == "cancelled"
    finally:
        db.close()


# -- boclerk --demo: the build's progress, then Home --------------------------------------------------

FAKE_BUILD = textwrap.dedent("""
    import shutil, sys, time
    target, source = sys.argv[1], sys.argv[2]
    marker = target + ".building"
    open(marker, "w").close()
    for stage, total in (("creating the database", 1), ("simulating days", 3)):
        for done in range(total + 1):
            print(f"{stage}\\t{done}\\t{total}", flush=True)
            time.sleep(0.05)
    if sys.argv[3] == "fail":
        print("Something broke in the build.", file=sys.stderr)
        sys.exit(1)
    if sys.argv[3] == "hang":
        time.sleep(600)
    shutil.copyfile(source, target)
    import os; os.unlink(marker)
""")


def _pending(tmp_path, source, how: str = "ok") -> PendingShop:
    target = tmp_path / "demo" / "demo.db"
    target.parent.mkdir()
    opened = []

    def open_built():
        opened.append(app_database(location_from(str(target), "test")))
        return opened[-1]

    return PendingShop(target, open_built, command=[sys.executable, "-c", FAKE_BUILD, str(target), str(source), how])


async def test_the_demo_opens_on_its_build_and_then_on_home(a_shop, tmp_path):
    loc, _numbers = a_shop
    pending = _pending(tmp_path, loc.path)
    app = BoclerkApp(None, "admin", building=pending)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DemoBuildScreen)
        assert "Building the demo shop" in screen_text(app)
        await pilot.press("2")  # no shop yet: the area keys do nothing
        assert isinstance(app.screen, DemoBuildScreen)
        while isinstance(app.screen, DemoBuildScreen):
            await pilot.pause(0.05)
        # not settle(): the build's worker went with its screen (cancelled), and waiting on it raises
        while not app.screen.query("#to-ship") or app.screen.query_one("#to-ship").value == "…":
            await pilot.pause(0.05)
        assert app.screen.TITLE == "Home"
        assert app.shop_name == "Test Shop" and app.role == "admin"
        assert app.screen.query_one("#to-ship").value == "2"
        app.db.close()


async def test_a_build_that_fails_says_why_and_opens_nothing(a_shop, tmp_path):
    loc, _numbers = a_shop
    pending = _pending(tmp_path, loc.path, "fail")
    app = BoclerkApp(None, "admin", building=pending)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        while not screen.query_one("#build-error").display:
            await pilot.pause(0.05)
        await pilot.pause()  # the sentence laid out at its width before the screen is read
        assert "Something broke in the build." in screen_text(app)
        assert "✓ creating the database" in screen_text(app)
        assert app.db is None and isinstance(app.screen, DemoBuildScreen)


async def test_quitting_during_the_build_stops_it_and_leaves_its_marker(a_shop, tmp_path):
    loc, _numbers = a_shop
    pending = _pending(tmp_path, loc.path, "hang")
    app = BoclerkApp(None, "admin", building=pending)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        while "simulating days" not in screen.stages or screen.stages["simulating days"][0] < 3:
            await pilot.pause(0.05)
        proc = screen.proc
        await pilot.press("ctrl+q")
    assert proc.wait(timeout=10) != 0
    assert (pending.path.parent / "demo.db.building").exists() and not pending.path.exists()
    assert app.db is None


def test_boclerk_demo_reports_its_steps_as_lines_for_the_app(tmp_path, monkeypatch, as_user):
    from types import SimpleNamespace

    from tests.conftest import make_cli_runner

    def build_demo(loc, *, admin, progress=None, **options):
        progress("creating the database", 0, 1)
        progress("creating the database", 1, 1)
        loc.path.write_bytes(b"built")

        class _Db:
            def close(self):
                pass

        return _Db(), SimpleNamespace(products=1, customers=1, suppliers=1, orders=1, bulk_orders=0,
                                      purchase_orders=1, documents=0)

    monkeypatch.setattr("boclerk.demo.shop.build_demo", build_demo)
    result = make_cli_runner(None, as_user)("--db", str(tmp_path / "demo.db"), "demo", "--progress-lines")
    assert result.exit_code == 0, result.output
    assert "creating the database\t0\t1\ncreating the database\t1\t1\n" in result.stdout


def test_the_demo_needs_building_only_when_absent_or_stopped(tmp_path, monkeypatch):
    from boclerk.cli.common import State
    from boclerk.cli.front import demo_to_build

    path = tmp_path / "demo.db"
    assert demo_to_build(State(db=str(path), demo=True))
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE company (name TEXT)")
    con.execute("INSERT INTO company VALUES ('Demo Shop')")
    con.commit()
    con.close()
    assert not demo_to_build(State(db=str(path), demo=True))
    (tmp_path / "demo.db.building").touch()  # a build was stopped: removed, built again
    assert demo_to_build(State(db=str(path), demo=True))
    assert not path.exists() and not (tmp_path / "demo.db.building").exists()


async def test_the_warm_up_opens_the_full_database_which_then_serves_the_plain_reads(shop_anywhere, monkeypatch):
    loc, _numbers = shop_anywhere
    monkeypatch.setattr(BoclerkApp, "WARM_UP_AFTER", 0.01)
    db = app_database(loc)
    try:
        app = BoclerkApp(db, "admin")
        async with app.run_test(size=(80, 24)) as pilot:
            while not db.loaded:
                await pilot.pause(0.05)
            await settle(pilot)
            served = []
            monkeypatch.setattr(db.plain, "run", lambda *a, **k: served.append(a))
            await pilot.press("r")  # Home read again: through the full database now
            await settle(pilot)
            assert served == [] and app.screen.query_one("#to-ship").value == "2"
    finally:
        db.close()


def test_work_waits_for_its_module_to_be_imported(tmp_path, monkeypatch):
    from boclerk.cli.late import when_imported

    (tmp_path / "late_sample_module.py").write_text("WORD = 'english'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "late_sample_module", raising=False)
    when_imported("late_sample_module", lambda m: setattr(m, "WORD", "русский"))
    assert "late_sample_module" not in sys.modules  # not imported for it
    import late_sample_module

    assert late_sample_module.WORD == "русский"
    when_imported("late_sample_module", lambda m: setattr(m, "WORD", "again"))  # imported: at once
    assert late_sample_module.WORD == "again"
