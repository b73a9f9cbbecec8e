"""Quantities: integers of the unit's smallest fraction inside, Decimal and locale text at the edges.

A product is counted in one unit (шт, кг, м, л ...), and a unit allows 0 to 3 decimals.
A quantity is kept as an ``int`` of the unit's smallest fraction: 1,250 кг (3 decimals) is
1250, 4 шт (0 decimals) is 4. A product's quantities therefore add and compare as plain
integers, and never go through float.

The one rounding rule for quantities, beside the money one: a quantity that is *computed*
(a share of another, a conversion) is rounded half-up to the unit's smallest fraction, once.
A quantity that is *typed or read* is never rounded: more decimals than the unit allows is
refused with a sentence.
"""

from __future__ import annotations

import re
from decimal import Decimal

from boclerk.errors import InvalidInput
from boclerk.i18n import _, ngettext
from boclerk.money import INT64_MAX, _div_half_up, _exact_ratio

MAX_DECIMALS = 3
_SPACES = " \u00a0\u202f"
_MINUS = "-\u2212"


def _check_decimals(decimals: int) -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:
        raise ValueError(f"a unit has 0 to {MAX_DECIMALS} decimals, not {decimals!r}")
    return decimals


def plain(value: Decimal | int) -> str:
    """A quantity as plain text without exponent or trailing fraction zeros: 4, 1.25."""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_stored(value: Decimal | int, decimals: int, *, unit: str = "", allow_negative: bool = False,
              allow_zero: bool = False) -> int:
    """A quantity in units (4, Decimal("1.25")) as an int of the unit's smallest fraction.

    Never rounds: a value with more decimals than the unit allows is refused.
    """
    _check_decimals(decimals)
    try:
        num, den = _exact_ratio(value, "quantity")
    except TypeError:
        raise InvalidInput(_("'{value}' is not a quantity.").format(value=value)) from None
    stored, remainder = divmod(num * 10**decimals, den)
    shown = said(value)
    if remainder:
        if decimals == 0:
            raise InvalidInput(_("'{shown}' is not a whole number, and {unit} is counted in whole units.").format(
                shown=shown, unit=unit or _("this unit")))
        raise InvalidInput(ngettext("'{shown}' has more than {n} decimal, which {unit} allows.",
                                    "'{shown}' has more than {n} decimals, which {unit} allows.", decimals).format(
            shown=shown, n=decimals, unit=unit or _("this unit")))
    if (stored < 0 and not allow_negative) or (stored == 0 and not allow_zero):
        raise InvalidInput(_("The quantity must be positive.") if not allow_zero else
                           _("The quantity must be 0 or more."))
    if abs(stored) > INT64_MAX:
        raise InvalidInput(_("'{shown}' is too large.").format(shown=plain(value)))
    return stored


def said(value: Decimal | int) -> str:
    """A quantity for a sentence, as the interface language writes a number ("2,5" in Russian)."""
    from boclerk.i18n import words_language

    try:
        return format_figure(value, locale=words_language())
    except (ArithmeticError, ValueError):
        return plain(value)


def to_units(stored: int, decimals: int) -> Decimal:
    """An int of the smallest fraction back to units, with exactly the unit's decimals: 1250 -> 1.250."""
    _check_decimals(decimals)
    _exact_ratio(stored, "stored", whole=True)
    return Decimal(stored).scaleb(-decimals) if decimals else Decimal(stored)


def round_qty(value: Decimal | int, decimals: int) -> int:
    """THE rounding rule for a computed quantity: half-up to the unit's smallest fraction."""
    _check_decimals(decimals)
    num, den = _exact_ratio(value, "quantity")
    return _div_half_up(num * 10**decimals, den)


def share(stored: int, part: int, whole: int) -> int:
    """``stored`` x part / whole, rounded by the quantity rule (already in smallest fractions)."""
    if whole <= 0:
        raise ValueError("share of a non-positive whole")
    return _div_half_up(stored * part, whole)


def amount(qty: Decimal | int, unit_price: int, discount_percent: Decimal | int = 0) -> int:
    """qty (in units, exact) x unit_price x (1 - discount%), half-up once: the money rule on a
    quantity that is not stored yet (a form's draft line). Same result as money.line_total."""
    from boclerk.money import _check_percent

    qn, qd = _exact_ratio(qty, "quantity")
    dn, dd = _check_percent(discount_percent, "discount_percent")
    return _div_half_up(qn * unit_price * (100 * dd - dn), qd * 100 * dd)


