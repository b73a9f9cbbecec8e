"""A straightforward reading of camt files, for tests/formats/test_camt_fast.py to hold the stream
reader of boclerk.formats.bank_camt against: the whole tree built by defusedxml, every field asked
for by its path with ElementTree's find / findall, as the reader did before it was made fast.
Slow and simple on purpose; the rules (what is a line, its sign, its counterparty, its purpose)
are the module docstring of bank_camt."""

from __future__ import annotations

import re
from decimal import Decimal

import defusedxml.ElementTree as SafeET

from boclerk.formats.bank import DraftLine, fail, finish, make_date, parse_amount, show

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_CCY = re.compile(r"[A-Z]{3}")
_ROOT = re.compile(r"\{(urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.[0-9]+)\}Document")
_NO_REF = ("NONREF", "NOTPROVIDED")
# kind -> (message, one account's statement in it, format, balance codes read)
KINDS = {"052": ("BkToCstmrAcctRpt", "Rpt", "camt052", ("OPBD", "PRCD", "CLBD", "ITBD")),
         "053": ("BkToCstmrStmt", "Stmt", "camt053", ("OPBD", "PRCD", "CLBD")),
         "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn", "camt054", ("OPBD", "PRCD", "CLBD", "ITBD"))}


class Paths:
    def __init__(self, ns: str, name: str) -> None:
        self.ns, self.name = ns, name

    def q(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{part}" for part in path.split("/"))

    def find(self, el, path):
        return None if el is None else el.find(self.q(path))

    def all(self, el, path):
        return [] if el is None else el.findall(self.q(path))

    def text(self, el, *paths):
        for path in paths:
            found = self.find(el, path)
            if found is not None and found.text and found.text.strip():
                return found.text.strip()
        return ""

    def date(self, el, where, *paths, required):
        text = self.text(el, *paths)
        if not text:
            if required:
                raise fail(self.name, where, "is missing")
            return None
        match = _DATE.match(text)
        if not match:
            raise fail(self.name, where, f"{show(text)} is not a date like 2026-01-31")
        return make_date(*match.groups(), self.name, where, text)

    def money(self, el, where, currency):
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
        return (value if sign == "CRDT" else -value), sign


def entry(p: Paths, ntry, where: str, currency: str) -> DraftLine | None:
    status = p.text(ntry, "Sts/Cd", "Sts")
    if status and status != "BOOK":
        return None
    amount, sign = p.money(ntry, where, currency)
    booked = p.date(ntry, f"{where}/BookgDt", "BookgDt/Dt", "BookgDt/DtTm", required=False)
    value_dated = booked is None
    if booked is None:  # not booked yet: the value date stands for the booking date
        booked = p.date(ntry, f"{where}/ValDt", "ValDt/Dt", "ValDt/DtTm", required=False)
        if booked is None:
            raise fail(p.name, f"{where}/BookgDt", "is missing, and so is the value date (ValDt)")
    txs = p.all(ntry, "NtryDtls/TxDtls")
    single = txs[0] if len(txs) == 1 else None
    bank_id = ""
    for ref in (p.text(ntry, "AcctSvcrRef"), p.text(single, "Refs/AcctSvcrRef")):
        if ref and ref not in _NO_REF:
            bank_id = ref
            break
    end_to_end = p.text(single, "Refs/EndToEndId")
    reference = bank_id or p.text(ntry, "NtryRef") or (end_to_end if end_to_end not in _NO_REF else "")
    reversed_ = p.text(ntry, "RvslInd").lower() in ("true", "1")
    roles = ("Dbtr", "Cdtr") if (sign == "CRDT") != reversed_ else ("Cdtr", "Dbtr")
    party = ("", "", "")
    for role in roles if reversed_ else roles[:1]:
        for tx in txs:
            parties = p.find(tx, "RltdPties")
            party = (p.text(parties, f"{role}/Nm", f"{role}/Pty/Nm"),
                     p.text(tx, f"Tax/{role}/TaxId") or p.text(parties, f"{role}/Id/OrgId/Othr/Id", f"{role}/Pty/Id/OrgId/Othr/Id"),
                     p.text(parties, f"{role}Acct/Id/IBAN", f"{role}Acct/Id/Othr/Id"))
            if any(party):
                break
        if any(party):
            break
    texts = []
    for tx in txs:
        words = [el.text.strip() for path in ("RmtInf/Ustrd", "RmtInf/Strd/CdtrRefInf/Ref", "RmtInf/Strd/RfrdDocInf/Nb")
                 for el in p.all(tx, path) if el.text and el.text.strip()]
        texts.append(" ".join(dict.fromkeys(words)))
    purpose = "; ".join(t for t in texts if t) or p.text(single, "AddtlTxInf") or p.text(ntry, "AddtlNtryInf")
    return DraftLine(where, booked, amount, *party, purpose, reference, bank_id, value_dated)


def root_of(data: bytes):
    root = SafeET.fromstring(data, forbid_dtd=True)
    return Paths(_ROOT.fullmatch(root.tag).group(1), "statement.xml"), root


def kind(data: bytes) -> str:
    """"052", "053" or "054", from the root element's namespace."""
    return _ROOT.fullmatch(SafeET.fromstring(data, forbid_dtd=True).tag).group(2)


def read_all(data: bytes, name: str):
    """The statements of a camt file, read whole (one per account, as bank_camt.read_all); a balance
    a report or a notification does not give is None, for ``finish`` to work out."""
    p, root = root_of(data)
    p.name = name
    message, container, fmt, codes = KINDS[_ROOT.fullmatch(root.tag).group(2)]
    stmts = root.findall("*/" + p.q(container))
    base = f"Document/{message}/{container}"
    groups: dict = {}
    for i, stmt in enumerate(stmts, start=1):
        where = f"{base}[{i}]" if len(stmts) > 1 else base
        currency = p.text(stmt, "Acct/Ccy")
        for bal in [] if currency else p.all(stmt, "Bal"):
            if p.text(bal, "Tp/CdOrPrtry/Cd") in codes and p.find(bal, "Amt") is not None:
                currency = (p.find(bal, "Amt").get("Ccy") or "").strip()
                break
        first = p.find(stmt, "Ntry/Amt")
        if not currency and first is not None:  # a notification may name its currency only in its entries
            currency = (first.get("Ccy") or "").strip()
        drafts = [d for n, ntry in enumerate(p.all(stmt, "Ntry"), start=1)
                  if (d := entry(p, ntry, f"{where}/Ntry[{n}]", currency)) is not None]
        balances: dict[str, Decimal] = {}
        for bal in p.all(stmt, "Bal"):
            code = p.text(bal, "Tp/CdOrPrtry/Cd")
            if code in codes:
                balances[code] = p.money(bal, where, currency)[0]
        account = p.text(stmt, "Acct/Id/IBAN", "Acct/Id/Othr/Id")
        start = p.date(stmt, where, "FrToDt/FrDtTm", required=False)
        end = p.date(stmt, where, "FrToDt/ToDtTm", required=False)
        groups.setdefault((account, currency), []).append(
            (balances.get("OPBD", balances.get("PRCD")), balances.get("CLBD", balances.get("ITBD")), start, end, drafts))
    out, first_line = [], 1
    for (account, currency), parts in groups.items():
        starts = [s for _o, _c, s, _e, _d in parts if s is not None]
        ends = [e for _o, _c, _s, e, _d in parts if e is not None]
        st = finish(name, fmt, account=account, currency=currency, period_start=min(starts, default=None),
                    period_end=max(ends, default=None), opening=parts[0][0], closing=parts[-1][1],
                    drafts=[d for *_x, ds in parts for d in ds], first_line=first_line)
        first_line += len(st.lines)
        out.append(st)
    return out
