"""EN 16931 invoices: UN/CEFACT CII (also inside Factur-X/ZUGFeRD PDFs) and UBL 2.1, read into
an :class:`Invoice`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from xml.etree.ElementTree import Element

from boclerk.errors import InvalidInput
from boclerk.formats.einvoice.common import (
    CII,
    CREDIT_CODES,
    UBL,
    Invoice,
    InvoiceLine,
    _date,
    _finish,
    _need,
    _need_el,
    _opt_dec,
    _vat_of,
    _xsd_date,
    Adjustment,
    Note,
    NoteLine,
)
from boclerk.i18n import _

# --- CII / Factur-X ----------------------------------------------------------------------------

def _text(el: Element | None, path: str, ns: dict[str, str]) -> str:
    found = el.find(path, ns) if el is not None else None
    return (found.text or "").strip() if found is not None else ""


def _amount(parent: Element, path: str, ns: dict[str, str], currency: str, what: str) -> Decimal | None:
    """An amount element; of several (tax currency too), the one in the invoice currency."""
    found = parent.findall(path, ns)
    found = [e for e in found if e.get("currencyID") in (None, currency)] or found
    return _opt_dec(found[0].text, what, path.rsplit(":", 1)[-1]) if found else None


# Document-level allowances and charges (EN 16931 BG-20 and BG-21): (CII path, UBL path).
_ADJ = {
    "charge": ("ram:ChargeIndicator/udt:Indicator", "cbc:ChargeIndicator"),
    "amount": ("ram:ActualAmount", "cbc:Amount"),
    "reason": ("ram:Reason", "cbc:AllowanceChargeReason"),
    "code": ("ram:ReasonCode", "cbc:AllowanceChargeReasonCode"),
    "rate": ("ram:CategoryTradeTax/ram:RateApplicablePercent", "cac:TaxCategory/cbc:Percent"),
    "category": ("ram:CategoryTradeTax/ram:CategoryCode", "cac:TaxCategory/cbc:ID"),
}


def _adjustments(found: list[Element], what: str, ubl: bool) -> tuple[Adjustment, ...]:
    """Each allowance (a negative net) and charge with its VAT rate; VAT = net * rate / 100 half-up."""
    ns, path = (UBL if ubl else CII), {key: paths[ubl] for key, paths in _ADJ.items()}
    out = []
    for i, el in enumerate(found, 1):
        flag = _text(el, path["charge"], ns).lower()
        if flag not in ("true", "false"):
            raise InvalidInput(_("{what}: document-level allowance or charge {i} has no ChargeIndicator true or false.").format(what=what, i=i))
        charge = flag == "true"
        at = (_("{what}, document-level charge {i}") if charge else _("{what}, document-level allowance {i}")).format(
            what=what, i=i)
        amount = _opt_dec(_text(el, path["amount"], ns) or None, at, _short(path["amount"]))
        if amount is None:
            raise InvalidInput(_("{at} has no amount ({field}).").format(at=at, field=_short(path["amount"])))
        rate = _opt_dec(_text(el, path["rate"], ns) or None, at, _("VAT rate"))
        if rate is None and _text(el, path["category"], ns) not in ("", "S"):
            rate = Decimal(0)  # exempt, zero-rated, reverse charge: no VAT on it
        net = amount if charge else -amount  # a corrected invoice's negative allowance adds to its (negative) total
        reason = _text(el, path["reason"], ns) or _text(el, path["code"], ns)
        out.append(Adjustment(charge, reason[:200], net, rate, _vat_of(net, rate)))
    return tuple(out)


def _check_sums(sums: Element, prefix: str, ns: dict[str, str], currency: str, what: str,
                adjustments: tuple[Adjustment, ...]) -> None:
    """AllowanceTotalAmount and ChargeTotalAmount, where given, are the sums of what was read."""
    for field, charge in (("AllowanceTotalAmount", False), ("ChargeTotalAmount", True)):
        stated = _amount(sums, f"{prefix}:{field}", ns, currency, what)
        found = sum((a.net if charge else -a.net for a in adjustments if a.charge is charge), Decimal(0))
        if stated is not None and stated != found:
            kind = "charges" if charge else "allowances"
            raise InvalidInput(_("{what}: {field} is {stated} but its document-level {kind} add up to {found}; ask the supplier for a corrected invoice.").format(what=what, field=field, stated=stated, kind=kind, found=found))


def _cii_party(agreement: Element, tag: str, what: str) -> tuple[str, str, str]:
    """(name, tax id, address country): the VAT number (VA) before a national tax number (FC)."""
    party = _need_el(agreement.find(f"ram:{tag}", CII), what, tag)
    name = _need(_text(party, "ram:Name", CII), what, f"{tag}/Name")
    regs = party.findall("ram:SpecifiedTaxRegistration/ram:ID", CII)
    regs.sort(key=lambda e: {"VA": 0, "FC": 1}.get(e.get("schemeID", ""), 2))
    return (name, (regs[0].text or "").strip() if regs else "",
            _text(party, "ram:PostalTradeAddress/ram:CountryID", CII).upper())


# Line fields of the two EN 16931 syntaxes: (CII path, UBL path).
_LINE = {
    "id": ("ram:AssociatedDocumentLineDocument/ram:LineID", "cbc:ID"),
    "name": ("ram:SpecifiedTradeProduct/ram:Name", "cac:Item/cbc:Name"),
    "code": ("ram:SpecifiedTradeProduct/ram:SellerAssignedID", "cac:Item/cac:SellersItemIdentification/cbc:ID"),
    "qty": ("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", "cbc:InvoicedQuantity"),
    "price": ("ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount",
              "cac:Price/cbc:PriceAmount"),
    "basis": ("ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity",
              "cac:Price/cbc:BaseQuantity"),
    "rate": ("ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent",
             "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent"),
    "net": ("ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
            "cbc:LineExtensionAmount"),
}


def _short(path: str) -> str:
    return "/".join(step.split(":")[-1] for step in path.split("/")[-2:])


def _en_line(el: Element, index: int, what: str, ubl: bool, credit: bool = False) -> InvoiceLine:
    """One CII or UBL line; VAT = net * rate / 100 half-up to 0.01 (the syntaxes give only the rate).
    ``credit``: a UBL credit note's line (CreditedQuantity)."""
    ns, path = (UBL if ubl else CII), {key: paths[ubl] for key, paths in _LINE.items()}
    if credit:
        path["qty"] = "cbc:CreditedQuantity"
    line_id = _text(el, path["id"], ns)
    at = _("{what}, line {value}").format(what=what, value=line_id or index)

    def number(key: str, required: bool = True) -> Decimal | None:
        found = el.find(path[key], ns)
        if found is None and required:
            raise InvalidInput(_("{at} has no {path} element.").format(at=at, path=_short(path[key])))
        return _opt_dec(found.text, at, _short(path[key])) if found is not None else None

    quantity, price, net = number("qty"), number("price"), number("net")
    if None in (quantity, price, net):
        raise InvalidInput(_("{at} has an empty quantity, price or net amount.").format(at=at))
    if (basis := number("basis", False)) not in (None, 0, 1):
        price = (price / basis).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    rate, unit = number("rate", False), el.find(path["qty"], ns).get("unitCode", "").strip()
    vat = _vat_of(net, rate)
    return InvoiceLine(int(line_id) if line_id.isdigit() and len(line_id) < 10 else index,
                       _need(_text(el, path["name"], ns), at, _short(path["name"])), _text(el, path["code"], ns),
                       quantity, unit, price, net, rate, vat, net + vat)


