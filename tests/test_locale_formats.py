"""boclerk/locale/formats.py keeps what Babel says of currencies and of the common locales' numbers
and days, so that printing an amount or a day does not load Babel's data: every value must be
Babel's, and an amount or a day printed from it must read exactly as Babel prints it."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal

import pytest
from babel import Locale
from babel.dates import format_date, get_date_format
from babel.numbers import (
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    list_currencies,
    normalize_currency,
    parse_pattern,
)

from boclerk import dates, money
from boclerk.locale.formats import CURRENCIES, DAYS, DECIMALS, NUMBERS

AMOUNTS = (0, 1, -1, 7, -7, 99, 100, -100, 999, 1000, 12345, -12345, 999999, 1000000, 123456789,
           -123456789, 10**15, -(10**15), 2**63 - 1, -(2**63))


def test_the_currencies_kept_are_babels():
    assert set(CURRENCIES) == set(list_currencies())
    assert {code: get_currency_precision(code) for code in CURRENCIES} == {
        code: DECIMALS.get(code, 2) for code in CURRENCIES}
    assert set(DECIMALS) <= CURRENCIES


@pytest.mark.parametrize("written", ["RUB", "rub", "Jpy", "KWD", "CLF", "usd"])
def test_a_currency_reads_as_babel_reads_it(written):
    money._currency.cache_clear()
    code = normalize_currency(written)
    assert money._currency(written) == (code, get_currency_precision(code))


def test_an_unknown_currency_is_still_refused():
    money._currency.cache_clear()
    with pytest.raises(money.InvalidInput, match="'ZZZ' is not a known currency code"):
        money.currency_decimals("ZZZ")


@pytest.mark.parametrize("locale", sorted(NUMBERS))
def test_the_locales_kept_are_babels(locale):
    loc = Locale.parse(locale)
    assert loc.decimal_formats[None].pattern == "#,##0.###"
    assert NUMBERS[locale] == (get_group_symbol(loc), get_decimal_symbol(loc), get_minus_sign_symbol(loc))


@pytest.mark.parametrize("locale", sorted(NUMBERS))
@pytest.mark.parametrize("currency", ["RUB", "JPY", "KWD", "CLF"])
def test_an_amount_reads_as_babel_prints_it(locale, currency):
    loc = Locale.parse(locale)
    pattern = parse_pattern(loc.decimal_formats[None])
    for minor in AMOUNTS:
        expected = pattern.apply(money.to_decimal(minor, currency), loc, currency=currency)
        assert money.format_amount(minor, currency=currency, locale=locale) == expected, minor


def test_other_locales_are_printed_by_babel():
    assert "en_IN" not in NUMBERS
    assert money.format_amount(123456789, currency="INR", locale="en_IN") == "12,34,567.89"
    with pytest.raises(TypeError):
        money.format_amount(Decimal("1.5"), currency="RUB", locale="ru")  # type: ignore[arg-type]


def test_printing_an_amount_or_a_day_in_a_kept_locale_loads_no_babel():
    code = ("import sys, datetime\nfrom boclerk.money import decimal_str, format_amount\n"
            "from boclerk.dates import format_day\n"
            "print(format_amount(-123456, currency='RUB', locale='ru'), decimal_str(5, 'JPY'), "
            "format_day(datetime.date(2026, 3, 4), 'en'))\n"
            "print('babel' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["-1\xa0234,56 5 3/4/2026", "False"]


@pytest.mark.parametrize("locale", sorted(DAYS))
def test_the_days_kept_are_babels(locale):
    assert set(DAYS) == set(NUMBERS)
    short = get_date_format("short", locale=Locale.parse(locale)).pattern
    assert DAYS[locale] == re.sub(r"y+", "yyyy", short)
    for day in (date(2026, 1, 5), date(2026, 12, 31), date(2025, 10, 1), date(1, 1, 1), date(999, 9, 9),
                date(9999, 12, 31), datetime(2026, 3, 4, 23, 59)):
        assert dates.format_day(day, locale) == format_date(day, DAYS[locale], locale=locale), day


def test_other_locales_keep_babels_days():
    assert "ja" not in DAYS
    assert dates.format_day(date(2026, 3, 4), "ja") == "2026/03/04"
