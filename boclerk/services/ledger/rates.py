"""Exchange rates per currency and day: entered by hand or read from the Bank of Russia's file.

The books keep the company's currency. A document in another currency is booked at the rate
of its own date (the latest rate on or before it, at most a week old: the Bank of Russia sets
no rate on weekends and holidays).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.currency import ExchangeRate
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput, Refused
from boclerk.fx import convert, parse_rate, rate_decimal
from boclerk.i18n import _
from boclerk.money import currency_decimals
from boclerk.services import shown

SET, IMPORT = act("ledger.rate_set"), act("ledger.rate_import")
STALE_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class RateRow:
    currency: str
    day: date
    rate: str  # per one unit, exact: "97.1234"
    nominal: int
    per_nominal: str  # as published: "54.1" for 100 JPY
    source: str


@dataclass(frozen=True)
class ImportResult:
    day: date
    added: int
    changed: int
    unchanged: int
    skipped: list[str]


def _row(r: ExchangeRate) -> RateRow:
    return RateRow(r.currency, r.day, format(rate_decimal(r.rate, r.nominal), "f"), r.nominal,
                   format(rate_decimal(r.rate), "f"), r.source)


def foreign(uow: UnitOfWork, code: str | None) -> str | None:
    """``code`` as a checked ISO code, or None when it is the company's own currency (or none)."""
    if code is None or not str(code).strip():
        return None
    code = str(code).strip().upper()
    currency_decimals(code)  # InvalidInput for an unknown code
    return None if code == uow.currency else code


def rate_on(uow: UnitOfWork, currency: str, day: date) -> tuple[int, int]:
    """(rate, nominal) of ``currency`` in force on ``day``; refused when none is known."""
    key = ("rate", currency, day)
    if key in uow.cache:
        return uow.cache[key]
    r = uow.s.scalars(select(ExchangeRate).where(ExchangeRate.currency == currency, ExchangeRate.day <= day)
                      .order_by(ExchangeRate.day.desc()).limit(1)).first()
    if r is None or day - r.day > STALE_AFTER:
        raise Refused(_("There is no {currency} rate for {day}: enter it with boclerk rate set {currency} {day} RATE, or import the Bank of Russia's daily file with boclerk rate import FILE.").format(currency=currency, day=shown.day(uow, day)))
    uow.cache[key] = (r.rate, r.nominal)
    return r.rate, r.nominal


def to_base(uow: UnitOfWork, amount: int, currency: str | None, day: date) -> int:
    """Minor units of ``currency`` (None: the company's) in the company's currency on ``day``."""
    if currency is None or currency == uow.currency:
        return amount
    rate, nominal = rate_on(uow, currency, day)
    return convert(amount, from_currency=currency, to_currency=uow.currency, rate=rate, nominal=nominal)


def _put(uow: UnitOfWork, currency: str, day: date, rate: int, nominal: int, source: str) -> str:
    """Insert or replace one rate: 'added', 'changed' or 'unchanged'."""
    lock = uow.company.lock_date
    found = uow.s.get(ExchangeRate, (currency, day))
    if found is not None and (found.rate, found.nominal) == (rate, nominal):
        return "unchanged"
    if found is not None and lock is not None and day <= lock:
        raise Refused(_("The books are locked up to {lock}; the {currency} rate of {day} cannot change.").format(lock=shown.day(uow, lock), currency=currency, day=shown.day(uow, day)))
    if found is None:
        uow.s.add(ExchangeRate(currency=currency, day=day, rate=rate, nominal=nominal, source=source))
        return "added"
    found.rate, found.nominal, found.source = rate, nominal, source
    return "changed"


def set_rate(uow: UnitOfWork, currency: str, day: date, rate_text: str, *, nominal: int = 1) -> RateRow:
    """``nominal`` units of ``currency`` cost ``rate_text`` of the company's currency on ``day``."""
    uow.require(SET)
    code = foreign(uow, currency)
    if code is None:
        raise InvalidInput(_("{currency} is the books' own currency; its rate is always 1.").format(currency=uow.currency))
    if not isinstance(nominal, int) or nominal <= 0:
        raise InvalidInput(_("The nominal is a positive whole number of units (1, 10, 100 ...)."))
    rate = parse_rate(rate_text)
    what = _put(uow, code, day, rate, nominal, "manual")
    uow.s.flush()
    uow.audit("rate.set", "exchange_rate", f"{code}:{day}", after={"rate": rate_text.strip(), "nominal": nominal,
                                                                   "result": what})
    return _row(uow.s.get(ExchangeRate, (code, day)))


def import_rates(uow: UnitOfWork, day: date, rates: Sequence[tuple[str, int, str]], *,
                 source: str = "cbr") -> ImportResult:
    """Rates of one day as (currency, nominal, value per nominal), e.g. read from a ValCurs file.

    Currencies unknown to the books' currency list are skipped by name; every rate is checked
    before the first is written.
    """
    uow.require(IMPORT)
    checked, skipped = [], []
    for code, nominal, value in rates:
        try:
            cur = foreign(uow, code)
        except InvalidInput:
            skipped.append(code)
            continue
        if cur is None:
            continue
        checked.append((cur, nominal, parse_rate(value)))
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    for cur, nominal, rate in checked:
        counts[_put(uow, cur, day, rate, nominal, source)] += 1
    uow.s.flush()
    uow.audit("rate.import", "exchange_rate", str(day), after={**counts, "skipped": skipped, "source": source})
    return ImportResult(day, counts["added"], counts["changed"], counts["unchanged"], skipped)


def list_rates(uow: UnitOfWork, *, currency: str | None = None, since: date | None = None,
               limit: int = 200) -> list[RateRow]:
    uow.require(Perm.READ)
    stmt = select(ExchangeRate).order_by(ExchangeRate.day.desc(), ExchangeRate.currency).limit(limit)
    if currency:
        stmt = stmt.where(ExchangeRate.currency == currency.strip().upper())
    if since:
        stmt = stmt.where(ExchangeRate.day >= since)
    return [_row(r) for r in uow.s.scalars(stmt)]
