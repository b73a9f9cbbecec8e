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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import DocStatus, DocType, Document, LinkKind
from boclerk.domain.permissions import Perm
from boclerk.errors import BoclerkError, InvalidInput
from boclerk.i18n import N_, _, ngettext
from boclerk.services.documents.register import (
    add_link,
    apply_metadata,
    has_link,
    refresh_index,
    resolve_target,
)
from boclerk.services.documents import reader
from boclerk.services.documents.store import DocStore, sha256_of
from boclerk.services.documents.vetting import INVOICE_TYPES, Limits, Prepared, check_name
from boclerk.services.numbers import next_number
from boclerk.services.platform.paths import NO_OWN_FILES, OwnFiles, open_folder, open_regular, own_files

__all__ = ["IntakeMeta", "IntakeResult", "Limits", "add_files", "register", "register_bytes", "scan"]

_HEAD = 65536


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


# -- reading a file safely --------------------------------------------------------------

def _read(fd: int, st, name: str, limits: Limits, *, cap: int | None = None) -> bytes:
    """At most ``cap`` (default: the size limit, then refuse) bytes of an opened regular file."""
    with os.fdopen(fd, "rb") as fh:
        if cap is not None:
            return fh.read(cap)
        if st.st_size > limits.max_bytes:
            raise limits.too_big(name, st.st_size)
        data = fh.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise limits.too_big(name, len(data))
    if not data:
        raise InvalidInput(_("{name} is empty; there is nothing to register.").format(name=name))
    return data


def read_source(path: Path, limits: Limits, own: OwnFiles = NO_OWN_FILES) -> tuple[str, bytes]:
    """(file name, content) of a regular file no larger than the cap, read with the rights of
    the person who named it (see services/platform/paths.py)."""
    path = Path(path)
    name = check_name(path.name)
    fd, st = open_regular(path, own=own, directory_hint=_("register the files in it with: boclerk doc scan {path}").format(path=path))
    return name, _read(fd, st, name, limits)


# -- registering it ---------------------------------------------------------------------

def _known(uow: UnitOfWork, sha: str) -> str | None:
    return uow.s.scalars(select(Document.number).where(Document.sha256 == sha)).first()


def _already(db: Database, actor: str, name: str, data: bytes, doc_type: str | None, source: str) -> IntakeResult | None:
    """The answer for content already registered, found by its hash before anything reads it (a
    100,000-line statement takes seconds to read, its hash a few milliseconds); None if it is new.
    Asked for as another type (``bank import`` of a file kept as a plain document), it says the type."""
    with db.read(actor) as uow:
        uow.require(Perm.DOC_INTAKE)
        found = uow.s.execute(select(Document.number, Document.doc_type).where(Document.sha256 == sha256_of(data))).first()
    if found is None:
        return None
    number, kept = found
    if doc_type is None or doc_type == kept:
        message = _("{name} is already registered as {number}.").format(name=name, number=number)
    else:
        from boclerk.domain.document_words import type_words

        if doc_type == DocType.BANK_STATEMENT.value:  # nothing is queued: a statement was asked for, and this is none
            return IntakeResult(source, "refused", _(
                "already registered as {number}, a document of type {doc_type}: it has no bank lines to queue.").format(
                number=number, doc_type=type_words(kept)), number, kept, exit_code=2)
        message = _("{name} is already registered as {number}, a document of type {doc_type}.").format(
            name=name, number=number, doc_type=type_words(kept))
    return IntakeResult(source, "known", message, number, kept)


def _prepare(db: Database, actor: str, name: str, data: bytes, meta: IntakeMeta, limits: Limits, source: str,
             progress=None) -> IntakeResult:
    """Register one file's content: at once if it is known, else after the reader process has read it."""
    known = _already(db, actor, name, data, meta.doc_type, source)
    if known is not None:
        return known
    if progress:
        progress(_("Reading {name}").format(name=name), 0, 1)
    prepared = reader.prepare(name, data, meta.doc_type, limits)
    if progress:
        progress(_("Reading {name}").format(name=name), 1, 1)
    return register(db, actor, prepared, meta, source, progress)


