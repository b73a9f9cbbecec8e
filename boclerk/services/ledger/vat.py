"""VAT rates by date and the company's regime: the rate of a line on the day it counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from boclerk.db.reference import remembered
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.catalog import Product, VatCategory
from boclerk.domain.code_words import choices
from boclerk.domain.permissions import Perm
from boclerk.domain.tax import CompanyVatRegime, VatRate, VatRegime, in_force, resolve_rate
from boclerk.domain.tax_words import CATEGORIES, REGIMES
from boclerk.errors import InvalidInput, Refused
from boclerk.i18n import _
from boclerk.services import shown

SET_REGIME, SET_VAT_RATE = act("ledger.vat_regime"), act("ledger.vat_rate")
_RATES = select(VatRate.__table__.c.category, VatRate.__table__.c.valid_from, VatRate.__table__.c.rate)
_REGIMES = select(CompanyVatRegime.__table__.c.valid_from, CompanyVatRegime.__table__.c.regime)


@dataclass(frozen=True)
class RateRow:
    category: str
    valid_from: date
    rate: int | None


@dataclass(frozen=True)
class RegimeRow:
    valid_from: date
    regime: str


def _table(uow: UnitOfWork) -> dict[str, tuple[tuple[date, int | None], ...]]:
    """The rate table by category: read once per unit, and kept by the process between read units
    while the reference data is unchanged (:mod:`boclerk.db.reference`)."""
    cached = uow.cache.get(("vat_rates",))
    if cached is None:
        cached = uow.cache[("vat_rates",)] = remembered(uow, ("vat_rates",), lambda: _read_table(uow))
    return cached


def _read_table(uow: UnitOfWork) -> dict[str, tuple[tuple[date, int | None], ...]]:
    table: dict[str, list[tuple[date, int | None]]] = {}
    for category, valid_from, rate in uow.s.execute(_RATES):
        table.setdefault(category, []).append((valid_from, rate))
    return {category: tuple(rows) for category, rows in table.items()}


def regime_on(uow: UnitOfWork, day: date) -> str:
    cached = uow.cache.get(("vat_regimes",))
    if cached is None:
        cached = uow.cache[("vat_regimes",)] = remembered(uow, ("vat_regimes",), lambda: tuple(
            (valid_from, regime) for valid_from, regime in uow.s.execute(_REGIMES)))
    return in_force(cached, day) or VatRegime.GENERAL.value


def category_rate(uow: UnitOfWork, category: str, day: date) -> int | None:
    """The rate table's percentage of ``category`` on ``day`` (None: exempt)."""
    rows = _table(uow).get(category, [])
    if not any(start <= day for start, _ in rows):
        raise Refused(_("The VAT rate table has no {category} rate on {day}; add one with: boclerk vat rate-add.").format(category=category, day=shown.day(uow, day)))
    return in_force(rows, day)


def sale_rate(uow: UnitOfWork, p: Product, day: date) -> int | None:
    """The rate of a sale of ``p`` on ``day``: the category's rate under the company's regime."""
    return resolve_rate(p.vat_category, regime_on(uow, day), category_rate(uow, p.vat_category, day))


def purchase_rate(uow: UnitOfWork, p: Product, day: date) -> int | None:
    """The rate a domestic supplier charges on ``day`` for ``p`` (the table's, by category)."""
    return category_rate(uow, p.vat_category, day)


def recovers_input_vat(uow: UnitOfWork, day: date) -> bool:
    return VatRegime(regime_on(uow, day)).recovers_input_vat


def list_rates(uow: UnitOfWork) -> list[RateRow]:
    uow.require(Perm.READ)
    return [RateRow(r.category, r.valid_from, r.rate)
            for r in uow.s.scalars(select(VatRate).order_by(VatRate.category, VatRate.valid_from))]


def list_regimes(uow: UnitOfWork) -> list[RegimeRow]:
    uow.require(Perm.READ)
    return [RegimeRow(r.valid_from, r.regime)
            for r in uow.s.scalars(select(CompanyVatRegime).order_by(CompanyVatRegime.valid_from))]


def set_regime(uow: UnitOfWork, regime: str, valid_from: date) -> RegimeRow:
    """The company's VAT regime from ``valid_from`` on (after the lock date only)."""
    uow.require(SET_REGIME)
    try:
        value = VatRegime(regime.strip().lower()).value
    except ValueError:
        raise InvalidInput(_("'{regime}' is not a VAT regime; choose {codes}.").format(
            regime=regime, codes=choices((r.value for r in VatRegime), REGIMES))) from None
    _after_lock(uow, valid_from)
    row = uow.s.get(CompanyVatRegime, valid_from)
    before = row.regime if row else None
    if row is None:
        uow.s.add(CompanyVatRegime(valid_from=valid_from, regime=value))
    else:
        row.regime = value
    uow.s.flush()
    uow.cache.pop(("vat_regimes",), None)
    uow.audit("vat.regime", "company", 1, before={"from": str(valid_from), "regime": before},
              after={"from": str(valid_from), "regime": value})
    return RegimeRow(valid_from, value)


def set_rate(uow: UnitOfWork, category: str, valid_from: date, rate: int | None) -> RateRow:
    """A category's rate from ``valid_from`` on, when the law changes (after the lock date only)."""
    uow.require(SET_VAT_RATE)
    try:
        cat = VatCategory(category.strip().lower()).value
    except ValueError:
        raise InvalidInput(_("'{category}' is not a VAT category; choose {codes}.").format(
            category=category, codes=choices((c.value for c in VatCategory), CATEGORIES))) from None
    if (rate is None) != (cat == VatCategory.EXEMPT.value):
        raise InvalidInput(_("Only the exempt category goes without a rate, and it has none."))
    if rate is not None and not 0 <= rate <= 100:
        raise InvalidInput(_("A VAT rate is a whole percentage from 0 to 100."))
    _after_lock(uow, valid_from)
    row = uow.s.get(VatRate, (cat, valid_from))
    before = row.rate if row else None
    if row is None:
        uow.s.add(VatRate(category=cat, valid_from=valid_from, rate=rate))
    else:
        row.rate = rate
    uow.s.flush()
    uow.cache.pop(("vat_rates",), None)
    uow.audit("vat.rate", "vat_rate", f"{cat}:{valid_from}", before={"rate": before}, after={"rate": rate})
    return RateRow(cat, valid_from, rate)


def _after_lock(uow: UnitOfWork, day: date) -> None:
    lock = uow.company.lock_date
    if lock is not None and day <= lock:
        raise Refused(_("The books are locked up to {lock}; a VAT change cannot start on {day}.").format(lock=shown.day(uow, lock), day=shown.day(uow, day)))
