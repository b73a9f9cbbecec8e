"""Plain result rows and how they become JSON-ready data.

Services return frozen dataclasses. Money fields are marked with :func:`money_field`
so that every face renders them the same way: as decimal strings with the currency's
decimals in JSON ("1265793.29"), with locale grouping on screen.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from boclerk.money import decimal_str

MONEY = "money"


def money_field(**kwargs: Any) -> Any:
    """A dataclass field holding minor units of the database's currency."""
    return dataclasses.field(metadata={MONEY: True}, **kwargs)


def is_money(field: dataclasses.Field) -> bool:
    return bool(field.metadata.get(MONEY))


def to_plain(value: Any, currency: str) -> Any:
    """Dataclasses, dates, enums and Decimals into JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if is_money(f) and v is not None:
                out[f.name] = decimal_str(v, currency) if isinstance(v, int) else [
                    decimal_str(x, currency) for x in v
                ]
            else:
                out[f.name] = to_plain(v, currency)
        return out
    if isinstance(value, dict):
        return {str(k): to_plain(v, currency) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v, currency) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    return value
