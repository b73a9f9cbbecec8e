"""FACE: the Textual app. Thin: screens, widgets, dialogs; services run in thread workers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boclerk.db.database import Database
    from boclerk.settings import Config
    from boclerk.tui.demo_build import PendingShop


def run_app(db: Database | None, actor: str, *, config: Config | None = None, mouse: bool = True,
            building: PendingShop | None = None, area: str = "dashboard") -> None:
    """Open the clerk's app on ``db`` as ``actor`` (already known to have an account), on the
    ``area`` (a mode of boclerk.tui.areas), or on the progress of the demo shop being built first
    (``building``; ``db`` is None until it is)."""
    from boclerk.settings import app_state_path
    from boclerk.tui.app import BoclerkApp
    from boclerk.tui.style_cache import style_cache_path

    BoclerkApp(db, actor, config=config, remember=app_state_path(), building=building,
               style_cache=style_cache_path(), area=area).run(mouse=mouse)
