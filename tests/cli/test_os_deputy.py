"""Acting for a person through the service account: their rights, not the service account's.

Everything here runs as the service account with the variables sudo sets for the person,
in a real process, as the README's shared server runs boclerk. The service account could
read and overwrite all of it; boclerk must not, on the person's behalf.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3

import pytest

from tests.osusers import (  # noqa: F401  (the folders a test opens are removed after it: autouse fixtures)
    add_user,
    build_server,
    folders_removed,
    readable_copy_removed,
    remove_user,
    require_root,
)

DOC = b"Supplier invoice 17, the original as it came in.\n"


@pytest.fixture(scope="module")
def accounts():
    require_root()
    made = {name: add_user(name) for name in ("svc", "admin", "viewer", "acc", "clerk")}
    yield made
    for user in made.values():
        remove_user(user)


@pytest.fixture
def server(accounts):
    people = {k: v for k, v in accounts.items() if k != "svc"}

    def prepare(db) -> None:
        from boclerk.services.documents.intake import register_bytes

        register_bytes(db, people["admin"].name, "invoice.txt", DOC)

    return build_server(accounts["svc"], people, {"viewer": "viewer", "acc": "accountant", "clerk": "clerk"},
                        prepare=prepare)


def fingerprint(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_events(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT actor, action, after FROM audit_event WHERE entity = 'file' ORDER BY id").fetchall()


def refused(result, code: int, *phrases: str) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr
    return result.stderr.strip()


def test_a_viewer_cannot_overwrite_the_database_with_doc_open(server, accounts):
    before = fingerprint(server.db)
    r = server.run("viewer", "doc", "open", "DOC-2026-000001", "-o", str(server.db), "--force")
    refused(r, 2, f"{server.db} is one of boclerk's own files")
    r = server.run("viewer", "doc", "open", "DOC-2026-000001", "-o", str(server.db.parent / "copy.txt"))
    refused(r, 3, f"{accounts['viewer'].name} may not enter the folder {server.db.parent}")
    assert fingerprint(server.db) == before
    assert file_events(server.db) == []


def test_an_accountant_cannot_replace_the_database_with_a_journal(server, accounts):
    before = fingerprint(server.db)
    r = server.run("acc", "export", "journal", "-f", "hledger", "-o", str(server.db))
    refused(r, 2, "is one of boclerk's own files")
    r = server.run("acc", "export", "journal", "-f", "hledger", "-o", str(server.db.parent / "x.journal"))
    refused(r, 3, "may not enter the folder")
    assert fingerprint(server.db) == before and sorted(p.name for p in server.db.parent.iterdir()) == [
        "boclerk.db", "boclerk.db-turns", "boclerk.documents"]  # -turns: where the database's writers queue


def test_boclerks_own_files_are_never_a_target_even_for_their_owner(accounts):
    """The service account acting for itself may write its folders, but never over the database, its
    journal, the document store or the backups."""
    from tests.osusers import boclerk_as

    people = {"admin": accounts["admin"], "svc": accounts["svc"]}
    server = build_server(accounts["svc"], people, {"svc": "admin"})
    data = server.db.parent
    (data / "backups").mkdir()
    os.chown(data / "backups", server.service.uid, server.service.gid)
    before = fingerprint(server.db)
    for target in (server.db, data / "boclerk.db-wal", data / "boclerk.db-journal", data / "boclerk.documents" / "x",
                   data / "backups" / "x"):
        r = boclerk_as(server.service, "--db", str(server.db), "export", "csv", "products", "-o", str(target),
                       "--force")
        refused(r, 2, "is one of boclerk's own files")
        r = boclerk_as(server.service, "--db", str(server.db), "import", "products", str(server.db))
        refused(r, 2, "is one of boclerk's own files")
    assert fingerprint(server.db) == before
    r = boclerk_as(server.service, "--db", str(server.db), "export", "csv", "products", "-o", str(data / "p.csv"))
    assert r.returncode == 0, r.stderr  # its own folder, a new name: fine


def test_a_clerk_cannot_read_a_file_only_the_service_account_may_read(server, accounts):
    secret = server.srv / "secret.txt"
    secret.write_text("the service account's own secret\n")
    os.chown(secret, server.service.uid, server.service.gid)
    secret.chmod(0o600)
    r = server.run("clerk", "doc", "add", str(secret))
    refused(r, 3, f"{accounts['clerk'].name} may not read {secret}")
    with sqlite3.connect(server.db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM document").fetchone() == (1,)


def test_a_link_to_a_secret_is_refused_before_anything_is_read(server, accounts):
    home = server.folder("admin-home", accounts["admin"], 0o755)
    link = home / "products.csv"
    link.symlink_to("/etc/shadow")
    os.chown(link, accounts["admin"].uid, accounts["admin"].gid, follow_symlinks=False)
    r = server.run("admin", "import", "products", str(link))
    message = refused(r, 2, "is a symbolic link")
    assert "root:" not in message and "root:" not in r.stdout
    r = server.run("admin", "doc", "add", str(link))
    refused(r, 2, "is a symbolic link")


def test_special_files_are_refused_before_they_are_opened(server, accounts):
    home = server.folder("clerk-home", accounts["clerk"], 0o755)
    fifo = home / "orders.csv"
    os.mkfifo(fifo)
    os.chown(fifo, accounts["clerk"].uid, accounts["clerk"].gid)
    fifo.chmod(0o666)
    r = server.run("admin", "import", "orders", str(fifo), timeout=60)  # a reader would hang forever
    refused(r, 2, "is a named pipe, not a regular file")
    r = server.run("admin", "import", "orders", "/dev/zero", timeout=60)
    refused(r, 2, "/dev/zero is a device")


def test_output_goes_where_the_person_may_write_and_replaces_only_with_force(server, accounts):
    viewer = accounts["viewer"]
    share = server.folder("viewer-out", viewer, 0o777)
    target = share / "invoice.txt"
    r = server.run("viewer", "doc", "open", "DOC-2026-000001", "-o", str(target))
    assert r.returncode == 0, r.stderr
    assert target.read_bytes() == DOC and sorted(p.name for p in share.iterdir()) == ["invoice.txt"]
    r = server.run("viewer", "doc", "open", "DOC-2026-000001", "-o", str(target))
    refused(r, 2, "already exists; give --force to overwrite it")
    target.write_bytes(b"the viewer's own notes")
    target.chmod(0o644)
    os.chown(target, viewer.uid, viewer.gid)
    r = server.run("viewer", "doc", "open", "DOC-2026-000001", "-o", str(target), "--force")
    assert r.returncode == 0, r.stderr
    assert target.read_bytes() == DOC
    events = [(who, action, json.loads(after)["path"]) for who, action, after in file_events(server.db)]
    assert events == [(viewer.name, "file.write", str(target)), (viewer.name, "file.replace", str(target))]
    r = server.run("viewer", "doc", "open", "DOC-2026-000001")
    assert r.returncode == 0 and r.stdout.encode() == DOC  # stdout is always there


def test_a_folder_the_service_account_may_write_but_the_person_may_not(server, accounts):
    theirs = server.folder("service-out", server.service, 0o755)
    r = server.run("viewer", "doc", "open", "DOC-2026-000001", "-o", str(theirs / "x.txt"))
    refused(r, 3, f"{accounts['viewer'].name} may not write in the folder {theirs}")
    mine = server.folder("acc-file", accounts["acc"], 0o777)
    kept = mine / "kept.journal"
    kept.write_text("someone else's\n")
    os.chown(kept, accounts["clerk"].uid, accounts["clerk"].gid)
    kept.chmod(0o644)
    r = server.run("acc", "export", "journal", "-f", "ledger", "-o", str(kept), "--force")
    refused(r, 3, f"{accounts['acc'].name} may not write {kept}")
    assert kept.read_text() == "someone else's\n" and file_events(server.db) == []


def test_a_scan_reads_only_a_folder_the_person_may_read(server, accounts):
    private = server.folder("service-inbox", server.service, 0o700)
    (private / "a.txt").write_text("hello\n")
    r = server.run("clerk", "doc", "scan", str(private))
    refused(r, 3, "may not read the folder")
    inbox = server.folder("clerk-inbox", accounts["clerk"], 0o755)
    (inbox / "note.txt").write_text("a note\n")
    (inbox / "theirs.txt").write_text("not the clerk's to read\n")
    os.chown(inbox / "note.txt", accounts["clerk"].uid, accounts["clerk"].gid)
    os.chown(inbox / "theirs.txt", server.service.uid, server.service.gid)
    (inbox / "theirs.txt").chmod(0o600)
    r = server.run("clerk", "doc", "scan", str(inbox))
    assert r.returncode == 3, r.stderr
    assert "Registered note.txt as DOC-2026-000002" in r.stderr
    assert f"{accounts['clerk'].name} may not read {inbox / 'theirs.txt'}" in r.stderr
