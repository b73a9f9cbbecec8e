"""The rich table of :func:`boclerk.cli.output.print_table`, written without loading rich where
the same bytes can be written plainly: off a terminal (a pipe, a file, a command over SSH that
reads its output), in UTF-8, when no cell holds rich's markup or emoji codes, and every
character takes one column. There rich draws the table at its natural width (no cell is cut),
the title centred over it, the header ruled with heavy lines; anything else goes to rich itself,
so what is printed is the same either way (a test compares the two)."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

#: what rich reads in a string (markup tags, ``:emoji:`` codes): such text is left to rich
_RICH_SIGNS = ("[", ":")
#: characters rich draws in no column or in two
_NOT_ONE_COLUMN = {"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zl", "Zp"}


def _one_column(text: str) -> bool:
    return text.isascii() and text.isprintable() or all(
        unicodedata.category(ch) not in _NOT_ONE_COLUMN and unicodedata.east_asian_width(ch) not in ("W", "F")
        for ch in text)


def _plainly(texts: Iterable[str]) -> bool:
    """Whether rich would write these texts as they are, off a terminal, in UTF-8."""
    if sys.stdout.isatty() or os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE", "0") != "0":
        return False  # colours or a terminal's width: rich decides
    if not (getattr(sys.stdout, "encoding", None) or "utf-8").lower().startswith("utf"):
        return False  # rich would draw the box in ASCII
    return all(not any(sign in t for sign in _RICH_SIGNS) and _one_column(t) for t in texts)


def print_boxed_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                      *, right: Sequence[str] = ()) -> None:
    """What :func:`boclerk.cli.output.print_table` prints, byte for byte."""
    from boclerk.domain.bounds import shown
    from boclerk.i18n import _

    rows = list(rows)
    cells = [["" if v is None else shown(str(v)) for v in row] for row in rows]
    heading = _(title) if title else ""
    names = [_(col) if col else col for col in columns]
    to_right = {_(col) for col in right}
    if not cells or not _plainly([heading, *names, *(c for row in cells for c in row)]):
        from boclerk.cli.output import print_table

        print_table(title, columns, rows, right=right)
        return
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(names)]
    width = sum(widths) + 3 * (len(widths) - 1)
    if len(heading) > width:  # rich would wrap the title
        from boclerk.cli.output import print_table

        print_table(title, columns, rows, right=right)
        return

    def line(values: Sequence[str], bar: str) -> str:
        return f" {bar} ".join(v.rjust(w) if col in to_right else v.ljust(w)
                               for v, w, col in zip(values, widths, names, strict=True))

    out = []
    if heading:
        left = (width - len(heading)) // 2
        out.append(" " * left + heading + " " * (width - len(heading) - left))
    out.append(line(names, "┃"))
    last = len(widths) - 1  # the outer columns have no padding on their outer side
    out.append("╇".join("━" * (w + (i > 0) + (i < last)) for i, w in enumerate(widths)))
    out.extend(line(r, "│") for r in cells)
    sys.stdout.write("\n".join(out) + "\n")
