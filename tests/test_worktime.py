"""Working time by hand: weekends, the working hours, holidays and moved days are left out.

The calendar is the shop's default: Monday to Friday, 9:00 to 18:00 Moscow time (UTC+3), with
the days of the government's production calendar that migration 0013 seeds (a few of them here).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from boclerk.domain.worktime import Calendar

MSK = timezone(timedelta(hours=3))
H = 3600
#: the days of the production calendar these cases cross
DAYS = {
    date(2025, 11, 1): True,  # a Saturday worked, for the Monday after it
    date(2025, 11, 3): False,
    date(2025, 11, 4): False,  # Unity Day
    date(2026, 3, 9): False,  # Women's Day fell on a Sunday
    date(2026, 12, 31): False,
    **{date(2027, 1, d): False for d in range(1, 9)},  # the New Year holidays
}
CAL = Calendar(days=DAYS)


def msk(y, mo, d, h, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=MSK)


@pytest.mark.parametrize(("start", "end", "hours"), [
    # a Friday-evening order confirmed on Monday morning: only Monday's first hour counts
    (msk(2026, 3, 13, 19), msk(2026, 3, 16, 10), 1),
    # a Friday-afternoon order: the last hour of Friday and the first of Monday
    (msk(2026, 3, 13, 17), msk(2026, 3, 16, 10), 2),
    # within one day, and before opening time
    (msk(2026, 3, 16, 9, 30), msk(2026, 3, 16, 11), 1.5),
    (msk(2026, 3, 16, 7), msk(2026, 3, 16, 8, 30), 0),
    (msk(2026, 3, 16, 7), msk(2026, 3, 16, 20), 9),
    # overnight: 17:00 to 18:00, then 9:00 to 12:00
    (msk(2026, 3, 17, 17), msk(2026, 3, 18, 12), 4),
    # a weekend and a holiday Monday (8 March fell on a Sunday in 2026): Friday 0.5 h, Tuesday 0.75 h
    (msk(2026, 3, 6, 17, 30), msk(2026, 3, 10, 9, 45), 1.25),
    # across the New Year holidays: 30 December 17:00 to 11 January 10:00 is two working hours
    (msk(2026, 12, 30, 17), msk(2027, 1, 11, 10), 2),
    # a Saturday moved to work, then two days off: Fri 1 h, Sat 9 h, Wed 1 h
    (msk(2025, 10, 31, 17), msk(2025, 11, 5, 10), 11),
    # a whole ordinary week
    (msk(2026, 3, 16, 9), msk(2026, 3, 23, 9), 45),
])
def test_working_hours_by_hand(start, end, hours):
    assert CAL.working_seconds(start, end) == hours * H
    assert CAL.working_seconds(end, start) == -hours * H  # backwards is negative
    # the same instants given in UTC
    assert CAL.working_seconds(start.astimezone(UTC), end.astimezone(UTC)) == hours * H


def test_other_hours_weeks_and_offsets():
    six_days = Calendar(weekdays=frozenset({1, 2, 3, 4, 5, 6}), start=10 * 60, end=14 * 60)
    # Friday 13:00 to Monday 11:00: Friday 1 h, Saturday 4 h, Monday 1 h
    assert six_days.working_seconds(msk(2026, 3, 13, 13), msk(2026, 3, 16, 11)) == 6 * H
    # a shop in Yekaterinburg (UTC+5): 9:00 there is 7:00 in Moscow
    ekb = Calendar(utc_offset=300)
    assert ekb.working_seconds(msk(2026, 3, 16, 7), msk(2026, 3, 16, 8)) == 1 * H
    assert CAL.day_seconds == 9 * H


def test_working_days_after_a_due_date():
    assert CAL.working_days_between(date(2026, 12, 30), date(2027, 1, 11)) == 1  # only 11 January
    assert CAL.working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 1
    assert CAL.working_days_between(date(2026, 3, 16), date(2026, 3, 16)) == 0


def test_day_rows_are_the_running_total_the_sql_clock_reads():
    rows = CAL.day_rows(date(2026, 12, 30), date(2027, 1, 12))
    assert len(rows) == 14
    assert rows[0][1:] == (0, 9 * H, 18 * H, 0)  # Wednesday 30 December: nothing before, open 9 to 18
    assert rows[1][1:] == (9 * H, 0, 0, 0)  # 31 December: a day off
    assert rows[12][1:] == (9 * H, 9 * H, 18 * H, 0)  # 11 January: the second working day of the span
    assert rows[13][1] == 18 * H


BERLIN = Calendar(utc_offset=60, zone="Europe/Berlin")
CET, CEST = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))


def test_a_zone_with_summer_time_counts_by_its_clocks():
    # Friday 27 March 2026 17:00 CET to Monday 30 March 10:00 CEST (the clocks moved on Sunday the 29th):
    # Friday's last hour and Monday's first
    assert BERLIN.working_seconds(datetime(2026, 3, 27, 17, tzinfo=CET), datetime(2026, 3, 30, 10, tzinfo=CEST)) == 2 * H
    # a fixed +01:00 would read Monday 10:00 CEST as 9:00 and count one hour
    assert Calendar(utc_offset=60).working_seconds(datetime(2026, 3, 27, 17, tzinfo=CET),
                                                   datetime(2026, 3, 30, 10, tzinfo=CEST)) == 1 * H
    # a summer day: 9:00 to 18:00 CEST is the whole working day
    assert BERLIN.working_seconds(datetime(2026, 7, 1, 7, tzinfo=UTC), datetime(2026, 7, 1, 16, tzinfo=UTC)) == 9 * H
    assert BERLIN.local_day(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == date(2026, 7, 2)  # 00:30 CEST
    assert BERLIN.midnight(date(2026, 7, 1)) == datetime(2026, 6, 30, 22, tzinfo=UTC)
    assert BERLIN.midnight(date(2026, 1, 1)) == datetime(2025, 12, 31, 23, tzinfo=UTC)


def test_each_day_of_a_zone_carries_its_shift_from_the_standard_offset():
    rows = BERLIN.day_rows(date(2026, 3, 28), date(2026, 3, 30))
    assert [r[4] for r in rows] == [0, H, H]  # Saturday in winter time; Sunday the 29th and Monday in summer time
    assert [r[4] for r in BERLIN.day_rows(date(2026, 10, 24), date(2026, 10, 26))] == [H, 0, 0]
    assert {r[4] for r in CAL.day_rows(date(2026, 1, 1), date(2026, 12, 31))} == {0}  # Moscow keeps one time


def test_zone_offsets_name_the_standard_offset_and_the_summer_move():
    from boclerk.domain.worktime import zone_offsets

    assert zone_offsets("Europe/Berlin", 2026) == (60, 60)
    assert zone_offsets("Europe/Moscow", 2026) == (180, 0)
    assert zone_offsets("America/New_York", 2026) == (-300, 60)
    assert zone_offsets("Australia/Sydney", 2026) == (600, 60)  # summer in January
    for bad in ("Mars/Olympus", "../etc/passwd", ""):
        with pytest.raises(LookupError):
            zone_offsets(bad, 2026)
