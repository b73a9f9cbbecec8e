"""The command line in Russian (help, typer's own words, its own sentences), the database it
says it uses when the app last ran on another, and short numbers wherever a number is typed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.cli.test_order_cli import ok, shop_cli  # noqa: F401  (a fixture)


def boclerk(*args, lang="ru_RU.UTF-8", config=os.devnull, cwd=None):
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG=lang, BOCLERK_CONFIG=str(config), COLUMNS="100", TERMINAL_WIDTH="100")
    return subprocess.run([sys.executable, "-m", "boclerk", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def test_the_help_speaks_russian_with_typers_own_words(tmp_path):
    r = boclerk("--help", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Использование:" in r.stdout and "Usage:" not in r.stdout
    for word in ("Параметры", "Команды", "Показать это сообщение и выйти."):
        assert word in r.stdout
    assert "Заказы покупателей: создать, подтвердить, оплатить, отгрузить" in r.stdout
    r = boclerk("order", "--help", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Записать оплату по заказу (полную или частичную)." in r.stdout
    assert "Record a payment" not in r.stdout


def test_a_usage_error_is_said_in_russian(tmp_path):
    r = boclerk("order", "pay", cwd=tmp_path)
    assert r.returncode == 2
    assert "Ошибка" in r.stderr and "Не указан аргумент 'НОМЕР'." in r.stderr  # as the usage line names it
    assert "Подробнее: 'boclerk order pay --help'." in r.stderr
    r = boclerk("ordr", cwd=tmp_path)
    assert r.returncode == 2 and "Нет такой команды 'ordr'. Возможно, имелось в виду 'order'?" in r.stderr


def test_the_configs_english_wins_over_a_russian_lang(tmp_path):
    config = tmp_path / "boclerk.toml"
    config.write_text('locale = "en"\n')
    r = boclerk("order", "--help", config=config, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Usage:" in r.stdout and "Record a payment for an order (full or partial)." in r.stdout
    assert "Использование" not in r.stdout


def test_a_refusal_of_the_command_line_is_said_in_russian(tmp_path):
    r = boclerk("show", "widget", "1", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("boclerk не показывает 'widget'; выберите одно из: order, product,"), r.stderr


def test_the_same_refusal_in_english_with_c_locale(tmp_path):
    r = boclerk("show", "widget", "1", lang="C.UTF-8", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("'widget' is not something boclerk shows; choose one of:"), r.stderr


# -- which database ------------------------------------------------------------------------------

@pytest.fixture
def state_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    from boclerk.settings import app_state_path

    return app_state_path()


@pytest.fixture
def by_env(location, monkeypatch):
    """The database found by BOCLERK_DB, not named on the command line."""
    monkeypatch.setenv("BOCLERK_DB", location.url if not location.is_sqlite else str(location.path))


def test_a_command_says_it_uses_another_database_than_the_apps_last(cli, location, state_home, tmp_path, by_env):
    from boclerk.settings import remember

    demo = tmp_path / "data" / "demo.db"
    remember(state_home, database=str(demo))
    r = ok(cli("order", "list", "--json", db=False))
    assert json.loads(r.stdout) == []  # stdout stays data only
    shown = location.display()
    said = [line for line in r.stderr.splitlines() if line.startswith("Using the database")]
    assert said == [f"Using the database {shown} (BOCLERK_DB environment variable); the app last ran on {demo}."]


def test_a_database_named_on_the_command_line_goes_without_saying(cli, state_home, tmp_path):
    from boclerk.settings import remember

    remember(state_home, database=str(tmp_path / "data" / "demo.db"))
    r = ok(cli("order", "list", "--json"))  # --db names it
    assert "Using the database" not in r.stderr


def test_a_command_on_the_apps_last_database_says_nothing(cli, location, state_home, by_env):
    from boclerk.cli.which_db import where
    from boclerk.settings import remember

    remember(state_home, database=where(location))
    r = ok(cli("order", "list", "--json", db=False))
    assert "Using the database" not in r.stderr


def test_nothing_remembered_nothing_said(cli, state_home):
    r = ok(cli("order", "list", "--json"))
    assert "Using the database" not in r.stderr


def test_the_app_remembers_its_database(tmp_path, state_home, monkeypatch):
    from boclerk.cli import which_db
    from boclerk.settings import location_from, remembered

    loc = location_from(str(tmp_path / "data" / "demo.db"), "--demo (the demo database under the current directory)")
    which_db.remember_database(loc)
    assert remembered(state_home)["database"] == str((tmp_path / "data" / "demo.db").resolve())


def test_the_rule_is_said_in_russian(location, state_home, capsys):
    from boclerk.cli.which_db import announce_database
    from boclerk.i18n import use
    from boclerk.settings import location_from, remember

    remember(state_home, database="/elsewhere/demo.db")
    use("ru")
    announce_database(location_from(str(location.path or "x.db"), "BOCLERK_DB environment variable"))
    said = capsys.readouterr().err
    assert said.startswith("Используется база данных ") and "её выбрало правило: переменная окружения BOCLERK_DB;" in said
    assert "последний раз приложение работало с /elsewhere/demo.db" in said


# -- short numbers -------------------------------------------------------------------------------

def test_short_numbers_work_in_the_order_commands(shop_cli):  # noqa: F811
    cli = shop_cli
    r = ok(cli("order", "create", "--customer", "ANNA", "--line", "MUG:2", user="clerk"))
    number = r.stdout.strip()
    short = str(int(number.rsplit("-", 1)[1]))
    r = ok(cli("order", "confirm", short, user="clerk"))
    assert f"Confirmed {number}: confirmed." in r.stderr
    r = ok(cli("order", "pay", short, "100", "--yes", user="acc"))
    assert f"Paid {number}: confirmed" in r.stderr
    year = number.split("-")[1]
    r = ok(cli("order", "show", f"{year}-{short}", "--json", user="viewer"))
    assert json.loads(r.stdout)["number"] == number
    r = ok(cli("order", "ship", f"so-{year}-{short}", "--yes", user="clerk"))  # the series in lower case, no zeros
    assert number in r.stderr


def test_a_short_number_no_order_has_is_refused_as_given(shop_cli):  # noqa: F811
    r = shop_cli("order", "pay", "9999", "100", "--yes", user="acc")
    assert r.exit_code == 4 and "9999" in r.stderr


def test_the_help_names_typed_values_in_russian(tmp_path):
    r = boclerk("order", "ship", "--help", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "{НОМЕР}" in r.stdout and "--line          СТРОКА" in r.stdout, r.stdout
    assert "<str>" not in r.stdout and "<number>" not in r.stdout and "number" not in r.stdout, r.stdout
    r = boclerk("stock", "receive", "--help", cwd=tmp_path)
    assert "{АРТИКУЛ} {КОЛ-ВО}" in r.stdout and "СУММА" in r.stdout and "СКЛАД" in r.stdout, r.stdout
    assert "<str>" not in r.stdout, r.stdout
    r = boclerk("order", "ship", "--help", lang="C.UTF-8", cwd=tmp_path)
    assert "{NUMBER}" in r.stdout and "LINE" in r.stdout and "<str>" not in r.stdout, r.stdout
    # a metavar a command gives itself stays
    assert "PATH|URL" in boclerk("--help", cwd=tmp_path).stdout
