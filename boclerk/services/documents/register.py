"""Documents once registered: metadata, status, links, and the search index they feed.

Intake (reading files, storing them, bank statements and e-invoices) lives in
:mod:`boclerk.services.documents.intake`, reading (list, search, show, open) in
:mod:`boclerk.services.documents.queries`; this module is what a clerk changes: reviews,
links, files and archives documents, and edits their metadata. Documents are never
deleted. Links go both ways: a document names what it concerns, and
``documents_queries.documents_of`` lists the documents of an order, a bill, a customer ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, text

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.code_words import choices
from boclerk.domain.document_words import state_words, type_words
from boclerk.domain.documents import (
    STATUS_ORDER,
    DocStatus,
    DocType,
    Document,
    DocumentLink,
    DocumentText,
    LinkKind,
)
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.errors import ConcurrentChange, InvalidInput, NotFound, Refused
from boclerk.i18n import N_, _
from boclerk.money import decimal_str
from boclerk.services import shown
from boclerk.services.like import fold
from boclerk.services.documents.document_view import LABEL_SQL, NUMBER
from boclerk.services.rows import money_field

_NUMBER = NUMBER
_WORD = re.compile(r"[^\W_]+")
#: How much text the PostgreSQL tsvector is built from (a tsvector is at most 1 MB).
PG_INDEX_CHARS = 200_000
_TARGETS = (
    (re.compile(r"SO-\d{4}-\d{6}", re.IGNORECASE), LinkKind.ORDER, "sales_order", N_("order")),
    (re.compile(r"PO-\d{4}-\d{6}", re.IGNORECASE), LinkKind.PO, "purchase_order", N_("purchase order")),
    (re.compile(r"BILL-\d{4}-\d{6}", re.IGNORECASE), LinkKind.BILL, "supplier_bill", N_("supplier bill")),
    (re.compile(r"JE-\d{4}-\d{6}", re.IGNORECASE), LinkKind.ENTRY, "journal_entry", N_("journal entry")),
)
_LABEL_SQL = LABEL_SQL


# -- rows ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentRow:
    id: int
    number: str
    doc_type: str
    status: str
    original_name: str
    kind: str
    counterparty: str  # customer:CODE / supplier:CODE, '' if none
    their_number: str
    their_date: date | None
    created_at: datetime
    reason: str
    amount: int | None = money_field(default=None)
    snippet: str = ""
    counterparty_name: str = ""  # the customer's or supplier's name, '' if none


# -- finding records --------------------------------------------------------------------------

LINK, UNLINK, EDIT = act("documents.link"), act("documents.unlink"), act("documents.edit")
#: the act that moves a document to each status
BY_STATUS = {DocStatus.REVIEWED: act("documents.review"), DocStatus.FILED: act("documents.file"),
             DocStatus.ARCHIVED: act("documents.archive")}


def doc_by_number(uow: UnitOfWork, number: str, *, lock: bool = False) -> Document:
    wanted = number.strip().upper()
    stmt = select(Document).where(Document.number == wanted)
    if lock and uow.db.dialect == "postgresql":
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = uow.s.scalars(stmt).first()
    if found is None:
        if not _NUMBER.fullmatch(wanted):
            raise InvalidInput(_("'{number}' is not a document number like DOC-2026-000123.").format(number=number.strip()))
        raise NotFound(_("There is no document {wanted}.").format(wanted=wanted))
    return found


def document_state(uow: UnitOfWork, number: str) -> tuple[str, str]:
    d = doc_by_number(uow, number)
    return d.number, d.status


def resolve_counterparty(uow: UnitOfWork, code: str) -> tuple[int | None, int | None]:
    """(customer id, supplier id) of ``customer:CODE``, ``supplier:CODE`` or a bare code."""
    kind, _x, rest = code.strip().partition(":")
    if rest and kind.lower() in ("customer", "supplier"):
        if kind.lower() == "customer":
            from boclerk.services.catalog.partners import customer

            return customer(uow, rest).id, None
        from boclerk.services.catalog.partners import supplier

        return None, supplier(uow, rest).id
    bare = code.strip()
    c = uow.s.scalars(select(Customer.id).where(func.lower(Customer.code) == bare.lower())).first()
    s = uow.s.scalars(select(Supplier.id).where(func.lower(Supplier.code) == bare.lower())).first()
    if c and s:
        raise InvalidInput(_("{bare} is both a customer and a supplier; write customer:{bare} or supplier:{bare}.").format(bare=bare))
    if not c and not s:
        raise NotFound(_("There is no customer or supplier {bare}.").format(bare=bare))
    return c, s


def resolve_target(uow: UnitOfWork, ref: str) -> tuple[LinkKind, int, str]:
    """(kind, id, label) of SO-/PO-/BILL-/JE- numbers, customer:CODE, supplier:CODE or a bare code."""
    value = ref.strip()
    for pattern, kind, table, what in _TARGETS:
        if pattern.fullmatch(value):
            found = uow.s.execute(text(f"SELECT id FROM {table} WHERE number = :n"), {"n": value.upper()}).scalar()
            if found is None:
                raise NotFound(_("There is no {what} {value}.").format(what=_(what), value=value.upper()))
            return kind, found, value.upper()
    try:
        customer_id, supplier_id = resolve_counterparty(uow, value)
    except NotFound:
        raise NotFound(_("'{value}' is not an order, purchase order, bill, journal entry, customer or supplier boclerk knows (SO-..., PO-..., BILL-..., JE-..., customer:CODE, supplier:CODE).").format(value=value)) from None
    if customer_id:
        return LinkKind.CUSTOMER, customer_id, target_label(uow, LinkKind.CUSTOMER, customer_id)
    return LinkKind.SUPPLIER, supplier_id, target_label(uow, LinkKind.SUPPLIER, supplier_id)


def target_label(uow: UnitOfWork, kind: str, target_id: int) -> str:
    label = uow.s.execute(text(_LABEL_SQL[LinkKind(kind)]), {"i": target_id}).scalar()
    return label or _("{kind} #{target_id} (missing)").format(kind=kind, target_id=target_id)


def counterparty_of(uow: UnitOfWork, doc: Document) -> tuple[str, str]:
    """(customer:CODE or supplier:CODE, name), or ('', '')."""
    if doc.customer_id:
        c = uow.s.get(Customer, doc.customer_id)
        return f"customer:{c.code}", c.name
    if doc.supplier_id:
        s = uow.s.get(Supplier, doc.supplier_id)
        return f"supplier:{s.code}", s.name
    return "", ""


# -- the search index --------------------------------------------------------------------------

def words(value: str) -> list[str]:
    """The words of a text as the index sees them: letters and digits, folded as every word search
    folds them (:func:`boclerk.services.like.fold`: lower case in every alphabet, "ё" as "е").

    PostgreSQL's index is written from these words, and rewritten whenever a document changes;
    one written before they were folded keeps its "ё", and SQLite's FTS5 index reads the text
    itself, lowered but never folded: a search asks for every spelling of its words with "ё"
    (:func:`spellings`), so it finds both, without the index being built again."""
    return _WORD.findall(fold(value))


#: the most spellings of one searched word asked for (each "е" may be an "ё" in a text not folded)
SPELLINGS = 16


def spellings(pieces: list[str]) -> list[list[str]]:
    """The ways a searched word (its folded pieces: "ип-фёдоров" is ["ип", "федоров"]) may be
    written in an index that was not folded: as folded, and with any of its "е" as "ё" (every mix
    when there are up to four; one at a time beyond that)."""
    from itertools import combinations

    joined = "\x00".join(pieces)
    at = [i for i, ch in enumerate(joined) if ch == "е"]
    if len(at) <= 4:
        picks = [c for n in range(len(at) + 1) for c in combinations(at, n)]
    else:
        picks = [(), *((i,) for i in at)]
    out = []
    for pick in picks[:SPELLINGS]:
        chars = list(joined)
        for i in pick:
            chars[i] = "ё"
        out.append("".join(chars).split("\x00"))
    return out


def refresh_index(uow: UnitOfWork, doc: Document, body: str | None = None) -> None:
    """Write the document's metadata (and, on intake, its text) to what the index reads."""
    code, name = counterparty_of(uow, doc)
    parts = [doc.number, doc.doc_type.replace("_", " "), doc.original_name, doc.their_number,
             doc.their_date.isoformat() if doc.their_date else "", code, name,
             decimal_str(doc.amount, uow.currency) if doc.amount is not None else "", doc.notes, doc.reason]
    meta = " ".join(p for p in parts if p)
    row = uow.s.get(DocumentText, doc.id)
    if row is None:
        row = DocumentText(document_id=doc.id, meta=meta, body=body or "")
        uow.s.add(row)
    else:
        row.meta = meta
        if body is not None:
            row.body = body
    uow.s.flush()  # on SQLite the triggers bring the FTS5 table in step
    if uow.db.dialect == "postgresql":
        source = " ".join(words(meta + " " + row.body[:PG_INDEX_CHARS]))
        uow.s.execute(text("UPDATE document_text SET search = to_tsvector('simple', :s) WHERE document_id = :i"),
                      {"s": source, "i": doc.id})


