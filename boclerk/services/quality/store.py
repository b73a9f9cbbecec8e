"""The workflow steps kept in ``service_step``: caught up from the audit trail past a mark.

Audit event ids are committed in the order they are given (on PostgreSQL because a unit takes
its ids only after locking the audit chain's head, which it holds until it commits:
tests/db/test_audit_ids_in_order.py), so the steps ended by the events after
``service_mark.audit_id`` are the new ones: one ``INSERT ... SELECT`` (:func:`catch_up`) times them with the working clock and
moves the mark, when the service report or a queue is asked for (the faces call
:func:`keep_up` first) or by ``boclerk service steps``. The acts themselves are not touched.
A calendar edit times the kept steps again (:func:`retime`, in the edit's own unit of work);
levels are applied when the report reads, so a level edit needs nothing. ``db check`` compares
the kept steps with the audit trail (:func:`check_steps`).

A step whose start lies more than :data:`LOOKBACK_DAYS` before its end is not timed (as before
the steps were kept).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork, core_only
from boclerk.domain.base import UTCDateTime
from boclerk.i18n import _, ngettext
from boclerk.services.quality.clock import Clock, epoch
from boclerk.services.quality.workcal import calendar
from boclerk.services.quality.steps import BY_ID, step_sql

LOOKBACK_DAYS = 400
COLUMNS = "event_id, step, record, channel, person, started, ended, secs, month"


def _local_day(at, cal) -> date:
    """The shop's day of an instant as the database returns it (a datetime, or text on SQLite)."""
    if not isinstance(at, datetime):
        at = UTCDateTime().process_result_value(datetime.fromisoformat(str(at)), None)
    return cal.local_day(at if at.tzinfo else at.replace(tzinfo=UTC))


def mark(uow: UnitOfWork) -> int:
    return int(uow.s.execute(text("SELECT audit_id FROM service_mark WHERE name = 'steps'")).scalar() or 0)


def marks(uow: UnitOfWork) -> tuple[int, int]:
    """The mark and the highest audit event id (one look at each primary key)."""
    top = uow.s.execute(text("SELECT MAX(id) FROM audit_event")).scalar()
    return mark(uow), int(top or 0)


@core_only
def pending(uow: UnitOfWork) -> bool:
    """Whether the audit trail has events past the mark."""
    kept, top = marks(uow)
    return top > kept


def _timed(clock: Clock, dialect: str, source: str) -> str:
    """``source`` (rows event_id, record, step, channel, person, s_at, e_at) timed: the kept columns."""
    s_e, e_e = epoch(dialect, "t.s_at"), epoch(dialect, "t.e_at")
    return f"""
        SELECT t.event_id AS event_id, t.step AS step, t.record AS record, COALESCE(t.channel, '') AS channel,
               t.person AS person, t.s_at AS started, t.e_at AS ended,
               {clock.reading('c2', e_e)} - {clock.reading('c1', s_e)} AS secs, c2.m AS month
        FROM ({source}) t JOIN cal c1 ON c1.d = {clock.day_of(s_e)} JOIN cal c2 ON c2.d = {clock.day_of(e_e)}
        WHERE t.s_at IS NOT NULL AND t.s_at <= t.e_at"""


def _span(uow: UnitOfWork, where: str, params: dict) -> tuple[date, date] | None:
    row = uow.s.execute(text(f"SELECT MIN(at), MAX(at) FROM audit_event e WHERE {where}"), params).first()
    if row is None or row[0] is None:
        return None
    cal = calendar(uow)
    return (_local_day(row[0], cal) - timedelta(days=LOOKBACK_DAYS),
            _local_day(row[1], cal) + timedelta(days=1))


def new_steps_sql(uow: UnitOfWork, clock: Clock) -> str:
    """The steps ended by the audit events in (:mark, :top], timed: the columns of ``service_step``."""
    # the new events by their id (the primary key), not every event of one action or record through
    # the other indexes: ``|| ''`` keeps the planner from those
    source = step_sql(BY_ID).replace("e.action =", "e.action || '' =").replace("e.action IN", "e.action || '' IN")
    source = source.replace("e.entity =", "e.entity || '' =")
    return _timed(clock, uow.db.dialect, source)


