from pathlib import Path

import pytest

from boclerk.errors import InvalidInput
from boclerk.settings import load_config, location_from, resolve_db


@pytest.fixture
def config_files(tmp_path, monkeypatch):
    system = tmp_path / "etc.toml"
    user = tmp_path / "user.toml"
    monkeypatch.setattr("boclerk.settings.config_paths", lambda: [system, user])
    monkeypatch.delenv("BOCLERK_DB", raising=False)
    return system, user


def test_order_cli_env_config_default(config_files, monkeypatch, tmp_path):
    system, user = config_files
    monkeypatch.chdir(tmp_path)
    loc = resolve_db()
    assert loc.path == tmp_path / "data" / "boclerk.db" and loc.rule.startswith("default")

    user.write_text('db = "/srv/user.db"\n')
    assert resolve_db().path == Path("/srv/user.db")
    assert str(user) in resolve_db().rule

    system.write_text('db = "/srv/system.db"\ncompany = "Sys"\n')
    assert resolve_db().path == Path("/srv/system.db")  # /etc first

    monkeypatch.setenv("BOCLERK_DB", "/srv/env.db")
    assert resolve_db().path == Path("/srv/env.db")
    assert resolve_db().rule == "BOCLERK_DB environment variable"

    loc = resolve_db("/srv/cli.db")
    assert loc.path == Path("/srv/cli.db") and loc.rule == "--db option"


def test_config_values_first_file_wins_and_keymap_merges(config_files):
    system, user = config_files
    system.write_text('currency = "EUR"\n[keymap]\nquit = "ctrl+q"\n')
    user.write_text('currency = "USD"\ncompany = "Mine"\nlocale = "en"\n[keymap]\nquit = "q"\nhelp = "f2"\n')
    cfg = load_config()
    assert cfg.currency == "EUR" and cfg.company == "Mine" and cfg.locale == "en"
    assert cfg.keymap == {"quit": "ctrl+q", "help": "f2"}


def test_relative_paths_in_config_are_relative_to_the_file(config_files, tmp_path, monkeypatch):
    system, _ = config_files
    system.write_text('db = "shop/boclerk.db"\ndocuments = "shop/docs"\n')
    monkeypatch.chdir("/")
    assert resolve_db().path == tmp_path / "shop" / "boclerk.db"
    assert load_config().documents == str(tmp_path / "shop" / "docs")
    system.write_text('documents = "/srv/docs"\n')
    assert load_config().documents == "/srv/docs"


def test_bad_config_is_one_sentence(config_files):
    system, _ = config_files
    system.write_text("db = \n")
    with pytest.raises(InvalidInput, match="not valid TOML"):
        load_config()
    system.write_text('colour = "red"\n')
    with pytest.raises(InvalidInput, match="unknown key"):
        load_config()
    system.write_bytes('company = "Лавка"\n'.encode("cp1251"))  # not UTF-8: a sentence, not a traceback
    with pytest.raises(InvalidInput, match="not valid TOML"):
        load_config()
    system.write_bytes(b"")  # an empty file says nothing
    assert load_config().company == "My Shop"


def test_urls():
    pg = location_from("postgres://u:secret@h/db", "x")
    assert pg.url.startswith("postgresql+psycopg://") and not pg.is_sqlite
    assert "secret" not in pg.display()
    assert location_from("sqlite:////tmp/a.db", "x").path == Path("/tmp/a.db")
    with pytest.raises(InvalidInput):
        location_from("mysql://h/db", "x")
    with pytest.raises(InvalidInput):
        location_from("sqlite://", "x")


def test_a_command_for_a_database_names_it_as_it_was_named(tmp_path, monkeypatch):
    """What a sentence tells someone to run reaches the same database: the demo by --demo, a file or
    server given by --db by the same --db (a server without its password); else the plain command."""
    from boclerk.settings import DEMO_DB

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOCLERK_DB", raising=False)
    assert resolve_db(demo=True).command("db upgrade") == "boclerk --demo db upgrade"
    assert resolve_db(str(tmp_path / "my shop.db")).command("db upgrade") == \
        f"boclerk --db '{tmp_path / 'my shop.db'}' db upgrade"
    assert resolve_db("postgresql://clerk:s3cret@db.local/shop").command("db check") == \
        "boclerk --db 'postgresql+psycopg://clerk:***@db.local/shop' db check"
    monkeypatch.setenv("BOCLERK_DB", str(tmp_path / "env.db"))
    assert resolve_db().command("db upgrade") == "boclerk db upgrade"
    assert resolve_db(demo=True).path == (tmp_path / DEMO_DB).resolve()


def test_a_config_file_is_parsed_again_only_once_it_changed(tmp_path, monkeypatch):
    import os

    import boclerk.settings as settings

    path = tmp_path / "boclerk.toml"
    path.write_text("[date_window]\npast_years = 3\nfuture_years = 1\n")
    parsed = []
    parse = settings._parse_toml
    monkeypatch.setattr(settings, "_parse_toml", lambda p: parsed.append(p) or parse(p))
    assert load_config([path]).date_window == {"past_years": 3, "future_years": 1}
    assert load_config([path]).date_window == {"past_years": 3, "future_years": 1}
    assert parsed == [path]
    load_config([path]).date_window["past_years"] = 99  # a caller's change stays its own
    assert load_config([path]).date_window["past_years"] == 3
    stat = path.stat()
    path.write_text("[date_window]\npast_years = 5\nfuture_years = 1\n")  # the same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same modification time
    assert load_config([path]).date_window == {"past_years": 5, "future_years": 1}
    assert len(parsed) == 2
