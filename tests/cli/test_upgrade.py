"""A database at an older revision: every command refuses it; db upgrade backs up, then migrates."""

import json
import shlex
from datetime import UTC, datetime

from sqlalchemy import text

from boclerk.db import migrate
from boclerk.db.engine import make_engine
from boclerk.db.schema import KNOWN_REVISIONS, SCHEMA_REVISION
from boclerk.domain.ledger import AccountRole
from tests.conftest import make_cli_runner


def _old_database(location):
    previous = KNOWN_REVISIONS[-2]
    engine = make_engine(location, create=True)
    migrate.upgrade(engine, previous)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO company (id, name, currency, locale, created_at, version) "
                          "VALUES (1, 'Old Shop', 'RUB', 'ru', :t, 1)"), {"t": datetime.now(UTC)})
        for name, role in (("admin", "admin"), ("clerk", "clerk")):
            conn.execute(text("INSERT INTO app_user (name, role, full_name, active, created_at, version) "
                              "VALUES (:n, :r, '', :a, :t, 1)"), {"n": name, "r": role, "a": True,
                                                                  "t": datetime.now(UTC)})
    engine.dispose()
    return previous


def test_upgrade_from_the_previous_revision(empty_location, as_user, tmp_path):
    if empty_location.is_sqlite:
        empty_location.path.parent.mkdir(parents=True)
    previous = _old_database(empty_location)
    cli = make_cli_runner(empty_location, as_user)

    r = cli("user", "list")
    # the command to run names the database as this one was named (--db; a server's URL without its password)
    assert r.exit_code == 2 and f"run: boclerk --db {shlex.quote(empty_location.display())} db upgrade" in r.stderr
    assert json.loads(cli("db", "status", "--json").stdout)["state"] == "needs upgrade"
    assert cli("db", "upgrade", user="clerk").exit_code == 3

    backups = tmp_path / "bk"
    r = cli("db", "upgrade", "--backup-dir", str(backups))
    assert r.exit_code == 0, r.output
    saved = list(backups.iterdir())
    assert len(saved) == 1 and previous in saved[0].name
    status = json.loads(cli("db", "status", "--json").stdout)
    assert status["database_revision"] == SCHEMA_REVISION == status["code_revision"]
    # the data migration seeded what a new shop starts with
    accounts = json.loads(cli("ledger", "accounts", "--json").stdout)
    assert {a["role"] for a in accounts} >= {r.value for r in AccountRole}
    assert [w["code"] for w in json.loads(cli("warehouse", "list", "--json").stdout)] == ["MAIN"]
    assert cli("db", "check").exit_code == 0
    events = json.loads(cli("audit", "--entity", "database", "--json").stdout)
    assert events[0]["action"] == "db.upgrade" and events[0]["before"] == {"revision": previous}


def test_fresh_database_has_an_account_for_every_role(cli):
    accounts = json.loads(cli("ledger", "accounts", "--json").stdout)
    roles = [a["role"] for a in accounts if a["role"]]
    assert sorted(roles) == sorted(r.value for r in AccountRole)
