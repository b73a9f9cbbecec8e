"""Bank statements in one plain shape, and what the readers of their formats share.

:func:`boclerk.formats.bank_statement.read_statement` is the door: bytes in, a
:class:`Statement` out, from one of three formats (DESIGN.md sections 1 and 5):

* ``1c``      -- 1CClientBankExchange, the text export of Russian banks (:mod:`.bank_1c`);
* ``camt053`` -- ISO 20022 camt.053, any ``camt.053.001.*`` version (:mod:`.bank_camt`), and
  ``camt052`` / ``camt054``, the account report and the debit and credit notification, whose
  entries are read the same (they may give no balances: see :func:`finish`);
* ``ofx``     -- OFX 1.x (SGML) and 2.x (XML), read with ofxtools (:mod:`.bank_ofx`).

Every input is hostile until proven otherwise: the size is capped before anything is
parsed, XML that declares a DTD or entities is refused (camt is read by lxml with nothing
fetched or expanded, :mod:`.bank_xml`; OFX by ofxtools after that check), amounts are exact :class:`Decimal` (never a
binary fraction) with a bounded number of digits, and every problem is one
:class:`InvalidInput` sentence naming the file and the line (1C) or element path (XML).
A statement whose opening balance plus its lines does not equal its closing balance is
refused, never repaired.

Fingerprints (for de-duplication across overlapping statements): when the format gives
the bank's unique id of a transaction (OFX ``FITID``, camt ``AcctSvcrRef``) the
fingerprint is ``"<account>:<bank id>"``; otherwise it is a sha256 over the account, the
booking date, the amount, the counterparty account, the reference, the purpose and the
position of the line among identical ones (so two identical same-day payments differ, and
reading the same file again gives the same fingerprints).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, Inexact, localcontext
from typing import NamedTuple

from boclerk.errors import InvalidInput
from boclerk.i18n import _

__all__ = ["FORMATS", "MAX_BYTES", "Statement", "StatementLine"]

FORMATS = ("1c", "camt052", "camt053", "camt054", "ofx")
# How each format is named where a clerk reads it
FORMAT_NAMES = {"1c": "1CClientBankExchange", "camt052": "camt.052", "camt053": "camt.053", "camt054": "camt.054",
                "ofx": "OFX"}
MAX_BYTES = 50 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
_AMOUNT = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,5})?")
_LIMIT = Decimal(10) ** 15
_HASH_TAG = "boclerk-bank-line-1"
# camt kind -> (the message's element, the element of one account's statement in it, the format's code)
CAMT_KINDS = {"052": ("BkToCstmrAcctRpt", "Rpt", "camt052"), "053": ("BkToCstmrStmt", "Stmt", "camt053"),
              "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn", "camt054")}
_CAMT_DOCUMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Document\b[^>]*?urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.")
_CAMT_ANY = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.[0-9]")


def camt_kind(data: bytes) -> str | None:
    """"052", "053" or "054": the camt namespace of the file's ``Document`` (else the first one
    named), from its first 64 KiB; None if it names none."""
    head = data[:65536]
    found = _CAMT_DOCUMENT.search(head) or _CAMT_ANY.search(head)
    return found.group(1).decode() if found else None


class StatementLine(NamedTuple):
    """One line of a statement: a plain tuple underneath (a long statement crosses a process
    boundary and is stored in bulk; a tuple is the cheapest thing to send and to read)."""

    line_no: int  # 1-based order in the statement
    booked: date
    amount: Decimal  # signed: money in > 0, money out < 0
    counterparty_name: str
    counterparty_tax_id: str  # INN in Russia; '' if none
    counterparty_account: str
    purpose: str  # payment purpose / remittance information
    reference: str  # the bank's id of the transaction or the document number; '' if none
    fingerprint: str  # stable id for de-duplication (see the module docstring)


@dataclass(frozen=True)
class Statement:
    format: str  # one of FORMATS
    account: str  # our account number / IBAN
    currency: str  # ISO code
    period_start: date | None
    period_end: date | None
    opening_balance: Decimal | None  # None: the file gives none and none can be worked out
    closing_balance: Decimal | None
    lines: tuple[StatementLine, ...]
    notes: tuple[str, ...] = ()  # what the reader let pass and a clerk should know (an encoding not as claimed)

    def __reduce__(self):
        """Pickled with its lines as columns of plain values, amounts as text: a long statement comes
        back from the reader process this way (a named tuple and a Decimal each cost pickle a call of
        their own; 100,000 lines pickle and unpickle in a third of the time)."""
        columns = list(zip(*self.lines))
        if columns:
            columns[2] = tuple(map(str, columns[2]))
        return (_statement, (self.format, self.account, self.currency, self.period_start, self.period_end,
                             self.opening_balance, self.closing_balance, tuple(columns), self.notes))


def _statement(fmt, account, currency, period_start, period_end, opening, closing, columns, notes) -> Statement:
    """A :class:`Statement` from what its ``__reduce__`` gave."""
    if columns:
        columns = list(columns)
        columns[2] = map(Decimal, columns[2])
    return Statement(fmt, account, currency, period_start, period_end, opening, closing,
                     tuple(map(StatementLine._make, zip(*columns))), notes)


class DraftLine(NamedTuple):
    """A line as a format reader found it, before numbering and fingerprinting."""

    where: str  # "line 12" or an element path, for messages
    booked: date
    amount: Decimal
    counterparty_name: str = ""
    counterparty_tax_id: str = ""
    counterparty_account: str = ""
    purpose: str = ""
    reference: str = ""
    bank_id: str = ""  # the bank's unique id of the transaction, '' if the format has none
    value_dated: bool = False  # no booking date in the file: ``booked`` is the value date (camt ValDt)


# --- helpers shared by the format readers ------------------------------------------------

def show(value: str, limit: int = 40) -> str:
    """A value quoted for a message: shortened, control characters escaped."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def fail(name: str, where: str, problem: str) -> InvalidInput:
    """``InvalidInput("<name>, <where>: <problem>.")``."""
    return InvalidInput(f"{name}, {where}: {problem}." if where else f"{name}: {problem}.")