def _record(uow: UnitOfWork, p: Prepared, meta: IntakeMeta, source: str, parent: Document | None = None,
            progress=None) -> IntakeResult:
    number = _known(uow, p.sha)
    if number:
        return IntakeResult(source, "known", _("{name} is already registered as {number}.").format(name=p.name, number=number), number)
    d = Document(number=next_number(uow, "DOC", uow.today.year), sha256=p.sha, size=len(p.data),
                 original_name=p.name, kind=p.kind, doc_type=p.doc_type, status=DocStatus.INBOX.value,
                 parent_id=parent.id if parent else None, created_by=uow.actor_name, created_at=uow.now)
    uow.s.add(d)
    uow.s.flush()
    apply_metadata(uow, d, counterparty=meta.counterparty, their_number=meta.their_number,
                   their_date=meta.their_date, amount=meta.amount, notes=meta.notes)
    for ref in meta.links:
        kind, target_id, _x = resolve_target(uow, ref)
        add_link(uow, d, kind, target_id)
    uow.s.flush()
    extra, bill, bill_status, lines, proposed, members = "", None, None, 0, 0, []
    from boclerk.domain.document_words import type_words

    what = type_words(d.doc_type)  # as the list and the card name the type, in the reader's language
    if p.statement is not None:
        from boclerk.formats.bank import FORMAT_NAMES
        from boclerk.services.documents.bank import record_statement

        statements = p.statement if isinstance(p.statement, tuple) else (p.statement,)
        what += ", " + ", ".join(dict.fromkeys(FORMAT_NAMES.get(st.format, st.format) for st in statements))
        outcomes = [record_statement(uow, d, st, progress) for st in statements]
        lines, proposed = sum(o.new_lines for o in outcomes), sum(o.proposed for o in outcomes)
        if len(outcomes) == 1:
            extra = outcomes[0].sentence
        else:  # a file of several accounts: one statement each, said account by account
            extra = ngettext("statements of {count} accounts", "statements of {count} accounts", len(outcomes)).format(
                count=len(outcomes)) + ": " + "; ".join(f"{st.account}: {o.sentence}" for st, o in zip(statements, outcomes, strict=True))
        for note in dict.fromkeys(n for st in statements for n in getattr(st, "notes", ())):
            extra += ("; " if extra else "") + note
    elif p.invoice is not None:
        from boclerk.services.documents.invoices import record_invoice

        bill, bill_status, extra = record_invoice(uow, d, p.invoice)
    elif d.doc_type in INVOICE_TYPES and not has_link(uow, d, LinkKind.BILL):
        from boclerk.services import shown
        from boclerk.services.documents.waiting import NOT_READABLE

        d.reason = shown.said(uow, NOT_READABLE, number=d.number)  # the books' words
        extra = _("waits: enter its bill by hand and link it")
    for m in p.members:
        res = _record(uow, m, IntakeMeta(), f"{source}/{m.name}", parent=d)
        members.append(res.number)
        note = res.message.rstrip(".") if res.outcome == "known" else f"{res.number} {m.name}"
        extra += ("; " if extra else "") + note
    refresh_index(uow, d, body=p.text)
    uow.audit("doc.register", "document", d.number, after={
        "name": d.original_name, "sha256": d.sha256, "size": d.size, "kind": d.kind, "type": d.doc_type,
        "status": d.status, "parent": parent.number if parent else None, "bill": bill, "reason": d.reason or None})
    message = _("Registered {name} as {number} ({doc_type})").format(name=p.name, number=d.number, doc_type=what) + (f": {extra}" if extra else "")
    return IntakeResult(source, "registered", message.rstrip(".") + ".", d.number, d.doc_type, d.status, bill,
                        bill_status, lines, proposed, tuple(n for n in members if n))


def _kept(db: Database, shas: list[str]) -> set[str]:
    """Which of ``shas`` a committed document names."""
    if not shas:
        return set()
    with db.read(None, system=True) as uow:
        return set(uow.s.scalars(select(Document.sha256).where(Document.sha256.in_(shas))))


def clean_up(db: Database) -> list[str]:
    """Remove what killed intakes left (see store.py); every intake starts with it."""
    store = DocStore.of(db)
    if not store.root.is_dir():
        return []
    with store.locked():
        return store.sweep_interrupted(lambda found: _kept(db, found))


