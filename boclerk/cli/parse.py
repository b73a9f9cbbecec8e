"""Parsing of command-line values into service arguments, with sentences on failure."""

from __future__ import annotations

from datetime import date

from boclerk.errors import InvalidInput


def parse_date(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{what}: '{text}' is not a date; write it as YYYY-MM-DD.") from None


def parse_date_opt(text: str | None, what: str = "date") -> date | None:
    return None if text is None else parse_date(text, what)