# Credit notes that carry an invoice's content with the opposite meaning (UNTDID 1001): a credit note
# (381) and a factored credit note (396). Other credit codes (self-billed 261, ...) are refused by name.
CREDIT_NOTE_CODES = frozenset(("381", "396"))


def _refuse_credit(what: str, code: str, field: str) -> None:
    raise InvalidInput(_("{what} is a document of type {code} ({field}), which boclerk does not read as a "
                         "credit note (it reads 381 and 396): enter the note by hand against the bill it corrects "
                         "(boclerk purchase note BILL-... --number ... --date ... --net ... --vat ... --rate ...).").format(
        what=what, code=code, field=field))


def _as_credit_note(read: Invoice, fmt: str, invoices: tuple[str, ...], sign: int = -1) -> Note:
    """A credit note read as an invoice, its amounts taken as decreases of the invoices it names
    (``sign`` 1: a corrected invoice whose amounts are negative already)."""
    changes = [NoteLine(ln.line_no, ln.name, ln.seller_code, ln.vat_rate, sign * ln.net, sign * ln.vat)
               for ln in read.lines]
    changes += [NoteLine(0, a.reason or ("charge" if a.charge else "allowance"), "", a.vat_rate, sign * a.net,
                         sign * a.vat) for a in read.adjustments]
    named = tuple(dict.fromkeys(n for n in invoices if n))
    return Note(fmt, read.number, read.issued, read.currency, read.seller_name, read.seller_tax_id,
                read.buyer_name, read.buyer_tax_id, named, tuple(changes), sign * read.total_net,
                sign * read.total_vat, seller_country=read.seller_country)


