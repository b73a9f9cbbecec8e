"""Wrapping that keeps a figure whole: lines break at spaces, never at a no-break space.

A Russian amount is grouped with a no-break space ("54\u00a0027,80", boclerk.locale.formats), the
one space Unicode says not to break a line at. Rich and Textual find where a line may break with
regular expressions in which ``\\s`` is any space, the no-break ones too, so a toast, a card or a
side pane could show "54" at the end of one line and "027,80" on the next. The app makes both
libraries' word patterns leave the no-break spaces inside the word, once, when it starts: every
text it shows wraps that way (amounts, quantities, a service's sentence in a toast), and nothing
a widget writes needs to know. Only the app does it; the command line's output stays as it was.
"""

from __future__ import annotations

import re

#: the spaces a line must not be broken at: no-break, figure and narrow no-break space, word joiner
NO_BREAK = "\u00a0\u2007\u202f\u2060"

_BREAKS = rf"[^\S{NO_BREAK}]"  # a space a line may break at
_WORD = rf"[\S{NO_BREAK}]"  # anything else, the no-break spaces included

#: (module, name, the pattern it ships with, the pattern it gets)
_PATTERNS = (
    ("rich._wrap", "re_word", r"\s*\S+\s*", rf"{_BREAKS}*{_WORD}+{_BREAKS}*"),  # Rich's Text and Textual's Content
    ("textual._wrap", "re_chunk", r"\S+\s*|\s+", rf"{_WORD}+{_BREAKS}*|{_BREAKS}+"),  # Textual's TextArea
)


def keep_figures_whole() -> list[str]:
    """Make the wrapping of Rich and Textual break lines only at spaces that allow a break.

    Returns the patterns it could not replace (a library that no longer has the pattern it had, or
    has changed it): those wrap as the library does, and tests/tui/test_nobreak.py says so."""
    from importlib import import_module

    missed = []
    for module_name, name, shipped, ours in _PATTERNS:
        module = import_module(module_name)
        found = getattr(module, name, None)
        if isinstance(found, re.Pattern) and found.pattern == ours:
            continue  # done already
        if not isinstance(found, re.Pattern) or found.pattern != shipped:
            missed.append(f"{module_name}.{name}")
            continue
        setattr(module, name, re.compile(ours))
    return missed


#: a phone number as clerks write it: digits in groups, by spaces, dashes or brackets (+7 912 345-67-89)
_PHONE = re.compile(r"(?<![\w-])\+?\(?\d[\d()\- ]{5,}\d(?!\w)")


def phones_whole(text: str) -> str:
    """``text`` with the spaces inside its phone numbers made no-break: a line that wraps takes a
    phone number to the next line whole, never "+7 912" at the end of one and "345-67-89" at the
    start of the next."""
    return _PHONE.sub(lambda found: found.group().replace(" ", "\u00a0"), text)
