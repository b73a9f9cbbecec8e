"""Vetting a file before it is stored: its name, its kind, its text, and what it says.

:func:`prepare` is the only place where third-party parsers (pypdf, ofxtools, factur-x,
ElementTree) see a file's bytes. It runs in the reader process of
:mod:`boclerk.services.documents.reader`, so that a file that crashes a parser takes down
that process only, never the intake that asked.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from boclerk.domain.bounds import shown
from boclerk.domain.code_words import choices
from boclerk.domain.document_words import type_words
from boclerk.domain.documents import DocType
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.documents.store import sha256_of

INVOICE_TYPES = (DocType.SUPPLIER_INVOICE.value, DocType.UPD.value)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_members: int = 1000
    max_ratio: int = 100

    @classmethod
    def from_config(cls) -> Limits:
        from boclerk.settings import load_config

        mb = load_config().max_upload_mb
        if not isinstance(mb, int) or isinstance(mb, bool) or mb <= 0:
            raise InvalidInput(_("The config file's max_upload_mb must be a positive whole number of megabytes."))
        return cls(max_bytes=mb * 1024 * 1024)

    def too_big(self, name: str, size: int) -> InvalidInput:
        return InvalidInput(_("{name} is {size}; documents may be at most {size2} (max_upload_mb in the config file).").format(name=name, size=_size(size), size2=_size(self.max_bytes)))


def _size(n: int) -> str:
    if n % 1048576 == 0:
        return _("{n} MB").format(n=n // 1048576)
    return _("{n:.1f} MB").format(n=n / 1048576) if n >= 1048576 else _("{n} bytes").format(n=n)


@dataclass
class Prepared:
    """A vetted file, read and understood, not yet stored."""

    name: str
    data: bytes
    sha: str
    kind: str
    text: str
    doc_type: str
    statement: object | None = None  # the file's statements, one per account
    invoice: object | None = None
    members: list[Prepared] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def check_name(name: str) -> str:
    """A file name fit for display (controls refused, direction overrides removed), or one sentence why not."""
    shown_repr = repr(name[:80])
    if not name.strip() or name.strip() in (".", ".."):
        raise InvalidInput(_("{shown_repr} is not a file name.").format(shown_repr=shown_repr))
    if "/" in name or "\\" in name:
        raise InvalidInput(_("The file name {shown_repr} contains a path separator; boclerk refuses it.").format(shown_repr=shown_repr))
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise InvalidInput(_("The file name {shown_repr} contains control characters; boclerk refuses it.").format(shown_repr=shown_repr))
    if len(name) > 255:
        raise InvalidInput(_("The file name {name!r}... is longer than 255 characters.").format(name=name[:40]))
    cleaned = shown(name).strip()  # a right-to-left override turns invoice\u202efdp.exe into "invoiceexe.pdf"
    if not cleaned or cleaned in (".", ".."):
        raise InvalidInput(_("{shown_repr} is not a file name.").format(shown_repr=shown_repr))
    return cleaned



# -- understanding it -------------------------------------------------------------------

def prepare(name: str, data: bytes, doc_type: str | None, limits: Limits, *, inside: str | None = None) -> Prepared:
    """Sniff, extract the text, read a statement or an invoice; InvalidInput if it cannot be trusted."""
    from boclerk.formats.bank_statement import detect_format, read_statements
    from boclerk.formats.einvoice import detect_invoice, read_invoice
    from boclerk.formats.textextract import check_archive, extract_text, sniff_kind

    if doc_type is not None and doc_type not in {t.value for t in DocType}:
        raise InvalidInput(_("'{doc_type}' is not a document type; choose {codes}.").format(
            doc_type=doc_type, codes=choices((t.value for t in DocType), type_words)))
    label = f"{inside}: {name}" if inside else name
    kind = sniff_kind(data, name)
    p = Prepared(name, data, sha256_of(data), kind, "", doc_type or DocType.OTHER.value)
    if kind == "zip":
        if inside:
            raise InvalidInput(_("{inside} contains another archive ({name}); unpack it first.").format(inside=inside, name=name))
        if doc_type not in (None, DocType.OTHER.value):
            raise InvalidInput(_("{name} is a zip archive; register it without --type.").format(name=name))
        _unpack(p, limits, check_archive)
        return p
    statement = doc_type in (None, DocType.BANK_STATEMENT.value) and bool(detect_format(data) or doc_type)
    invoice = not statement and (doc_type is None or doc_type in INVOICE_TYPES) and kind in ("pdf", "xml") \
        and detect_invoice(data) is not None
    if statement and kind == "xml":
        # The index gets the words the statement's reader found: building the XML's tree a second
        # time for its text took longer than reading the statement (seconds at 100,000 entries).
        from boclerk.formats.bank import search_text

        p.statement = read_statements(data, name=label, max_bytes=limits.max_bytes)  # one per account
        p.doc_type = DocType.BANK_STATEMENT.value
        p.text = storable(search_text(p.statement))
        return p
    try:
        p.text = storable(extract_text(data, name=label))
    except InvalidInput:
        if not (statement or invoice):
            raise
        # A reader knows this kind (an OFX with an XML declaration but an SGML body, say):
        # indexing is no reason to refuse it; the index gets the file's words as plain text.
        p.text = plain_words(data)
    if statement:
        p.statement = read_statements(data, name=label, max_bytes=limits.max_bytes)  # one per account
        p.doc_type = DocType.BANK_STATEMENT.value
    elif invoice:
        p.invoice = read_invoice(data, name=label, max_bytes=limits.max_bytes)
        p.doc_type = doc_type or (DocType.UPD.value if p.invoice.format in ("upd", "ukd") else DocType.SUPPLIER_INVOICE.value)
    return p


def storable(text: str) -> str:
    """Text a database can store: no NUL, and UTF-16 halves a PDF's text layer can leave (an emoji cut in
    two) joined where they pair and replaced where they stand alone, which UTF-8 cannot encode."""
    text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def plain_words(data: bytes, max_chars: int = 2_000_000) -> str:
    """The readable words of a file no text extractor takes whole: markup removed, bytes decoded leniently.

    Its first ``2 * max_chars`` bytes are read as UTF-8 when they are UTF-8 up to that cut (a
    character the cut splits in two is left out), else as cp1251."""
    import codecs
    import re

    head = data[: max_chars * 2]
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) == len(data))
    except UnicodeDecodeError:
        text = head.decode("cp1251", errors="replace")
    text = re.sub(r"<[^<>]{0,200}>", " ", text)
    return " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", text).split())[:max_chars]


def _unpack(p: Prepared, limits: Limits, check_archive) -> None:
    vetted = check_archive(p.data, name=p.name, max_members=limits.max_members, max_total=limits.max_bytes,
                           max_ratio=limits.max_ratio)
    seen: set[str] = set()
    with zipfile.ZipFile(BytesIO(p.data)) as archive:
        for member, size in vetted:
            base = member.rsplit("/", 1)[-1]
            if base.startswith(".") or member.startswith("__MACOSX/"):
                p.skipped.append(member)
                continue
            try:
                with archive.open(member) as fh:
                    body = fh.read(size + 1)
            except Exception:  # noqa: BLE001 - any zipfile/zlib error is a damaged archive
                raise InvalidInput(_("{name}: the member {member!r} cannot be unpacked (damaged archive).").format(name=p.name, member=member[:80])) from None
            if len(body) != size:
                raise InvalidInput(_("{name}: the member {member!r} is not the size the archive declares.").format(name=p.name, member=member[:80]))
            if not body:
                p.skipped.append(member)
                continue
            m = prepare(check_name(base), body, None, limits, inside=p.name)
            if m.sha not in seen and m.sha != p.sha:
                seen.add(m.sha)
                p.members.append(m)
    p.text = "\n".join([p.name] + [m.name for m in p.members])
