"""Sanity ranges: what a shop can mean, whatever a file or a keyboard says.

A payment dated 31.12.9999, an order dated 0001-01-01 or for 2,147,483,647 units fit the
columns but no business: dates must lie in a window around today (``[date_window]`` in the
config file; history imported as such is exempt), quantities and amounts within bounds
the database and the books can carry. Names are shown without control characters and
without the bidirectional overrides that make ``invoice<U+202E>fdp.exe`` read as
``invoiceexe.pdf``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from boclerk.errors import InvalidInput
from boclerk.i18n import _

MAX_QTY = 10_000_000  # units in one line or one move (ten tonnes counted in grams)
MAX_LEVEL = 2**31 - 1  # units on hand of one product in one warehouse (an INTEGER column)
MAX_AMOUNT = 10**15  # minor units in one price, amount or line: ten trillion roubles

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class DateWindow:
    past_years: int = 10
    future_years: int = 1

    def bounds(self, today: date) -> tuple[date, date]:
        return _years(today, -self.past_years), _years(today, self.future_years)


def _years(day: date, years: int) -> date:
    year = min(max(day.year + years, 1), 9999)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def check_date(day: date, today: date, window: DateWindow, what: str) -> date:
    first, last = window.bounds(today)
    if not first <= day <= last:
        raise InvalidInput(_("{what} is dated {day}, outside the dates boclerk accepts ({first} to "
            "{last}; date_window in the config file).").format(what=what, day=day.isoformat(), first=first.isoformat(), last=last.isoformat()))
    return day


def check_qty(stored: int, what: str, decimals: int = 0) -> int:
    """``stored`` (an int of the unit's smallest fraction, ``decimals`` of them) within MAX_QTY units."""
    if abs(stored) > MAX_QTY * 10**decimals:
        units = stored // 10**decimals
        raise InvalidInput(_("{what}: {units:,} units is more than one line or move may hold ({max_qty:,}).").format(
            what=what, units=units, max_qty=MAX_QTY))
    return stored


def check_amount(minor: int, what: str) -> int:
    if abs(minor) > MAX_AMOUNT:
        raise InvalidInput(_("{what}: the amount is beyond what the books can carry ({max_amount:,} minor "
            "units).").format(what=what, max_amount=MAX_AMOUNT))
    return minor


def shown(text: str) -> str:
    """``text`` as a screen should show it: no control characters, no bidirectional overrides."""
    if not text or text.isprintable():  # neither a control character (Cc) nor an override (Cf) in it
        return text
    text = _BIDI.sub("", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\t")
