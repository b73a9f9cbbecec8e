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


#: a bill entered by hand is entered on its purchase order, on the Purchases screen; a document's
#: bill is shown by following the document
_BY_HAND = re.compile(r"(?:boclerk )?purchase bill(?!-)" + _ARGS)
_BILL_SHOW = re.compile(r"(?:boclerk )?purchase bill-show" + _ARGS)


def keyed(text: str) -> str:
    """``text`` with each command line this screen has a key for replaced by that key, and the one
    that enters a bill by hand by where the app does it."""
    if not text or ("boclerk " not in text and "bank rematch" not in text):
        return text
    for pattern, key in _COMMANDS:
        text = pattern.sub(lambda m, k=key: (_("press {key}") if m.group("run") else _("key {key}")).format(key=k),
                           text)
    if "purchase bill" not in text:
        return text
    from boclerk.domain.acts import act
    from boclerk.tui.areas import BY_MODE

    purchases = BY_MODE["purchases"]
    text = _BILL_SHOW.sub(lambda m: _("key {key} follows it").format(key="o"), text)
    return _BY_HAND.sub(lambda m: _("key {key} on its purchase order, screen {area} {title}").format(
        key=act("purchases.enter_bill").key, area=purchases.key, title=_(purchases.title)), text)


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
