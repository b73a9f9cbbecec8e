"""Registering files: read them safely, vet them, store them by hash, one row each.

``boclerk doc add PATH...`` and ``boclerk doc scan DIR`` come here. Every file is hostile
until proven otherwise (DESIGN.md section 5): links, directories, devices and pipes are
refused before a byte is read; the size is capped; names with path separators, ``..`` or
control characters are refused; PDFs must open, XML must be free of entities, zip archives
pass member-count, size and ratio limits before their members are unpacked (each member a
document of its own). A refused file leaves nothing behind: no row, no stored file.

The same content twice is one document: the second intake says which document it already
is and changes nothing. A bank statement's lines go to the reconciliation queue
(:mod:`boclerk.services.documents.bank`); a supplier e-invoice becomes a bill
(:mod:`boclerk.services.documents.invoices`).
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path

from sqlalchemy import select

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import DocStatus, DocType, Document, LinkKind
from boclerk.domain.permissions import Perm
from boclerk.errors import BoclerkError, InvalidInput, NotFound
from boclerk.services.documents.register import (
    add_link,
    apply_metadata,
    has_link,
    refresh_index,
    resolve_target,
)
from boclerk.services.documents.store import DocStore, sha256_of
from boclerk.services.numbers import next_number

_HEAD = 65536
_INVOICE_TYPES = (DocType.SUPPLIER_INVOICE.value, DocType.UPD.value)


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
            raise InvalidInput("The config file's max_upload_mb must be a positive whole number of megabytes.")
        return cls(max_bytes=mb * 1024 * 1024)

    def too_big(self, name: str, size: int) -> InvalidInput:
        return InvalidInput(f"{name} is {_size(size)}; documents may be at most {_size(self.max_bytes)} "
                            "(max_upload_mb in the config file).")


def _size(n: int) -> str:
    if n % 1048576 == 0:
        return f"{n // 1048576} MB"
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n} bytes"


@dataclass(frozen=True)
class IntakeMeta:
    """What the clerk says about the files (None: leave it to the file)."""

    doc_type: str | None = None
    counterparty: str | None = None
    their_number: str | None = None
    their_date: date | None = None
    amount: int | None = None
    notes: str | None = None
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class IntakeResult:
    source: str
    outcome: str  # registered, known, refused, skipped
    message: str
    number: str | None = None
    doc_type: str | None = None
    status: str | None = None
    bill: str | None = None
    bill_status: str | None = None
    bank_lines: int = 0
    proposed: int = 0
    members: tuple[str, ...] = ()
    exit_code: int = 0


@dataclass
class Prepared:
    """A vetted file, read and understood, not yet stored."""

    name: str
    data: bytes
    sha: str
    kind: str
    text: str
    doc_type: str
    statement: object | None = None
    invoice: object | None = None
    members: list[Prepared] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# -- reading a file safely --------------------------------------------------------------

def check_name(name: str) -> str:
    """A file name fit for display, or one sentence why not."""
    shown = repr(name[:80])
    if not name.strip() or name.strip() in (".", ".."):
        raise InvalidInput(f"{shown} is not a file name.")
    if "/" in name or "\\" in name:
        raise InvalidInput(f"The file name {shown} contains a path separator; boclerk refuses it.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise InvalidInput(f"The file name {shown} contains control characters; boclerk refuses it.")
    if len(name) > 255:
        raise InvalidInput(f"The file name {name[:40]!r}... is longer than 255 characters.")
    return name


def _kind_of(mode: int) -> str | None:
    for test, what in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


def _open_regular(path: Path, limits: Limits) -> tuple[int, os.stat_result]:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise NotFound(f"There is no file {path}.") from None
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror}.") from None
    what = _kind_of(st.st_mode)
    if what == "a directory":
        raise InvalidInput(f"{path} is a directory; register the files in it with: boclerk doc scan {path}")
    if what == "a symbolic link":
        raise InvalidInput(f"{path} is a symbolic link; boclerk registers only regular files, not links.")
    if what:
        raise InvalidInput(f"{path} is {what}, not a regular file; boclerk registers only regular files.")
    if st.st_size > limits.max_bytes:
        raise limits.too_big(path.name, st.st_size)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror}.") from None
    now = os.fstat(fd)
    if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
        os.close(fd)
        raise InvalidInput(f"{path} changed while boclerk was opening it; try again.")
    return fd, now


def read_source(path: Path, limits: Limits) -> tuple[str, bytes]:
    """(file name, content) of a regular file no larger than the cap."""
    path = Path(path)
    name = check_name(path.name)
    fd, _ = _open_regular(path, limits)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise limits.too_big(name, len(data))
    if not data:
        raise InvalidInput(f"{name} is empty; there is nothing to register.")
    return name, data


def _head(path: Path) -> bytes:
    """The first bytes of a file, read safely (for ordering a scan); b'' if it cannot be read."""
    try:
        fd, _ = _open_regular(path, Limits(max_bytes=2**62))
    except BoclerkError:
        return b""
    with os.fdopen(fd, "rb") as fh:
        return fh.read(_HEAD)


# -- understanding it -------------------------------------------------------------------

def prepare(name: str, data: bytes, doc_type: str | None, limits: Limits, *, inside: str | None = None) -> Prepared:
    """Sniff, extract the text, read a statement or an invoice; InvalidInput if it cannot be trusted."""
    from boclerk.formats.bank_statement import detect_format, read_statement
    from boclerk.formats.einvoice import detect_invoice, read_invoice
    from boclerk.formats.textextract import check_archive, extract_text, sniff_kind

    if doc_type is not None and doc_type not in {t.value for t in DocType}:
        raise InvalidInput(f"'{doc_type}' is not a document type; choose one of: {', '.join(t.value for t in DocType)}.")
    label = f"{inside}: {name}" if inside else name
    kind = sniff_kind(data, name)
    p = Prepared(name, data, sha256_of(data), kind, "", doc_type or DocType.OTHER.value)
    if kind == "zip":
        if inside:
            raise InvalidInput(f"{inside} contains another archive ({name}); unpack it first.")
        if doc_type not in (None, DocType.OTHER.value):
            raise InvalidInput(f"{name} is a zip archive; register it without --type.")
        _unpack(p, limits, check_archive)
        return p
    p.text = extract_text(data, name=label).replace("\x00", "")
    if doc_type in (None, DocType.BANK_STATEMENT.value) and (detect_format(data) or doc_type):
        p.statement = read_statement(data, name=label, max_bytes=limits.max_bytes)
        p.doc_type = DocType.BANK_STATEMENT.value
    elif (doc_type is None or doc_type in _INVOICE_TYPES) and kind in ("pdf", "xml") and detect_invoice(data):
        p.invoice = read_invoice(data, name=label, max_bytes=limits.max_bytes)
        p.doc_type = doc_type or (DocType.UPD.value if p.invoice.format == "upd" else DocType.SUPPLIER_INVOICE.value)
    return p


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
                raise InvalidInput(f"{p.name}: the member {member[:80]!r} cannot be unpacked (damaged archive).") from None
            if len(body) != size:
                raise InvalidInput(f"{p.name}: the member {member[:80]!r} is not the size the archive declares.")
            if not body:
                p.skipped.append(member)
                continue
            m = prepare(check_name(base), body, None, limits, inside=p.name)
            if m.sha not in seen and m.sha != p.sha:
                seen.add(m.sha)
                p.members.append(m)
    p.text = "\n".join([p.name] + [m.name for m in p.members])


# -- registering it ---------------------------------------------------------------------

def _known(uow: UnitOfWork, sha: str) -> str | None:
    return uow.s.scalars(select(Document.number).where(Document.sha256 == sha)).first()


def _record(uow: UnitOfWork, p: Prepared, meta: IntakeMeta, source: str, parent: Document | None = None) -> IntakeResult:
    number = _known(uow, p.sha)
    if number:
        return IntakeResult(source, "known", f"{p.name} is already registered as {number}.", number)
    d = Document(number=next_number(uow, "DOC", uow.today.year), sha256=p.sha, size=len(p.data),
                 original_name=p.name, kind=p.kind, doc_type=p.doc_type, status=DocStatus.INBOX.value,
                 parent_id=parent.id if parent else None, created_by=uow.actor_name, created_at=uow.now)
    uow.s.add(d)
    uow.s.flush()
    apply_metadata(uow, d, counterparty=meta.counterparty, their_number=meta.their_number,
                   their_date=meta.their_date, amount=meta.amount, notes=meta.notes)
    for ref in meta.links:
        kind, target_id, _ = resolve_target(uow, ref)
        add_link(uow, d, kind, target_id)
    uow.s.flush()
    extra, bill, bill_status, lines, proposed, members = "", None, None, 0, 0, []
    if p.statement is not None:
        from boclerk.services.documents.bank import record_statement

        outcome = record_statement(uow, d, p.statement)
        lines, proposed, extra = outcome.new_lines, outcome.proposed, outcome.sentence
    elif p.invoice is not None:
        from boclerk.services.documents.invoices import record_invoice

        bill, bill_status, extra = record_invoice(uow, d, p.invoice)
    elif d.doc_type in _INVOICE_TYPES and not has_link(uow, d, LinkKind.BILL):
        d.reason = ("Not an e-invoice boclerk can read: enter the bill by hand (boclerk purchase bill) "
                    f"and link it (boclerk doc link {d.number} BILL-...).")
        extra = "waits: enter its bill by hand and link it"
    for m in p.members:
        res = _record(uow, m, IntakeMeta(), f"{source}/{m.name}", parent=d)
        members.append(res.number)
        note = res.message.rstrip(".") if res.outcome == "known" else f"{res.number} {m.name}"
        extra += ("; " if extra else "") + note
    refresh_index(uow, d, body=p.text)
    uow.audit("doc.register", "document", d.number, after={
        "name": d.original_name, "sha256": d.sha256, "size": d.size, "kind": d.kind, "type": d.doc_type,
        "status": d.status, "parent": parent.number if parent else None, "bill": bill, "reason": d.reason or None})
    message = f"Registered {p.name} as {d.number} ({d.doc_type.replace('_', ' ')})" + (f": {extra}" if extra else "")
    return IntakeResult(source, "registered", message.rstrip(".") + ".", d.number, d.doc_type, d.status, bill,
                        bill_status, lines, proposed, tuple(n for n in members if n))


def register(db: Database, actor: str, p: Prepared, meta: IntakeMeta, source: str) -> IntakeResult:
    """Store the file(s), then commit the row(s); a failure removes what this call stored."""
    with db.read(actor) as uow:
        uow.require(Perm.DOC_INTAKE)
        number = _known(uow, p.sha)
    if number:
        return IntakeResult(source, "known", f"{p.name} is already registered as {number}.", number)
    store = DocStore.of(db)
    written: list[str] = []
    with store.locked():
        try:
            for item in [p, *p.members]:
                sha, wrote = store.put(item.data, item.sha)
                if wrote:
                    written.append(sha)
            with db.write(actor) as uow:
                uow.require(Perm.DOC_INTAKE)
                return _record(uow, p, meta, source)
        except BaseException:
            if written:
                with db.read(None, system=True) as uow:
                    kept = set(uow.s.scalars(select(Document.sha256).where(Document.sha256.in_(written))))
                for sha in written:
                    if sha not in kept:
                        store.remove(sha)
            raise


def register_bytes(db: Database, actor: str, name: str, data: bytes, meta: IntakeMeta = IntakeMeta(), *,
                   limits: Limits | None = None) -> IntakeResult:
    """Register content handed over with a name (the TUI, a mail gateway ...)."""
    limits = limits or Limits.from_config()
    check_name(name)
    if len(data) > limits.max_bytes:
        raise limits.too_big(name, len(data))
    if not data:
        raise InvalidInput(f"{name} is empty; there is nothing to register.")
    return register(db, actor, prepare(name, data, meta.doc_type, limits), meta, name)


def _refused(source: str, exc: BoclerkError) -> IntakeResult:
    return IntakeResult(source, "refused", exc.message, exit_code=exc.exit_code)


def add_files(db: Database, actor: str, paths: list[str | Path], meta: IntakeMeta = IntakeMeta(), *,
              limits: Limits | None = None) -> list[IntakeResult]:
    """``boclerk doc add``: each file on its own (one refused file does not stop the others)."""
    limits = limits or Limits.from_config()
    with db.read(actor) as uow:
        uow.require(Perm.DOC_INTAKE)
    results = []
    for path in paths:
        try:
            name, data = read_source(Path(path), limits)
            results.append(register(db, actor, prepare(name, data, meta.doc_type, limits), meta, str(path)))
        except BoclerkError as exc:
            results.append(_refused(str(path), exc))
    return results


def scan(db: Database, actor: str, directory: str | Path, meta: IntakeMeta = IntakeMeta(), *,
         limits: Limits | None = None) -> list[IntakeResult]:
    """``boclerk doc scan``: every new file directly in an inbox folder (hidden files aside).

    Invoices and other documents go first and bank statements last, so that a payment
    finds the bill its invoice has just become; then unmatched lines of earlier
    statements get a second look.
    """
    from boclerk.formats.bank_statement import detect_format

    limits = limits or Limits.from_config()
    folder = Path(directory)
    if not folder.exists():
        raise NotFound(f"There is no folder {folder}.")
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder; register a single file with: boclerk doc add {folder}")
    with db.read(actor) as uow:
        uow.require(Perm.DOC_INTAKE)
    try:
        entries = sorted((e for e in os.scandir(folder) if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        raise InvalidInput(f"Cannot read the folder {folder}: {exc.strerror}.") from None
    results: list[IntakeResult] = []
    files = []
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            results.append(IntakeResult(str(path), "skipped", f"{path} is a folder; doc scan reads only the files "
                                                              "directly in the inbox folder."))
        else:
            files.append((bool(detect_format(_head(path))), entry.name, path))
    registered = False
    for _, _, path in sorted(files):
        [res] = add_files(db, actor, [path], meta, limits=limits)
        registered |= res.outcome == "registered"
        results.append(res)
    if registered:
        from boclerk.services.documents.matching import repropose_unmatched

        with db.write(actor) as uow:
            repropose_unmatched(uow)
    return results
