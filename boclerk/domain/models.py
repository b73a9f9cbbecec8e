"""Import every table module so that ``metadata`` knows the whole schema."""

from boclerk.domain import (  # noqa: F401
    audit,
    catalog,
    company,
    documents,
    ledger,
    office,
    office_register,
    partners,
    purchasing,
    sales,
    stock,
    users,
)
from boclerk.domain.base import metadata

__all__ = ["metadata"]
