"""The screens' whole quantities (a list's count) in the locale's own digits, as Babel writes them."""

from types import SimpleNamespace

import pytest

from boclerk.locale.formats import NUMBERS
from boclerk.quantity import format_for_clerk
from boclerk.tui.base import AreaScreen

VALUES = (0, 7, 999, 1000, 12_345, 100_000, 1_000_033, 987_654_321, -1, -1234, -1_000_000)


@pytest.mark.parametrize("locale", sorted(NUMBERS))
def test_a_whole_quantity_reads_as_babel_writes_it(locale):
    screen = SimpleNamespace(app=SimpleNamespace(locale=locale))
    for value in VALUES:
        assert AreaScreen.quantity(screen, value) == format_for_clerk(value, locale=locale)
        assert AreaScreen.quantity(screen, value, "pcs") == format_for_clerk(value, "pcs", locale=locale)


def test_a_unit_a_fraction_or_another_locale_still_goes_through_babel():
    from decimal import Decimal

    ru = SimpleNamespace(app=SimpleNamespace(locale="ru"))
    assert AreaScreen.quantity(ru, Decimal("1250.5"), "kg") == format_for_clerk(Decimal("1250.5"), "kg", locale="ru")
    assert AreaScreen.quantity(ru, 1250, "kg") == "1\xa0250 kg"
    de = SimpleNamespace(app=SimpleNamespace(locale="de"))
    assert AreaScreen.quantity(de, 1_234_567) == format_for_clerk(1_234_567, locale="de") == "1.234.567"
