"""ISO 20022 camt.053 (bank-to-customer statement), any ``camt.053.001.*`` version.

Parsed with defusedxml only, with DTDs forbidden: a camt file never needs one, and a
DTD is how entity bombs and external entities get in. The file is read as a stream, one entry
at a time, so a statement of 100,000 entries takes the memory of its lines, not of its tree.
Every ``BkToCstmrStmt/Stmt`` of a file is read: several statements of one account, each
opening where the one before closed (a bank's daily statements in one file), make one
statement; statements of several accounts make one statement per account. Balances: ``OPBD`` (or ``PRCD``) opening, ``CLBD`` closing.
One line per booked ``Ntry`` (entries whose status is not BOOK do not move the balance and
are left out); the sign comes from ``CdtDbtInd`` alone: ``RvslInd`` marks a reversal, whose
indicator already says which way the money went. The counterparty is the debtor of a credit
and the creditor of a debit, from the first transaction detail that names one. Structured
remittance references (``RmtInf/Strd/CdtrRefInf/Ref``: creditor references, ISR) join the
purpose, where matching looks for its keys. ``AcctSvcrRef`` is the bank's id of the entry and
feeds the fingerprint. Problems name the element path.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from boclerk.errors import InvalidInput
from boclerk.formats.structure import MAX_DEPTH, MAX_ELEMENTS_STATEMENT, too_deep, too_large
from boclerk.formats.bank import (
    DraftLine,
    Statement,
    fail,
    finish,
    only,
    make_date,
    parse_amount,
    show,
)
from boclerk.i18n import _

_ROOT = re.compile(r"\{(urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.[0-9]+)\}Document")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_CCY = re.compile(r"[A-Z]{3}")


class _Reader:
    def __init__(self, ns: str, name: str) -> None:
        self.ns = ns
        self.name = name
        self._paths: dict[str, str] = {}

    def q(self, path: str) -> str:
        found = self._paths.get(path)
        if found is None:  # built once per path: a statement asks the same dozen paths of every entry
            found = self._paths[path] = "/".join(f"{{{self.ns}}}{part}" for part in path.split("/"))
        return found

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
                raise fail(self.name, where, _("is missing"))
            return None
        match = _DATE.match(text)
        if not match:
            raise fail(self.name, where, _("{text} is not a date like 2026-01-31").format(text=show(text)))
        return make_date(*match.groups(), self.name, where, text)

    def money(self, el: Element, where: str, currency: str | None) -> tuple[Decimal, str, str]:
        """(signed amount, currency, CdtDbtInd) of an element holding Amt and CdtDbtInd."""
        amt = self.find(el, "Amt")
        if amt is None or not (amt.text or "").strip():
            raise fail(self.name, f"{where}/Amt", _("is missing"))
        value = parse_amount(amt.text or "", self.name, f"{where}/Amt")
        ccy = (amt.get("Ccy") or "").strip()
        if not _CCY.fullmatch(ccy):
            raise fail(self.name, f"{where}/Amt", _("the currency {ccy} is not an ISO code").format(ccy=show(ccy)))
        if currency and ccy != currency:
            raise fail(self.name, f"{where}/Amt", _("the amount is in {ccy}, the statement in {currency}").format(ccy=ccy, currency=currency))
        sign = self.text(el, "CdtDbtInd")
        if sign not in ("CRDT", "DBIT"):
            raise fail(self.name, f"{where}/CdtDbtInd", _("{sign} is neither CRDT nor DBIT").format(sign=show(sign)))
        return (value if sign == "CRDT" else -value), ccy, sign


def _events(data: bytes, name: str):
    """(event, element) pairs of a streaming parse ("start" and "end"); refusals as one sentence.

    The statement is never built whole: :func:`read` takes each entry as it ends and drops it.
    The structural limits (:mod:`.structure`) are counted on the way, where a tree-built file
    is scanned for them first: no element deeper than ``MAX_DEPTH`` is ever built."""
    try:
        yield from SafeET.iterparse(BytesIO(data), events=("start", "end"), forbid_dtd=True)
    except DefusedXmlException:
        raise InvalidInput(
            _("{name} declares a DTD or entities, which boclerk refuses in XML because they can hide entity bombs and reach outside files.").format(name=name)
        ) from None
    except ParseError as err:
        line, column = err.position
        raise InvalidInput(_("{name} is not well-formed XML (line {line}, column {column}).").format(name=name, line=line, column=column)) from None
    except (ValueError, LookupError, RecursionError):
        raise InvalidInput(_("{name} is not well-formed XML.").format(name=name)) from None


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
    booked = r.date(ntry, f"{where}/BookgDt", "BookgDt/Dt", "BookgDt/DtTm", required=True)
    assert booked is not None
    txs = r.all(ntry, "NtryDtls/TxDtls")
    single = txs[0] if len(txs) == 1 else None
    bank_id = r.text(ntry, "AcctSvcrRef") or r.text(single, "Refs/AcctSvcrRef")
    end_to_end = r.text(single, "Refs/EndToEndId")
    reference = bank_id or r.text(ntry, "NtryRef") or (
        end_to_end if end_to_end != "NOTPROVIDED" else ""
    )
    # A reversal keeps the parties of what it reverses: a returned credit's counterparty is its debtor.
    reversed_ = r.text(ntry, "RvslInd").lower() in ("true", "1")
    roles = ("Dbtr", "Cdtr") if (sign == "CRDT") != reversed_ else ("Cdtr", "Dbtr")
    if not reversed_:  # the other party of an ordinary entry is ourselves
        roles = roles[:1]
    nm, tax, account = "", "", ""
    for role in roles:
        for tx in txs:  # the first detail that names the counterparty (a batch names it in each)
            nm, tax, account = _party(r, tx, role)
            if nm or tax or account:
                break
        if nm or tax or account:
            break
    texts = []
    for tx in txs:
        words = [u.text.strip() for u in r.all(tx, "RmtInf/Ustrd") if u.text and u.text.strip()]
        words += [ref.text.strip() for ref in r.all(tx, "RmtInf/Strd/CdtrRefInf/Ref") if ref.text and ref.text.strip()]
        words += [ref.text.strip() for ref in r.all(tx, "RmtInf/Strd/RfrdDocInf/Nb") if ref.text and ref.text.strip()]
        texts.append(" ".join(dict.fromkeys(words)))
    purpose = "; ".join(t for t in texts if t) or r.text(single, "AddtlTxInf") or r.text(ntry, "AddtlNtryInf")
    return DraftLine(
        where=where, booked=booked, amount=amount, counterparty_name=nm,
        counterparty_tax_id=tax, counterparty_account=account, purpose=purpose,
        reference=reference, bank_id=bank_id,
    )


def _heading(r: _Reader, stmt: Element, base: str, name: str):
    """(account, currency, opening, closing, start, end) of one Stmt (its entries read apart)."""
    account = r.text(stmt, "Acct/Id/IBAN", "Acct/Id/Othr/Id")
    if not account:
        raise fail(name, f"{base}/Acct/Id", _("is missing (neither IBAN nor Othr/Id)"))
    currency = _currency(r, stmt, base, name)
    balances: dict[str, Decimal] = {}
    for i, bal in enumerate(r.all(stmt, "Bal"), start=1):
        where = f"{base}/Bal[{i}]"
        code = r.text(bal, "Tp/CdOrPrtry/Cd")
        if code not in ("OPBD", "PRCD", "CLBD"):
            continue
        if code in balances:
            raise fail(name, where, _("the statement gives a second {code} balance").format(code=code))
        balances[code], _ccy, _x = r.money(bal, where, currency)
    opening = balances.get("OPBD", balances.get("PRCD"))
    if opening is None:
        raise fail(name, f"{base}/Bal", _("there is no opening balance (Tp/CdOrPrtry/Cd OPBD)"))
    if "CLBD" not in balances:
        raise fail(name, f"{base}/Bal", _("there is no closing balance (Tp/CdOrPrtry/Cd CLBD)"))
    return (account, currency, opening, balances["CLBD"],
            r.date(stmt, f"{base}/FrToDt/FrDtTm", "FrToDt/FrDtTm", required=False),
            r.date(stmt, f"{base}/FrToDt/ToDtTm", "FrToDt/ToDtTm", required=False))


def _currency(r: _Reader, stmt: Element, base: str, name: str) -> str:
    """The account's currency (Acct/Ccy), else that of its first opening or closing balance."""
    currency = r.text(stmt, "Acct/Ccy")
    if currency and not _CCY.fullmatch(currency):
        raise fail(name, f"{base}/Acct/Ccy", _("{currency} is not an ISO currency code").format(currency=show(currency)))
    for bal in [] if currency else r.all(stmt, "Bal"):
        amt = r.find(bal, "Amt")
        if r.text(bal, "Tp/CdOrPrtry/Cd") in ("OPBD", "PRCD", "CLBD") and amt is not None:
            return (amt.get("Ccy") or "").strip()
    return currency


