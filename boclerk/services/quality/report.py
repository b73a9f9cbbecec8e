"""The service report: cycle times of the workflow steps, from the audit trail, in sets.

The steps are read from ``service_step``, kept from the audit trail with their working seconds
(:mod:`boclerk.services.quality.store`; the faces catch it up first with ``keep_up``).

For every step done in the period (:mod:`boclerk.services.quality.steps`): how many, the median
and the 90th percentile of the working time it took (hours for levels in hours, working days
for levels in days), and the share done within the service level; grouped by month, channel or
the person who did the step; beside it the months before the period, month by month, for the
trend; and the counts of rework. One SQL statement per figure set: the working clock is a join
(:mod:`boclerk.services.quality.clock`), the percentiles are window functions
(``ROW_NUMBER``/``COUNT`` over the step, interpolated between the two nearest ranks, as
``percentile_cont`` and Python's ``statistics.quantiles(method='inclusive')`` do).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, text

from boclerk.db.uow import UnitOfWork, core_only
from boclerk.domain.base import UTCDateTime
from boclerk.domain.permissions import Perm
from boclerk.domain.quality import HOURS, MEASURES
from boclerk.domain.worktime import Calendar
from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _
from boclerk.services.quality.clock import Clock, epoch
from boclerk.services.quality.settings import calendar, level_table
from boclerk.services.quality.store import kept_months, marks, new_steps_sql
from boclerk.services.quality.steps import LIVE, ORDER, REWORK, STEPS

BY = ("step", "month", "channel", "person")
#: what each grouping means, for a refusal that offers them
BY_WORDS = {"step": N_("by step"), "month": N_("by month"), "channel": N_("by channel"), "person": N_("by person")}
TREND_MONTHS = 3
#: the longest a bank line may wait and still be timed: its start must fall in the calendar's span
LOOKBACK_DAYS = 400


@dataclass(frozen=True)
class StepRow:
    step: str
    label: str
    key: str  # the group: a month (YYYY-MM), a channel, a person; "" for the whole period
    unit: str  # "hours" or "days" (working)
    count: int
    median: float
    p90: float
    within: int  # done within the service level
    level: int  # the general level, in ``unit``

    @property
    def share(self) -> float:
        return self.within / self.count if self.count else 0.0


@dataclass(frozen=True)
class Trend:
    step: str
    months: list[tuple[str, float | None]]  # (YYYY-MM, median) for the months before and of the period
    before: float | None  # the median of the months before the period
    now: float | None  # the median of the period


@dataclass(frozen=True)
class ServiceReport:
    start: date
    end: date
    by: str
    rows: list[StepRow]
    trends: list[Trend] = field(default_factory=list)
    rework: dict[str, int] = field(default_factory=dict)


def _bounds(cal: Calendar, first: date, last: date) -> tuple[datetime, datetime]:
    """The instants of local midnight before ``first`` and after ``last``."""
    return cal.midnight(first), cal.midnight(last + timedelta(days=1))


def _month_start(day: date, back: int) -> date:
    y, m = divmod(day.year * 12 + day.month - 1 - back, 12)
    return date(y, m + 1, 1)


def _timed_sql(uow: UnitOfWork, clock: Clock, levels: dict[tuple[str, str], int], group: str,
               cached: list[int] = ()) -> str:
    """The SQL of every step done in [lo, hi): (step, g, n, p50, p90, within), ``g`` the group's key.
    The kept steps (``service_step``, an index range on (step, ended)) and the steps the records
    tell (bank lines), timed here with the clock, as a histogram of working seconds; with the
    ``cached`` months' histograms (``service_month``, no ``within``: the trend's) instead of theirs."""
    cached = list(cached)
    skip = f" WHERE t.month NOT IN ({', '.join(str(m) for m in cached)})" if cached else ""
    dialect = uow.db.dialect
    day = clock.cal.day_seconds
    cases = []
    for (measure, channel), amount in levels.items():
        m = MEASURES[measure]
        if measure not in ORDER:
            continue
        secs = amount * 3600 if m.unit == HOURS else amount * day
        cond = f"t.step = '{measure}'" + (f" AND t.channel = '{channel}'" if channel else "")
        cases.append((0 if channel else 1, f"WHEN {cond} THEN {secs}"))
    level = "CASE " + " ".join(c for __, c in sorted(cases, key=lambda c: c[0])) + " END"
    live = " UNION ALL ".join(f"SELECT * FROM ({sql}) l_{name}" for name, sql in LIVE.items())
    s_e, e_e = epoch(dialect, "l.s_at"), epoch(dialect, "l.e_at")
    key = {"step": "''", "month": "t.month", "channel": "t.channel", "person": "t.person"}[group]
    return f"""
        WITH {clock.cte()},
        t AS (
            SELECT step, channel, person, secs, month FROM service_step
            WHERE step IN ({', '.join(f"'{s}'" for s in STEPS)}) AND ended >= :lo AND ended < :hi
            UNION ALL
            SELECT step, channel, person, secs, month FROM ({new_steps_sql(uow, clock)}) n
            WHERE n.ended >= :lo AND n.ended < :hi
            UNION ALL
            SELECT l.step, l.channel, l.person, {clock.reading('c2', e_e)} - {clock.reading('c1', s_e)}, c2.m
            FROM ({live}) l JOIN cal c1 ON c1.d = {clock.day_of(s_e)} JOIN cal c2 ON c2.d = {clock.day_of(e_e)}
            WHERE l.s_at IS NOT NULL AND l.s_at <= l.e_at),
        timed AS (SELECT t.step AS step, {key} AS g, t.secs AS secs, {level} AS lvl FROM t{skip}),
        live AS (SELECT step, g, secs, COUNT(*) AS c, SUM(CASE WHEN secs <= lvl THEN 1 ELSE 0 END) AS w
                 FROM timed GROUP BY step, g, secs),
        {_hist(cached, group)}
        ranked AS (
            SELECT step, g, secs, c, w, CAST(SUM(c) OVER (PARTITION BY step, g ORDER BY secs) AS BIGINT) AS cum,
                   CAST(SUM(c) OVER (PARTITION BY step, g) AS BIGINT) AS n
            FROM hist)
        SELECT step, g, MAX(n) AS n, {_rank(50)} AS p50, {_rank(90)} AS p90, SUM(w) AS within
        FROM ranked GROUP BY step, g"""


def _rank(q: int) -> str:
    """The ``q``-th percentile times 100 from a histogram (``cum`` the running count, ``c`` the
    bucket's): interpolated between the ranks (n - 1) * q / 100 and the next, as
    ``percentile_cont`` and ``statistics.quantiles(method='inclusive')`` do."""
    k, f = f"(n - 1) * {q} / 100", f"((n - 1) * {q} % 100)"
    return (f"SUM(CASE WHEN cum - c <= {k} AND {k} < cum THEN secs * (100 - {f}) ELSE 0 END) + "
            f"SUM(CASE WHEN cum - c <= {k} + 1 AND {k} + 1 < cum THEN secs * {f} ELSE 0 END)")


def _hist(cached: list[int], group: str) -> str:
    """``hist(step, g, secs, c, w)``: the live histogram, with the kept months' added."""
    if not cached:
        return "hist AS (SELECT * FROM live),"
    g = "month" if group == "month" else "''"
    months = ", ".join(str(m) for m in cached)
    return f"""hist AS (SELECT step, g, secs, SUM(c) AS c, SUM(w) AS w FROM (
            SELECT * FROM live UNION ALL
            SELECT step, {g} AS g, secs, n AS c, 0 AS w FROM service_month WHERE month IN ({months}) AND step <> '') x
            GROUP BY step, g, secs),"""


def _run(uow: UnitOfWork, sql: str, lo: datetime, hi: datetime):
    stmt = text(sql).bindparams(bindparam("lo", type_=UTCDateTime), bindparam("hi", type_=UTCDateTime))
    params = {"lo": lo, "hi": hi}
    if ":mark" in sql:  # the steps not kept yet are timed here, as they would be kept
        params["mark"], params["top"] = marks(uow)
    return uow.s.execute(stmt, params).all()


def check_request(start: date, end: date, by: str) -> str:
    """The grouping asked for, or InvalidInput (what a face checks before it keeps the steps)."""
    by = (by or "step").strip().lower()
    if by not in BY:
        from boclerk.domain.code_words import choices

        raise InvalidInput(_("Group the service report by {codes}.").format(codes=choices(BY, BY_WORDS)))
    if end < start:
        raise InvalidInput(_("The period ends before it starts."))
    if (end - start).days > 3660:
        raise InvalidInput(_("The service report covers at most ten years."))
    return by


@core_only
def service_report(uow: UnitOfWork, start: date, end: date, *, by: str = "step", trend: bool = True) -> ServiceReport:
    """Cycle times of the steps done from ``start`` to ``end`` (local days), grouped ``by``
    step alone, month, channel or person; with the months before for the trend, and rework."""
    uow.require(Perm.READ)
    by = check_request(start, end, by)
    cal = calendar(uow)
    levels = level_table(uow)
    first = _month_start(start, TREND_MONTHS) if trend else start
    clock = Clock(cal, uow.db.dialect, first - timedelta(days=LOOKBACK_DAYS), end + timedelta(days=1))
    day = cal.day_seconds or 1

    def scaled(measure: str, secs) -> float:
        return round(float(secs) / 100 / (3600 if MEASURES[measure].unit == HOURS else day), 2)

    lo, hi = _bounds(cal, start, end)
    rows = []
    for step, g, n, p50, p90, within in _run(uow, _timed_sql(uow, clock, levels, by), lo, hi):
        key = _month_key(g) if by == "month" else str(g or "")
        m = MEASURES[step]
        rows.append(StepRow(step, _(m.label), key, m.unit, int(n), scaled(step, p50), scaled(step, p90), int(within),
                            levels[(step, "")]))
    order = ORDER
    rows.sort(key=lambda r: (order.index(r.step), r.key))
    trends = []
    if trend:
        if by == "step":
            now = {r.step: r.median for r in rows}
        else:
            now = {step: scaled(step, p50) for step, _g, _n, p50, _p, _w
                   in _run(uow, _timed_sql(uow, clock, levels, "step"), lo, hi)}
        trends = _trends(uow, clock, levels, start, end, first, scaled, now)
    return ServiceReport(start, end, by, rows, trends, rework_counts(uow, lo, hi))


def _month_key(g) -> str:
    g = int(g)
    return f"{g // 100:04d}-{g % 100:02d}"


def trend_months(start: date, end: date) -> list[int]:
    """The whole months (yyyymm) of the trend of a period: those a kept histogram may stand for."""
    out, m = [], _month_start(start, TREND_MONTHS)
    while m <= end:
        after = _month_start(m, -1)
        if after - timedelta(days=1) <= end:
            out.append(m.year * 100 + m.month)
        m = after
    return out


def _trends(uow, clock, levels, start, end, first, scaled, now) -> list[Trend]:
    cal = clock.cal
    cached = kept_months(uow, trend_months(start, end))
    lo, hi = _bounds(cal, first, end)
    live_from = first  # the live steps from the first month with no kept histogram on
    while live_from <= end and live_from.year * 100 + live_from.month in cached:
        live_from = _month_start(live_from, -1)
    live_lo = _bounds(cal, live_from, end)[0] if live_from <= end else hi
    months: dict[str, dict[str, float]] = {}
    for step, g, _n, p50, _p90, _within in _run(uow, _timed_sql(uow, clock, levels, "month", cached), live_lo, hi):
        months.setdefault(step, {})[_month_key(g)] = scaled(step, p50)
    # the months before the period as one figure: from their histograms when they are all kept
    before_lo, before_hi = _bounds(cal, first, start - timedelta(days=1))
    before_months = [m for m in cached if m < start.year * 100 + start.month]
    if start.day == 1 and len(before_months) == TREND_MONTHS:
        sql, before_lo = _timed_sql(uow, clock, levels, "step", before_months), before_hi
    else:
        sql = _timed_sql(uow, clock, levels, "step")
    before = {step: scaled(step, p50) for step, _g, _n, p50, _p, _w in _run(uow, sql, before_lo, before_hi)}
    keys, m = [], first
    while m <= end:
        keys.append(f"{m.year:04d}-{m.month:02d}")
        m = _month_start(m, -1)
    out = []
    for step in ORDER:
        per = months.get(step, {})
        if not per and step not in before:
            continue
        out.append(Trend(step, [(k, per.get(k)) for k in keys], before.get(step), now.get(step)))
    return out


def rework_counts(uow: UnitOfWork, lo: datetime, hi: datetime) -> dict[str, int]:
    """What had to be done again or undone in [lo, hi): one pass over the window's audit events."""
    sums = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}" for name, cond in REWORK.items())
    actions = "'order.cancel', 'order.return', 'entry.reverse', 'bill.reject', 'doc.status'"
    row = _run(uow, f"SELECT {sums} FROM audit_event e WHERE e.at >= :lo AND e.at < :hi AND e.action IN ({actions})",
               lo, hi)[0]
    return {name: int(v or 0) for name, v in zip(REWORK, row, strict=True)}
