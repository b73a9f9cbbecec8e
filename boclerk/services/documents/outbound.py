"""Documents the shop produces (invoices, UPDs, slips ...): made once, registered, found again.

A produced file is stored like any document (by its SHA-256, in the document store) and
registered with a DOC- number, filed, linked to the order, PO or partner it belongs to.
An ``outbound_document`` row remembers which record and form it was made for, so printing
it again gives back the same stored bytes and the same number instead of a second document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import DocStatus, Document, LinkKind, OutboundDocument
from boclerk.domain.permissions import Perm
from boclerk.errors import DatabaseUnavailable
from boclerk.i18n import _
from boclerk.services.documents.register import add_link, refresh_index
from boclerk.services.documents.store import DocStore, sha256_of
from boclerk.services.numbers import next_number


@dataclass(frozen=True)
class Draft:
    """A file about to be registered: what it is, for whom, and its text for the index."""

    kind: str  # the form: invoice, upd, upd_pdf, packing ...
    file_name: str
    data: bytes
    doc_type: str  # DocType value
    file_kind: str  # pdf, xml
    their_number: str = ""
    their_date: date | None = None
    amount: int | None = None
    customer_id: int | None = None
    supplier_id: int | None = None
    links: tuple[tuple[LinkKind, int], ...] = ()
    text: str = ""
    parent_kind: str = ""  # the kind of a sibling made with it (an UPD's PDF names its XML)


@dataclass(frozen=True)
class Produced:
    kind: str
    number: str  # DOC-...
    file_name: str
    data: bytes
    new: bool  # False: it had been produced before, and this is that document
    extra: dict = field(default_factory=dict)


def _existing(uow: UnitOfWork, kind: str, target_kind: str, target_id: int, period: str) -> _Known | None:
    row = uow.s.execute(
        select(Document.id, Document.number, Document.sha256, Document.original_name).join(OutboundDocument, OutboundDocument.document_id == Document.id)
        .where(OutboundDocument.kind == kind, OutboundDocument.target_kind == target_kind,
               OutboundDocument.target_id == target_id, OutboundDocument.period == period)).first()
    return _Known(*row) if row else None


@dataclass(frozen=True)
class _Known:
    id: int
    number: str
    sha256: str
    original_name: str


def _stored(db: Database, d: _Known, kind: str) -> Produced:
    data = DocStore.of(db).get(d.sha256, d.number)
    return Produced(kind, d.number, d.original_name, data, False)


def produce(db: Database, actor: str, target_kind: str, target_id: int, build: Callable[[UnitOfWork], list[Draft]],
            *, period: str = "") -> list[Produced]:
    """The documents of one record: those produced before, else ``build``'s, registered now.

    ``build`` runs in a read unit of work and returns the drafts (an UPD gives two: its XML
    and its PDF); they are stored, then registered in one transaction with their links and
    the rows that let the next call find them.
    """
    with db.read(actor) as uow:
        uow.require(Perm.DOC_INTAKE)
        drafts = build(uow)
        found = [_existing(uow, d.kind, target_kind, target_id, period) for d in drafts]
    if all(found):
        return [_stored(db, doc, d.kind) for doc, d in zip(found, drafts, strict=True)]
    store = DocStore.of(db)
    shas = [sha256_of(d.data) for d in drafts]
    with store.locked():
        store.mark_pending(shas)
        written = []
        try:
            for d, sha in zip(drafts, shas, strict=True):
                if store.put(d.data, sha)[1]:
                    written.append(sha)
            try:
                with db.write(actor) as uow:
                    uow.require(Perm.DOC_INTAKE)
                    return _register(uow, drafts, shas, target_kind, target_id, period)
            except IntegrityError:  # someone else produced it meanwhile: theirs stands
                pass
        except BaseException:
            _forget(db, store, written)
            raise
        finally:
            store.clear_pending(shas)
    _forget(db, store, written)
    with db.read(actor) as uow:
        found = [_existing(uow, d.kind, target_kind, target_id, period) for d in drafts]
    if not all(found):
        raise DatabaseUnavailable(_("The document could not be registered; try again."))
    return [_stored(db, doc, d.kind) for doc, d in zip(found, drafts, strict=True)]


def _forget(db: Database, store: DocStore, written: list[str]) -> None:
    if not written:
        return
    with db.read(None, system=True) as uow:
        kept = set(uow.s.scalars(select(Document.sha256).where(Document.sha256.in_(written))))
    for sha in written:
        if sha not in kept:
            store.remove(sha)


def _register(uow: UnitOfWork, drafts: list[Draft], shas: list[str], target_kind: str, target_id: int,
              period: str) -> list[Produced]:
    out: list[Produced] = []
    made: dict[str, Document | _Known] = {}
    for d, sha in zip(drafts, shas, strict=True):
        doc = _existing(uow, d.kind, target_kind, target_id, period)
        if doc is not None:
            made[d.kind] = doc
            out.append(Produced(d.kind, doc.number, doc.original_name, d.data, False))
            continue
        parent = made.get(d.parent_kind)
        same = uow.s.scalars(select(Document).where(Document.sha256 == sha)).first()
        if same is not None:  # the very same bytes are registered already: this is that document
            uow.s.add(OutboundDocument(kind=d.kind, target_kind=target_kind, target_id=target_id, period=period,
                                       document_id=same.id, created_at=uow.now))
            made[d.kind] = same
            out.append(Produced(d.kind, same.number, same.original_name, d.data, False))
            continue
        doc = Document(number=next_number(uow, "DOC", uow.today.year), sha256=sha, size=len(d.data),
                       original_name=d.file_name, kind=d.file_kind, doc_type=d.doc_type,
                       status=DocStatus.FILED.value, customer_id=d.customer_id, supplier_id=d.supplier_id,
                       their_number=d.their_number[:64], their_date=d.their_date, amount=d.amount,
                       notes=_("produced by the shop"), parent_id=parent.id if parent else None,
                       created_by=uow.actor_name, created_at=uow.now)
        uow.s.add(doc)
        uow.s.flush()
        for kind, target in d.links:
            add_link(uow, doc, kind, target)
        uow.s.add(OutboundDocument(kind=d.kind, target_kind=target_kind, target_id=target_id, period=period,
                                   document_id=doc.id, created_at=uow.now))
        uow.s.flush()
        refresh_index(uow, doc, body=d.text)
        uow.audit("doc.produce", "document", doc.number, after={
            "form": d.kind, "name": d.file_name, "sha256": sha, "size": len(d.data), "type": d.doc_type,
            "for": f"{target_kind}:{target_id}" + (f" {period}" if period else ""),
            "parent": parent.number if parent else None})
        made[d.kind] = doc
        out.append(Produced(d.kind, doc.number, d.file_name, d.data, True))
    return out
