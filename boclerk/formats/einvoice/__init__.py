"""Supplier e-invoices read into one plain :class:`Invoice` (DESIGN.md sections 2 and 5).

Formats: the UPD of the Russian Federal Tax Service (XML 5.01-5.03, КНД 1115131, Функция
СЧФ/СЧФДОП/ДОП), UN/CEFACT CII, Factur-X/ZUGFeRD (CII inside a PDF, taken out with the
factur-x library), ZUGFeRD 1.0 (CrossIndustryDocument, as XML or inside a PDF: read as the CII it
became) and UBL 2.1 Invoice. Corrections of invoices already issued are read into a
:class:`Note`: the УКД (КНД 1115127/1115133), the UBL 2.1 CreditNote and a CII, Factur-X or UBL
invoice of type 381 or 396 (a credit note; InvoiceReferencedDocument or BillingReference names the
invoices it corrects). XML is parsed with
defusedxml; a DTD is refused.

Amounts are Decimal, never float. A UPD line carries its own VAT; CII and UBL give only a
rate per line, so a line's VAT here is net * rate / 100 rounded half-up to 0.01. Checks:
net + VAT = gross per line and in the totals; the lines' nets add up to the total net
exactly; the lines' VAT and gross are within 0.01 per line of the totals (documents round
VAT per rate group). Document-level allowances and charges (EN 16931 BG-20/BG-21) are read with their VAT rate
and count in the totals; line-level ones are already inside a line's net. Other credit codes
(self-billed 261 ...) and Russian forms other than the UPD and the УКД are refused by name, saying
what to do instead, rather than read wrongly or filed as "other". Every problem is one
InvalidInput sentence.
"""

from __future__ import annotations

from io import BytesIO
from xml.etree.ElementTree import Element

from boclerk.errors import InvalidInput
from boclerk.formats.einvoice.common import (
    _RSM,
    _UBL,
    _UBL_CN,
    Invoice,
    InvoiceLine,
    Note,
    NoteLine,
)
from boclerk.formats.einvoice.en16931 import _read_cii, _read_ubl, _read_ubl_credit
from boclerk.formats.einvoice.ukd import KND as UKD_KND
from boclerk.formats.einvoice.ukd import read_ukd
from boclerk.formats.einvoice.upd import _read_upd
from boclerk.formats.einvoice.zugferd1 import as_cii
from boclerk.formats.xmlsafe import parse_xml
from boclerk.i18n import N_, _

__all__ = ["Invoice", "InvoiceLine", "Note", "NoteLine", "detect_invoice", "read_invoice"]


# --- entry points ------------------------------------------------------------------------

_ZUGFERD1 = "urn:ferd:CrossIndustryDocument:invoice:1p0"
_TRY_INSTEAD = N_("to keep it as a plain document, register it with --type other")


def detect_invoice(data: bytes) -> str | None:
    """"upd", "ukd", "facturx", "cii", "zugferd1", "ubl" or "ubl-credit" if ``data`` looks like one of
    them; "refused" for a Russian form boclerk recognises and refuses by name; None for anything else."""
    try:
        if _is_pdf(data):
            _facturx_xml(data, "invoice", 50 * 1024 * 1024)
            return "facturx"
        root = parse_xml(data, "invoice")
    except InvalidInput:
        return None
    return _kind(root) or _refused_kind(root)


def _refused_kind(root: Element) -> str | None:
    known = ("Файл",)
    return "refused" if root.tag in known else None