# -- rows of documents --------------------------------------------------------------------------

def doc_row(uow: UnitOfWork, d: Document, snippet: str = "") -> DocumentRow:
    key, name = counterparty_of(uow, d)
    return DocumentRow(d.id, d.number, d.doc_type, d.status, d.original_name, d.kind, key, d.their_number,
                       d.their_date, d.created_at, d.reason, d.amount, snippet, name)


def check_choice(value: str, enum, what: str) -> str:
    try:
        return enum(value.strip().lower()).value
    except ValueError:
        words = type_words if enum is DocType else state_words
        raise InvalidInput(_("'{value}' is not a document {what}; choose {codes}.").format(
            value=value, what=_(what), codes=choices((v.value for v in enum), words))) from None


# -- changes ---------------------------------------------------------------------------------

def _expect(d: Document, expected_version: int | None) -> None:
    if expected_version is not None and d.version != expected_version:
        raise ConcurrentChange(_("{number} was changed by someone else since you opened it; look again and retry.").format(number=d.number))


def link(uow: UnitOfWork, number: str, ref: str, *, _doc: Document | None = None) -> str:
    """Link a document to a record; returns the record's label. Linking twice changes nothing."""
    uow.require(LINK)
    d = _doc or doc_by_number(uow, number, lock=True)
    LINK.check(d.number, d.status)
    kind, target_id, label = resolve_target(uow, ref)
    add_link(uow, d, kind, target_id)
    return label


