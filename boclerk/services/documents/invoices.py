"""Supplier e-invoices (UPD, Factur-X, CII, UBL) turned into supplier bills.

On intake a recognised invoice finds its supplier by tax id, its purchase order by the
order reference it carries (else the supplier's open PO whose lines match), and its
products by the supplier's article (the invoice's seller code, as our SKU or barcode)
or by name. Then :func:`boclerk.services.purchasing.bills.enter_bill` runs the three-way match,
which posts the bill or holds it as an exception. An invoice already registered (the
same supplier and number) is refused. A corrected UPD (ИспрДок) replaces the bill it
corrects: a held bill is set aside (nothing was posted for it); a posted bill nothing is paid
on is reversed (:func:`boclerk.services.purchasing.corrections.reverse_bill`) and the correction
becomes the bill, both or neither; a bill with payments stays, and the correction waits with
the credit or debit note that enters the difference. A correction of invoices (УКД, UBL credit
note) becomes notes against its bill (:mod:`.notes`). An invoice that cannot become a bill waits
as a document with the reason; ``boclerk doc process DOC-...`` tries again once the supplier,
the PO or the products are there, and what must be entered by hand says how.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.catalog import Barcode, Product
from boclerk.domain.documents import (
    DocStatus,
    DocType,
    Document,
    DocumentLink,
    LinkKind,
)
from boclerk.domain.partners import Supplier
from boclerk.domain.purchasing import SET_ASIDE, BillStatus, POStatus, PurchaseOrder, SupplierBill
from boclerk.errors import BoclerkError, InvalidInput, Refused
from boclerk.i18n import N_, _, speaking
from boclerk.money import currency_decimals, round_half_up
from boclerk.services import shown
from boclerk.services.documents.notes import record_note, supplier_by_tax_id, unknown_supplier
from boclerk.services.documents.register import add_link, doc_by_number, refresh_index, words
from boclerk.services.purchasing.hold_words import REPLACED

INVOICE_TYPES = (DocType.SUPPLIER_INVOICE.value, DocType.UPD.value)
_OPEN = (POStatus.SENT.value, POStatus.PARTIALLY_RECEIVED.value, POStatus.RECEIVED.value)


def _minor(uow: UnitOfWork, value: Decimal, currency: str | None = None) -> int:
    return round_half_up(value * 10 ** currency_decimals(currency or uow.currency))


PROCESS = act("documents.process")


def record_invoice(uow: UnitOfWork, doc: Document, inv) -> tuple[str | None, str | None, str]:
    """Fill the document from the invoice and make the bill; (bill, bill status, sentence). A correction
    of invoices (a УКД, a UBL credit note) becomes notes against the bill it corrects instead."""
    if hasattr(inv, "invoices"):
        return record_note(uow, doc, inv)
    sup = supplier_by_tax_id(uow, inv.seller_tax_id, inv.seller_country)
    correction = getattr(inv, "correction", "")
    if sup is not None:
        taken = uow.s.scalars(select(SupplierBill).where(
            SupplierBill.supplier_id == sup.id, SupplierBill.supplier_ref == inv.number.strip()[:64],
            SupplierBill.status.not_in(SET_ASIDE))).first()
        other = uow.s.scalars(select(Document.number).where(
            Document.supplier_id == sup.id, Document.their_number == inv.number.strip()[:64],
            Document.doc_type.in_(INVOICE_TYPES), Document.id != doc.id)).first()
        if correction and taken is not None:
            if taken.status != BillStatus.HELD.value:  # posted or paid: the books already carry it
                _fill(uow, doc, inv, sup)
                return _replace_posted(uow, taken, doc, inv, sup, correction)
            _replace(uow, taken, doc, correction)
        elif correction:
            pass  # the invoice it corrects never became a bill: the correction is the invoice
        elif taken or other:
            raise Refused(_("{code}'s invoice {number} is already registered as {value}; a corrected UPD carries its correction number (ИспрДок), which this one does not.").format(code=sup.code, number=inv.number, value=taken.number if taken else other))
    _fill(uow, doc, inv, sup)
    return make_bill(uow, doc, inv, sup)


def _fill(uow: UnitOfWork, doc: Document, inv, sup: Supplier | None) -> None:
    if sup is not None and not doc.customer_id and not doc.supplier_id:
        doc.supplier_id = sup.id
    doc.their_number = doc.their_number or inv.number.strip()[:64]
    if doc.their_date is None and inv.issued <= uow.today:
        doc.their_date = inv.issued
    if doc.amount is None and inv.currency.upper() == uow.currency and inv.total_gross >= 0:
        doc.amount = _minor(uow, inv.total_gross)
    uow.s.flush()


def _replace(uow: UnitOfWork, bill: SupplierBill, doc: Document, correction: str) -> None:
    """A held bill set aside for the corrected UPD that replaces it (nothing was posted for it)."""
    before = {"status": bill.status, "hold_reason": bill.hold_reason or None}
    bill.status = BillStatus.REJECTED.value
    bill.hold_reason = shown.said(uow, REPLACED, correction=correction, number=doc.number)[:500]  # the books' words
    uow.s.flush()
    uow.audit("bill.replace", "bill", bill.number, before=before,
              after={"status": bill.status, "replaced_by": doc.number, "correction": correction})


def _replace_posted(uow: UnitOfWork, bill: SupplierBill, doc: Document, inv, sup: Supplier, correction: str):
    """A posted bill, nothing paid on it, is reversed and the corrected UPD becomes the bill, in one step:
    if the correction cannot become a bill, the reversal is undone and the correction waits. A bill
    with payments (or notes) stays; the correction waits with the note that enters the difference."""
    from boclerk.services.purchasing.corrections import REVERSE, reverse_bill

    said = shown.said(uow, N_("Correction {correction} of {code}'s invoice {number} changes {number2}"), correction=correction, code=sup.code, number=inv.number, number2=bill.number)
    if bill.status != BillStatus.POSTED.value or bill.paid or bill.noted:
        paid = shown.said(uow, N_("paid in full") if bill.status == BillStatus.PAID.value else N_("partly paid"))
        if bill.noted:
            paid = shown.said(uow, N_("{paid} or has notes"), paid=paid)
        return _wait(doc, shown.said(uow, N_("{said}, which is {paid}; a bill with payments is not replaced: {difference}"),
                                     said=said, paid=paid, difference=_difference(uow, bill, inv, correction)))
    if not uow.can(REVERSE):
        return _wait(doc, shown.said(uow, N_("{said}, which is posted; replacing it reverses it, which needs the right to approve bills: an accountant can run boclerk doc process {number}"), said=said, number=doc.number))
    savepoint = uow.s.begin_nested()
    reverse_bill(uow, bill.number, shown.said(uow, REPLACED, correction=correction, number=doc.number))
    made = make_bill(uow, doc, inv, sup)
    if made[0] is None:  # the correction waits: the posted bill stays as it was
        reason = doc.reason
        savepoint.rollback()
        uow.s.refresh(doc)
        return _wait(doc, reason)
    savepoint.commit()
    return made


def _difference(uow: UnitOfWork, bill: SupplierBill, inv, correction: str) -> str:
    """What the correction changes of the bill (and its notes), as the command that enters it as a note."""
    from boclerk.domain.purchasing import BillAdjustment, BillLine, SupplierNote, SupplierNoteLine
    from boclerk.services.purchasing.corrections import note_command

    currency = bill.currency or uow.currency
    have: dict[int | None, list[int]] = {}
    rows = [*uow.s.scalars(select(BillLine).where(BillLine.bill_id == bill.id)),
            *uow.s.scalars(select(BillAdjustment).where(BillAdjustment.bill_id == bill.id)),
            *uow.s.scalars(select(SupplierNoteLine).join(SupplierNote, SupplierNote.id == SupplierNoteLine.note_id)
                           .where(SupplierNote.bill_id == bill.id))]
    for row in rows:
        g = have.setdefault(row.vat_rate, [0, 0])
        g[0] += row.net
        g[1] += row.vat
    want: dict[int | None, list[int]] = {}
    for item in [*inv.lines, *getattr(inv, "adjustments", ())]:
        rate = None if item.vat_rate is None else int(item.vat_rate) if item.vat_rate == int(item.vat_rate) else None
        g = want.setdefault(rate, [0, 0])
        g[0] += _minor(uow, item.net, currency)
        g[1] += _minor(uow, item.vat, currency)
    commands = []
    for rate in sorted(set(have) | set(want), key=lambda r: (r is None, r or 0)):
        net = want.get(rate, [0, 0])[0] - have.get(rate, [0, 0])[0]
        vat = want.get(rate, [0, 0])[1] - have.get(rate, [0, 0])[1]
        if net or vat:
            commands.append(note_command(bill.number, f"{inv.number} corr. {correction}", inv.issued if
                                         inv.issued >= bill.bill_date else bill.bill_date, net, vat, rate, currency))
    if not commands:
        return shown.said(uow, N_("it changes no amount of the bill, so there is nothing to enter"))
    kinds = {"lower" if c.split("--net ")[1].startswith("-") else "raise" for c in commands}
    what = shown.said(uow, N_("the credit note") if kinds == {"lower"} else N_("the debit note") if kinds == {"raise"}
                      else N_("the notes"))
    return shown.said(uow, N_("enter the difference as {what}: "), what=what) + "; then ".join(commands)


def _wait(doc: Document, reason: str) -> tuple[None, None, str]:
    """The document waits: ``reason``, in the books' words, is stored; the clerk is told it as stored."""
    doc.reason = reason[:500]
    return None, None, _("waits: {reason}").format(reason=reason)


