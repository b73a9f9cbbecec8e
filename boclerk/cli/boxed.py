"""The rich table of :func:`boclerk.cli.output.print_table`, written without loading rich where
the same bytes can be written plainly: in UTF-8, when no cell holds rich's markup or emoji codes,
every character takes one column and the table fits the width rich gives it. There rich draws
the table at its natural width (no cell is cut), the title centred over it, the header ruled
with heavy lines; on a terminal (one rich would colour: not dumb, no NO_COLOR, FORCE_COLOR or
TTY_COMPATIBLE to decide for it) the title in italics and the header in bold. Anything else goes
to rich itself, so what is printed is the same either way (tests compare the two, on a terminal
too)."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

#: what rich reads in a string (a markup tag opens with ``[``; an emoji code is a word between two
#: colons): such text is left to rich
_EMOJI_CODE = re.compile(r":\S*?:")
#: characters rich draws in no column or in two
_NOT_ONE_COLUMN = {"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zl", "Zp"}


def _one_column(text: str) -> bool:
    return text.isascii() and text.isprintable() or all(
        unicodedata.category(ch) not in _NOT_ONE_COLUMN and unicodedata.east_asian_width(ch) not in ("W", "F")
        for ch in text)


def _rich_width() -> int:
    """The width rich gives a console on a terminal: the first standard stream's, COLUMNS over it, else 80."""
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def _how(texts: Iterable[str]) -> tuple[bool, int] | None:
    """(on a terminal, the width there is) when rich would write these texts as they are, else None."""
    if any(name in os.environ for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")):
        return None  # rich is told whether it writes to a terminal
    if not (getattr(sys.stdout, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None  # rich would draw the box in ASCII
    if not all("[" not in t and not _EMOJI_CODE.search(t) and _one_column(t) for t in texts):
        return None
    try:
        terminal = sys.stdout.isatty()
    except ValueError:
        return None
    if not terminal:
        return False, sys.maxsize  # off a terminal rich's console is as wide as the table
    if os.environ.get("NO_COLOR") or os.environ.get("TERM", "").strip().lower() in ("", "dumb", "unknown"):
        return None  # no styles, or a width of its own: rich decides
    return True, _rich_width()


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
    how = _how([heading, *names, *(c for row in cells for c in row)]) if cells else None
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(names)]
    width = sum(widths) + 3 * (len(widths) - 1)
    if how is None or width > how[1] or len(heading) > width or (how[0] and not all(names)):
        from boclerk.cli.output import print_table  # rich cuts, wraps or styles it its own way

        print_table(title, columns, rows, right=right)
        return
    bold = (lambda text: f"\x1b[1m{text}\x1b[0m") if how[0] else (lambda text: text)

    def line(values: Sequence[str], bar: str, style=lambda text: text) -> str:
        return f"{style(' ')}{bar}{style(' ')}".join(style(v.rjust(w) if col in to_right else v.ljust(w))
                                                   for v, w, col in zip(values, widths, names, strict=True))

    out = []
    if heading:
        left = (width - len(heading)) // 2
        centred = " " * left + heading + " " * (width - len(heading) - left)
        out.append(f"\x1b[3m{centred}\x1b[0m" if how[0] else centred)
    out.append(line(names, "┃", bold))
    last = len(widths) - 1  # the outer columns have no padding on their outer side
    out.append("╇".join("━" * (w + (i > 0) + (i < last)) for i, w in enumerate(widths)))
    out.extend(line(r, "│") for r in cells)
    sys.stdout.write("\n".join(out) + "\n")
