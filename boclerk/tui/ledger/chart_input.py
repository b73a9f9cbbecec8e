"""Accounts and departments as they are typed into a form: by code, role or part of a name."""

from __future__ import annotations

from typing import Any

from textual.validation import ValidationResult, Validator

from boclerk.i18n import _


class ChartValidator(Validator):
    """An account code (or role) of the chart, or a department code; checked as it is typed."""

    def __init__(self, known: dict[str, Any], what: str) -> None:
        super().__init__()
        self.known, self.what = known, what

    def validate(self, value: str) -> ValidationResult:
        key = value.strip()
        if not key or not self.known or key in self.known or key.upper() in self.known:
            return self.success()
        if self.what == "account" and chart_matches(self.known, key):
            return self.success()  # a part of a name being looked up: Enter takes the first match
        if self.what == "account":
            return self.failure(_("There is no account {key}.").format(key=key))
        if self.what == "department":
            return self.failure(_("There is no department {key}.").format(key=key))
        return self.failure(f"There is no {self.what} {key}.")


def chart_matches(accounts: dict[str, Any], text: str) -> list[Any]:
    """Open accounts whose code starts with ``text`` or whose name holds it, by code; compared
    folded, as every search compares (:func:`boclerk.services.like.fold`: "расчеты" finds "Расчёты")."""
    from boclerk.services.like import fold

    needle = fold(text.strip())
    if not needle:
        return []
    found = {a.code: a for a in accounts.values()
             if a.active and (fold(a.code).startswith(needle) or needle in fold(a.name))}
    return [found[code] for code in sorted(found)]
