"""A list screen's tables of words in the interface language: its views' names, its columns'
headings and its filters' choices are written once at import (marked with ``N_``) and turned
into the language of the app when the screen is made."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from boclerk.i18n import _
from boclerk.tui.lists import Filter, View
from boclerk.tui.paged import Column


def columns(cols: Iterable[Column], own: Mapping[str, str] | None = None) -> list[Column]:
    return [replace(c, label=said(c.label, own)) for c in cols]


def views(vs: Iterable[View], own: Mapping[str, str] | None = None) -> tuple[View, ...]:
    return tuple(replace(v, label=said(v.label, own), columns=columns(v.columns, own)) for v in vs)


def filters(fs: Iterable[Filter], own: Mapping[str, str] | None = None) -> tuple[Filter, ...]:
    return tuple(replace(f, options=tuple((said(label, own), value) for label, value in f.options),
                         label=said(f.label, own)) for f in fs)


def said(text: str, own: Mapping[str, str] | None = None) -> str:
    """``text`` in the interface language: the screen's own word for it, else the catalogue's."""
    return (own or {}).get(text) or _(text)


def translate_lists(screen, headings: Mapping[tuple[str, str], str] | None = None,
                    own: Mapping[str, str] | None = None) -> None:
    """Give ``screen`` (a ListScreen, before it composes) its views, filters and search hint in the
    interface language.

    ``headings`` gives some columns, by (view, column key), a heading of their own, already
    translated: a word said otherwise there (a person's name). ``own`` gives some words, by their
    English, the screen's own translation (``pgettext`` with a context): a word other screens say
    otherwise, or say longer than this screen's narrow column or chooser has room for."""
    screen.VIEWS = tuple(replace(v, columns=[replace(c, label=headings[v.name, c.key])
                                             if (v.name, c.key) in (headings or {}) else c for c in v.columns])
                         for v in views(type(screen).VIEWS, own))
    screen.FILTERS = filters(type(screen).FILTERS, own)
    screen.SEARCH = _(type(screen).SEARCH)
