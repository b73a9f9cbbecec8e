"""Extract, update, compile and check the catalogues, with Babel.

The catalogue of a language is every ``.po`` file in ``<lang>/LC_MESSAGES/`` taken together
(one ``boclerk.po`` normally); it compiles to one ``boclerk.mo``. Messages come from the code
(``_``, ``N_``, ``ngettext``, ``pgettext`` calls, found by Babel's Python extractor) and from
what the faces show that is not written as a call (the command line's help, given by
``extra``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from boclerk import __version__

HERE = Path(__file__).parent
PACKAGE = HERE.parent
DOMAIN = "boclerk"
KEYWORDS = {"_": None, "N_": None, "NN_": (1, 2), "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)?(?:[!:][^{}]*)?\}(?!\})")


def extract(extra: Iterable[str] = ()) -> Catalog:
    """The messages the code uses: its gettext calls, and ``extra`` texts shown as they are."""
    catalog = Catalog(domain=DOMAIN, project="boclerk", version=__version__, charset="utf-8",
                      copyright_holder="the boclerk developers", msgid_bugs_address="", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True,
            directory_filter=lambda d: "migrations" not in Path(d).parts and "__pycache__" not in d):
        catalog.add(message, None, [(f"boclerk/{filename}", lineno)], auto_comments=comments, context=context,
                    flags=("python-brace-format",) if _has_placeholders(message) else ())
    for text in extra:
        if text and text not in catalog:
            catalog.add(text, None, [("boclerk/cli", 0)])
    return catalog


def _has_placeholders(message) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any(PLACEHOLDER.search(t or "") for t in texts)


def sources(lang: str) -> list[Path]:
    return sorted((HERE / lang / "LC_MESSAGES").glob("*.po"))


def read(lang: str | Iterable[Path]) -> Catalog:
    """The catalogue of ``lang``: its ``.po`` files merged (of two entries for one message, the
    first translated one wins)."""
    paths = sources(lang) if isinstance(lang, str) else list(lang)
    merged: Catalog | None = None
    for path in paths:
        with path.open("rb") as fp:
            part = read_po(fp, domain=DOMAIN)
        if merged is None:
            merged = part
            continue
        for message in part:
            have = merged.get(message.id, message.context) if message.id else message
            if have is None or (message.string and not message.fuzzy and (not have.string or have.fuzzy)):
                if have is not None:
                    merged.delete(message.id, message.context)  # setting would keep the old string
                merged[message.id] = message
    return merged if merged is not None else Catalog(domain=DOMAIN)


def compile_bytes(paths: Iterable[Path]) -> bytes:
    """The ``.mo`` of the catalogue made of ``paths``: what gettext reads."""
    out = io.BytesIO()
    write_mo(out, read(list(paths)), use_fuzzy=False)
    return out.getvalue()


def compile_all(root: Path = HERE) -> list[Path]:
    """Write ``boclerk.mo`` beside the ``.po`` files of every language under ``root``."""
    written = []
    for folder in sorted(root.glob("*/LC_MESSAGES")):
        pos = sorted(folder.glob("*.po"))
        if pos:
            target = folder / f"{DOMAIN}.mo"
            target.write_bytes(compile_bytes(pos))
            written.append(target)
    return written


def update(template: Catalog, lang: str) -> Path:
    """Bring ``lang``'s ``boclerk.po`` up to ``template``: new messages added untranslated,
    gone ones dropped, translations kept; other ``.po`` parts beside it (a translator's batch)
    are folded into it and removed."""
    path = HERE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    parts = [p for p in sources(lang) if p != path]
    catalog = read(lang) if sources(lang) else Catalog(
        locale=lang, domain=DOMAIN, project="boclerk", version=__version__, fuzzy=False,
        copyright_holder="the boclerk developers", language_team="boclerk", last_translator="boclerk")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    with path.open("wb") as fp:
        write_po(fp, catalog, width=100, omit_header=False, sort_output=False)
    for part in parts:
        part.unlink()
    return path


def write_template(template: Catalog) -> Path:
    path = HERE / f"{DOMAIN}.pot"
    with path.open("wb") as fp:
        write_po(fp, template, width=100, sort_output=False)
    return path


def problems(template: Catalog, lang: str) -> list[str]:
    """What ``lang``'s catalogue lacks or gets wrong against the messages the code uses: a
    message without a translation (or a fuzzy one), a plural without all its forms, a
    translation whose placeholders differ from the message's."""
    catalog = read(lang)
    found: list[str] = []
    for message in template:
        if not message.id:
            continue
        have = catalog.get(message.id, message.context)
        name = message.id[0] if isinstance(message.id, tuple) else message.id
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        if have is None or not have.string or have.fuzzy:
            found.append(f"no translation: {name!r} ({where})")
            continue
        strings = have.string if isinstance(have.string, tuple) else (have.string,)
        if isinstance(message.id, tuple) and (len(strings) != catalog.num_plurals or not all(strings)):
            found.append(f"{name!r} needs {catalog.num_plurals} plural forms ({where})")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = {p for t in ids for p in PLACEHOLDER.findall(t)}
        for s in strings:
            if s and {p for p in PLACEHOLDER.findall(s)} != wanted:
                found.append(f"placeholders differ in {name!r}: {sorted(wanted)} against {s!r}")
    return found
