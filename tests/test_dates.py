"""Days typed as the screens show them: boclerk/dates.py."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.dates import day_hint, format_day, parse_day, parse_span, span_of
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


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
    ("2028-2", date(2028, 2, 1), date(2028, 2, 29)),             # a leap February
    ("02.2026", date(2026, 2, 1), date(2026, 2, 28)),
    ("4.2026", date(2026, 4, 1), date(2026, 4, 30)),             # a month, not a quarter
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ("2026q1", date(2026, 1, 1), date(2026, 3, 31)),
    ("Q2 2026", date(2026, 4, 1), date(2026, 6, 30)),
    ("3 кв. 2026", date(2026, 7, 1), date(2026, 9, 30)),
    ("3кв2026", date(2026, 7, 1), date(2026, 9, 30)),
    ("2 квартал 2026", date(2026, 4, 1), date(2026, 6, 30)),
    ("К1 2026", date(2026, 1, 1), date(2026, 3, 31)),
    ("month", date(2026, 12, 1), date(2026, 12, 31)),
    ("Квартал", date(2026, 10, 1), date(2026, 12, 31)),
    (" год ", date(2026, 1, 1), date(2026, 12, 31)),
])
def test_a_period_is_read_as_its_first_and_last_days(text, first, last):
    assert parse_span(text, today=TODAY) == (first, last)


@pytest.mark.parametrize("text", ["", "2026-13", "13.2026", "2026-Q5", "5 кв 2026", "0000", "Q4", "11", "next month"])
def test_what_is_not_a_period_is_refused_with_how_to_write_one(text):
    with pytest.raises(InvalidInput, match="2026-Q4"):
        parse_span(text, today=TODAY)


@pytest.mark.parametrize(("kind", "day", "first", "last"), [
    ("month", date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
    ("quarter", date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31)),
    ("quarter", date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31)),
    ("year", date(2026, 6, 15), date(2026, 1, 1), date(2026, 12, 31)),
])
def test_the_span_a_day_falls_in(kind, day, first, last):
    assert span_of(kind, day) == (first, last)


@pytest.mark.parametrize("text", ["2026-11", "2026-11 ", "11.2026", "11/2026", "11-2026", "ноябрь 2026", "Ноябрь 2026",
                                  "нояб. 2026", "ноября 2026", "November 2026", "nov 2026"])
def test_a_month_is_read_as_a_clerk_types_it(text):
    from boclerk.dates import parse_month

    assert parse_month(text, locale="ru") == 202611


@pytest.mark.parametrize("text", ["13.2026", "0.2026", "2026", "ноябряя 2026", "", "11.26", "1899-11"])
def test_what_is_not_a_month_is_refused_with_both_ways_to_write_one(text):
    from boclerk.dates import parse_month
    from boclerk.i18n import speaking

    with speaking("ru"), pytest.raises(InvalidInput, match=r"напишите, например, ноябрь 2026 или 11\.2026\.$"):
        parse_month(text, locale="ru")
    with pytest.raises(InvalidInput, match=r"write it as November 2026 or 11\.2026\.$"):
        parse_month(text, locale="en")


def test_a_month_is_said_in_words():
    from boclerk.dates import format_month

    assert [format_month(m, "ru") for m in (202601, 202611)] == ["январь 2026", "ноябрь 2026"]
    assert format_month(202611, "en") == "November 2026" and format_month(202605, "en_US") == "May 2026"


def test_a_month_in_a_refusal_is_said_in_words_while_stored_texts_keep_its_digits():
    """Refusals and warnings say the month in the reader's words; memos, audit and references keep
    2026-12 whatever the language (existing books do not change)."""
    from boclerk.i18n import _, speaking
    from boclerk.services.office.periods import in_words, shown

    assert shown(202612) == "2026-12" and in_words(202612) == "December 2026"
    with speaking("ru"):
        assert shown(202612) == "2026-12" and in_words(202612) == "декабрь 2026"
        said = _("{period} has not begun; allocations are posted for months that have.").format(period=in_words(202612))
        assert said == "Ещё не начался декабрь 2026: распределения проводятся только за начавшиеся месяцы."
        said = _("No allocation rule or service agreement is in force in {period}.").format(period=in_words(202612))
        assert said == "На декабрь 2026 нет действующих правил распределения и соглашений об услугах."
