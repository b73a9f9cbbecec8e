"""Import every table module so that ``metadata`` knows the whole schema."""

from boclerk.domain import audit, catalog, company, documents, ledger, partners, purchasing, sales, stock, users  # noqa: F401
from boclerk.domain.base import metadata

__all__ = ["metadata"]
