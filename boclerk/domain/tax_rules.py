"""The VAT rules that need no table: the company's regimes, the rate in force on a day, the rate
of a sale under a regime, and how a rate is written. Pure, so the plain readers (``boclerk show
product`` before SQLAlchemy is loaded) use the same rules as the ORM's services."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum


class VatRegime(StrEnum):
    GENERAL = "general"              # ОСНО: the rate table's rates, input VAT recoverable
    SIMPLIFIED_VAT5 = "usn_vat5"     # УСН with the special rate 5%, input VAT not recoverable
    SIMPLIFIED_VAT7 = "usn_vat7"     # УСН with the special rate 7%
    SIMPLIFIED_EXEMPT = "usn_exempt" # УСН under the revenue threshold: без НДС

    @property
    def recovers_input_vat(self) -> bool:
        return self is VatRegime.GENERAL


def in_force(rows: Iterable[tuple[date, object]], day: date) -> object | None:
    """The value of the latest (valid_from, value) row that starts on or before ``day``."""
    best: tuple[date, object] | None = None
    for start, value in rows:
        if start <= day and (best is None or start > best[0]):
            best = (start, value)
    return None if best is None else best[1]


def resolve_rate(category: str, regime: str, table_rate: int | None) -> int | None:
    """The rate of a sale: the table's rate under the general regime; the special 5% or 7%
    under the simplified one (0% stays 0%), nothing (без НДС) when exempt."""
    if category == "exempt":
        return None
    if regime == VatRegime.SIMPLIFIED_EXEMPT.value:
        return None
    if regime in (VatRegime.SIMPLIFIED_VAT5.value, VatRegime.SIMPLIFIED_VAT7.value):
        if category == "zero":
            return 0
        return 5 if regime == VatRegime.SIMPLIFIED_VAT5.value else 7
    return table_rate


def rate_label(rate: int | None) -> str:
    """How a rate is written on a line: "22%", "0%", "без НДС"."""
    return "без НДС" if rate is None else f"{rate}%"
