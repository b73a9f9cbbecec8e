"""Money: integer minor units inside, Decimal and locale text only at the edges.

Every amount in boclerk is an ``int`` of minor units (kopecks, cents) of the one
currency of the database. The number of decimals of a currency comes from Babel.
Arithmetic on fractions is exact (integer ratios), and there is one rounding rule:
half-up to the minor unit (.5 goes away from zero), applied once per line.

Babel is imported lazily, inside the functions that need it, so that
``import boclerk.money`` stays cheap for quick command-line lookups.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from boclerk.errors import InvalidInput
from boclerk.i18n import _, ngettext

if TYPE_CHECKING:
    from babel import Locale

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_MINUS = "-\u2212"  # hyphen-minus and the typographic minus sign
_SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space
_PLAIN_DECIMAL = r"-?[0-9]+(\.[0-9]+)?"  # compiled on first use (re keeps it)


def _exact_ratio(value: Decimal | int, what: str = "value", whole: bool = False) -> tuple[int, int]:
    """``value`` as an exact (numerator, denominator); only int (and Decimal unless whole)."""
    kinds = int if whole else (int, Decimal)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise TypeError(f"{what} must be an int{'' if whole else ' or a Decimal'}")
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if not value.is_finite() or not isinstance(exponent, int) or abs(exponent) > 400:
            raise InvalidInput(_("'{value}' is not a usable number.").format(value=value))
    return value.as_integer_ratio()


def _div_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator (> 0) rounded half-up: .5 away from zero; exact."""
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return -quotient if numerator < 0 else quotient


def _signed(digits: str, negative: bool, allow_negative: bool, text: str) -> int:
    """The parsed number; refuses a minus sign where not allowed and int64 overflow."""
    if negative and not allow_negative:
        raise InvalidInput(_("'{text}' is negative, which is not allowed here.").format(text=text))
    digits = digits.lstrip("0") or "0"
    if len(digits) > 19 or int(digits) > INT64_MAX + negative:
        raise InvalidInput(_("'{text}' is too large.").format(text=text))
    return -int(digits) if negative else int(digits)


def _check_percent(value: Decimal | int, what: str) -> tuple[int, int]:
    num, den = _exact_ratio(value, what)
    if not 0 <= num <= 100 * den:
        raise InvalidInput(_("'{value}' is not a percentage between 0 and 100.").format(value=value))
    return num, den


@lru_cache(maxsize=64)
def _currency(currency: str) -> tuple[str, int]:
    """(ISO code, decimals) of a currency known to Babel; InvalidInput otherwise. The codes Babel
    knows are kept in boclerk/locale/formats.py (loading Babel's data costs a quick lookup about
    8 ms); one not kept there is asked of Babel."""
    from boclerk.locale.formats import CURRENCIES, DECIMALS

    code = currency.upper() if isinstance(currency, str) else None
    if code in CURRENCIES:
        return code, DECIMALS.get(code, 2)
    from babel.numbers import get_currency_precision, normalize_currency

    code = normalize_currency(currency) if isinstance(currency, str) else None
    if code is None:
        raise InvalidInput(_("'{currency}' is not a known currency code.").format(currency=currency))
    return code, int(get_currency_precision(code))


