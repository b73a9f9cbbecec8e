"""A supplier's correction of invoices it issued (a УКД, a UBL, CII or Factur-X credit note) turned into credit and debit
notes against the bill it corrects.

The supplier is found by tax id, the bill by the supplier's number of the invoice the correction
names. A УКД's decreases become one credit note and its increases one debit note, each with its
VAT per rate; a UBL credit note's changes are summed per rate (a line credited negative counts
against the others). Each note posts through :func:`boclerk.services.purchasing.corrections.enter_note`.
A correction that cannot be entered waits as a document with the reason and the act that
resolves it (``boclerk doc process DOC-...`` once the bill is there, or the note by hand).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import DocStatus, Document, LinkKind
from boclerk.domain.partners import Supplier
from boclerk.domain.purchasing import SET_ASIDE, BillStatus, SupplierBill
from boclerk.domain.taxids import normalise_tax_id
from boclerk.errors import BoclerkError
from boclerk.i18n import N_, NP_, _, pgettext, speaking
from boclerk.money import currency_decimals, round_half_up
from boclerk.services.documents.matching import tax_id_key
from boclerk.services.documents.register import add_link
from boclerk.services.shown import language, said

_WHAT = {"ukd": N_("correction document (УКД)"), "ubl-credit": N_("credit note"), "cii-credit": N_("credit note"),
         "facturx-credit": N_("credit note"), "zugferd1-credit": N_("credit note")}
#: a bill's state after its notes, as the clerk is told it
_BILL_STATES = {"posted": NP_("bill", "posted"), "paid": NP_("bill", "paid")}


def supplier_by_tax_id(uow: UnitOfWork, raw: str, stated_country: str = "") -> Supplier | None:
    """The supplier a document's tax id names, in its country: "DE136695976" is a German VAT
    number, "7707083893" (or "RU7707083893") a Russian INN, and an id without a prefix belongs to
    the country of the seller's address when the document gives one ("201/113/40209" of a
    seller in DE is a German tax number)."""
    compact = "".join((raw or "").split()).upper()
    if not compact:
        return None
    country = country_of_tax_id(compact, stated_country)
    keys = {compact, tax_id_key(compact)}
    try:  # as the supplier was saved (a German Steuernummer without its slashes)
        keys.add(normalise_tax_id(compact, country))
    except BoclerkError:
        pass
    return uow.s.scalars(select(Supplier).where(Supplier.tax_id.in_(keys), Supplier.country == country)
                         .order_by(Supplier.id)).first()


def country_of_tax_id(compact: str, stated: str = "") -> str:
    """A tax id's country: its own prefix (DE136695976), else the seller's address country the
    document states, else Russia's (an INN has no prefix)."""
    if compact[:2].isalpha():
        country = compact[:2]
    else:
        stated = (stated or "").strip().upper()
        country = stated if len(stated) == 2 and stated.isalpha() else "RU"
    return "GR" if country == "EL" else country


def unknown_supplier(uow: UnitOfWork, doc: Document, seller_name: str, tax_id: str, by_hand: str,
                     stated_country: str = "") -> str:
    """Why a document waits when no supplier has the tax id it gives, and the act that resolves it: a
    supplier added (or edited) with that tax id, or, when the id can belong to no supplier, the record
    entered by hand (``by_hand``). In the books' words: it is stored as the document's reason."""
    import shlex

    name = seller_name.strip()[:60]
    compact = "".join((tax_id or "").split()).upper()
    if not compact:
        return said(uow, N_("{seller_name} gives no tax id, so boclerk cannot tell which supplier sent it: {by_hand}"),
                    seller_name=name or said(uow, N_("The sender")), by_hand=by_hand)
    country = country_of_tax_id(compact, stated_country)
    try:
        with speaking(language(uow)):  # the check's refusal is quoted in the reason: in the books' words
            normalise_tax_id(compact, country)
    except BoclerkError as exc:
        return said(uow, N_("The tax id {tax_id} of {seller_name} is not valid ({reason}), so no supplier can have it: "
                            "{by_hand}"), tax_id=tax_id, seller_name=name, reason=exc.message.rstrip("."), by_hand=by_hand)
    return said(uow, N_("No supplier has tax id {tax_id} ({seller_name}); add it (boclerk supplier add CODE {quoted} --tax-id "
                        "{tax_id} --country {country}) or give it to the supplier it is (boclerk supplier edit CODE --tax-id "
                        "{tax_id} --country {country}), then run: boclerk doc process {number}"),
                tax_id=compact, seller_name=name, quoted=shlex.quote(name or "NAME"), country=country, number=doc.number)


def _minor(value: Decimal, currency: str) -> int:
    return round_half_up(value * 10 ** currency_decimals(currency))


def _wait(doc: Document, reason: str) -> tuple[None, None, str]:
    """The document waits: ``reason``, in the books' words, is stored; the clerk is told it as stored."""
    doc.reason = reason[:500]
    return None, None, _("waits: {reason}").format(reason=reason)


def _by_hand(uow: UnitOfWork, doc: Document) -> str:
    return said(uow, N_("enter the note by hand against the bill it corrects (boclerk purchase note BILL-... --number ... --date ... --net ... --vat ... --rate ...) and link this document to the bill (boclerk doc link {number} BILL-...)"), number=doc.number)


