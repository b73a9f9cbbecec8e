"""Shared fixtures: a fresh database per test on every configured backend.

SQLite always; PostgreSQL too when BOCLERK_TEST_PG_URL names a server where the test
user may create databases. An initialised template (with one user per role) is built
once per session and copied for each test.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from datetime import time as dtime
from unittest import mock

import pytest
import time_machine

os.environ["BOCLERK_CONFIG"] = os.devnull  # no /etc or ~/.config file leaks into tests
os.environ["TZ"] = "UTC"  # business dates and times on screen do not depend on the machine
time.tzset()
# One business day for the whole run, in every worker: the clock starts at six in the morning of
# the day the run began and ticks from there, so a run that goes on past midnight still lives in
# one day (tests and fixtures compute "today" at different moments; the books must agree with
# them). The run's first process chooses the day; the workers it starts inherit it.
_RUN_DAY = date.fromisoformat(os.environ.setdefault("BOCLERK_TEST_DAY", date.today().isoformat()))
time_machine.travel(datetime.combine(_RUN_DAY, dtime(6), tzinfo=UTC), tick=True).start()
os.environ.pop("BOCLERK_DB", None)
for _name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):  # the interface speaks English in tests unless one asks
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"
# what the app remembers between runs (the theme, the database it last ran on) is the test's own
_STATE_HOME = os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="boclerk-test-state-")
# and what it keeps to start sooner (the app's parsed styles): never the person's own ~/.cache
os.environ["XDG_CACHE_HOME"] = os.path.join(_STATE_HOME, "cache")

from boclerk.db.database import Database  # noqa: E402
from boclerk.services.platform.setup import init_database  # noqa: E402
from boclerk.settings import DbLocation, location_from  # noqa: E402

PG_URL = os.environ.get("BOCLERK_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
#: Tests of PostgreSQL's own behaviour, collected only when there is a server to run them on.
collect_ignore = [] if PG_URL else ["db/test_uow_postgresql.py", "db/test_engine_postgresql.py"]
ROLE_USERS = {"admin": "admin", "accountant": "acc", "clerk": "clerk", "warehouse": "wh", "viewer": "viewer"}
_counter = itertools.count()


def _pg_admin_engine():
    from sqlalchemy import create_engine

    url = location_from(PG_URL, "test").url
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _pg_url_for(dbname: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(location_from(PG_URL, "test").url).set(database=dbname).render_as_string(hide_password=False)


def _add_role_users(db: Database) -> None:
    from boclerk.services.platform.users import add_user

    with db.write("admin") as uow:
        for role, name in ROLE_USERS.items():
            if name != "admin":
                add_user(uow, name, role)


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> Iterator[dict[str, object]]:
    """One initialised database per backend, to be copied by each test."""
    made: dict[str, object] = {}
    base = tmp_path_factory.mktemp("template")
    loc = location_from(str(base / "template.db"), "test")
    db = init_database(loc, admin="admin", company="Test Shop", currency="RUB", locale="ru")
    _add_role_users(db)
    db.close()
    made["sqlite"] = loc.path
    pg_template = None
    if PG_URL:
        from sqlalchemy import text

        pg_template = f"boclerk_tmpl_{uuid.uuid4().hex[:8]}"
        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{pg_template}"'))
        admin.dispose()
        ploc = location_from(_pg_url_for(pg_template), "test")
        db = init_database(ploc, admin="admin", company="Test Shop", currency="RUB", locale="ru")
        _add_role_users(db)
        db.close()
        made["postgresql"] = pg_template
        # Each test's database is a copy of the template's files (after a checkpoint) rather than the
        # template written through the WAL block by block, PostgreSQL 15's default: for a template
        # this small, on a server that does not sync, the file copy made and dropped a test's
        # database in about two thirds of the time. Older servers copy files anyway and know no STRATEGY.
        admin = _pg_admin_engine()
        with admin.connect() as conn:
            newer = conn.execute(text("SELECT current_setting('server_version_num')::int")).scalar() >= 150000
        admin.dispose()
        made["pg_copy"] = " STRATEGY FILE_COPY" if newer else ""
    yield made
    if pg_template:
        from sqlalchemy import text

        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{pg_template}"'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def location(backend, templates, tmp_path, monkeypatch) -> Iterator[DbLocation]:
    """A fresh copy of the template database.

    A PostgreSQL database keeps its documents where the config file says (``data/documents``
    of the working folder without one), so each test's gets a config naming a store under the
    test's folder: no test leaves files in the checkout that the next one's ``db check`` would
    call orphans. SQLite keeps its store beside the database file anyway.
    """
    if backend == "sqlite":
        target = tmp_path / "boclerk.db"
        shutil.copyfile(templates["sqlite"], target)
        target.chmod(0o600)
        yield location_from(str(target), "test")
        return
    from sqlalchemy import text

    if os.environ.get("BOCLERK_CONFIG") == os.devnull:
        config = tmp_path / "boclerk.toml"
        config.write_text(f'documents = "{tmp_path / "pg-documents"}"\n')
        monkeypatch.setenv("BOCLERK_CONFIG", str(config))

    name = f"boclerk_t{os.getpid()}_{next(_counter)}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{templates["postgresql"]}"{templates["pg_copy"]}'))
    try:
        yield location_from(_pg_url_for(name), "test")
    finally:
        with admin.connect() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
            ), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def db(location) -> Iterator[Database]:
    database = Database.open(location)
    yield database
    database.close()


@pytest.fixture
def empty_location(backend, tmp_path) -> Iterator[DbLocation]:
    """A place where no database exists yet."""
    if backend == "sqlite":
        yield location_from(str(tmp_path / "data" / "new.db"), "test")
        return
    from sqlalchemy import text

    name = f"boclerk_e{os.getpid()}_{next(_counter)}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield location_from(_pg_url_for(name), "test")
    finally:
        with admin.connect() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
            ), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def as_user(monkeypatch):
    """Make the CLI believe it runs as the given OS user."""
    from boclerk.services.platform import identity

    def set_user(name: str) -> None:
        monkeypatch.setattr(identity, "os_user_name", lambda *_: name)

    set_user("admin")
    return set_user


@pytest.fixture
def cli(location, as_user):
    """Run ``boclerk`` in-process on the test database: cli('order', 'list', user='clerk')."""
    return make_cli_runner(location, as_user)


def make_cli_runner(location: DbLocation | None, as_user):
    from typer.testing import CliRunner

    from boclerk.cli.app import app
    from boclerk.cli.main import hoist_global_options

    runner = CliRunner()

    def run(*args: str, user: str = "admin", input: str | None = None, db: bool = True):
        as_user(user)
        argv = list(args)
        if db and location is not None:
            argv = ["--db", location.url if not location.is_sqlite else str(location.path), *argv]
        # ``input`` is a person answering at a terminal; without it, nobody is there to ask
        with mock.patch("boclerk.cli.common.interactive", return_value=input is not None):
            result = runner.invoke(app, hoist_global_options(argv), input=input, catch_exceptions=False)
        return result

    return run


@pytest.fixture
def sqlite_location(templates, tmp_path) -> DbLocation:
    """For behaviour only SQLite has (file backups, restore): not parametrised by backend."""
    target = tmp_path / "boclerk.db"
    shutil.copyfile(templates["sqlite"], target)
    target.chmod(0o600)
    return location_from(str(target), "test")


@pytest.fixture
def sqlite_cli(sqlite_location, as_user):
    return make_cli_runner(sqlite_location, as_user)


@pytest.fixture(autouse=True)
def _english_again():
    """A test may switch the interface to Russian (an app with ``locale = "ru"``); the next one
    starts in English again."""
    yield
    from boclerk.i18n import use

    use("en")


@pytest.fixture(autouse=True)
def _libraries_own_wrapping():
    """An app makes Rich's and Textual's wrapping keep no-break spaces inside a word, for its whole
    process (boclerk/tui/nobreak.py); the next test starts with the libraries' own, so that what a
    test sees does not depend on whether an app ran before it in the same worker."""
    yield
    import re
    import sys

    nobreak = sys.modules.get("boclerk.tui.nobreak")
    for module_name, name, shipped, _ours in getattr(nobreak, "_PATTERNS", ()):
        module = sys.modules.get(module_name)
        if module is not None and getattr(module, name).pattern != shipped:
            setattr(module, name, re.compile(shipped))


def pytest_unconfigure(config) -> None:
    """The state (and cache) folder made above goes with the test process that made it (each worker has its own)."""
    shutil.rmtree(_STATE_HOME, ignore_errors=True)