BY_HAND = "enter the bill by hand"


def _by_hand(uow: UnitOfWork, doc: Document) -> str:
    return shown.said(uow, N_("enter the bill by hand (boclerk purchase bill PO-... --number ... --date ... --line ...) and link this document to it (boclerk doc link {number} BILL-...)"), number=doc.number)


def obstacle(uow: UnitOfWork, doc: Document, inv, sup: Supplier | None):
    """(why the invoice cannot become a bill before the bill is tried, or None; the PO; its mapped lines).
    Reads only: what :func:`make_bill` stores as the reason, and what the card works out again."""
    currency = inv.currency.upper()
    if sup is not None and currency != (sup.currency or uow.currency):
        return shown.said(uow, N_("The invoice is in {currency}; {code} bills in {value}: {by_hand}"), currency=currency, code=sup.code, value=sup.currency or uow.currency, by_hand=_by_hand(uow, doc)), None, []
    if sup is None:
        return unknown_supplier(uow, doc, inv.seller_name, inv.seller_tax_id, _by_hand(uow, doc), inv.seller_country), None, []
    po, mapped, problem = _choose_po(uow, inv, sup)
    if problem:
        if problem.endswith(BY_HAND):  # trying again would meet the same problem: the bill is entered by hand
            return problem[: -len(BY_HAND)] + _by_hand(uow, doc), None, []
        return problem + shown.said(uow, N_("; then run: boclerk doc process {number}"), number=doc.number), None, []
    if currency != (po.currency or uow.currency):  # the supplier's currency changed since the PO was made
        ordered = po.currency or uow.currency
        return shown.said(uow, N_("The invoice is in {currency} but {po} of {code} is in {ordered}, and a bill is in its "
                                  "purchase order's currency: ask {code} for the invoice in {ordered}, or {by_hand}, "
                                  "its amounts in {ordered}"), currency=currency, po=po.number, code=sup.code,
                          ordered=ordered, by_hand=_by_hand(uow, doc)), None, []
    return None, po, mapped


