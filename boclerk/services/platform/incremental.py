"""``boclerk db check`` without ``--full``: what changed since the last clean check.

The last clean check left a mark (domain/check_mark.py): the highest ids of entries, postings
and stock moves, and the audit and journal chains' links it verified. The next check then
looks at what came after:

- storage (the whole file, pages and indexes) is left to ``--full``, with the foreign keys: it
  cannot be checked in parts, and at a million orders it alone takes minutes;
- the journal's entries and postings above the mark (they balance, they are posted), the
  postings above the mark sum to zero, the period balances of the months they touch;
- the stock value summary of the days the moves above the mark touch;
- the sales summary of the days of the orders an audit event above the mark names;
- both hash chains from the verified link on (and the link itself still as it was);
- the other checks as ``--full`` runs them (each a few seconds at most on large books),
  except the foreign keys, left to ``--full`` (boclerk writes with SQLite's foreign keys on).

By design it does not look again at what the mark covers: an old record changed behind
boclerk's back is found by ``db check --full``. A mark whose links no longer match the chains
(a backup restored, a chain rewritten) or whose ids lie beyond the books is not trusted: the
check is then a full one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork
from boclerk.i18n import N_, _

Check = Callable[[UnitOfWork], list[str]]


@dataclass(frozen=True)
class Mark:
    checked_at: datetime
    full: bool
    entry_id: int
    posting_id: int
    move_id: int
    audit_seq: int
    audit_hash: str | None
    journal_seq: int
    journal_hash: str | None


_FIELDS = ("checked_at", "full", "entry_id", "posting_id", "move_id", "audit_seq", "audit_hash", "journal_seq",
           "journal_hash")


def read_mark(uow: UnitOfWork) -> Mark | None:
    from boclerk.domain.check_mark import CheckMark

    row = uow.s.get(CheckMark, 1)
    return None if row is None else Mark(*(getattr(row, f) for f in _FIELDS))


def current_mark(uow: UnitOfWork, *, full: bool) -> Mark:
    """What the books hold now, in the check's own snapshot: the mark a clean check leaves."""
    def top(table: str) -> int:
        return int(uow.s.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar() or 0)

    heads = {r[0]: (int(r[1]), r[2]) for r in uow.s.execute(text("SELECT name, seq, hash FROM chain_head"))}
    audit, journal = heads.get("audit", (0, None)), heads.get("journal", (0, None))
    return Mark(uow.now, full, top("journal_entry"), top("posting"), top("stock_move"), audit[0], audit[1],
                journal[0], journal[1])


def trusted(uow: UnitOfWork, mark: Mark) -> bool:
    """Whether the books still continue the mark: its chain links are as they were and its ids exist."""
    if mark.audit_seq and uow.s.execute(text("SELECT hash FROM audit_event WHERE seq = :s"),
                                        {"s": mark.audit_seq}).scalar() != mark.audit_hash:
        return False
    if mark.journal_seq and uow.s.execute(text("SELECT hash FROM journal_entry WHERE chain_seq = :s"),
                                          {"s": mark.journal_seq}).scalar() != mark.journal_hash:
        return False
    now = current_mark(uow, full=False)
    return now.entry_id >= mark.entry_id and now.posting_id >= mark.posting_id and now.move_id >= mark.move_id


def save_mark(uow: UnitOfWork, mark: Mark) -> None:
    """Keep ``mark`` (in a write unit of work) as where the last clean check got to."""
    from boclerk.domain.check_mark import CheckMark

    row = uow.s.get(CheckMark, 1)
    if row is None:
        uow.s.add(CheckMark(id=1, **{f: getattr(mark, f) for f in _FIELDS}))
    else:
        for f in _FIELDS:
            setattr(row, f, getattr(mark, f))


# -- the checks of what came after the mark ---------------------------------------------


