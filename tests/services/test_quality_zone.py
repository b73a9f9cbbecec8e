"""A shop whose clocks change (Europe/Berlin): the working calendar in a named zone. The Python
arithmetic and the SQL clock agree across the changes of summer time, the report's days and the
queues' times are the zone's, and the admin's edits are checked."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from boclerk.errors import InvalidInput
from tests.services.test_quality import sql_working_seconds
from tests.services.trade_helpers import act, order, read, shop, sql

H = 3600
CET, CEST = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))


def at(db, moment: datetime) -> None:
    db.clock = lambda: moment.astimezone(UTC)


def berlin(db):
    from boclerk.services.quality.settings import set_hours

    return act(db, "admin", set_hours, zone="Europe/Berlin")


def test_the_sql_clock_agrees_with_the_python_arithmetic_across_summer_time(db):
    """Random pairs of instants over a year and a half (three changes of the clocks each way),
    with more of them in the hours around each change."""
    from boclerk.services.quality.clock import Clock

    cal = berlin(db)
    assert (cal.zone, cal.utc_offset) == ("Europe/Berlin", 60)
    rng = random.Random(29)
    base = datetime(2025, 12, 1, tzinfo=UTC)
    changes = [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC),
               datetime(2027, 3, 28, 1, tzinfo=UTC)]
    pairs = []
    for i in range(400):
        if i % 2:
            a = base + timedelta(seconds=rng.randrange(0, 480 * 86400))
        else:
            a = rng.choice(changes) + timedelta(seconds=rng.randrange(-2 * 86400, 2 * 86400))
        b = a + timedelta(seconds=rng.randrange(0, 20 * 86400))
        pairs.append((a, b))
    with db.read("viewer") as uow:
        clock = Clock(cal, uow.db.dialect, date(2025, 11, 1), date(2027, 5, 1))
        got = sql_working_seconds(uow, clock, pairs)
        for a, _b in pairs[:40]:  # the clock of one instant, both ways
            assert clock.at(a) == cal.working_seconds(cal.midnight(date(2025, 11, 1)), a)
    assert got == {i: cal.working_seconds(a, b) for i, (a, b) in enumerate(pairs)}
    # a summer morning is read by the summer clock: 9:00 CEST to 10:00 CEST is one working hour
    assert cal.working_seconds(datetime(2026, 7, 1, 9, tzinfo=CEST), datetime(2026, 7, 1, 10, tzinfo=CEST)) == H


def test_the_report_and_the_queues_read_the_zones_days_and_times(db):
    from boclerk.services.quality.queues import queue
    from boclerk.services.quality.report import service_report
    from boclerk.services.sales.orders import confirm_order

    at(db, datetime(2026, 7, 1, 10, tzinfo=CEST))
    shop(db)
    berlin(db)
    at(db, datetime(2026, 7, 31, 17, tzinfo=CEST))
    number = order(db, "ANNA", ("MUG", 1))
    at(db, datetime(2026, 8, 1, 0, 30, tzinfo=CEST))  # 31 July 23:30 at the standard offset, 1 August in Berlin
    act(db, "clerk", confirm_order, number)
    july = read(db, "viewer", service_report, date(2026, 7, 1), date(2026, 7, 31), trend=False)
    august = read(db, "viewer", service_report, date(2026, 8, 1), date(2026, 8, 31), trend=False)
    assert [r.count for r in july.rows if r.step == "order_confirm"] in ([], [0])
    assert [(r.count, r.median) for r in august.rows if r.step == "order_confirm"] == [(1, 1.0)]  # 17:00-18:00
    # a queue names when an order came in, in the shop's time: summer and winter offsets
    at(db, datetime(2026, 7, 1, 9, tzinfo=CEST))
    summer = order(db, "ANNA", ("MUG", 1))
    at(db, datetime(2026, 12, 1, 9, tzinfo=CET))
    winter = order(db, "ANNA", ("MUG", 1))
    since = {i.number: i.since for i in read(db, "viewer", queue, "to_confirm").items}
    assert since[summer] == "2026-07-01T09:00:00+02:00" and since[winter] == "2026-12-01T09:00:00+01:00"


def test_the_admin_sets_a_zone_or_an_offset_and_each_edit_is_checked(db):
    from boclerk.services.quality.settings import calendar, set_hours

    with pytest.raises(InvalidInput, match=r"^'Mars/Olympus' is not a time zone boclerk knows"):
        act(db, "admin", set_hours, zone="Mars/Olympus")
    with pytest.raises(InvalidInput, match="not both"):
        act(db, "admin", set_hours, zone="Europe/Berlin", utc_offset=60)
    with pytest.raises(InvalidInput, match=r"In Europe/Berlin the clocks move 60 minutes in summer, so the working "
                                           r"day starts at 01:00 or later\."):
        act(db, "admin", set_hours, zone="Europe/Berlin", start=0, end=1440)
    assert read(db, "viewer", calendar).zone == ""  # nothing of the refused edits was kept
    berlin(db)
    with pytest.raises(InvalidInput, match="starts at 01:00 or later"):
        act(db, "admin", set_hours, start=30)
    cal = act(db, "admin", set_hours, start=60, end=1440)  # a shop open round the clock but the first hour
    assert (cal.zone, cal.start, cal.end) == ("Europe/Berlin", 60, 1440)
    cal = act(db, "admin", set_hours, zone="Europe/Moscow", start=0)  # no summer time: midnight is fine
    assert (cal.zone, cal.utc_offset, cal.start) == ("Europe/Moscow", 180, 0)
    cal = act(db, "admin", set_hours, utc_offset=300)  # an offset again: the zone is dropped
    assert (cal.zone, cal.utc_offset) == ("", 300)
    afters = [r[0] for r in sql(db, "SELECT after FROM audit_event WHERE entity = 'work_calendar' ORDER BY id")]
    assert len(afters) == 4 and "Europe/Berlin" in afters[0] and '"zone": ""' in afters[-1]
