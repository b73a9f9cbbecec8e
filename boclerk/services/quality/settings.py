"""Service levels and the working calendar: reading them, and the admin's acts that change them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork, core_only
from boclerk.domain.acts import act
from boclerk.domain.code_words import choices
from boclerk.domain.permissions import Perm
from boclerk.domain.quality import (
    DAYS,
    DUE,
    HOURS,
    MEASURES,
    CalendarDay,
    ServiceLevel,
    WorkCalendar,
)
from boclerk.domain.sales import Channel
from boclerk.domain.worktime import Calendar, zone_offsets
from boclerk.errors import InvalidInput, NotFound
from boclerk.i18n import N_, _
from boclerk.services import shown
from boclerk.services.quality.store import retime
from boclerk.services.quality.workcal import calendar

LEVEL, CALENDAR = act("quality.level"), act("quality.calendar")
UNIT_WORDS = {HOURS: N_("working hours"), DAYS: N_("working days"), DUE: N_("days after the due date")}


@dataclass(frozen=True)
class Level:
    measure: str
    label: str
    channel: str  # "" for every channel
    amount: int
    unit: str
    default: bool  # the code's default, not set by the admin


@dataclass(frozen=True)
class DayRow:
    day: date
    working: bool
    name: str
    minutes: int | None = None  # a working day's own length (a pre-holiday day), None: the usual hours


def _set_rows(uow: UnitOfWork) -> dict[tuple[str, str], int]:
    return {(m, c): int(a) for m, c, a in uow.s.execute(text("SELECT measure, channel, amount FROM service_level"))}


def level_table(uow: UnitOfWork) -> dict[tuple[str, str], int]:
    """Every measure's level for every channel ('' the rest), in its unit: defaults, then the admin's."""
    chosen = _set_rows(uow)
    out: dict[tuple[str, str], int] = {}
    for m in MEASURES.values():
        base = chosen.get((m.name, ""), m.default)
        out[(m.name, "")] = base
        for ch in Channel:
            if m.per_channel:
                # the channel's own setting, else the channel's own default, else the general level
                own = chosen.get((m.name, ch.value))
                out[(m.name, ch.value)] = own if own is not None else m.channels.get(ch.value, base)
            else:
                out[(m.name, ch.value)] = base
    return out


@core_only
def levels(uow: UnitOfWork) -> list[Level]:
    """The service levels in force: for each measure the general one and those that differ by channel."""
    uow.require(Perm.READ)
    chosen = _set_rows(uow)
    table = level_table(uow)
    rows = []
    for m in MEASURES.values():
        rows.append(Level(m.name, _(m.label), "", table[(m.name, "")], m.unit, (m.name, "") not in chosen))
        for ch in Channel:
            if m.per_channel and table[(m.name, ch.value)] != table[(m.name, "")]:
                rows.append(Level(m.name, _(m.label), ch.value, table[(m.name, ch.value)], m.unit,
                                  (m.name, ch.value) not in chosen))
    return rows


def set_level(uow: UnitOfWork, measure: str, amount: int, *, channel: str = "") -> Level:
    """Set a service level (``channel`` '' for every channel); the old value goes to the audit trail."""
    uow.require(LEVEL)
    m = MEASURES.get((measure or "").strip().lower().replace("-", "_"))
    if m is None:
        raise InvalidInput(_("There is no service level {measure!r}; choose {codes}.").format(
            measure=measure, codes=choices(MEASURES, {m.name: m.label for m in MEASURES.values()})))
    channel = (channel or "").strip().lower()
    if channel and channel not in {c.value for c in Channel}:
        from boclerk.domain.sales_words import CHANNEL_WORDS

        raise InvalidInput(_("There is no channel {channel!r}; choose {codes}.").format(
            channel=channel, codes=choices((c.value for c in Channel), CHANNEL_WORDS)))
    if channel and not m.per_channel:
        raise InvalidInput(_("The level {name!r} is the same for every channel; set it without --channel.").format(
            name=m.name))
    if not isinstance(amount, int) or not 0 <= amount <= 1000:
        raise InvalidInput(_("A service level is a whole number from 0 to 1000."))
    if m.unit != DUE and amount == 0:
        raise InvalidInput(_("A service level of 0 can never be met; give at least 1."))
    before = level_table(uow)[(m.name, channel)]
    row = uow.s.get(ServiceLevel, (m.name, channel))
    if row is None:
        uow.s.add(ServiceLevel(measure=m.name, channel=channel, amount=amount))
    else:
        row.amount = amount
    uow.s.flush()
    uow.audit("quality.level", "service_level", f"{m.name}:{channel or '*'}",
              before={"amount": before, "unit": m.unit}, after={"amount": amount, "unit": m.unit})
    return Level(m.name, _(m.label), channel, amount, m.unit, False)


# -- the working calendar ---------------------------------------------------------------------------


@core_only
def calendar_days(uow: UnitOfWork, year: int | None = None) -> list[DayRow]:
    uow.require(Perm.READ)
    sql = "SELECT day, working, name, minutes FROM calendar_day"
    params = {}
    if year is not None:
        sql += " WHERE day >= :a AND day <= :b"
        params = {"a": date(year, 1, 1), "b": date(year, 12, 31)}
    return [DayRow(as_date(d), bool(w), n, None if m is None else int(m))
            for d, w, n, m in uow.s.execute(text(sql + " ORDER BY day"), params)]


def set_hours(uow: UnitOfWork, *, weekdays: str | None = None, start: int | None = None, end: int | None = None,
              utc_offset: int | None = None, zone: str | None = None) -> Calendar:
    """Change the working week (ISO weekday digits, "12345"), hours (minutes after midnight), or the
    shop's time: a fixed offset from UTC, or a named zone whose clocks change (Europe/Berlin)."""
    uow.require(CALENDAR)
    if utc_offset is not None and zone is not None:
        raise InvalidInput(_("Give the shop's time as an offset from UTC or as a zone, not both."))
    row = uow.s.get(WorkCalendar, 1)
    if row is None:
        row = WorkCalendar(id=1)
        uow.s.add(row)
        uow.s.flush()
    keys = ("weekdays", "start_minute", "end_minute", "utc_offset", "zone")
    names = ("weekdays", "start", "end", "utc_offset", "zone")
    before = {n: getattr(row, k) for n, k in zip(names, keys, strict=True)}
    if weekdays is not None:
        digits = "".join(sorted(set(weekdays.strip())))
        if not digits or any(c not in "1234567" for c in digits):
            raise InvalidInput(_("Working weekdays are digits 1 (Monday) to 7 (Sunday), e.g. 12345."))
        row.weekdays = digits
    new_start = row.start_minute if start is None else start
    new_end = row.end_minute if end is None else end
    if not 0 <= new_start < new_end <= 1440:
        raise InvalidInput(_("Working hours must start before they end, within the day (e.g. 09:00-18:00)."))
    row.start_minute, row.end_minute = new_start, new_end
    if utc_offset is not None:
        if not -720 <= utc_offset <= 840:
            raise InvalidInput(_("The offset from UTC is between -12:00 and +14:00."))
        row.utc_offset, row.zone = utc_offset, ""
    if zone is not None:
        row.zone = zone.strip()
    if row.zone:
        try:
            row.utc_offset, moves = zone_offsets(row.zone, uow.today.year)
        except LookupError:
            raise InvalidInput(_("'{zone}' is not a time zone boclerk knows (e.g. Europe/Berlin, Europe/Moscow)."
                                 ).format(zone=row.zone)) from None
        if row.start_minute < moves:
            raise InvalidInput(_("In {zone} the clocks move {minutes} minutes in summer, so the working day starts at "
                                 "{time} or later.").format(zone=row.zone, minutes=moves,
                                                            time=f"{moves // 60:02d}:{moves % 60:02d}"))
    uow.s.flush()
    after = {n: getattr(row, k) for n, k in zip(names, keys, strict=True)}
    uow.audit("quality.calendar", "work_calendar", 1, before=before, after=after)
    if after != before:
        _retime(uow)
    return calendar(uow)


