"""Import every table module so that ``metadata`` knows the whole schema."""

from boclerk.domain import audit, company, users  # noqa: F401
from boclerk.domain.base import metadata

__all__ = ["metadata"]
