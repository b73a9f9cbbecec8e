"""Supplier e-invoices read into one plain :class:`Invoice` (DESIGN.md sections 2 and 5).

Formats: the UPD of the Russian Federal Tax Service (XML 5.01-5.03, КНД 1115131, Функция
СЧФ/СЧФДОП/ДОП), UN/CEFACT CII, Factur-X/ZUGFeRD (CII inside a PDF, taken out with the
factur-x library) and UBL 2.1 Invoice. XML is parsed with defusedxml; a DTD is refused.

Amounts are Decimal, never float. A UPD line carries its own VAT; CII and UBL give only a
rate per line, so a line's VAT here is net * rate / 100 rounded half-up to 0.01. Checks:
net + VAT = gross per line and in the totals; the lines' nets add up to the total net
exactly; the lines' VAT and gross are within 0.01 per line of the totals (documents round
VAT per rate group). Credit notes, corrective UPDs and document-level allowances/charges
are refused rather than read wrongly. Every problem is one InvalidInput sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from boclerk.errors import InvalidInput
from boclerk.formats.structure import check_markup

__all__ = ["Invoice", "InvoiceLine", "detect_invoice", "read_invoice"]

CENT = Decimal("0.01")
_RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
_UBL = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
_UBL_CN = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CII = {"rsm": _RSM, "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
       "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
UBL = {"inv": _UBL, "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
       "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
# UNTDID 1001 codes of credit notes (the same list the factur-x library uses).
CREDIT_CODES = frozenset("81 83 261 262 296 308 381 396 420 458 502 503 532".split())
OKV = {"643": "RUB", "810": "RUB", "840": "USD", "978": "EUR", "156": "CNY", "933": "BYN",
       "398": "KZT", "051": "AMD", "417": "KGS", "860": "UZS", "949": "TRY", "784": "AED"}
OKEI = {"796": "шт", "166": "кг", "163": "г", "112": "л", "111": "мл", "006": "м", "055": "м2",
        "113": "м3", "778": "упак", "715": "пар", "704": "набор", "356": "ч", "839": "компл"}
_NUMBER = re.compile(r"[+-]?[0-9]{1,20}(?:[.,][0-9]{1,12})?")
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["'][^"']+["']""")


@dataclass(frozen=True)
class InvoiceLine:
    line_no: int
    name: str
    seller_code: str  # the supplier's article/SKU if given, else ''
    quantity: Decimal
    unit: str  # as the supplier wrote it: UPD unit name (or OKEI code), CII/UBL UN/ECE rec. 20 code
    unit_price: Decimal  # net price per unit
    net: Decimal
    vat_rate: Decimal | None  # percent, e.g. Decimal('20'); None for "без НДС" / no rate given
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True)
class Invoice:
    format: str  # "upd", "facturx", "cii", "ubl"
    number: str
    issued: date
    currency: str
    seller_name: str
    seller_tax_id: str
    buyer_name: str
    buyer_tax_id: str
    order_reference: str  # the buyer's order / PO number if given, else ''
    lines: tuple[InvoiceLine, ...]
    total_net: Decimal
    total_vat: Decimal
    total_gross: Decimal


# --- entry points ------------------------------------------------------------------------

def detect_invoice(data: bytes) -> str | None:
    """"upd", "facturx", "cii" or "ubl" if ``data`` looks like one of them, else None."""
    try:
        if _is_pdf(data):
            _facturx_xml(data, "invoice", 50 * 1024 * 1024)
            return "facturx"
        return _kind(_parse_xml(data, "invoice"))
    except InvalidInput:
        return None


def read_invoice(data: bytes, *, name: str = "invoice", max_bytes: int = 50 * 1024 * 1024) -> Invoice:
    """Read one supplier invoice; InvalidInput with one sentence if it cannot be trusted."""
    if len(data) > max_bytes:
        limit = f"{max_bytes // 1048576} MB" if max_bytes >= 1048576 else f"{max_bytes} bytes"
        raise InvalidInput(f"{name} is larger than the {limit} allowed for an e-invoice.")
    if _is_pdf(data):
        root = _parse_xml(_facturx_xml(data, name, max_bytes), f"The invoice XML inside {name}")
        if _kind(root) != "cii":
            raise InvalidInput(f"{name} carries an XML that is not a CII (Factur-X/ZUGFeRD) invoice.")
        return _read_cii(root, name, "facturx")
    root = _parse_xml(data, name)
    if kind := _kind(root):
        return _read_cii(root, name, "cii") if kind == "cii" else {"upd": _read_upd, "ubl": _read_ubl}[kind](root, name)
    if root.tag == f"{{{_UBL_CN}}}CreditNote":
        raise InvalidInput(f"{name} is a UBL credit note; boclerk reads only invoices.")
    if root.tag == "Файл":
        raise InvalidInput(f"{name} is not a UPD (КНД 1115131); corrective UPDs and other forms are not read.")
    local = root.tag.rpartition("}")[2]
    raise InvalidInput(f"{name} is not a UPD, CII, Factur-X or UBL invoice (its root element is {local}).")