def _retime(uow: UnitOfWork, first: date | None = None, last: date | None = None) -> None:
    """The kept steps timed again with the changed calendar (in the edit's unit of work)."""
    retime(uow, first, last)


def set_day(uow: UnitOfWork, day: date, *, working: bool, name: str = "", minutes: int | None = None) -> DayRow:
    """Mark a day as a holiday or day off (``working`` False) or as a working day, whatever its
    weekday; a working day may be given its own length in minutes from the usual start (a
    pre-holiday day one hour shorter)."""
    uow.require(CALENDAR)
    name = (name or "").strip()
    if len(name) > 100:
        raise InvalidInput(_("A day's name is at most 100 characters."))
    if minutes is not None:
        if not working:
            raise InvalidInput(_("Only a working day has working hours of its own."))
        hours = calendar(uow)
        if not isinstance(minutes, int) or not 0 < minutes <= 1440 - hours.start:
            raise InvalidInput(_("A day's own hours end after the usual start and within the day "
                                 "(from 1 to {most} minutes).").format(most=1440 - hours.start))
    row = uow.s.get(CalendarDay, day)
    before = None if row is None else {"working": row.working, "name": row.name, "minutes": row.minutes}
    if row is None:
        uow.s.add(CalendarDay(day=day, working=working, name=name, minutes=minutes))
    else:
        row.working, row.name, row.minutes = working, name, minutes
    uow.s.flush()
    uow.audit("quality.calendar", "calendar_day", day.isoformat(), before=before,
              after={"working": working, "name": name, "minutes": minutes})
    _retime(uow, day, day)
    return DayRow(day, working, name, minutes)