def catch_up(uow: UnitOfWork) -> int:
    """Keep the steps ended by the audit events past the mark; move the mark. Returns how many."""
    before = mark(uow)
    top = uow.s.execute(text("SELECT MAX(id) FROM audit_event")).scalar()
    if top is None or int(top) <= before:
        return 0
    params = {"mark": before, "top": int(top)}
    span = _span(uow, "e.id > :mark AND e.id <= :top", params)
    added = 0
    if span is not None:
        clock = Clock(calendar(uow), uow.db.dialect, *span)
        uow.s.execute(text(f"WITH {clock.cte()} INSERT INTO service_step ({COLUMNS}) {new_steps_sql(uow, clock)}"),
                      params)
        # (a statement that begins WITH gives no row count on SQLite)
        added = uow.s.execute(text("SELECT COUNT(*) FROM service_step WHERE event_id > :mark"), params).scalar()
        # a month that got steps now is not the one its histogram counted
        uow.s.execute(text("DELETE FROM service_month WHERE month IN "
                           "(SELECT DISTINCT month FROM service_step WHERE event_id > :mark)"), params)
    uow.s.execute(text("UPDATE service_mark SET audit_id = :top WHERE name = 'steps'"), {"top": int(top)})
    return int(added)


def missing_months(uow: UnitOfWork, months: list[int]) -> list[int]:
    """Of ``months`` (yyyymm), the closed ones (before this month in the shop's time) with no histogram."""
    cal = calendar(uow)
    now = _local_day(uow.now, cal)
    closed = [m for m in months if m < now.year * 100 + now.month]
    if not closed:
        return []
    have = {int(m) for m, in uow.s.execute(text(
        f"SELECT DISTINCT month FROM service_month WHERE month IN ({', '.join(str(m) for m in closed)})"))}
    return [m for m in closed if m not in have]


def kept_months(uow: UnitOfWork, months: list[int]) -> list[int]:
    """Of ``months``, those whose histogram is kept (and so whole: nothing past the mark ends in them)."""
    if not months:
        return []
    return sorted(int(m) for m, in uow.s.execute(text(
        f"SELECT DISTINCT month FROM service_month WHERE month IN ({', '.join(str(m) for m in months)})")))


def keep_months(uow: UnitOfWork, months: list[int]) -> int:
    """Make the histograms of the closed ``months`` that have none (one INSERT ... SELECT)."""
    missing = missing_months(uow, months)
    if not missing:
        return 0
    uow.s.execute(text(f"""
        INSERT INTO service_month (month, step, secs, n)
        SELECT month, step, secs, COUNT(*) FROM service_step WHERE month IN ({', '.join(str(m) for m in missing)})
        GROUP BY month, step, secs"""))
    # a row of no step says the month is kept even when nothing was done in it
    uow.s.execute(text("INSERT INTO service_month (month, step, secs, n) VALUES (:m, '', 0, 0)"),
                  [{"m": m} for m in missing])
    return len(missing)


@core_only
def needs_keeping(uow: UnitOfWork, months: list[int] = ()) -> bool:
    """Whether there are new audit events, or closed ``months`` with no histogram (plain SQL)."""
    return pending(uow) or bool(missing_months(uow, list(months)))


def keep(uow: UnitOfWork, months: list[int] = ()) -> int:
    """Catch the steps up and make the histograms of the closed ``months``; how many steps were added."""
    added = catch_up(uow)
    keep_months(uow, list(months))
    return added


def keep_up(db, actor: str | None, months: list[int] = ()) -> int:
    """Catch the steps up, and make the histograms of the closed ``months`` the report will read,
    in a unit of work of their own when there is anything to do (a read first, so that a report
    with nothing new takes no write turn)."""
    months = list(months)
    if not db.run(actor, needs_keeping, months, write=False):
        return 0
    return db.run(actor, keep, months, write=True)