def make_bill(uow: UnitOfWork, doc: Document, inv, sup: Supplier | None):
    currency = inv.currency.upper()
    problem, po, mapped = obstacle(uow, doc, inv, sup)
    if problem:
        return _wait(doc, problem)
    from boclerk.services.purchasing.bills import AdjustmentInput, BillLineInput, enter_bill

    lines = []
    for line, product in mapped:
        qty = line.quantity  # exact, in the product's unit: 114.100 kg
        net = _minor(uow, line.net, currency)
        price = net // int(qty) if qty == int(qty) and net % int(qty) == 0 else _minor(uow, line.unit_price, currency)
        rate = None if line.vat_rate is None else int(line.vat_rate) if line.vat_rate == int(line.vat_rate) else "auto"
        lines.append(BillLineInput(product.sku, qty, price, _minor(uow, line.vat, currency), vat_rate=rate, net=net))
    adjustments = [AdjustmentInput(_minor(uow, a.net, currency), _minor(uow, a.vat, currency),
                                   None if a.vat_rate is None or a.vat_rate != int(a.vat_rate) else int(a.vat_rate),
                                   a.reason or ("charge" if a.charge else "allowance"))
                   for a in getattr(inv, "adjustments", ())]
    savepoint = uow.s.begin_nested()
    try:
        gross, payable = _minor(uow, inv.total_gross, currency), inv.payable
        prepaid = gross - _minor(uow, payable, currency) if payable is not None else 0
        prepaid = prepaid if 0 < prepaid <= gross else 0  # what the supplier says was paid ahead
        with speaking(shown.language(uow)):  # a refusal is quoted in the reason the document waits with
            res = enter_bill(uow, po.number, inv.number, inv.issued, lines=lines, adjustments=adjustments,
                             prepaid=prepaid)
        savepoint.commit()
    except BoclerkError as exc:
        savepoint.rollback()
        uow.s.refresh(doc)
        return _wait(doc, shown.said(uow, N_("The bill could not be entered: {message}"), message=exc.message))
    bill = uow.s.scalars(select(SupplierBill).where(SupplierBill.number == res.number)).one()
    for kind, target in ((LinkKind.BILL, bill.id), (LinkKind.PO, po.id), (LinkKind.SUPPLIER, sup.id)):
        add_link(uow, doc, kind, target)
    doc.reason = ""
    doc.status = DocStatus.FILED.value
    uow.s.flush()
    ahead = ""
    if prepaid:
        ahead = (_("; the invoice says {amount} {currency} was paid ahead: match the bank line of that payment to the bill (boclerk bank match LINE {number})").format(amount=shown.money(uow, prepaid, currency), currency=currency, number=res.number))
    if res.status == BillStatus.HELD.value:
        return (res.number, res.status,
                _("bill {number} for {number2}, held as an exception: {hold_reason}{ahead}").format(number=res.number, number2=po.number, hold_reason=res.hold_reason, ahead=ahead))
    return res.number, res.status, _("bill {number} for {number2} posted ({entry}){ahead}").format(number=res.number, number2=po.number, entry=res.entry, ahead=ahead)


