"""ZUGFeRD 1.0 (root CrossIndustryDocument, namespace urn:ferd:CrossIndustryDocument:invoice:1p0),
read as the CII it became: the same model under other names.

ZUGFeRD 1.0 (2014) is UN/CEFACT CII of schema version D13B with its own root and namespaces;
ZUGFeRD 2 / Factur-X use D16B. The tree is copied with each element renamed to its D16B
counterpart (the document, the transaction, the header's and the lines' agreement, delivery and
settlement, the sums, ApplicablePercent, the order reference's ID), and then read by the CII
reader with all of its checks. Elements that have no counterpart are copied as they are and,
being unknown to the reader, ignored.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from boclerk.formats.einvoice.common import _RSM, CII

NAMESPACE = "urn:ferd:CrossIndustryDocument:invoice:1p0"
_RAM12 = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
_UDT15 = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15"
_NS = {NAMESPACE: _RSM, _RAM12: CII["ram"], _UDT15: CII["udt"]}

#: ZUGFeRD 1.0 local names and their D16B counterparts, wherever they stand.
_NAMES = {
    "CrossIndustryDocument": "CrossIndustryInvoice",
    "SpecifiedExchangedDocumentContext": "ExchangedDocumentContext",
    "HeaderExchangedDocument": "ExchangedDocument",
    "SpecifiedSupplyChainTradeTransaction": "SupplyChainTradeTransaction",
    "ApplicableSupplyChainTradeAgreement": "ApplicableHeaderTradeAgreement",
    "ApplicableSupplyChainTradeDelivery": "ApplicableHeaderTradeDelivery",
    "ApplicableSupplyChainTradeSettlement": "ApplicableHeaderTradeSettlement",
    "SpecifiedSupplyChainTradeAgreement": "SpecifiedLineTradeAgreement",
    "SpecifiedSupplyChainTradeDelivery": "SpecifiedLineTradeDelivery",
    "SpecifiedSupplyChainTradeSettlement": "SpecifiedLineTradeSettlement",
    "ApplicablePercent": "RateApplicablePercent",
}
#: Names whose counterpart depends on the parent's (ZUGFeRD 1.0) local name.
_BY_PARENT = {
    ("ApplicableSupplyChainTradeSettlement", "SpecifiedTradeSettlementMonetarySummation"):
        "SpecifiedTradeSettlementHeaderMonetarySummation",
    ("SpecifiedSupplyChainTradeSettlement", "SpecifiedTradeSettlementMonetarySummation"):
        "SpecifiedTradeSettlementLineMonetarySummation",
    ("BuyerOrderReferencedDocument", "ID"): "IssuerAssignedID",
}


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _rename(el: Element, parent_local: str) -> Element:
    ns, local = _split(el.tag)
    new_local = _BY_PARENT.get((parent_local, local)) or _NAMES.get(local, local)
    out = Element(f"{{{_NS.get(ns, ns)}}}{new_local}" if ns else new_local, dict(el.attrib))
    out.text, out.tail = el.text, el.tail
    out.extend(_rename(child, local) for child in el)
    return out


def as_cii(root: Element) -> Element:
    """The ZUGFeRD 1.0 tree as a D16B CrossIndustryInvoice tree (a copy; the original is untouched)."""
    return _rename(root, "")
