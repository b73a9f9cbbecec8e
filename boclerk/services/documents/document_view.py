"""One document in full, read with plain SQL: its metadata, links, members, the start of its
text, and a bank statement's summary and lines. ``boclerk show document`` answers with it before
SQLAlchemy is loaded (see boclerk/db/plain.py); the app and ``boclerk doc show`` read the same."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text, utc_moment
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput, NotFound
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

NUMBER = re.compile(r"DOC-\d{4}-\d{6}", re.IGNORECASE)

#: how each kind of link (boclerk.domain.documents.LinkKind) names its record: the key the command
#: line takes for it (SO-..., supplier:CODE), then a customer's or supplier's name
LABEL_SQL = {
    "order": "SELECT number, '' FROM sales_order WHERE id = :i",
    "po": "SELECT number, '' FROM purchase_order WHERE id = :i",
    "bill": "SELECT number, '' FROM supplier_bill WHERE id = :i",
    "entry": "SELECT number, '' FROM journal_entry WHERE id = :i",
    "customer": "SELECT 'customer:' || code, name FROM customer WHERE id = :i",
    "supplier": "SELECT 'supplier:' || code, name FROM supplier WHERE id = :i",
}


@dataclass(frozen=True)
class LinkedRecord:
    """A record a document is linked to: its kind (a LinkKind), the key the command line takes for
    it (``SO-...``, ``supplier:CODE``; empty when the record is gone) and a partner's name. The card
    says it in words (:func:`boclerk.domain.document_words.record_words`); following a link and JSON
    read the key."""
    kind: str
    key: str
    name: str
    target_id: int


@dataclass(frozen=True)
class BankLineRow:
    id: int
    statement: str
    line_no: int
    booked: date
    counterparty: str
    tax_id: str
    purpose: str
    status: str
    match: str  # SO-..., BILL-..., fee, or ''
    reason: str
    entry: str | None
    amount: int = money_field()


@dataclass(frozen=True)
class DocumentDetail:
    id: int
    number: str
    sha256: str
    size: int
    original_name: str
    kind: str
    doc_type: str
    status: str
    counterparty: str
    counterparty_name: str
    their_number: str
    their_date: date | None
    notes: str
    reason: str
    parent: str | None
    created_by: str
    created_at: datetime
    version: int
    links: list[str]
    members: list[str]
    text_preview: str
    text_length: int
    statement: dict | None = None
    amount: int | None = money_field(default=None)
    bank_lines: list = field(default_factory=list)
    linked: list[LinkedRecord] = field(default_factory=list)  # ``links`` with each record's kind and name


def _day(value) -> date | None:
    return None if value is None else as_date(value)


def statement_summary(uow: UnitOfWork, document_id: int, number: str) -> tuple[dict | None, list[BankLineRow]]:
    """The document's statement and its lines; a file of several accounts gives the first
    account's figures, the others under "accounts", and the lines of all (numbered through the file)."""
    q = lambda sql, **p: uow.s.execute(text(sql), p)  # noqa: E731
    found = q("SELECT id, format, account, currency, period_start, period_end, opening, closing, line_count, "
              "new_lines FROM bank_statement WHERE document_id = :d ORDER BY id", d=document_id).all()
    if not found:
        return None, []
    currency = q("SELECT currency FROM company WHERE id = 1").scalar()

    def balance(minor) -> str | None:  # a statement's balance as text, None when its file gave none
        return None if minor is None else decimal_str(int(minor), currency)

    st = found[0]
    summary = {"format": st.format, "account": st.account, "currency": st.currency,
               "period_start": _day(st.period_start), "period_end": _day(st.period_end),
               "opening": balance(st.opening), "closing": balance(st.closing), "lines": st.line_count,
               "new_lines": st.new_lines}
    if len(found) > 1:
        summary["accounts"] = [{"account": s.account, "currency": s.currency, "opening": balance(s.opening),
                                "closing": balance(s.closing), "lines": s.line_count, "new_lines": s.new_lines}
                               for s in found]
    ids = ", ".join(str(int(s.id)) for s in found)
    lines = [BankLineRow(r.id, number, r.line_no, as_date(r.booked), r.counterparty_name, r.counterparty_tax_id,
                         r.purpose, r.status, r.match or "", r.reason, r.entry, int(r.amount))
             for r in q("SELECT l.id, l.line_no, l.booked, l.counterparty_name, l.counterparty_tax_id, l.purpose, "
                        "l.status, l.reason, l.amount, j.number AS entry, CASE "
                        "WHEN l.match_kind = 'order' AND l.order_id IS NOT NULL THEN o.number "
                        "WHEN l.match_kind = 'bill' AND l.bill_id IS NOT NULL THEN b.number "
                        "ELSE l.match_kind END AS match FROM bank_line l "
                        "LEFT JOIN journal_entry j ON j.id = l.entry_id LEFT JOIN sales_order o ON o.id = l.order_id "
                        "LEFT JOIN supplier_bill b ON b.id = l.bill_id "
                        f"WHERE l.statement_id IN ({ids}) ORDER BY l.line_no, l.id")]  # noqa: S608 - ids are ints
    return summary, lines


@core_only
def show_document(uow: UnitOfWork, number: str, *, preview_chars: int = 2000) -> DocumentDetail:
    uow.require(Perm.READ)
    wanted = number.strip().upper()
    q = lambda sql, **p: uow.s.execute(text(sql), p)  # noqa: E731
    d = q("SELECT d.*, c.code AS customer_code, c.name AS customer_name, s.code AS supplier_code, "
          "s.name AS supplier_name, p.number AS parent_number FROM document d "
          "LEFT JOIN customer c ON c.id = d.customer_id LEFT JOIN supplier s ON s.id = d.supplier_id "
          "LEFT JOIN document p ON p.id = d.parent_id WHERE d.number = :n", n=wanted).first()
    if d is None:
        if not NUMBER.fullmatch(wanted):
            raise InvalidInput(_("'{number}' is not a document number like DOC-2026-000123.").format(number=number.strip()))
        raise NotFound(_("There is no document {wanted}.").format(wanted=wanted))
    code, name = ((f"customer:{d.customer_code}", d.customer_name) if d.customer_id else
                  (f"supplier:{d.supplier_code}", d.supplier_name) if d.supplier_id else ("", ""))
    linked = []
    for kind, target in q("SELECT target_kind, target_id FROM document_link WHERE document_id = :i", i=d.id):
        found = q(LABEL_SQL[kind], i=target).first()
        linked.append(LinkedRecord(kind, found[0], found[1] or "", target) if found else LinkedRecord(kind, "", "", target))
    linked.sort(key=lambda r: r.key or _missing(r))
    members = q("SELECT number FROM document WHERE parent_id = :i ORDER BY id", i=d.id).scalars()
    body = q("SELECT body FROM document_text WHERE document_id = :i", i=d.id).scalar() or ""
    statement, lines = statement_summary(uow, d.id, d.number)
    return DocumentDetail(d.id, d.number, d.sha256, int(d.size), d.original_name, d.kind, d.doc_type, d.status, code,
                          name, d.their_number, _day(d.their_date), d.notes, d.reason, d.parent_number, d.created_by,
                          utc_moment(d.created_at), d.version, [r.key or _missing(r) for r in linked], list(members),
                          body[:preview_chars], len(body), statement, None if d.amount is None else int(d.amount), lines,
                          linked)


def _missing(r: LinkedRecord) -> str:
    """A link whose record is gone, as ``links`` names it."""
    return _("{kind} #{target_id} (missing)").format(kind=r.kind, target_id=r.target_id)
