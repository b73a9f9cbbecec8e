"""Who boclerk thinks you are, tried by real OS accounts in real processes.

A service account owns the database (the README's shared server); people reach it with
``sudo -u <service account>``, which the tests reproduce exactly: the command runs with
the service account's uid and the variables sudo sets. Someone who types those variables
by hand runs as themselves and stays themselves.
"""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from tests.osusers import (  # noqa: F401  (the folders a test opens are removed after it: autouse fixtures)
    add_user,
    boclerk_as,
    build_server,
    folders_removed,
    open_folder,
    readable_copy_removed,
    remove_user,
    require_root,
    sudo_env,
)


@pytest.fixture(scope="module")
def accounts():
    require_root()
    made = {name: add_user(name) for name in ("svc", "admin", "eve", "ivan")}
    yield made
    for user in made.values():
        remove_user(user)


@pytest.fixture
def server(accounts):
    people = {k: v for k, v in accounts.items() if k != "svc"}
    return build_server(accounts["svc"], people, {"eve": "clerk"})


def audit(db) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT actor, action, entity_id FROM audit_event ORDER BY id").fetchall()


def one_sentence(result, code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr.strip()


def test_typed_sudo_variables_do_not_make_an_ordinary_user_root(server, accounts):
    """The issue's attack: an ordinary user (no sudo at all) sets SUDO_USER=root SUDO_UID=0."""
    server.db.parent.chmod(0o777)  # a carelessly shared database: anyone may open the file
    server.db.chmod(0o666)
    eve = accounts["eve"]
    forged = {"SUDO_USER": "root", "SUDO_UID": "0", "SUDO_GID": "0"}
    r = boclerk_as(eve, "--db", str(server.db), "user", "add", "mallory", "--role", "admin", env=forged)
    assert one_sentence(r, 3) == f"{eve.name} (clerk) may not manage users."
    r = boclerk_as(eve, "--db", str(server.db), "user", "add", "mallory", "--role", "admin",
                   env={"SUDO_USER": accounts["admin"].name, "SUDO_UID": str(accounts["admin"].uid)})
    assert one_sentence(r, 3) == f"{eve.name} (clerk) may not manage users."
    ivan = accounts["ivan"]  # no boclerk account at all
    r = boclerk_as(ivan, "--db", str(server.db), "order", "list", env=forged)
    assert f"The OS user '{ivan.name}' has no boclerk account" in one_sentence(r, 3)
    with sqlite3.connect(server.db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM app_user WHERE name = 'mallory'").fetchone() == (0,)
    assert [a for a in audit(server.db) if a[0] == "root"] == []


def test_sudo_to_the_service_account_acts_as_the_person_who_called_it(server, accounts):
    admin = accounts["admin"]
    r = boclerk_as(accounts["svc"], "user", "add", "ivan_r", "--role", "viewer",
                   env=sudo_env(admin) | {"BOCLERK_DB": str(server.db)})
    assert r.returncode == 0, r.stderr
    assert audit(server.db)[-1] == (admin.name, "user.add", "ivan_r")
    r = server.run("eve", "user", "list")
    assert one_sentence(r, 3) == f"{accounts['eve'].name} (clerk) may not manage users."


def test_sudo_variables_that_disagree_name_nobody(server, accounts):
    svc = accounts["svc"]
    env = {"SUDO_USER": accounts["admin"].name, "SUDO_UID": str(accounts["eve"].uid), "BOCLERK_DB": str(server.db)}
    r = boclerk_as(svc, "user", "list", env=env)
    assert f"The OS user '{svc.name}' has no boclerk account" in one_sentence(r, 3)


def test_sudo_to_an_account_that_does_not_own_the_database_is_not_trusted(server, accounts):
    """Running as someone else than the owner (here: ivan, through a shared folder), SUDO_USER proves nothing."""
    server.db.parent.chmod(0o777)
    server.db.chmod(0o666)
    r = boclerk_as(accounts["ivan"], "--db", str(server.db), "user", "list", env=sudo_env(accounts["admin"]))
    assert f"The OS user '{accounts['ivan'].name}' has no boclerk account" in one_sentence(r, 3)


def test_db_init_through_sudo_makes_the_caller_the_first_admin(accounts):
    svc, admin = accounts["svc"], accounts["admin"]
    home = open_folder("init") / "srv"
    home.mkdir()
    os.chown(home, svc.uid, svc.gid)
    db = home / "data" / "boclerk.db"
    env = sudo_env(admin) | {"BOCLERK_DB": str(db)}  # as the README has the admin run it
    r = boclerk_as(svc, "db", "init", "--company", "Shop", env=env)
    assert r.returncode == 0, r.stderr
    assert f"{admin.name} is its admin" in r.stderr
    assert oct(db.parent.stat().st_mode & 0o777) == "0o700" and oct(db.stat().st_mode & 0o777) == "0o600"
    assert db.stat().st_uid == svc.uid
    r = boclerk_as(svc, "user", "list", "--json", env=env)
    assert [(u["name"], u["role"]) for u in json.loads(r.stdout)] == [(admin.name, "admin")]


def test_a_closed_data_folder_is_one_sentence_not_a_traceback(server, accounts):
    r = boclerk_as(accounts["eve"], "--db", str(server.db), "order", "list")
    assert one_sentence(r, 2).startswith(f"No permission to reach the database file {server.db}")
    r = boclerk_as(accounts["eve"], "--db", str(server.db), "db", "check")
    assert one_sentence(r, 2).startswith("No permission to reach the database file")


def test_a_database_named_with_db_under_sudo_is_opened_only_if_the_person_could_open_it(server, accounts):
    r = boclerk_as(accounts["svc"], "--db", str(server.db), "order", "list", env=sudo_env(accounts["eve"]))
    assert one_sentence(r, 3).startswith(f"{accounts['eve'].name} may not enter the folder {server.db.parent}")
    r = boclerk_as(accounts["svc"], "--db", str(server.base / "elsewhere.db"), "db", "init",
                   env=sudo_env(accounts["eve"]))
    assert "may not create files in" in one_sentence(r, 3)
    assert not (server.base / "elsewhere.db").exists()
