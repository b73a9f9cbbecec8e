"""Bad input: one sentence, a non-zero exit code, no traceback, nothing modified."""

import os
from pathlib import Path

import pytest

from tests.conftest import make_cli_runner

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bare_cli(as_user):
    return make_cli_runner(None, as_user)


def _one_sentence(result, code):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_unreachable_url(bare_cli):
    r = bare_cli("--db", "postgresql://nobody@127.0.0.1:1/none", "user", "list")
    _one_sentence(r, 2)
    assert "Cannot reach the database" in r.stderr


def test_file_that_is_not_a_database(bare_cli, tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("hello, this is not a database\n" * 50)
    before = junk.read_bytes()
    r = bare_cli("--db", str(junk), "user", "list")
    _one_sentence(r, 2)
    assert "not a boclerk database" in r.stderr
    assert junk.read_bytes() == before
    r = bare_cli("--db", str(junk), "db", "init")
    assert r.exit_code == 1 and junk.read_bytes() == before


def test_directory_instead_of_file(bare_cli, tmp_path):
    r = bare_cli("--db", str(tmp_path), "user", "list")
    _one_sentence(r, 2)
    assert "is a directory" in r.stderr


def test_missing_database_names_db_init(bare_cli, tmp_path):
    r = bare_cli("--db", str(tmp_path / "missing.db"), "user", "list")
    _one_sentence(r, 2)
    assert "boclerk db init" in r.stderr
    assert not (tmp_path / "missing.db").exists()


def test_empty_sqlite_file_is_not_a_boclerk_database(bare_cli, tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.close()
    r = bare_cli("--db", str(path), "audit")
    _one_sentence(r, 2)
    assert "not a boclerk database" in r.stderr


def test_unknown_os_user(cli):
    r = cli("user", "list", user="stranger")
    _one_sentence(r, 3)
    assert "'stranger' has no boclerk account" in r.stderr


def test_bad_date_option(cli):
    r = cli("audit", "--since", "the day before")
    _one_sentence(r, 2)
    assert "YYYY-MM-DD" in r.stderr


@pytest.fixture
def unwritable_dir(tmp_path):
    """A directory this process may not write (root ignores modes, so use procfs then)."""
    if os.geteuid() == 0:
        yield Path("/proc/sys")
        return
    d = tmp_path / "ro"
    d.mkdir()
    d.chmod(0o500)
    yield d
    d.chmod(0o700)


def test_unwritable_directory(bare_cli, unwritable_dir):
    r = bare_cli("--db", str(unwritable_dir / "x.db"), "db", "init")
    _one_sentence(r, 2)
    assert "is not writable" in r.stderr
    assert not (unwritable_dir / "x.db").exists()
    r = bare_cli("--db", str(unwritable_dir / "sub" / "x.db"), "db", "init")
    _one_sentence(r, 2)
    assert "Cannot create the directory" in r.stderr
    assert not (unwritable_dir / "sub").exists()


def test_uid_without_a_name(bare_cli, tmp_path, monkeypatch):
    from boclerk.services.platform import identity

    monkeypatch.undo()  # use the real identity function ...
    monkeypatch.setattr(identity.os, "geteuid", lambda: 54321)  # ... for a uid with no passwd entry
    monkeypatch.delenv("SUDO_USER", raising=False)
    from typer.testing import CliRunner

    from boclerk.cli.app import app

    r = CliRunner().invoke(app, ["--db", str(tmp_path / "x.db"), "db", "init"])
    _one_sentence(r, 3)
    assert "no name in the password database" in r.stderr
    assert not (tmp_path / "x.db").exists()


def test_sudo_user_is_honoured_only_for_the_database_owner_when_sudo_switched_accounts(monkeypatch):
    import pwd

    from boclerk.services.platform import identity

    me = pwd.getpwuid(os.geteuid()).pw_name
    other = next(p for p in pwd.getpwall() if p.pw_uid != os.geteuid())
    monkeypatch.setenv("SUDO_USER", other.pw_name)
    monkeypatch.setenv("SUDO_UID", str(other.pw_uid))
    assert identity.os_user_name(os.geteuid()) == other.pw_name  # sudo from `other` to the database's owner
    assert identity.os_user_name(identity.NOT_CREATED) == other.pw_name  # db init under sudo
    assert identity.os_user_name(other.pw_uid) == me  # we do not own the database: the variables prove nothing
    assert identity.os_user_name(identity.UNKNOWN) == me
    monkeypatch.setenv("SUDO_UID", str(os.geteuid()))
    assert identity.os_user_name(os.geteuid()) == me  # not switched: ignore SUDO_USER
    monkeypatch.setenv("SUDO_UID", str(other.pw_uid + 100000))
    assert identity.os_user_name(os.geteuid()) == me  # name and uid disagree
    monkeypatch.delenv("SUDO_USER")
    monkeypatch.setenv("USER", "admin")
    monkeypatch.setenv("LOGNAME", "admin")
    assert identity.os_user_name(os.geteuid()) == me  # $USER is never trusted