_STMT_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Stmt[\s/>]")


def _statements(data: bytes, name: str):
    """Each Stmt as (its path, heading, drafts), its entries read one by one as they end."""
    several = len(_STMT_TAG.findall(data, 0, len(data))) > 1  # only to name paths as the file has them
    root = "Document/BkToCstmrStmt/Stmt"
    depth, r, stmt, base, currency, stmts, drafts, entries, elements = 0, None, None, root, "", [], [], 0, 0
    for event, el in _events(data, name):
        if event == "start":
            depth += 1
            elements += 1
            if depth > MAX_DEPTH:
                raise too_deep(name, MAX_DEPTH)
            if elements > MAX_ELEMENTS_STATEMENT:
                raise too_large(name, MAX_ELEMENTS_STATEMENT)
            if depth == 1:
                match = _ROOT.fullmatch(el.tag)
                if not match:
                    raise InvalidInput(_("{name} is not a camt.053 statement (its root element is {tag}).").format(name=name, tag=show(el.tag)))
                r = _Reader(match.group(1), name)
            elif depth == 3 and el.tag == r.q("Stmt"):
                stmt, drafts, entries, currency = el, [], 0, None
                base = f"{root}[{len(stmts) + 1}]" if several else root
            continue
        depth -= 1
        if depth == 3 and stmt is not None and el.tag == r.q("Ntry"):
            entries += 1
            if currency is None:  # the account and balances come before the entries
                currency = _currency(r, stmt, base, name)
            line = _entry(r, el, f"{base}/Ntry[{entries}]", currency)
            if line is not None:
                drafts.append(line)
            stmt.remove(el)  # what is read is let go: memory stays one entry deep
        elif depth == 2 and el is stmt:
            stmts.append((base, _heading(r, stmt, base, name), drafts))
            stmt.clear()
            stmt = None
    if not stmts:
        raise fail(name, root, _("the file holds no statement"))
    return stmts


