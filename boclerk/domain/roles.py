"""The roles a boclerk user can have (plain enum: no tables, cheap to import)."""

from __future__ import annotations

from enum import StrEnum

from boclerk.i18n import NP_, pgettext


class Role(StrEnum):
    ADMIN = "admin"
    ACCOUNTANT = "accountant"
    CLERK = "clerk"
    WAREHOUSE = "warehouse"
    VIEWER = "viewer"


#: the roles as a person reads them (the top line of the app, a refusal that lists them)
ROLE_WORDS = {"admin": NP_("role", "admin"), "accountant": NP_("role", "accountant"), "clerk": NP_("role", "clerk"),
              "warehouse": NP_("role", "warehouse"), "viewer": NP_("role", "viewer")}


def role_word(code: str) -> str:
    """A role in the language spoken now; a code without a word stays as it is."""
    return pgettext("role", ROLE_WORDS[code]) if code in ROLE_WORDS else code
