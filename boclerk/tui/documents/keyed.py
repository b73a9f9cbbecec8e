"""Sentences of the documents and bank services, as the Documents screen says them: where a
sentence names a command line (``boclerk doc link DOC-... BILL-...``) that this screen has a
key for, the key is named instead. Command names are never translated, so this works on the
English and the Russian sentence alike; a command the screen has no key for stays as it is."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from boclerk.errors import BoclerkError
from boclerk.i18n import _

#: a command's arguments: up to a closing bracket, the end of a sentence or of the text
_ARGS = r"(?: [^()]*?)?(?=\)|(?<![.\-])\.(?:\s|$)|;|$)"
#: the command this screen has a key for -> its key
_COMMANDS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(r"(?P<run>\brun:? )?(?:boclerk )?" + command + _ARGS), key) for command, key in (
        ("doc link", "l"), ("doc process", "p"), ("doc scan", "a"), ("bank match", "m"), ("bank ignore", "i"),
        ("bank rematch", "R"),
    ))


def keyed(text: str) -> str:
    """``text`` with each command line this screen has a key for replaced by that key."""
    if not text or ("boclerk " not in text and "bank rematch" not in text):
        return text
    for pattern, key in _COMMANDS:
        text = pattern.sub(lambda m, k=key: (_("press {key}") if m.group("run") else _("key {key}")).format(key=k),
                           text)
    return text


def keyed_refusals(fn: Callable) -> Callable:
    """``fn`` whose refusals say the screen's key instead of a command line."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BoclerkError as exc:
            exc.message = keyed(exc.message)
            raise

    return run
