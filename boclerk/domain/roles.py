"""The roles a boclerk user can have (plain enum: no tables, cheap to import)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ACCOUNTANT = "accountant"
    CLERK = "clerk"
    WAREHOUSE = "warehouse"
    VIEWER = "viewer"
