"""Run Alembic from code, on the migrations shipped inside the package."""

from __future__ import annotations

from sqlalchemy import Engine


def alembic_config(engine: Engine | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "boclerk.db:migrations")
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """Alembic's head revision, read from the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def all_revisions() -> list[str]:
    """Every revision in the scripts, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate the database behind ``engine`` to ``target`` (a write transaction)."""
    from alembic import command

    command.upgrade(alembic_config(engine.execution_options(boclerk_mode="write")), target)
