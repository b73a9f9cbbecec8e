"""The demo shop: a deterministic, realistic store built through the same rules."""

from __future__ import annotations

from boclerk.db.database import Database
from boclerk.services.setup import init_database
from boclerk.settings import DbLocation


def build_demo(location: DbLocation, *, admin: str, seed: int = 42, orders: int | None = None) -> Database:
    """Create the demo database at ``location``."""
    return init_database(location, admin=admin, company="Demo Shop", currency="RUB", locale="ru")