def read_invoice(data: bytes, *, name: str = "invoice", max_bytes: int = 50 * 1024 * 1024) -> Invoice | Note:
    """Read one supplier invoice, or a correction of invoices (a УКД, a UBL credit note) as a :class:`Note`;
    InvalidInput with one sentence if it cannot be trusted."""
    if len(data) > max_bytes:
        limit = _("{n} MB").format(n=max_bytes // 1048576) if max_bytes >= 1048576 else _("{max_bytes} bytes").format(max_bytes=max_bytes)
        raise InvalidInput(_("{name} is larger than the {limit} allowed for an e-invoice.").format(name=name, limit=limit))
    if _is_pdf(data):
        root = parse_xml(_facturx_xml(data, name, max_bytes), _("The invoice XML inside {name}").format(name=name))
        if _kind(root) == "zugferd1":
            return _read_cii(as_cii(root), name, "zugferd1")
        if _kind(root) != "cii":
            raise InvalidInput(_("{name} carries an XML that is not a CII (Factur-X/ZUGFeRD) invoice; {try_instead}.").format(name=name, try_instead=_(_TRY_INSTEAD)))
        return _read_cii(root, name, "facturx")
    root = parse_xml(data, name)
    if kind := _kind(root):
        if kind == "cii":
            return _read_cii(root, name, "cii")
        if kind == "zugferd1":
            return _read_cii(as_cii(root), name, "zugferd1")
        return {"upd": _read_upd, "ubl": _read_ubl, "ukd": read_ukd, "ubl-credit": _read_ubl_credit}[kind](root, name)
    if root.tag == "Файл":
        doc = root.find("Документ")
        form = doc.get("КНД", "") if doc is not None else ""
        raise InvalidInput(_("{name} is form КНД {form}, which boclerk does not read (it reads the UPD, КНД 1115131, "
                             "and the УКД, 1115127 and 1115133): enter it by hand; {try_instead}.").format(
            name=name, form=form or _("unknown"), try_instead=_(_TRY_INSTEAD)))
    local = root.tag.rpartition("}")[2]
    raise InvalidInput(_("{name} is not a UPD, CII, Factur-X or UBL invoice (its root element is {local}).").format(name=name, local=local))


# --- plumbing ----------------------------------------------------------------------------

def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _kind(root: Element) -> str | None:
    if root.tag == "Файл":
        doc = root.find("Документ")
        knd = doc.get("КНД") if doc is not None else None
        return "upd" if knd == "1115131" else "ukd" if knd in UKD_KND else None
    return {f"{{{_RSM}}}CrossIndustryInvoice": "cii", f"{{{_UBL}}}Invoice": "ubl",
            f"{{{_ZUGFERD1}}}CrossIndustryDocument": "zugferd1",
            f"{{{_UBL_CN}}}CreditNote": "ubl-credit"}.get(root.tag)



def _facturx_xml(data: bytes, what: str, max_bytes: int) -> bytes:
    """The CII XML embedded in a Factur-X/ZUGFeRD PDF (factur-x does the PDF side)."""
    from facturx import get_facturx_xml_from_pdf, get_xml_from_pdf
    from pypdf import PdfReader

    try:
        encrypted = PdfReader(BytesIO(data)).is_encrypted
    except Exception:
        raise InvalidInput(_("{what} is not a readable PDF.").format(what=what)) from None
    if encrypted:  # PDF/A-3, which Factur-X requires, forbids encryption anyway
        raise InvalidInput(_("{what} is an encrypted PDF; boclerk cannot read it.").format(what=what))
    try:
        # check_xsd=False: the fields are validated below, with sentences a clerk can act on.
        xml = get_facturx_xml_from_pdf(data, check_xsd=False)[1]
        if not xml:  # e.g. xrechnung.xml or an older ZUGFeRD name
            xml = get_xml_from_pdf(data, check_xsd=False)[1]
    except Exception:
        raise InvalidInput(_("{what} is not a readable PDF.").format(what=what)) from None
    if not xml:
        raise InvalidInput(_("{what} is a PDF without an embedded Factur-X or ZUGFeRD invoice.").format(what=what))
    if len(xml) > max_bytes:
        raise InvalidInput(_("The invoice XML inside {what} is larger than the size allowed.").format(what=what))
    return bytes(xml)