def remove_day(uow: UnitOfWork, day: date) -> None:
    """Let a day follow the working week again."""
    uow.require(CALENDAR)
    row = uow.s.get(CalendarDay, day)
    if row is None:
        raise NotFound(_("{day} is not in the calendar's list of days; it already follows the week.").format(
            day=shown.day(uow, day)))
    before = {"working": row.working, "name": row.name, "minutes": row.minutes}
    uow.s.delete(row)
    uow.s.flush()
    uow.audit("quality.calendar", "calendar_day", day.isoformat(), before=before, after=None)
    _retime(uow, day, day)


def fill_year(uow: UnitOfWork, year: int) -> int:
    """Add a year's Russian public holidays and moved days as the ``holidays`` package knows them
    (days already in the list are kept as the admin left them). Returns how many were added."""
    uow.require(CALENDAR)
    if not 1992 <= year <= 2100:
        raise InvalidInput(_("Give a year between 1992 and 2100."))
    import holidays

    known = holidays.Russia(years=year)
    wanted = [(d, False, str(n)[:100]) for d, n in sorted(known.items())]
    wanted += [(d, True, "Working day (moved from a weekday)") for d in sorted(getattr(known, "weekend_workdays", ()))]
    have = {r.day for r in calendar_days(uow, year)}
    added = 0
    for d, working, name in wanted:
        if d not in have:
            uow.s.add(CalendarDay(day=d, working=working, name=name))
            have.add(d)
            added += 1
    # the working day before a public holiday is one hour shorter (Labour Code, art. 95)
    hours = calendar(uow)
    for d, name in sorted(known.items()):
        eve = d - timedelta(days=1)
        if str(name).startswith("Day off") or eve in have or eve.year != year or hours.day_seconds <= 3600:
            continue
        if eve.isoweekday() in hours.weekdays:
            uow.s.add(CalendarDay(day=eve, working=True, name="Pre-holiday day", minutes=hours.end - hours.start - 60))
            have.add(eve)
            added += 1
    if added:
        uow.s.flush()
        uow.audit("quality.calendar", "calendar_day", str(year), after={"filled": added})
        _retime(uow, date(year, 1, 1), date(year, 12, 31))
    return added
