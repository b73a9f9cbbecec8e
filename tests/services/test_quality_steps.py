"""The workflow steps kept from the audit trail: caught up past the mark, timed again by a
calendar edit, compared with the audit trail by ``db check``; the report the same either way."""

from __future__ import annotations

import statistics
from datetime import date

from tests.services.test_quality import H, _small_shop, at, msk
from tests.services.trade_helpers import act, execute, read, sql

HOURS = {"fri_evening": 1, "monday": 1.5, "overnight": 4, "holiday": 1.25, "marketplace": 3}


def _confirm_row(db):
    from boclerk.services.quality.report import service_report

    report = read(db, "viewer", service_report, date(2026, 3, 1), date(2026, 3, 31))
    return next(r for r in report.rows if r.step == "order_confirm")


def _kept(db) -> dict[str, int]:
    rows = sql(db, "SELECT record, secs FROM service_step WHERE step = 'order_confirm'")
    return {record: secs for record, secs in rows}


def test_new_acts_are_caught_up_and_the_report_is_the_same_before_and_after(db):
    from boclerk.services.quality.store import catch_up, pending
    from boclerk.services.sales.orders import confirm_order
    from tests.services.trade_helpers import order

    made = _small_shop(db)
    assert _kept(db) == {} and read(db, "viewer", pending) is True
    live = _confirm_row(db)  # nothing kept yet: the report times the new events itself
    assert act(db, "viewer", catch_up) == 5
    assert read(db, "viewer", pending) is False
    assert _kept(db) == {made[k]: int(v * H) for k, v in HOURS.items()}
    assert _confirm_row(db) == live and live.median == statistics.median(HOURS.values())
    # a new act: the report counts it before it is kept, and the same after
    at(db, msk(2026, 3, 19, 9))
    late = order(db, "ANNA", ("MUG", 1))
    at(db, msk(2026, 3, 19, 17))
    act(db, "clerk", confirm_order, late)
    hours = [*HOURS.values(), 8]
    before = _confirm_row(db)
    assert (before.count, before.median) == (6, round(statistics.median(hours), 2))
    assert act(db, "viewer", catch_up) == 1 and act(db, "viewer", catch_up) == 0
    assert _kept(db)[late] == 8 * H
    assert _confirm_row(db) == before


def test_a_calendar_edit_times_the_kept_steps_again(db):
    from boclerk.services.quality.settings import remove_day, set_day, set_hours
    from boclerk.services.quality.store import catch_up

    made = _small_shop(db)
    act(db, "viewer", catch_up)
    # Monday 16 March a day off: Friday 19:00 -> Monday 10:00 took nothing, Monday 9:30 -> 11:00 nothing
    act(db, "admin", set_day, date(2026, 3, 16), working=False, name="Stocktake day")
    kept = _kept(db)
    assert kept[made["fri_evening"]] == 0 and kept[made["monday"]] == 0 and kept[made["overnight"]] == 4 * H
    hours = [0, 0, 4, 1.25, 3]
    assert _confirm_row(db).median == statistics.median(hours) == 1.25
    act(db, "admin", remove_day, date(2026, 3, 16))
    assert _kept(db) == {made[k]: int(v * H) for k, v in HOURS.items()}
    # Monday 16 March shortened to 30 minutes: the order of 9:30 waited until 10:00 closed it
    act(db, "admin", set_day, date(2026, 3, 16), working=True, name="Short", minutes=30)
    assert _kept(db)[made["monday"]] == 0 and _kept(db)[made["fri_evening"]] == 30 * 60
    # hours from 10:00: the overnight order (Tue 17:00 -> Wed 12:00) waited 1 + 2 hours
    act(db, "admin", remove_day, date(2026, 3, 16))
    act(db, "admin", set_hours, start=600, end=1080)
    assert _kept(db)[made["overnight"]] == 3 * H
    assert _confirm_row(db).median == read_median(db)


def read_median(db) -> float:
    """The median straight from the audit trail (nothing kept), for comparison."""
    from boclerk.services.quality.store import rebuild

    execute(db, "DELETE FROM service_step")
    execute(db, "UPDATE service_mark SET audit_id = 0")
    fresh = _confirm_row(db).median
    act(db, "viewer", rebuild)
    return fresh


def test_db_check_names_a_kept_step_that_drifted(db):
    from boclerk.services.quality.store import catch_up, check_steps

    made = _small_shop(db)
    act(db, "viewer", catch_up)
    assert read(db, "admin", check_steps) == []
    execute(db, "UPDATE service_step SET secs = secs + 60 WHERE record = :r", r=made["overnight"])
    problems = read(db, "admin", check_steps)
    assert len(problems) == 1 and made["overnight"] in problems[0] and "14400" in problems[0]
    execute(db, "DELETE FROM service_step WHERE record = :r", r=made["monday"])
    problems = read(db, "admin", check_steps)
    assert problems[0].startswith("2 kept workflow steps differ")
    from boclerk.services.platform.checks import run_checks

    report = run_checks(db, "admin")
    assert [v.invariant for v in report.violations] == ["the kept workflow steps equal the audit trail"]


def test_the_day_before_a_holiday_is_an_hour_shorter(db):
    from boclerk.services.quality.settings import calendar

    cal = read(db, "viewer", calendar)
    assert cal.seconds_of(date(2026, 4, 30)) == 8 * H and cal.seconds_of(date(2026, 4, 29)) == 9 * H
    # 30 April 16:00 -> 4 May 10:00: one hour before 17:00 on the eve, 1 May a holiday, one hour on Monday
    assert cal.working_seconds(msk(2026, 4, 30, 16), msk(2026, 5, 4, 10)) == 2 * H
    assert cal.working_seconds(msk(2026, 4, 30, 17, 30), msk(2026, 4, 30, 18)) == 0


def test_the_trend_reads_kept_month_histograms_with_the_same_figures(db):
    from boclerk.services.quality.report import service_report, trend_months
    from boclerk.services.quality.store import catch_up, keep_months

    _small_shop(db)
    act(db, "viewer", catch_up)
    at(db, msk(2026, 5, 10, 10))
    months = trend_months(date(2026, 4, 1), date(2026, 4, 30))
    assert months == [202601, 202602, 202603, 202604]
    live = read(db, "viewer", service_report, date(2026, 4, 1), date(2026, 4, 30))
    assert act(db, "viewer", keep_months, months) == 4 and act(db, "viewer", keep_months, months) == 0
    assert sql(db, "SELECT month, step, secs, n FROM service_month WHERE secs = :s AND step <> ''", s=4 * H) == [
        (202603, "order_confirm", 4 * H, 1)]
    kept = read(db, "viewer", service_report, date(2026, 4, 1), date(2026, 4, 30))
    assert kept == live
    trend = next(t for t in kept.trends if t.step == "order_confirm")
    assert trend.months == [("2026-01", None), ("2026-02", None), ("2026-03", 1.5), ("2026-04", None)]
    assert trend.before == 1.5 and trend.now is None
    # a month's histogram is forgotten when a calendar edit times its steps again
    from boclerk.services.quality.settings import set_day

    act(db, "admin", set_day, date(2026, 3, 16), working=False)
    assert sql(db, "SELECT COUNT(*) FROM service_month") == [(0,)]
    trend = next(t for t in read(db, "viewer", service_report, date(2026, 4, 1), date(2026, 4, 30)).trends
                 if t.step == "order_confirm")
    assert trend.before == 1.25
