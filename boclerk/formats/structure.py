"""Structural limits, checked before a file reaches a third-party parser.

A parser that is safe against entity bombs can still be brought down by shape alone: an
OFX file of 1.6 MB that opens ``<STMTRS>`` 200,000 times overflows the C stack of the
element copy inside ofxtools (the process dies with SIGSEGV, no exception to catch).
So markup is first counted by a plain scan of its tags (no tree is built): nesting
depth and element count; text formats are counted by lines. Real statements and
invoices nest a dozen levels deep and hold thousands of elements; the limits are far
above that and far below what hurts.

In XML every start tag nests until its end tag. In SGML as OFX 1.x writes it, a leaf
element has no end tag (``<TRNAMT>-12.50``): there a start tag followed by text is a
leaf and does not nest, as ofxtools reads it too.
"""

from __future__ import annotations

import re

from boclerk.errors import InvalidInput
from boclerk.i18n import _

MAX_DEPTH = 64
MAX_ELEMENTS = 500_000
# A camt.053 statement is read as a stream, one entry at a time (its memory does not grow with it),
# so it may hold many more: 100,000 entries of up to 60 elements each, a marketplace's busy month.
MAX_ELEMENTS_STATEMENT = 6_000_000
MAX_LINES = 2_000_000

# A tag's name starts with a letter or "_" of any script: the bytes 0x80-0xFF are the letters
# of UTF-8 and of cp1251 (a UPD's <Файл>, CommerceML's <Товар>), so they count as well.
_TAG = re.compile(rb"<(/?)([A-Za-z_\x80-\xff][^\s<>/=\"']*)[^<>]*?(/?)>")
_SPACE = b" \t\r\n"


def check_markup(data: bytes, name: str, *, sgml: bool = False, max_depth: int = MAX_DEPTH,
                 max_elements: int = MAX_ELEMENTS) -> None:
    """Refuse XML (or OFX SGML) nested deeper than ``max_depth`` or holding more than ``max_elements`` elements."""
    data = _as_utf8(data)
    stack: list[bytes] = []
    leaf: bytes | None = None
    elements = tags = 0
    size = len(data)
    too_many = too_large(name, max_elements)
    for match in _TAG.finditer(data):
        closing, tag, empty = match.group(1), match.group(2), match.group(3)
        tags += 1
        if tags > 2 * max_elements:
            raise too_many
        if closing:
            if tag == leaf:
                leaf = None
                continue
            leaf = None
            if tag in stack:
                while stack.pop() != tag:
                    pass
            continue
        leaf = None
        elements += 1
        if elements > max_elements:
            raise too_many
        if empty:
            continue
        if sgml:
            end = match.end()
            while end < size and data[end] in _SPACE:
                end += 1
            if end < size and data[end] != 0x3C:  # text follows: a leaf (its end tag, if any, comes next)
                leaf = tag
                continue
        stack.append(tag)
        if len(stack) > max_depth:
            raise too_deep(name, max_depth)


def too_large(name: str, max_elements: int) -> InvalidInput:
    return InvalidInput(_("{name} holds more than {max_elements:,} elements; boclerk refuses a file that large in structure.").format(name=name, max_elements=max_elements))


def too_deep(name: str, max_depth: int) -> InvalidInput:
    return InvalidInput(_("{name} nests its elements more than {max_depth} deep; no statement or invoice does, so boclerk refuses it.").format(name=name, max_depth=max_depth))


def _as_utf8(data: bytes) -> bytes:
    """UTF-16 markup (with or without its byte order mark) as UTF-8, so that its tags can be counted."""
    head = data[:2]
    if head in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    if len(data) > 1 and (data[0] == 0) != (data[1] == 0):
        return data.decode("utf-16-be" if data[0] == 0 else "utf-16-le", errors="replace").encode("utf-8")
    return data


def check_lines(data: bytes, name: str, *, max_lines: int = MAX_LINES) -> None:
    """Refuse a text file of more than ``max_lines`` lines."""
    if data.count(b"\n", 0, len(data)) > max_lines:
        raise InvalidInput(_("{name} has more than {max_lines:,} lines; boclerk refuses a file that long.").format(name=name, max_lines=max_lines))
