"""What a list screen is declared with: its views (columns, the methods that fetch a page and
turn a row into cells) and its filters (a choice or a tick), as data (boclerk.tui.lists)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from boclerk.i18n import _
from boclerk.tui.paged import Column


@dataclass(frozen=True)
class View:
    """One list of the screen."""

    name: str  # the list's widget is #<name>-list
    label: str
    columns: list[Column]
    fetch: str  # the screen's method: (uow, *, after, before, last, limit) -> a page of rows
    cells: str  # the screen's method: row -> {column: cell}
    key: Callable[[Any], Any] = lambda row: row.id  # what pages by (unique, in the list's order)
    page: int = 100
    window_pages: int = 3
    #: the screen's method (uow) -> a Count or None, run once when the list is (re)loaded, never
    #: on a page step; empty: the list says only how many rows it shows
    count: str = ""


@dataclass(frozen=True)
class Filter:
    """A narrowing of the lists above them: a choice (Select) or a tick (Checkbox)."""

    name: str  # its key in ``self.filters``
    id: str  # the widget's id
    options: tuple[tuple[str, Any], ...] = ()  # a choice's (label, value); the first is the default
    label: str = ""  # a tick's label
    views: tuple[str, ...] = ()  # the views it narrows (and shows with); empty: all
    width: int | None = None

    @property
    def default(self) -> Any:
        return self.options[0][1] if self.options else False

    def words(self, value: Any) -> str:
        """The filter's value in words, in the interface language (labels are marked N_)."""
        for label, option in self.options:
            if option == value:
                return _(label)
        return _(self.label).lower() if self.label else f"{self.name} {value}"
