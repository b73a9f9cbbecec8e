"""Tests of boclerk.money: parsing, formatting, the half-up rule and VAT."""

from __future__ import annotations

import inspect
import math
import re
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boclerk import money
from boclerk.errors import InvalidInput
from boclerk.money import (
    currency_decimals,
    decimal_str,
    format_amount,
    line_total,
    parse_amount,
    parse_percent,
    round_half_up,
    to_decimal,
    to_minor,
    vat_included,
    vat_on_top,
)

D = Decimal
NBSP, NNBSP = "\u00a0", "\u202f"
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def refusal(call, *args, **kwargs) -> str:
    """Run a call that must be refused and return the clerk's sentence."""
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    return str(info.value)


# --------------------------------------------------------------------------- hygiene


def test_module_source_never_mentions_float() -> None:
    source = inspect.getsource(money)
    assert not re.search(r"\bfloat\b", source), "money.py must not use binary fractions"


def test_import_does_not_load_babel() -> None:
    code = "import boclerk.money, sys; assert 'babel' not in sys.modules"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_module_stays_small() -> None:
    assert len(inspect.getsource(money).splitlines()) < 300


# ------------------------------------------------------------------------ currencies


@pytest.mark.parametrize(
    ("currency", "decimals"),
    [("RUB", 2), ("USD", 2), ("EUR", 2), ("JPY", 0), ("KWD", 3), ("rub", 2)],
)
def test_currency_decimals_come_from_babel(currency: str, decimals: int) -> None:
    from babel.numbers import get_currency_precision

    assert currency_decimals(currency) == decimals == get_currency_precision(currency.upper())


def test_unknown_currency_and_locale_are_refused() -> None:
    assert refusal(currency_decimals, "XYZ") == "'XYZ' is not a known currency code."
    assert "'zz_QQ' is not a known locale" in refusal(format_amount, 100, locale="zz_QQ")


# ------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0"), 0),
        (D("2.5"), 3),
        (D("-2.5"), -3),
        (D("0.5"), 1),
        (D("-0.5"), -1),
        (D("1.4999999999"), 1),
        (D("-1.4999999999"), -1),
        (D("1.5000000001"), 2),
        (D("-1.51"), -2),
        (D("3.5"), 4),  # not banker's rounding (which would give 4 here and 2 for 2.5)
        (D("1E+3"), 1000),
        (7, 7),
        (D("92233720368547758075.5"), 92233720368547758076),  # beyond Decimal's context
    ],
)
def test_round_half_up(value: Decimal, expected: int) -> None:
    assert round_half_up(value) == expected