def _stored(uow: UnitOfWork, p, q: Decimal) -> int | None:
    """The invoice's quantity in the product's unit as the books keep it; None if it does not fit."""
    from boclerk.services.catalog.units import stored

    try:
        return stored(uow, p, q)
    except InvalidInput:
        return None


def _choose_po(uow: UnitOfWork, inv, sup: Supplier):
    """(PO, [(invoice line, product)], problem)."""
    from boclerk.services.purchasing.orders import po_lines

    for line in inv.lines:
        if line.quantity <= 0:
            return None, [], (shown.said(uow, N_("Line {line_no} ({name}): a quantity of {quantity} cannot be billed; "), line_no=line.line_no, name=line.name[:40], quantity=shown.figure(uow, line.quantity)) + BY_HAND)
    named = None
    ref = inv.order_reference.strip().upper()
    if ref:
        named = uow.s.scalars(select(PurchaseOrder).where(PurchaseOrder.number == ref)).first()
        if named is not None and named.supplier_id != sup.id:
            return None, [], shown.said(uow, N_("The invoice names {number}, a purchase order of another supplier"), number=named.number)
        if named is not None and named.status not in _OPEN:
            from boclerk.domain.state_words import STATE_WORDS

            status = shown.said(uow, STATE_WORDS[named.status]) if named.status in STATE_WORDS else named.status.replace("_", " ")
            return None, [], shown.said(uow, N_("The invoice names {number}, which is {status}"), number=named.number, status=status)
    candidates = [named] if named else sorted(uow.s.scalars(select(PurchaseOrder).where(
        PurchaseOrder.supplier_id == sup.id, PurchaseOrder.status.in_(_OPEN)).order_by(PurchaseOrder.id)),
        key=lambda po: (po.currency or uow.currency) != inv.currency.upper())  # the invoice's currency first
    best = None
    for po in candidates:
        plines = po_lines(uow, po)
        mapped = [_on_po(uow, line, [p for _, p in plines]) for line in inv.lines]
        if named is None and None in mapped:
            continue
        room: dict[int, int] = {}
        for ln, p in plines:
            room[p.id] = room.get(p.id, 0) + max(ln.qty_received - ln.qty_billed, 0)
        fits = all(p is not None and (_stored(uow, p, line.quantity) or 0) <= room.get(p.id, 0)
                   for line, p in zip(inv.lines, mapped, strict=True))
        if best is None or (fits and not best[2]):
            best = (po, mapped, fits)
        if fits:
            break
    if best is None:
        names = ", ".join(f"{line.seller_code or line.name[:30]}" for line in inv.lines[:4])
        return None, [], shown.said(uow, N_("No open purchase order of {code} has the invoice's lines ({names}); create or send the purchase order"), code=sup.code, names=names)
    po, mapped, _x = best
    out = []
    for line, product in zip(inv.lines, mapped, strict=True):
        product = product or _anywhere(uow, line)
        if product is None:
            name = line.name[:40] + (shown.said(uow, N_(", article {code}"), code=line.seller_code) if line.seller_code else "")
            return None, [], shown.said(uow, N_("Line {line_no} ({name}) matches no product by SKU, barcode or name; add the product or a "
                                                "barcode"), line_no=line.line_no, name=name)
        if _stored(uow, product, line.quantity) is None:
            from boclerk.services.catalog.units import stored

            try:
                with speaking(shown.language(uow)):  # the refusal is quoted in the reason the document waits with
                    stored(uow, product, line.quantity, what=_("Line {line_no}").format(line_no=line.line_no))
            except InvalidInput as exc:
                return None, [], f"{exc.message.rstrip('.')}; {BY_HAND}"
        out.append((line, product))
    return po, out, None


