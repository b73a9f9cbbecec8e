"""The figures of the app's home screen, each answerable from an index.

Plain SQL (``core_only``): the home screen is the first thing the app shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import plain_sql, text, utc_moment
from boclerk.domain.permissions import Perm
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


@dataclass(frozen=True)
class Dashboard:
    today: date
    to_confirm: int
    to_ship: int
    backorders: int
    below_reorder: int
    po_awaiting: int
    bills_held: int
    docs_inbox: int = 0  # documents registered and not yet looked at
    bank_waiting: int = 0  # bank lines proposed or unmatched: waiting for a clerk
    sales_days: list[tuple[date, int]] = field(default_factory=list)  # revenue (net) per day, last 30 days
    receivables: int = money_field(default=0)
    payables: int = money_field(default=0)
    bank: int = money_field(default=0)
    cash: int = money_field(default=0)


def _one(uow: UnitOfWork, sql: str, **params) -> int:
    return int(uow.s.execute(text(sql), params).scalar() or 0)


def role_balance(uow: UnitOfWork, role: str) -> int:
    """An account's balance (debit positive) from the period balances: a few rows, not the journal."""
    return _one(uow, "SELECT COALESCE(SUM(b.debit - b.credit), 0) FROM account_balance b "
                     "JOIN account a ON a.id = b.account_id WHERE a.role = :r", r=role)


#: Home's figures in one statement (one round trip to a PostgreSQL server instead of thirteen)
_BALANCE = "(SELECT COALESCE(SUM(b.debit - b.credit), 0) FROM account_balance b JOIN account a ON a.id = b.account_id " \
           "WHERE a.role = '{role}')"
_OPEN = "(SELECT COUNT(*) FROM sales_order WHERE status IN ('confirmed', 'partially_shipped') AND backorder = {b})"
_FIGURES = f"""SELECT
    (SELECT COUNT(*) FROM sales_order WHERE status = 'draft'), {_OPEN.format(b=":no")}, {_OPEN.format(b=":yes")},
    (SELECT COUNT(*) FROM product p WHERE p.kind = 'goods' AND p.active AND p.reorder_point > 0
       AND COALESCE((SELECT SUM(l.on_hand - l.reserved) FROM stock_level l WHERE l.product_id = p.id), 0)
           < p.reorder_point),
    (SELECT COUNT(*) FROM purchase_order WHERE status IN ('sent', 'partially_received')),
    (SELECT COUNT(*) FROM supplier_bill WHERE status = 'held'),
    (SELECT COUNT(*) FROM document WHERE status = 'inbox'),
    (SELECT COUNT(*) FROM bank_line WHERE status IN ('proposed', 'unmatched')),
    {", ".join(_BALANCE.format(role=role) for role in ("receivable", "payable", "bank", "cash"))}"""


@plain_sql
def home_figures(uow: UnitOfWork) -> Dashboard:
    """Home's figures without the chart (``sales_days`` empty): counts and balances, each from an
    index or a few summary rows, so they take as long at a million orders as at ten thousand."""
    uow.require(Perm.READ)
    row = [int(v or 0) for v in uow.s.execute(text(_FIGURES), {"no": False, "yes": True}).one()]
    receivable, payable, bank, cash = row[8:]
    return Dashboard(uow.today, *row[:8], [], receivable, -payable, bank, cash)


@plain_sql
def sales_days(uow: UnitOfWork) -> list[tuple[date, int]]:
    """Net revenue per day (the sales account's credits less its debits), the last 30 days, oldest
    first, days without sales at 0. It sums every posting of those days, so it grows with the day's
    trade: Home draws it after its figures."""
    uow.require(Perm.READ)
    today = uow.today
    start = today - timedelta(days=29)
    per_day = {}
    for day, amount in uow.s.execute(text(
        "SELECT p.entry_date, -SUM(p.amount) FROM posting p JOIN account a ON a.id = p.account_id "
        "WHERE a.role = 'sales' AND p.entry_date >= :start AND p.entry_date <= :end GROUP BY p.entry_date"),
            {"start": start, "end": today}):
        per_day[as_date(day)] = int(amount or 0)
    return [(start + timedelta(days=i), per_day.get(start + timedelta(days=i), 0)) for i in range(30)]


@plain_sql
def dashboard(uow: UnitOfWork) -> Dashboard:
    """Home's figures and its chart in one read."""
    return replace(home_figures(uow), sales_days=sales_days(uow))


@dataclass(frozen=True)
class WebSummary:
    last_at: datetime | None  # when the site was last exchanged with (any direction)
    last_new: int           # orders the last orders exchange brought
    last_refused: int
    to_confirm: int         # website orders still drafts


@plain_sql
def web_dashboard(uow: UnitOfWork) -> WebSummary:
    """The home screen's line about the website (plain SQL, on indexes)."""
    uow.require(Perm.READ)
    last = utc_moment(uow.s.execute(text("SELECT MAX(at) AS at FROM shop_exchange")).scalar())
    row = uow.s.execute(text("SELECT orders_new, orders_refused FROM shop_exchange WHERE id = "
                             "(SELECT MAX(id) FROM shop_exchange WHERE direction = 'orders_in')")).first()
    drafts = uow.s.execute(text("SELECT COUNT(*) FROM sales_order WHERE status = 'draft' "
                                "AND channel = 'website'")).scalar()
    return WebSummary(last, int(row[0]) if row else 0, int(row[1]) if row else 0, int(drafts or 0))
