"""What an account's type is called where a person reads it (the app's chart, the reports' tables);
the books, JSON and CSV keep the stored code."""

from __future__ import annotations

from boclerk.i18n import N_, _

ACCOUNT_TYPES = {"asset": N_("asset"), "liability": N_("liability"), "equity": N_("equity"), "income": N_("income"),
                 "expense": N_("expense")}


def account_type_choices() -> str:
    """The account types one may type, as a refusal offers them (:func:`boclerk.domain.code_words.choices`)."""
    from boclerk.domain.code_words import choices

    return choices(ACCOUNT_TYPES, ACCOUNT_TYPES)


def account_type(code: str) -> str:
    return _(ACCOUNT_TYPES.get(code, code))

#: an account of a type, as a sentence names it ("1010 Bank is an asset account")
ACCOUNT_KINDS = {"asset": N_("an asset account"), "liability": N_("a liability account"),
                 "equity": N_("an equity account"), "income": N_("an income account"),
                 "expense": N_("an expense account")}


def account_kind(code: str) -> str:
    """"an asset account" (in Russian «счёт активов»), for a sentence that says what an account is."""
    return _(ACCOUNT_KINDS[code]) if code in ACCOUNT_KINDS else code
