"""What every e-invoice reader shares: the plain :class:`Invoice`, namespaces and code lists,
the defused XML parser, and the checks that make an invoice's figures agree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from xml.etree.ElementTree import Element


from boclerk.errors import InvalidInput
from boclerk.i18n import _

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
class Adjustment:
    """A document-level allowance (a discount: net < 0) or charge (freight, packing: net > 0)."""

    charge: bool
    reason: str  # the supplier's words, else its reason code, else ''
    net: Decimal  # signed: an allowance is negative
    vat_rate: Decimal | None
    vat: Decimal  # signed as net


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
    adjustments: tuple[Adjustment, ...] = ()  # document-level allowances and charges
    payable: Decimal | None = None  # what is left to pay (gross less prepaid), if the invoice says
    correction: str = ""  # a corrected UPD's correction number (ИспрДок/@НомИспр), else ''
    seller_country: str = ""  # the seller's address country (ISO 3166 alpha-2) if the document gives it


@dataclass(frozen=True)
class NoteLine:
    """What a correction changes of one line: signed (a decrease is negative)."""

    line_no: int
    name: str
    seller_code: str
    vat_rate: Decimal | None  # percent; None for "без НДС"
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Note:
    """A supplier's correction of invoices it issued: a УКД (КНД 1115127/1115133) or a UBL credit
    note. Its lines are the changes, signed: a decrease (a credit) is negative. A УКД may both
    lower some lines and raise others."""

    format: str  # "ukd", "ubl-credit", "cii-credit", "facturx-credit", "zugferd1-credit"
    number: str
    issued: date
    currency: str
    seller_name: str
    seller_tax_id: str
    buyer_name: str
    buyer_tax_id: str
    invoices: tuple[str, ...]  # the numbers of the invoices it corrects
    lines: tuple[NoteLine, ...]
    total_net: Decimal  # signed: increases less decreases
    total_vat: Decimal
    seller_country: str = ""  # the seller's address country (ISO 3166 alpha-2) if the document gives it


def _dec(value: str | None, what: str, field: str) -> Decimal:
    text = (value or "").strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.fullmatch(text):
        raise InvalidInput(_("{what}: {field} is not a number ({value!r}).").format(what=what, field=field, value=(value or '')[:40]))
    return Decimal(text.replace(",", "."))


def _opt_dec(value: str | None, what: str, field: str) -> Decimal | None:
    return None if value is None or value.strip() in ("", "-") else _dec(value, what, field)


def _need(value: str | None, what: str, field: str) -> str:
    if value is None or not value.strip():
        raise InvalidInput(_("{what} has no {field}.").format(what=what, field=field))
    return value.strip()


def _need_el(el: Element | None, what: str, field: str) -> Element:
    if el is None:
        raise InvalidInput(_("{what} has no {field} element.").format(what=what, field=field))
    return el


def _date(value: str, fmt: str, what: str, field: str) -> date:
    try:
        return datetime.strptime(value.strip(), fmt).date()
    except ValueError:
        raise InvalidInput(_("{what}: {field} is not a date ({value!r}).").format(what=what, field=field, value=value[:20])) from None


_XSD_DATE = re.compile(r"(-?[0-9]{4,}-[0-9]{2}-[0-9]{2})(?:T[0-9:.]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?")


def _xsd_date(value: str, what: str, field: str) -> date:
    """An xsd:date or xsd:dateTime as the schema defines them: '2016-04-04', '2016-04-04+01:00',
    '2016-04-04Z', '2016-04-04T10:00:00+01:00'; the date as written (a time zone does not move it)."""
    found = _XSD_DATE.fullmatch(value.strip())
    if found is None:
        raise InvalidInput(_("{what}: {field} is not a date ({value!r}); expected YYYY-MM-DD.").format(what=what, field=field, value=value[:30]))
    return _date(found.group(1), "%Y-%m-%d", what, field)


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
            raise InvalidInput(_("{what} has no {field}.").format(what=what, field=field))
    if net + vat != gross:
        raise InvalidInput(_("{what}: {names} {net} plus {names2} {vat} is not {names3} {gross}.").format(what=what, names=names[0], net=net, names2=names[1], vat=vat, names3=names[2], gross=gross))
    return net, vat, gross


def _finish(fmt, what, number, issued, currency, seller, buyer, order, lines, totals, names,
            adjustments: tuple[Adjustment, ...] = (), payable: Decimal | None = None) -> Invoice:
    if not lines:
        raise InvalidInput(_("{what} has no invoice lines.").format(what=what))
    label = _("{what} (invoice {number})").format(what=what, number=number)
    net, vat, gross = _complete(*totals, label, names)
    tolerance = CENT * (len(lines) + len(adjustments))
    sums = [sum((getattr(x, f) for x in lines), Decimal(0)) for f in ("net", "vat", "gross")]
    for adj in adjustments:
        sums = [sums[0] + adj.net, sums[1] + adj.vat, sums[2] + adj.net + adj.vat]
    after = _(" after the allowances and charges") if adjustments else ""
    if sums[0] != net:
        raise InvalidInput(_("{label}: the lines' net amounts{after} add up to {sums} but {names} is {net}.").format(label=label, after=after, sums=sums[0], names=names[0], net=net))
    if abs(sums[1] - vat) > tolerance:
        raise InvalidInput(_("{label}: the lines' VAT adds up to {sums} but {names} is {vat}.").format(label=label, sums=sums[1], names=names[1], vat=vat))
    if abs(sums[2] - gross) > tolerance:
        raise InvalidInput(_("{label}: the lines' gross amounts add up to {sums} but {names} is {gross}.").format(label=label, sums=sums[2], names=names[2], gross=gross))
    return Invoice(fmt, number, issued, currency, seller[0], seller[1], buyer[0], buyer[1], order,
                   tuple(lines), net, vat, gross, tuple(adjustments), payable,
                   seller_country=seller[2] if len(seller) > 2 else "")
