"""FACE: the Textual app. Thin: screens, widgets, dialogs; services run in thread workers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boclerk.db.database import Database
    from boclerk.settings import Config


def run_app(db: Database, actor: str, *, config: Config | None = None, mouse: bool = True) -> None:
    """Open the clerk's app on ``db`` as ``actor`` (already known to have an account)."""
    from boclerk.settings import app_state_path
    from boclerk.tui.app import BoclerkApp

    BoclerkApp(db, actor, config=config, remember=app_state_path()).run(mouse=mouse)
