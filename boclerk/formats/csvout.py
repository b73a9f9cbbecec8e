"""CSV out: the one writer behind ``--csv`` and ``boclerk export csv`` (DESIGN.md section 5).

Numbers are written as numbers, so a spreadsheet can add them up: integers and Decimals
by their type, and the cells of ``numeric_columns`` that hold a plain number as text
(``-?[0-9]+(.[0-9]+)?``, the way amounts come out of the money module). Everything else
is text, and a text cell a spreadsheet would run as a formula (a leading ``= + - @``,
tab, CR or NUL) gets an apostrophe in front. A plain number cannot be a formula, so
``-3`` and ``-150.00`` stay as they are while the name ``-3`` is written ``'-3``.
:func:`boclerk.formats.csvio.read_table` reads every file written here back unchanged.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TextIO

from boclerk.formats.csvio import DELIMITERS

DANGEROUS_FIRST = frozenset("=+-@\t\r\0")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def neutralise(value: object) -> str:
    """The cell as text, with an apostrophe before a leading = + - @ tab, CR or NUL."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in DANGEROUS_FIRST else text


def number_text(value: object) -> str | None:
    """A number's cell (``-3``, ``-150.00``), or None for a value that is not a number by type."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    return None


def cell(value: object, *, numeric: bool = False) -> str:
    """One cell: a number as it is, anything else neutralised; ``numeric`` also lets a
    plain-number text through (amounts as the money module writes them)."""
    number = number_text(value)
    if number is not None:
        return number
    if numeric and isinstance(value, str) and PLAIN_NUMBER.fullmatch(value):
        return value
    return neutralise(value)


def write_table(columns: Sequence[str], rows: Iterable[Sequence[object]], out: TextIO, *,
                delimiter: str = ",", numeric_columns: Iterable[str] = ()) -> int:
    """Write a header and ``rows`` as CSV (``\\n`` line ends); the row count.

    Rows with a bare CR in a cell are written fully quoted, since csv.writer would not
    quote it with "\\n" line ends.
    """
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS!r}")
    numeric_columns = frozenset(numeric_columns)
    if not numeric_columns <= set(columns):
        raise ValueError(f"numeric_columns not in columns: {sorted(numeric_columns - set(columns))}")
    numeric = [name in numeric_columns for name in columns]
    plain = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    quoted = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    plain.writerow([neutralise(name) for name in columns])
    count = 0
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"row {count + 1} has {len(row)} cells, expected {len(columns)}")
        cells = [cell(v, numeric=num) for v, num in zip(row, numeric, strict=True)]
        (quoted if any("\r" in c for c in cells) else plain).writerow(cells)
        count += 1
    return count
