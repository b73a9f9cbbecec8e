"""OFX 1.x (SGML) and 2.x (XML) bank and credit-card statements, read with ofxtools.

ofxtools parses the header and body and validates every element against the OFX
specification (``OFXTree.parse`` on a binary file object, then ``convert``); any error it
raises becomes one sentence. OFX never needs a DTD or entities, so a file declaring one
is refused before parsing. Booking dates are the bank's own calendar date as written in
``DTPOSTED`` (ofxtools would shift them to UTC). ``FITID`` is the bank's id of a
transaction and feeds the fingerprint. OFX has no opening balance: it is the
``LEDGERBAL`` closing balance minus the sum of the lines.
"""

from __future__ import annotations

import io
import re
import warnings
from datetime import date
from decimal import Decimal, Inexact, localcontext
from typing import Any

from boclerk.errors import InvalidInput
from boclerk.formats.bank import (
    BOM,
    DraftLine,
    Statement,
    check_amount,
    fail,
    finish,
    make_date,
    show,
)
from boclerk.formats.structure import check_markup

_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_LIST = "BANKTRANLIST"


def _reason(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    text = (lines[0] if lines else "").strip().rstrip(":").strip() or type(err).__name__
    return text if len(text) <= 80 else text[:80] + "…"


def _date(text: str | None, name: str, where: str) -> date | None:
    if not text:
        return None
    match = _DATE.match(text.strip())
    if not match:
        raise fail(name, where, f"{show(text)} is not an OFX date like 20260131")
    return make_date(*match.groups(), name, where, text)


def _parse(data: bytes, name: str) -> tuple[Any, Any]:
    """(ofxtools' element tree root, the converted OFX aggregate)."""
    from ofxtools.Parser import OFXTree

    tree = OFXTree()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree.parse(io.BytesIO(data))
            return tree.getroot(), tree.convert()
    except Exception as err:  # ofxtools raises many kinds; all mean "unreadable"
        raise InvalidInput(f"{name} is not OFX boclerk can read: {_reason(err)}.") from None


def read(data: bytes, name: str) -> Statement:
    if data.startswith(BOM):
        data = data[len(BOM):]
    data = data.lstrip()
    if _DECLARATION.search(data):
        raise InvalidInput(
            f"{name} declares a DTD or entities, which boclerk refuses in XML "
            "because they can hide entity bombs and reach outside files."
        )
    check_markup(data, name, sgml=data.startswith(b"OFXHEADER"))
    root, ofx = _parse(data, name)
    try:
        statements = list(ofx.statements)
    except Exception as err:
        raise InvalidInput(f"{name} is not OFX boclerk can read: {_reason(err)}.") from None
    if len(statements) != 1:
        raise InvalidInput(f"{name} holds {len(statements)} statements; boclerk reads exactly one per file.")
    stmt = statements[0]
    kind = type(stmt).__name__
    if kind not in ("STMTRS", "CCSTMTRS"):
        raise InvalidInput(f"{name} is an OFX {kind}, not a bank or card statement.")

    account = str(stmt.account.acctid or "").strip()
    currency = str(stmt.curdef or "").strip() or "RUB"
    closing = check_amount(stmt.ledgerbal.balamt, name, f"{kind}/LEDGERBAL/BALAMT")
    raw_list = root.find(f".//{kind}/{_LIST}")
    converted = list(stmt.banktranlist or [])
    raw_lines = [] if raw_list is None else raw_list.findall("STMTTRN")
    if len(raw_lines) != len(converted):  # cannot happen with one statement; be sure anyway
        raise InvalidInput(f"{name}: the transactions of the statement could not be read consistently.")

    drafts: list[DraftLine] = []
    for i, (trn, raw) in enumerate(zip(converted, raw_lines, strict=True), start=1):
        where = f"{kind}/{_LIST}/STMTTRN[{i}]"
        booked = _date(raw.findtext("DTPOSTED"), name, f"{where}/DTPOSTED")
        if booked is None:
            raise fail(name, f"{where}/DTPOSTED", "is missing")
        payee = trn.name or (trn.payee.name if trn.payee is not None else "")
        other = trn.bankacctto if trn.bankacctto is not None else trn.ccacctto
        fitid = str(trn.fitid).strip()
        drafts.append(DraftLine(
            where=where,
            booked=booked,
            amount=check_amount(trn.trnamt, name, f"{where}/TRNAMT"),
            counterparty_name=str(payee or "").strip(),
            counterparty_account=str(other.acctid).strip() if other is not None else "",
            purpose=str(trn.memo or "").strip(),
            reference=fitid,
            bank_id=fitid,
        ))

    with localcontext() as ctx:
        ctx.prec = 80
        ctx.traps[Inexact] = True
        opening = closing - sum((d.amount for d in drafts), Decimal(0))
    period = (None, None) if raw_list is None else (
        _date(raw_list.findtext("DTSTART"), name, f"{kind}/{_LIST}/DTSTART"),
        _date(raw_list.findtext("DTEND"), name, f"{kind}/{_LIST}/DTEND"),
    )
    return finish(
        name, "ofx", account=account, currency=currency,
        period_start=period[0], period_end=period[1],
        opening=opening, closing=closing, drafts=drafts,
    )