def test_round_half_up_refuses_binary_fractions_and_nan() -> None:
    with pytest.raises(TypeError):
        round_half_up(2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        round_half_up(True)  # type: ignore[arg-type]
    refusal(round_half_up, D("NaN"))
    refusal(round_half_up, D("Infinity"))


@pytest.mark.parametrize(
    ("qty", "price", "discount", "expected"),
    [
        # 3 x 333 = 999; 999 x (100 - 33.33) / 100 = 999 x 0.6667 = 666.0333 -> 666
        (3, 333, D("33.33"), 666),
        # 3 x 333 x 0.5 = 499.5 -> 500 (rounding the unit price first would give 3 x 167 = 501)
        (3, 333, 50, 500),
        (1, 5, 10, 5),  # 4.5 -> 5
        (-1, 5, 10, -5),  # -4.5 -> -5 (a return rounds away from zero too)
        (1, 15, 10, 14),  # 13.5 -> 14
        (1, 1, 50, 1),  # 0.5 -> 1
        (3, 1999, D("12.5"), 5247),  # 5997 x 0.875 = 5247.375 -> 5247
        (2, 12345, 0, 24690),
        (2, 12345, D("0.00"), 24690),
        (7, 1000, 100, 0),
        (0, 999, 10, 0),
        (3, -100, D("33.33"), -200),  # -300 x 0.6667 = -200.01 -> -200
    ],
)
def test_line_total(qty: int, price: int, discount: Decimal | int, expected: int) -> None:
    assert line_total(qty, price, discount) == expected


def test_line_total_default_discount_and_refusals() -> None:
    assert line_total(4, 250) == 1000
    assert "between 0 and 100" in refusal(line_total, 1, 100, D("100.01"))
    assert "between 0 and 100" in refusal(line_total, 1, 100, -1)
    with pytest.raises(TypeError):
        line_total(1.5, 100)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        line_total(1, D("1.00"))  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ VAT


@pytest.mark.parametrize(
    ("gross", "rate", "expected"),
    [
        (12000, 20, 2000),  # 12000 x 20 / 120 = 2000 exactly
        (12000, 10, 1091),  # 12000 x 10 / 110 = 1090.909... -> 1091
        (11000, 10, 1000),
        (-12000, 10, -1091),
        (100, 20, 17),  # 2000 / 120 = 16.67 -> 17
        (3, 20, 1),  # 60 / 120 = 0.5 -> 1
        (-3, 20, -1),  # -0.5 -> -1
        (12000, 0, 0),
        (10750, D("7.5"), 750),  # 10750 x 7.5 / 107.5 = 750
    ],
)
def test_vat_included(gross: int, rate: Decimal | int, expected: int) -> None:
    assert vat_included(gross, rate) == expected


@pytest.mark.parametrize(
    ("net", "rate", "expected"),
    [
        (10000, 20, 2000),
        (1005, 10, 101),  # 100.5 -> 101
        (-1005, 10, -101),
        (12345, 20, 2469),
        (999, D("7.5"), 75),  # 74.925 -> 75
        (999, 0, 0),
    ],
)
def test_vat_on_top(net: int, rate: Decimal | int, expected: int) -> None:
    assert vat_on_top(net, rate) == expected


def test_vat_refuses_bad_rates() -> None:
    assert "'101' is not a percentage" in refusal(vat_included, 100, 101)
    assert "'-1' is not a percentage" in refusal(vat_on_top, 100, -1)


def half_up(exact: Fraction) -> int:
    """Reference rounding, written independently of the module (exact, integers only)."""
    magnitude = math.floor(abs(exact) + Fraction(1, 2))
    return -magnitude if exact < 0 else magnitude


percents = st.one_of(
    st.integers(0, 100),
    st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False),
)


@given(st.integers(-(10**6), 10**6), st.integers(-(10**12), 10**12), percents)
def test_line_total_matches_exact_reference(qty: int, price: int, discount: Decimal) -> None:
    exact = Fraction(qty) * price * (1 - Fraction(discount) / 100)
    assert line_total(qty, price, discount) == half_up(exact)


@given(st.integers(-(10**15), 10**15), percents)
def test_vat_matches_exact_reference(amount: int, rate: Decimal) -> None:
    r = Fraction(rate)
    assert vat_included(amount, rate) == half_up(amount * r / (100 + r))
    assert vat_on_top(amount, rate) == half_up(amount * r / 100)


# ------------------------------------------------------------------ Decimal and JSON


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (126579329, "RUB", "1265793.29"),
        (-5, "RUB", "-0.05"),
        (10000, "RUB", "100.00"),
        (0, "RUB", "0.00"),
        (1234, "JPY", "1234"),
        (-1, "KWD", "-0.001"),
        (INT64_MAX, "RUB", "92233720368547758.07"),
        (INT64_MIN, "RUB", "-92233720368547758.08"),
    ],
)
def test_to_decimal_and_decimal_str(minor: int, currency: str, text: str) -> None:
    assert decimal_str(minor, currency) == text
    value = to_decimal(minor, currency)
    assert str(value) == text and value == D(text)
    assert value.as_tuple().exponent == -currency_decimals(currency)


