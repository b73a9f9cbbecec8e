"""``boclerk db copy``: an SQLite shop carried whole into an empty PostgreSQL database.

Collected only with a PostgreSQL server (BOCLERK_TEST_PG_URL): the target is always PostgreSQL.
"""

from __future__ import annotations

import sqlite3

import pytest

from boclerk.db.database import Database
from boclerk.errors import NotPermitted, Refused
from boclerk.settings import location_from
from tests.conftest import PG_URL
from tests.services.pg_copy_helpers import (
    CYRILLIC,
    EmptyDatabase,
    build_source,
    clone_source,
    fingerprints,
    pg_tables,
)


if PG_URL:  # the target is a PostgreSQL database: there must be a server to copy into

    @pytest.fixture(scope="module")
    def source(tmp_path_factory):
        return build_source(tmp_path_factory.mktemp("copy-source"))


    @pytest.fixture
    def store_config(tmp_path, monkeypatch):
        """The target's document store under the test's folder (the config file's ``documents``)."""
        config = tmp_path / "boclerk.toml"
        config.write_text(f'documents = "{tmp_path / "pg-documents"}"\n')
        monkeypatch.setenv("BOCLERK_CONFIG", str(config))
        return tmp_path / "pg-documents"


    def _stored(store) -> set[str]:
        from boclerk.services.documents.store import DocStore

        return set(DocStore(store).stored())


    def _shas(loc) -> set[str]:
        conn = sqlite3.connect(f"file:{loc.path}?mode=ro", uri=True)
        try:
            return {r[0] for r in conn.execute("SELECT sha256 FROM document")}
        finally:
            conn.close()


    @pytest.mark.parametrize("target", ["postgresql"])
    def test_every_table_arrives_equal_and_the_books_check(target, source, store_config, monkeypatch):
        from boclerk.services.platform import pg_copy
        from boclerk.services.platform.checks import run_checks
        from boclerk.services.platform.pg_copy import copy_to_postgresql

        monkeypatch.setattr(pg_copy, "BATCH", 97)  # many batches a table, a part batch at each table's end

        steps = []
        with EmptyDatabase() as url:
            copied = copy_to_postgresql(source, url, "admin", progress=lambda what, done, total: steps.append(
                (what, done, total)))
            mine, theirs = fingerprints(source, url)
            assert set(mine) == set(theirs)
            assert copied.tables == {t: n for t, (n, _h) in mine.items() if t != "alembic_version"}
            for table in mine:
                assert mine[table] == theirs[table], table  # count and checksum of every row
            assert copied.rows == sum(n for t, (n, _h) in mine.items() if t != "alembic_version") > 5_000
            # the tables the dependency order must get right, and the kinds of values, are all there
            assert mine["posting"][0] and mine["audit_event"][0] and mine["stock_move"][0] and mine["equipment"][0]
            rows = [s for s in steps if s[0] == "Copying rows"]
            assert rows[0][1] == 0 and rows[-1][1] == rows[-1][2] == copied.rows
            assert len(rows) > copied.rows // 97 and all(b[1] - a[1] <= 97 for a, b in zip(rows, rows[1:]))
            # the stored documents are in the target's store
            assert _shas(source) and _stored(store_config) == _shas(source)
            assert copied.files == len(_shas(source)) and not copied.missing_files

            target_loc = location_from(url, "test")
            db = Database.open(target_loc)
            try:
                report = run_checks(db, "admin", full=True)
                assert report.ok, report.violations
                # the sequences moved past the copied ids: new rows (and their audit events) go in after them
                from boclerk.services.catalog.partners import add_customer, get_customer

                with db.write("admin") as uow:
                    add_customer(uow, "C-AFTER", "Покупатель после переезда")
                with db.read("admin") as uow:
                    assert get_customer(uow, "C-RU-1").name == CYRILLIC
                assert run_checks(db, "admin", full=True).ok
            finally:
                db.close()


    @pytest.mark.parametrize("target", ["postgresql"])
    def test_a_database_with_tables_is_refused_and_left_alone(target, source, store_config):
        from sqlalchemy import create_engine, text

        from boclerk.services.platform.pg_copy import copy_to_postgresql

        with EmptyDatabase() as url:
            engine = create_engine(location_from(url, "test").url)
            with engine.begin() as conn:
                conn.execute(text("CREATE TABLE kept (id integer)"))
                conn.execute(text("INSERT INTO kept VALUES (7)"))
            with pytest.raises(Refused, match="is not empty"):
                copy_to_postgresql(source, url, "admin")
            with engine.connect() as conn:
                assert conn.execute(text("SELECT id FROM kept")).scalars().all() == [7]
            engine.dispose()
            assert pg_tables(url) == ["kept"]
            assert not _stored(store_config)


    @pytest.mark.parametrize("target", ["postgresql"])
    def test_only_an_admin_copies(target, source, store_config, tmp_path):
        from boclerk.services.platform.pg_copy import copy_to_postgresql
        from boclerk.services.platform.users import add_user

        source = clone_source(source, tmp_path / "users")
        db = Database.open(source)
        try:
            with db.write("admin") as uow:
                add_user(uow, "clerk7", "clerk")
        finally:
            db.close()
        with EmptyDatabase() as url:
            with pytest.raises(NotPermitted):
                copy_to_postgresql(source, url, "clerk7")
            assert pg_tables(url) == []


    @pytest.mark.parametrize("target", ["postgresql"])
    def test_a_value_postgresql_refuses_leaves_the_target_as_it_was(target, source, store_config, tmp_path):
        from boclerk.services.platform.pg_copy import copy_to_postgresql

        bad = clone_source(source, tmp_path / "bad")
        conn = sqlite3.connect(bad.path)
        conn.execute("UPDATE customer SET version = 'a lot' WHERE code = 'C-RU-1'")  # SQLite keeps any value
        conn.commit()
        conn.close()
        with EmptyDatabase() as url:
            with pytest.raises(Refused, match="Copying the table customer failed .*the target is as it was"):
                copy_to_postgresql(bad, url, "admin")
            assert pg_tables(url) == []  # not even the schema: the migrations ran in the same transaction
            assert not _stored(store_config)


    @pytest.mark.parametrize("target", ["postgresql"])
    def test_rows_that_do_not_hold_together_leave_no_rows_and_no_files(target, source, store_config, tmp_path):
        """A row naming a record the source lacks (written with SQLite's foreign keys off) fails the
        keys added at the end, after the stored files went in: those are taken out again."""
        from boclerk.services.platform.pg_copy import copy_to_postgresql

        bad = clone_source(source, tmp_path / "orphan")
        conn = sqlite3.connect(bad.path)
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE document_link SET document_id = 999999 WHERE id = (SELECT MIN(id) FROM document_link)")
        conn.commit()
        conn.close()
        with EmptyDatabase() as url:
            with pytest.raises(Refused, match="do not hold together"):
                copy_to_postgresql(bad, url, "admin")
            assert pg_tables(url) == []
        assert not _stored(store_config)
        assert not list((store_config / "pending").iterdir())


    @pytest.mark.parametrize("target", ["postgresql"])
    def test_a_source_written_meanwhile_is_copied_as_one_snapshot(target, source, store_config, tmp_path):
        from boclerk.services.catalog.partners import add_customer
        from boclerk.services.platform.checks import run_checks
        from boclerk.services.platform.pg_copy import copy_to_postgresql

        live = clone_source(source, tmp_path / "live")
        before = fingerprints_of_sqlite(live)
        writer = Database.open(live)
        written = []

        def progress(what, done, total):
            if what == "Copying rows" and done and not written:  # half-way through the rows, a clerk works
                with writer.write("admin") as uow:
                    add_customer(uow, "C-MEANWHILE", "Пока копировали")
                written.append(True)

        try:
            with EmptyDatabase() as url:
                copied = copy_to_postgresql(live, url, "admin", progress=progress)
                assert written
                assert fingerprints_of_sqlite(live) != before  # the source did change
                assert copied.tables["customer"] == before["customer"]
                assert copied.tables["audit_event"] == before["audit_event"]
                db = Database.open(location_from(url, "test"))
                try:
                    assert run_checks(db, "admin", full=True).ok
                finally:
                    db.close()
        finally:
            writer.close()


def fingerprints_of_sqlite(loc) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{loc.path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'document_fts%'")]
        return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()
