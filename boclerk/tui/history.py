"""A record's history under its view: when, who, and what was done, in the reader's words."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text

from boclerk.dates import format_moment
from boclerk.domain.audit_words import action_word
from boclerk.i18n import _


def add_history(grid: Table, history: Iterable, *, locale: str, heading_when_empty: bool = True) -> None:
    """Rows of a history (objects with ``at``, ``actor`` and ``action``) under a heading, each
    moment as the shop's ``locale`` writes a day, with its time."""
    rows = list(history)
    if not rows and not heading_when_empty:
        return
    grid.add_row(Text(_("History"), style="bold"))
    for h in rows:
        grid.add_row(Text(f"{format_moment(h.at, locale)} {h.actor} {action_word(h.action)}", style="dim"))