def parse_amount(text: str, name: str, where: str, *, signed: bool = False) -> Decimal:
    """An exact Decimal from ``1234.56`` (a leading minus only when ``signed``)."""
    body = text.strip()
    negative = signed and body.startswith("-")
    if negative:
        body = body[1:]
    if not _AMOUNT.fullmatch(body):
        raise fail(name, where, _("{text} is not an amount like 1234.56").format(text=show(text)))
    value = Decimal(body)
    return -value if negative else value


def check_amount(value: object, name: str, where: str) -> Decimal:
    """``value`` if it is a finite Decimal of sane size and precision (from a library)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise fail(name, where, _("{value} is not an amount").format(value=show(str(value))))
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -5 or abs(value) >= _LIMIT:
        raise fail(name, where, _("{value} is not an amount like 1234.56").format(value=show(str(value))))
    return value


_DAYS: dict[tuple[str, str, str], date] = {}


def make_date(year: str, month: str, day: str, name: str, where: str, text: str) -> date:
    """The date; one object per day however many lines have it (a long statement is sent and
    pickled whole, and pickle writes an object it has seen as a reference)."""
    key = (year, month, day)
    found = _DAYS.get(key)
    if found is not None:
        return found
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        raise fail(name, where, _("{text} is not a real date").format(text=show(text))) from None
    if len(_DAYS) > 10_000:
        _DAYS.clear()
    _DAYS[key] = found
    return found


def _canonical(amount: Decimal) -> str:
    return "0" if amount == 0 else format(amount.normalize(), "f")


def finish(
    name: str,
    fmt: str,
    *,
    account: str,
    currency: str,
    period_start: date | None,
    period_end: date | None,
    opening: Decimal | None,
    closing: Decimal | None,
    drafts: list[DraftLine],
    notes: tuple[str, ...] = (),
    first_line: int = 1,
) -> Statement:
    """Check the balances, number and fingerprint the lines, build the :class:`Statement`.

    A balance the file does not give (None: a camt.052 report may give none, a camt.054
    notification never does) is worked out from the other and the lines; when neither is given
    both stay None (nothing tells what the account held). Only balances both given are checked
    against each other.

    ``first_line``: the number of its first line (a file of several accounts numbers its lines
    through all of them, so that a line's number names one line of the file)."""
    if not account:
        raise fail(name, "", _("the statement does not name the account it belongs to"))
    with localcontext() as ctx:
        ctx.prec = 80
        ctx.traps[Inexact] = True
        total = sum((d.amount for d in drafts), Decimal(0))
        if opening is None and closing is not None:
            opening = closing - total
        elif closing is None and opening is not None:
            closing = opening + total
        if opening is not None and closing is not None and opening + total != closing:
            raise InvalidInput(
                _("{name}: the opening balance {opening} plus the lines ({total}) does not equal the closing balance {closing}.").format(name=name, opening=opening, total=total, closing=closing)
            )
    lines: list[StatementLine] = []
    first_seen: dict[str, str] = {}
    repeats: dict[tuple[str, ...], int] = {}
    for number, d in enumerate(drafts, start=first_line):
        if d.bank_id:
            if d.bank_id in first_seen:
                raise fail(
                    name, d.where,
                    _("the bank's transaction id {bank_id} was already used at {first_seen}, so the statement contradicts itself").format(bank_id=show(d.bank_id), first_seen=first_seen[d.bank_id]),
                )
            first_seen[d.bank_id] = d.where
            fingerprint = f"{account}:{d.bank_id}"
        else:
            key = (account, d.booked.isoformat(), _canonical(d.amount),
                   d.counterparty_account, d.reference, d.purpose)
            position = repeats.get(key, 0)
            repeats[key] = position + 1
            blob = "\x1f".join((_HASH_TAG, *key, str(position)))
            fingerprint = hashlib.sha256(blob.encode("utf-8")).hexdigest()
        lines.append(StatementLine(number, d.booked, d.amount, d.counterparty_name, d.counterparty_tax_id,
                                   d.counterparty_account, d.purpose, d.reference, fingerprint))
    return Statement(
        format=fmt,
        account=account,
        currency=currency,
        period_start=period_start,
        period_end=period_end,
        opening_balance=opening,
        closing_balance=closing,
        lines=tuple(lines),
        notes=notes,
    )


def search_text(statements, max_chars: int = 2_000_000) -> str:
    """The words of statements for the full-text index, from what their reader read: each
    statement's format, account, currency and period, then a line of text per statement line (its
    date, amount, counterparty, purpose, reference), at most ``max_chars`` characters. Cheap next to
    reading the file's XML again for its text nodes, and without the markup's codes."""
    parts: list[str] = []
    size = 0
    for st in statements:
        period = "..".join(d.isoformat() for d in (st.period_start, st.period_end) if d is not None)
        parts.append(" ".join(filter(None, (FORMAT_NAMES.get(st.format, st.format), st.account, st.currency, period))))
        for ln in st.lines:
            text = " ".join(filter(None, (ln.booked.isoformat(), str(ln.amount), ln.counterparty_name, ln.counterparty_tax_id,
                                          ln.counterparty_account, ln.purpose, ln.reference)))
            parts.append(text)
            size += len(text) + 1
            if size >= max_chars:
                return "\n".join(parts)[:max_chars]
    return "\n".join(parts)[:max_chars]


def only(found: list[Statement], name: str) -> Statement:
    """The one statement of a file read by a reader of one account's statement (several are refused;
    :func:`boclerk.formats.bank_statement.read_statements` reads them all)."""
    if len(found) > 1:
        shown = ", ".join(f"{st.account} {st.currency}" for st in found)
        raise InvalidInput(_("{name} holds statements of {count} accounts ({shown}); boclerk keeps one account's statement per document: ask the bank for one file per account.").format(name=name, count=len(found), shown=shown))
    return found[0]