def _entries_balance(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        rows = uow.s.execute(text(
            "SELECT e.number, SUM(p.amount) FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
            "WHERE p.entry_id > :e GROUP BY e.number HAVING SUM(p.amount) <> 0"), {"e": mark.entry_id}).all()
        empty = uow.s.execute(text(
            "SELECT e.number FROM journal_entry e WHERE e.id > :e AND e.status = 'posted' "
            "AND NOT EXISTS (SELECT 1 FROM posting p WHERE p.entry_id = e.id)"), {"e": mark.entry_id}).all()
        return ([_("{n} is off by {s} (minor units)").format(n=n, s=s) for n, s in rows]
                + [_("{n} has no postings").format(n=n) for (n,) in empty])

    return check


def _postings_posted(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        rows = uow.s.execute(text(
            "SELECT p.id, e.id FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
            "WHERE p.id > :p AND e.status <> 'posted'"), {"p": mark.posting_id}).all()
        return [_("posting {pid} belongs to draft entry #{eid}").format(pid=pid, eid=eid) for pid, eid in rows]

    return check


def _trial_balance_zero(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        added = uow.s.execute(text("SELECT COALESCE(SUM(amount), 0) FROM posting WHERE id > :p"),
                              {"p": mark.posting_id}).scalar_one()
        periods = uow.s.execute(text("SELECT COALESCE(SUM(debit - credit), 0) FROM account_balance")).scalar_one()
        out = []
        if added:
            out.append(_("the postings since the last check sum to {total}, not zero").format(total=added))
        if periods:
            out.append(_("the period balances sum to {periods}, not zero").format(periods=periods))
        return out

    return check


def _months(uow: UnitOfWork, sql: str, params: dict) -> list[date]:
    return sorted({as_date(r[0]).replace(day=1) for r in uow.s.execute(text(sql), params) if r[0] is not None})


def _period_balances(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        import calendar

        months = _months(uow, "SELECT DISTINCT entry_date FROM posting WHERE id > :p", {"p": mark.posting_id})
        period = "CAST(strftime('%Y%m', entry_date) AS INTEGER)" if uow.db.dialect == "sqlite" else \
            "CAST(to_char(entry_date, 'YYYYMM') AS INTEGER)"
        out: list[str] = []
        for first in months:
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            rows = uow.s.execute(text(
                "SELECT a.code, t.dept_key, t.period, SUM(t.dr1), SUM(t.dr2), SUM(t.cr1), SUM(t.cr2) FROM ("
                f" SELECT account_id, COALESCE(department_id, 0) AS dept_key, {period} AS period,"
                "  CASE WHEN amount > 0 THEN amount ELSE 0 END AS dr1, 0 AS dr2,"
                "  CASE WHEN amount < 0 THEN -amount ELSE 0 END AS cr1, 0 AS cr2 FROM posting"
                "  WHERE entry_date >= :first AND entry_date <= :last"
                " UNION ALL SELECT account_id, dept_key, period, 0, debit, 0, credit FROM account_balance"
                "  WHERE period = :period) t "
                "JOIN account a ON a.id = t.account_id "
                "GROUP BY a.code, t.dept_key, t.period HAVING SUM(t.dr1) <> SUM(t.dr2) OR SUM(t.cr1) <> SUM(t.cr2)"),
                {"first": first, "last": last, "period": first.year * 100 + first.month}).all()
            out += [_("account {code} department #{d} {p}: postings {dr1}/{cr1}, balances {dr2}/{cr2}").format(
                code=code, d=d, p=p, dr1=dr1, cr1=cr1, dr2=dr2, cr2=cr2) for code, d, p, dr1, dr2, cr1, cr2 in rows]
        return out

    return check


def _value_summary(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        days = sorted({as_date(r[0]) for r in uow.s.execute(text(
            "SELECT DISTINCT move_date FROM stock_move WHERE id > :m"), {"m": mark.move_id})})
        out: list[str] = []
        for day in days:
            rows = uow.s.execute(text(
                "SELECT p.sku, w.code, t.sq, t.mq, t.sv, t.mv FROM "
                "(SELECT product_id, warehouse_id, SUM(sq) AS sq, SUM(mq) AS mq, SUM(sv) AS sv, SUM(mv) AS mv FROM ("
                "  SELECT product_id, warehouse_id, qty AS sq, 0 AS mq, value AS sv, 0 AS mv FROM stock_value_day"
                "  WHERE move_date = :d"
                "  UNION ALL SELECT product_id, warehouse_id, 0, qty, 0, value FROM stock_move WHERE move_date = :d) u"
                " GROUP BY product_id, warehouse_id HAVING SUM(sq) <> SUM(mq) OR SUM(sv) <> SUM(mv)) t "
                "JOIN product p ON p.id = t.product_id JOIN warehouse w ON w.id = t.warehouse_id "
                "ORDER BY p.sku, w.code"), {"d": day}).all()
            out += [_("stock value of {sku} in {wh} on {day}: summary {sq} units {sv}, moves {mq} units {mv}").format(
                sku=sku, wh=wh, day=day, sq=sq, sv=sv, mq=mq, mv=mv) for sku, wh, sq, mq, sv, mv in rows]
        return out[:50] + summary_triggers(uow)  # a few rows of the catalogue

    return check


def summary_triggers(uow: UnitOfWork) -> list[str]:
    """The triggers that keep the summaries in step, each in place and enabled."""
    from boclerk.db import summaries

    if uow.db.dialect == "sqlite":
        have = set(uow.s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        wanted = set(summaries.SQLITE_TRIGGERS)
    else:
        have = set(uow.s.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")))
        wanted = set(summaries.PG_TRIGGERS)
    return [_("the trigger {name} that keeps a summary in step is missing or disabled").format(name=name)
            for name in sorted(wanted - have)]


def _sales_summary(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        from boclerk.db import summaries

        days = sorted({as_date(r[0]) for r in uow.s.execute(text(
            "SELECT DISTINCT o.shipped_on FROM sales_order o WHERE o.shipped_on IS NOT NULL AND o.number IN "
            "(SELECT entity_id FROM audit_event WHERE seq > :s AND entity = 'order')"), {"s": mark.audit_seq})})
        out: list[str] = []
        zero = (0, 0, 0, 0)
        for day in days:
            kept = {(r[0], r[1]): tuple(int(v or 0) for v in r[2:]) for r in uow.s.execute(text(
                "SELECT channel, decimals, qty, net, vat, gross FROM sales_day WHERE shipped_on = :d"), {"d": day})}
            found = {(r[1], r[2]): tuple(int(v or 0) for v in r[3:]) for r in uow.s.execute(text(
                summaries.SALES_RECOMPUTED.replace(" GROUP BY ", " AND o.shipped_on = :d GROUP BY ", 1)), {"d": day})}
            out += [_("sales on {day} ({channel}, units of {decimals} decimals): the summary says quantity, net, "
                      "VAT, gross {summary}, the orders {orders}").format(
                day=day, channel=channel, decimals=decimals, summary=kept.get((channel, decimals), zero),
                orders=found.get((channel, decimals), zero))
                for channel, decimals in sorted(set(kept) | set(found))
                if kept.get((channel, decimals), zero) != found.get((channel, decimals), zero)]
            kept_n = {r[0]: int(r[1] or 0) for r in uow.s.execute(text(
                "SELECT channel, orders FROM sales_day_orders WHERE shipped_on = :d"), {"d": day})}
            found_n = {r[1]: int(r[2] or 0) for r in uow.s.execute(text(
                summaries.ORDERS_RECOMPUTED.replace(" GROUP BY ", " AND o.shipped_on = :d GROUP BY ", 1)), {"d": day})}
            out += [_("orders shipped on {day} ({channel}): the summary says {summary}, the orders {orders}").format(
                day=day, channel=channel, summary=kept_n.get(channel, 0), orders=found_n.get(channel, 0))
                for channel in sorted(set(kept_n) | set(found_n)) if kept_n.get(channel, 0) != found_n.get(channel, 0)]
        return out[:50]

    return check


def _audit_chain(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        from boclerk.services.platform.integrity import check_audit_chain

        return check_audit_chain(uow, (mark.audit_seq, mark.audit_hash) if mark.audit_seq else None)

    return check


def _journal_chain(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        from boclerk.services.platform.integrity import check_journal_chain

        return check_journal_chain(uow, (mark.journal_seq, mark.journal_hash) if mark.journal_seq else None,
                                   mark.entry_id)

    return check


def _touched_orders(mark: Mark) -> str:
    """The orders an audit event after the mark names (every act on an order writes one)."""
    return (f"o.number IN (SELECT entity_id FROM audit_event WHERE seq > {int(mark.audit_seq)} "
            "AND entity = 'order')")


def _document_totals(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        from boclerk.services.sales.checks import document_totals

        return document_totals(uow, _touched_orders(mark))

    return check


def _shipped_quantities(mark: Mark) -> Check:
    def check(uow: UnitOfWork) -> list[str]:
        from boclerk.services.sales.checks import shipped_quantities

        return shipped_quantities(uow, _touched_orders(mark))

    return check


def _orders_since(mark: Mark) -> str:
    """The orders an audit event after the mark names, and those an entry after the mark was booked for."""
    return (f"o.number IN (SELECT entity_id FROM audit_event WHERE seq > {int(mark.audit_seq)} AND entity = 'order' "
            f"UNION SELECT source_ref FROM journal_entry WHERE id > {int(mark.entry_id)} AND source_kind = 'order')")


def _customer_balances(mark: Mark) -> Check:
    """As sales.checks.customer_balances, for the orders that changed since the mark, order by order:
    what an order's entries booked on receivables and on customer advances is what it is owed and
    paid ahead, and its payments add up to what it was paid. (Summed over every order this is the
    whole check, which held at the mark; an order no act touched since kept its rows.)"""
    def check(uow: UnitOfWork) -> list[str]:
        roles = dict(uow.s.execute(text(
            "SELECT role, id FROM account WHERE role IN ('receivable', 'customer_advances')")).all())
        orders = _orders_since(mark)
        rows = uow.s.execute(text(
            "SELECT o.number, o.invoiced, o.paid, "
            " (SELECT COALESCE(SUM(p.amount), 0) FROM order_payment p WHERE p.order_id = o.id), "
            " (SELECT COALESCE(SUM(CASE WHEN p.account_id = :r THEN p.amount ELSE 0 END), 0) FROM journal_entry e "
            "  JOIN posting p ON p.entry_id = e.id WHERE e.source_kind = 'order' AND e.source_ref = o.number), "
            " (SELECT COALESCE(SUM(CASE WHEN p.account_id = :a THEN -p.amount ELSE 0 END), 0) FROM journal_entry e "
            "  JOIN posting p ON p.entry_id = e.id WHERE e.source_kind = 'order' AND e.source_ref = o.number) "
            f"FROM sales_order o WHERE NOT o.historical AND {orders} ORDER BY o.number"),
            {"r": roles.get("receivable", 0), "a": roles.get("customer_advances", 0)}).all()
        out = []
        for number, invoiced, paid, payments, receivable, advances in rows:
            invoiced, paid = int(invoiced), int(paid)
            owed, ahead = max(invoiced - paid, 0), max(paid - invoiced, 0)
            if int(receivable) != owed:
                out.append(_("{n}: booked {booked} on accounts receivable but owes {owed} (minor units)").format(
                    n=number, booked=receivable, owed=owed))
            if int(advances) != ahead:
                out.append(_("{n}: booked {booked} on customer advances but is paid ahead by {ahead} (minor "
                             "units)").format(n=number, booked=advances, ahead=ahead))
            if paid != int(payments):
                out.append(_("{n}: paid {a}, payments add up to {b}").format(n=number, a=paid, b=payments))
        return out

    return check


_MOVED = ("(SELECT product_id, warehouse_id, SUM(qty) AS qty, SUM(value) AS value FROM stock_value_day "
          "GROUP BY product_id, warehouse_id)")


def _levels_match_moves(uow: UnitOfWork) -> list[str]:
    """As stock.checks.check_levels_match_moves, the moves summed through ``stock_value_day``
    (whose days after the mark are checked against the moves, and earlier ones were before)."""
    rows = uow.s.execute(text(
        "SELECT p.sku, w.code, COALESCE(l.on_hand, 0), COALESCE(m.qty, 0) FROM stock_level l "
        f"FULL OUTER JOIN {_MOVED} m ON m.product_id = l.product_id AND m.warehouse_id = l.warehouse_id "
        "JOIN product p ON p.id = COALESCE(l.product_id, m.product_id) "
        "JOIN warehouse w ON w.id = COALESCE(l.warehouse_id, m.warehouse_id) "
        "WHERE COALESCE(l.on_hand, 0) <> COALESCE(m.qty, 0)")).all()
    return [_("{sku} in {wh}: on hand {oh}, moves add up to {mq}").format(sku=sku, wh=wh, oh=oh, mq=mq)
            for sku, wh, oh, mq in rows]


def _cost_rows(uow: UnitOfWork) -> list[str]:
    """As stock.checks.check_cost_rows, the moves summed through ``stock_value_day``."""
    rows = uow.s.execute(text(
        "SELECT p.sku, COALESCE(c.qty, 0), COALESCE(c.value, 0), COALESCE(m.qty, 0), COALESCE(m.value, 0) "
        "FROM product p LEFT JOIN product_cost c ON c.product_id = p.id "
        "LEFT JOIN (SELECT product_id, SUM(qty) AS qty, SUM(value) AS value FROM stock_value_day "
        "GROUP BY product_id) m ON m.product_id = p.id "
        "WHERE COALESCE(c.qty, 0) <> COALESCE(m.qty, 0) OR COALESCE(c.value, 0) <> COALESCE(m.value, 0)")).all()
    return [_("{sku}: cost row {cq} units worth {cv}, moves add up to {mq} units worth {mv}").format(
        sku=sku, cq=cq, cv=cv, mq=mq, mv=mv) for sku, cq, cv, mq, mv in rows]


def _inventory_account(uow: UnitOfWork) -> list[str]:
    """As stock.checks.check_inventory_account, through the period balances and ``stock_value_day``."""
    row = uow.s.execute(text("SELECT id, code FROM account WHERE role = 'inventory'")).first()
    if row is None:
        return []
    booked = uow.s.execute(text("SELECT COALESCE(SUM(debit - credit), 0) FROM account_balance WHERE account_id = :a"),
                           {"a": row[0]}).scalar_one()
    valued = uow.s.execute(text("SELECT COALESCE(SUM(value), 0) FROM stock_value_day")).scalar_one()
    if booked != valued:
        return [_("account {code} holds {booked}, the stock is valued at {valued} (minor units)").format(
            code=row[1], booked=booked, valued=valued)]
    return []


#: left to ``db check --full``: each reads the whole file, whatever changed
FULL_ONLY = (N_("storage integrity"), N_("foreign keys"))


def since(mark: Mark, full: list[tuple[str, Check]]) -> list[tuple[str, Check]]:
    """The checks of what came after ``mark``, in the order (and with the names) of ``full``."""
    instead: dict[str, Check] = {
        N_("every journal entry balances"): _entries_balance(mark),
        N_("postings belong to posted entries"): _postings_posted(mark),
        N_("the trial balance sums to zero"): _trial_balance_zero(mark),
        N_("period balances equal the postings"): _period_balances(mark),
        N_("the stock value summary equals the moves; every summary's trigger is in place"): _value_summary(mark),
        N_("the sales summary equals the orders"): _sales_summary(mark),
        N_("the audit trail's hash chain is unbroken"): _audit_chain(mark),
        N_("on hand equals the sum of stock moves"): _levels_match_moves,
        N_("moving-average cost rows equal the moves"): _cost_rows,
        N_("the inventory account equals the stock valuation"): _inventory_account,
        N_("a document's total equals the sum of its lines"): _document_totals(mark),
        N_("shipped and returned quantities equal the shipments"): _shipped_quantities(mark),
        N_("receivables and advances booked by orders equal their balances"): _customer_balances(mark),
        N_("the journal's hash chain is unbroken"): _journal_chain(mark),
    }
    return [(name, instead.get(name, check)) for name, check in full if name not in FULL_ONLY]
