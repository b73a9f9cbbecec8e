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


def sku_prefix_sql(column: str, term: str, dialect: str) -> tuple[str, list[dict[str, str]]]:
    """The plain-SQL condition "``column`` (a code of ASCII letters, digits and ``._/-`` that begins
    with a letter or a digit: a SKU) begins with ``term`` in any case", and the parameters of each
    time it is asked: once for each case of the term's first character, none when no such code can
    begin with ``term``.

    Alike on SQLite (whose LIKE ignores the case of A-Z) and PostgreSQL (whose LIKE does not), and
    answered by an index. SQLite: the column's own unique index (BINARY, it sorts by bytes), one
    range of it per case of the term's first character (a byte-order range, exact for ASCII codes),
    the rest of the term compared folded among them. PostgreSQL: one range of
    ``lower(column) COLLATE "C"``, the whole term lowered: the expression of the index that
    migration 0024 makes for ``product.sku``, read in byte order whatever the database's collation
    (the column's own index serves such a range only in a database made in the C locale)."""
    first = term[:1]
    if not (first.isascii() and first.isalnum()):
        return "", []
    if dialect == "postgresql":
        # one range of the index on this very expression (migration 0024): a byte-order range,
        # so in any collation of the database; the range of a prefix is all that begins with it
        low = term.lower()
        side = f'lower({column}) COLLATE "C"'
        return f"{side} >= :sku_from AND {side} < :sku_to", [
            {"sku_from": low, "sku_to": low[:-1] + chr(ord(low[-1]) + 1)}]
    side = column
    where = f"{side} >= :sku_from AND {side} < :sku_to AND {folded_sql(column)} LIKE :sku_like ESCAPE '\\'"
    return where, [{"sku_from": c, "sku_to": chr(ord(c) + 1), "sku_like": contains_start(term)}
                   for c in dict.fromkeys((first.upper(), first.lower()))]


def contains_start(term: str) -> str:
    """Anything beginning with ``term``, compared folded: goes with :func:`folded_sql`."""
    return f"{escaped(fold(term))}%"


def folded_sql(column: str) -> str:
    """The SQL of ``column`` folded as :func:`fold` folds the term."""
    return f"replace(lower({column}), 'ё', 'е')"


def holds(column, term: str):
    """SQLAlchemy's condition: ``column`` holds ``term``, both folded."""
    from sqlalchemy import func

    return func.replace(func.lower(column), "ё", "е").like(contains(term), escape=ESCAPE)
