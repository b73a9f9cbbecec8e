"""The app opens on the area a person names (``boclerk --open orders``, or ``open`` in the config
file): a clerk who lives in the Orders list starts there. Named by key, mode or title in either
language; an area nobody has is refused before anything opens, the same on the quick path and
through typer."""

from __future__ import annotations

import pytest

from boclerk.cli.front import first_area
from boclerk.errors import InvalidInput
from boclerk.settings import Config, load_config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.areas import area_named
from boclerk.tui.paged import PagedTable
from tests.services.trade_helpers import confirmed, shop
from tests.tui.helpers import settle


@pytest.mark.parametrize("name, mode", [
    ("orders", "orders"), ("2", "orders"), ("Orders", "orders"), ("заказы", "orders"), ("ЗАКАЗЫ", "orders"),
    ("home", "dashboard"), ("dashboard", "dashboard"), ("Главная", "dashboard"), ("1", "dashboard"),
    (" ledger ", "ledger"), ("учёт", "ledger"), ("office", "office"), ("7", "office"),
    ("order", None), ("8", None), ("", None), ("home page", None),
])
def test_an_area_is_named_by_its_key_mode_or_title_in_either_language(name, mode):
    area = area_named(name)
    assert (area.mode if area else None) == mode


def test_the_command_line_names_the_area_over_the_config_file_and_home_is_the_default():
    assert first_area(None, Config()) == "dashboard"
    assert first_area(None, Config(open="stock")) == "stock"
    assert first_area("2", Config(open="stock")) == "orders"
    assert first_area(None, Config(open=4)) == "purchases"  # a bare number in the TOML file


def test_the_area_picked_in_the_app_comes_after_the_line_and_before_the_config_file():
    assert first_area(None, Config(open="stock"), "orders") == "orders"
    assert first_area("ledger", Config(open="stock"), "orders") == "ledger"
    assert first_area(None, Config(open="stock"), "no such mode") == "stock"  # the app's own file: not refused
    assert first_area(None, Config(), None) == "dashboard"


def test_an_unknown_area_is_refused_naming_where_it_was_said_and_the_areas():
    with pytest.raises(InvalidInput) as said:
        first_area("sales", Config(open="stock"))
    assert said.value.exit_code == 2
    assert "'sales' (--open)" in said.value.message
    assert "home, orders, stock, purchases, ledger, documents, office" in said.value.message
    with pytest.raises(InvalidInput, match="the config file's open"):
        first_area(None, Config(open="склад2"))


def test_the_config_file_keeps_the_area(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('open = "orders"\n', encoding="utf-8")
    assert load_config([path]).open == "orders"


def test_the_quick_path_opens_the_app_on_an_area_without_typer():
    from boclerk.cli.quick import parse_app

    assert parse_app(["--open", "orders", "--db", "x.db"]) == {"--open": "orders", "--db": "x.db"}
    assert parse_app(["--open=2"]) == {"--open": "2"}
    assert parse_app(["--open"]) is None and parse_app(["--open", "a", "--open", "b"]) is None  # typer's to say


@pytest.mark.parametrize("quick", [True, False])
@pytest.mark.parametrize("line, area", [([], "dashboard"), (["--open", "Заказы"], "orders"), (["--open=5"], "ledger")])
def test_the_app_is_opened_on_the_area_said_on_either_path(sqlite_location, as_user, monkeypatch, quick, line, area):
    import boclerk.tui
    from boclerk.cli.main import main

    opened: list[str] = []
    monkeypatch.setattr(boclerk.tui, "run_app", lambda db, who, **kw: opened.append(kw["area"]))
    with pytest.raises(SystemExit) as out:
        main(["--db", str(sqlite_location.path), *line], quick=quick)
    assert out.value.code == 0
    assert opened == [area]


@pytest.mark.parametrize("quick", [True, False])
def test_an_unknown_area_on_the_line_is_refused_before_the_app_opens(sqlite_location, as_user, monkeypatch, capsys,
                                                                     quick):
    import boclerk.tui
    from boclerk.cli.main import main

    monkeypatch.setattr(boclerk.tui, "run_app", lambda *a, **kw: pytest.fail("the app opened"))
    with pytest.raises(SystemExit) as out:
        main(["--db", str(sqlite_location.path), "--open", "sales"], quick=quick)
    assert out.value.code == 2
    assert "No area is called 'sales' (--open)" in capsys.readouterr().err


async def test_opened_on_orders_the_list_is_the_first_screen_and_home_comes_with_its_key(db):
    shop(db)
    numbers = [confirmed(db, "ANNA", ("MUG", 1)), confirmed(db, "ANNA", ("LAMP", 1))]
    app = BoclerkApp(db, "admin", area="orders")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current_mode == "orders"
        assert [r.number for r in app.screen.query_one(PagedTable).rows_data][:2] == numbers[::-1]
        assert "dashboard" not in app._screen_stacks  # Home was never built
        await pilot.press("1")
        await settle(pilot)
        assert app.current_mode == "dashboard"
        assert app.screen.query_one("#to-ship").value == "2"


async def test_start_here_in_the_palette_opens_the_next_start_on_that_area(db, tmp_path, as_user, monkeypatch):
    import boclerk.tui
    from boclerk.cli.main import main
    from boclerk.settings import app_state_path, remembered

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shop(db)
    app = BoclerkApp(db, "admin", remember=app_state_path())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        (start_here,) = [c for c in app.get_system_commands(app.screen) if c.title == "Start here"]
        assert "Orders" in start_here.help
        start_here.callback()
        await settle(pilot)
        assert any("opens on Orders" in str(n.message) for n in app._notifications)
    assert remembered(app_state_path())["open"] == "orders"

    opened: list[str] = []
    monkeypatch.setattr(boclerk.tui, "run_app", lambda db, who, **kw: opened.append(kw["area"]))
    for line in ([], ["--open", "home"]):
        with pytest.raises(SystemExit):
            main(["--db", str(db.location.path or db.location.url), *line])
    assert opened == ["orders", "dashboard"]


async def test_no_start_here_without_a_place_to_remember_it(db):
    shop(db)
    app = BoclerkApp(db, "admin")  # as tests make it: no state file
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not [c for c in app.get_system_commands(app.screen) if c.title == "Start here"]
