"""The working clock in SQL: working seconds between two instants, for a whole set of rows at once.

:meth:`Calendar.day_rows` gives each local day its running total of working seconds and its
working window; here they become a ``VALUES`` table (``cal``, a few hundred rows of numbers the
code made, never user text) that a query joins by the local day of an instant. The working
seconds between two instants are then the difference of their clocks: one join and some
arithmetic per row, the same on SQLite and PostgreSQL, and the same answers as the Python
arithmetic of :class:`~boclerk.domain.worktime.Calendar` (tests compare them).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from boclerk.domain.worktime import DAY, Calendar


def epoch(dialect: str, column: str) -> str:
    """Whole seconds since 1970 (UTC) of a UTC timestamp column."""
    if dialect == "postgresql":
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM {column})) AS BIGINT)"
    return f"CAST(strftime('%s', {column}) AS INTEGER)"


def _least(dialect: str, a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if dialect == "postgresql" else f"MIN({a}, {b})"


def _greatest(dialect: str, a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if dialect == "postgresql" else f"MAX({a}, {b})"


class Clock:
    """The calendar's days from ``first`` to ``last`` as SQL, and the clock of an instant."""

    def __init__(self, cal: Calendar, dialect: str, first: date, last: date) -> None:
        self.cal, self.dialect = cal, dialect
        self.first, self.last = first, last
        self.rows = cal.day_rows(first, last)
        self.offset = cal.utc_offset * 60

    def cte(self, name: str = "cal") -> str:
        """``name(d, cum, ws, we, m, sh)``: day number, working seconds before it, window, month
        (yyyymm), the day's summer-time shift."""
        values = ", ".join(
            f"({d}, {cum}, {ws}, {we}, {_month(d)}, {sh})" for d, cum, ws, we, sh in self.rows)
        return f"{name}(d, cum, ws, we, m, sh) AS (VALUES {values})"

    def day_of(self, seconds: str) -> str:
        """The local day number of an instant given as epoch seconds (an SQL expression)."""
        return f"(({seconds}) + {self.offset}) / {DAY}"

    def reading(self, alias: str, seconds: str) -> str:
        """The clock of an instant (epoch seconds) on the row ``alias`` of ``cal`` joined on its day."""
        within = f"((({seconds}) + {self.offset}) % {DAY} + {alias}.sh)"
        lower = _greatest(self.dialect, f"{within} - {alias}.ws", "0")
        return f"({alias}.cum + {_least(self.dialect, lower, f'{alias}.we - {alias}.ws')})"

    def at(self, instant: datetime) -> int:
        """The clock of one instant in Python (what ``reading`` gives in SQL)."""
        return self.cal.working_seconds(self.cal.midnight(self.first), instant)


def _month(day_no: int) -> int:
    d = date(1970, 1, 1) + timedelta(days=day_no)
    return d.year * 100 + d.month
