"""What a clerk types, as a LIKE pattern that matches it literally: "%" and "_" in a search are
the characters themselves, never wildcards. Every pattern here goes with ``ESCAPE '\\'`` (in
SQLAlchemy: ``.like(pattern, escape=ESCAPE)``)."""

from __future__ import annotations

ESCAPE = "\\"


def escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(term: str) -> str:
    """Anything holding ``term``, compared in lower case (``LOWER(column) LIKE``)."""
    return f"%{escaped(term.lower())}%"


def prefix(term: str) -> str:
    """Anything beginning with ``term`` as it is written."""
    return f"{escaped(term)}%"
