"""The working calendar as the database holds it (read by the report, the queues, the kept steps)."""

from __future__ import annotations

from sqlalchemy import text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork
from boclerk.domain.worktime import Calendar


def calendar(uow: UnitOfWork) -> Calendar:
    """The working calendar with every day that differs from its week (a few dozen rows a year)."""
    row = uow.s.execute(text("SELECT weekdays, start_minute, end_minute, utc_offset, zone FROM work_calendar "
                             "WHERE id = 1")).first()
    days, minutes = {}, {}
    for d, w, m in uow.s.execute(text("SELECT day, working, minutes FROM calendar_day")):
        days[as_date(d)] = bool(w)
        if m is not None:
            minutes[as_date(d)] = int(m)
    if row is None:
        return Calendar(days=days, minutes=minutes)
    return Calendar(frozenset(int(c) for c in row[0]), int(row[1]), int(row[2]), int(row[3]), days, minutes,
                    zone=row[4] or "")
