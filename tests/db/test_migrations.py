"""Migrations ship inside the package and describe exactly the models' schema."""

import subprocess
import sys
import zipfile
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from boclerk.db import migrate
from boclerk.db.schema import KNOWN_REVISIONS, SCHEMA_REVISION
from boclerk.domain.models import metadata

ROOT = Path(__file__).resolve().parents[2]


def test_schema_revision_constant_matches_alembic_head():
    assert migrate.head_revision() == SCHEMA_REVISION
    assert migrate.all_revisions() == list(KNOWN_REVISIONS)


def _normalise(diffs):
    """Drop differences that are only how a backend spells the same type."""
    out = []
    for diff in diffs:
        if isinstance(diff, list):  # column modifications
            diff = [d for d in diff if d[0] != "modify_type" or not _same_type(d)]
            if diff:
                out.append(diff)
        else:
            out.append(diff)
    return out


def _same_type(d):
    # (modify_type, schema, table, column, info, existing, new)
    old, new = d[5], d[6]
    return type(old).__name__ in {"DateTime", "TIMESTAMP", "BIGINT", "BigInteger", "INTEGER", "Integer"} and \
        type(new).__name__ in {"UTCDateTime", "BigInteger", "Integer", "TIMESTAMP", "DateTime"}


#: The full-text index of documents is dialect-specific DDL in migration 0004, not a model:
#: SQLite's FTS5 table and its shadow tables, PostgreSQL's tsvector column and GIN index; and
#: PostgreSQL's index of the lowered SKU in byte order (migration 0024), for the SKU prefix search.
FTS_OBJECTS = {
    "table": {"document_fts", "document_fts_data", "document_fts_idx", "document_fts_content",
              "document_fts_docsize", "document_fts_config"},
    "column": {("document_text", "search")},
    "index": {"ix_document_text_search", "ix_product_sku_lower_c"},
}


def _not_fts(obj, name, type_, reflected, compare_to):
    if type_ == "column":
        return (obj.table.name, name) not in FTS_OBJECTS["column"]
    return name not in FTS_OBJECTS.get(type_, ())


def test_migrated_database_matches_the_models(db):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _not_fts})
        diffs = _normalise(compare_metadata(ctx, metadata))
    assert diffs == []


def test_wheel_contains_the_migrations(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("boclerk-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("boclerk/db/migrations/env.py", "boclerk/db/migrations/script.py.mako",
                   "boclerk/db/migrations/versions/0001_platform.py"):
        assert needed in names
    for rev_file in (ROOT / "boclerk/db/migrations/versions").glob("*.py"):
        assert f"boclerk/db/migrations/versions/{rev_file.name}" in names