@lru_cache(maxsize=32)
def _locale(locale: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        raise InvalidInput(_("'{locale}' is not a known locale.").format(locale=locale)) from None


def currency_decimals(currency: str) -> int:
    """Number of decimals of ``currency`` as Babel knows it (RUB 2, JPY 0, KWD 3)."""
    return _currency(currency)[1]


def round_half_up(value: Decimal) -> int:
    """Round to the nearest integer; .5 goes away from zero (2.5 -> 3, -2.5 -> -3)."""
    return _div_half_up(*_exact_ratio(value))


def to_minor(value: Decimal | int | str, currency: str = "RUB") -> int:
    """Major units (Decimal, int, plain "1234.50") to minor units; never rounds."""
    code, decimals = _currency(currency)
    if isinstance(value, str):
        if not re.fullmatch(_PLAIN_DECIMAL, value.strip()) or len(value) > 40:
            raise InvalidInput(_("'{value}' is not an amount.").format(value=value))
        value = Decimal(value.strip())
    num, den = _exact_ratio(value)
    minor, remainder = divmod(num * 10**decimals, den)
    if remainder:
        raise InvalidInput(_too_many_decimals(str(value), decimals, code))
    if not INT64_MIN <= minor <= INT64_MAX:
        raise InvalidInput(_("'{value}' is too large.").format(value=value))
    return minor


def to_decimal(minor: int, currency: str = "RUB") -> Decimal:
    """Minor units to a Decimal with exactly the currency's decimals: 123450 -> 1234.50."""
    _exact_ratio(minor, "minor", whole=True)
    decimals = currency_decimals(currency)
    digits = tuple(int(d) for d in str(abs(minor)).rjust(decimals + 1, "0"))
    return Decimal((1 if minor < 0 else 0, digits, -decimals))


def decimal_str(minor: int, currency: str = "RUB") -> str:
    """The JSON/CSV form: "1265793.29", "-0.05", "100.00" (JPY: "1234")."""
    return format(to_decimal(minor, currency), "f")


def format_amount(minor: int, *, currency: str = "RUB", locale: str = "ru") -> str:
    """Locale text without a currency sign: ru "1 234,56" (Babel's spaces), en "1,234.56".

    The common locales' symbols are kept in boclerk/locale/formats.py (the text is Babel's, without
    loading Babel's locale data); any other locale is formatted by Babel."""
    from boclerk.locale.formats import NUMBERS

    symbols = NUMBERS.get(locale)
    if symbols is not None and isinstance(minor, int) and not isinstance(minor, bool):
        code, decimals = _currency(currency)
        group, point, minus = symbols
        whole, fraction = divmod(abs(minor), 10**decimals)
        text = f"{whole:,}".replace(",", group) + (f"{point}{fraction:0{decimals}d}" if decimals else "")
        return minus + text if minor < 0 else text
    from babel.numbers import parse_pattern

    loc, code = _locale(locale), _currency(currency)[0]
    pattern = parse_pattern(loc.decimal_formats[None])
    return pattern.apply(to_decimal(minor, code), loc, currency=code)


@lru_cache(maxsize=32)
def _symbols(locale: str, code: str) -> tuple[str, str, tuple[str, ...]]:
    """(decimal symbol, group symbol, currency markers longest first) of a locale."""
    from babel.numbers import get_currency_symbol, get_decimal_symbol, get_group_symbol

    loc = _locale(locale)
    markers = sorted({get_currency_symbol(code, loc), code}, key=len, reverse=True)
    return get_decimal_symbol(loc), get_group_symbol(loc), tuple(markers)


def _too_many_decimals(text: str, decimals: int, code: str) -> str:
    if decimals == 0:
        return _("'{text}' has decimals, but {code} amounts are whole numbers.").format(text=text, code=code)
    return ngettext("'{text}' has more than {n} decimal.", "'{text}' has more than {n} decimals.",
                    decimals).format(text=text, n=decimals)


def _misplaced(text: str, example: str = "1 234 567") -> InvalidInput:
    return InvalidInput(_("'{text}' has misplaced group separators (write e.g. {example}).").format(
        text=text, example=example))


def _grouped_ok(groups: list[str]) -> bool:
    """A first group of 1-3 digits (no leading zero), then groups of exactly three digits."""
    first, rest = groups[0], groups[1:]
    return (re.fullmatch(r"[1-9][0-9]{0,2}", first) is not None
            and all(re.fullmatch(r"[0-9]{3}", g) for g in rest))


def _split_sign(text: str, body: str) -> tuple[bool, str]:
    """Remove one leading minus sign; refuse several."""
    if sum(text.count(m) for m in _MINUS) > 1:
        raise InvalidInput(_("'{text}' has more than one minus sign.").format(text=text))
    negative = body[:1] != "" and body[0] in _MINUS
    return negative, body[1:].strip() if negative else body


def _strip_sign_and_marker(text: str, markers: tuple[str, ...]) -> tuple[bool, str]:
    """Remove one minus sign and one currency marker (before or after the number)."""
    negative, body = _split_sign(text, text.strip())
    for marker in markers:
        if body.upper().startswith(marker.upper()):
            body = body[len(marker):].strip()
            break
        if body.upper().endswith(marker.upper()):
            body = body[: -len(marker)].strip()
            break
    if not negative:  # the sign may follow a leading marker: "$-5", "RUB -12.00"
        negative, body = _split_sign(text, body)
    return negative, body


def parse_amount(text: str, *, currency: str = "RUB", locale: str = "ru",
                 allow_negative: bool = False) -> int:
    """Parse what a clerk types ("1 234,56", "1,234.56", "1234", "$1,234.50") to minor units.

    Spaces always group. With both '.' and ',' the last one is the decimal separator.
    A separator repeated groups. A single one is decimal, except before exactly three
    digits: the locale's group symbol then groups ("1,234" in en), the locale's decimal
    symbol is decimal for 3-decimal currencies, anything else is ambiguous. Never rounds:
    extra decimals, bad grouping and non-numbers are refused with InvalidInput.
    """
    code, decimals = _currency(currency)
    dec_symbol, group_symbol, markers = _symbols(locale, code)
    negative, body = _strip_sign_and_marker(text, markers)
    spaces = _SPACES + (group_symbol if group_symbol not in ".," else "")
    body = "".join(" " if ch in spaces else ch for ch in body)
    if not re.fullmatch(r"[0-9]([0-9 .,]*[0-9])?", body):
        raise InvalidInput(_("'{text}' is not an amount.").format(text=text))
    puncts = [ch for ch in ".," if ch in body]
    whole, frac = body, ""
    if len(puncts) == 2:  # both present: the last one is the decimal separator
        point = max(body.rfind("."), body.rfind(","))
        whole, frac = body[:point], body[point + 1:]
    elif puncts and body.count(puncts[0]) == 1:  # one separator, once
        sep = puncts[0]
        whole, frac = body.split(sep)
        if len(frac) == 3 and " " not in whole and _grouped_ok([whole, frac]):
            if sep == group_symbol:  # "1,234" in en: the locale groups with it
                whole, frac = whole + frac, ""
            elif not (sep == dec_symbol and decimals >= 3):
                if decimals >= 3:
                    message = _("'{text}' is ambiguous: write {digits} without a separator, or use '{point}' "
                                "for decimals.").format(text=text, digits=whole + frac, point=dec_symbol)
                elif decimals:
                    message = ngettext("'{text}' is ambiguous: write {digits} without a separator, or at most {n} "
                                       "decimal after '{point}'.",
                                       "'{text}' is ambiguous: write {digits} without a separator, or at most {n} "
                                       "decimals after '{point}'.", decimals).format(
                        text=text, digits=whole + frac, n=decimals, point=sep)
                else:
                    message = _("'{text}' is ambiguous: write {digits} without a separator.").format(
                        text=text, digits=whole + frac)
                raise InvalidInput(message)
    if not re.fullmatch(r"[0-9]*", frac):
        raise _misplaced(text)
    groups = re.split(r"[ .,]", whole)
    if len(groups) > 1 and (len(set(re.findall(r"[ .,]", whole))) > 1 or not _grouped_ok(groups)):
        raise _misplaced(text)
    if len(frac) > decimals:
        raise InvalidInput(_too_many_decimals(text, decimals, code))
    return _signed("".join(groups) + frac.ljust(decimals, "0"), negative, allow_negative, text)


def parse_percent(text: str) -> Decimal:
    """Parse "10", "10.5", "10,5", "10%" or "10 %" to a Decimal between 0 and 100."""
    body = text.strip().removesuffix("%").rstrip().replace(",", ".")
    if not re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,20})?", body) or Decimal(body) > 100:
        raise InvalidInput(_("'{text}' is not a percentage between 0 and 100.").format(text=text))
    return Decimal(body)