@pytest.mark.parametrize(
    ("value", "currency", "minor"),
    [
        (D("1234.50"), "RUB", 123450),
        (D("1234.5"), "RUB", 123450),
        (D("1.500"), "RUB", 150),  # exact, so accepted
        (5, "RUB", 500),
        ("1234.50", "RUB", 123450),
        (" -0.05 ", "RUB", -5),
        (D("1.0"), "JPY", 1),
        (D("1.234"), "KWD", 1234),
        ("92233720368547758.07", "RUB", INT64_MAX),
        ("-92233720368547758.08", "RUB", INT64_MIN),
    ],
)
def test_to_minor(value: Decimal | int | str, currency: str, minor: int) -> None:
    assert to_minor(value, currency) == minor


@pytest.mark.parametrize(
    ("value", "currency", "message"),
    [
        (D("1.234"), "RUB", "'1.234' has more than 2 decimals."),
        (D("1.5"), "JPY", "'1.5' has decimals, but JPY amounts are whole numbers."),
        (D("1.2345"), "KWD", "'1.2345' has more than 3 decimals."),
        ("1,5", "RUB", "'1,5' is not an amount."),
        ("abc", "RUB", "'abc' is not an amount."),
        ("1e5", "RUB", "'1e5' is not an amount."),
        ("92233720368547758.08", "RUB", "'92233720368547758.08' is too large."),
        (D("NaN"), "RUB", "'NaN' is not a usable number."),
    ],
)
def test_to_minor_refusals(value: Decimal | str, currency: str, message: str) -> None:
    assert refusal(to_minor, value, currency) == message


def test_to_minor_refuses_binary_fractions() -> None:
    with pytest.raises(TypeError):
        to_minor(0.1)  # type: ignore[arg-type]


int64s = st.one_of(st.integers(-(10**7), 10**7), st.integers(INT64_MIN, INT64_MAX))
currencies = st.sampled_from(["RUB", "USD", "JPY", "KWD"])


@given(int64s, currencies)
def test_decimal_round_trips(minor: int, currency: str) -> None:
    assert to_minor(decimal_str(minor, currency), currency) == minor
    assert to_minor(to_decimal(minor, currency), currency) == minor


# ------------------------------------------------------------------------ formatting


def _with_sign(minor: int, *, currency: str, locale: str) -> str:
    """The amount with its currency sign where Babel puts it ("1 234,56 ₽", "$1,234.56"):
    text a clerk may paste from elsewhere, which parse_amount accepts."""
    from babel.numbers import format_currency

    return format_currency(to_decimal(minor, currency), currency, locale=locale)


@pytest.mark.parametrize(
    ("minor", "currency", "locale", "amount", "with_sign"),
    [
        (123456, "RUB", "ru", f"1{NBSP}234,56", f"1{NBSP}234,56{NBSP}₽"),
        (123456, "RUB", "en", "1,234.56", "RUB1,234.56"),
        (123450, "USD", "en", "1,234.50", "$1,234.50"),
        (-5, "USD", "en", "-0.05", "-$0.05"),
        (10000, "RUB", "ru", "100,00", f"100,00{NBSP}₽"),
        (-123456789, "RUB", "ru", f"-1{NBSP}234{NBSP}567,89", f"-1{NBSP}234{NBSP}567,89{NBSP}₽"),
        (1234, "JPY", "en", "1,234", "¥1,234"),
        (1234567, "KWD", "en", "1,234.567", "KWD1,234.567"),
    ],
)
def test_format(minor: int, currency: str, locale: str, amount: str, with_sign: str) -> None:
    assert format_amount(minor, currency=currency, locale=locale) == amount
    assert _with_sign(minor, currency=currency, locale=locale) == with_sign


