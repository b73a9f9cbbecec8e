"""VAT as the law has it by date, and the company's tax regime.

A product carries a VAT *category*; the dated rate table says which percentage the category
has from which day, and the company's regime (with its own start date) may replace it. The
rate is resolved once, on the day of the act that recognises revenue or cost (a shipment, a
bill), and written on the line; ``None`` on a line means "без НДС" (exempt).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Date, Integer, String
from sqlmodel import Field, SQLModel

from boclerk.domain.catalog import VAT_CATEGORIES_SQL, VatCategory


class VatRegime(StrEnum):
    GENERAL = "general"              # ОСНО: the rate table's rates, input VAT recoverable
    SIMPLIFIED_VAT5 = "usn_vat5"     # УСН with the special rate 5%, input VAT not recoverable
    SIMPLIFIED_VAT7 = "usn_vat7"     # УСН with the special rate 7%
    SIMPLIFIED_EXEMPT = "usn_exempt" # УСН under the revenue threshold: без НДС

    @property
    def recovers_input_vat(self) -> bool:
        return self is VatRegime.GENERAL


_REGIMES_SQL = ", ".join(f"'{r.value}'" for r in VatRegime)


class VatRate(SQLModel, table=True):
    """The percentage of a VAT category from a day on (until the next row of that category)."""

    __tablename__ = "vat_rate"
    __table_args__ = (
        CheckConstraint(f"category IN ({VAT_CATEGORIES_SQL})", name="category"),
        CheckConstraint("rate IS NULL OR (rate >= 0 AND rate <= 100)", name="rate_range"),
    )

    category: str = Field(sa_column=Column(String(16), primary_key=True))
    valid_from: date = Field(sa_column=Column(Date, primary_key=True))
    rate: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))  # None: exempt


class CompanyVatRegime(SQLModel, table=True):
    """The company's VAT regime from a day on (until the next row)."""

    __tablename__ = "company_vat_regime"
    __table_args__ = (CheckConstraint(f"regime IN ({_REGIMES_SQL})", name="regime"),)

    valid_from: date = Field(sa_column=Column(Date, primary_key=True))
    regime: str = Field(sa_column=Column(String(16), nullable=False))


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
    if category == VatCategory.EXEMPT.value:
        return None
    if regime == VatRegime.SIMPLIFIED_EXEMPT.value:
        return None
    if regime in (VatRegime.SIMPLIFIED_VAT5.value, VatRegime.SIMPLIFIED_VAT7.value):
        if category == VatCategory.ZERO.value:
            return 0
        return 5 if regime == VatRegime.SIMPLIFIED_VAT5.value else 7
    return table_rate


def rate_label(rate: int | None) -> str:
    """How a rate is written on a line: "22%", "0%", "без НДС"."""
    return "без НДС" if rate is None else f"{rate}%"
