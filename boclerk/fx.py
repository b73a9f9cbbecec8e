"""Exchange rates: integers inside, like money; one conversion rule, rounded once.

A rate is the price of ``nominal`` units of a foreign currency in the company's currency,
kept as an integer times 10**RATE_DECIMALS (the Bank of Russia's EUR 97,1234 for 1 unit is
97123400; JPY 54,1000 for 100 units is 54100000 with nominal 100).
"""

from __future__ import annotations

import re
from decimal import Decimal

from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.money import _div_half_up, _exact_ratio, currency_decimals

RATE_DECIMALS = 6


def parse_rate(text: str) -> int:
    """A rate as typed or published ("97.1234", "97,1234") to its integer form; never rounds."""
    body = text.strip().replace(",", ".").replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]+)?", body):
        raise InvalidInput(_("'{text}' is not an exchange rate (write e.g. 97.1234).").format(text=text))
    whole, __, frac = body.partition(".")
    if len(frac.rstrip("0")) > RATE_DECIMALS:
        raise InvalidInput(_("'{text}' has more than {rate_decimals} decimals.").format(
            text=text, rate_decimals=RATE_DECIMALS))
    value = int(whole + frac.rstrip("0").ljust(RATE_DECIMALS, "0"))
    if value <= 0:
        raise InvalidInput(_("'{text}' is not a positive exchange rate.").format(text=text))
    return value


def rate_decimal(value: int, nominal: int = 1) -> Decimal:
    """The integer form of a rate back to a Decimal per one unit: 97123400 -> 97.1234."""
    return (Decimal(value).scaleb(-RATE_DECIMALS) / nominal).normalize()


def convert(amount: int, *, from_currency: str, to_currency: str, rate: int, nominal: int = 1) -> int:
    """Minor units of ``from_currency`` at ``rate`` (per ``nominal`` units) to minor units of
    ``to_currency``, rounded half-up once: 1 200,00 EUR at 97,1234 is 116 548,08 RUB."""
    _exact_ratio(amount, "amount", whole=True)
    if rate <= 0 or nominal <= 0:
        raise InvalidInput(_("An exchange rate must be positive."))
    src, dst = currency_decimals(from_currency), currency_decimals(to_currency)
    return _div_half_up(amount * rate * 10**dst, 10**src * 10**RATE_DECIMALS * nominal)
