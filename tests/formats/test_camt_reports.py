"""camt.052 (account report) and camt.054 (debit and credit notification) read as statements: the
same entries as camt.053 in an ``Rpt`` or an ``Ntfctn``; the balances they give checked as a
statement's, those they do not give worked out from the lines and said; the format named.

Real files written by others (tests/formats/samples/SOURCES.md): hbci4java's camt.052 test files
(German online banking: a previous-day balance, ``NONREF`` where the bank has no reference) and
genkgo/camt's camt.052 and camt.054 (no balances at all); a Swiss bank's notification made here
(entries not booked yet: the value date stands for the booking date)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from boclerk.errors import InvalidInput
from boclerk.formats.bank import FORMAT_NAMES, search_text
from boclerk.formats.bank_statement import detect_format, read_statement, read_statements
from tests.formats import camt_reference as reference

SAMPLES = Path(__file__).parent / "samples" / "camt"
IBAN = "DE89370400440532013000"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def refused(data: bytes, name: str = "report.xml") -> str:
    with pytest.raises(InvalidInput) as info:
        read_statements(data, name=name)
    return str(info.value)


def same_both_ways(data: bytes, name: str) -> None:
    """The stream reader and the plain reading (tests/formats/camt_reference.py) agree, the notes aside
    (the plain reading makes none)."""
    fast = read_statements(data, name=name)
    slow = reference.read_all(data, name)
    assert [(st.format, st.account, st.currency, st.opening_balance, st.closing_balance, st.lines) for st in fast] == \
        [(st.format, st.account, st.currency, st.opening_balance, st.closing_balance, st.lines) for st in slow]


# --- real files -----------------------------------------------------------------------------------

def test_a_german_banks_camt052_report_is_read_and_its_balances_checked():
    data = sample("hbci4java-test-camt-parse-05200102.xml")
    assert detect_format(data) == "camt052"
    [st] = read_statements(data, name="umsaetze.xml")
    assert (st.format, st.account, st.currency, st.opening_balance, st.closing_balance, st.notes) == (
        "camt052", "DE12345678901234567890", "EUR", Decimal("100.00"), Decimal("110.50"), ())  # PRCD, CLBD
    assert [(ln.line_no, str(ln.booked), ln.amount, ln.counterparty_name, ln.counterparty_account, ln.purpose,
             ln.reference) for ln in st.lines] == [
        (1, "2018-07-20", Decimal("10.00"), "Max Mustermann", "DE12345678901234567891", "Verwendungszweck 1", ""),
        (2, "2018-07-20", Decimal("0.50"), "Bert Bezahler", "DE12345678901234567892", "Verwendungszweck 2", ""),
    ]
    # Both entries say AcctSvcrRef NONREF: no id of the bank's, so neither is refused as a repeat of the other
    # and their fingerprints come from their contents.
    assert len({ln.fingerprint for ln in st.lines}) == 2 and not any(":" in ln.fingerprint for ln in st.lines)
    same_both_ways(data, "umsaetze.xml")


def test_a_camt052_version_8_report():
    data = sample("hbci4java-test-camt-parse-05200108.xml")
    st = read_statement(data, name="r.xml")
    assert (st.format, st.opening_balance, st.closing_balance) == ("camt052", Decimal("100.00"), Decimal("66.00"))
    [ln] = st.lines
    assert (ln.amount, ln.counterparty_name, ln.reference, ln.fingerprint) == (
        Decimal("-34.00"), "Beispiel AG", "2023-11-10-00.06.42.329883", "DE12345678901234567890:2023-11-10-00.06.42.329883")
    same_both_ways(data, "r.xml")


def test_the_checks_that_apply_to_a_report_are_kept():
    # balances given with thirteen decimals
    assert refused(sample("hbci4java-test-camt-parse-5200108-invalid-saldo.xml"), "saldo.xml") == (
        "saldo.xml, Document/BkToCstmrAcctRpt/Rpt/Bal[1]/Amt: '100.0000000000005' is not an amount like 1234.56.")
    # a returned direct debit whose report opens and closes on 100.00 though 53.00 went out
    assert refused(sample("hbci4java-test-camt-ruecklastschrift.xml"), "r.xml") == (
        "r.xml: the opening balance 100.00 plus the lines (-53.00) does not equal the closing balance 100.00.")


@pytest.mark.parametrize("name, fmt", [
    ("genkgo-camt052.v2.other-account.xml", "camt052"), ("genkgo-camt052.v8.xml", "camt052"),
    ("genkgo-camt054.v2.xml", "camt054"), ("genkgo-camt054.v4.xml", "camt054"), ("genkgo-camt054.v8.xml", "camt054"),
])
def test_reports_and_notifications_without_balances_keep_none(name, fmt):
    data = sample(name)
    assert detect_format(data) == fmt
    [st] = read_statements(data, name=name)
    assert (st.format, st.account, st.currency) == (fmt, "CH2801234000123456789", "SEK")  # the entry's currency: neither Acct/Ccy nor a balance gives one
    total = sum((ln.amount for ln in st.lines), Decimal(0))
    assert st.lines and (st.opening_balance, st.closing_balance) == (None, None)  # not 0: nothing tells the balance
    assert st.notes == (f"CH2801234000123456789: the file gives no balances; none is kept, its lines add up to {total}, "
                        "and no balance was checked",)
    same_both_ways(data, name)


def test_a_notification_entry_without_a_booking_or_value_date_is_refused_by_its_path():
    assert refused(sample("genkgo-camt054.v8-with-UETR.xml"), "n.xml") == (
        "n.xml, Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry[1]/BookgDt: is missing, and so is the value date (ValDt).")


def test_a_notification_entry_not_yet_booked_takes_its_value_date_and_says_so():
    """A Swiss bank's camt.054 of QR-bill credits (tests/formats/samples/SOURCES.md): the first entry
    has its booking date, the two after it only their value date."""
    data = sample("boclerk-camt054-value-dated.xml")
    [st] = read_statements(data, name="avis.xml")
    assert (st.format, st.account, st.currency, st.opening_balance, st.closing_balance) == (
        "camt054", "CH5604835012345678009", "CHF", None, None)
    assert [(ln.line_no, str(ln.booked), ln.amount, ln.counterparty_name, ln.purpose, ln.reference) for ln in st.lines] == [
        (1, "2026-12-03", Decimal("1249.00"), "Meier Sport GmbH", "210000000003139471430009017", "20261203001234567"),
        (2, "2026-12-04", Decimal("389.50"), "Anna Keller", "Bestellung SO-2026-000417", "20261204000876543"),
        (3, "2026-12-04", Decimal("-2.50"), "", "Gebuehr QR-Einzahlung", "20261204000876544"),
    ]
    assert st.notes[-1] == ("CH5604835012345678009: 2 entries give no booking date (BookgDt), so the value date (ValDt) "
                            "of each is taken for it, the first at Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry[2]")
    same_both_ways(data, "avis.xml")
    # one such entry is said in the singular; a booking date, when given, wins over a different value date
    one = data.replace(b"<ValDt>\n          <Dt>2026-12-04</Dt>\n        </ValDt>\n        <AcctSvcrRef>20261204000876544",
                       b"<BookgDt><Dt>2026-12-05</Dt></BookgDt><ValDt><Dt>2026-12-04</Dt></ValDt>"
                       b"<AcctSvcrRef>20261204000876544")
    [st] = read_statements(one, name="avis.xml")
    assert [str(ln.booked) for ln in st.lines] == ["2026-12-03", "2026-12-04", "2026-12-05"]
    assert st.notes[-1] == ("CH5604835012345678009: 1 entry gives no booking date (BookgDt), so its value date (ValDt) "
                            "is taken for it: Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry[2]")
    same_both_ways(one, "avis.xml")


# --- built files ----------------------------------------------------------------------------------

def entry(amount: str, sign: str, ref: str, name: str = "Max Mustermann", text: str = "Order SO-2026-000123") -> str:
    role = "Dbtr" if sign == "CRDT" else "Cdtr"
    return (f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{sign}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
            f"<BookgDt><Dt>2026-01-15</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef>"
            f"<NtryDtls><TxDtls><RltdPties><{role}><Nm>{name}</Nm></{role}></RltdPties>"
            f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>")


def bal(code: str, amount: str) -> str:
    return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{amount.lstrip('-')}</Amt>"
            f"<CdtDbtInd>{'DBIT' if amount.startswith('-') else 'CRDT'}</CdtDbtInd><Dt><Dt>2026-01-15</Dt></Dt></Bal>")


def built(kind: str, *parts: tuple[str, str, str]) -> bytes:
    """A camt file of ``kind`` ("052", "053", "054") with one Rpt / Stmt / Ntfctn per (account, balances, entries)."""
    message, container = {"052": ("BkToCstmrAcctRpt", "Rpt"), "053": ("BkToCstmrStmt", "Stmt"),
                          "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn")}[kind]
    body = "".join(f"<{container}><Id>R-{i}</Id><CreDtTm>2026-01-15T12:00:00</CreDtTm>"
                   f"<Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>{balances}{entries}</{container}>"
                   for i, (account, balances, entries) in enumerate(parts, start=1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{kind}.001.08"><{message}><GrpHdr><MsgId>M-1</MsgId>'
            f"<CreDtTm>2026-01-15T12:00:00</CreDtTm></GrpHdr>{body}</{message}></Document>\n").encode()


ENTRIES = entry("250.00", "CRDT", "E1") + entry("40.00", "DBIT", "E2", "Lieferant GmbH", "Rechnung 4711")


def test_an_intraday_report_closes_on_its_interim_booked_balance():
    data = built("052", (IBAN, bal("OPBD", "1000.00") + bal("ITBD", "1210.00"), ENTRIES))
    st = read_statement(data, name="r.xml")
    assert (st.format, st.opening_balance, st.closing_balance, st.notes) == ("camt052", 1000, 1210, ())
    same_both_ways(data, "r.xml")
    wrong = built("052", (IBAN, bal("OPBD", "1000.00") + bal("ITBD", "1200.00"), ENTRIES))
    assert refused(wrong) == ("report.xml: the opening balance 1000.00 plus the lines (210.00) does not equal the "
                              "closing balance 1200.00.")
    # a closing balance, when given, is the one checked
    both = built("052", (IBAN, bal("OPBD", "1000.00") + bal("ITBD", "999.00") + bal("CLBD", "1210.00"), ENTRIES))
    assert read_statement(both, name="r.xml").closing_balance == 1210


def test_a_balance_not_given_is_worked_out_from_the_other_and_said():
    st = read_statement(built("052", (IBAN, bal("PRCD", "-10.00"), ENTRIES)), name="r.xml")
    assert (st.opening_balance, st.closing_balance) == (Decimal("-10.00"), Decimal("200.00"))
    assert st.notes == (f"{IBAN}: the file gives no closing balance; the statement closes on 200.00, the opening "
                        "balance plus its lines",)
    st = read_statement(built("052", (IBAN, bal("CLBD", "500.00"), ENTRIES)), name="r.xml")
    assert (st.opening_balance, st.closing_balance) == (Decimal("290.00"), Decimal("500.00"))
    assert st.notes == (f"{IBAN}: the file gives no opening balance; the statement opens on 290.00, the closing "
                        "balance less its lines",)


def test_a_statement_still_needs_both_balances():
    assert refused(built("053", (IBAN, bal("OPBD", "1000.00"), ENTRIES)), "s.xml") == (
        "s.xml, Document/BkToCstmrStmt/Stmt/Bal: there is no closing balance (Tp/CdOrPrtry/Cd CLBD).")
    assert refused(built("053", (IBAN, bal("ITBD", "1000.00") + bal("CLBD", "1210.00"), ENTRIES)), "s.xml") == (
        "s.xml, Document/BkToCstmrStmt/Stmt/Bal: there is no opening balance (Tp/CdOrPrtry/Cd OPBD).")


def test_notifications_of_one_account_make_one_statement_and_of_two_accounts_two():
    other = "CH9300762011623852957"
    data = built("054", (IBAN, "", entry("250.00", "CRDT", "E1")), (IBAN, "", entry("40.00", "DBIT", "E2")),
                 (other, "", entry("7.00", "CRDT", "E3")))
    first, second = read_statements(data, name="n.xml")
    assert [(st.format, st.account, st.opening_balance, st.closing_balance, [ln.line_no for ln in st.lines])
            for st in (first, second)] == [("camt054", IBAN, None, None, [1, 2]),
                                            ("camt054", other, None, None, [3])]
    same_both_ways(data, "n.xml")
    # each Ntfctn named by its place in the file
    bad = built("054", (IBAN, "", entry("250.00", "CRDT", "E1")), (IBAN, "", entry("40.00", "XXXX", "E2")))
    assert refused(bad, "n.xml") == "n.xml, Document/BkToCstmrDbtCdtNtfctn/Ntfctn[2]/Ntry[1]/CdtDbtInd: 'XXXX' is neither CRDT nor DBIT."


def test_a_notification_takes_its_currency_from_its_first_entry_when_nothing_else_gives_it():
    data = built("054", (IBAN, "", entry("250.00", "CRDT", "E1") + entry("40.00", "DBIT", "E2").replace("EUR", "USD")))
    data = data.replace(b"<Ccy>EUR</Ccy>", b"")
    assert refused(data, "n.xml") == (
        "n.xml, Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry[2]/Amt: the amount is in USD, the statement in EUR.")
    empty = built("054", (IBAN, "", "")).replace(b"<Ccy>EUR</Ccy>", b"")
    assert refused(empty, "n.xml") == (
        "n.xml, Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Acct/Ccy: is missing, and no balance or entry gives the currency.")


def test_reports_that_give_balances_must_continue_each_other():
    data = built("052", (IBAN, bal("OPBD", "1000.00") + bal("CLBD", "1210.00"), ENTRIES),
                 (IBAN, bal("OPBD", "1200.00") + bal("CLBD", "1200.00"), ""))
    assert "its opening balance 1200.00 does not continue the closing balance 1210.00" in refused(data)
    # a report without balances between two that give them is not held to them
    data = built("052", (IBAN, bal("OPBD", "1000.00"), ENTRIES), (IBAN, "", entry("5.00", "CRDT", "E3")))
    st = read_statement(data, name="r.xml")
    assert (st.opening_balance, st.closing_balance) == (Decimal("1000.00"), Decimal("1215.00"))


def test_a_file_of_one_kind_with_the_container_of_another_holds_no_statement():
    data = built("052", (IBAN, bal("OPBD", "1000.00") + bal("CLBD", "1210.00"), ENTRIES))
    data = data.replace(b"Rpt>", b"Stmt>")  # a camt.052 namespace around a camt.053 statement
    assert refused(data) == "report.xml, Document/BkToCstmrAcctRpt/Rpt: the file holds no statement."


def test_hostile_reports_and_notifications_are_refused_as_statements_are(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-8731")
    for kind in ("052", "054"):
        data = built(kind, (IBAN, "", ENTRIES))
        head, body = data.split(b"\n", 1)
        evil = head + f'\n<!DOCTYPE Document [<!ENTITY x SYSTEM "file://{secret}">]>\n'.encode() + body.replace(
            b"Order SO-2026-000123", b"&x;")
        message = refused(evil, "evil.xml")
        assert "declares a DTD or entities" in message and "CANARY" not in message
        bomb = head + b'\n<!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n' + \
            body.replace(b"Order SO-2026-000123", b"&b;")
        assert "declares a DTD or entities" in refused(bomb, "bomb.xml")


def test_the_format_has_its_name_and_the_search_text_comes_from_the_lines():
    assert [FORMAT_NAMES[f] for f in ("1c", "camt052", "camt053", "camt054", "ofx")] == [
        "1CClientBankExchange", "camt.052", "camt.053", "camt.054", "OFX"]
    sts = read_statements(sample("hbci4java-test-camt-parse-05200102.xml"), name="r.xml")
    assert search_text(sts).splitlines() == [
        "camt.052 DE12345678901234567890 EUR",
        "2018-07-20 10.00 Max Mustermann DE12345678901234567891 Verwendungszweck 1",
        "2018-07-20 0.50 Bert Bezahler DE12345678901234567892 Verwendungszweck 2",
    ]
    assert len(search_text(sts, max_chars=50)) == 50
