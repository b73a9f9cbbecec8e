"""A list screen's tables of words in the interface language: its views' names, its columns'
headings and its filters' choices are written once at import (marked with ``N_``) and turned
into the language of the app when the screen is made."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from boclerk.i18n import _
from boclerk.tui.lists import Filter, View
from boclerk.tui.paged import Column


def columns(cols: Iterable[Column]) -> list[Column]:
    return [replace(c, label=_(c.label)) for c in cols]


def views(vs: Iterable[View]) -> tuple[View, ...]:
    return tuple(replace(v, label=_(v.label), columns=columns(v.columns)) for v in vs)


def filters(fs: Iterable[Filter]) -> tuple[Filter, ...]:
    return tuple(replace(f, options=tuple((_(label), value) for label, value in f.options), label=_(f.label))
                 for f in fs)


def translate_lists(screen, headings: dict[tuple[str, str], str] | None = None) -> None:
    """Give ``screen`` (a ListScreen, before it composes) its views, filters and search hint in the
    interface language. ``headings`` gives some columns, by (view, column key), a heading of their
    own, already translated: a word said otherwise there (a person's name) or shorter (a narrow
    column)."""
    screen.VIEWS = tuple(replace(v, columns=[replace(c, label=headings[v.name, c.key])
                                             if (v.name, c.key) in (headings or {}) else c for c in v.columns])
                         for v in views(type(screen).VIEWS))
    screen.FILTERS = filters(type(screen).FILTERS)
    screen.SEARCH = _(type(screen).SEARCH)
