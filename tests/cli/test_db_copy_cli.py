"""``boclerk db copy --to postgresql://...`` as a person types it."""

from __future__ import annotations

import json

import pytest

from boclerk.db.schema import SCHEMA_REVISION
from tests.conftest import PG_URL
from tests.services.pg_copy_helpers import EmptyDatabase, pg_tables


def test_a_non_admin_is_refused_before_anything_is_touched(sqlite_cli):
    r = sqlite_cli("db", "copy", "--to", "postgresql://nobody@127.0.0.1:1/nothing", user="clerk")
    assert r.exit_code == 3
    assert "may not administer the database" in r.stderr


def test_the_target_must_be_a_postgresql_url(sqlite_cli, tmp_path):
    r = sqlite_cli("db", "copy", "--to", str(tmp_path / "other.db"))
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == [
        "--to takes a PostgreSQL URL (postgresql://user@host/name); to copy an SQLite file, use boclerk db backup."]
    assert not (tmp_path / "other.db").exists()


def test_a_server_that_cannot_be_reached_is_one_sentence(sqlite_cli):
    r = sqlite_cli("db", "copy", "--to", "postgresql://nobody@127.0.0.1:1/nothing")
    assert r.exit_code == 2
    assert r.stderr.startswith("Cannot reach the database at postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    assert "Traceback" not in r.output


if PG_URL:  # copies into a PostgreSQL database: there must be a server

    @pytest.mark.parametrize("target", ["postgresql"])
    def test_copy_then_check_the_copy(target, sqlite_cli, tmp_path, monkeypatch):
        config = tmp_path / "boclerk.toml"
        config.write_text(f'documents = "{tmp_path / "pg-documents"}"\n')
        monkeypatch.setenv("BOCLERK_CONFIG", str(config))
        with EmptyDatabase() as url:
            r = sqlite_cli("db", "copy", "--to", url, "--json")
            assert r.exit_code == 0, r.output
            summary = json.loads(r.stdout)
            assert summary["revision"] == SCHEMA_REVISION and summary["tables"]["app_user"] == 5
            assert summary["rows"] == sum(summary["tables"].values()) and summary["files"] == 0
            assert "postgres" in summary["target"] and summary["store"] == str(tmp_path / "pg-documents")
            r = sqlite_cli("--db", url, "db", "check", "--full", "--json", db=False)
            assert r.exit_code == 0, r.output
            assert json.loads(r.stdout)["ok"]
            r = sqlite_cli("--db", url, "user", "list", "--json", db=False)
            assert {u["name"] for u in json.loads(r.stdout)} == {"admin", "acc", "clerk", "wh", "viewer"}
            # again: the target is no longer empty
            r = sqlite_cli("db", "copy", "--to", url)
            assert r.exit_code == 1
            assert r.stderr.strip().endswith("is not empty; boclerk db copy copies only into an empty database.")
            assert "alembic_version" in pg_tables(url)


    @pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
    def test_a_postgresql_database_is_not_a_source(cli, location):
        r = cli("db", "copy", "--to", location.url)
        assert r.exit_code == 1
        assert "already on PostgreSQL" in r.stderr


if PG_URL:

    @pytest.mark.parametrize("target", ["postgresql"])
    def test_a_database_in_the_plain_c_locale_is_refused_with_what_to_do(target, sqlite_cli, tmp_path, monkeypatch):
        """Its lower() lowers A-Z only: every search there would miss "Иванов" for "иванов" (what
        ``db check`` reports of such a database); the copy says how to create one that does not."""
        config = tmp_path / "boclerk.toml"
        config.write_text(f'documents = "{tmp_path / "pg-documents"}"\n')
        monkeypatch.setenv("BOCLERK_CONFIG", str(config))
        with EmptyDatabase(plain_c=True) as url:
            r = sqlite_cli("db", "copy", "--to", url)
            assert r.exit_code == 1, r.output
            said = " ".join(r.stderr.split())
            assert "lowers only A-Z (its LC_CTYPE is C)" in said and "nothing was copied" in said, said
            name = url.rsplit("/", 1)[-1]
            assert f"createdb --encoding=UTF8 --locale=C.UTF-8 --template=template0 {name}" in said, said
            assert pg_tables(url) == []
            assert not (tmp_path / "pg-documents").exists() or not any((tmp_path / "pg-documents").rglob("*.*"))
        with EmptyDatabase() as url:  # a UTF-8 one, as the README's createdb makes: copied
            r = sqlite_cli("db", "copy", "--to", url, "--json")
            assert r.exit_code == 0, r.output
