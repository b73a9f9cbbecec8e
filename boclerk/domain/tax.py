"""VAT as the law has it by date, and the company's tax regime.

A product carries a VAT *category*; the dated rate table says which percentage the category
has from which day, and the company's regime (with its own start date) may replace it. The
rate is resolved once, on the day of the act that recognises revenue or cost (a shipment, a
bill), and written on the line; ``None`` on a line means "без НДС" (exempt).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Column, Date, Integer, String
from sqlmodel import Field, SQLModel

from boclerk.domain.catalog import VAT_CATEGORIES_SQL
from boclerk.domain.tax_rules import VatRegime, in_force, rate_label, resolve_rate  # noqa: F401 (their home was here)


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
