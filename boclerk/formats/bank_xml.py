"""A bank statement's XML read as a stream, safely and under structural limits (for :mod:`.bank_camt`).

lxml (libxml2) parses it with everything that reaches outside the file or expands turned off: no
DTD is loaded, no entity is substituted, nothing is fetched from the network (nor from disk: a
resolver refuses any fetch), comments and processing instructions are dropped, and libxml2's own
size limits are kept (no ``huge_tree``). On top of that, a file that declares a DTD at all is
refused before its first wanted element reaches the reader, as defusedxml refuses it
(``forbid_dtd``): a statement never needs one, and a DTD is how entity bombs and external entities
get in.

Only the elements the reader asks for are handed to it (lxml matches their tags in C); the rest of
the file is still counted, by subtree, when the reader lets a subtree go (:func:`shape`): no more
elements than the reader's limit, none deeper than :data:`~.structure.MAX_DEPTH`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from io import BytesIO

from lxml import etree

from boclerk.errors import InvalidInput
from boclerk.formats.structure import MAX_DEPTH, too_deep
from boclerk.i18n import _

_SAFE = dict(
    resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False, attribute_defaults=False,
    huge_tree=False, remove_comments=True, remove_pis=True, strip_cdata=True,
)
_COUNT = etree.XPath("count(descendant-or-self::*)")


@lru_cache(maxsize=16)
def _reaches(levels: int) -> etree.XPath:
    """True when an element has a descendant ``levels`` below it."""
    return etree.XPath("boolean(" + "/".join(["*"] * levels) + ")")


def shape(el, depth: int, name: str) -> int:
    """The elements of ``el``'s subtree (itself included); refused if one of them lies deeper than
    ``MAX_DEPTH`` (``el`` being at ``depth``, the root at 1). The depth is looked for only where there
    are enough elements to reach it."""
    count = int(_COUNT(el))
    if count > MAX_DEPTH - depth and _reaches(MAX_DEPTH - depth + 1)(el):
        raise too_deep(name, MAX_DEPTH)
    return count


def refuse_dtd(name: str) -> InvalidInput:
    return InvalidInput(
        _("{name} declares a DTD or entities, which boclerk refuses in XML because they can hide entity bombs and reach outside files.").format(name=name)
    )


def _not_xml(name: str, err: Exception | None = None) -> InvalidInput:
    position = getattr(err, "position", None)
    if position and position[0]:
        line, column = position
        return InvalidInput(_("{name} is not well-formed XML (line {line}, column {column}).").format(name=name, line=line, column=column))
    return InvalidInput(_("{name} is not well-formed XML.").format(name=name))


class _Outside(Exception):
    """Raised by :class:`_NoFetching`: the file asked for something outside itself."""


class _NoFetching(etree.Resolver):
    """Nothing outside the file is ever fetched (the parser's options already say so; this makes sure)."""

    def resolve(self, system_url, public_id, context):
        raise _Outside(system_url)


def stream(data: bytes, name: str, tags: tuple[str, ...], opened: Callable[[object], None]) -> Iterator[tuple[str | None, object]]:
    """("start" or "end", element) for the elements of ``tags`` (``"{*}Ntry"``: any namespace), in
    document order, then (None, root) once the file has been read whole. ``opened(root)`` is asked
    before the first of them is handed over (after a DTD has been refused): it may refuse the file by
    its root. Problems of the XML as one sentence (:class:`InvalidInput`)."""
    events = etree.iterparse(BytesIO(data), events=("start", "end"), tag=tags, **_SAFE)
    events.resolvers.add(_NoFetching())
    root = None
    try:
        for event, el in events:
            if root is None:
                root = _checked(el.getroottree().getroot(), name, opened)
            yield event, el
    except _Outside:
        raise refuse_dtd(name) from None
    except etree.XMLSyntaxError as err:
        raise _not_xml(name, err) from None
    except (etree.LxmlError, ValueError, LookupError, RecursionError):
        raise _not_xml(name) from None
    yield None, root if root is not None else _checked(events.root, name, opened)


def _checked(root, name: str, opened: Callable[[object], None]):
    if root is None:
        raise _not_xml(name)
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise refuse_dtd(name)
    opened(root)
    return root
