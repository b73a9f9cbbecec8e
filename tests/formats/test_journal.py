"""boclerk.formats.journal: hledger, ledger and bean-check accept what we write and agree with it.

The tools are oracles no one here wrote (DESIGN.md section 7). They are not Python
dependencies of boclerk: beancount comes with the test extra; hledger and ledger are
Debian packages that CI installs (a missing one fails there, see tests/oracles.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boclerk.errors import InvalidInput
from boclerk.formats.journal import (
    ACCOUNT_TYPES,
    FORMATS,
    ExportAccount,
    ExportEntry,
    ExportPosting,
    account_name,
    write_journal,
)
from tests.oracles import require_tool

# hledger reads files in the locale's encoding: give every tool a UTF-8 locale.
ENV = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}

ACCOUNTS = (
    ExportAccount("1010", "Касса", "asset"),
    ExportAccount("1020", "Касса", "asset"),  # same name, another code
    ExportAccount("2010", 'Расчёты: "поставщики"; НДС\t20%  (осн.)', "liability"),
    ExportAccount("3000", "Уставный капитал", "equity"),
    ExportAccount("4010", "Выручка", "income"),
    ExportAccount("6010", "Расходы, прочие \\ #1", "expense"),
    ExportAccount("9000", "Unused", "expense"),
)


def _entry(n: int, day: int, memo: str, *postings: tuple[str, int, str | None],
           source: str | None = None, reverses: str | None = None) -> ExportEntry:
    lines = tuple(ExportPosting(code, amount, dep) for code, amount, dep in postings)
    return ExportEntry(f"JE-2026-{n:06d}", dt.date(2026, 1, day), memo, source, lines, reverses)


ENTRIES = (
    _entry(1, 5, 'Sale "big"; paid\nin cash \\o/', ("1010", 126579329, "SALES"),
           ("4010", -126579329, "SALES"), source="SO-2026-000004"),
    _entry(2, 6, "", ("6010", 1, "ADM"), ("2010", -1, None)),
    _entry(3, 7, "Storno; JE-2026-000002", ("6010", -1, "ADM"), ("2010", 1, None),
           reverses="JE-2026-000002"),
    _entry(4, 8, "Взнос в уставный капитал", ("1020", 10000, None), ("3000", -10000, None)),
    _entry(5, 9, "Refund", ("4010", 1000, "SALES"), ("1010", -999, None), ("6010", -1, None),
           source="SO-2026-000005"),
)

# What each tool must read back as the description of each entry.
PLAIN_MEMOS = ['Sale "big", paid in cash \\o/', "", "Storno, JE-2026-000002",
               "Взнос в уставный капитал", "Refund"]
BEAN_MEMOS = ['Sale "big"; paid in cash \\o/', "", "Storno; JE-2026-000002",
              "Взнос в уставный капитал", "Refund"]

NASTY_MEMOS = {  # memo -> (hledger/ledger description, beancount narration)
    "a;b;;c": ("a,b,,c", "a;b;;c"),
    "x\r\ny\n\nz": ("x y z", "x y z"),
    "\t  spaced \u00a0 out  ": ("spaced out", "spaced out"),
    'quote " and backslash \\ and \\"': ('quote " and backslash \\ and \\"',) * 2,
    "(JE-9) looks like a code": ("(JE-9) looks like a code",) * 2,
    "* star ! bang | pipe @ 1 = 2": ("* star ! bang | pipe @ 1 = 2",) * 2,
    "; leading semicolon": (", leading semicolon", "; leading semicolon"),
    "nul\x00 and \u2028 separator, emoji 😀": ("nul and separator, emoji 😀",) * 2,
}


# --- the tools -------------------------------------------------------------------------

def _exe(name: str) -> str:
    return require_tool(name)


def _bean_check() -> str:
    path = Path(sys.executable).parent / "bean-check"
    found = str(path) if path.exists() else shutil.which("bean-check")
    if found is None:
        pytest.fail(f"bean-check is not installed; install beancount with `{sys.executable} "
                    "-m pip install beancount` (the journal export is checked against it).")
    return found


def _beancount(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        pytest.fail(f"beancount is not installed; install it with `{sys.executable} -m pip "
                    "install beancount` (the journal export is checked against it).")


def _run(*args: str) -> str:
    """Run a tool; it must exit 0 and print nothing on stderr. Returns its stdout."""
    done = subprocess.run(args, capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 0 and done.stderr == "", (args, done.returncode, done.stderr)
    return done.stdout


def _write(tmp_path: Path, fmt: str, entries=ENTRIES, accounts=ACCOUNTS, currency="RUB") -> Path:
    buf = io.StringIO()
    count = write_journal(fmt, accounts, entries, buf, currency=currency,
                          company='ООО "Ромашка"; test\nshop')
    assert count == len(tuple(entries))
    path = tmp_path / f"books.{fmt}"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _number(text: str, currency: str) -> Decimal:
    return Decimal(text.replace(currency, "").replace(",", "").strip())


# Each reader returns (balance per account, [(code, memo, tags, [(account, amount, dept)])]).
Books = tuple[dict[str, Decimal], list[tuple[str, str, dict[str, str], list[tuple[str, Decimal, str | None]]]]]


def _read_hledger(path: Path, currency: str) -> Books:
    hledger = _exe("hledger")
    _run(hledger, "-f", str(path), "check", "-s")  # strict: accounts and commodities declared
    rows = list(csv.reader(io.StringIO(
        _run(hledger, "-f", str(path), "bal", "--flat", "-E", "-O", "csv", "--no-total"))))
    assert rows[0] == ["account", "balance"]
    balances = {name: _number(amount, currency) for name, amount in rows[1:]}
    entries = []
    for t in json.loads(_run(hledger, "-f", str(path), "print", "-O", "json")):
        postings = []
        for p in t["tpostings"]:
            (amount,) = p["pamount"]
            assert amount["acommodity"] == currency
            quantity = Decimal(amount["aquantity"]["decimalMantissa"]).scaleb(
                -amount["aquantity"]["decimalPlaces"])
            postings.append((p["paccount"], quantity, dict(p["ptags"]).get("department")))
        entries.append((t["tcode"], t["tdescription"], dict(t["ttags"]), postings))
    return balances, entries


def _read_ledger(path: Path, currency: str) -> Books:
    ledger = _exe("ledger")
    _run(ledger, "-f", str(path), "--pedantic", "bal")
    out = _run(ledger, "-f", str(path), "--pedantic", "--explicit", "balance", "--flat",
               "--no-total", "--empty", "--balance-format",
               "%(account)\t%(quantity(display_total))\t%(commodity(display_total))\n")
    balances = {}
    for line in out.splitlines():
        name, amount, commodity = line.split("\t")
        assert commodity in (currency, ""), line
        balances[name] = _number(amount, currency)
    fmt = ('%(code)\t%(payee)\t%(tag("source"))\t%(tag("reverses"))\t%(account)\t'
           '%(quantity(amount))\t%(commodity(amount))\t%(tag("department"))\n')
    grouped: dict[str, tuple[str, dict[str, str], list]] = {}
    out = _run(ledger, "-f", str(path), "--pedantic", "--explicit", "register", "--format", fmt)
    for line in out.splitlines():
        code, payee, source, reverses, account, amount, commodity, dept = line.split("\t")
        assert commodity == currency, line
        tags = {k: v for k, v in (("source", source), ("reverses", reverses)) if v}
        memo = "" if payee == "<Unspecified payee>" else payee
        grouped.setdefault(code, (memo, tags, []))[2].append(
            (account, _number(amount, currency), dept or None))
    return balances, [(code, *rest) for code, rest in grouped.items()]


def _read_beancount(path: Path, currency: str) -> Books:
    _run(_bean_check(), str(path))
    loader = _beancount("beancount.loader")
    realization = _beancount("beancount.core.realization")
    data = _beancount("beancount.core.data")
    directives, errors, options = loader.load_file(str(path))
    assert errors == []
    assert options["operating_currency"] == [currency]
    balances = {}
    for real in realization.iter_children(realization.realize(directives)):
        if real.txn_postings:
            balances[real.account] = real.balance.get_currency_units(currency).number
    entries = []
    for txn in (d for d in directives if isinstance(d, data.Transaction)):
        tags = {k: txn.meta[k] for k in ("source", "reverses") if k in txn.meta}
        postings = [(p.account, p.units.number, (p.meta or {}).get("department"))
                    for p in txn.postings]
        assert all(p.units.currency == currency for p in txn.postings)
        entries.append((txn.meta["number"], txn.narration, tags, postings))
    return balances, entries


READERS = {"hledger": _read_hledger, "ledger": _read_ledger, "beancount": _read_beancount}


def _expected_balances(fmt: str, entries, accounts=ACCOUNTS, places: int = 2) -> dict[str, Decimal]:
    totals: dict[str, int] = defaultdict(int)
    for entry in entries:
        for p in entry.postings:
            totals[p.account_code] += p.amount
    names = {a.code: account_name(a, fmt) for a in accounts}
    return {names[code]: Decimal(total).scaleb(-places) for code, total in totals.items() if total}


def _nonzero(balances: dict[str, Decimal]) -> dict[str, Decimal]:
    return {name: amount for name, amount in balances.items() if amount}


# --- the tools accept the files and read back the same books ---------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_tool_accepts_journal_and_agrees_to_the_kopeck(tmp_path, fmt):
    balances, entries = READERS[fmt](_write(tmp_path, fmt), "RUB")
    assert _nonzero(balances) == _expected_balances(fmt, ENTRIES)
    names = {a.code: account_name(a, fmt) for a in ACCOUNTS}
    memos = BEAN_MEMOS if fmt == "beancount" else PLAIN_MEMOS
    expected = [
        (e.number, memo,
         {k: v for k, v in (("source", e.source), ("reverses", e.reverses)) if v},
         [(names[p.account_code], Decimal(p.amount).scaleb(-2), p.department) for p in e.postings])
        for e, memo in zip(ENTRIES, memos, strict=True)
    ]
    assert entries == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_tool_reads_nasty_memos_as_one_safe_line(tmp_path, fmt):
    entries = tuple(_entry(n, 5, memo, ("1010", n, None), ("4010", -n, None))
                    for n, memo in enumerate(NASTY_MEMOS, start=1))
    _, read = READERS[fmt](_write(tmp_path, fmt, entries), "RUB")
    want = [pair[fmt == "beancount"] for pair in NASTY_MEMOS.values()]
    assert [memo for _, memo, _, _ in read] == want


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("accounts", [ACCOUNTS, ()], ids=["chart", "no-accounts"])
def test_empty_journal_is_valid(tmp_path, fmt, accounts):
    balances, entries = READERS[fmt](_write(tmp_path, fmt, (), accounts), "RUB")
    assert _nonzero(balances) == {} and entries == []
    if fmt == "beancount" and accounts:
        assert "1970-01-01 open Assets:1010-Касса RUB" in (tmp_path / "books.beancount").read_text()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("currency", "places"), [("JPY", 0), ("KWD", 3)])
def test_currencies_with_other_decimals(tmp_path, fmt, currency, places):
    entries = (_entry(1, 5, "m", ("1010", 1500, None), ("4010", -1500, None)),
               _entry(2, 6, "m", ("1010", 1, None), ("6010", -1, None)))
    balances, _ = READERS[fmt](_write(tmp_path, fmt, entries, currency=currency), currency)
    assert _nonzero(balances) == _expected_balances(fmt, entries, places=places)


# --- the text itself -------------------------------------------------------------------

def test_text_of_each_format():
    out = {}
    for fmt in FORMATS:
        buf = io.StringIO()
        write_journal(fmt, ACCOUNTS[:1] + ACCOUNTS[4:5], ENTRIES[:1], buf, currency="rub")
        out[fmt] = buf.getvalue()
    assert "account Assets:1010 Касса  ; type: A\n" in out["hledger"]
    assert "decimal-mark .\ncommodity 1000.00 RUB\n" in out["hledger"]
    assert "account Assets:1010 Касса\n    ; type: A\n" in out["ledger"]
    assert "commodity RUB\n" in out["ledger"] and "tag department\n" in out["ledger"]
    for fmt in ("hledger", "ledger"):
        assert '2026-01-05 (JE-2026-000001) Sale "big", paid in cash \\o/\n' in out[fmt]
        assert "    ; source: SO-2026-000004\n" in out[fmt]
        assert "1265793.29 RUB\n        ; department: SALES\n" in out[fmt]
        assert "-1265793.29 RUB\n" in out[fmt]
    bean = out["beancount"]
    assert 'option "operating_currency" "RUB"\n' in bean
    assert "2026-01-05 open Assets:1010-Касса RUB\n" in bean
    assert '2026-01-05 * "Sale \\"big\\"; paid in cash \\\\o/"\n  number: "JE-2026-000001"\n' in bean
    assert '1265793.29 RUB\n    department: "SALES"\n' in bean


# --- account names ---------------------------------------------------------------------

def test_account_name_scheme():
    cash, _, payables, *_ = ACCOUNTS
    assert account_name(cash, "hledger") == "Assets:1010 Касса"
    assert account_name(cash, "ledger") == "Assets:1010 Касса"
    assert account_name(cash, "beancount") == "Assets:1010-Касса"
    assert account_name(payables, "hledger") == 'Liabilities:2010 Расчёты- "поставщики"- НДС 20% (осн.)'
    assert account_name(payables, "beancount") == "Liabilities:2010-Расчёты-поставщики-НДС-20-осн"
    assert account_name(ExportAccount("7", "!!!", "equity"), "beancount") == "Equity:7"
    assert account_name(ExportAccount("kas", "x", "income"), "beancount") == "Income:Kas-x"
    assert account_name(ExportAccount("кас", "x", "income"), "beancount") == "Income:Кас-x"
    assert account_name(ExportAccount("京", "x", "income"), "beancount") == "Income:X京-x"
    for kind, (top, _) in ACCOUNT_TYPES.items():
        assert account_name(ExportAccount("1", "N", kind), "ledger") == f"{top}:1 N"


@settings(max_examples=300, deadline=None)
@given(code=st.text(min_size=1, max_size=8), name=st.text(max_size=30),
       kind=st.sampled_from(sorted(ACCOUNT_TYPES)))
def test_account_names_are_valid_for_every_tool(code, name, kind):
    is_valid = _beancount("beancount.core.account").is_valid
    account = ExportAccount(code, name, kind)
    try:
        bean = account_name(account, "beancount")
    except InvalidInput:
        bean = None  # a code with nothing writable in it
    if bean is not None:
        assert is_valid(bean), bean
    try:
        plain = account_name(account, "hledger")
    except InvalidInput:
        return
    assert plain == account_name(account, "ledger")
    top, _, rest = plain.partition(":")
    assert top == ACCOUNT_TYPES[kind][0] and rest and rest == rest.strip()
    assert not any(bad in rest for bad in ("  ", "\t", "\n", "\r", ";", ":")), plain
    assert rest.isprintable()


@given(codes=st.sets(st.text(alphabet="0123456789", min_size=1, max_size=6), min_size=2, max_size=20),
       name=st.text(max_size=20))
def test_account_names_are_unique_per_code(codes, name):
    accounts = [ExportAccount(code, name, "asset") for code in codes]  # all with one name
    for fmt in FORMATS:
        assert len({account_name(a, fmt) for a in accounts}) == len(codes)
        write_journal(fmt, accounts, (), io.StringIO(), currency="RUB")


# --- refusals --------------------------------------------------------------------------

def test_unknown_format_is_refused():
    out = io.StringIO()
    with pytest.raises(InvalidInput, match="'gnucash' is not a journal format"):
        write_journal("gnucash", ACCOUNTS, ENTRIES, out, currency="RUB")
    with pytest.raises(InvalidInput):
        account_name(ACCOUNTS[0], "csv")
    assert out.getvalue() == ""


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("accounts", "entries", "message"), [
    ((ExportAccount("1", "A", "asset"), ExportAccount("1", "B", "asset")), (), "listed twice"),
    ((ExportAccount("1", "A", "cash"),), (), "has type 'cash'"),
    ((ExportAccount("  ", "A", "asset"),), (), "cannot be written"),
    ((ExportAccount("1:", "A", "asset"), ExportAccount("1;", "A", "asset")), (), "would both be"),
    (ACCOUNTS, (_entry(1, 5, "m", ("1010", 100, None), ("4010", -99, None)),), "does not balance"),
    (ACCOUNTS, (_entry(1, 5, "m", ("1010", 100, None), ("4011", -100, None)),), "not in the chart"),
    (ACCOUNTS, (_entry(1, 5, "m"),), "has no postings"),
])
def test_bad_input_is_refused_before_anything_is_written(fmt, accounts, entries, message):
    out = io.StringIO()
    with pytest.raises(InvalidInput, match=message):
        write_journal(fmt, accounts, ENTRIES[:1] + entries, out, currency="RUB")
    assert out.getvalue() == ""


def test_codes_that_collide_only_in_beancount_are_refused_there():
    accounts = (ExportAccount("10.10", "A", "asset"), ExportAccount("10-10", "A", "asset"))
    write_journal("hledger", accounts, (), io.StringIO(), currency="RUB")
    with pytest.raises(InvalidInput, match="would both be written as 'Assets:10-10-A'"):
        write_journal("beancount", accounts, (), io.StringIO(), currency="RUB")


@pytest.mark.parametrize("currency", ["XYZ1", "", "рубль"])
def test_unknown_currency_is_refused(currency):
    with pytest.raises(InvalidInput):
        write_journal("hledger", ACCOUNTS, ENTRIES, io.StringIO(), currency=currency)