def line_total(qty: int, unit_price: int, discount_percent: Decimal | int = 0, qty_decimals: int = 0) -> int:
    """qty x unit_price x (1 - discount%/100), rounded half-up once on the exact product.

    ``qty`` is in the unit's smallest fraction (see :mod:`boclerk.quantity`) and ``unit_price``
    is per whole unit: 1250 (1,250 kg, 3 decimals) at 800,00 a kg is 1000,00.
    """
    _exact_ratio(qty, "qty", whole=True)
    _exact_ratio(unit_price, "unit_price", whole=True)
    num, den = _check_percent(discount_percent, "discount_percent")
    return _div_half_up(qty * unit_price * (100 * den - num), 100 * den * 10**qty_decimals)


def vat_included(gross: int, rate_percent: Decimal | int) -> int:
    """VAT inside a VAT-inclusive amount: round_half_up(gross x rate / (100 + rate))."""
    _exact_ratio(gross, "gross", whole=True)
    num, den = _check_percent(rate_percent, "rate_percent")
    return _div_half_up(gross * num, 100 * den + num)


def vat_on_top(net: int, rate_percent: Decimal | int) -> int:
    """VAT to add to a net amount: round_half_up(net x rate / 100)."""
    _exact_ratio(net, "net", whole=True)
    num, den = _check_percent(rate_percent, "rate_percent")
    return _div_half_up(net * num, 100 * den)

