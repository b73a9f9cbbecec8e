"""Days typed as the screens show them: boclerk/dates.py."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.dates import day_hint, format_day, parse_day
from boclerk.errors import InvalidInput

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(("text", "locale", "day"), [
    ("2026-12-05", "ru", date(2026, 12, 5)),
    ("05.12.2026", "ru", date(2026, 12, 5)),
    ("5.12.2026", "en", date(2026, 12, 5)),       # dots are day first in every locale
    ("5.12.26", "ru", date(2026, 12, 5)),
    ("31.1", "ru", date(2026, 1, 31)),           # this year
    (" 1.03 ", "ru", date(2026, 3, 1)),
    ("12/5/2026", "en", date(2026, 12, 5)),      # slashes in the locale's order
    ("5/12/2026", "ru", date(2026, 12, 5)),
    ("5/12/2026", "en_GB", date(2026, 12, 5)),
    ("today", "en", TODAY),
    ("Сегодня", "ru", TODAY),
    ("вчера", "ru", date(2026, 12, 4)),
    ("tomorrow", "ru", date(2026, 12, 6)),
    ("+3", "ru", date(2026, 12, 8)),
    ("-30", "ru", date(2026, 11, 5)),
])
def test_a_day_is_read_as_typed(text, locale, day):
    assert parse_day(text, locale=locale, today=TODAY) == day


@pytest.mark.parametrize("text", ["", "32.12.2026", "29.02.2026", "5.13", "2026.12.05", "5.12.202", "12-05-2026",
                                  "someday", "+", "1.2.3"])
def test_what_is_not_a_day_is_refused_with_how_to_write_one(text):
    with pytest.raises(InvalidInput) as refused:
        parse_day(text, locale="ru", today=TODAY)
    assert "DD.MM.YYYY or YYYY-MM-DD" in refused.value.message


def test_a_leap_day_is_a_day():
    assert parse_day("29.02.2028", today=TODAY) == date(2028, 2, 29)


@pytest.mark.parametrize(("locale", "shown", "hint"), [
    ("ru", "05.12.2026", "DD.MM.YYYY or YYYY-MM-DD"),
    ("en", "12/5/2026", "MM/DD/YYYY or YYYY-MM-DD"),
    ("de", "05.12.2026", "DD.MM.YYYY or YYYY-MM-DD"),
])
def test_a_day_is_shown_as_it_is_typed_back(locale, shown, hint):
    assert format_day(TODAY, locale) == shown
    assert parse_day(shown, locale=locale, today=date(2020, 1, 1)) == TODAY
    assert day_hint(locale) == hint
