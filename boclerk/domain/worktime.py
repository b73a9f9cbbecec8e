"""Working time: the shop's working calendar and the arithmetic of working hours.

A calendar is its working weekdays, its working hours, its time (a fixed offset from UTC, or a
named zone that changes its clocks, such as Europe/Berlin), and the days that
differ from the weekdays: public holidays and the days off moved onto weekdays (not working),
the weekend days moved to work (working), and working days of their own length (the day before
a public holiday is one hour shorter in Russia: it starts as usual and ends an hour earlier).

Time between two instants counts only the working hours of the working days in between:
an order created on Friday at 19:00 and confirmed on Monday at 10:00, with hours 9:00-18:00,
waited one working hour. The same arithmetic runs in SQL (:mod:`boclerk.services.quality.clock`)
from :meth:`Calendar.day_rows`, a running total of working seconds per local day, so that a
report over a million events is a join and a subtraction, never a loop.

Russia keeps no summer time since 2014, so a Russian shop's calendar is a fixed offset (+03:00
by default). A shop in a zone with summer time names the zone: its ``utc_offset`` is then the
zone's standard offset (the smaller of the year's two) and each day carries its shift from it
(:meth:`Calendar.shift`, 0 or an hour), which the SQL clock adds to the time of day. That reading
is exact when the working day starts at least the shift after midnight (an instant in the first
summer hour after midnight is read as the end of the day before, which is the same clock when
nobody works then), so a zone with summer time asks for working hours from 01:00.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cached_property

DAY = 86_400
EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    return (day - EPOCH).days


def zone_offsets(zone: str, year: int) -> tuple[int, int]:
    """A named zone's standard offset (the smaller of ``year``'s, in minutes east of UTC) and how
    many minutes its clocks move ahead of it at most (0 in a zone without summer time).

    Raises ``LookupError`` when the zone is unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise LookupError(zone) from None
    seen = [int(datetime(year, month, 15, 12, tzinfo=tz).utcoffset().total_seconds()) // 60 for month in range(1, 13)]
    return min(seen), max(seen) - min(seen)


@dataclass(frozen=True)
class Calendar:
    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO: Monday 1 .. Sunday 7
    start: int = 9 * 60  # working hours, minutes after local midnight
    end: int = 18 * 60
    utc_offset: int = 180  # minutes east of UTC (Moscow)
    #: days that differ from the weekdays: False a holiday or a day off, True a working weekend day
    days: Mapping[date, bool] = field(default_factory=dict)
    #: working days of their own length, in minutes from the usual start (a pre-holiday day)
    minutes: Mapping[date, int] = field(default_factory=dict)
    #: a named zone (IANA, e.g. Europe/Berlin) whose clocks change; '' for the fixed ``utc_offset``
    zone: str = ""

    @cached_property
    def tz(self) -> tzinfo:
        """The shop's time: the named zone, else the fixed offset."""
        if self.zone:
            from zoneinfo import ZoneInfo

            return ZoneInfo(self.zone)
        return timezone(timedelta(minutes=self.utc_offset))

    def shift(self, day: date) -> int:
        """Seconds the clocks of ``day`` (at local noon) are ahead of ``utc_offset``: 0 without a zone."""
        if not self.zone:
            return 0
        noon = datetime.combine(day, time(12), self.tz).utcoffset()
        return int(noon.total_seconds()) - self.utc_offset * 60

    def local_day(self, at: datetime) -> date:
        """The shop's day of an instant."""
        return self.local(at)[0]

    def midnight(self, day: date) -> datetime:
        """The instant (UTC) the shop's ``day`` begins."""
        return datetime.combine(day, time(0), self.tz).astimezone(UTC)

    @property
    def day_seconds(self) -> int:
        """Working seconds of one usual working day (the unit of levels in working days)."""
        return (self.end - self.start) * 60

    def seconds_of(self, day: date) -> int:
        """Working seconds of ``day``: 0 on a day off, its own length on a shortened day."""
        if not self.working(day):
            return 0
        own = self.minutes.get(day)
        return self.day_seconds if own is None else max(0, min(own, 1440 - self.start)) * 60

    def working(self, day: date) -> bool:
        if day in self.days:
            return self.days[day]
        return day.isoweekday() in self.weekdays

    def local(self, at: datetime) -> tuple[date, int]:
        """The local day of an instant and the seconds since its local midnight (by the clock)."""
        if self.zone:
            there = at.astimezone(self.tz)
            return there.date(), there.hour * 3600 + there.minute * 60 + there.second
        seconds = int(at.astimezone(UTC).timestamp()) + self.utc_offset * 60
        number, within = divmod(seconds, DAY)
        return EPOCH + timedelta(days=number), within

    def _within(self, day: date, second: int) -> int:
        """Working seconds of ``day`` before ``second`` of it."""
        return min(max(second - self.start * 60, 0), self.seconds_of(day))

    def working_seconds(self, start: datetime, end: datetime) -> int:
        """Working seconds from ``start`` to ``end`` (negative when ``end`` comes first)."""
        if end < start:
            return -self.working_seconds(end, start)
        d1, s1 = self.local(start)
        d2, s2 = self.local(end)
        if d1 == d2:
            return self._within(d2, s2) - self._within(d1, s1)
        total = self.seconds_of(d1) - self._within(d1, s1)
        day = d1 + timedelta(days=1)
        while day < d2:
            total += self.seconds_of(day)
            day += timedelta(days=1)
        return total + self._within(d2, s2)

    def working_days_between(self, first: date, last: date) -> int:
        """Working days after ``first`` up to and including ``last`` (how late a due date is)."""
        count, day = 0, first
        while day < last:
            day += timedelta(days=1)
            count += self.working(day)
        return count

    def day_rows(self, first: date, last: date) -> list[tuple[int, int, int, int, int]]:
        """For every local day from ``first`` to ``last``: (day number since 1970-01-01, working
        seconds of the days before it since ``first``, the day's working window in seconds after
        local midnight, empty on a day off, and its :meth:`shift`). The clock of an instant is then
        ``cum + min(max(second - ws, 0), we - ws)``, ``second`` read at ``utc_offset`` plus the
        shift; differences of clocks are working seconds."""
        rows, cum, day = [], 0, first
        ws = self.start * 60
        while day <= last:
            length = self.seconds_of(day)
            rows.append((day_number(day), cum, ws if length else 0, ws + length if length else 0, self.shift(day)))
            cum += length
            day += timedelta(days=1)
        return rows
