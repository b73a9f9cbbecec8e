"""The command line in the interface language: help texts translated as they are shown.

Commands keep their help where typer reads it (docstrings, ``help=`` of options); the tree that
click runs is translated in place just before it runs (:class:`Translated`), and the same walk
gives the catalogue those texts (:func:`help_texts`).
"""

from __future__ import annotations

from collections.abc import Iterator

from typer.core import TyperGroup

from boclerk.i18n import _, language, pick_language, use


def _parts(cmd) -> Iterator[tuple[object, str]]:
    yield cmd, "help"
    yield cmd, "short_help"
    yield cmd, "epilog"
    for param in cmd.params:
        yield param, "help"
    for sub in getattr(cmd, "commands", {}).values():  # a group (typer carries its own click)
        yield from _parts(sub)


def help_texts(cmd) -> list[str]:
    """Every help text of ``cmd`` and the commands under it, as written (English)."""
    return [text for holder, name in _parts(cmd) if (text := getattr(holder, name, None))]


def translate(cmd) -> None:
    """Put ``cmd``'s help texts, and those of every command under it, in the interface language."""
    if language() == "en":
        return
    for holder, name in _parts(cmd):
        text = getattr(holder, name, None)
        if text:
            setattr(holder, name, _(text))


class Translated(TyperGroup):
    """The root group: translates the tree once it is built, before it parses anything."""

    def main(self, *args, **kwargs):
        translate(self)
        return super().main(*args, **kwargs)


def pick_from_config() -> str:
    """Use the language the config files ask for (else LANG's); a config that cannot be read is
    reported later, by the command, in English until then."""
    from boclerk.errors import BoclerkError
    from boclerk.settings import load_config

    try:
        configured = load_config().locale
    except BoclerkError:
        configured = None
    return use(pick_language(configured))