# --- plumbing ----------------------------------------------------------------------------

def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _kind(root: Element) -> str | None:
    if root.tag == "Файл":
        doc = root.find("Документ")
        return "upd" if doc is not None and doc.get("КНД") == "1115131" else None
    return {f"{{{_RSM}}}CrossIndustryInvoice": "cii", f"{{{_UBL}}}Invoice": "ubl"}.get(root.tag)


def _parse_xml(data: bytes, what: str) -> Element:
    """Parse with defusedxml, no DTD; bytes without a declared encoding may be cp1251."""
    check_markup(data, what)
    source: bytes | str = data
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and not _DECL_ENCODING.match(data):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            source = data.decode("cp1251", errors="replace")
    try:
        return fromstring(source, forbid_dtd=True)
    except DefusedXmlException:
        raise InvalidInput(f"{what} declares a DTD or entities (a possible XML bomb or external entity); "
                           "boclerk refuses it.") from None
    except ParseError as exc:
        raise InvalidInput(f"{what} is not well-formed XML (line {exc.position[0]}).") from None
    except (ValueError, LookupError, UnicodeError):
        raise InvalidInput(f"{what} is not well-formed XML.") from None


def _facturx_xml(data: bytes, what: str, max_bytes: int) -> bytes:
    """The CII XML embedded in a Factur-X/ZUGFeRD PDF (factur-x does the PDF side)."""
    from facturx import get_facturx_xml_from_pdf, get_xml_from_pdf
    from pypdf import PdfReader

    try:
        encrypted = PdfReader(BytesIO(data)).is_encrypted
    except Exception:
        raise InvalidInput(f"{what} is not a readable PDF.") from None
    if encrypted:  # PDF/A-3, which Factur-X requires, forbids encryption anyway
        raise InvalidInput(f"{what} is an encrypted PDF; boclerk cannot read it.")
    try:
        # check_xsd=False: the fields are validated below, with sentences a clerk can act on.
        xml = get_facturx_xml_from_pdf(data, check_xsd=False)[1]
        if not xml:  # e.g. xrechnung.xml or an older ZUGFeRD name
            xml = get_xml_from_pdf(data, check_xsd=False)[1]
    except Exception:
        raise InvalidInput(f"{what} is not a readable PDF.") from None
    if not xml:
        raise InvalidInput(f"{what} is a PDF without an embedded Factur-X or ZUGFeRD invoice.")
    if len(xml) > max_bytes:
        raise InvalidInput(f"The invoice XML inside {what} is larger than the size allowed.")
    return bytes(xml)


def _dec(value: str | None, what: str, field: str) -> Decimal:
    text = (value or "").strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.fullmatch(text):
        raise InvalidInput(f"{what}: {field} is not a number ({(value or '')[:40]!r}).")
    return Decimal(text.replace(",", "."))


def _opt_dec(value: str | None, what: str, field: str) -> Decimal | None:
    return None if value is None or value.strip() in ("", "-") else _dec(value, what, field)


def _need(value: str | None, what: str, field: str) -> str:
    if value is None or not value.strip():
        raise InvalidInput(f"{what} has no {field}.")
    return value.strip()


def _need_el(el: Element | None, what: str, field: str) -> Element:
    if el is None:
        raise InvalidInput(f"{what} has no {field} element.")
    return el


def _date(value: str, fmt: str, what: str, field: str) -> date:
    try:
        return datetime.strptime(value.strip(), fmt).date()
    except ValueError:
        raise InvalidInput(f"{what}: {field} is not a date ({value[:20]!r}).") from None


