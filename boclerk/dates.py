"""Days as clerks read and type them: the locale's short form, ISO, and a few shortcuts.

The screens show a day in the locale's short form with a four-digit year (``05.12.2026`` in
Russian, ``12/5/2026`` in English); whatever a screen shows, a clerk may type back:

* ISO ``2026-12-05``;
* with dots, day first in every locale that writes dots: ``5.12.2026``, ``05.12.26``, ``5.12``
  (this year);
* with slashes, in the locale's order: ``12/5/2026`` in English, ``5/12/2026`` elsewhere;
* ``today``, ``yesterday``, ``tomorrow`` (and ``сегодня``, ``вчера``, ``завтра``), ``+3`` and
  ``-2`` (days from today).

A period, as reports take one (:func:`parse_span`), is a month (``2026-11``, ``11.2026``), a quarter
(``2026-Q4``, ``Q4 2026``, ``4 кв. 2026``), a year (``2026``), or this month, quarter or year by
name (``month``, ``quarter``, ``year``; ``месяц``, ``квартал``, ``год``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from boclerk.errors import InvalidInput
from boclerk.i18n import _

_WORDS = {"today": 0, "сегодня": 0, "yesterday": -1, "вчера": -1, "tomorrow": 1, "завтра": 1}
_SPAN_WORDS = {"month": "month", "месяц": "month", "quarter": "quarter", "квартал": "quarter",
               "year": "year", "год": "year"}
_MONTH_SPAN = r"^(?:(\d{4})-(\d{1,2})|(\d{1,2})[./](\d{4}))$"
_QUARTER_SPAN = r"^(?:(\d{4})\s*-?\s*[qк]\s*([1-4])|(?:[qк]\s*([1-4])|([1-4])\s*кв(?:\.|артал)?)\s*[-./]?\s*(\d{4}))$"
_PARTS = r"^(\d{1,4})([./])(\d{1,2})(?:\2(\d{2}|\d{4}))?$"  # compiled on first use (re keeps it)


@lru_cache(maxsize=8)
def _pattern(locale: str) -> str:
    """The locale's short date pattern with a four-digit year (``dd.MM.yyyy``); the common
    locales' are kept in boclerk/locale/formats.py (as Babel gives them, without its data)."""
    from boclerk.locale.formats import DAYS

    if locale in DAYS:
        return DAYS[locale]
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format

    try:
        pattern = get_date_format("short", locale=Locale.parse(locale.replace("-", "_"))).pattern
    except (UnknownLocaleError, ValueError):
        pattern = "dd.MM.y"
    return re.sub(r"y+", "yyyy", pattern)


@lru_cache(maxsize=8)
def _month_first(locale: str) -> bool:
    pattern = _pattern(locale)
    return pattern.find("M") < pattern.find("d")


@lru_cache(maxsize=8)
def _filler(locale: str) -> str | None:
    """The common locale's pattern as a ``str.format`` template over day, month and year
    (``dd.MM.yyyy`` -> ``{0:02}.{1:02}.{2:04}``), or None where Babel must write the day."""
    from boclerk.locale.formats import DAYS

    pattern = DAYS.get(locale)
    if pattern is None:
        return None
    index = {"d": 0, "M": 1, "y": 2}
    return re.sub(r"d+|M+|y+", lambda m: f"{{{index[m[0][0]]}:0{len(m[0])}}}",
                  pattern.replace("{", "{{").replace("}", "}}"))


def format_day(day: date, locale: str = "ru") -> str:
    """``day`` as the screens of ``locale`` show it (a list's page writes a hundred of them)."""
    filler = _filler(locale)
    if filler is not None and isinstance(day, date):  # d, dd, M, MM and yyyy, as Babel fills them
        return filler.format(day.day, day.month, day.year)
    from babel.dates import format_date

    return format_date(day, _pattern(locale), locale=locale.replace("-", "_"))


def format_moment(at: datetime, locale: str = "ru") -> str:
    """An instant as a history line shows it: its day in local time as :func:`format_day` writes it,
    and HH:MM (07.12.2026 14:05 in Russian, 12/7/2026 14:05 in English); a naive one is read as UTC."""
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone()
    return f"{format_day(local.date(), locale)} {local:%H:%M}"


def day_hint(locale: str = "ru") -> str:
    """How to write a day, for a refusal or a placeholder: ``DD.MM.YYYY or YYYY-MM-DD``."""
    year, month, day = _("YYYY"), _("MM"), _("DD")
    shown = re.sub("y+", year, re.sub("M+", month, re.sub("d+", day, _pattern(locale))))
    return _("{shown} or {iso}").format(shown=shown, iso=f"{year}-{month}-{day}")


