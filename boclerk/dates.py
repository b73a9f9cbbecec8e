"""Days as clerks read and type them: the locale's short form, ISO, and a few shortcuts.

The screens show a day in the locale's short form with a four-digit year (``05.12.2026`` in
Russian, ``12/5/2026`` in English); whatever a screen shows, a clerk may type back:

* ISO ``2026-12-05``;
* with dots, day first in every locale that writes dots: ``5.12.2026``, ``05.12.26``, ``5.12``
  (this year);
* with slashes, in the locale's order: ``12/5/2026`` in English, ``5/12/2026`` elsewhere;
* ``today``, ``yesterday``, ``tomorrow`` (and ``сегодня``, ``вчера``, ``завтра``), ``+3`` and
  ``-2`` (days from today).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from boclerk.errors import InvalidInput
from boclerk.i18n import _

_WORDS = {"today": 0, "сегодня": 0, "yesterday": -1, "вчера": -1, "tomorrow": 1, "завтра": 1}
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