def parse(text: str, *, locale: str = "ru", allow_negative: bool = False) -> Decimal:
    """What a clerk types ("1,250", "1.25", "1 000", "1 000,5", "-3") to an exact Decimal.

    Spaces group. The locale's decimal symbol is decimal ("," in ru, "." in en); a point or a
    comma once is decimal too, except that en's comma before exactly three digits groups
    ("1,250" in en is 1250). Both marks at once: the last one is decimal.
    """
    if not isinstance(text, str) or len(text) > 40:
        raise InvalidInput(_("'{text}' is not a quantity.").format(text=text))
    body = text.strip()
    negative = body[:1] != "" and body[0] in _MINUS
    if negative:
        body = body[1:].strip()
        if not allow_negative:
            raise InvalidInput(_("'{text}' is negative, which is not allowed here.").format(text=text))
    body = "".join(" " if ch in _SPACES else ch for ch in body)
    if not re.fullmatch(r"[0-9]([0-9 .,]*[0-9])?", body):
        raise InvalidInput(_("'{text}' is not a quantity.").format(text=text))
    marks = [ch for ch in ".," if ch in body]
    whole, frac = body, ""
    if len(marks) == 2:
        point = max(body.rfind("."), body.rfind(","))
        whole, frac = body[:point], body[point + 1:]
        whole = whole.replace("," if body[point] == "." else ".", " ")
    elif marks and body.count(marks[0]) == 1:
        mark = marks[0]
        whole, frac = body.split(mark)
        if mark == "," and locale.startswith("en") and len(frac) == 3 and " " not in whole:
            whole, frac = whole + frac, ""
    elif marks:  # one mark, repeated: it groups
        whole = body.replace(marks[0], " ")
    groups = whole.split(" ")
    if not re.fullmatch(r"[0-9]*", frac) or not all(re.fullmatch(r"[0-9]+", g) for g in groups):
        raise InvalidInput(_("'{text}' is not a quantity.").format(text=text))
    if len(groups) > 1 and not (re.fullmatch(r"[1-9][0-9]{0,2}", groups[0])
                                and all(len(g) == 3 for g in groups[1:])):
        raise InvalidInput(_("'{text}' has misplaced group separators (write e.g. 1 000,5).").format(text=text))
    value = Decimal("".join(groups) + ("." + frac if frac else ""))
    return -value if negative else value


def format_qty(stored: int, decimals: int, *, locale: str = "ru", symbol: str = "") -> str:
    """Locale text with the unit's decimals: ru "1 250,500 кг", en "1,250.500 kg", "4 шт"."""
    text = _grouped(to_units(stored, decimals), decimals, locale)
    return f"{text} {symbol}" if symbol else text


def format_units(value: Decimal | int, *, locale: str = "ru", symbol: str = "") -> str:
    """A quantity already in units, with the decimals it carries: Decimal("1.250") -> ru "1,250"."""
    value = Decimal(value)
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    text = _grouped(value, decimals, locale)
    return f"{text} {symbol}" if symbol else text


def format_figure(value: Decimal | int | float | str, *, locale: str = "ru") -> str:
    """A figure that is not money (hours, a percentage, a count) as the locale writes a number,
    without needless zeros: ru "1 103,35", "12,5", "4"; en "1,103.35"."""
    return format_units(Decimal(str(value)).normalize(), locale=locale)


def _grouped(value: Decimal, decimals: int, locale: str) -> str:
    """``value`` grouped by thousands with ``decimals`` places, as Babel writes it in ``locale``.

    The common locales' symbols are kept in boclerk/locale/formats.py, so that showing a quantity
    (an order's lines) does not load Babel's locale data; any other locale is asked of Babel."""
    from boclerk.locale.formats import NUMBERS

    symbols = NUMBERS.get(locale)
    if symbols is not None and value.is_finite():
        group, point, minus = symbols
        text = f"{abs(value):,.{decimals}f}".replace(",", "\x00").replace(".", point).replace("\x00", group)
        return minus + text if value.is_signed() else text
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale, decimal_quantization=False)


def format_for_clerk(value: Decimal | int, unit: str = "", *, locale: str = "ru") -> str:
    """A quantity in units as a clerk reads it on a screen: "1,250 kg" (the locale's decimal
    mark), pieces as plain numbers ("4")."""
    return format_units(value, locale=locale) + (f" {unit}" if unit and unit != "pcs" else "")