def parse_day(text: str, *, locale: str = "ru", today: date | None = None) -> date:
    """The day ``text`` names, or :class:`InvalidInput` saying how to write one."""
    value = text.strip().lower()
    if not value:
        raise InvalidInput(_("Write the date as {form}.").format(form=day_hint(locale)))
    base = today or date.today()
    if value in _WORDS:
        return base + timedelta(days=_WORDS[value])
    if re.fullmatch(r"[+-]\d{1,4}", value):
        return base + timedelta(days=int(value))
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _parts(value, locale, base)
    except ValueError:
        raise InvalidInput(_("'{text}' is not a date; write it as {form}.").format(
            text=text.strip(), form=day_hint(locale))) from None


def _parts(value: str, locale: str, base: date) -> date:
    m = re.match(_PARTS, value)
    if not m:
        raise ValueError(value)
    first, sep, second, year = m.group(1), m.group(2), m.group(3), m.group(4)
    if len(first) == 4:
        raise ValueError(value)  # 2026.12.05 or 2026/12/05: write ISO with dashes
    day, month = (int(first), int(second))
    if sep == "/" and _month_first(locale):
        day, month = month, day
    if year is None:
        full_year = base.year
    else:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
    return date(full_year, month, day)


def span_of(kind: str, day: date) -> tuple[date, date]:
    """The month, quarter or year ``day`` falls in: its first and last days."""
    if kind == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    first_month = day.month if kind == "month" else (day.month - 1) // 3 * 3 + 1
    months = 1 if kind == "month" else 3
    following = date(day.year + (first_month + months > 12), (first_month + months - 1) % 12 + 1, 1)
    return date(day.year, first_month, 1), following - timedelta(days=1)


def parse_span(text: str, *, today: date | None = None) -> tuple[date, date]:
    """The first and last days of the period ``text`` names (see the module's words), or
    :class:`InvalidInput` saying how to write one."""
    value = " ".join(text.strip().lower().split())
    if value in _SPAN_WORDS:
        return span_of(_SPAN_WORDS[value], today or date.today())
    try:
        if re.fullmatch(r"\d{4}", value):
            return span_of("year", date(int(value), 1, 1))
        if m := re.match(_MONTH_SPAN, value):
            year, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            return span_of("month", date(int(year), int(month), 1))
        if m := re.match(_QUARTER_SPAN, value):
            year = m.group(1) or m.group(5)
            quarter = m.group(2) or m.group(3) or m.group(4)
            return span_of("quarter", date(int(year), int(quarter) * 3, 1))
    except ValueError:
        pass
    raise InvalidInput(_("'{text}' is not a period; write a month (2026-11 or 11.2026), a quarter (2026-Q4 or "
                         "Q4 2026) or a year (2026).").format(text=text.strip()))


def format_month(period: int, locale: str = "ru") -> str:
    """A month (202611) in words, as a sentence says it: "ноябрь 2026", "November 2026"."""
    from babel.dates import format_date

    return format_date(date(period // 100, period % 100, 1), "LLLL y", locale=_babel_locale(locale))


def _babel_locale(locale: str) -> str:
    return "ru" if locale.lower().startswith("ru") else "en"


@lru_cache(maxsize=4)
def _month_words(locale: str) -> dict[str, int]:
    """Every way the locale (and English) names a month, lower case without a dot -> its number."""
    from babel.dates import get_month_names

    words: dict[str, int] = {}
    for lang in dict.fromkeys((_babel_locale(locale), "en")):
        for width in ("wide", "abbreviated"):
            for context in ("stand-alone", "format"):
                for number, name in get_month_names(width, context, lang).items():
                    words.setdefault(name.lower().rstrip("."), number)
    return words


def parse_month(text: str, *, locale: str = "ru", what: str = "") -> int:
    """A month as a clerk types it, as 202611: ``2026-11``, ``11.2026``, ``11/2026``, or in words
    as the app shows it (``ноябрь 2026``, ``нояб. 2026``, ``November 2026``); anything else is
    refused with a sentence showing both ways."""
    value = " ".join((text or "").strip().lower().split())
    year = month = 0
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{1,2})\s*[./-]\s*(\d{4})", value):
        year, month = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
    elif m := re.fullmatch(r"([^\W\d_]+)\.?\s*(\d{4})", value):
        year, month = int(m.group(2)), _month_words(locale).get(m.group(1), 0)
    if 1 <= month <= 12 and year >= 1900:
        return year * 100 + month
    sentence = _("'{text}' is not a month; write it as {words} or {digits}.").format(
        text=(text or "").strip(), words=format_month(202611, locale), digits="11.2026")
    raise InvalidInput(_("{what}: {message}").format(what=what, message=sentence[:1].lower() + sentence[1:])
                       if what else sentence)