def read_all(data: bytes, name: str) -> list[Statement]:
    """One statement per account of the file (in the order the file first names each); several
    Stmt of one account, each opening where the one before closed, make one statement."""
    groups: dict[tuple[str, str], list] = {}
    for where, heading, drafts in _statements(data, name):
        groups.setdefault((heading[0], heading[1]), []).append((where, heading, drafts))
    out: list[Statement] = []
    first_line = 1
    for (account, currency), parts in groups.items():
        for (_w, before, _b), (where, after, _a) in zip(parts, parts[1:], strict=False):
            if after[2] != before[3]:
                raise fail(name, where, _("its opening balance {after} does not continue the closing balance {before} of the statement before it; a statement is missing between them: ask the bank for the whole period").format(after=after[2], before=before[3]))
        starts = [h[4] for _w, h, _d in parts if h[4] is not None]
        ends = [h[5] for _w, h, _d in parts if h[5] is not None]
        st = finish(
            name, "camt053", account=account, currency=currency,
            period_start=min(starts) if starts else None, period_end=max(ends) if ends else None,
            opening=parts[0][1][2], closing=parts[-1][1][3], drafts=[d for _w, _h, ds in parts for d in ds],
            first_line=first_line,
        )
        first_line += len(st.lines)
        out.append(st)
    return out


def read(data: bytes, name: str) -> Statement:
    """The statement of a file of one account (see :func:`read_all` for several)."""
    return only(read_all(data, name), name)