def add_link(uow: UnitOfWork, d: Document, kind: LinkKind | str, target_id: int) -> bool:
    """The link row, if it is not there yet (no permission check: for services)."""
    kind = LinkKind(kind)
    exists = uow.s.scalars(select(DocumentLink.id).where(
        DocumentLink.document_id == d.id, DocumentLink.target_kind == kind.value,
        DocumentLink.target_id == target_id)).first()
    if exists:
        return False
    uow.s.add(DocumentLink(document_id=d.id, target_kind=kind.value, target_id=target_id,
                           created_by=uow.actor_name, created_at=uow.now))
    if kind == LinkKind.BILL and d.doc_type in (DocType.SUPPLIER_INVOICE.value, DocType.UPD.value):
        d.reason = ""  # an invoice waiting for its bill has it now
    uow.s.flush()
    uow.audit("doc.link", "document", d.number, after={"target": target_label(uow, kind, target_id)})
    return True


def has_link(uow: UnitOfWork, d: Document, kind: LinkKind) -> bool:
    return uow.s.scalars(select(DocumentLink.id).where(DocumentLink.document_id == d.id,
                                                        DocumentLink.target_kind == kind.value)).first() is not None


def unlink(uow: UnitOfWork, number: str, ref: str) -> str:
    uow.require(UNLINK)
    d = doc_by_number(uow, number, lock=True)
    UNLINK.check(d.number, d.status)
    kind, target_id, label = resolve_target(uow, ref)
    found = uow.s.scalars(select(DocumentLink).where(
        DocumentLink.document_id == d.id, DocumentLink.target_kind == kind.value,
        DocumentLink.target_id == target_id)).first()
    if found is None:
        raise Refused(_("{number} is not linked to {label}.").format(number=d.number, label=label))
    uow.s.delete(found)
    uow.s.flush()
    uow.audit("doc.unlink", "document", d.number, before={"target": label})
    return label


