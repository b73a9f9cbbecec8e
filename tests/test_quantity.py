"""Quantities: exact decimals typed by clerks, kept as integers of the unit's smallest fraction."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boclerk import quantity as q
from boclerk.errors import InvalidInput
from boclerk.money import line_total

D = Decimal
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("1000", "ru", D(1000)), ("1 000", "ru", D(1000)), (f"1{NBSP}000", "ru", D(1000)), (f"1{NNBSP}000", "ru", D(1000)),
    ("1,250", "ru", D("1.250")), ("1.25", "ru", D("1.25")), ("1 000,5", "ru", D("1000.5")),
    ("114.100", "ru", D("114.100")), ("0", "ru", D(0)), (" 42 ", "ru", D(42)), ("007", "ru", D(7)),
    ("1,250", "en", D(1250)), ("1.250", "en", D("1.250")), ("1,234.5", "en", D("1234.5")),
    ("1.234,5", "ru", D("1234.5")), ("1,000,000", "en", D(1000000)),
])
def test_parse_accepts_the_locale_s_decimal_mark(text, locale, expected):
    assert q.parse(text, locale=locale) == expected


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "is not a quantity"), ("abc", "is not a quantity"), ("+3", "is not a quantity"), ("1e3", "is not a quantity"),
    ("\u0663", "is not a quantity"), ("--3", "is not a quantity"), ("1 00", "misplaced group separators"),
    ("10 00", "misplaced group separators"), ("1,2,3.4", "misplaced group separators"),
])
def test_parse_refuses_with_a_sentence(text, fragment):
    with pytest.raises(InvalidInput) as exc:
        q.parse(text, allow_negative=True)
    assert fragment in exc.value.message


def test_negative_only_where_allowed():
    assert q.parse("-3", allow_negative=True) == -3
    assert q.parse("\u22121,5", allow_negative=True) == D("-1.5")  # the typographic minus
    with pytest.raises(InvalidInput, match="is negative"):
        q.parse("-3")


@pytest.mark.parametrize(("value", "decimals", "stored"), [
    (D("1.25"), 3, 1250), (D("1.250"), 3, 1250), (4, 0, 4), (D("4.000"), 0, 4), (D("0.001"), 3, 1), (D("12.5"), 2, 1250),
])
def test_to_stored_is_exact(value, decimals, stored):
    assert q.to_stored(value, decimals) == stored
    assert q.to_units(stored, decimals) == value


@pytest.mark.parametrize(("value", "decimals", "sentence"), [
    (D("1.2345"), 3, "'1.2345' has more than 3 decimals, which COFFEE (кг) allows."),
    (D("1.5"), 0, "'1.5' is not a whole number, and COFFEE (кг) is counted in whole units."),
    (D(0), 3, "The quantity must be positive."),
    (D("-1"), 3, "The quantity must be positive."),
    (D("1e30"), 3, "'1000000000000000000000000000000' is too large."),
])
def test_to_stored_refuses_rather_than_rounds(value, decimals, sentence):
    with pytest.raises(InvalidInput) as exc:
        q.to_stored(value, decimals, unit="COFFEE (кг)")
    assert exc.value.message == sentence


def test_floats_are_not_quantities():
    with pytest.raises(InvalidInput, match="is not a quantity"):
        q.to_stored(1.25, 3)  # type: ignore[arg-type]


def test_the_one_rounding_rule_for_computed_quantities_is_half_up():
    assert q.round_qty(D("1.2345"), 3) == 1235 and q.round_qty(D("1.2344"), 3) == 1234
    assert q.round_qty(D("-1.2345"), 3) == -1235
    assert q.share(1000, 1, 3) == 333 and q.share(1000, 2, 3) == 667 and q.share(5, 1, 2) == 3


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=10**7),
       st.integers(min_value=0, max_value=3), st.integers(min_value=0, max_value=10000))
def test_a_draft_line_s_amount_equals_the_stored_line_s(stored, price, decimals, discount_bp):
    """The form's estimate (units) and the books (smallest fractions) round the same way."""
    discount = D(discount_bp) / 100
    assert q.amount(q.to_units(stored, decimals), price, discount) == line_total(stored, price, discount, decimals)


def test_line_total_of_a_weighed_line_is_half_up_once():
    assert line_total(1250, 80000, 0, 3) == 100000        # 1,250 kg x 800,00 = 1 000,00
    assert line_total(3750, 81234, 0, 3) == 304628        # 3 046,275 -> 3 046,28
    assert line_total(1, 50, 0, 3) == 0 and line_total(10, 50, 0, 3) == 1  # 0,05 kopecks -> 0; 0,5 -> 1


def test_format():
    assert q.format_qty(1250, 3, locale="ru", symbol="кг") == "1,250\u00a0кг".replace("\u00a0", " ")
    assert q.format_qty(1250000, 3, locale="en") == "1,250.000"
    assert q.format_qty(4, 0, locale="ru") == "4"
    assert q.format_units(D("1.250"), locale="ru") == "1,250"
    assert q.plain(D("1.250")) == "1.25" and q.plain(D("4")) == "4"
    assert q.format_for_clerk(D("1.250"), "kg", locale="ru") == "1,250 kg"
    assert q.format_for_clerk(D("1250.5"), "kg", locale="en") == "1,250.5 kg"
    assert q.format_for_clerk(D("4"), "pcs", locale="ru") == "4"  # pieces as plain numbers


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**12, max_value=10**12, places=3)
       | st.integers(-10**9, 10**9).map(Decimal),
       st.sampled_from(sorted(__import__("boclerk.locale.formats", fromlist=["NUMBERS"]).NUMBERS)))
def test_quantities_are_written_as_babel_writes_them_without_its_data(value, locale):
    from babel.numbers import format_decimal

    exponent = value.as_tuple().exponent
    decimals = -exponent if exponent < 0 else 0
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    assert q.format_units(value, locale=locale) == format_decimal(value, format=pattern, locale=locale,
                                                                  decimal_quantization=False)


def test_an_order_s_quantities_load_no_babel_data_in_a_common_locale():
    import subprocess
    import sys

    code = ("import sys; from decimal import Decimal; from boclerk import quantity as q; "
            "print(q.format_for_clerk(Decimal('1250.500'), 'kg', locale='ru'), q.format_qty(4, 0, locale='en'), "
            "'babel.numbers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "1\xa0250,500 kg 4 False"


@pytest.mark.parametrize(("value", "locale", "shown"), [
    ("5.00", "ru", "5"), ("12.50", "ru", "12,5"), ("12.50", "en", "12.5"), ("7.25", "ru_RU", "7,25"),
    ("100.00", "en", "100"), ("0.01", "ru", "0,01"), ("1103.35", "ru", "1\xa0103,35"), ("1103.35", "en", "1,103.35"),
])
def test_a_figure_shows_as_the_locale_writes_a_number_without_needless_zeros(value, locale, shown):
    assert q.format_figure(value, locale=locale) == shown
    assert q.format_figure(float(value), locale=locale) == shown  # an age in hours comes as a float
