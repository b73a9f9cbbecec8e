"""Queues with ages: everything that waits for a clerk, how long it has waited in working time,
and whether it is late against its service level, oldest first.

Queues of things that wait since an instant (orders, bills, bank lines, documents, requests)
are aged in SQL with the working clock (:mod:`boclerk.services.quality.clock`); queues of
things due on a date (purchase orders expected from suppliers, maintenance) count the working
days past the date. Each answers its first ``limit`` items, oldest first, with how many wait in
all and how many of them are late.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork, core_only
from boclerk.domain.base import UTCDateTime
from boclerk.domain.permissions import Perm
from boclerk.domain.quality import HOURS, MEASURES
from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _
from boclerk.services.quality.clock import Clock, epoch
from boclerk.services.quality.settings import calendar, level_table

#: how far back the working clock reaches; an item older than that shows at least that age
WINDOW_DAYS = 400

_CONFIRMED = ("(SELECT MIN(a.at) FROM audit_event a WHERE a.entity = 'order' AND a.entity_id = o.number "
              "AND a.action || '' = '{action}')")  # through (entity, entity_id), not (action, at)
_OPEN_ORDERS = f"""
    SELECT o.number AS number, c.name AS detail, o.channel AS channel,
           CASE WHEN x.paid IS NOT NULL AND x.paid > x.confirmed THEN x.paid
                ELSE COALESCE(x.confirmed, o.created_at) END AS since
    FROM sales_order o JOIN customer c ON c.id = o.customer_id
    JOIN (SELECT o2.id AS id, {_CONFIRMED.format(action='order.confirm').replace('o.number', 'o2.number')} AS confirmed,
                 {_CONFIRMED.format(action='order.pay').replace('o.number', 'o2.number')} AS paid
          FROM sales_order o2 WHERE o2.status IN ('confirmed', 'partially_shipped') AND o2.backorder = :backorder) x
      ON x.id = o.id"""


@dataclass(frozen=True)
class Queue:
    name: str
    label: str
    measure: str
    sql: str  # number, detail, channel, since (an instant) -- or due (a date) for dated queues
    params: dict
    dated: bool = False


QUEUES: dict[str, Queue] = {q.name: q for q in (
    Queue("to_confirm", N_("Orders to confirm"), "order_confirm", """
        SELECT o.number AS number, c.name AS detail, o.channel AS channel, o.created_at AS since
        FROM sales_order o JOIN customer c ON c.id = o.customer_id WHERE o.status = 'draft'""", {}),
    Queue("to_ship", N_("Orders to ship"), "order_ship", _OPEN_ORDERS, {"backorder": False}),
    Queue("backorders", N_("Backorders"), "order_ship", _OPEN_ORDERS, {"backorder": True}),
    Queue("po_awaiting", N_("Purchase orders awaiting receipt"), "po_receive", """
        SELECT p.number AS number, s.name AS detail, '' AS channel, p.expected_date AS due, p.order_date AS ordered
        FROM purchase_order p JOIN supplier s ON s.id = p.supplier_id
        WHERE p.status IN ('sent', 'partially_received')""", {}, dated=True),
    Queue("bills_held", N_("Bills held as exceptions"), "bill_approve", """
        SELECT b.number AS number, s.name || CASE WHEN b.hold_reason <> '' THEN ': ' || b.hold_reason ELSE '' END
               AS detail, '' AS channel, b.created_at AS since
        FROM supplier_bill b JOIN supplier s ON s.id = b.supplier_id WHERE b.status = 'held'""", {}),
    Queue("bank_lines", N_("Bank lines to reconcile"), "bank_reconcile", """
        SELECT d.number || ':' || CAST(l.line_no AS VARCHAR(12)) AS number, l.counterparty_name AS detail,
               '' AS channel, d.created_at AS since
        FROM bank_line l JOIN document d ON d.id = l.statement_id WHERE l.status IN ('unmatched', 'proposed')""", {}),
    Queue("inbox", N_("Documents in the inbox"), "doc_review", """
        SELECT d.number AS number, d.original_name AS detail, '' AS channel, d.created_at AS since
        FROM document d WHERE d.status = 'inbox'""", {}),
    Queue("requests", N_("Supply requests waiting for a decision"), "request_answer", """
        SELECT r.number AS number, dp.name AS detail, '' AS channel, r.created_at AS since
        FROM supply_request r JOIN department dp ON dp.id = r.department_id WHERE r.status = 'open'""", {}),
    Queue("maintenance", N_("Maintenance due"), "maintenance", """
        SELECT e.number AS number, e.name || ': ' || m.what AS detail, '' AS channel, m.next_due AS due,
               m.next_due AS ordered
        FROM maintenance_plan m JOIN equipment e ON e.id = m.equipment_id
        WHERE m.active AND m.next_due <= :today AND e.condition <> 'written_off'""", {}, dated=True),
)}


@dataclass(frozen=True)
class QueueItem:
    queue: str
    number: str
    detail: str
    channel: str
    since: str  # when it began to wait (ISO, in the shop's time) or the day it was due (ISO date)
    age: float  # in ``unit``: working hours or working days (days past due for dated queues)
    unit: str
    level: int
    late: bool


@dataclass(frozen=True)
class QueueView:
    name: str
    label: str
    total: int
    late: int
    items: list[QueueItem]


def queue_names() -> list[str]:
    return list(QUEUES)


@core_only
def queue(uow: UnitOfWork, name: str, *, limit: int = 200, late_only: bool = False) -> QueueView:
    """One queue, oldest first (``late_only``: only what is late)."""
    uow.require(Perm.READ)
    q = QUEUES.get((name or "").strip().lower().replace("-", "_"))
    if q is None:
        from boclerk.domain.code_words import choices

        raise InvalidInput(_("There is no queue {name!r}; choose {codes}.").format(
            name=name, codes=choices(QUEUES, {q.name: q.label for q in QUEUES.values()})))
    if not 1 <= limit <= 10_000:
        raise InvalidInput(_("Show 1 to 10000 items of a queue."))
    cal = calendar(uow)
    levels = level_table(uow)
    if q.dated:
        return _dated(uow, q, cal, levels, limit, late_only)
    return _timed(uow, q, cal, levels, limit, late_only)


@core_only
def queues(uow: UnitOfWork, *, limit: int = 200, late_only: bool = False) -> list[QueueView]:
    """Every queue (the morning's list)."""
    return [queue(uow, name, limit=limit, late_only=late_only) for name in QUEUES]


def _timed(uow: UnitOfWork, q: Queue, cal, levels, limit: int, late_only: bool) -> QueueView:
    now = uow.now
    today = cal.local_day(now)
    clock = Clock(cal, uow.db.dialect, today - timedelta(days=WINDOW_DAYS), today)
    now_clock = clock.at(now)
    m = MEASURES[q.measure]
    scale = 3600 if m.unit == HOURS else (cal.day_seconds or 1)
    cases = " ".join(f"WHEN i.channel = '{ch}' THEN {amount * scale}" for (meas, ch), amount in levels.items()
                     if meas == q.measure and ch)
    general = levels[(q.measure, "")] * scale
    since = epoch(uow.db.dialect, "i.since")
    sql = f"""
        WITH {clock.cte()},
        i AS ({q.sql}),
        aged AS (
            SELECT i.number, i.detail, i.channel, i.since,
                   {now_clock} - COALESCE({clock.reading('c', since)}, 0) AS secs,
                   CASE {cases} ELSE {general} END AS lvl
            FROM i LEFT JOIN cal c ON c.d = {clock.day_of(since)})
        SELECT number, detail, channel, since, secs, lvl, COUNT(*) OVER () AS total,
               SUM(CASE WHEN secs > lvl THEN 1 ELSE 0 END) OVER () AS late
        FROM aged {'WHERE secs > lvl' if late_only else ''}
        ORDER BY since, number LIMIT :limit"""
    stmt = text(sql).columns()
    rows = uow.s.execute(stmt, {**q.params, "limit": limit}).all()
    if late_only:  # the window counted only the late ones
        total = _count(uow, q)
        late = int(rows[0].total) if rows else 0
    else:
        total = int(rows[0].total) if rows else _count(uow, q)
        late = int(rows[0].late or 0) if rows else 0
    items = [QueueItem(q.name, r.number, r.detail or "", r.channel or "", _iso(r.since, cal),
                       round(int(r.secs) / scale, 2), m.unit, int(r.lvl) // scale, int(r.secs) > int(r.lvl))
             for r in rows]
    if q.name == "bills_held":
        items = _held_reasons(uow, items)
    return QueueView(q.name, _(q.label), total, late, items)


def _held_reasons(uow: UnitOfWork, items: list[QueueItem]) -> list[QueueItem]:
    """A held bill's detail is its supplier's name and its hold reason: the reason in the words of
    the books (one stored in English before they had a language of their own said in them)."""
    from sqlalchemy import bindparam

    from boclerk.services.purchasing.hold_words import read_hold

    if not items:
        return items
    stored = dict(uow.s.execute(text("SELECT number, hold_reason FROM supplier_bill WHERE number IN :numbers")
                                .bindparams(bindparam("numbers", expanding=True)),
                                {"numbers": [i.number for i in items]}).all())
    out = []
    for i in items:
        reason = stored.get(i.number) or ""
        if reason and i.detail.endswith(": " + reason):
            i = replace(i, detail=i.detail[:len(i.detail) - len(reason)] + read_hold(uow, reason))
        out.append(i)
    return out


def _count(uow: UnitOfWork, q: Queue) -> int:
    return int(uow.s.execute(text(f"SELECT COUNT(*) FROM ({q.sql}) i"),
                             {**q.params, "today": uow.today}).scalar() or 0)


def _iso(value, cal) -> str:
    """An instant as ISO text in the shop's time (the working calendar's zone or offset)."""
    if isinstance(value, datetime):
        at = value if value.tzinfo else value.replace(tzinfo=UTC)
    else:
        at = UTCDateTime().process_result_value(datetime.fromisoformat(str(value)), None)
    return at.astimezone(cal.tz).isoformat(timespec="seconds")


def _dated(uow: UnitOfWork, q: Queue, cal, levels, limit: int, late_only: bool) -> QueueView:
    """Items due on a date: late when the date (or, without one, the level after ordering) is past.
    A queue of this kind is short (open purchase orders, plans due), so it is read whole."""
    today = cal.local_day(uow.now)
    level = levels[(q.measure, "")]
    m = MEASURES[q.measure]
    items = []
    for r in uow.s.execute(text(q.sql), {**q.params, "today": today}):
        due = as_date(r.due) if r.due is not None else _add_working_days(cal, as_date(r.ordered), level)
        past = cal.working_days_between(due, today) if due < today else 0
        grace = level if m.unit == "due" else 0
        late = past > grace
        items.append(QueueItem(q.name, r.number, r.detail or "", r.channel or "", due.isoformat(), float(past),
                               "days past due", grace, late))
    items.sort(key=lambda i: (i.since, i.number))
    late_count = sum(i.late for i in items)
    shown = [i for i in items if i.late] if late_only else items
    return QueueView(q.name, _(q.label), len(items), late_count, shown[:limit])


def _add_working_days(cal, day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        n -= cal.working(day)
    return day
