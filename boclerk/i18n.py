"""The words a person reads, in their language: gettext catalogues, English or Russian.

Messages are written in English in the code and looked up in the catalogue of the interface
language (``boclerk/locale/<lang>/LC_MESSAGES/*.po``, compiled to ``boclerk.mo`` when the
package is built). The language comes from the config's ``locale`` and, when the config says
nothing, from the environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as ``gettext`` reads them);
anything but Russian is English. It is one per process: a clerk's app or one command line.

How to write a message:

- ``_("Order {number} is not confirmed.").format(number=n)``: placeholders by name, so that a
  translation may put them in its own order; never an f-string inside ``_()``.
- ``ngettext("{n} order", "{n} orders", n).format(n=n)``: Russian has three plural forms.
- ``N_("Help")`` marks a text kept in a table at import time; it is translated where it is shown
  (``_(binding.description)``), so that the table is built once whatever the language.
  ``NP_("stock move", "return")`` does the same for a word that means something else elsewhere
  (shown with ``pgettext("stock move", ...)``): one English word, two Russian ones.
  ``NN_("{n} month", "{n} months")`` marks a message with a plural, said with ``ngettext``.

Numbers, dates and money follow the company's locale (boclerk.money, boclerk.dates), not this.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext as _gettext

DOMAIN = "boclerk"
LANGUAGES = ("en", "ru")
#: where the catalogues are: <lang>/LC_MESSAGES/*.po (sources) and boclerk.mo (built from them)
CATALOGUES = Path(__file__).parent / "locale"



class _English:
    """The words as written (what gettext's NullTranslations says), without loading gettext."""

    @staticmethod
    def gettext(message: str) -> str:
        return message

    @staticmethod
    def ngettext(singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    @staticmethod
    def pgettext(context: str, message: str) -> str:
        return message


_NULL = _English()
_active: _gettext.NullTranslations | _English | _AtFirstWord = _NULL
_language = "en"
_loaded: dict[str, _gettext.NullTranslations | _English] = {}


def language_of(tag: str | None) -> str | None:
    """The interface language a locale tag names (``ru``, ``ru_RU.UTF-8``, ``en-GB``), or None
    for none of boclerk's (``C``, ``POSIX``, ``de_DE``, empty)."""
    if not tag:
        return None
    base = tag.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return base if base in LANGUAGES else None


def pick_language(configured: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The interface language: the config's ``locale`` when it names one, else the first set of
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (as the C library reads them), else English."""
    picked = language_of(configured)
    if picked:
        return picked
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return language_of(env[name]) or "en"
    return "en"


class _AtFirstWord:
    """The catalogue of a language, read when the first word is looked up in it: a command
    that prints only data (``boclerk show order N --json``) never reads it."""

    def __init__(self, lang: str):
        self.lang = lang

    def __getattr__(self, name: str):
        global _active
        catalogue = translations(self.lang)
        if _active is self:
            _active = catalogue
        return getattr(catalogue, name)


def use(language: str | None) -> str:
    """Make ``language`` the interface language of this process (English for anything else);
    return the language now used."""
    global _active, _language
    lang = language_of(language) or "en"
    _active = _NULL if lang == "en" else _loaded.get(lang) or _AtFirstWord(lang)
    _language = lang
    return lang


def language() -> str:
    """The interface language now used (``en`` or ``ru``)."""
    return _language


def translations(lang: str) -> _gettext.NullTranslations | _English:
    """The catalogue of ``lang``: the compiled ``boclerk.mo`` when it is newer than every
    ``.po`` beside it (an installed package), else the ``.po`` files compiled now and kept as
    ``boclerk.mo`` for the next start (a checkout installed in place, or just edited)."""
    if lang not in _loaded:
        import gettext as _gettext

        folder = CATALOGUES / lang / "LC_MESSAGES"
        sources = sorted(folder.glob("*.po"))
        compiled = folder / f"{DOMAIN}.mo"
        kept = None
        if compiled.exists() and all(compiled.stat().st_mtime >= po.stat().st_mtime for po in sources):
            try:
                with compiled.open("rb") as fp:
                    kept = _gettext.GNUTranslations(fp)
            except PermissionError:  # kept by another account, for itself alone: compiled again below
                pass
        if kept is not None:
            _loaded[lang] = kept
        elif sources:
            import io

            from boclerk.locale.catalogue import compile_bytes

            data = compile_bytes(sources)
            _keep(compiled, data)
            _loaded[lang] = _gettext.GNUTranslations(io.BytesIO(data))
        else:
            _loaded[lang] = _NULL
    return _loaded[lang]


def _keep(path: Path, data: bytes) -> None:
    """Keep a catalogue compiled from its sources for the next start (a checkout installed in
    place has none until then), readable by every account; a folder boclerk may not write to
    only costs that time again."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".boclerk-", suffix=".mo", delete=False) as fp:
            fp.write(data)
        os.chmod(fp.name, 0o644)  # words, not secrets: every account that runs boclerk reads them
        os.replace(fp.name, path)
    except OSError:
        try:
            os.unlink(fp.name)
        except (OSError, NameError):
            pass


#: the catalogue a stretch of code speaks in instead of the interface's (:class:`speaking`), in
#: this thread alone; None: the interface's
_speaking: ContextVar[_gettext.NullTranslations | _English | None] = ContextVar("boclerk_speaking", default=None)


class speaking:
    """``with speaking(language):`` everything said in this thread meanwhile (``_``, ``ngettext``,
    ``pgettext``) is said in ``language`` (English for anything but Russian), the interface's own
    words again after it. A service that stores what another refuses (why a document waits) says
    it in the books' language this way, from the start, not translated from a finished sentence.
    The app's other threads go on in the interface language."""

    def __init__(self, language: str | None) -> None:
        lang = language_of(language) or "en"
        self.language = lang
        self.catalogue = _NULL if lang == "en" else translations(lang)

    def __enter__(self) -> None:
        self.token = _speaking.set(self.catalogue)
        self.language_token = _speaking_language.set(self.language)

    def __exit__(self, *exc: object) -> None:
        _speaking_language.reset(self.language_token)
        _speaking.reset(self.token)


_speaking_language: ContextVar[str | None] = ContextVar("boclerk_speaking_language", default=None)


def words_language() -> str:
    """The language ``_`` says things in now: a :class:`speaking` stretch's, else the interface's
    (a number inside a sentence is written as that language writes numbers)."""
    return _speaking_language.get() or _language


def _(message: str) -> str:
    """``message`` in the interface language."""
    return (_speaking.get() or _active).gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` things, as the interface language counts them."""
    return (_speaking.get() or _active).ngettext(singular, plural, n)


def plural_count(value) -> int:
    """The whole number ``ngettext`` is given for ``value`` things, a fractional quantity among them.

    A whole value is itself. A fractional one (2.5 kg, 1.5 pieces) is said in the form a language
    uses for fractions: in Russian the genitive singular ("2,5 штуки", "1,5 штуки", never
    "1,5 штука" or "2,5 штук"), which is the form its rule gives 2; in English the plural
    ("1.5 items"), which it gives 2 as well."""
    whole = int(value)
    return whole if whole == value else 2


def pgettext(context: str, message: str) -> str:
    """``message`` in the interface language, where the same English word is said two ways."""
    return (_speaking.get() or _active).pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (see the module's text)."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural for the catalogue without translating it now; it is said with
    ``ngettext(singular, plural, n)`` where the count is known (a stored text in the books' words)."""
    return singular, plural


def NP_(context: str, message: str) -> str:
    """Mark ``message`` in ``context`` for the catalogue without translating it now; it is shown
    with ``pgettext(context, message)`` (a table whose English word means something else elsewhere)."""
    return message
