"""Import every table module so that ``metadata`` knows the whole schema."""

from boclerk.domain import (  # noqa: F401
    audit,
    catalog,
    check_mark,
    company,
    currency,
    documents,
    ledger,
    office,
    office_register,
    partners,
    purchasing,
    quality,
    sales,
    stock,
    storefront,
    tax,
    users,
)
from boclerk.domain.base import metadata

__all__ = ["metadata"]
