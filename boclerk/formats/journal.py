"""The posted general journal as plain-text accounting files for hledger, ledger and beancount.

Plain data in (:class:`ExportAccount`, :class:`ExportEntry`), text out. The three formats
are read by tools no one here wrote, so that they can check boclerk's books
(DESIGN.md section 7). What is written:

- every account is declared, with its type, before the first entry; so is the currency
  (hledger ``commodity 1000.00 RUB`` after ``decimal-mark .``, ledger ``commodity RUB``,
  beancount ``open`` directives dated on the earliest entry date and
  ``option "operating_currency"``), and for hledger/ledger the tags used;
- account names: the top level from the type (Assets, Liabilities, Equity, Income,
  Expenses), then one sub-account from the code and name (see :func:`account_name`);
- each entry with its number (hledger/ledger transaction code, beancount metadata
  ``number``), ``source`` and ``reverses`` as transaction tags/metadata and ``department``
  as posting tags/metadata; every posting amount is explicit, with exactly the
  currency's decimals and the ISO code as commodity (``-1265793.29 RUB``).

Free text is made safe for each format: one line, no ``;`` in hledger/ledger
descriptions, quotes and backslashes escaped in beancount strings. Files are UTF-8;
hledger reads them in the locale's encoding, so run it under a UTF-8 locale
(``LC_ALL=C.UTF-8``). Entries are written in the order given: pass them by date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.money import currency_decimals, decimal_str

FORMATS = ("hledger", "ledger", "beancount")
#: account type -> (top-level account, hledger type letter)
ACCOUNT_TYPES = {
    "asset": ("Assets", "A"),
    "liability": ("Liabilities", "L"),
    "equity": ("Equity", "E"),
    "income": ("Income", "R"),
    "expense": ("Expenses", "X"),
}
TAGS = ("source", "reverses", "department")
_DASHES = re.compile(r"-{2,}")


@dataclass(frozen=True)
class ExportAccount:
    """An account of the chart: code ("1010"), name ("Касса"), type (one of ACCOUNT_TYPES)."""

    code: str
    name: str
    type: str


@dataclass(frozen=True)
class ExportPosting:
    """One line of an entry: minor units, debit > 0, credit < 0; optional department code."""

    account_code: str
    amount: int
    department: str | None = None


@dataclass(frozen=True)
class ExportEntry:
    """A posted journal entry; ``reverses`` is the number of the entry it reverses."""

    number: str
    date: dt.date
    memo: str
    source: str | None
    postings: tuple[ExportPosting, ...]
    reverses: str | None = None


def _one_line(text: str) -> str:
    """NFC text on one line: separators and control characters become single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c)[0] in "ZC" else c for c in text)
    return " ".join(text.split())


def _plain_name(text: str) -> str:
    """A piece of an hledger/ledger account name: one line, single spaces, no ':' or ';'."""
    return _one_line(text.replace(":", "-").replace(";", "-"))


def _bean_component(text: str) -> str:
    """Letters, ASCII digits and single dashes only (what beancount allows in a component)."""
    kept = "".join(
        c if (c.isascii() and (c.isalnum() or c == "-"))
        or (not c.isascii() and unicodedata.category(c)[0] == "L") else "-"
        for c in unicodedata.normalize("NFC", text)
    )
    return _DASHES.sub("-", kept).strip("-")


def _quote(text: str) -> str:
    """A beancount string literal on one line."""
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _tag_value(text: str) -> str:
    """An hledger/ledger tag value: one line, no ',' (which ends an hledger tag value)."""
    return _one_line(text.replace(",", " "))


def _check_fmt(fmt: str) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(_("'{fmt}' is not a journal format; choose one of {names}.").format(fmt=fmt, names=', '.join(FORMATS)))
    return fmt


