"""Reading documents: the list (a page at a time, by key), the documents of a record, the
full-text search, one document in full, and the original bytes.

The search runs on SQLite's FTS5 table ``document_fts`` or PostgreSQL's ``search`` tsvector
(see :func:`boclerk.services.documents.register.refresh_index`); either way a query is built from the
words of what the clerk typed (letters and digits only, so no query syntax gets through):
every word must match, as a whole or as a prefix; a word with inner punctuation
(SO-2026-000123) matches as a phrase.
"""

from __future__ import annotations


from sqlalchemy import exists, select, text

from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import DocStatus, DocType, Document, DocumentLink, OutboundDocument
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _
from boclerk.services.like import fold
from boclerk.services.documents.register import (
    PG_INDEX_CHARS,
    DocumentRow,
    check_choice,
    doc_by_number,
    resolve_target,
    spellings,
    words,
)
from boclerk.services.documents.document_view import DocumentDetail, show_document  # noqa: F401


def _fts_query(terms: list[list[str]], dialect: str) -> str:
    """Every term (as a prefix), each in any of its spellings with "ё" (:func:`spellings`)."""
    if dialect == "postgresql":
        return " & ".join("(" + " | ".join(" <-> ".join(f"'{p}'" for p in spelt) + ":*" for spelt in spellings(pieces))
                          + ")" for pieces in terms)
    return " AND ".join("(" + " OR ".join('"' + " ".join(spelt) + '"*' for spelt in spellings(pieces)) + ")"
                        for pieces in terms)