@settings(max_examples=300)
@given(int64s, st.sampled_from(["RUB", "USD", "JPY"]), st.sampled_from(["ru", "en"]))
def test_parse_inverts_format(minor: int, currency: str, locale: str) -> None:
    opts = {"currency": currency, "locale": locale}
    for text in (format_amount(minor, **opts), _with_sign(minor, **opts)):
        assert parse_amount(text, allow_negative=True, **opts) == minor
        assert parse_amount(text.replace(NBSP, NNBSP), allow_negative=True, **opts) == minor
        if minor >= 0:
            assert parse_amount(text, **opts) == minor


@given(st.integers(0, INT64_MAX), st.sampled_from(["RUB", "USD", "JPY"]),
       st.sampled_from(["ru", "en"]))
def test_parse_accepts_json_form(minor: int, currency: str, locale: str) -> None:
    # (not KWD: in ru, "1.000" with a '.' that is not the ru decimal symbol is ambiguous)
    text = decimal_str(minor, currency)
    assert parse_amount(text, currency=currency, locale=locale) == minor


# --------------------------------------------------------------------- parse_amount

ACCEPTED = [
    # ru, RUB
    ("1 234,56", "RUB", "ru", 123456),
    (f"1{NBSP}234,56", "RUB", "ru", 123456),
    (f"1{NNBSP}234,56", "RUB", "ru", 123456),
    ("1234.56", "RUB", "ru", 123456),
    ("1,234.56", "RUB", "ru", 123456),
    ("1234", "RUB", "ru", 123400),
    ("1 234", "RUB", "ru", 123400),
    ("1234,5", "RUB", "ru", 123450),
    ("1.234,56", "RUB", "ru", 123456),
    ("1 234 567,89", "RUB", "ru", 123456789),
    ("1.234.567", "RUB", "ru", 123456700),
    ("1,234,567", "RUB", "ru", 123456700),
    ("1,234,567.5", "RUB", "ru", 123456750),
    ("0,05", "RUB", "ru", 5),
    ("0", "RUB", "ru", 0),
    ("007", "RUB", "ru", 700),
    ("  12,30  ", "RUB", "ru", 1230),
    ("1 234,56 ₽", "RUB", "ru", 123456),
    (f"1{NBSP}234,56{NBSP}₽", "RUB", "ru", 123456),
    ("₽1 234,56", "RUB", "ru", 123456),
    ("RUB 12.00", "RUB", "ru", 1200),
    ("12.00 RUB", "RUB", "ru", 1200),
    ("rub 12", "RUB", "ru", 1200),
    ("12RUB", "RUB", "ru", 1200),
    ("92 233 720 368 547 758,07", "RUB", "ru", INT64_MAX),
    # en, RUB
    ("1,234.56", "RUB", "en", 123456),
    ("1,234", "RUB", "en", 123400),  # ',' is the en group symbol
    ("1234.5", "RUB", "en", 123450),
    ("1 234.56", "RUB", "en", 123456),
    ("1.234,56", "RUB", "en", 123456),
    ("1234,56", "RUB", "en", 123456),  # one separator + two digits: decimals
    ("RUB1,234.56", "RUB", "en", 123456),
    # USD
    ("$1,234.50", "USD", "en", 123450),
    ("$ 12", "USD", "en", 1200),
    ("USD 12.34", "USD", "en", 1234),
    ("12.34 $", "USD", "en", 1234),
    ("1 234,50 $", "USD", "ru", 123450),
    # JPY (no decimals)
    ("¥1,234", "JPY", "en", 1234),
    ("1,234,567", "JPY", "en", 1234567),
    ("1 234", "JPY", "en", 1234),
    ("JPY 500", "JPY", "en", 500),
    ("1 234 ¥", "JPY", "ru", 1234),
    # KWD (three decimals)
    ("1,234.567", "KWD", "en", 1234567),
    ("1 234,567", "KWD", "ru", 1234567),
    ("1.234", "KWD", "en", 1234),  # '.' is the en decimal symbol
    ("1,234", "KWD", "ru", 1234),  # ',' is the ru decimal symbol
    ("1,234", "KWD", "en", 1234000),  # ',' is the en group symbol
    ("1,5", "KWD", "ru", 1500),
]


