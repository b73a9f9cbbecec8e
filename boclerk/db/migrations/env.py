"""Alembic environment for boclerk.

boclerk runs Alembic from code (``boclerk.db.migrate``), handing over an engine in
``config.attributes['engine']``. On SQLite, foreign keys are switched off outside the
transaction (batch migrations copy tables), ``PRAGMA foreign_key_check`` must come back
empty before the commit, and migration scripts re-create the triggers they drop.
"""

from __future__ import annotations

from alembic import context

from boclerk.domain.models import metadata

config = context.config


def render_item(type_, obj, autogen_context):
    """Render boclerk's own column types as plain SQLAlchemy types in scripts.

    Migration scripts must not import the domain: they are frozen history.
    """
    if type_ == "type":
        from sqlmodel.sql.sqltypes import AutoString

        from boclerk.domain.base import UTCDateTime

        if isinstance(obj, AutoString):
            return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
        if isinstance(obj, UTCDateTime):
            return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # plain `alembic` command line: -x url=...
        from sqlalchemy import create_engine

        url = context.get_x_argument(as_dictionary=True).get("url")
        if not url:
            raise SystemExit("Run migrations with: boclerk db upgrade")
        engine = create_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=sqlite,
            compare_type=True,
            render_item=render_item,
        )
        try:
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    bad = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise RuntimeError(f"foreign key check failed after migration: {bad[:5]}")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    raise SystemExit("boclerk migrations run online only: boclerk db upgrade")
run_migrations_online()
