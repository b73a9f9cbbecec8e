"""What the two-phase order acts share (:func:`boclerk.db.uow.two_phase`).

A plan remembers what it relied on: the order's version and status, the products' versions
(prices, VAT categories, archived or not), the VAT rate table and the company's regime. The
apply phase checks each of them with a cheap statement and raises :class:`Stale` on any
difference, so the act is planned again from what is there now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update

from boclerk.db.uow import Stale, UnitOfWork
from boclerk.domain.catalog import Product
from boclerk.domain.sales import SalesOrder
from boclerk.domain.tax import CompanyVatRegime, VatRate

_ORDER = SalesOrder.__table__
_PRODUCT = Product.__table__


@dataclass(frozen=True)
class OrderSeen:
    """The order as the plan saw it."""

    id: int
    number: str
    version: int
    status: str


def order_seen(o: SalesOrder) -> OrderSeen:
    return OrderSeen(o.id, o.number, o.version, o.status)


def move_order(uow: UnitOfWork, seen: OrderSeen, *, versions: int = 1, **values) -> None:
    """Write the order's new columns if it is still at the version and status the plan saw
    (the rule book's state check, made again under the write lock); :class:`Stale` if not.
    ``versions``: how many versions the one-phase act moves it on (one per change it saves)."""
    done = uow.s.execute(update(_ORDER).where(
        _ORDER.c.id == seen.id, _ORDER.c.version == seen.version, _ORDER.c.status == seen.status,
    ).values(version=_ORDER.c.version + versions, **values))
    if done.rowcount != 1:
        raise Stale


def products_seen(uow: UnitOfWork, products: Iterable[Product]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted({(p.id, p.version) for p in products}))


def recheck_products(uow: UnitOfWork, seen: tuple[tuple[int, int], ...]) -> None:
    """:class:`Stale` if any product changed (price, VAT category, archived...) since the plan."""
    if not seen:
        return
    now = uow.s.execute(select(_PRODUCT.c.id, _PRODUCT.c.version).where(
        _PRODUCT.c.id.in_([pid for pid, _ in seen]))).all()
    if tuple(sorted((pid, version) for pid, version in now)) != seen:
        raise Stale


def rates_seen(uow: UnitOfWork) -> tuple:
    """The VAT rate table and the company's regimes (a few rows), as the plan saw them."""
    rates = VatRate.__table__
    regimes = CompanyVatRegime.__table__
    return (tuple(tuple(r) for r in uow.s.execute(select(rates.c.category, rates.c.valid_from, rates.c.rate)
                                                  .order_by(rates.c.category, rates.c.valid_from))),
            tuple(tuple(r) for r in uow.s.execute(select(regimes.c.valid_from, regimes.c.regime)
                                                  .order_by(regimes.c.valid_from))))


def recheck_rates(uow: UnitOfWork, seen: tuple) -> None:
    if rates_seen(uow) != seen:
        raise Stale


def recheck_day(uow: UnitOfWork, day) -> None:
    """The plan was made for today's date: past midnight it is made again."""
    if uow.today != day:
        raise Stale
