"""What the two-phase order acts share (:func:`boclerk.db.uow.two_phase`).

A plan remembers what it relied on: the order's version and status, the products' versions
(prices, VAT categories, archived or not), the VAT rate table and the company's regime. The
apply phase checks each of them with a cheap statement and raises :class:`Stale` on any
difference, so the act is planned again from what is there now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update

from boclerk.db.phases import Stale
from boclerk.db.reference import remembered
from boclerk.db.uow import UnitOfWork
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


_MOVES: dict[tuple, object] = {}


def move_order(uow: UnitOfWork, seen: OrderSeen, *, versions: int = 1, add: dict[str, int] | None = None,
               **values) -> None:
    """Write the order's new columns (``values``, and ``add`` added to theirs) if it is still at
    the version and status the plan saw (the rule book's state check, made again under the write
    lock); :class:`Stale` if not. ``versions``: how many versions the one-phase act moves it on
    (one per change it saves)."""
    add = add or {}
    shape = (versions, tuple(sorted(values)), tuple(sorted(add)))
    stmt = _MOVES.get(shape)
    if stmt is None:  # a handful of shapes: built once, so that applying a plan compiles nothing
        stmt = update(_ORDER).where(
            _ORDER.c.id == bindparam("seen_id"), _ORDER.c.version == bindparam("seen_version"),
            _ORDER.c.status == bindparam("seen_status"),
        ).values(version=_ORDER.c.version + versions, **{k: bindparam(f"set_{k}") for k in values},
                 **{k: _ORDER.c[k] + bindparam(f"add_{k}") for k in add})
        _MOVES[shape] = stmt
    done = uow.s.execute(stmt, {"seen_id": seen.id, "seen_version": seen.version, "seen_status": seen.status,
                                **{f"set_{k}": v for k, v in values.items()},
                                **{f"add_{k}": v for k, v in add.items()}})
    if done.rowcount != 1:
        raise Stale


def one_row(uow: UnitOfWork, stmt, params) -> None:
    """Run a statement made conditional on what the plan saw; :class:`Stale` unless it changed one row."""
    if uow.s.execute(stmt, params).rowcount != 1:
        raise Stale


def products_seen(uow: UnitOfWork, products: Iterable[Product]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted({(p.id, p.version) for p in products}))


_PRODUCTS_NOW = select(_PRODUCT.c.id, _PRODUCT.c.version).where(_PRODUCT.c.id.in_(bindparam("ids", expanding=True)))


def recheck_products(uow: UnitOfWork, seen: tuple[tuple[int, int], ...]) -> None:
    """:class:`Stale` if any product changed (price, VAT category, archived...) since the plan."""
    if not seen:
        return
    now = uow.s.execute(_PRODUCTS_NOW, {"ids": [pid for pid, _ in seen]}).all()
    if tuple(sorted((pid, version) for pid, version in now)) != seen:
        raise Stale


_RATES, _REGIMES = VatRate.__table__, CompanyVatRegime.__table__
_RATES_NOW = select(_RATES.c.category, _RATES.c.valid_from, _RATES.c.rate).order_by(
    _RATES.c.category, _RATES.c.valid_from)
_REGIMES_NOW = select(_REGIMES.c.valid_from, _REGIMES.c.regime).order_by(_REGIMES.c.valid_from)


def rates_seen(uow: UnitOfWork) -> tuple:
    """The VAT rate table and the company's regimes (a few rows), as the plan saw them (in a read
    unit as the process last read them, while the reference data is unchanged: :mod:`boclerk.db.reference`)."""
    return remembered(uow, ("rates seen",), lambda: (tuple(tuple(r) for r in uow.s.execute(_RATES_NOW)),
                                                     tuple(tuple(r) for r in uow.s.execute(_REGIMES_NOW))))


def recheck_rates(uow: UnitOfWork, seen: tuple) -> None:
    if rates_seen(uow) != seen:
        raise Stale


def recheck_day(uow: UnitOfWork, day) -> None:
    """The plan was made for today's date: past midnight it is made again."""
    if uow.today != day:
        raise Stale
