"""Exchange rates: the price of a foreign currency in the company's, per day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Column, Date, Integer, String
from sqlmodel import Field, SQLModel

from boclerk.domain.base import Minor


class ExchangeRate(SQLModel, table=True):
    """``nominal`` units of ``currency`` cost ``rate`` / 10**RATE_DECIMALS of the company's currency
    on ``day`` (the Bank of Russia's form: JPY 100 = 54,1000)."""

    __tablename__ = "exchange_rate"
    __table_args__ = (
        CheckConstraint("rate > 0", name="rate_positive"),
        CheckConstraint("nominal > 0", name="nominal_positive"),
    )

    currency: str = Field(sa_column=Column(String(3), primary_key=True))
    day: date = Field(sa_column=Column(Date, primary_key=True))
    rate: int = Field(sa_column=Column(Minor, nullable=False))
    nominal: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    source: str = Field(default="manual", sa_column=Column(String(16), nullable=False, server_default="manual"))
