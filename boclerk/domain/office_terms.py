"""Small rules of the office that need no table: months, the terms of contracts, and what a
month of a fixed asset's life charges.

Kept apart from the tables so that the home screen's reminders read them without defining
the office's tables first.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from fractions import Fraction

SIGNED = "signed"
#: days ahead the reminders look when the office's settings say nothing else
DEFAULT_REMINDER_DAYS = 30


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it has fewer days)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(c, today: date) -> date | None:
    """The end of a contract's current term: its end date, moved on by whole renewal terms while
    it renews itself and that end has passed (``c`` has status, valid_to, auto_renew, renewal_months)."""
    if c.valid_to is None:
        return None
    end = c.valid_to
    if c.auto_renew and c.status == SIGNED:
        terms = 0
        while end < today and terms < 1200:
            terms += 1
            end = add_months(c.valid_to, c.renewal_months * terms)
    return end


def notice_date(c, today: date) -> date | None:
    """The last day to give notice so that a self-renewing contract does not renew."""
    end = term_end(c, today)
    if end is None or not c.auto_renew:
        return None
    return end - timedelta(days=c.notice_days)


def contract_state_of(c, today: date) -> str:
    """The state a person sees: the stored one, or "expired" once a signed contract's term is over
    and it does not renew itself."""
    if c.status == SIGNED and c.valid_to is not None and not c.auto_renew and c.valid_to < today:
        return "expired"
    return c.status


def _round(value: Fraction) -> int:
    return int(value.numerator * 2 + value.denominator) // (2 * value.denominator)


def monthly_charge(cost: int, life_months: int, month: int) -> int:
    """What month ``month`` (1 .. life) of an asset's life charges (straight-line: month k of n
    charges round(cost x k / n) - round(cost x (k-1) / n), so the months add up to the cost)."""
    if not 1 <= month <= life_months:
        return 0
    return _round(Fraction(cost * month, life_months)) - _round(Fraction(cost * (month - 1), life_months))
