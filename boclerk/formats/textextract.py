"""The text of a stored document, for the full-text index (DESIGN.md section 5).

:func:`sniff_kind` names a file's kind from its content (magic bytes) first and its
name's extension second. :func:`extract_text` returns its text ('' for images, archives
and unknown binaries): every page of a PDF (pypdf), the text nodes and attribute values
of an XML (defusedxml: no entity declarations, so no XML bombs and no external
entities), decoded CSV and plain text (UTF-8, UTF-8 with BOM, UTF-16 with BOM, cp1251).
:func:`check_archive` vets a zip before anyone unpacks it.

An encrypted PDF is read only if it opens with the empty password (owner-password
"protection" only); otherwise it is refused. Library exceptions never escape: every
problem is one :class:`InvalidInput` sentence.
"""

from __future__ import annotations

import codecs
import re
import stat
import zipfile
from io import BytesIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from boclerk.errors import InvalidInput
from boclerk.formats.structure import check_markup
from boclerk.i18n import _

__all__ = ["check_archive", "extract_text", "sniff_kind"]

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_EXTENSIONS = {
    "pdf": "pdf", "xml": "xml", "csv": "csv", "tsv": "csv", "txt": "text", "text": "text", "md": "text",
    "log": "text", "zip": "zip", "png": "image", "jpg": "image", "jpeg": "image", "gif": "image",
    "tif": "image", "tiff": "image", "bmp": "image", "webp": "image", "heic": "image",
}
_XML_DECL = re.compile(rb"\s*<\?xml[\s?]")
_XML_START = re.compile(rb"\s*(<!--|<[A-Za-z_\x80-\xff])")
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["'][^"']+["']""")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LARGE_MEMBER = 64 * 1024  # the ratio check applies to members at least this large


def _label(name: str) -> str:
    return name or _("The document")


def _extension(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _decode(data: bytes, partial: bool = False) -> str | None:
    """Text of ``data`` in UTF-8 (BOM or not), UTF-16 with BOM or cp1251; None if binary.

    ``partial``: ``data`` is a head cut from a longer file, so a character cut in two at
    its end is no reason to doubt the encoding.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8", data[3:])]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", data)]
    else:
        if b"\x00" in data[:8192]:
            return None
        candidates = [("utf-8", data), ("cp1251", data)]
    for codec, raw in candidates:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(raw, final=not partial)
        except UnicodeDecodeError:
            continue
        sample = text[:8192]
        if len(_CONTROL.findall(sample)) > max(1, len(sample) // 100):
            return None  # mostly control characters: a binary file, not text
        return text
    return None


def _looks_like_csv(text: str) -> bool:
    lines = [line for line in text[:16384].splitlines()[:20] if line.strip()]
    if len(lines) < 2:
        return False
    for delimiter in (";", ",", "\t"):
        counts = {line.count(delimiter) for line in lines[:-1]}  # the last line may be cut off
        if len(counts) == 1 and counts.pop() > 0:
            return True
    return False


def sniff_kind(data: bytes, name: str = "") -> str:
    """One of "pdf", "xml", "csv", "text", "image", "zip", "other"."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP") \
            or head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") \
            or (head[:2] == b"BM" and head[6:10] == b"\0\0\0\0"):
        return "image"
    by_name = _EXTENSIONS.get(_extension(name))
    if not data:
        return by_name or "other"
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(data[:4096], partial=True)
        body = text.lstrip().encode("utf-8", "replace") if text else b""
    if _XML_DECL.match(body) or (_XML_START.match(body) and (by_name == "xml" or not _extension(name))):
        return "xml"  # a declaration says XML; a bare tag only without a contrary extension
    text = _decode(data[:65536], partial=True)
    if text is None:
        return by_name if by_name in ("image", "zip") else "other"
    if by_name in ("csv", "text", "xml"):
        return by_name
    return "csv" if _looks_like_csv(text) else "text"


def extract_text(data: bytes, *, name: str = "", max_chars: int = 2_000_000) -> str:
    """The document's text for the index, at most ``max_chars`` characters."""
    kind = sniff_kind(data, name)
    if kind == "pdf":
        return _pdf_text(data, name, max_chars)
    if kind == "xml":
        return _xml_text(data, name, max_chars)
    if kind in ("csv", "text"):
        limit = max_chars * 4 + 4  # enough bytes for max_chars characters in any of the encodings
        text = _decode(data[:limit], partial=len(data) > limit)
        if text is None:
            raise InvalidInput(_("{name} is not text in UTF-8 or cp1251.").format(name=_label(name)))
        return text[:max_chars]
    return ""


def _pdf_text(data: bytes, name: str, max_chars: int) -> str:
    from pypdf import PdfReader

    what = _label(name)
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InvalidInput(_("{what} is an encrypted PDF; boclerk cannot read it.").format(what=what))
    except InvalidInput:
        raise
    except Exception as exc:
        if type(exc).__name__ in ("FileNotDecryptedError", "WrongPasswordError", "DependencyError"):
            raise InvalidInput(_("{what} is an encrypted PDF; boclerk cannot read it.").format(what=what)) from None
        raise InvalidInput(_("{what} is not a readable PDF.").format(what=what)) from None
    parts: list[str] = []
    size = 0
    try:
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text) + 1
            if size >= max_chars:
                break
    except Exception:
        raise InvalidInput(_("{what} is not a readable PDF.").format(what=what)) from None
    return "\n".join(parts)[:max_chars]


