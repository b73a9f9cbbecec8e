"""CSV text read as a stream: chunk by chunk, line by line, never more than the cap.

A file handed in is read in chunks of 64 KiB and decoded as it comes; nothing relies on
the size it claims, so a file that grows while it is read, or a device, still stops at the
cap. UTF-8 is tried first and cp1251 only when a byte is not UTF-8 (the reading then starts
again from the top). NUL bytes and C0 control characters other than tab, CR and LF are
refused: valid UTF-8 can still be binary junk, and escape sequences could reach a terminal
through an error message. Lines end at CR LF, LF or CR, as Python's universal newlines do.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from boclerk.errors import InvalidInput
from boclerk.i18n import _

CHUNK = 64 * 1024
BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")


class WrongEncoding(Exception):
    """The bytes are not in the encoding tried: try the next."""


def encodings(stream: BinaryIO, what: str) -> list[tuple[str, str]]:
    """(codec, name) pairs to try, in order, from the first bytes of ``stream``."""
    head = stream.read(3)
    stream.seek(0)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InvalidInput(_("{what} is in UTF-16; save it as CSV in UTF-8 and try again.").format(what=what))
    if head.startswith(BOM):
        return [("utf-8-sig", "utf-8-sig")]
    return [("utf-8", "utf-8"), ("cp1251", "cp1251")]


def text_lines(stream: BinaryIO, codec: str, what: str, max_bytes: int, too_big: str) -> Iterator[str]:
    """The lines of ``stream`` decoded with ``codec`` (each with its line ending)."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    not_text = InvalidInput(_("{what} is not text in UTF-8 or cp1251.").format(what=what))
    total, pending, held = 0, [], ""  # pending: pieces of a line not yet ended; held: a CR that may precede LF
    while True:
        chunk = stream.read(CHUNK)
        total += len(chunk)
        if total > max_bytes:
            raise InvalidInput(too_big)
        if b"\0" in chunk:
            raise not_text
        try:
            text = held + decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise WrongEncoding from None
        if _CONTROL.search(text):
            raise not_text
        held = ""
        if chunk and text.endswith("\r"):
            text, held = text[:-1], "\r"
        last = max(text.rfind("\n"), text.rfind("\r"))
        if last < 0:
            pending.append(text)  # no line ends in this chunk
        else:
            whole = "".join(pending) + text[:last + 1]
            pending = [text[last + 1:]]
            yield from _LINE.findall(whole)
        if not chunk:
            tail = "".join(pending) + held
            if tail:
                yield tail
            return