def _vat_of(net: Decimal, rate: Decimal | None) -> Decimal:
    """The one rounding rule: half-up to 0.01 of net * rate / 100."""
    return Decimal("0.00") if rate is None else (net * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _complete(net, vat, gross, what: str, names: tuple[str, str, str], rate=None, by_rate=False):
    """Fill the one missing amount of (net, vat, gross); a UPD line may also give only net and rate."""
    if vat is None and net is not None and gross is not None:
        vat = gross - net
    elif vat is None and net is not None and by_rate:
        vat = _vat_of(net, rate)
    if net is None and vat is not None and gross is not None:
        net = gross - vat
    if gross is None and net is not None and vat is not None:
        gross = net + vat
    for value, field in zip((net, vat, gross), names, strict=True):
        if value is None:
            raise InvalidInput(f"{what} has no {field}.")
    if net + vat != gross:
        raise InvalidInput(f"{what}: {names[0]} {net} plus {names[1]} {vat} is not {names[2]} {gross}.")
    return net, vat, gross


def _finish(fmt, what, number, issued, currency, seller, buyer, order, lines, totals, names) -> Invoice:
    if not lines:
        raise InvalidInput(f"{what} has no invoice lines.")
    label = f"{what} (invoice {number})"
    net, vat, gross = _complete(*totals, label, names)
    tolerance = CENT * len(lines)
    sums = [sum((getattr(x, f) for x in lines), Decimal(0)) for f in ("net", "vat", "gross")]
    if sums[0] != net:
        raise InvalidInput(f"{label}: the lines' net amounts add up to {sums[0]} but {names[0]} is {net}.")
    if abs(sums[1] - vat) > tolerance:
        raise InvalidInput(f"{label}: the lines' VAT adds up to {sums[1]} but {names[1]} is {vat}.")
    if abs(sums[2] - gross) > tolerance:
        raise InvalidInput(f"{label}: the lines' gross amounts add up to {sums[2]} but {names[2]} is {gross}.")
    return Invoice(fmt, number, issued, currency, seller[0], seller[1], buyer[0], buyer[1], order,
                   tuple(lines), net, vat, gross)


# --- UPD (ФНС 5.01-5.03) -------------------------------------------------------------------

def _upd_rate(text: str, what: str) -> Decimal | None:
    t = " ".join(text.lower().split())
    if t in ("без ндс", "ндс исчисляется налоговым агентом"):
        return None
    if m := re.fullmatch(r"([0-9]{1,2}(?:[.,][0-9]{1,2})?) ?%", t):
        return Decimal(m[1].replace(",", "."))
    if m := re.fullmatch(r"([0-9]{1,2})/1[0-9]{2}", t):  # settlement rates 10/110, 20/120 ...
        return Decimal(m[1])
    raise InvalidInput(f"{what}: НалСт {text[:40]!r} is not a VAT rate boclerk knows.")


def _upd_vat(el: Element | None, what: str, field: str) -> Decimal | None:
    """СумНал/СумНал as a number, БезНДС as 0, ДефНДС ('-') or nothing as None."""
    if el is None:
        return None
    amount = el.find("СумНал")
    if amount is not None and (amount.text or "").strip():
        return _dec(amount.text, what, field)
    return Decimal(0) if el.find("БезНДС") is not None else None


def _upd_party(sf: Element, tag: str, what: str) -> tuple[str, str]:
    ids = _need_el(sf.find(f"{tag}/ИдСв"), what, f"{tag}/ИдСв")
    if (org := ids.find("СвЮЛУч")) is not None:
        return _need(org.get("НаимОрг"), what, f"{tag}/ИдСв/СвЮЛУч/@НаимОрг"), (org.get("ИННЮЛ") or "").strip()
    for person_tag, prefix in (("СвИП", "ИП "), ("СвФЛУч", "")):
        if (person := ids.find(person_tag)) is not None:
            fio = _need_el(person.find("ФИО"), what, f"{tag}/ИдСв/{person_tag}/ФИО")
            parts = [(fio.get(a) or "").strip() for a in ("Фамилия", "Имя", "Отчество")]
            _need(parts[0], what, f"{tag}/ИдСв/{person_tag}/ФИО/@Фамилия")
            return prefix + " ".join(p for p in parts if p), (person.get("ИННФЛ") or "").strip()
    if (foreign := ids.find("СвИнНеУч")) is not None:
        name = _need(foreign.get("НаимОрг"), what, f"{tag}/ИдСв/СвИнНеУч/@НаимОрг")
        return name, (foreign.get("Идентиф") or foreign.get("ИННЮЛ") or "").strip()
    raise InvalidInput(f"{what} has no {tag}/ИдСв/СвЮЛУч or СвИП element.")


def _upd_order(doc: Element) -> str:
    """Order number from ИнфПолФХЖ1/ТекстИнф (Идентиф about an order) or ОснПер named "заказ".

    СвПРД is deliberately not read: it names the payment document, not the order.
    """
    for info in doc.iter("ИнфПолФХЖ1"):
        for item in info.findall("ТекстИнф"):
            key = (item.get("Идентиф") or "").lower()
            if ("заказ" in key or "order" in key or key in ("po", "ponumber")) and (item.get("Значен") or "").strip():
                return item.get("Значен", "").strip()
    for basis in doc.iter("ОснПер"):
        kind = (basis.get("РеквНаимДок") or basis.get("НаимОсн") or "").lower()
        number = (basis.get("РеквНомерДок") or basis.get("НомОсн") or "").strip()
        if "заказ" in kind and number:
            return number
    return ""


def _upd_line(el: Element, what: str) -> InvoiceLine:
    no_text = _need(el.get("НомСтр"), what, "СведТов/@НомСтр")
    if not no_text.isdigit() or len(no_text) > 9:
        raise InvalidInput(f"{what}: НомСтр {no_text[:20]!r} is not a line number.")
    at = f"{what}, line {no_text}"
    extra = el.find("ДопСведТов")
    extra_get = extra.get if extra is not None else (lambda key, default=None: default)
    okei = (el.get("ОКЕИ_Тов") or "").strip()
    unit = (el.get("НаимЕдИзм") or extra_get("НаимЕдИзм") or OKEI.get(okei.zfill(3)) or okei).strip()
    quantity = _opt_dec(el.get("КолТов"), at, "КолТов")
    quantity = Decimal(1) if quantity is None else quantity  # services may give no quantity
    rate = _upd_rate(_need(el.get("НалСт"), at, "НалСт"), at)
    net, vat, gross = _complete(_opt_dec(el.get("СтТовБезНДС"), at, "СтТовБезНДС"),
                                _upd_vat(el.find("СумНал"), at, "СумНал"),
                                _opt_dec(el.get("СтТовУчНал"), at, "СтТовУчНал"),
                                at, ("СтТовБезНДС", "СумНал", "СтТовУчНал"), rate, by_rate=True)
    price = _opt_dec(el.get("ЦенаТов"), at, "ЦенаТов")
    if price is None:
        price = net if quantity in (0, 1) else (net / quantity).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return InvoiceLine(int(no_text), _need(el.get("НаимТов"), at, "НаимТов"), (extra_get("КодТов") or "").strip(),
                       quantity, unit, price, net, rate, vat, gross)


def _read_upd(root: Element, what: str) -> Invoice:
    version = root.get("ВерсФорм", "")
    if version not in ("5.01", "5.02", "5.03"):
        raise InvalidInput(f"{what} is a UPD of format {version or 'unknown'}; boclerk reads formats 5.01 to 5.03.")
    doc = _need_el(root.find("Документ"), what, "Документ")
    function = doc.get("Функция", "")
    if function not in ("СЧФ", "СЧФДОП", "ДОП"):
        raise InvalidInput(f"{what} is a UPD with Функция {function or 'missing'!r}; boclerk reads СЧФ, СЧФДОП and ДОП.")
    sf = _need_el(doc.find("СвСчФакт"), what, "Документ/СвСчФакт")
    number = _need(sf.get("НомерДок") or sf.get("НомерСчФ"), what, "СвСчФакт/@НомерДок")
    issued = _date(_need(sf.get("ДатаДок") or sf.get("ДатаСчФ"), what, "СвСчФакт/@ДатаДок"), "%d.%m.%Y",
                   what, "ДатаДок")
    money = sf.find("ДенИзм")
    okv = _need(money.get("КодОКВ") if money is not None else sf.get("КодОКВ"), what, "ДенИзм/@КодОКВ")
    if okv not in OKV:
        raise InvalidInput(f"{what}: currency code {okv[:10]!r} (КодОКВ) is not one boclerk knows.")
    seller, buyer = _upd_party(sf, "СвПрод", what), _upd_party(sf, "СвПокуп", what)
    table = _need_el(doc.find("ТаблСчФакт"), what, "ТаблСчФакт")
    lines = [_upd_line(el, what) for el in table.findall("СведТов")]
    total = _need_el(table.find("ВсегоОпл"), what, "ТаблСчФакт/ВсегоОпл")
    totals = (_opt_dec(total.get("СтТовБезНДСВсего"), what, "СтТовБезНДСВсего"),
              _upd_vat(total.find("СумНалВсего"), what, "СумНалВсего"),
              _opt_dec(total.get("СтТовУчНалВсего"), what, "СтТовУчНалВсего"))
    return _finish("upd", what, number, issued, OKV[okv], seller, buyer, _upd_order(doc), lines, totals,
                   ("СтТовБезНДСВсего", "СумНалВсего", "СтТовУчНалВсего"))


# --- CII / Factur-X ----------------------------------------------------------------------------

def _text(el: Element | None, path: str, ns: dict[str, str]) -> str:
    found = el.find(path, ns) if el is not None else None
    return (found.text or "").strip() if found is not None else ""


def _amount(parent: Element, path: str, ns: dict[str, str], currency: str, what: str) -> Decimal | None:
    """An amount element; of several (tax currency too), the one in the invoice currency."""
    found = parent.findall(path, ns)
    found = [e for e in found if e.get("currencyID") in (None, currency)] or found
    return _opt_dec(found[0].text, what, path.rsplit(":", 1)[-1]) if found else None


def _no_allowances(sums: Element, prefix: str, ns: dict[str, str], currency: str, what: str) -> None:
    for extra in ("AllowanceTotalAmount", "ChargeTotalAmount"):
        if _amount(sums, f"{prefix}:{extra}", ns, currency, what) not in (None, 0):
            raise InvalidInput(f"{what} has document-level allowances or charges ({extra}); boclerk cannot read them.")


def _cii_party(agreement: Element, tag: str, what: str) -> tuple[str, str]:
    party = _need_el(agreement.find(f"ram:{tag}", CII), what, tag)
    name = _need(_text(party, "ram:Name", CII), what, f"{tag}/Name")
    regs = party.findall("ram:SpecifiedTaxRegistration/ram:ID", CII)
    regs.sort(key=lambda e: {"VA": 0, "FC": 1}.get(e.get("schemeID", ""), 2))
    return name, (regs[0].text or "").strip() if regs else ""


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


def _en_line(el: Element, index: int, what: str, ubl: bool) -> InvoiceLine:
    """One CII or UBL line; VAT = net * rate / 100 half-up to 0.01 (the syntaxes give only the rate)."""
    ns, path = (UBL if ubl else CII), {key: paths[ubl] for key, paths in _LINE.items()}
    line_id = _text(el, path["id"], ns)
    at = f"{what}, line {line_id or index}"

    def number(key: str, required: bool = True) -> Decimal | None:
        found = el.find(path[key], ns)
        if found is None and required:
            raise InvalidInput(f"{at} has no {_short(path[key])} element.")
        return _opt_dec(found.text, at, _short(path[key])) if found is not None else None

    quantity, price, net = number("qty"), number("price"), number("net")
    if None in (quantity, price, net):
        raise InvalidInput(f"{at} has an empty quantity, price or net amount.")
    if (basis := number("basis", False)) not in (None, 0, 1):
        price = (price / basis).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    rate, unit = number("rate", False), el.find(path["qty"], ns).get("unitCode", "").strip()
    vat = _vat_of(net, rate)
    return InvoiceLine(int(line_id) if line_id.isdigit() and len(line_id) < 10 else index,
                       _need(_text(el, path["name"], ns), at, _short(path["name"])), _text(el, path["code"], ns),
                       quantity, unit, price, net, rate, vat, net + vat)


def _read_cii(root: Element, what: str, fmt: str) -> Invoice:
    doc = _need_el(root.find("rsm:ExchangedDocument", CII), what, "ExchangedDocument")
    number = _need(_text(doc, "ram:ID", CII), what, "ExchangedDocument/ID")
    if _text(doc, "ram:TypeCode", CII) in CREDIT_CODES:
        raise InvalidInput(f"{what} is a credit note (TypeCode {_text(doc, 'ram:TypeCode', CII)}); "
                           "boclerk reads only invoices.")
    stamp = _need_el(doc.find("ram:IssueDateTime/udt:DateTimeString", CII), what, "IssueDateTime/DateTimeString")
    if stamp.get("format", "102") != "102":
        raise InvalidInput(f"{what}: IssueDateTime is in format {stamp.get('format')!r}, not 102 (YYYYMMDD).")
    issued = _date(stamp.text or "", "%Y%m%d", what, "IssueDateTime")
    trade = _need_el(root.find("rsm:SupplyChainTradeTransaction", CII), what, "SupplyChainTradeTransaction")
    agreement = _need_el(trade.find("ram:ApplicableHeaderTradeAgreement", CII), what, "ApplicableHeaderTradeAgreement")
    settle = _need_el(trade.find("ram:ApplicableHeaderTradeSettlement", CII), what, "ApplicableHeaderTradeSettlement")
    currency = _need(_text(settle, "ram:InvoiceCurrencyCode", CII), what, "InvoiceCurrencyCode")
    sums = _need_el(settle.find("ram:SpecifiedTradeSettlementHeaderMonetarySummation", CII), what,
                    "SpecifiedTradeSettlementHeaderMonetarySummation")
    _no_allowances(sums, "ram", CII, currency, what)
    lines = [_en_line(item, i, what, False)
             for i, item in enumerate(trade.findall("ram:IncludedSupplyChainTradeLineItem", CII), 1)]
    if not lines:
        raise InvalidInput(f"{what} has no invoice lines (Factur-X MINIMUM and BASIC WL carry none); "
                           "ask the supplier for the EN 16931 profile.")
    totals = tuple(_amount(sums, f"ram:{f}", CII, currency, what)
                   for f in ("TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount"))
    return _finish(fmt, what, number, issued, currency, _cii_party(agreement, "SellerTradeParty", what),
                   _cii_party(agreement, "BuyerTradeParty", what),
                   _text(agreement, "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", CII), lines, totals,
                   ("TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount"))


# --- UBL 2.1 ---------------------------------------------------------------------------------

def _ubl_party(root: Element, tag: str, what: str) -> tuple[str, str]:
    party = _need_el(root.find(f"cac:{tag}/cac:Party", UBL), what, f"{tag}/Party")
    name = _text(party, "cac:PartyLegalEntity/cbc:RegistrationName", UBL) or _text(party, "cac:PartyName/cbc:Name", UBL)
    schemes = party.findall("cac:PartyTaxScheme", UBL)
    schemes.sort(key=lambda s: _text(s, "cac:TaxScheme/cbc:ID", UBL) != "VAT")
    return _need(name, what, f"{tag}/Party/PartyLegalEntity/RegistrationName"), \
        _text(schemes[0], "cbc:CompanyID", UBL) if schemes else ""


def _read_ubl(root: Element, what: str) -> Invoice:
    number = _need(_text(root, "cbc:ID", UBL), what, "cbc:ID")
    if (code := _text(root, "cbc:InvoiceTypeCode", UBL)) in CREDIT_CODES:
        raise InvalidInput(f"{what} is a credit note (InvoiceTypeCode {code}); boclerk reads only invoices.")
    issued = _date(_need(_text(root, "cbc:IssueDate", UBL), what, "cbc:IssueDate"), "%Y-%m-%d", what, "IssueDate")
    currency = _need(_text(root, "cbc:DocumentCurrencyCode", UBL), what, "cbc:DocumentCurrencyCode")
    money = _need_el(root.find("cac:LegalMonetaryTotal", UBL), what, "LegalMonetaryTotal")
    _no_allowances(money, "cbc", UBL, currency, what)
    lines = [_en_line(el, i, what, True) for i, el in enumerate(root.findall("cac:InvoiceLine", UBL), 1)]
    totals = (_amount(money, "cbc:TaxExclusiveAmount", UBL, currency, what),
              _amount(root, "cac:TaxTotal/cbc:TaxAmount", UBL, currency, what),
              _amount(money, "cbc:TaxInclusiveAmount", UBL, currency, what))
    return _finish("ubl", what, number, issued, currency, _ubl_party(root, "AccountingSupplierParty", what),
                   _ubl_party(root, "AccountingCustomerParty", what),
                   _text(root, "cac:OrderReference/cbc:ID", UBL), lines, totals,
                   ("TaxExclusiveAmount", "TaxTotal/TaxAmount", "TaxInclusiveAmount"))
