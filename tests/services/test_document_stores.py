"""Each database keeps its documents in a store of its own.

Before revision 0012 the databases kept in one folder shared one ``documents/`` (on
PostgreSQL without a ``documents`` setting, ``data/documents`` of the current directory),
so each reported the others' files as orphans and ``db check --repair`` deleted them.
"""

from __future__ import annotations

import os
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from boclerk.db.database import Database
from boclerk.services.documents.checks import check_store, sweep_orphans
from boclerk.services.documents.intake import IntakeMeta, add_files
from boclerk.services.documents.store import (
    DocStore,
    legacy_root_of,
    store_root,
    store_root_of,
)
from boclerk.services.platform.checks import run_checks
from boclerk.settings import location_from

ADMIN = "admin"
FIXTURE = Path(__file__).parent.parent / "db" / "fixtures" / "shop-0006.tar.gz"


@pytest.fixture
def two_databases(backend, templates, tmp_path, monkeypatch) -> Iterator[tuple[Database, Database]]:
    """Two databases side by side: two SQLite files in one folder, or two PostgreSQL databases
    opened from one working folder with no ``documents`` setting."""
    monkeypatch.setenv("BOCLERK_CONFIG", os.devnull)
    monkeypatch.chdir(tmp_path)
    if backend == "sqlite":
        folder = tmp_path / "books"
        folder.mkdir()
        locations = []
        for name in ("north.db", "south.db"):
            shutil.copyfile(templates["sqlite"], folder / name)
            locations.append(location_from(str(folder / name), "test"))
        dbs = [Database.open(loc) for loc in locations]
        yield dbs[0], dbs[1]
        for db in dbs:
            db.close()
        return
    from sqlalchemy import text

    from tests.conftest import _pg_admin_engine, _pg_url_for

    names = [f"boclerk_two_{os.getpid()}_{i}" for i in range(2)]
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{templates["postgresql"]}"'))
    dbs = [Database.open(location_from(_pg_url_for(name), "test")) for name in names]
    try:
        yield dbs[0], dbs[1]
    finally:
        for db in dbs:
            db.close()
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _add(db: Database, folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    [res] = add_files(db, "admin", [path], IntakeMeta())
    return res.number


def _store_problems(db: Database) -> list[str]:
    with db.read("admin") as uow:
        return check_store(uow)


def test_two_databases_side_by_side_have_stores_of_their_own(two_databases, tmp_path):
    north, south = two_databases
    assert store_root(north) != store_root(south)
    _add(north, tmp_path, "north.txt", b"north's contract")
    _add(south, tmp_path, "south.txt", b"south's waybill")
    assert _store_problems(north) == [] and _store_problems(south) == []
    for db in (north, south):
        report = run_checks(db, "admin")
        assert [v for v in report.violations if "document" in v.invariant] == []


def test_repair_of_one_database_deletes_nothing_of_the_other(two_databases, tmp_path):
    north, south = two_databases
    _add(north, tmp_path, "north.txt", b"north's contract")
    _add(south, tmp_path, "south.txt", b"south's waybill")
    souths = sorted(p for p in store_root(south).glob("??/*"))
    assert len(souths) == 1
    assert sweep_orphans(north, "admin") == []
    assert sorted(p for p in store_root(south).glob("??/*")) == souths
    assert _store_problems(south) == []


def test_store_names_follow_the_database():
    a = location_from("/srv/books/shop.db", "test")
    assert store_root_of(a) == Path("/srv/books/shop.documents")
    assert legacy_root_of(a) == Path("/srv/books/documents")
    pg = [location_from(f"postgresql+psycopg://u@db.example/{name}", "test") for name in ("north", "south")]
    roots = [store_root_of(loc) for loc in pg]
    assert roots[0] != roots[1] and [r.name for r in roots] == ["north.documents", "south.documents"]
    assert all(r.parent == (Path("data")).resolve() for r in roots)


def test_a_database_of_the_shared_store_keeps_its_files_through_the_upgrade(tmp_path, monkeypatch):
    """Upgrade path: the files a database names in the folder's shared ``documents/`` are linked
    into its own store by ``db upgrade``; the shared folder is left as it was."""
    from boclerk.services.platform.maintenance import upgrade

    monkeypatch.setenv("BOCLERK_CONFIG", os.devnull)
    with tarfile.open(FIXTURE) as tar:
        tar.extractall(tmp_path, filter="data")
    shared = sorted(p.relative_to(tmp_path / "documents") for p in (tmp_path / "documents").glob("??/*"))
    assert shared
    location = location_from(str(tmp_path / "shop-0006.db"), "test")
    # before the upgrade the files are read from the shared store
    store = DocStore.at(location)
    assert not store.root.exists() and all(store.read(str(p).replace("/", "")) for p in shared)
    upgrade(location, ADMIN)
    own = sorted(p.relative_to(tmp_path / "shop-0006.documents") for p in (tmp_path / "shop-0006.documents").glob("??/*"))
    assert own == shared
    assert sorted(p.relative_to(tmp_path / "documents") for p in (tmp_path / "documents").glob("??/*")) == shared
    db = Database.open(location)
    try:
        assert _store_problems(db) == []
    finally:
        db.close()