@pytest.mark.parametrize(("text", "currency", "locale", "minor"), ACCEPTED)
def test_parse_amount_accepts(text: str, currency: str, locale: str, minor: int) -> None:
    assert parse_amount(text, currency=currency, locale=locale) == minor
    assert parse_amount(text, currency=currency, locale=locale, allow_negative=True) == minor


NEGATIVE = [
    ("-1 234,56", "RUB", "ru", -123456),
    ("\u22125", "RUB", "ru", -500),  # the typographic minus sign
    ("-1 234,56 ₽", "RUB", "ru", -123456),
    ("₽-5", "RUB", "ru", -500),
    ("-0,05", "RUB", "ru", -5),
    ("-$1,234.50", "USD", "en", -123450),
    ("$-1,234.50", "USD", "en", -123450),
    ("-RUB12.00", "RUB", "en", -1200),
    ("RUB -12.00", "RUB", "en", -1200),
    ("-92 233 720 368 547 758,08", "RUB", "ru", INT64_MIN),
]


@pytest.mark.parametrize(("text", "currency", "locale", "minor"), NEGATIVE)
def test_parse_amount_negative(text: str, currency: str, locale: str, minor: int) -> None:
    assert parse_amount(text, currency=currency, locale=locale, allow_negative=True) == minor
    message = refusal(parse_amount, text, currency=currency, locale=locale)
    assert message == f"'{text}' is negative, which is not allowed here."


REFUSED = [
    # ambiguous: one separator, once, three digits, and not the locale's group symbol
    ("1,234", "RUB", "ru", "ambiguous"),
    ("1.234", "RUB", "ru", "ambiguous"),
    ("12,345", "RUB", "ru", "ambiguous"),
    ("1.234", "RUB", "en", "ambiguous"),
    ("999.000", "USD", "en", "ambiguous"),
    ("1.234", "JPY", "en", "ambiguous"),
    ("1.234", "KWD", "ru", "ambiguous"),
    # more decimals than the currency has: never rounded
    ("12,3456", "RUB", "ru", "more than 2 decimals"),
    ("1 234,567", "RUB", "ru", "more than 2 decimals"),
    ("1,234.567", "RUB", "en", "more than 2 decimals"),
    ("0,123", "RUB", "ru", "more than 2 decimals"),
    ("1234,567", "RUB", "en", "more than 2 decimals"),
    ("1.2345", "KWD", "en", "more than 3 decimals"),
    ("1.5", "JPY", "en", "JPY amounts are whole numbers"),
    ("1,5", "JPY", "ru", "JPY amounts are whole numbers"),
    ("1 234,50", "JPY", "ru", "JPY amounts are whole numbers"),
    # malformed grouping
    ("1,23,4", "RUB", "en", "misplaced group separators"),
    ("1,23,4", "RUB", "ru", "misplaced group separators"),
    ("1 23", "RUB", "ru", "misplaced group separators"),
    ("12 34", "RUB", "en", "misplaced group separators"),
    ("1 2345", "RUB", "ru", "misplaced group separators"),
    ("1.23.456", "RUB", "ru", "misplaced group separators"),
    ("1,234,56", "RUB", "en", "misplaced group separators"),
    ("1234,567,890", "RUB", "en", "misplaced group separators"),
    ("0,123,456", "RUB", "en", "misplaced group separators"),
    ("1  234", "RUB", "ru", "misplaced group separators"),
    ("1 234.567,89", "RUB", "ru", "misplaced group separators"),
    ("1,234.567,89", "RUB", "en", "misplaced group separators"),
    ("12,34.56", "RUB", "en", "misplaced group separators"),
    # not a number at all, or a separator at the start or end
    ("", "RUB", "ru", "is not an amount"),
    ("   ", "RUB", "ru", "is not an amount"),
    ("abc", "RUB", "ru", "is not an amount"),
    ("12abc", "RUB", "ru", "is not an amount"),
    ("1,", "RUB", "ru", "is not an amount"),
    (",5", "RUB", "ru", "is not an amount"),
    (".5", "RUB", "en", "is not an amount"),
    ("5.", "RUB", "en", "is not an amount"),
    ("1 234,", "RUB", "ru", "is not an amount"),
    ("+5", "RUB", "ru", "is not an amount"),
    ("1e5", "RUB", "en", "is not an amount"),
    ("1_000", "RUB", "en", "is not an amount"),
    ("\u0663", "RUB", "en", "is not an amount"),  # an Arabic-Indic digit
    ("₽", "RUB", "ru", "is not an amount"),
    ("RUB", "RUB", "en", "is not an amount"),
    ("5 $", "RUB", "ru", "is not an amount"),  # another currency's sign
    ("$5", "RUB", "en", "is not an amount"),
    ("₽5₽", "RUB", "ru", "is not an amount"),
    ("12 ₽ 34", "RUB", "ru", "is not an amount"),
    # several minus signs
    ("--5", "RUB", "ru", "more than one minus sign"),
    ("-\u22125", "RUB", "ru", "more than one minus sign"),
    ("- -5", "RUB", "ru", "more than one minus sign"),
    ("-5-", "RUB", "ru", "more than one minus sign"),
    # does not fit a signed 64-bit integer
    ("92 233 720 368 547 758,08", "RUB", "ru", "too large"),
    ("99999999999999999999", "RUB", "ru", "too large"),
    ("9" * 5000, "JPY", "en", "too large"),
]