def _norm(name: str) -> str:
    return " ".join(words(name))


def _on_po(uow: UnitOfWork, line, products: list[Product]) -> Product | None:
    code = line.seller_code.strip().lower()
    if code:
        for p in products:
            if p.sku.lower() == code:
                return p
        ids = {p.id for p in products}
        for product_id in uow.s.scalars(select(Barcode.product_id).where(Barcode.code == line.seller_code.strip())):
            if product_id in ids:
                return next(p for p in products if p.id == product_id)
    name = _norm(line.name)
    return next((p for p in products if _norm(p.name) == name), None)


def _anywhere(uow: UnitOfWork, line) -> Product | None:
    from boclerk.errors import NotFound
    from boclerk.services.catalog.products import product

    if line.seller_code.strip():
        try:
            return product(uow, line.seller_code)
        except NotFound:
            pass
    return uow.s.scalars(select(Product).where(Product.name == line.name.strip())).first()


def process_document(uow: UnitOfWork, number: str) -> tuple[str | None, str | None, str]:
    """Try again to turn a waiting e-invoice into a bill (after adding the supplier, PO or products)."""
    uow.require(PROCESS)
    doc = doc_by_number(uow, number, lock=True)
    PROCESS.check(doc.number, doc.status)
    if doc.doc_type not in INVOICE_TYPES:
        raise Refused(_("{number} is not a supplier invoice; there is no bill to make.").format(number=doc.number))
    billed = uow.s.scalars(select(SupplierBill.number).join(DocumentLink, DocumentLink.target_id == SupplierBill.id).where(
        DocumentLink.document_id == doc.id, DocumentLink.target_kind == LinkKind.BILL.value)).first()
    if billed:
        raise Refused(_("{number} has already become the bill {bill} (boclerk purchase bill-show {bill}).").format(
            number=doc.number, bill=billed))
    from boclerk.formats.einvoice import read_invoice
    from boclerk.services.documents.store import DocStore

    data = DocStore.of(uow.db).get(doc.sha256, doc.number)
    try:
        inv = read_invoice(data, name=doc.original_name, max_bytes=max(len(data), 1))
    except BoclerkError as exc:
        raise Refused(_("{number} is not an e-invoice boclerk can read: {message}").format(number=doc.number, message=exc.message)) from None
    before = doc.reason
    result = record_invoice(uow, doc, inv)
    refresh_index(uow, doc)
    uow.audit("doc.process", "document", doc.number, before={"reason": before or None},
              after={"bill": result[0], "status": result[1], "reason": doc.reason or None})
    return result
