"""ISO 20022 camt.053 (statement), camt.052 (account report, intraday) and camt.054 (debit and
credit notification), any ``camt.05[234].001.*`` version: their entries are the same ``Ntry``, in a
``Stmt``, an ``Rpt`` or an ``Ntfctn`` (:data:`KINDS`).

Read as a stream by :mod:`.bank_xml` (lxml with nothing fetched or expanded, DTDs refused, the
structural limits counted): each entry is read when it ends and is then let go, so a statement of
100,000 entries takes the memory of its lines, not of its tree. A statement has a limit of
elements of its own (``MAX_ELEMENTS_STATEMENT``), where other XML keeps ``MAX_ELEMENTS``.

Every ``BkToCstmrStmt/Stmt`` (``BkToCstmrAcctRpt/Rpt``, ``BkToCstmrDbtCdtNtfctn/Ntfctn``) of a
file is read: several statements of one account, each opening where the one before closed (a
bank's daily statements in one file), make one statement; statements of several accounts make one
statement per account. Balances: ``OPBD`` (or ``PRCD``) opening, ``CLBD`` closing; a camt.053 must
give both. A report may give them or not (an intraday one may close on ``ITBD``, the interim booked
balance), a notification gives none: what is given is checked as in a statement, what is missing
is worked out from the lines (neither is, when neither is given: both stay None) and said in the
statement's notes.
One line per booked ``Ntry`` (entries whose status is not BOOK do not move the balance and
are left out); the sign comes from ``CdtDbtInd`` alone: ``RvslInd`` marks a reversal, whose
indicator already says which way the money went. The counterparty is the debtor of a credit
and the creditor of a debit, from the first transaction detail that names one. Structured
remittance references (``RmtInf/Strd/CdtrRefInf/Ref``: creditor references, ISR) join the
purpose, where matching looks for its keys. ``AcctSvcrRef`` is the bank's id of the entry and
feeds the fingerprint. A line's date is the entry's ``BookgDt``; an entry that has none (a
notification may tell of an entry before it is booked) takes its value date ``ValDt``, and the
statement's notes say so. Problems name the element path.

An entry is read by one walk over the branches of it that hold something wanted (:data:`_ENTRY`,
:data:`_TX`, :data:`_PARTIES`: qualified tags built once per file), where reading it path by
path would search it a dozen times. What a path means is what ElementTree's ``find`` makes of
it: the first match in document order (tests/formats/test_camt_fast.py holds a reading of the
same files path by path, and the two must agree).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from boclerk.errors import InvalidInput
from boclerk.formats.bank_xml import shape, stream
from boclerk.formats.structure import MAX_ELEMENTS_STATEMENT, too_large
from boclerk.formats.bank import (
    CAMT_KINDS as KINDS,
    DraftLine,
    camt_kind as kind_of,
    Statement,
    fail,
    finish,
    only,
    make_date,
    parse_amount,
    show,
)
from boclerk.i18n import _, ngettext

_ROOT = re.compile(r"\{(urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.[0-9]+)\}Document")
_NO_REF = ("NONREF", "NOTPROVIDED")  # what banks write where they have no reference
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_CCY = re.compile(r"[A-Z]{3}")

# What is wanted of an entry, of each of its transaction details, and of the parties of one: name -> path.
_ENTRY = {"amt": "Amt", "sign": "CdtDbtInd", "sts_cd": "Sts/Cd", "sts": "Sts", "dt": "BookgDt/Dt", "dttm": "BookgDt/DtTm",
          "vdt": "ValDt/Dt", "vdttm": "ValDt/DtTm", "ref": "AcctSvcrRef", "ntry_ref": "NtryRef", "rvsl": "RvslInd", "tx": "NtryDtls/TxDtls", "info": "AddtlNtryInf"}
_TX = {"bank_ref": "Refs/AcctSvcrRef", "e2e": "Refs/EndToEndId", "parties": "RltdPties", "info": "AddtlTxInf",
       "Dbtr_tax": "Tax/Dbtr/TaxId", "Cdtr_tax": "Tax/Cdtr/TaxId", "ustrd": "RmtInf/Ustrd",
       "cref": "RmtInf/Strd/CdtrRefInf/Ref", "doc_nb": "RmtInf/Strd/RfrdDocInf/Nb"}
_PARTIES = {f"{role}_{key}": path.format(role=role) for role in ("Dbtr", "Cdtr") for key, path in (
    ("nm", "{role}/Nm"), ("pty_nm", "{role}/Pty/Nm"), ("id", "{role}/Id/OrgId/Othr/Id"),
    ("pty_id", "{role}/Pty/Id/OrgId/Othr/Id"), ("iban", "{role}Acct/Id/IBAN"), ("othr", "{role}Acct/Id/Othr/Id"))}


class _Reader:
    """Qualified names and paths of one file's namespace, and the reading of a statement's head."""

    def __init__(self, ns: str, name: str, kind: str = "053") -> None:
        self.ns = ns
        self.name = name
        self.kind = kind
        self.stmt_tag, self.ntry_tag = f"{{{ns}}}{KINDS[kind][1]}", f"{{{ns}}}Ntry"
        self.entry, self.tx, self.parties = self._walk(_ENTRY), self._walk(_TX), self._walk(_PARTIES)

    def q(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{part}" for part in path.split("/"))

    def _walk(self, wanted: dict[str, str]) -> dict:
        """{tag: (name or None, deeper or None)}: the branches that lead to what is wanted."""
        tree: dict = {}
        for key, path in wanted.items():
            node, parts = tree, path.split("/")
            for i, part in enumerate(parts):
                entry = node.setdefault(f"{{{self.ns}}}{part}", [None, {}])
                if i == len(parts) - 1:
                    entry[0] = key
                node = entry[1]

        def frozen(node: dict) -> dict:
            return {tag: (key, frozen(deeper) or None) for tag, (key, deeper) in node.items()}
        return frozen(tree)

    def find(self, el, path: str):
        return None if el is None else el.find(self.q(path))

    def all(self, el, path: str) -> list:
        return [] if el is None else el.findall(self.q(path))

    def text(self, el, *paths: str) -> str:
        """The stripped text of the first of ``paths`` that has some, else ''."""
        for path in paths:
            found = self.find(el, path)
            if found is not None and found.text and found.text.strip():
                return found.text.strip()
        return ""

    def date(self, text: str, where: str, *, required: bool) -> date | None:
        if not text:
            if required:
                raise fail(self.name, where, _("is missing"))
            return None
        match = _DATE.match(text)
        if not match:
            raise fail(self.name, where, _("{text} is not a date like 2026-01-31").format(text=show(text)))
        return make_date(*match.groups(), self.name, where, text)

    def money(self, amt, sign: str, where: str, currency: str | None) -> tuple[Decimal, str, str]:
        """(signed amount, currency, CdtDbtInd) of an ``Amt`` element and the text of its ``CdtDbtInd``."""
        if amt is None or not (amt.text or "").strip():
            raise fail(self.name, f"{where}/Amt", _("is missing"))
        value = parse_amount(amt.text or "", self.name, f"{where}/Amt")
        ccy = (amt.get("Ccy") or "").strip()
        if not _CCY.fullmatch(ccy):
            raise fail(self.name, f"{where}/Amt", _("the currency {ccy} is not an ISO code").format(ccy=show(ccy)))
        if currency and ccy != currency:
            raise fail(self.name, f"{where}/Amt", _("the amount is in {ccy}, the statement in {currency}").format(ccy=ccy, currency=currency))
        if sign not in ("CRDT", "DBIT"):
            raise fail(self.name, f"{where}/CdtDbtInd", _("{sign} is neither CRDT nor DBIT").format(sign=show(sign)))
        return (value if sign == "CRDT" else -value), ccy, sign


def _gather(el, walk: dict, found: dict) -> dict:
    """Every element on a wanted path below ``el``, by name, in document order (the first is
    what ``find`` gives, all of them what ``findall`` gives); branches nobody wants are skipped."""
    for child in el:
        step = walk.get(child.tag)
        if step is None:
            continue
        key, deeper = step
        if key is not None:
            got = found.get(key)
            if got is None:
                found[key] = [child]
            else:
                got.append(child)
        if deeper is not None:
            _gather(child, deeper, found)
    return found


def _text(found: dict, *keys: str) -> str:
    """The stripped text of the first of ``keys`` whose first element has some, else ''."""
    for key in keys:
        got = found.get(key)
        if got:
            text = got[0].text
            if text and (text := text.strip()):
                return text
    return ""


def _words(found: dict, key: str) -> list[str]:
    return [text.strip() for el in found.get(key, ()) if (text := el.text) and text.strip()]


def _party(r: _Reader, tx: dict, role: str) -> tuple[str, str, str]:
    """(name, tax id, account) of the debtor or creditor (``role``) of a transaction."""
    got = tx.get("parties")
    parties = _gather(got[0], r.parties, {}) if got else {}  # the first RltdPties, as find gives it
    nm = _text(parties, f"{role}_nm", f"{role}_pty_nm")
    tax = _text(tx, f"{role}_tax") or _text(parties, f"{role}_id", f"{role}_pty_id")
    return nm, tax, _text(parties, f"{role}_iban", f"{role}_othr")


def _entry(r: _Reader, ntry, where: str, currency: str) -> DraftLine | None:
    e = _gather(ntry, r.entry, {})
    status = _text(e, "sts_cd", "sts")
    if status and status != "BOOK":
        return None
    amt = e.get("amt")
    amount, _c, sign = r.money(amt[0] if amt else None, _text(e, "sign"), where, currency)
    # An entry of a notification may come before it is booked: its value date stands for the booking date.
    booked_text = _text(e, "dt", "dttm")
    value_dated = not booked_text and bool(_text(e, "vdt", "vdttm"))
    if value_dated:
        booked = r.date(_text(e, "vdt", "vdttm"), f"{where}/ValDt", required=True)
    elif not booked_text:
        raise fail(r.name, f"{where}/BookgDt", _("is missing, and so is the value date (ValDt)"))
    else:
        booked = r.date(booked_text, f"{where}/BookgDt", required=True)
    assert booked is not None
    txs = [_gather(tx, r.tx, {}) for tx in e.get("tx", ())]
    single = txs[0] if len(txs) == 1 else {}
    bank_id = next((ref for ref in (_text(e, "ref"), _text(single, "bank_ref")) if ref and ref not in _NO_REF), "")
    end_to_end = _text(single, "e2e")
    reference = bank_id or _text(e, "ntry_ref") or (end_to_end if end_to_end not in _NO_REF else "")
    # A reversal keeps the parties of what it reverses: a returned credit's counterparty is its debtor.
    reversed_ = _text(e, "rvsl").lower() in ("true", "1")
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
    texts = [" ".join(dict.fromkeys(_words(tx, "ustrd") + _words(tx, "cref") + _words(tx, "doc_nb"))) for tx in txs]
    purpose = "; ".join(t for t in texts if t) or _text(single, "info") or _text(e, "info")
    return DraftLine(
        where=where, booked=booked, amount=amount, counterparty_name=nm,
        counterparty_tax_id=tax, counterparty_account=account, purpose=purpose,
        reference=reference, bank_id=bank_id, value_dated=value_dated,
    )


def _balances(r: _Reader) -> tuple[str, ...]:
    """The balance codes read: a report may close on its interim booked balance (ITBD)."""
    return ("OPBD", "PRCD", "CLBD") if r.kind == "053" else ("OPBD", "PRCD", "CLBD", "ITBD")


def _heading(r: _Reader, stmt, base: str, name: str, currency: str | None):
    """(account, currency, opening, closing, start, end) of one Stmt, Rpt or Ntfctn (its entries
    read apart, ``currency`` the one they were read in, None if it has none); the balances of a
    report or a notification are None where it gives none."""
    account = r.text(stmt, "Acct/Id/IBAN", "Acct/Id/Othr/Id")
    if not account:
        raise fail(name, f"{base}/Acct/Id", _("is missing (neither IBAN nor Othr/Id)"))
    currency = currency or _currency(r, stmt, base, name)
    if not currency:
        raise fail(name, f"{base}/Acct/Ccy", _("is missing, and no balance or entry gives the currency"))
    balances: dict[str, Decimal] = {}
    for i, bal in enumerate(r.all(stmt, "Bal"), start=1):
        where = f"{base}/Bal[{i}]"
        code = r.text(bal, "Tp/CdOrPrtry/Cd")
        if code not in _balances(r):
            continue
        if code in balances:
            raise fail(name, where, _("the statement gives a second {code} balance").format(code=code))
        balances[code], _ccy, _x = r.money(r.find(bal, "Amt"), r.text(bal, "CdtDbtInd"), where, currency)
    opening = balances.get("OPBD", balances.get("PRCD"))
    closing = balances.get("CLBD", balances.get("ITBD"))
    if opening is None and r.kind == "053":
        raise fail(name, f"{base}/Bal", _("there is no opening balance (Tp/CdOrPrtry/Cd OPBD)"))
    if closing is None and r.kind == "053":
        raise fail(name, f"{base}/Bal", _("there is no closing balance (Tp/CdOrPrtry/Cd CLBD)"))
    return (account, currency, opening, closing,
            r.date(r.text(stmt, "FrToDt/FrDtTm"), f"{base}/FrToDt/FrDtTm", required=False),
            r.date(r.text(stmt, "FrToDt/ToDtTm"), f"{base}/FrToDt/ToDtTm", required=False))


def _currency(r: _Reader, stmt, base: str, name: str, ntry=None) -> str:
    """The account's currency (Acct/Ccy), else that of its first opening or closing balance, else
    (a notification names neither) that of its first entry ``ntry``."""
    currency = r.text(stmt, "Acct/Ccy")
    if currency and not _CCY.fullmatch(currency):
        raise fail(name, f"{base}/Acct/Ccy", _("{currency} is not an ISO currency code").format(currency=show(currency)))
    for bal in [] if currency else r.all(stmt, "Bal"):
        amt = r.find(bal, "Amt")
        if r.text(bal, "Tp/CdOrPrtry/Cd") in _balances(r) and amt is not None:
            return (amt.get("Ccy") or "").strip()
    amt = r.find(ntry, "Amt") if not currency else None
    return (amt.get("Ccy") or "").strip() if amt is not None else currency


def _statements(data: bytes, name: str):
    """Each Stmt (Rpt, Ntfctn) as (its path, heading, drafts), its entries read one by one as they end."""
    kind = kind_of(data) or "053"
    message, container, _fmt = KINDS[kind]
    tag = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + container.encode() + rb"[\s/>]")
    several = len(tag.findall(data, 0, len(data))) > 1  # only to name paths as the file has them
    base = f"Document/{message}/{container}"
    r, root, stmt, where, currency, stmts, drafts, entries, elements = None, None, None, base, "", [], [], 0, 0
    for event, el in stream(data, name, ("{*}" + container, "{*}Ntry"), lambda root: _opened(root, name, kind)):
        if r is None:
            root = el.getroottree().getroot()
            r = _Reader(_ROOT.fullmatch(root.tag).group(1), name, kind)
        if event == "start":
            if el.tag == r.stmt_tag and (parent := el.getparent()) is not None and parent.getparent() is root:
                stmt, drafts, entries, currency = el, [], 0, None
                where = f"{base}[{len(stmts) + 1}]" if several else base
        elif event is None:  # the end: what is left of the tree (all but the entries) is counted
            elements += shape(root, 1, name)
        elif stmt is not None and el.tag == r.ntry_tag and el.getparent() is stmt:
            entries += 1
            elements += shape(el, 4, name)
            if elements > MAX_ELEMENTS_STATEMENT:
                raise too_large(name, MAX_ELEMENTS_STATEMENT)
            if currency is None:  # the account and balances come before the entries
                currency = _currency(r, stmt, where, name, el)
            line = _entry(r, el, f"{where}/Ntry[{entries}]", currency)
            if line is not None:
                drafts.append(line)
            stmt.remove(el)  # what is read is let go: memory stays one entry deep
        elif el is stmt:
            elements += shape(stmt, 3, name) - 1  # the Stmt itself stays, and is counted at the end
            stmts.append((where, _heading(r, stmt, where, name, currency), drafts))
            stmt.clear()
            stmt = None
    if elements > MAX_ELEMENTS_STATEMENT:
        raise too_large(name, MAX_ELEMENTS_STATEMENT)
    if not stmts:
        raise fail(name, base, _("the file holds no statement"))
    return stmts, kind


def _opened(root, name: str, kind: str) -> None:
    found = _ROOT.fullmatch(root.tag)
    if not found or found.group(2) != kind:
        raise InvalidInput(_("{name} is not a camt.052, camt.053 or camt.054 file (its root element is {tag}).").format(name=name, tag=show(root.tag)))


def read_all(data: bytes, name: str) -> list[Statement]:
    """One statement per account of the file (in the order the file first names each); several
    Stmt of one account, each opening where the one before closed, make one statement."""
    groups: dict[tuple[str, str], list] = {}
    stmts, kind = _statements(data, name)
    for where, heading, drafts in stmts:
        groups.setdefault((heading[0], heading[1]), []).append((where, heading, drafts))
    out: list[Statement] = []
    first_line = 1
    for (account, currency), parts in groups.items():
        for (_w, before, _b), (where, after, _a) in zip(parts, parts[1:], strict=False):
            if after[2] is not None and before[3] is not None and after[2] != before[3]:
                raise fail(name, where, _("its opening balance {after} does not continue the closing balance {before} of the statement before it; a statement is missing between them: ask the bank for the whole period").format(after=after[2], before=before[3]))
        starts = [h[4] for _w, h, _d in parts if h[4] is not None]
        ends = [h[5] for _w, h, _d in parts if h[5] is not None]
        opening, closing = parts[0][1][2], parts[-1][1][3]
        st = finish(
            name, KINDS[kind][2], account=account, currency=currency,
            period_start=min(starts) if starts else None, period_end=max(ends) if ends else None,
            opening=opening, closing=closing, drafts=[d for _w, _h, ds in parts for d in ds],
            first_line=first_line,
        )
        first_line += len(st.lines)
        st = _noted(st, opening is not None, closing is not None)
        value_dated = [d.where for _w, _h, ds in parts for d in ds if d.value_dated]
        if value_dated:
            st = replace(st, notes=(*st.notes, ngettext(
                "{account}: {n} entry gives no booking date (BookgDt), so its value date (ValDt) is taken for it: {first}",
                "{account}: {n} entries give no booking date (BookgDt), so the value date (ValDt) of each is taken for it, "
                "the first at {first}", len(value_dated)).format(account=account, n=len(value_dated), first=value_dated[0])))
        out.append(st)
    return out


def _noted(st: Statement, opening: bool, closing: bool) -> Statement:
    """The statement, with a note of the balances its file did not give and what it shows instead."""
    if opening and closing:
        return st
    if opening:
        note = _("{account}: the file gives no closing balance; the statement closes on {closing}, the opening balance plus its lines")
    elif closing:
        note = _("{account}: the file gives no opening balance; the statement opens on {opening}, the closing balance less its lines")
    else:
        note = _("{account}: the file gives no balances; none is kept, its lines add up to {total}, and no balance was checked")
    total = sum((ln.amount for ln in st.lines), Decimal(0))
    return replace(st, notes=(*st.notes, note.format(account=st.account, opening=st.opening_balance,
                                                      closing=st.closing_balance, total=total)))


def read(data: bytes, name: str) -> Statement:
    """The statement of a file of one account (see :func:`read_all` for several)."""
    return only(read_all(data, name), name)