#: A corrected invoice (UNTDID 1001): negative amounts take back part of the invoices it names.
CORRECTED = "384"


def _corrected(read: Invoice, fmt: str, invoices: tuple[str, ...], what: str) -> Note:
    """A corrected invoice as the note it is: a negative one lowers the invoices it names (goods sent
    back, a price lowered). One with positive amounts would replace its invoice, which boclerk does
    not do from a file: the difference is entered by hand."""
    if read.total_net < 0:
        return _as_credit_note(read, f"{fmt}-credit", invoices, sign=1)
    named = ", ".join(n for n in invoices if n) or _("an earlier invoice")
    raise InvalidInput(_("{what} is a corrected invoice (type 384) that replaces {invoices}; boclerk does not replace "
                         "a bill from a file: enter the difference by hand as a note against the bill it corrects "
                         "(boclerk purchase note BILL-... --number ... --date ... --net ... --vat ... --rate ...).").format(
        what=what, invoices=named))


def _read_cii(root: Element, what: str, fmt: str) -> Invoice | Note:
    doc = _need_el(root.find("rsm:ExchangedDocument", CII), what, "ExchangedDocument")
    number = _need(_text(doc, "ram:ID", CII), what, "ExchangedDocument/ID")
    code = _text(doc, "ram:TypeCode", CII)
    if code in CREDIT_CODES and code not in CREDIT_NOTE_CODES:
        _refuse_credit(what, code, "TypeCode")
    stamp = _need_el(doc.find("ram:IssueDateTime/udt:DateTimeString", CII), what, "IssueDateTime/DateTimeString")
    if stamp.get("format", "102") != "102":
        raise InvalidInput(_("{what}: IssueDateTime is in format {format!r}, not 102 (YYYYMMDD).").format(
            what=what, format=stamp.get("format")))
    issued = _date(stamp.text or "", "%Y%m%d", what, "IssueDateTime")
    trade = _need_el(root.find("rsm:SupplyChainTradeTransaction", CII), what, "SupplyChainTradeTransaction")
    agreement = _need_el(trade.find("ram:ApplicableHeaderTradeAgreement", CII), what, "ApplicableHeaderTradeAgreement")
    settle = _need_el(trade.find("ram:ApplicableHeaderTradeSettlement", CII), what, "ApplicableHeaderTradeSettlement")
    currency = _need(_text(settle, "ram:InvoiceCurrencyCode", CII), what, "InvoiceCurrencyCode")
    sums = _need_el(settle.find("ram:SpecifiedTradeSettlementHeaderMonetarySummation", CII), what,
                    "SpecifiedTradeSettlementHeaderMonetarySummation")
    adjustments = _adjustments(settle.findall("ram:SpecifiedTradeAllowanceCharge", CII), what, False)
    _check_sums(sums, "ram", CII, currency, what, adjustments)
    lines = [_en_line(item, i, what, False)
             for i, item in enumerate(trade.findall("ram:IncludedSupplyChainTradeLineItem", CII), 1)]
    if not lines:
        raise InvalidInput(_("{what} has no invoice lines (Factur-X MINIMUM and BASIC WL carry none); ask the supplier for the EN 16931 profile.").format(what=what))
    totals = tuple(_amount(sums, f"ram:{f}", CII, currency, what)
                   for f in ("TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount"))
    read = _finish(fmt, what, number, issued, currency, _cii_party(agreement, "SellerTradeParty", what),
                   _cii_party(agreement, "BuyerTradeParty", what),
                   _text(agreement, "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", CII), lines, totals,
                   ("TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount"), adjustments,
                   _amount(sums, "ram:DuePayableAmount", CII, currency, what))
    if code not in CREDIT_NOTE_CODES and code != CORRECTED:
        return read
    # BG-3, the invoices it corrects (EN 16931 puts them in the header settlement)
    named = tuple(_text(ref, "ram:IssuerAssignedID", CII) for ref in settle.findall("ram:InvoiceReferencedDocument", CII))
    return _corrected(read, fmt, named, what) if code == CORRECTED else _as_credit_note(read, f"{fmt}-credit", named)


# --- UBL 2.1 ---------------------------------------------------------------------------------

