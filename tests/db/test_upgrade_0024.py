"""Upgrading to 0024: PostgreSQL gets the index of the lowered SKU in byte order that the SKU
prefix search reads (boclerk/services/like.py); SQLite's schema stays as it was. Going back
takes the index away."""

from __future__ import annotations

from sqlalchemy import inspect, text

from boclerk.db import migrate
from boclerk.db.engine import make_engine

INDEX = "ix_product_sku_lower_c"


def _indexes(conn) -> set[str]:
    if conn.dialect.name == "postgresql":
        return set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'product'")).scalars())
    return {ix["name"] for ix in inspect(conn).get_indexes("product")}


def test_the_sku_index_comes_and_goes_with_0024_on_postgresql_only(empty_location):
    if empty_location.path is not None:
        empty_location.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(empty_location, create=True)
    try:
        migrate.upgrade(engine, "0023")
        with engine.connect() as conn:
            before = _indexes(conn)
        migrate.upgrade(engine)
        with engine.connect() as conn:
            after = _indexes(conn)
            if conn.dialect.name == "postgresql":
                assert after == before | {INDEX}
                definition = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"),
                                          {"n": INDEX}).scalar_one()
                assert 'lower((sku)::text) COLLATE "C"' in definition, definition
            else:
                assert after == before

        from alembic import command

        command.downgrade(migrate.alembic_config(engine.execution_options(boclerk_mode="write")), "0023")
        with engine.connect() as conn:
            assert _indexes(conn) == before
    finally:
        engine.dispose()