def retime(uow: UnitOfWork, first: date | None = None, last: date | None = None) -> None:
    """Time the kept steps again after a calendar edit: those spanning the local days ``first`` ..
    ``last`` (every step when not given). One ``UPDATE``."""
    cal = calendar(uow)
    where, params = "1 = 1", {}
    if first is not None and last is not None:
        where = "ended >= :lo AND started < :hi"
        params = {"lo": cal.midnight(first), "hi": cal.midnight(last + timedelta(days=1))}
    row = uow.s.execute(_bound(f"SELECT MIN(started), MAX(ended) FROM service_step WHERE {where}"), params).first()
    if row is None or row[0] is None:
        return
    clock = Clock(cal, uow.db.dialect, _local_day(row[0], cal) - timedelta(days=1),
                  _local_day(row[1], cal) + timedelta(days=1))
    d = uow.db.dialect
    s_e, e_e = epoch(d, "service_step.started"), epoch(d, "service_step.ended")
    secs = (f"(SELECT {clock.reading('c2', e_e)} FROM cal c2 WHERE c2.d = {clock.day_of(e_e)}) - "
            f"(SELECT {clock.reading('c1', s_e)} FROM cal c1 WHERE c1.d = {clock.day_of(s_e)})")
    month = f"(SELECT c2.m FROM cal c2 WHERE c2.d = {clock.day_of(e_e)})"
    sql = f"WITH {clock.cte()} UPDATE service_step SET secs = {secs}, month = {month} WHERE {where}"
    uow.s.execute(_bound(sql), params)
    uow.s.execute(text("DELETE FROM service_month"))  # the histograms were of the old times


def _bound(sql: str):
    stmt = text(sql)
    if ":lo" in sql:
        stmt = stmt.bindparams(bindparam("lo", type_=UTCDateTime), bindparam("hi", type_=UTCDateTime))
    return stmt


#: how many of the latest kept steps ``db check`` compares with the audit trail
CHECKED = 200_000


def check_steps(uow: UnitOfWork) -> list[str]:
    """The kept steps (the latest :data:`CHECKED` events' worth) equal what the audit trail gives
    up to the mark: none missing, none extra, the same working seconds."""
    top = mark(uow)
    if top == 0:
        return []
    low = max(0, top - CHECKED)
    params = {"mark": low, "top": top}
    span = _span(uow, "e.id > :mark AND e.id <= :top", params)
    if span is None:
        fresh_sql = f"SELECT {COLUMNS} FROM service_step WHERE 1 = 0"
        clock = None
    else:
        clock = Clock(calendar(uow), uow.db.dialect, *span)
        fresh_sql = new_steps_sql(uow, clock)
    cte = f"WITH {clock.cte()}, " if clock else "WITH "
    sql = f"""{cte}fresh(event_id, step, record, channel, person, started, ended, secs, month) AS ({fresh_sql}),
        kept AS (SELECT event_id, step, record, secs FROM service_step WHERE event_id > :mark AND event_id <= :top)
        SELECT k.step, k.record, f.step, f.record, k.secs, f.secs
        FROM kept k LEFT JOIN fresh f ON f.event_id = k.event_id
        WHERE f.event_id IS NULL OR f.secs <> k.secs
        UNION ALL
        SELECT NULL, NULL, f.step, f.record, NULL, f.secs
        FROM fresh f WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.event_id = f.event_id)"""
    rows = uow.s.execute(text(sql), params).all()
    if not rows:
        return []
    first = rows[0]
    if first[0] is None:
        example = _("{step} of {record} is missing").format(step=first[2], record=first[3])
    elif first[2] is None:
        example = _("{step} of {record} has no event in the audit trail").format(step=first[0], record=first[1])
    else:
        example = _("{step} of {record} took {kept} working seconds, the audit trail says {fresh}").format(
            step=first[0], record=first[1], kept=first[4], fresh=first[5])
    return [ngettext("{n} kept workflow step differs from the audit trail (e.g. {example}); "
                     "boclerk service steps --rebuild keeps them again",
                     "{n} kept workflow steps differ from the audit trail (e.g. {example}); "
                     "boclerk service steps --rebuild keeps them again", len(rows)).format(
        n=len(rows), example=example)]


def rebuild(uow: UnitOfWork) -> int:
    """Forget the kept steps and keep them again from the whole audit trail."""
    uow.s.execute(text("DELETE FROM service_step"))
    uow.s.execute(text("DELETE FROM service_month"))
    uow.s.execute(text("UPDATE service_mark SET audit_id = 0 WHERE name = 'steps'"))
    return catch_up(uow)