def _snippet(body: str, terms: list[list[str]], width: int = 70) -> str:
    head = body[:PG_INDEX_CHARS]
    low = fold(head)
    for pieces in terms:
        at = low.find(pieces[0])
        if at >= 0:
            start = max(0, at - width // 2)
            piece = " ".join(head[start:start + width].split())
            return ("…" if start else "") + piece + ("…" if start + width < len(head) else "")
    return " ".join(head[:width].split())


def _with_parties(stmt):
    """``stmt`` (a select of documents) with each one's customer's or supplier's code and name read in
    the same statement: a page names its partners without a query per row."""
    return (stmt.add_columns(Customer.code, Customer.name, Supplier.code, Supplier.name)
            .outerjoin(Customer, Customer.id == Document.customer_id)
            .outerjoin(Supplier, Supplier.id == Document.supplier_id))


def _rows(found, snippets: dict[int, str] | None = None) -> list[DocumentRow]:
    """Rows from ``(document, customer code, customer name, supplier code, supplier name)``."""
    out = []
    for d, c_code, c_name, s_code, s_name in found:
        key, name = ((f"customer:{c_code}", c_name) if d.customer_id else
                     (f"supplier:{s_code}", s_name) if d.supplier_id else ("", ""))
        out.append(DocumentRow(d.id, d.number, d.doc_type, d.status, d.original_name, d.kind, key, d.their_number,
                               d.their_date, d.created_at, d.reason, d.amount,
                               (snippets or {}).get(d.id, ""), name))
    return out


def list_documents(uow: UnitOfWork, *, status: str | None = None, doc_type: str | None = None,
                   waiting: bool = False, before_id: int | None = None, after_id: int | None = None,
                   limit: int = 100, produced: bool | None = None) -> list[DocumentRow]:
    """Documents newest first, a page at a time by key (``before_id`` older, ``after_id`` newer).

    ``waiting``: only documents that wait with a reason. ``produced``: True only those the shop
    produced (invoices, UPDs and their printable forms, slips, POs, statements), False only
    those that came in.
    """
    stmt = _with_parties(documents_query(uow, status=status, doc_type=doc_type, waiting=waiting, produced=produced))
    if before_id is not None:
        stmt = stmt.where(Document.id < before_id)
    if after_id is not None:
        stmt = stmt.where(Document.id > after_id).order_by(Document.id.asc()).limit(limit)
        return _rows(reversed(uow.s.execute(stmt).all()))
    return _rows(uow.s.execute(stmt.order_by(Document.id.desc()).limit(limit)))


def documents_query(uow: UnitOfWork, *, status: str | None = None, doc_type: str | None = None,
                    waiting: bool = False, produced: bool | None = None):
    """The documents list_documents pages through, unordered and unpaged (its count reads it too)."""
    uow.require(Perm.READ)
    stmt = select(Document)
    if produced is not None:
        made = exists().where(OutboundDocument.document_id == Document.id)
        stmt = stmt.where(made if produced else ~made)
    if status:
        stmt = stmt.where(Document.status == check_choice(status, DocStatus, N_("status")))
    if doc_type:
        stmt = stmt.where(Document.doc_type == check_choice(doc_type, DocType, N_("type")))
    if waiting:
        stmt = stmt.where(Document.reason != "")
    return stmt


def count_documents(uow: UnitOfWork, *, status: str | None = None, doc_type: str | None = None,
                    waiting: bool = False, produced: bool | None = None):
    """How many documents list_documents pages through (a Count, up to its cap), or None for a
    status or type it refuses (its page says why)."""
    from boclerk.services.counting import bounded_count

    try:
        return bounded_count(uow, documents_query(uow, status=status, doc_type=doc_type, waiting=waiting,
                                                  produced=produced))
    except InvalidInput:
        return None


def documents_of(uow: UnitOfWork, ref: str) -> list[DocumentRow]:
    """The documents linked to a record (SO-, PO-, BILL-, JE-, customer:CODE, supplier:CODE)."""
    uow.require(Perm.READ)
    kind, target_id, _ = resolve_target(uow, ref)
    stmt = (_with_parties(select(Document)).join(DocumentLink, DocumentLink.document_id == Document.id)
            .where(DocumentLink.target_kind == kind.value, DocumentLink.target_id == target_id)
            .order_by(Document.id.desc()))
    return _rows(uow.s.execute(stmt))


def search_documents(uow: UnitOfWork, query: str, *, limit: int = 50) -> list[DocumentRow]:
    """Documents whose text or metadata hold every word (a word also matches as a prefix)."""
    uow.require(Perm.READ)
    terms = [pieces for word in query.split() if (pieces := words(word))]
    if not terms:
        raise InvalidInput(_("Give at least one word to search for."))
    q = _fts_query(terms, uow.db.dialect)
    if uow.db.dialect == "postgresql":
        sql = ("SELECT t.document_id, t.body FROM document_text t WHERE t.search @@ to_tsquery('simple', :q) "
               "ORDER BY ts_rank(t.search, to_tsquery('simple', :q)) DESC, t.document_id DESC LIMIT :n")
    else:
        sql = ("SELECT f.rowid, f.body FROM document_fts f WHERE document_fts MATCH :q "
               "ORDER BY bm25(document_fts), f.rowid DESC LIMIT :n")
    hits = uow.s.execute(text(sql), {"q": q, "n": limit}).all()
    if not hits:
        return []
    found = {r[0].id: r for r in uow.s.execute(_with_parties(select(Document)).where(
        Document.id.in_([doc_id for doc_id, _body in hits])))}
    return _rows([found[doc_id] for doc_id, _body in hits if doc_id in found],
                 {doc_id: _snippet(body or "", terms) for doc_id, body in hits})


def document_bytes(uow: UnitOfWork, number: str) -> tuple[str, str, bytes]:
    """(number, original name, the original bytes, checked against their SHA-256)."""
    uow.require(Perm.READ)
    d = doc_by_number(uow, number)
    from boclerk.services.documents.store import DocStore

    return d.number, d.original_name, DocStore.of(uow.db).get(d.sha256, d.number)


def link_candidates(uow: UnitOfWork, *, per_kind: int = 15) -> list[str]:
    """What a document is most likely linked to: the latest orders, purchase orders, bills and
    entries, and the customers and suppliers (for a picker; any other record can be typed)."""
    uow.require(Perm.READ)
    out: list[str] = []
    for table in ("sales_order", "purchase_order", "supplier_bill", "journal_entry"):
        out += [n for (n,) in uow.s.execute(text(
            f"SELECT number FROM {table} WHERE number IS NOT NULL ORDER BY id DESC LIMIT :n"), {"n": per_kind})]
    for table in ("customer", "supplier"):
        out += [f"{table}:{c}" for (c,) in uow.s.execute(text(
            f"SELECT code FROM {table} WHERE active ORDER BY code LIMIT :n"), {"n": per_kind * 4})]
    return out