def _ubl_party(root: Element, tag: str, what: str) -> tuple[str, str, str]:
    """(name, tax id, address country): the VAT scheme's company id before any other."""
    party = _need_el(root.find(f"cac:{tag}/cac:Party", UBL), what, f"{tag}/Party")
    name = _text(party, "cac:PartyLegalEntity/cbc:RegistrationName", UBL) or _text(party, "cac:PartyName/cbc:Name", UBL)
    schemes = party.findall("cac:PartyTaxScheme", UBL)
    schemes.sort(key=lambda s: _text(s, "cac:TaxScheme/cbc:ID", UBL) != "VAT")
    return (_need(name, what, f"{tag}/Party/PartyLegalEntity/RegistrationName"),
            _text(schemes[0], "cbc:CompanyID", UBL) if schemes else "",
            _text(party, "cac:PostalAddress/cac:Country/cbc:IdentificationCode", UBL).upper())


def _read_ubl(root: Element, what: str) -> Invoice | Note:
    number = _need(_text(root, "cbc:ID", UBL), what, "cbc:ID")
    if (code := _text(root, "cbc:InvoiceTypeCode", UBL)) in CREDIT_CODES and code not in CREDIT_NOTE_CODES:
        _refuse_credit(what, code, "InvoiceTypeCode")
    issued = _xsd_date(_need(_text(root, "cbc:IssueDate", UBL), what, "cbc:IssueDate"), what, "IssueDate")
    currency = _need(_text(root, "cbc:DocumentCurrencyCode", UBL), what, "cbc:DocumentCurrencyCode")
    money = _need_el(root.find("cac:LegalMonetaryTotal", UBL), what, "LegalMonetaryTotal")
    adjustments = _adjustments(root.findall("cac:AllowanceCharge", UBL), what, True)
    _check_sums(money, "cbc", UBL, currency, what, adjustments)
    lines = [_en_line(el, i, what, True) for i, el in enumerate(root.findall("cac:InvoiceLine", UBL), 1)]
    totals = (_amount(money, "cbc:TaxExclusiveAmount", UBL, currency, what),
              _amount(root, "cac:TaxTotal/cbc:TaxAmount", UBL, currency, what),
              _amount(money, "cbc:TaxInclusiveAmount", UBL, currency, what))
    read = _finish("ubl", what, number, issued, currency, _ubl_party(root, "AccountingSupplierParty", what),
                   _ubl_party(root, "AccountingCustomerParty", what),
                   _text(root, "cac:OrderReference/cbc:ID", UBL), lines, totals,
                   ("TaxExclusiveAmount", "TaxTotal/TaxAmount", "TaxInclusiveAmount"), adjustments,
                   _amount(money, "cbc:PayableAmount", UBL, currency, what))
    if code == CORRECTED:
        return _corrected(read, "ubl", _billing_refs(root), what)
    return read if code not in CREDIT_NOTE_CODES else _as_credit_note(read, "ubl-credit", _billing_refs(root))


def _billing_refs(root: Element) -> tuple[str, ...]:
    return tuple((ref.text or "").strip()
                 for ref in root.findall("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", UBL))


def _read_ubl_credit(root: Element, what: str) -> Note:
    """A UBL 2.1 CreditNote: read and checked as an invoice, then its amounts taken as decreases."""
    number = _need(_text(root, "cbc:ID", UBL), what, "cbc:ID")
    issued = _xsd_date(_need(_text(root, "cbc:IssueDate", UBL), what, "cbc:IssueDate"), what, "IssueDate")
    currency = _need(_text(root, "cbc:DocumentCurrencyCode", UBL), what, "cbc:DocumentCurrencyCode")
    money = _need_el(root.find("cac:LegalMonetaryTotal", UBL), what, "LegalMonetaryTotal")
    adjustments = _adjustments(root.findall("cac:AllowanceCharge", UBL), what, True)
    _check_sums(money, "cbc", UBL, currency, what, adjustments)
    lines = [_en_line(el, i, what, True, credit=True) for i, el in enumerate(root.findall("cac:CreditNoteLine", UBL), 1)]
    totals = (_amount(money, "cbc:TaxExclusiveAmount", UBL, currency, what),
              _amount(root, "cac:TaxTotal/cbc:TaxAmount", UBL, currency, what),
              _amount(money, "cbc:TaxInclusiveAmount", UBL, currency, what))
    seller, buyer = _ubl_party(root, "AccountingSupplierParty", what), _ubl_party(root, "AccountingCustomerParty", what)
    read = _finish("ubl", what, number, issued, currency, seller, buyer, "", lines, totals,
                   ("TaxExclusiveAmount", "TaxTotal/TaxAmount", "TaxInclusiveAmount"), adjustments)
    return _as_credit_note(read, "ubl-credit", _billing_refs(root))