def _account_type(account: ExportAccount) -> tuple[str, str]:
    kind = ACCOUNT_TYPES.get(str(account.type).strip().lower())
    if kind is None:
        raise InvalidInput(_("Account {code} has type '{type}'; expected one of {names}.").format(code=account.code, type=account.type, names=', '.join(ACCOUNT_TYPES)))
    return kind


def account_name(account: ExportAccount, fmt: str) -> str:
    """The name of ``account`` in a file for ``fmt``.

    hledger and ledger: ``Assets:1010 Касса`` (top level, ':', code, one space, name;
    whitespace collapsed to single spaces, ':' and ';' replaced by '-').
    beancount: ``Assets:1010-Касса`` (code and name joined by '-', every character that
    is not a letter, an ASCII digit or '-' replaced by '-', dashes collapsed; a code that
    does not start with a digit or a capital gets its first letter capitalised, or an
    ``X`` prefix). The code keeps names unique per code; :func:`write_journal` refuses
    the rare codes that would still collide ("10.10" and "10-10").
    """
    top = _account_type(account)[0]
    if _check_fmt(fmt) == "beancount":
        code, name = _bean_component(account.code), _bean_component(account.name)
        if code and not (code[0].isdigit() or unicodedata.category(code[0]) == "Lu"):
            first = code[0].upper()
            ok = len(first) == 1 and unicodedata.category(first) == "Lu"
            code = first + code[1:] if ok else "X" + code
        sep = "-"
    else:
        code, name, sep = _plain_name(account.code), _plain_name(account.name), " "
    if not code:
        raise InvalidInput(_("Account code '{code}' cannot be written in a {fmt} journal.").format(code=account.code, fmt=fmt))
    return f"{top}:{code}{sep}{name}" if name else f"{top}:{code}"


def _names(accounts: Sequence[ExportAccount], fmt: str) -> dict[str, str]:
    """account code -> file name, refusing duplicate codes and colliding names."""
    names: dict[str, str] = {}
    owner: dict[str, str] = {}
    for account in accounts:
        if account.code in names:
            raise InvalidInput(_("Account {code} is listed twice.").format(code=account.code))
        name = account_name(account, fmt)
        if name in owner:
            raise InvalidInput(_("Accounts {owner} and {code} would both be written as '{name}' in a {fmt} journal.").format(owner=owner[name], code=account.code, name=name, fmt=fmt))
        names[account.code], owner[name] = name, account.code
    return names


def _check_entry(entry: ExportEntry, names: dict[str, str], currency: str) -> None:
    if not entry.postings:
        raise InvalidInput(_("Journal entry {number} has no postings.").format(number=entry.number))
    for posting in entry.postings:
        if posting.account_code not in names:
            raise InvalidInput(_("Journal entry {number} posts to account {account_code}, which is not in the chart.").format(number=entry.number, account_code=posting.account_code))
    difference = sum(p.amount for p in entry.postings)
    if difference:
        raise InvalidInput(_("Journal entry {number} does not balance: debits and credits differ by {amount} {currency}.").format(number=entry.number, amount=decimal_str(difference, currency), currency=currency))


