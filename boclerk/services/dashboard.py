"""The figures of the app's home screen, each answerable from an index."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product, ProductKind
from boclerk.domain.ledger import AccountBalance, Posting
from boclerk.domain.permissions import Perm
from boclerk.domain.purchasing import BillStatus, POStatus, PurchaseOrder, SupplierBill
from boclerk.domain.sales import OrderStatus, SalesOrder
from boclerk.domain.stock import StockLevel
from boclerk.services import ledger
from boclerk.services.rows import money_field


@dataclass(frozen=True)
class Dashboard:
    today: date
    to_confirm: int
    to_ship: int
    backorders: int
    below_reorder: int
    po_awaiting: int
    bills_held: int
    sales_days: list[tuple[date, int]] = field(default_factory=list)  # revenue (net) per day, last 30 days
    receivables: int = money_field(default=0)
    payables: int = money_field(default=0)
    bank: int = money_field(default=0)
    cash: int = money_field(default=0)


def _count(uow: UnitOfWork, stmt) -> int:
    return uow.s.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def _balance(uow: UnitOfWork, role: str) -> int:
    """An account's balance (debit positive) from the period balances: a few rows, not the journal."""
    acc = ledger.account(uow, role)
    return uow.s.scalar(select(func.coalesce(func.sum(AccountBalance.debit - AccountBalance.credit), 0))
                        .where(AccountBalance.account_id == acc.id)) or 0


def dashboard(uow: UnitOfWork) -> Dashboard:
    uow.require(Perm.READ)
    today = uow.today
    o = SalesOrder
    to_confirm = _count(uow, select(o.id).where(o.status == OrderStatus.DRAFT.value))
    to_ship = _count(uow, select(o.id).where(o.status.in_([OrderStatus.CONFIRMED.value,
                                                             OrderStatus.PARTIALLY_SHIPPED.value]),
                                             o.backorder.is_(False)))
    backorders = _count(uow, select(o.id).where(o.status.in_([OrderStatus.CONFIRMED.value,
                                                               OrderStatus.PARTIALLY_SHIPPED.value]),
                                                o.backorder.is_(True)))
    available = (select(func.coalesce(func.sum(StockLevel.on_hand - StockLevel.reserved), 0))
                 .where(StockLevel.product_id == Product.id).correlate(Product).scalar_subquery())
    below = _count(uow, select(Product.id).where(Product.kind == ProductKind.GOODS.value, Product.active.is_(True),
                                                 Product.reorder_point > 0, available < Product.reorder_point))
    po_awaiting = _count(uow, select(PurchaseOrder.id).where(
        PurchaseOrder.status.in_([POStatus.SENT.value, POStatus.PARTIALLY_RECEIVED.value])))
    held = _count(uow, select(SupplierBill.id).where(SupplierBill.status == BillStatus.HELD.value))
    sales = ledger.account(uow, "sales")
    start = today - timedelta(days=29)
    per_day = dict(uow.s.execute(
        select(Posting.entry_date, -func.sum(Posting.amount))
        .where(Posting.account_id == sales.id, Posting.entry_date >= start, Posting.entry_date <= today)
        .group_by(Posting.entry_date)).all())
    days = [(start + timedelta(days=i), per_day.get(start + timedelta(days=i), 0) or 0) for i in range(30)]
    return Dashboard(today, to_confirm, to_ship, backorders, below, po_awaiting, held, days,
                     _balance(uow, "receivable"), -_balance(uow, "payable"), _balance(uow, "bank"),
                     _balance(uow, "cash"))
