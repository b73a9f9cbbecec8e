"""What an account's type is called where a person reads it (the app's chart, the reports' tables);
the books, JSON and CSV keep the stored code."""

from __future__ import annotations

from boclerk.i18n import N_, _

ACCOUNT_TYPES = {"asset": N_("asset"), "liability": N_("liability"), "equity": N_("equity"), "income": N_("income"),
                 "expense": N_("expense")}


def account_type(code: str) -> str:
    return _(ACCOUNT_TYPES.get(code, code))
