import hashlib
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from boclerk.db.schema import SCHEMA_REVISION
from tests.conftest import PG_URL, make_cli_runner


@pytest.fixture
def bare_cli(as_user):
    """The CLI with no --db added."""
    return make_cli_runner(None, as_user)


def test_init_creates_private_database_and_first_admin(bare_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = bare_cli("db", "init", "--company", "Acme", "--currency", "eur", user="olga")
    assert r.exit_code == 0, r.output
    path = tmp_path / "data" / "boclerk.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    r = bare_cli("user", "list", "--json", user="olga")
    assert json.loads(r.stdout)[0]["name"] == "olga" and json.loads(r.stdout)[0]["role"] == "admin"
    con = sqlite3.connect(path)
    assert con.execute("SELECT name, currency FROM company").fetchone() == ("Acme", "EUR")
    con.close()
    # refuses to overwrite, changes nothing
    before = path.read_bytes()
    r = bare_cli("db", "init", user="olga")
    assert r.exit_code == 1 and "never overwrites" in r.stderr
    assert path.read_bytes() == before


def test_init_bad_currency_creates_nothing(bare_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = bare_cli("db", "init", "--currency", "XYZQ")
    assert r.exit_code == 2 and "currency" in r.stderr
    assert not (tmp_path / "data" / "boclerk.db").exists()


def test_where_reports_rule(bare_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = bare_cli("db", "where", "--json")
    assert json.loads(r.stdout)["location"] == str(tmp_path / "data" / "boclerk.db")
    monkeypatch.setenv("BOCLERK_DB", str(tmp_path / "env.db"))
    r = bare_cli("db", "where")
    assert r.stdout.strip() == str(tmp_path / "env.db") and "BOCLERK_DB" in r.stderr
    r = bare_cli("db", "where", "--db", str(tmp_path / "opt.db"))  # --db after the command
    assert r.stdout.strip() == str(tmp_path / "opt.db") and "--db option" in r.stderr


def test_status_and_check(cli):
    r = cli("db", "status", "--json")
    data = json.loads(r.stdout)
    assert data["database_revision"] == SCHEMA_REVISION and data["state"] == "up to date"
    r = cli("db", "check")
    assert r.exit_code == 0, r.output
    assert "FAIL" not in r.stdout
    r = cli("db", "check", user="clerk")
    assert r.exit_code == 3 and "may not check the database" in r.stderr


def test_other_revision_is_refused_with_one_line(cli, location):
    from sqlalchemy import create_engine, text

    eng = create_engine(location.url)
    with eng.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    eng.dispose()
    r = cli("user", "list")
    assert r.exit_code == 2
    assert "newer version" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = cli("db", "status", "--json")
    assert json.loads(r.stdout)["state"] == "newer than code"
    r = cli("db", "upgrade")
    assert r.exit_code == 1 and "upgrade boclerk" in r.stderr


def test_upgrade_when_current_is_a_no_op(cli):
    r = cli("db", "upgrade")
    assert r.exit_code == 0 and "nothing to do" in r.stderr
    r = cli("db", "upgrade", user="clerk")
    assert r.exit_code == 3


def test_backup_any_backend(cli, location, tmp_path):
    dest = tmp_path / "out" / "any.backup"
    dest.parent.mkdir()
    r = cli("db", "backup", str(dest))
    assert r.exit_code == 0, r.output
    manifest = json.loads((dest / "manifest.json").read_text())
    database = dest / manifest["database"]["file"]
    head = database.read_bytes()[:16]
    if location.is_sqlite:
        assert head == b"SQLite format 3\x00" and manifest["dialect"] == "sqlite"
    else:
        assert head[:5] == b"PGDMP" and manifest["dialect"] == "postgresql"  # pg_dump's custom format
    assert manifest["database"]["sha256"] == hashlib.sha256(database.read_bytes()).hexdigest()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o700 and stat.S_IMODE(database.stat().st_mode) == 0o600
    assert sorted(p.name for p in dest.parent.iterdir()) == ["any.backup"]  # no temporary folder left


def test_backup_and_restore_sqlite(sqlite_cli, sqlite_location, tmp_path):
    cli, location = sqlite_cli, sqlite_location
    dest = tmp_path / "b1.backup"
    assert cli("db", "backup", str(dest), user="clerk").exit_code == 3
    r = cli("db", "backup", str(dest))
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == f"Backed up the database and 0 stored document file(s) to {dest}."
    r = cli("db", "backup", str(dest))
    assert r.exit_code == 1 and "already exists" in r.stderr
    # change something, then restore the backup
    assert cli("user", "add", "newbie", "--role", "viewer").exit_code == 0
    assert cli("db", "restore", str(dest), user="clerk").exit_code == 3
    r = cli("db", "restore", str(dest))
    assert r.exit_code == 0, r.output
    names = [u["name"] for u in json.loads(cli("user", "list", "--json").stdout)]
    assert "newbie" not in names
    assert [p.is_dir() for p in (location.path.parent / "backups").glob("boclerk-before-restore-*")] == [True]
    assert cli("db", "check").exit_code == 0
    # something that is not a backup is refused before anything is replaced
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    before = location.path.read_bytes()
    r = cli("db", "restore", str(junk))
    assert r.exit_code == 2 and "is not a directory" not in r.stderr and "not a folder" in r.stderr
    assert location.path.read_bytes() == before


def test_backup_keeps_the_document_store_and_restore_brings_files_back(sqlite_cli, sqlite_location, tmp_path,
                                                                        monkeypatch):
    cli, location = sqlite_cli, sqlite_location
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contract.txt").write_text("Supply contract 14/26 with Acme")
    (tmp_path / "waybill.txt").write_text("Waybill 77: 10 mugs")
    assert cli("doc", "add", "contract.txt", "waybill.txt", user="clerk").exit_code == 0
    store = location.path.parent / f"{location.path.stem}.documents"
    stored = sorted(p for p in store.glob("??/*"))
    assert len(stored) == 2
    dest = tmp_path / "b3.backup"
    r = cli("db", "backup", str(dest))
    assert r.exit_code == 0, r.output
    assert r.stderr.strip() == f"Backed up the database and 2 stored document file(s) to {dest}."
    copies = sorted(p for p in (dest / "documents").glob("??/*"))
    assert [p.read_bytes() for p in copies] == [p.read_bytes() for p in stored]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in copies)
    listed = json.loads((dest / "manifest.json").read_text())["documents"]
    assert sorted(d["sha256"] for d in listed) == sorted(p.parent.name + p.name for p in stored)
    # the disk of the document store is lost: the database restore brings the files back
    stored[0].unlink()
    assert cli("db", "check").exit_code == 1
    r = cli("db", "restore", str(dest))
    assert r.exit_code == 0, r.output
    assert f"Brought back 1 stored document file(s) from {dest}." in r.stderr
    assert cli("db", "check").exit_code == 0
    assert "Supply contract" in cli("doc", "search", "contract").stdout


def test_restore_refuses_a_backup_that_does_not_check(sqlite_cli, sqlite_location, tmp_path, monkeypatch):
    cli, location = sqlite_cli, sqlite_location
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contract.txt").write_text("Supply contract 14/26 with Acme")
    assert cli("doc", "add", "contract.txt", user="clerk").exit_code == 0
    good = tmp_path / "good.backup"
    assert cli("db", "backup", str(good)).exit_code == 0
    before = location.path.read_bytes()

    def spoiled(name: str, spoil) -> Path:
        copy = tmp_path / name
        shutil.copytree(good, copy)
        spoil(copy)
        return copy

    manifest = json.loads((good / "manifest.json").read_text())
    sha = manifest["documents"][0]["sha256"]

    def wreck_pages(copy: Path) -> None:
        data = bytearray((copy / "database.sqlite").read_bytes())
        for i in range(4096, min(len(data), 4096 * 3)):
            data[i] ^= 0xA5
        (copy / "database.sqlite").write_bytes(bytes(data))

    def leave_out(copy: Path) -> None:
        edited = dict(manifest, documents=[])
        (copy / "manifest.json").write_text(json.dumps(edited))

    cases = [
        ("unfinished", lambda c: (c / "manifest.json").unlink(),
         "is not a complete boclerk backup (it has no manifest: the backup was never finished)"),
        ("garbled", lambda c: (c / "manifest.json").write_text("{not json"), "its manifest is damaged"),
        ("foreign", lambda c: (c / "manifest.json").write_text('{"format": "other"}'), "its manifest is not boclerk's"),
        ("wrecked", wreck_pages, "database.sqlite is not the file its manifest lists"),
        ("lost-file", lambda c: (c / "documents" / sha[:2] / sha[2:]).unlink(), f"the stored file {sha} is missing"),
        ("bad-file", lambda c: (c / "documents" / sha[:2] / sha[2:]).write_bytes(b"changed"),
         f"the stored file {sha} is damaged"),
        ("edited", leave_out, "its manifest leaves out 1 stored file(s) its database names"),
    ]
    for name, spoil, sentence in cases:
        r = cli("db", "restore", str(spoiled(name, spoil)))
        assert r.exit_code == 2, (name, r.output)
        assert sentence in r.stderr and len(r.stderr.strip().splitlines()) == 1, (name, r.stderr)
        assert location.path.read_bytes() == before, name
    assert not list(location.path.parent.glob(".restore-*"))
    r = cli("db", "restore", str(tmp_path / "nothing.backup"))
    assert r.exit_code == 2 and "There is no folder" in r.stderr  # a path named that is not there: bad input


def test_backup_is_consistent_while_another_process_writes(sqlite_location, tmp_path):
    location = sqlite_location
    import multiprocessing as mp

    from boclerk.db.database import Database
    from boclerk.services.platform.maintenance import backup_database
    from tests.db.test_concurrency import _take

    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    writer = ctx.Process(target=_take, args=(str(location.path), 200, out))
    writer.start()
    db = Database.open(location)
    copies = []
    try:
        for i in range(5):
            copies.append(backup_database(db, "admin", tmp_path / f"c{i}.backup").path)
    finally:
        db.close()
        assert out.get(timeout=120)[0] == "ok"
        writer.join()
    for copy in copies:
        con = sqlite3.connect(copy / "database.sqlite")
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        last = con.execute("SELECT COALESCE(MAX(last), 0) FROM number_series").fetchone()[0]
        assert 0 <= last <= 200
        con.close()


if PG_URL:  # the password question exists only where there is a server to log in to

    @pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
    def test_pg_dump_reads_the_password_from_a_private_file_never_from_its_command_line(location, tmp_path,
                                                                                        monkeypatch):
        from sqlalchemy.engine import make_url

        from boclerk.db.database import Database
        from boclerk.services.platform.maintenance import backup_database
        from boclerk.settings import location_from

        secret = "s3cret-Pa55-word"
        url = make_url(location.url).set(password=secret).render_as_string(hide_password=False)
        seen = tmp_path / "seen"
        seen.mkdir()
        wrapper = tmp_path / "bin" / "pg_dump"
        wrapper.parent.mkdir()
        wrapper.write_text(f"""#!/bin/sh
ps -o args= -p $$ > {seen}/ps
printf '%s\\n' "$@" > {seen}/args
cat "$PGPASSFILE" > {seen}/passfile
ls -l "$PGPASSFILE" > {seen}/mode
echo "${{PGPASSWORD:-none}}" > {seen}/pgpassword
exec {shutil.which("pg_dump")} "$@"
""")
        wrapper.chmod(0o755)
        monkeypatch.setenv("PATH", f"{wrapper.parent}:{os.environ['PATH']}")
        monkeypatch.setenv("PGPASSWORD", "inherited")
        db = Database.open(location_from(url, "test"))
        try:
            saved = backup_database(db, "admin", tmp_path / "pg.backup")
        finally:
            db.close()
        assert secret not in (seen / "args").read_text() and secret not in (seen / "ps").read_text()
        assert "--snapshot=" in (seen / "args").read_text()
        assert secret in (seen / "passfile").read_text()
        assert (seen / "mode").read_text().startswith("-rw-------")
        assert (seen / "pgpassword").read_text().strip() == "none"
        passfile = (seen / "mode").read_text().split()[-1]
        assert not os.path.exists(passfile)  # gone with the backup
        assert (saved.path / "database.pgdump").read_bytes()[:5] == b"PGDMP"


@pytest.mark.parametrize(("locale", "bank"), [("ru", "Расчётный счёт"), ("en", "Bank")])
def test_init_names_the_chart_in_the_shops_language(bare_cli, tmp_path, monkeypatch, locale, bank):
    monkeypatch.chdir(tmp_path)
    r = bare_cli("db", "init", "--locale", locale, user="olga")
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(tmp_path / "data" / "boclerk.db")
    assert con.execute("SELECT name FROM account WHERE code = '1010'").fetchone() == (bank,)
    assert con.execute("SELECT locale FROM company").fetchone() == (locale,)
    con.close()
