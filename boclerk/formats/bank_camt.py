"""ISO 20022 camt.053 (bank-to-customer statement), any ``camt.053.001.*`` version.

Parsed with defusedxml only, with DTDs forbidden: a camt file never needs one, and a
DTD is how entity bombs and external entities get in. One ``BkToCstmrStmt/Stmt`` per file.
Balances: ``OPBD`` (or ``PRCD``) opening, ``CLBD`` closing. One line per booked ``Ntry``
(entries whose status is not BOOK do not move the balance and are left out); the sign
comes from ``CdtDbtInd`` and is flipped when ``RvslInd`` is true. The counterparty is the
debtor of a credit and the creditor of a debit. ``AcctSvcrRef`` is the bank's id of the
entry and feeds the fingerprint. Problems name the element path.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from boclerk.errors import InvalidInput
from boclerk.formats.structure import check_markup
from boclerk.formats.bank import (
    DraftLine,
    Statement,
    fail,
    finish,
    make_date,
    parse_amount,
    show,
)

_ROOT = re.compile(r"\{(urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.[0-9]+)\}Document")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_CCY = re.compile(r"[A-Z]{3}")


class _Reader:
    def __init__(self, ns: str, name: str) -> None:
        self.ns = ns
        self.name = name

    def q(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{part}" for part in path.split("/"))

    def find(self, el: Element | None, path: str) -> Element | None:
        return None if el is None else el.find(self.q(path))

    def all(self, el: Element | None, path: str) -> list[Element]:
        return [] if el is None else el.findall(self.q(path))

    def text(self, el: Element | None, *paths: str) -> str:
        """The stripped text of the first of ``paths`` that has some, else ''."""
        for path in paths:
            found = self.find(el, path)
            if found is not None and found.text and found.text.strip():
                return found.text.strip()
        return ""

    def date(self, el: Element | None, where: str, *paths: str, required: bool) -> date | None:
        text = self.text(el, *paths)
        if not text:
            if required:
                raise fail(self.name, where, "is missing")
            return None
        match = _DATE.match(text)
        if not match:
            raise fail(self.name, where, f"{show(text)} is not a date like 2026-01-31")
        return make_date(*match.groups(), self.name, where, text)

    def money(self, el: Element, where: str, currency: str | None) -> tuple[Decimal, str, str]:
        """(signed amount, currency, CdtDbtInd) of an element holding Amt and CdtDbtInd."""
        amt = self.find(el, "Amt")
        if amt is None or not (amt.text or "").strip():
            raise fail(self.name, f"{where}/Amt", "is missing")
        value = parse_amount(amt.text or "", self.name, f"{where}/Amt")
        ccy = (amt.get("Ccy") or "").strip()
        if not _CCY.fullmatch(ccy):
            raise fail(self.name, f"{where}/Amt", f"the currency {show(ccy)} is not an ISO code")
        if currency and ccy != currency:
            raise fail(self.name, f"{where}/Amt", f"the amount is in {ccy}, the statement in {currency}")
        sign = self.text(el, "CdtDbtInd")
        if sign not in ("CRDT", "DBIT"):
            raise fail(self.name, f"{where}/CdtDbtInd", f"{show(sign)} is neither CRDT nor DBIT")
        return (value if sign == "CRDT" else -value), ccy, sign


def _parse(data: bytes, name: str) -> Element:
    check_markup(data, name)
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise InvalidInput(
            f"{name} declares a DTD or entities, which boclerk refuses in XML "
            "because they can hide entity bombs and reach outside files."
        ) from None
    except ParseError as err:
        line, column = err.position
        raise InvalidInput(f"{name} is not well-formed XML (line {line}, column {column}).") from None
    except (ValueError, LookupError, RecursionError):
        raise InvalidInput(f"{name} is not well-formed XML.") from None


def _party(r: _Reader, tx: Element | None, role: str) -> tuple[str, str, str]:
    """(name, tax id, account) of the debtor or creditor (``role``) of a transaction."""
    parties = r.find(tx, "RltdPties")
    nm = r.text(parties, f"{role}/Nm", f"{role}/Pty/Nm")
    tax = r.text(tx, f"Tax/{role}/TaxId") or r.text(
        parties, f"{role}/Id/OrgId/Othr/Id", f"{role}/Pty/Id/OrgId/Othr/Id"
    )
    account = r.text(parties, f"{role}Acct/Id/IBAN", f"{role}Acct/Id/Othr/Id")
    return nm, tax, account


def _entry(r: _Reader, ntry: Element, where: str, currency: str) -> DraftLine | None:
    status = r.text(ntry, "Sts/Cd", "Sts")
    if status and status != "BOOK":
        return None
    amount, _, sign = r.money(ntry, where, currency)
    if r.text(ntry, "RvslInd").lower() in ("true", "1"):
        amount = -amount
    booked = r.date(ntry, f"{where}/BookgDt", "BookgDt/Dt", "BookgDt/DtTm", required=True)
    assert booked is not None
    txs = r.all(ntry, "NtryDtls/TxDtls")
    single = txs[0] if len(txs) == 1 else None
    bank_id = r.text(ntry, "AcctSvcrRef") or r.text(single, "Refs/AcctSvcrRef")
    end_to_end = r.text(single, "Refs/EndToEndId")
    reference = bank_id or r.text(ntry, "NtryRef") or (
        end_to_end if end_to_end != "NOTPROVIDED" else ""
    )
    nm, tax, account = _party(r, single, "Dbtr" if sign == "CRDT" else "Cdtr")
    texts = [" ".join(u.text.strip() for u in r.all(tx, "RmtInf/Ustrd") if u.text and u.text.strip())
             for tx in txs]
    purpose = "; ".join(t for t in texts if t) or r.text(single, "AddtlTxInf") or r.text(ntry, "AddtlNtryInf")
    return DraftLine(
        where=where, booked=booked, amount=amount, counterparty_name=nm,
        counterparty_tax_id=tax, counterparty_account=account, purpose=purpose,
        reference=reference, bank_id=bank_id,
    )


def read(data: bytes, name: str) -> Statement:
    root = _parse(data, name)
    match = _ROOT.fullmatch(root.tag)
    if not match:
        raise InvalidInput(f"{name} is not a camt.053 statement (its root element is {show(root.tag)}).")
    r = _Reader(match.group(1), name)
    stmts = r.all(root, "BkToCstmrStmt/Stmt")
    base = "Document/BkToCstmrStmt/Stmt"
    if len(stmts) != 1:
        raise fail(name, base, f"the file holds {len(stmts)} statements; boclerk reads exactly one per file")
    stmt = stmts[0]
    account = r.text(stmt, "Acct/Id/IBAN", "Acct/Id/Othr/Id")
    if not account:
        raise fail(name, f"{base}/Acct/Id", "is missing (neither IBAN nor Othr/Id)")
    currency = r.text(stmt, "Acct/Ccy")
    if currency and not _CCY.fullmatch(currency):
        raise fail(name, f"{base}/Acct/Ccy", f"{show(currency)} is not an ISO currency code")

    balances: dict[str, Decimal] = {}
    for i, bal in enumerate(r.all(stmt, "Bal"), start=1):
        where = f"{base}/Bal[{i}]"
        code = r.text(bal, "Tp/CdOrPrtry/Cd")
        if code not in ("OPBD", "PRCD", "CLBD"):
            continue
        if code in balances:
            raise fail(name, where, f"the statement gives a second {code} balance")
        balances[code], ccy, _ = r.money(bal, where, currency or None)
        currency = currency or ccy
    opening = balances.get("OPBD", balances.get("PRCD"))
    if opening is None:
        raise fail(name, f"{base}/Bal", "there is no opening balance (Tp/CdOrPrtry/Cd OPBD)")
    if "CLBD" not in balances:
        raise fail(name, f"{base}/Bal", "there is no closing balance (Tp/CdOrPrtry/Cd CLBD)")

    drafts = [
        line for i, ntry in enumerate(r.all(stmt, "Ntry"), start=1)
        if (line := _entry(r, ntry, f"{base}/Ntry[{i}]", currency)) is not None
    ]
    return finish(
        name, "camt053", account=account, currency=currency,
        period_start=r.date(stmt, f"{base}/FrToDt/FrDtTm", "FrToDt/FrDtTm", required=False),
        period_end=r.date(stmt, f"{base}/FrToDt/ToDtTm", "FrToDt/ToDtTm", required=False),
        opening=opening, closing=balances["CLBD"], drafts=drafts,
    )