def _groups(note, currency: str):
    """{kind: [NoteLineInput per VAT rate]}: a УКД's lines by their own sign, a credit note's summed first."""
    from boclerk.services.purchasing.corrections import NoteLineInput

    sums: dict[tuple[str, int | None], list] = {}
    by_rate: dict[int | None, list] = {}
    for ln in note.lines:
        rate = None if ln.vat_rate is None or ln.vat_rate != int(ln.vat_rate) else int(ln.vat_rate)
        net, vat = _minor(ln.net, currency), _minor(ln.vat, currency)
        if note.format == "ukd":
            kind = "credit" if (net or vat) < 0 else "debit"
            cell = sums.setdefault((kind, rate), [0, 0, []])
            cell[0], cell[1] = cell[0] + net, cell[1] + vat
            cell[2].append(ln.name)
        else:
            cell = by_rate.setdefault(rate, [0, 0, []])
            cell[0], cell[1] = cell[0] + net, cell[1] + vat
            cell[2].append(ln.name)
    for rate, (net, vat, names) in by_rate.items():
        sums[("credit" if (net or vat) < 0 else "debit", rate)] = [net, vat, names]
    out: dict[str, list] = {}
    for (kind, rate), (net, vat, names) in sorted(sums.items(), key=lambda kv: (kv[0][0], kv[0][1] is None,
                                                                               kv[0][1] or 0)):
        if net or vat:
            out.setdefault(kind, []).append(NoteLineInput(net, vat, rate, "; ".join(names)[:200]))
    return out


def record_note(uow: UnitOfWork, doc: Document, note) -> tuple[str | None, str | None, str]:
    """Fill the document from the correction and post its notes; (bill, bill status, sentence)."""
    from boclerk.services.purchasing.corrections import enter_note

    what = said(uow, _WHAT.get(note.format, N_("correction")))  # the books' words: stored in its reason and the notes'
    sup = supplier_by_tax_id(uow, note.seller_tax_id, note.seller_country)
    if sup is not None and not doc.customer_id and not doc.supplier_id:
        doc.supplier_id = sup.id
    doc.their_number = doc.their_number or note.number.strip()[:64]
    if doc.their_date is None and note.issued <= uow.today:
        doc.their_date = note.issued
    uow.s.flush()
    if sup is None:
        return _wait(doc, unknown_supplier(uow, doc, note.seller_name, note.seller_tax_id, _by_hand(uow, doc), note.seller_country))
    currency = note.currency.upper()
    if currency != (sup.currency or uow.currency):
        return _wait(doc, said(uow, N_("The {what} is in {currency}; {code} bills in {value}: {by_hand}"), what=what, currency=currency, code=sup.code, value=sup.currency or uow.currency, by_hand=_by_hand(uow, doc)))
    if not note.invoices:
        return _wait(doc, said(uow, N_("The {what} {number} names no invoice it corrects: {by_hand}"), what=what, number=note.number, by_hand=_by_hand(uow, doc)))
    bills = [b for b in uow.s.scalars(select(SupplierBill).where(
        SupplierBill.supplier_id == sup.id, SupplierBill.supplier_ref.in_([n[:64] for n in note.invoices]),
        SupplierBill.status.not_in(SET_ASIDE)).order_by(SupplierBill.id))]
    named = ", ".join(note.invoices)
    if len(bills) != 1:
        if not bills:
            return _wait(doc, said(uow, N_("The {what} {number} corrects {code}'s invoice {named}, which has no bill in boclerk; register that invoice or enter its bill first, then run: boclerk doc process {number2}"), what=what, number=note.number, code=sup.code, named=named, number2=doc.number))
        return _wait(doc, said(uow, N_("The {what} {number} corrects several bills ({names}): {by_hand}, one against each"), what=what, number=note.number, names=', '.join((b.number for b in bills)), by_hand=_by_hand(uow, doc)))
    bill = bills[0]
    if bill.status == BillStatus.HELD.value:
        return _wait(doc, said(uow, N_("The {what} {number} corrects {number2}, which is held as an exception; approve or reject it first (boclerk purchase approve {number2}), then run: boclerk doc process {number3}"), what=what, number=note.number, number2=bill.number, number3=doc.number))
    day = max(note.issued, bill.bill_date)
    done = []
    savepoint = uow.s.begin_nested()
    try:
        for kind, lines in _groups(note, currency).items():
            with speaking(language(uow)):  # a refusal is quoted in the reason the document waits with
                res = enter_note(uow, bill.number, note.number, day, lines, reason=f"{what} {note.number}")
            done.append((_("credit note {number} ({entry})") if kind == "credit" else _("debit note {number} ({entry})"))
                        .format(number=res.number, entry=res.entry))
        savepoint.commit()
    except BoclerkError as exc:
        savepoint.rollback()
        uow.s.refresh(doc)
        return _wait(doc, said(uow, N_("The {what} could not be entered against {number}: {message}"), what=what, number=bill.number, message=exc.message))
    for kind, target in ((LinkKind.BILL, bill.id), (LinkKind.SUPPLIER, sup.id)):
        add_link(uow, doc, kind, target)
    doc.reason = ""
    doc.status = DocStatus.FILED.value
    uow.s.flush()
    uow.s.refresh(bill)
    return bill.number, bill.status, _("{notes} on {number}, which is now {status}").format(
        notes=_(" and ").join(done), number=bill.number, status=pgettext("bill", _BILL_STATES.get(bill.status, bill.status)))


__all__ = ["record_note", "supplier_by_tax_id", "unknown_supplier"]
