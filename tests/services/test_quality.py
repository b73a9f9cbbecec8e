"""Service levels, queues with ages and the service report, on a small shop whose every act
happens at a known instant, checked against medians computed here by hand."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from boclerk.errors import InvalidInput, NotFound, NotPermitted
from tests.services.trade_helpers import act, confirmed, order, read, shop, sql

MSK = timezone(timedelta(hours=3))
H = 3600
DAY = 9 * H  # one working day: 9:00 to 18:00


def msk(y, mo, d, h, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=MSK)


def at(db, moment: datetime) -> None:
    db.clock = lambda: moment.astimezone(UTC)


def test_the_seeded_calendar_has_the_production_calendar(db):
    from boclerk.services.quality.settings import calendar, calendar_days

    days = {d.day: d.working for d in read(db, "viewer", calendar_days, 2026)}
    assert days[date(2026, 1, 9)] is False and days[date(2026, 12, 31)] is False and days[date(2026, 3, 9)] is False
    assert read(db, "viewer", calendar_days, 2025)[0].day == date(2025, 1, 1)
    worked = [d.day for d in read(db, "viewer", calendar_days) if d.working and d.minutes is None]
    assert worked == [date(2025, 11, 1), date(2027, 2, 20)]
    # the working day before a public holiday is an hour shorter (8 hours of the usual 9)
    short = {d.day: d.minutes for d in read(db, "viewer", calendar_days, 2026) if d.minutes is not None}
    assert short == {date(2026, 4, 30): 480, date(2026, 5, 8): 480, date(2026, 6, 11): 480, date(2026, 11, 3): 480}
    cal = read(db, "viewer", calendar)
    assert (cal.start, cal.end, cal.utc_offset, cal.weekdays) == (540, 1080, 180, frozenset({1, 2, 3, 4, 5}))


def _small_shop(db) -> dict[str, str]:
    """Orders confirmed at known instants (hours of working time written beside each)."""
    at(db, msk(2026, 3, 2, 10))
    shop(db)
    made = {}
    for name, came, conf in (
        ("fri_evening", msk(2026, 3, 13, 19), msk(2026, 3, 16, 10)),  # 1 h
        ("monday", msk(2026, 3, 16, 9, 30), msk(2026, 3, 16, 11)),  # 1.5 h
        ("overnight", msk(2026, 3, 17, 17), msk(2026, 3, 18, 12)),  # 4 h
        ("holiday", msk(2026, 3, 6, 17, 30), msk(2026, 3, 10, 9, 45)),  # 1.25 h (9 March a day off)
        ("marketplace", msk(2026, 3, 18, 9), msk(2026, 3, 18, 12)),  # 3 h, its level 2 h
    ):
        at(db, came)
        number = order(db, "ANNA", ("MUG", 1), channel="marketplace" if name == "marketplace" else "website")
        at(db, conf)
        from boclerk.services.sales.orders import confirm_order

        act(db, "clerk" if name != "monday" else "admin", confirm_order, number)
        made[name] = number
    return made


def test_the_reports_medians_are_the_hand_computed_ones(db):
    from boclerk.services.quality.report import service_report

    _small_shop(db)
    report = read(db, "viewer", service_report, date(2026, 3, 1), date(2026, 3, 31))
    hours = [1, 1.5, 4, 1.25, 3]  # by hand, above
    row = next(r for r in report.rows if r.step == "order_confirm")
    assert (row.count, row.unit) == (5, "hours")
    assert row.median == round(statistics.median(hours), 2) == 1.5
    assert row.p90 == round(statistics.quantiles(hours, n=10, method="inclusive")[-1], 2) == 3.6
    assert row.within == 4  # the marketplace order took 3 h against its 2 h; 4 h meets the 4 h level

    by_person = read(db, "viewer", service_report, date(2026, 3, 1), date(2026, 3, 31), by="person")
    anna = next(r for r in by_person.rows if r.step == "order_confirm" and r.key == "clerk")
    assert anna.count == 4 and anna.median == round(statistics.median([1, 4, 1.25, 3]), 2)
    by_channel = read(db, "viewer", service_report, date(2026, 3, 1), date(2026, 3, 31), by="channel")
    web = next(r for r in by_channel.rows if r.step == "order_confirm" and r.key == "website")
    assert web.median == round(statistics.median([1, 1.5, 4, 1.25]), 2)
    # the trend: nothing in the months before, March's own median now
    trend = next(t for t in report.trends if t.step == "order_confirm")
    assert trend.months[-1] == ("2026-03", 1.5) and trend.before is None and trend.now == 1.5
    # a period without the steps has none
    assert read(db, "viewer", service_report, date(2026, 4, 1), date(2026, 4, 30)).rows == []


def test_shipping_is_timed_from_payment_when_paid_after_confirmation_across_new_year(db):
    from boclerk.services.quality.report import service_report
    from boclerk.services.sales.orders import confirm_order, pay_order
    from boclerk.services.sales.shipping import ship_order

    at(db, msk(2026, 12, 1, 10))
    shop(db)
    at(db, msk(2026, 12, 28, 9))
    paid_later = order(db, "ANNA", ("MUG", 1))
    new_year = order(db, "BORIS", ("LAMP", 1))
    at(db, msk(2026, 12, 28, 10))
    act(db, "clerk", confirm_order, paid_later)
    at(db, msk(2026, 12, 28, 15))
    act(db, "clerk", pay_order, paid_later, 120000)
    at(db, msk(2026, 12, 29, 15))  # 3 h on the 28th after payment, 6 h on the 29th: one working day
    act(db, "clerk", ship_order, paid_later)
    at(db, msk(2026, 12, 30, 17))
    act(db, "clerk", confirm_order, new_year)
    at(db, msk(2027, 1, 11, 10))  # 1 h on 30 December, 1 h on 11 January: 2/9 of a working day
    act(db, "clerk", ship_order, new_year)
    report = read(db, "viewer", service_report, date(2026, 12, 1), date(2027, 1, 31))
    row = next(r for r in report.rows if r.step == "order_ship")
    days = [1, 2 / 9]
    assert (row.count, row.unit) == (2, "days")
    assert row.median == round(statistics.median(days), 2) == 0.61
    assert row.within == 2
    by_month = read(db, "viewer", service_report, date(2026, 12, 1), date(2027, 1, 31), by="month")
    assert {(r.key, r.median) for r in by_month.rows if r.step == "order_ship"} == {("2026-12", 1), ("2027-01", 0.22)}


def sql_working_seconds(uow, clock, pairs: list[tuple[datetime, datetime]]) -> dict[int, int]:
    """The SQL clock's working seconds between each pair of instants, by the pair's index."""
    from sqlalchemy import text

    from boclerk.services.quality.clock import epoch

    values = ", ".join(f"({i}, {int(a.timestamp())}, {int(b.timestamp())})" for i, (a, b) in enumerate(pairs))
    d = uow.db.dialect
    # the clock reads timestamps; make them from the epoch seconds the way each backend can
    stamp = ("to_timestamp({})" if d == "postgresql" else "datetime({}, 'unixepoch')")
    return {i: int(v) for i, v in uow.s.execute(text(f"""
        WITH {clock.cte()}, p(i, a, b) AS (VALUES {values}),
        q AS (SELECT i, {stamp.format('a')} AS a_at, {stamp.format('b')} AS b_at FROM p)
        SELECT q.i, {clock.reading('c2', epoch(d, 'q.b_at'))} - {clock.reading('c1', epoch(d, 'q.a_at'))}
        FROM q JOIN cal c1 ON c1.d = {clock.day_of(epoch(d, 'q.a_at'))}
               JOIN cal c2 ON c2.d = {clock.day_of(epoch(d, 'q.b_at'))}""")).all()}


def test_the_sql_clock_agrees_with_the_python_arithmetic(db):
    """Random pairs of instants over a year and a half, computed both ways."""
    from boclerk.services.quality.clock import Clock
    from boclerk.services.quality.settings import calendar

    rng = random.Random(20)
    base = datetime(2025, 12, 1, tzinfo=UTC)
    pairs = []
    for _ in range(300):
        a = base + timedelta(seconds=rng.randrange(0, 480 * 86400))
        b = a + timedelta(seconds=rng.randrange(0, 20 * 86400))
        pairs.append((a, b))
    with db.read("viewer") as uow:
        cal = calendar(uow)
        got = sql_working_seconds(uow, Clock(cal, uow.db.dialect, date(2025, 11, 1), date(2027, 5, 1)), pairs)
    want = {i: cal.working_seconds(a, b) for i, (a, b) in enumerate(pairs)}
    assert got == want
    assert any(v == 0 for v in want.values()) and max(want.values()) > 5 * DAY  # the cases vary


def test_queues_name_what_is_late_oldest_first(db):
    from boclerk.services.quality.queues import queue, queues

    made = _small_shop(db)
    at(db, msk(2026, 3, 18, 14))
    a = order(db, "ANNA", ("MUG", 1))  # waits since Wednesday 14:00
    at(db, msk(2026, 3, 19, 9))
    b = order(db, "BORIS", ("LAMP", 1), channel="marketplace")  # since Thursday 9:00, level 2 h
    at(db, msk(2026, 3, 19, 12))  # Thursday noon: a waited 4 + 3 = 7 h, b 3 h
    view = read(db, "viewer", queue, "to_confirm")
    assert [(i.number, i.age, i.level, i.late) for i in view.items] == [(a, 7, 4, True), (b, 3, 2, True)]
    assert (view.total, view.late) == (2, 2)
    assert view.items[0].since == "2026-03-18T14:00:00+03:00"  # in the shop's time
    at(db, msk(2026, 3, 19, 10))  # an hour after b came in: a is late, b is not
    view = read(db, "viewer", queue, "to_confirm")
    assert [(i.number, i.late) for i in view.items] == [(a, True), (b, False)] and view.late == 1
    assert [i.number for i in read(db, "viewer", queue, "to-confirm", late_only=True).items] == [a]
    # the confirmed orders wait to be shipped, timed from their confirmation
    ship = read(db, "viewer", queue, "to_ship")
    assert ship.items[0].number == made["holiday"] and ship.total == 5
    # 10 March 9:45 to 19 March 10:00: 8.25 h, six whole days (a weekend between), 1 h
    assert ship.items[0].age == round((8.25 + 6 * 9 + 1) * H / DAY, 2) == 7.03
    names = [v.name for v in read(db, "viewer", queues)]
    assert names == ["to_confirm", "to_ship", "backorders", "po_awaiting", "bills_held", "bank_lines", "inbox",
                     "requests", "maintenance"]
    with pytest.raises(InvalidInput, match="There is no queue 'nope'"):
        read(db, "viewer", queue, "nope")


def test_service_levels_are_settings_by_channel_and_audited(db):
    from boclerk.services.quality.queues import queue
    from boclerk.services.quality.settings import levels, set_level

    _small_shop(db)
    before = {(lv.measure, lv.channel): lv.amount for lv in read(db, "viewer", levels)}
    assert before[("order_confirm", "")] == 4 and before[("order_confirm", "marketplace")] == 2
    act(db, "admin", set_level, "order_confirm", 8)
    act(db, "admin", set_level, "order-confirm", 1, channel="phone")
    now = {(lv.measure, lv.channel): (lv.amount, lv.default) for lv in read(db, "viewer", levels)}
    assert now[("order_confirm", "")] == (8, False) and now[("order_confirm", "phone")] == (1, False)
    assert now[("order_confirm", "marketplace")] == (2, True)  # its own default still holds
    assert sql(db, "SELECT before, after FROM audit_event WHERE action = 'quality.level' ORDER BY id")[0] == (
        '{"amount": 4, "unit": "hours"}', '{"amount": 8, "unit": "hours"}')
    at(db, msk(2026, 3, 19, 9))
    late = order(db, "ANNA", ("MUG", 1))
    at(db, msk(2026, 3, 19, 14))  # 5 h: late against 4, not against 8
    assert read(db, "viewer", queue, "to_confirm").items[0].number == late
    assert read(db, "viewer", queue, "to_confirm").late == 0
    with pytest.raises(NotPermitted):
        act(db, "clerk", set_level, "order_confirm", 2)
    for args, kwargs, words in (
        (("nope", 2), {}, "There is no service level 'nope'"),
        (("order_confirm", 0), {}, "can never be met"),
        (("order_confirm", 2), {"channel": "moon"}, "There is no channel 'moon'"),
        (("bill_approve", 2), {"channel": "phone"}, "the same for every channel"),
    ):
        with pytest.raises(InvalidInput, match=words):
            act(db, "admin", set_level, *args, **kwargs)


def test_the_admin_edits_the_calendar(db):
    from boclerk.services.quality.settings import (
        calendar,
        calendar_days,
        fill_year,
        remove_day,
        set_day,
        set_hours,
    )

    act(db, "admin", set_day, date(2026, 3, 16), working=False, name="Stocktake day")
    assert read(db, "viewer", calendar).working(date(2026, 3, 16)) is False
    act(db, "admin", set_day, date(2026, 3, 21), working=True, name="Saturday worked")
    act(db, "admin", remove_day, date(2026, 3, 16))
    cal = read(db, "viewer", calendar)
    assert cal.working(date(2026, 3, 16)) and cal.working(date(2026, 3, 21))
    with pytest.raises(NotFound):
        act(db, "admin", remove_day, date(2026, 3, 17))
    cal = act(db, "admin", set_hours, weekdays="123456", start=600, end=1140)
    assert (cal.start, cal.end, cal.weekdays) == (600, 1140, frozenset(range(1, 7)))
    with pytest.raises(InvalidInput, match="start before they end"):
        act(db, "admin", set_hours, start=600, end=500)
    with pytest.raises(InvalidInput, match="digits 1"):
        act(db, "admin", set_hours, weekdays="89")
    with pytest.raises(NotPermitted):
        act(db, "clerk", set_day, date(2026, 3, 16), working=False)
    assert act(db, "admin", fill_year, 2028) > 10
    assert date(2028, 1, 1) in {d.day for d in read(db, "viewer", calendar_days, 2028)}
    assert act(db, "admin", fill_year, 2028) == 0  # what is there is kept
    actions = [r[0] for r in sql(db, "SELECT entity FROM audit_event WHERE action = 'quality.calendar' ORDER BY id")]
    assert actions == ["calendar_day", "calendar_day", "calendar_day", "work_calendar", "calendar_day"]


def test_rework_is_counted(db):
    from boclerk.services.quality.report import service_report
    from boclerk.services.sales.orders import cancel_order

    _small_shop(db)
    at(db, msk(2026, 3, 20, 10))
    number = confirmed(db, "ANNA", ("MUG", 1))
    act(db, "clerk", cancel_order, number)
    act(db, "clerk", cancel_order, order(db, "ANNA", ("MUG", 1)))  # a draft cancelled is not rework
    report = read(db, "viewer", service_report, date(2026, 3, 1), date(2026, 3, 31))
    assert report.rework["orders_cancelled_after_confirmation"] == 1
    assert report.rework["returns"] == 0
    with pytest.raises(InvalidInput, match=r"^Group the service report by step, month, channel or person\.$"):
        read(db, "viewer", service_report, date(2026, 3, 1), date(2026, 3, 31), by="colour")
    with pytest.raises(InvalidInput, match="ends before it starts"):
        read(db, "viewer", service_report, date(2026, 3, 31), date(2026, 3, 1))
