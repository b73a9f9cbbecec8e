"""OFX 1.x (SGML) and 2.x (XML) bank and credit-card statements, read with ofxtools.

ofxtools parses the header and body and validates every element against the OFX
specification (``OFXTree.parse`` on a binary file object, then ``convert``); any error it
raises becomes one sentence. OFX never needs a DTD or entities, so a file declaring one
is refused before parsing. Booking dates are the bank's own calendar date as written in
``DTPOSTED`` (ofxtools would shift them to UTC). ``FITID`` is the bank's id of a
transaction and feeds the fingerprint. OFX has no opening balance: it is the
``LEDGERBAL`` closing balance minus the sum of the lines.

What real banks send and ofxtools refuses is mended first where the meaning is clear: a
``BANKID`` longer than the specification's 9 characters (boclerk does not keep it; its first
9 stand in), a timestamp with a colon before its milliseconds (``20180804093914:014``), an
SGML ``BANKTRANLIST`` left open before the balance. Several statements of one account (and
currency) in a file are read as one when they cover the file's lines in turn; statements of
several accounts make one statement per account. A refusal gives ofxtools' whole
reason, never one cut short.
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
    only,
    make_date,
    show,
)
from boclerk.formats.structure import check_markup
from boclerk.i18n import _

_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_LIST = "BANKTRANLIST"


def _reason(err: BaseException) -> str:
    """ofxtools' whole reason on one line (a few hundred characters at most, never cut mid-sentence)."""
    text = " ".join(str(err).split()).rstrip(":").strip() or type(err).__name__
    if "ConversionSyntax" in text or "InvalidOperation" in text:
        return _("an amount (TRNAMT or BALAMT) is not a number like -34.51")
    return text if len(text) <= 400 else text[:400].rsplit(" ", 1)[0] + " …"


_LONG_BANKID = re.compile(rb"(<BANKID>\s*)([^<\s]{10,})")
_COLON_MILLIS = re.compile(rb"(<DT[A-Z]+>\s*[0-9]{14}):([0-9]{3})")
_OPEN_LIST = re.compile(rb"(</STMTTRN>\s*)(<LEDGERBAL>)")


def _mend(data: bytes) -> bytes:
    """Quirks of real banks' OFX whose meaning is clear, put the way ofxtools reads them."""
    data = _LONG_BANKID.sub(lambda m: m.group(1) + m.group(2)[:9], data)
    data = _COLON_MILLIS.sub(rb"\1.\2", data)
    if data.count(b"<BANKTRANLIST>") > data.count(b"</BANKTRANLIST>"):
        data = _OPEN_LIST.sub(rb"\1</BANKTRANLIST>\2", data)
    return data


def _date(text: str | None, name: str, where: str) -> date | None:
    if not text:
        return None
    match = _DATE.match(text.strip())
    if not match:
        raise fail(name, where, _("{text} is not an OFX date like 20260131").format(text=show(text)))
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
        raise InvalidInput(_("{name} is not OFX boclerk can read: {reason}.").format(name=name, reason=_reason(err))) from None


def read(data: bytes, name: str) -> Statement:
    """The statement of a file of one account (see :func:`read_all` for several)."""
    return only(read_all(data, name), name)


def read_all(data: bytes, name: str) -> list[Statement]:
    """One statement per account (and currency) of the file, in the order the file first names each."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    data = data.lstrip()
    if _DECLARATION.search(data):
        raise InvalidInput(
            _("{name} declares a DTD or entities, which boclerk refuses in XML because they can hide entity bombs and reach outside files.").format(name=name)
        )
    check_markup(data, name, sgml=data.startswith(b"OFXHEADER"))
    root, ofx = _parse(_mend(data), name)
    try:
        statements = list(ofx.statements)
    except Exception as err:
        raise InvalidInput(_("{name} is not OFX boclerk can read: {reason}.").format(name=name, reason=_reason(err))) from None
    if not statements:
        raise InvalidInput(_("{name} holds no statement.").format(name=name))
    kinds = {type(stmt).__name__ for stmt in statements}
    if kinds - {"STMTRS", "CCSTMTRS"}:
        raise InvalidInput(_("{name} is an OFX {kind}, not a bank or card statement.").format(
            name=name, kind=sorted(kinds - {"STMTRS", "CCSTMTRS"})[0]))
    raws = [el for el in root.iter() if el.tag in ("STMTRS", "CCSTMTRS")]
    if len(raws) != len(statements):  # cannot happen; be sure anyway
        raise InvalidInput(_("{name}: the statements of the file could not be read consistently.").format(name=name))
    groups: dict[tuple[str, str], list] = {}
    for n, (stmt, raw_stmt) in enumerate(zip(statements, raws, strict=True), start=1):
        key = (str(stmt.account.acctid or "").strip(), str(stmt.curdef or "").strip() or "RUB")
        kind = type(stmt).__name__ + (f"[{n}]" if len(statements) > 1 else "")
        groups.setdefault(key, []).append((kind, stmt, raw_stmt))
    out: list[Statement] = []
    first_line = 1
    for (account, currency), parts in groups.items():
        out.append(_account(name, account, currency, parts, first_line))
        first_line += len(out[-1].lines)
    return out


def _account(name: str, account: str, currency: str, parts: list, first_line: int) -> Statement:
    """One account's statement from its STMTRS (``parts``: (path, converted, raw element))."""
    drafts: list[DraftLine] = []
    starts, ends = [], []
    closing = Decimal(0)
    for kind, stmt, raw_stmt in parts:
        closing = check_amount(stmt.ledgerbal.balamt, name, f"{kind}/LEDGERBAL/BALAMT")
        raw_list = raw_stmt.find(_LIST)
        converted = list(stmt.banktranlist or [])
        raw_lines = [] if raw_list is None else raw_list.findall("STMTTRN")
        if len(raw_lines) != len(converted):  # cannot happen; be sure anyway
            raise InvalidInput(_("{name}: the transactions of the statement could not be read consistently.").format(name=name))
        for i, (trn, raw) in enumerate(zip(converted, raw_lines, strict=True), start=1):
            where = f"{kind}/{_LIST}/STMTTRN[{i}]"
            booked = _date(raw.findtext("DTPOSTED"), name, f"{where}/DTPOSTED")
            if booked is None:
                raise fail(name, f"{where}/DTPOSTED", _("is missing"))
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
        if raw_list is not None:
            starts.append(_date(raw_list.findtext("DTSTART"), name, f"{kind}/{_LIST}/DTSTART"))
            ends.append(_date(raw_list.findtext("DTEND"), name, f"{kind}/{_LIST}/DTEND"))
    # OFX gives no opening balance: it is the last statement's closing balance less every line
    # (each statement's own balance is as of its own date, so the last one closes the file).
    with localcontext() as ctx:
        ctx.prec = 80
        ctx.traps[Inexact] = True
        opening = closing - sum((d.amount for d in drafts), Decimal(0))
    starts = [d for d in starts if d is not None]
    ends = [d for d in ends if d is not None]
    return finish(
        name, "ofx", account=account, currency=currency,
        period_start=min(starts) if starts else None, period_end=max(ends) if ends else None,
        opening=opening, closing=closing, drafts=drafts, first_line=first_line,
    )