@pytest.mark.parametrize(("text", "currency", "locale", "fragment"), REFUSED)
def test_parse_amount_refuses(text: str, currency: str, locale: str, fragment: str) -> None:
    for allow_negative in (False, True):
        message = refusal(
            parse_amount, text, currency=currency, locale=locale, allow_negative=allow_negative
        )
        assert message.startswith(f"'{text}' ") and fragment in message
        assert message.endswith(".")


def test_parse_amount_exact_messages() -> None:
    assert refusal(parse_amount, "1,234") == (
        "'1,234' is ambiguous: write 1234 without a separator, or at most 2 decimals after ','."
    )
    assert refusal(parse_amount, "12,3456") == "'12,3456' has more than 2 decimals."
    assert refusal(parse_amount, "abc") == "'abc' is not an amount."
    assert refusal(parse_amount, "1,23,4", locale="en") == (
        "'1,23,4' has misplaced group separators (write e.g. 1 234 567)."
    )
    message = refusal(parse_amount, "--5", allow_negative=True)
    assert message == "'--5' has more than one minus sign."


def test_parse_amount_below_int64_min() -> None:
    assert "too large" in refusal(
        parse_amount, "-92 233 720 368 547 758,09", allow_negative=True
    )


# ------------------------------------------------------------------ percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10", D("10")),
        ("10.5", D("10.5")),
        ("10,5", D("10.5")),
        ("10%", D("10")),
        ("10 %", D("10")),
        (f"12,5{NBSP}%", D("12.5")),
        ("0", D("0")),
        ("100", D("100")),
        ("100.00", D("100")),
        ("0,01", D("0.01")),
        ("1,000", D("1.000")),  # a percentage has no grouping: this is one per cent
        (" 20 ", D("20")),
    ],
)
def test_parse_percent_accepts(text: str, expected: Decimal) -> None:
    result = parse_percent(text)
    assert isinstance(result, Decimal) and result == expected


@pytest.mark.parametrize(
    "text", ["101", "100.01", "-1", "", "abc", "10%%", "1e1", "10.", ".5", "1 0", "%", "1.2.3"]
)
def test_parse_percent_refuses(text: str) -> None:
    assert refusal(parse_percent, text) == f"'{text}' is not a percentage between 0 and 100."