def _day(value: dt.date) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _write_plain(fmt: str, accounts: Sequence[ExportAccount], names: dict[str, str],
                 entries: Sequence[ExportEntry], out: TextIO, currency: str, company: str) -> None:
    """hledger (``fmt == "hledger"``) or ledger text."""
    hledger = fmt == "hledger"
    title = _one_line(company)
    out.write(f"; {title + ': ' if title else ''}general journal exported by boclerk ({fmt})\n\n")
    if hledger:
        example = decimal_str(1000 * 10 ** currency_decimals(currency), currency)
        point = "" if "." in example else "."  # hledger wants a decimal mark: "1000. JPY"
        out.write(f"decimal-mark .\ncommodity {example}{point} {currency}\n")
    else:
        out.write(f"commodity {currency}\n")
    out.writelines(f"tag {tag}\n" for tag in TAGS)
    out.write("\n")
    for account in accounts:
        letter = _account_type(account)[1]
        name = names[account.code]
        out.write(f"account {name}  ; type: {letter}\n" if hledger
                  else f"account {name}\n    ; type: {letter}\n")
    width = max((len(n) for n in names.values()), default=0)
    for entry in entries:
        code = _plain_name(entry.number).replace("(", "-").replace(")", "-")
        memo = _one_line(entry.memo.replace(";", ","))
        parts = (_day(entry.date), f"({code})" if code else "", memo)
        head = " ".join(part for part in parts if part)
        out.write(f"\n{head}\n")
        for tag, value in (("source", entry.source), ("reverses", entry.reverses)):
            if value and _tag_value(value):
                out.write(f"    ; {tag}: {_tag_value(value)}\n")
        amounts = [decimal_str(p.amount, currency) for p in entry.postings]
        digits = max(len(a) for a in amounts)
        for posting, amount in zip(entry.postings, amounts, strict=True):
            target = names[posting.account_code]
            out.write(f"    {target:<{width}}  {amount:>{digits}} {currency}\n")
            if posting.department and _tag_value(posting.department):
                out.write(f"        ; department: {_tag_value(posting.department)}\n")


def _write_beancount(accounts: Sequence[ExportAccount], names: dict[str, str],
                     entries: Sequence[ExportEntry], out: TextIO, currency: str,
                     company: str) -> None:
    """beancount text; accounts open on the earliest entry date (1970-01-01 without entries)."""
    opened = min((_day(e.date) for e in entries), default="1970-01-01")
    out.write("; general journal exported by boclerk (beancount)\n")
    if _one_line(company):
        out.write(f"option \"title\" {_quote(company)}\n")
    out.write(f"option \"operating_currency\" \"{currency}\"\n\n{opened} commodity {currency}\n")
    for account in accounts:
        out.write(f"{opened} open {names[account.code]} {currency}\n"
                  f"  code: {_quote(account.code)}\n  name: {_quote(account.name)}\n")
    width = max((len(n) for n in names.values()), default=0)
    for entry in entries:
        out.write(f"\n{_day(entry.date)} * {_quote(entry.memo)}\n")
        for key, value in (("number", entry.number), ("source", entry.source),
                           ("reverses", entry.reverses)):
            if value:
                out.write(f"  {key}: {_quote(value)}\n")
        amounts = [decimal_str(p.amount, currency) for p in entry.postings]
        digits = max(len(a) for a in amounts)
        for posting, amount in zip(entry.postings, amounts, strict=True):
            target = names[posting.account_code]
            out.write(f"  {target:<{width}}  {amount:>{digits}} {currency}\n")
            if posting.department:
                out.write(f"    department: {_quote(posting.department)}\n")


def write_journal(fmt: str, accounts: Sequence[ExportAccount], entries: Iterable[ExportEntry],
                  out: TextIO, *, currency: str, company: str = "") -> int:
    """Write ``entries`` (in the order given) as an ``fmt`` journal to ``out``; return their number.

    ``fmt`` is "hledger", "ledger" or "beancount". Everything is checked before the first
    character is written: a known format and currency, account types, unique codes and
    names, and entries that have postings, post only to listed accounts and balance
    exactly. Any failure raises :class:`InvalidInput`.
    """
    _check_fmt(fmt)
    code = currency.strip().upper() if isinstance(currency, str) else ""
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise InvalidInput(_("'{currency}' is not a three-letter currency code.").format(currency=currency))
    currency_decimals(code)  # InvalidInput for a code Babel does not know
    names = _names(accounts, fmt)
    posted = tuple(entries)
    for entry in posted:
        _check_entry(entry, names, code)
    if fmt == "beancount":
        _write_beancount(accounts, names, posted, out, code, company)
    else:
        _write_plain(fmt, accounts, names, posted, out, code, company)
    return len(posted)