def register(db: Database, actor: str, p: Prepared, meta: IntakeMeta, source: str, progress=None) -> IntakeResult:
    """Store the file(s), then commit the row(s); a failure removes what this call stored.

    Under the store's lock, what an interrupted intake left is cleaned up first; then each
    file about to be stored is marked pending, stored, its row committed, and the mark
    removed. A run killed at any point leaves at most marked files and temporary files,
    which the next intake (or ``db check --repair``) removes unless a row names them.
    """
    with db.read(actor) as uow:
        uow.require(Perm.DOC_INTAKE)
        number = _known(uow, p.sha)
    if number:
        return IntakeResult(source, "known", _("{name} is already registered as {number}.").format(name=p.name, number=number), number)
    store = DocStore.of(db)
    shas = list(dict.fromkeys(item.sha for item in [p, *p.members]))
    with store.locked():
        store.sweep_interrupted(lambda found: _kept(db, found))
        store.mark_pending(shas)
        written: list[str] = []
        try:
            for item in [p, *p.members]:
                sha, wrote = store.put(item.data, item.sha)
                if wrote:
                    written.append(sha)
            with db.write(actor) as uow:
                uow.require(Perm.DOC_INTAKE)
                return _record(uow, p, meta, source, progress=progress)
        except BaseException:
            kept = _kept(db, written)
            for sha in written:
                if sha not in kept:
                    store.remove(sha)
            raise
        finally:
            store.clear_pending(shas)


def register_bytes(db: Database, actor: str, name: str, data: bytes, meta: IntakeMeta = IntakeMeta(), *,
                   limits: Limits | None = None, progress=None) -> IntakeResult:
    """Register content handed over with a name (the TUI, a mail gateway ...)."""
    limits = limits or Limits.from_config()
    check_name(name)
    if len(data) > limits.max_bytes:
        raise limits.too_big(name, len(data))
    if not data:
        raise InvalidInput(_("{name} is empty; there is nothing to register.").format(name=name))
    return _prepare(db, actor, name, data, meta, limits, name, progress)


def _refused(source: str, exc: BoclerkError) -> IntakeResult:
    return IntakeResult(source, "refused", exc.message, exit_code=exc.exit_code)


def add_files(db: Database, actor: str, paths: list[str | Path], meta: IntakeMeta = IntakeMeta(), *,
              limits: Limits | None = None, progress=None) -> list[IntakeResult]:
    """``boclerk doc add``: each file on its own (one refused file does not stop the others).

    ``progress(stage, done, total)`` hears how a long file (a bank statement of many lines) goes."""
    limits = limits or Limits.from_config()
    with db.read(actor) as uow:
        uow.require(Perm.DOC_INTAKE)
    own = own_files(db.location)
    clean_up(db)
    results = []
    for path in paths:
        try:
            name, data = read_source(Path(path), limits, own)
            results.append(_prepare(db, actor, name, data, meta, limits, str(path), progress))
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
    with db.read(actor) as uow:
        uow.require(Perm.DOC_INTAKE)
    own = own_files(db.location)
    clean_up(db)
    results: list[IntakeResult] = []
    files = []
    with open_folder(directory, own=own) as inbox:
        for entry in (n for n in inbox.names() if not n.startswith(".")):
            path = Path(directory) / entry
            kind = inbox.kind(entry)
            if kind == "a directory":
                results.append(IntakeResult(str(path), "skipped", _("{path} is a folder; doc scan reads only the files directly in the inbox folder.").format(path=path)))
                continue
            try:
                fd, st = inbox.open(entry)
                head = _read(fd, st, entry, limits, cap=_HEAD)
            except BoclerkError:
                head = b""  # refused again, with its reason, when its turn comes
            files.append((bool(detect_format(head)), entry, path))
        for _x, entry, path in sorted(files):
            try:
                name = check_name(entry)
                fd, st = inbox.open(entry)
                data = _read(fd, st, name, limits)
                res = _prepare(db, actor, name, data, meta, limits, str(path))
            except BoclerkError as exc:
                res = _refused(str(path), exc)
            results.append(res)
    if any(r.outcome == "registered" for r in results):
        from boclerk.services.documents.matching_sets import repropose_unmatched

        with db.write(actor) as uow:
            repropose_unmatched(uow)
    return results
