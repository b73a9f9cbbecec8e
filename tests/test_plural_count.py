"""A count of things that may be fractional (2.5 kg) reaches ngettext as a whole number, and the
word agrees with the figure in Russian: 1 штука, 3 штуки, 5 штук, 21 штука; 1,5 and 2,5 штуки."""

from __future__ import annotations

import warnings
from decimal import Decimal

import pytest

from boclerk.i18n import ngettext, plural_count, speaking


@pytest.mark.parametrize(("value", "ru", "en"), [
    (1, "штука", "item"), (Decimal(1), "штука", "item"), (Decimal("3"), "штуки", "items"),
    (5, "штук", "items"), (Decimal(21), "штука", "items"), (Decimal(11), "штук", "items"),
    (Decimal("2.5"), "штуки", "items"), (Decimal("1.5"), "штуки", "items"), (Decimal("0.25"), "штуки", "items"),
    (Decimal("5.5"), "штуки", "items"), (Decimal("21.5"), "штуки", "items"),
])
def test_the_word_agrees_with_a_whole_or_fractional_count(value, ru, en):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Plural value must be an integer" is an error here
        n = plural_count(value)
        assert type(n) is int
        with speaking("ru"):
            assert ngettext("{n} item", "{n} items", n).split()[-1] == ru
        with speaking("en"):
            assert ngettext("{n} item", "{n} items", n).split()[-1] == en


def test_a_decimal_given_to_ngettext_is_what_python_warns_about():
    """The reason the count goes through plural_count: gettext warns on a Decimal, even a whole one."""
    with speaking("ru"), pytest.warns(DeprecationWarning, match="Plural value must be an integer"):
        ngettext("{n} item", "{n} items", Decimal(3))
