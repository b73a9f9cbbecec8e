"""XML from outside (a supplier's invoice, a shop's orders file), parsed safely.

The markup's shape is checked first (:func:`boclerk.formats.structure.check_markup`), then
defusedxml builds the tree with no DTD, entities or network. A file that declares no encoding and
is not UTF-8 is read as cp1251, as 1C and older Russian systems write it.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from boclerk.errors import InvalidInput
from boclerk.formats.structure import check_markup
from boclerk.i18n import N_, _

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["'][^"']+["']""")


def parse_xml(data: bytes, name: str) -> Element:
    """The document's root; one sentence naming ``name`` when it is not well-formed or declares a DTD."""
    check_markup(data, name)
    source: bytes | str = data
    if not data.startswith(_BOMS) and not _DECL_ENCODING.match(data):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            source = data.decode("cp1251", errors="replace")
    try:
        return fromstring(source, forbid_dtd=True)
    except DefusedXmlException:
        raise InvalidInput(_("{name} declares a DTD or entities (a possible XML bomb or external entity); boclerk "
                             "refuses it.").format(name=name)) from None
    except ParseError as exc:
        raise InvalidInput(_("{name} is not well-formed XML (line {position}).").format(
            name=name, position=exc.position[0])) from None
    except (ValueError, LookupError, UnicodeError):
        raise InvalidInput(_("{name} is not well-formed XML.").format(name=name)) from None


#: expat's reasons (``xml.parsers.expat.errors``, by code), to be said in the interface language
_EXPAT_REASONS = {
    2: N_("syntax error"),
    3: N_("no element found"),
    4: N_("not well-formed (invalid token)"),
    5: N_("unclosed token"),
    6: N_("partial character"),
    7: N_("mismatched tag"),
    8: N_("duplicate attribute"),
    9: N_("junk after document element"),
    11: N_("undefined entity"),
    14: N_("reference to invalid character number"),
    17: N_("XML or text declaration not at start of entity"),
    18: N_("unknown encoding"),
    19: N_("encoding specified in XML declaration is incorrect"),
    20: N_("unclosed CDATA section"),
    27: N_("unbound prefix"),
    30: N_("XML declaration not well-formed"),
}


def parse_error_reason(exc: ParseError) -> str:
    """Why expat could not read a document, with its line and column, in the interface language:
    "line 3, column 5: mismatched tag"."""
    line, column = getattr(exc, "position", (0, 0))
    code = getattr(exc, "code", None)
    reason = _(_EXPAT_REASONS[code]) if code in _EXPAT_REASONS else _("not well-formed")
    return _("line {line}, column {column}: {reason}").format(line=line, column=column, reason=reason)