def set_status(uow: UnitOfWork, number: str, status: str, *, expected_version: int | None = None) -> DocumentRow:
    """Move a document forward: inbox -> reviewed -> filed -> archived (never back, never deleted)."""
    new = DocStatus(check_choice(status, DocStatus, N_("status")))
    step = BY_STATUS.get(new)
    uow.require(step or Perm.DOC_MANAGE)
    d = doc_by_number(uow, number, lock=True)
    _expect(d, expected_version)
    old = DocStatus(d.status)
    if step is not None:
        step.check(d.number, old.value)
    if STATUS_ORDER.index(new) <= STATUS_ORDER.index(old):
        raise Refused(_("{number} is {value}; a document cannot go back to {value2}.").format(number=d.number, value=old.value, value2=new.value))
    if new == DocStatus.FILED:
        linked = uow.s.scalars(select(DocumentLink.id).where(DocumentLink.document_id == d.id)).first()
        if linked is None:
            raise Refused(_("{number} is not linked to anything yet; link it first to an order, a purchase order, a bill, an entry or a partner.").format(number=d.number))
    d.status = new.value
    uow.s.flush()
    uow.audit("doc.status", "document", d.number, before={"status": old.value}, after={"status": new.value})
    return doc_row(uow, d)


_UNSET = object()


def update_document(uow: UnitOfWork, number: str, *, expected_version: int | None = None, doc_type=_UNSET,
                    counterparty=_UNSET, their_number=_UNSET, their_date=_UNSET, amount=_UNSET,
                    notes=_UNSET) -> DocumentRow:
    """Change a document's metadata (``counterparty``: a code, or '' to clear it)."""
    uow.require(EDIT)
    d = doc_by_number(uow, number, lock=True)
    _expect(d, expected_version)
    EDIT.check(d.number, d.status)
    before = {"type": d.doc_type, "counterparty": counterparty_of(uow, d)[0], "their_number": d.their_number,
              "their_date": d.their_date, "amount": d.amount, "notes": d.notes}
    apply_metadata(uow, d, doc_type=doc_type, counterparty=counterparty, their_number=their_number,
                   their_date=their_date, amount=amount, notes=notes)
    uow.s.flush()
    refresh_index(uow, d)
    after = {"type": d.doc_type, "counterparty": counterparty_of(uow, d)[0], "their_number": d.their_number,
             "their_date": d.their_date, "amount": d.amount, "notes": d.notes}
    changed = {k: v for k, v in after.items() if before[k] != v}
    uow.audit("doc.edit", "document", d.number, before={k: before[k] for k in changed}, after=changed)
    return doc_row(uow, d)


def apply_metadata(uow: UnitOfWork, d: Document, *, doc_type=_UNSET, counterparty=_UNSET, their_number=_UNSET,
                   their_date=_UNSET, amount=_UNSET, notes=_UNSET) -> None:
    """Validate and set metadata fields; arguments left out (or None on intake) stay as they are."""
    if doc_type not in (_UNSET, None):
        d.doc_type = check_choice(doc_type, DocType, N_("type"))
    if counterparty not in (_UNSET, None):
        d.customer_id, d.supplier_id = resolve_counterparty(uow, counterparty) if counterparty.strip() else (None, None)
    if their_number not in (_UNSET, None):
        if len(their_number.strip()) > 64:
            raise InvalidInput(_("Their document number is longer than 64 characters."))
        d.their_number = their_number.strip()
    if their_date not in (_UNSET, None):
        if their_date > uow.today:
            raise InvalidInput(_("The document date {their_date} is in the future.").format(their_date=shown.day(uow, their_date)))
        d.their_date = their_date
    if amount not in (_UNSET, None):
        if not isinstance(amount, int) or amount < 0:
            raise InvalidInput(_("A document's amount cannot be negative."))
        d.amount = amount
    if notes not in (_UNSET, None):
        d.notes = notes.replace("\x00", "")[:10000]
