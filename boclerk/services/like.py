"""What a clerk types, as a LIKE pattern that matches it literally: "%" and "_" in a search are
the characters themselves, never wildcards. Every pattern here goes with ``ESCAPE '\\'`` (in
SQLAlchemy: ``.like(pattern, escape=ESCAPE)``).

A search for words (a name, a subject) compares them folded: in lower case, every alphabet's
(SQLite's own ``lower()`` knows only A-Z; boclerk/db gives it Python's), and with "ё" read as
"е", as Russian is often typed ("Федоров" finds "Фёдоров", and the other way round). The column
side is :func:`folded_sql` in plain SQL or :func:`holds` through SQLAlchemy; the term side is
:func:`contains`. Both run alike on SQLite and PostgreSQL."""

from __future__ import annotations

ESCAPE = "\\"


def escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fold(text: str) -> str:
    """``text`` as a word search compares it (lower case, ё as е)."""
    return text.lower().replace("ё", "е")


def contains(term: str) -> str:
    """Anything holding ``term``, compared folded: goes with :func:`folded_sql` or :func:`holds`."""
    return f"%{escaped(fold(term))}%"


def prefix(term: str) -> str:
    """Anything beginning with ``term`` as it is written."""
    return f"{escaped(term)}%"


def folded_sql(column: str) -> str:
    """The SQL of ``column`` folded as :func:`fold` folds the term."""
    return f"replace(lower({column}), 'ё', 'е')"


def holds(column, term: str):
    """SQLAlchemy's condition: ``column`` holds ``term``, both folded."""
    from sqlalchemy import func

    return func.replace(func.lower(column), "ё", "е").like(contains(term), escape=ESCAPE)
