"""Months as the office counts them: ``2026-11`` on the command line and in stored texts, 202611
in the tables, "ноябрь 2026" in a sentence a person reads."""

from __future__ import annotations

import calendar
import re
from datetime import date

from boclerk.domain.office_terms import add_months
from boclerk.errors import InvalidInput
from boclerk.i18n import _

__all__ = ["add_months", "first_day", "last_day", "months_between", "next_period", "parse_period",
           "period_of", "in_words", "shown"]

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_period(text: str, what: str = "month") -> int:
    """``2026-11`` as 202611; anything else is refused with a sentence."""
    found = _MONTH.match(text or "")
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
        raise InvalidInput(_("{what}: '{text}' is not a month; write it as YYYY-MM (for example 2026-11).").format(what=what, text=text))
    return int(found.group(1)) * 100 + int(found.group(2))


def period_of(day: date) -> int:
    return day.year * 100 + day.month


def first_day(period: int) -> date:
    return date(period // 100, period % 100, 1)


def last_day(period: int) -> date:
    year, month = divmod(period, 100)
    return date(year, month, calendar.monthrange(year, month)[1])


def shown(period: int) -> str:
    """The month as stored texts write it (memos, audit, references): ``2026-11``, the same in
    every language and for good. A sentence a person reads says :func:`in_words`."""
    return f"{period // 100:04d}-{period % 100:02d}"


def in_words(period: int) -> str:
    """The month as a sentence says it to its reader (a refusal, a warning, a note), in the
    language ``_`` speaks now: "ноябрь 2026", "November 2026"."""
    from boclerk.dates import format_month
    from boclerk.i18n import words_language

    return format_month(period, words_language())


def next_period(period: int, months: int = 1) -> int:
    return period_of(add_months(first_day(period), months))


def months_between(start: int, end: int) -> int:
    """How many months ``end`` comes after ``start`` (0 for the same month)."""
    return (end // 100 - start // 100) * 12 + (end % 100 - start % 100)
