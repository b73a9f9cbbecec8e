import json
import sqlite3
import stat

import pytest

from boclerk.db.schema import SCHEMA_REVISION
from tests.conftest import make_cli_runner


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
    dest = tmp_path / "any.backup"
    r = cli("db", "backup", str(dest))
    assert r.exit_code == 0, r.output
    head = dest.read_bytes()[:16]
    if location.is_sqlite:
        assert head == b"SQLite format 3\x00"
    else:
        assert head[:5] == b"PGDMP"  # pg_dump's custom format
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600


def test_backup_and_restore_sqlite(sqlite_cli, sqlite_location, tmp_path):
    cli, location = sqlite_cli, sqlite_location
    dest = tmp_path / "b1.backup"
    assert cli("db", "backup", str(dest), user="clerk").exit_code == 3
    r = cli("db", "backup", str(dest))
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    r = cli("db", "backup", str(dest))
    assert r.exit_code == 1 and "already exists" in r.stderr
    # change something, then restore the backup
    assert cli("user", "add", "newbie", "--role", "viewer").exit_code == 0
    r = cli("db", "restore", str(dest))
    assert r.exit_code == 0, r.output
    names = [u["name"] for u in json.loads(cli("user", "list", "--json").stdout)]
    assert "newbie" not in names
    assert list((location.path.parent / "backups").glob("boclerk-before-restore-*"))
    # a file that is not a database is refused before anything is replaced
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    before = location.path.read_bytes()
    r = cli("db", "restore", str(junk))
    assert r.exit_code == 2 and "not an SQLite file" in r.stderr
    assert location.path.read_bytes() == before


def test_backup_keeps_the_document_store_and_restore_brings_files_back(sqlite_cli, sqlite_location, tmp_path,
                                                                        monkeypatch):
    cli, location = sqlite_cli, sqlite_location
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contract.txt").write_text("Supply contract 14/26 with Acme")
    (tmp_path / "waybill.txt").write_text("Waybill 77: 10 mugs")
    assert cli("doc", "add", "contract.txt", "waybill.txt", user="clerk").exit_code == 0
    store = location.path.parent / "documents"
    stored = sorted(p for p in store.glob("??/*"))
    assert len(stored) == 2
    dest = tmp_path / "b3.backup"
    r = cli("db", "backup", str(dest))
    assert r.exit_code == 0, r.output
    assert f"Copied 2 stored document file(s) to {dest}.documents." in r.stderr
    copies = sorted(p for p in (tmp_path / "b3.backup.documents").glob("??/*"))
    assert [p.read_bytes() for p in copies] == [p.read_bytes() for p in stored]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in copies)
    # the disk of the document store is lost: the database restore brings the files back
    stored[0].unlink()
    assert cli("db", "check").exit_code == 1
    r = cli("db", "restore", str(dest))
    assert r.exit_code == 0, r.output
    assert f"Brought back 1 stored document file(s) from {dest}.documents." in r.stderr
    assert cli("db", "check").exit_code == 0
    assert "Supply contract" in cli("doc", "search", "contract").stdout
    # a backup's name that would mix two copies of the store is refused before anything is written
    (tmp_path / "b4.backup.documents").mkdir()
    r = cli("db", "backup", str(tmp_path / "b4.backup"))
    assert r.exit_code == 1 and "b4.backup.documents already exists" in r.stderr
    assert not (tmp_path / "b4.backup").exists()


def test_restore_refuses_corrupt_file(sqlite_cli, tmp_path):
    cli = sqlite_cli
    dest = tmp_path / "b2.backup"
    cli("db", "backup", str(dest))
    data = bytearray(dest.read_bytes())
    for i in range(4096, min(len(data), 4096 * 3)):  # wreck pages after the header
        data[i] = 0xA5
    dest.write_bytes(bytes(data))
    r = cli("db", "restore", str(dest))
    assert r.exit_code == 2
    assert "integrity" in r.stderr or "cannot be read" in r.stderr


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
        con = sqlite3.connect(copy)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        last = con.execute("SELECT COALESCE(MAX(last), 0) FROM number_series").fetchone()[0]
        assert 0 <= last <= 200
        con.close()
