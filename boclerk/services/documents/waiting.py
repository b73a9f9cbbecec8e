"""Why a waiting e-invoice waits, worked out again when its card is shown.

A document that could not become a bill keeps the reason it was given then, in the books' words
of that day. The card reads the invoice's file again and asks the books as they are now what
stands in the way (the supplier, its currency, the purchase order, the products), with the same
reads :func:`boclerk.services.documents.invoices.make_bill` makes before it tries the bill, so
what the card says is what trying again would meet first, in the books' words of today. What only
trying the bill can tell (a refusal of the bill itself), a correction (ИспрДок) and a correction
of invoices (УКД), whose paths change records, keep the reason stored.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import Document, DocumentLink, LinkKind
from boclerk.domain.permissions import Perm
from boclerk.domain.purchasing import SET_ASIDE, SupplierBill
from boclerk.errors import BoclerkError
from boclerk.i18n import N_
from boclerk.services import shown
from boclerk.services.documents.document_view import DocumentDetail, show_document
from boclerk.services.documents.vetting import INVOICE_TYPES

#: the reason of an invoice whose file is no e-invoice boclerk reads (set at intake)
NOT_READABLE = N_("Not an e-invoice boclerk can read: enter the bill by hand (boclerk purchase bill) and link it "
                  "(boclerk doc link {number} BILL-...).")
#: nothing read stands in the way any more: only trying again can tell
READY = N_("Its supplier, purchase order and products are there now: run boclerk doc process {number} to make the "
           "bill. Last tried, it said: {reason}")


def reason_now(uow: UnitOfWork, doc: Document) -> str | None:
    """Why ``doc`` waits, worked out again from its file and the books as they are now; None where
    only the stored reason can say (see the module's note)."""
    if not doc.reason or doc.doc_type not in INVOICE_TYPES:
        return None
    if uow.s.scalars(select(DocumentLink.id).where(DocumentLink.document_id == doc.id,
                                                   DocumentLink.target_kind == LinkKind.BILL.value)).first():
        return None
    from boclerk.formats.einvoice import read_invoice
    from boclerk.services.documents.invoices import obstacle
    from boclerk.services.documents.notes import supplier_by_tax_id
    from boclerk.services.documents.store import DocStore

    try:
        data = DocStore.of(uow.db).get(doc.sha256, doc.number)
        inv = read_invoice(data, name=doc.original_name, max_bytes=max(len(data), 1))
    except BoclerkError:
        return shown.said(uow, NOT_READABLE, number=doc.number)
    if hasattr(inv, "invoices") or getattr(inv, "correction", ""):
        return None
    sup = supplier_by_tax_id(uow, inv.seller_tax_id, inv.seller_country)
    if sup is not None:
        ref = inv.number.strip()[:64]
        taken = uow.s.scalars(select(SupplierBill.id).where(
            SupplierBill.supplier_id == sup.id, SupplierBill.supplier_ref == ref,
            SupplierBill.status.not_in(SET_ASIDE))).first()
        other = uow.s.scalars(select(Document.id).where(
            Document.supplier_id == sup.id, Document.their_number == ref, Document.doc_type.in_(INVOICE_TYPES),
            Document.id != doc.id)).first()
        if taken or other:  # trying again is refused, and says why
            return None
    problem, _po, _lines = obstacle(uow, doc, inv, sup)
    return problem or shown.said(uow, READY, number=doc.number, reason=doc.reason)


def document_now(uow: UnitOfWork, number: str, *, preview_chars: int = 2000) -> DocumentDetail:
    """One document in full (:func:`show_document`), a waiting e-invoice's reason worked out again."""
    uow.require(Perm.READ)
    d = show_document(uow, number, preview_chars=preview_chars)
    if d.reason and d.doc_type in INVOICE_TYPES:
        now = reason_now(uow, uow.s.get(Document, d.id))
        if now is not None and now != d.reason:
            return replace(d, reason=now[:1000])
    return d
