"""Renderables that lay themselves out for the width they are given: text that breaks only at
plain spaces and cuts a word wider than the line with an ellipsis, a choice of renderable by width,
and a record's lines that name their products where there is room to read the name. (No text in
the app is broken at a no-break space, an amount's group separator: see boclerk.tui.nobreak.)"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from boclerk.i18n import _

GAP = "  "
_SPACES = re.compile(r"( +)")


class Flow:
    """``text`` broken into lines only at its plain spaces: the no-break space inside a Russian
    amount ("192\u00a0631,00") keeps the figure whole, and so does a no-break space put between a
    word and its figure; a word wider than the whole width is cut with an ellipsis. Measured by
    its widest word, no-break spaces included (rich's Text measures words split at any space)."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def lines(self, width: int) -> list[str]:
        out: list[str] = []
        tokens = _SPACES.split(self.text)
        for word, spaces in zip(tokens[::2], [""] + tokens[1::2], strict=True):
            if out and cell_len(out[-1]) + len(spaces) + cell_len(word) <= width:
                out[-1] += spaces + word
            else:
                out.append(word)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="ellipsis", end="\n")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(w) for w in _SPACES.split(self.text)[::2]), default=0)
        return Measurement(min(widest, options.max_width), min(cell_len(self.text), options.max_width))


class ByWidth:
    """The renderable ``build(width)`` makes for the width it is drawn at (a table that drops a
    column that would be too narrow to read, rather than squeezing it to one letter)."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.build(options.max_width))


def _width(cell: str | Text) -> int:
    return cell_len(cell) if isinstance(cell, str) else cell.cell_len


#: the narrowest a product's name may be in a record's lines before it is left out
NAME_AT_LEAST = 8


def named_lines(heads: Sequence[str], rows: Sequence[Sequence[str | Text]], names: Sequence[str], width: int) -> Table:
    """A record's lines as a table ``width`` wide at most: the first column to the left, the rest
    (figures) to the right, and the product's name after the first column when the width leaves
    it :data:`NAME_AT_LEAST` columns or more (cut with an ellipsis, never wrapped: the only column
    rich may narrow), else without it."""
    taken = sum(max([cell_len(h), *(_width(r[i]) for r in rows)]) for i, h in enumerate(heads))
    named = width - taken - len(GAP) * len(heads) >= NAME_AT_LEAST
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for i, head in enumerate(heads):
        table.add_column(head, justify="left" if i == 0 else "right", no_wrap=True)
        if i == 0 and named:
            table.add_column(_("Name"), overflow="ellipsis")
    for row, name in zip(rows, names, strict=True):
        cells = list(row)
        if named:
            cells.insert(1, Text(name, no_wrap=True, overflow="ellipsis"))
        table.add_row(*cells)
    return table


def keep_reference(text: str, ref: str, width: int) -> str:
    """``text`` for a cell ``width`` wide that keeps ``ref`` (a document's number inside a memo)
    whole: where cutting the end would cut into the number, words before it give way instead
    ("Поступление по… PO-2026-000054"), and what follows it is cut ("…"). Text that fits, text
    without the number, and a number wider than the cell come back as they are (the cell cuts
    them at their end)."""
    if not ref or cell_len(text) <= width or ref not in text:
        return text
    head, rest = text.split(ref, 1)
    head = head.rstrip()
    more = bool(rest.strip())
    if cell_len(head) + 1 + cell_len(ref) + more <= width:
        return text  # the number shows whole; the cell cuts what follows it
    tail = ref + ("…" if more else "")
    room = width - cell_len(tail) - 2  # "… " between the words kept and the number
    kept = ""
    for word in head.split(" "):
        longer = f"{kept} {word}" if kept else word
        if cell_len(longer) > room:
            break
        kept = longer
    return f"{kept}… {tail}" if kept else tail