def _xml_text(data: bytes, name: str, max_chars: int) -> str:
    what = _label(name)
    check_markup(data, what)
    source: bytes | str = data
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and not _DECL_ENCODING.match(data):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            source = data.decode("cp1251", errors="replace")
    try:
        root = fromstring(source)  # defusedxml: entity declarations and external references refused
    except DefusedXmlException:
        raise InvalidInput(_("{what} declares XML entities (a possible XML bomb or external entity); boclerk refuses it.").format(what=what)) from None
    except ParseError as exc:
        raise InvalidInput(_("{what} is not well-formed XML (line {position}).").format(what=what, position=exc.position[0])) from None
    except (ValueError, LookupError, UnicodeError):
        raise InvalidInput(_("{what} is not well-formed XML.").format(what=what)) from None
    parts: list[str] = []
    size = 0
    for el in root.iter():
        for piece in (*el.attrib.values(), el.text, el.tail):
            piece = (piece or "").strip()
            if piece:
                parts.append(piece)
                size += len(piece) + 1
        if size >= max_chars:
            break
    return "\n".join(parts)[:max_chars]


def check_archive(data: bytes, *, name: str = "", max_members: int = 1000, max_total: int = 200 * 1024 * 1024,
                  max_ratio: int = 100) -> list[tuple[str, int]]:
    """(name, size) of every file member of a zip that is safe to unpack; InvalidInput if not.

    Sizes are the ones the zip declares; Python's zipfile never yields more than that
    for a member (it stops there and checks the CRC), so the caps hold when unpacking
    with it. The ratio cap applies to members of 64 KiB or more, where a bomb can hide.
    """
    what = _label(name)
    if sniff_kind(data, name) != "zip":
        raise InvalidInput(_("{what} is not a zip archive.").format(what=what))
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:
        raise InvalidInput(_("{what} is not a readable zip archive.").format(what=what)) from None
    if len(members) > max_members:
        raise InvalidInput(_("{what} has {count} members; at most {max_members} are allowed.").format(what=what, count=len(members), max_members=max_members))
    total = 0
    seen: set[str] = set()
    result: list[tuple[str, int]] = []
    for info in members:
        member = info.filename
        shown = repr(member[:80])
        parts = member.split("/")
        if not member.strip("/") or member.startswith("/") or "\\" in member or ".." in parts or re.match(r"[A-Za-z]:", member) \
                or _CONTROL.search(member):
            raise InvalidInput(_("{what} has a member with an unsafe name ({shown}).").format(what=what, shown=shown))
        if stat.S_ISLNK(info.external_attr >> 16):
            raise InvalidInput(_("{what} has a symbolic link member ({shown}); boclerk refuses it.").format(what=what, shown=shown))
        if member in seen:
            raise InvalidInput(_("{what} has two members named {shown}.").format(what=what, shown=shown))
        seen.add(member)
        total += info.file_size
        if total > max_total:
            raise InvalidInput(_("{what} unpacks to more than {value} MB; boclerk refuses it.").format(what=what, value=max_total // (1024 * 1024)))
        if info.file_size >= LARGE_MEMBER and info.file_size > max_ratio * max(info.compress_size, 1):
            raise InvalidInput(_("{what} has a member ({shown}) compressed more than {max_ratio} to 1 (a possible zip bomb); boclerk refuses it.").format(what=what, shown=shown, max_ratio=max_ratio))
        if not info.is_dir():
            result.append((member, info.file_size))
    return result
