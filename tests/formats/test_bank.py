"""boclerk.formats.bank: 1CClientBankExchange, camt.053 and OFX statements, read as hostile input."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from boclerk.errors import InvalidInput
from boclerk.formats import bank
from boclerk.formats.bank import Statement
from boclerk.formats.bank_statement import detect_format, read_statement, read_statements

ACCOUNT = "40702810900000012345"
UNKNOWN = "statement.txt is not a bank statement boclerk can read (1CClientBankExchange, camt.052, camt.053, camt.054 or OFX)."

# --- samples -------------------------------------------------------------------------------

DOC_IN_1 = """СекцияДокумент=Платежное поручение
Номер=15
Дата=14.01.2026
Сумма=3500.00
ПлательщикСчет=40817810000000000001
Плательщик=ИНН 500100732259 Иванов Иван Иванович
ПлательщикИНН=500100732259
Плательщик1=Иванов Иван Иванович
ПлательщикБанк1=ПАО СБЕРБАНК
ПлательщикБИК=044525225
ПлательщикКорсчет=30101810400000000225
ПолучательСчет=40702810900000012345
ДатаПоступило=15.01.2026
Получатель=ИНН 7707083893 ООО "Ромашка"
ПолучательИНН=7707083893
Получатель1=ООО "Ромашка"
ВидОплаты=01
Очередность=5
НазначениеПлатежа=Оплата по заказу SO-2026-000123. Без НДС
КонецДокумента
"""
DOC_IN_2 = """СекцияДокумент=Платежное поручение
Номер=207
Дата=15.01.2026
Сумма=2200.00
ПлательщикСчет=40702810500000054321
Плательщик=ИНН 7712345678 ООО "Покупатель"
ПлательщикИНН=7712345678
Плательщик1=ООО "Покупатель"
ПолучательСчет=40702810900000012345
ДатаПоступило=15.01.2026
Получатель1=ООО "Ромашка"
ПолучательИНН=7707083893
НазначениеПлатежа=Оплата по заказу SO-2026-000124 по счету 12 от 10.01.2026. В т.ч. НДС 20% - 366.67 руб.
КонецДокумента
"""
DOC_OUT_SUPPLIER = """СекцияДокумент=Платежное поручение
Номер=88
Дата=15.01.2026
Сумма=30000.00
ПлательщикСчет=40702810900000012345
ПлательщикИНН=7707083893
Плательщик1=ООО "Ромашка"
ДатаСписано=15.01.2026
ПолучательСчет=40702810100000077777
Получатель=ИНН 7702345678 ООО "Поставщик"
ПолучательИНН=7702345678
Получатель1=ООО "Поставщик"
НазначениеПлатежа=Оплата по счету 501 от 12.01.2026 за товар. В т.ч. НДС 20% - 5000.00 руб.
КонецДокумента
"""
DOC_FEE = """СекцияДокумент=Банковский ордер
Номер=9001
Дата=15.01.2026
Сумма=150.00
ПлательщикСчет=40702810900000012345
Плательщик1=ООО "Ромашка"
ДатаСписано=15.01.2026
ПолучательСчет=70601810400002710201
Получатель1=ПАО СБЕРБАНК
ПолучательИНН=7707083893
НазначениеПлатежа=Комиссия банка за ведение счета за январь 2026
КонецДокумента
"""
DOCS = [DOC_IN_1, DOC_IN_2, DOC_OUT_SUPPLIER, DOC_FEE]


def one_c(docs=None, *, opening="100000.00", incoming="5700.00", outgoing="30150.00",
          closing="75550.00", encoding_line="Кодировка=Windows", end="КонецФайла\n") -> str:
    docs = DOCS if docs is None else docs
    totals = "".join(
        f"{key}={value}\n" for key, value in (("ВсегоПоступило", incoming), ("ВсегоСписано", outgoing))
        if value is not None
    )
    return (
        "1CClientBankExchange\nВерсияФормата=1.03\n"
        + (f"{encoding_line}\n" if encoding_line else "")
        + "Отправитель=Бухгалтерия предприятия, редакция 3.0\nПолучатель=\n"
        "ДатаСоздания=16.01.2026\nВремяСоздания=09:12:44\n"
        f"ДатаНачала=15.01.2026\nДатаКонца=15.01.2026\nРасчСчет={ACCOUNT}\n"
        "Документ=Платежное поручение\nДокумент=Банковский ордер\n"
        f"СекцияРасчСчет\nДатаНачала=15.01.2026\nДатаКонца=15.01.2026\nРасчСчет={ACCOUNT}\n"
        f"НачальныйОстаток={opening}\n{totals}КонечныйОстаток={closing}\nКонецРасчСчет\n"
        + "".join(docs) + end
    )


def cp1251(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("cp1251")


CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
IBAN = "DE89370400440532013000"


def camt_entry(amount, sign, *, ref="", party="", party_acct="", tax="", ustrd="", rvsl=False,
               status="BOOK", day="2026-01-15", extra="") -> str:
    role = "Dbtr" if sign == "CRDT" else "Cdtr"
    tax_xml = f"<Id><OrgId><Othr><Id>{tax}</Id></Othr></OrgId></Id>" if tax else ""
    details = ""
    if party or ustrd:
        details = (
            "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
            f"<RltdPties><{role}><Nm>{party}</Nm>{tax_xml}</{role}>"
            f"<{role}Acct><Id><IBAN>{party_acct}</IBAN></Id></{role}Acct></RltdPties>"
            f"<RmtInf><Ustrd>{ustrd}</Ustrd></RmtInf></TxDtls></NtryDtls>"
        )
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
        + ("<RvslInd>true</RvslInd>" if rvsl else "")
        + f"<Sts>{status}</Sts><BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
        + (f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else "")
        + f"<BkTxCd><Prtry><Cd>NTRF</Cd><Issr>DK</Issr></Prtry></BkTxCd>{extra}{details}</Ntry>"
    )


CAMT_ENTRIES = [
    camt_entry("250.00", "CRDT", ref="2026011500001", party="Max Mustermann",
               party_acct="DE02120300000000202051", ustrd="Order SO-2026-000123"),
    camt_entry("100.50", "DBIT", ref="2026011500002", party="Lieferant GmbH",
               party_acct="DE02500105170137075030", tax="DE123456789", ustrd="Rechnung 4711"),
    camt_entry("1.25", "DBIT", extra="<AddtlNtryInf>Kontoführungsgebühr</AddtlNtryInf>"),
]


def camt(entries=None, *, opening=("1000.00", "CRDT"), closing=("1148.25", "CRDT"), prolog="") -> bytes:
    entries = CAMT_ENTRIES if entries is None else entries

    def bal(code, pair):
        return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
                f'<Amt Ccy="EUR">{pair[0]}</Amt><CdtDbtInd>{pair[1]}</CdtDbtInd>'
                "<Dt><Dt>2026-01-15</Dt></Dt></Bal>")

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + prolog
        + f'<Document xmlns="{CAMT_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<BkToCstmrStmt><GrpHdr><MsgId>MSG-20260116-1</MsgId><CreDtTm>2026-01-16T06:00:00</CreDtTm></GrpHdr>"
        "<Stmt><Id>STMT-2026-015</Id><ElctrncSeqNb>15</ElctrncSeqNb><CreDtTm>2026-01-16T06:00:00</CreDtTm>"
        "<FrToDt><FrDtTm>2026-01-15T00:00:00</FrDtTm><ToDtTm>2026-01-15T23:59:59</ToDtTm></FrToDt>"
        f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Romashka GmbH</Nm></Ownr></Acct>"
        + bal("OPBD", opening) + bal("CLBD", closing)
        + "".join(entries) + "</Stmt></BkToCstmrStmt></Document>\n"
    ).encode("utf-8")


OFX2 = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<DTSERVER>20260201083000</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1001</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<STMTRS><CURDEF>USD</CURDEF>
<BANKACCTFROM><BANKID>121000248</BANKID><ACCTID>1234567890</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260101</DTSTART><DTEND>20260131235959</DTEND>
<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20260115000000[+3:MSK]</DTPOSTED><TRNAMT>250.00</TRNAMT>
<FITID>2026011501</FITID><NAME>John Smith</NAME><MEMO>Order SO-2026-000123</MEMO></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20260120</DTPOSTED><TRNAMT>-75.10</TRNAMT>
<FITID>2026012001</FITID><NAME>Supplier Inc</NAME><MEMO>Invoice 42</MEMO></STMTTRN>
<STMTTRN><TRNTYPE>SRVCHG</TRNTYPE><DTPOSTED>20260131</DTPOSTED><TRNAMT>-5.00</TRNAMT>
<FITID>2026013101</FITID><NAME>Monthly service fee</NAME></STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>1169.90</BALAMT><DTASOF>20260131235959</DTASOF></LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
"""

OFX1 = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>
<DTSERVER>20260201083000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>EUR
<BANKACCTFROM><BANKID>30004<BRANCHID>00123<ACCTID>00012345678<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260101<DTEND>20260131
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260110<TRNAMT>1200.00<FITID>A-1<NAME>ACME SA<MEMO>Order SO-2026-000125</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260111<TRNAMT>-0.99<FITID>A-2<NAME>Bank
<BANKACCTTO><BANKID>30004<ACCTID>99999<ACCTTYPE>CHECKING</BANKACCTTO><MEMO>Fee</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>1500.01<DTASOF>20260131</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
""".replace("\n", "\r\n")


def refused(data: bytes, *fragments: str, name: str = "statement.txt") -> str:
    with pytest.raises(InvalidInput) as info:
        read_statement(data, name=name)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "\n" not in message and message.endswith("."), message
    return message


# --- detection -----------------------------------------------------------------------------

def test_detect_format():
    assert detect_format(cp1251(one_c())) == "1c"
    assert detect_format(b"\xef\xbb\xbf" + one_c().encode()) == "1c"
    assert detect_format(camt()) == "camt053"
    assert detect_format(camt().replace(b"camt.053.001.02", b"camt.053.001.08")) == "camt053"
    assert detect_format(camt().replace(b"camt.053.001.02", b"camt.052.001.02")) == "camt052"  # a report
    assert detect_format(camt().replace(b"camt.053.001.02", b"camt.054.001.08")) == "camt054"  # a notification
    assert detect_format(camt().replace(b"camt.053.001.02", b"camt.056.001.02")) is None  # a cancellation request
    assert detect_format(OFX2.encode()) == "ofx"
    assert detect_format(OFX1.encode()) == "ofx"
    assert detect_format(b"Date;Amount\n2026-01-01;5\n") is None
    assert detect_format(b"") is None


def test_unknown_format_is_one_sentence():
    assert refused(b"Date;Amount;Purpose\n15.01.2026;100;x\n") == UNKNOWN
    assert refused(b"<html><body>hi</body></html>") == UNKNOWN
    refused(b"", "statement.txt is empty.")


# --- 1CClientBankExchange ------------------------------------------------------------------

def test_1c_statement_every_field():
    st = read_statement(cp1251(one_c()), name="statement.txt")
    assert isinstance(st, Statement)
    assert (st.format, st.account, st.currency) == ("1c", ACCOUNT, "RUB")
    assert (st.period_start, st.period_end) == (date(2026, 1, 15), date(2026, 1, 15))
    assert st.opening_balance == Decimal("100000.00") and st.closing_balance == Decimal("75550.00")
    assert [line.line_no for line in st.lines] == [1, 2, 3, 4]
    assert [line.amount for line in st.lines] == [
        Decimal("3500.00"), Decimal("2200.00"), Decimal("-30000.00"), Decimal("-150.00")]
    assert all(isinstance(line.amount, Decimal) for line in st.lines)
    first, second, supplier, fee = st.lines
    assert first.booked == date(2026, 1, 15)  # ДатаПоступило, not the document's Дата
    assert first.counterparty_name == "Иванов Иван Иванович"  # Плательщик1 wins over Плательщик
    assert first.counterparty_tax_id == "500100732259"
    assert first.counterparty_account == "40817810000000000001"
    assert first.purpose == "Оплата по заказу SO-2026-000123. Без НДС"
    assert first.reference == "15"
    assert "SO-2026-000124" in second.purpose and second.counterparty_name == 'ООО "Покупатель"'
    assert second.counterparty_tax_id == "7712345678"
    assert supplier.counterparty_name == 'ООО "Поставщик"'
    assert supplier.counterparty_tax_id == "7702345678"
    assert supplier.counterparty_account == "40702810100000077777"
    assert supplier.reference == "88"
    assert fee.purpose.startswith("Комиссия банка") and fee.counterparty_tax_id == "7707083893"
    assert st.opening_balance + sum(line.amount for line in st.lines) == st.closing_balance
    assert all(re.fullmatch(r"[0-9a-f]{64}", line.fingerprint) for line in st.lines)


def test_1c_encodings():
    text = one_c(encoding_line="Кодировка=DOS")
    assert read_statement(text.encode("cp866")).lines[0].counterparty_name == "Иванов Иван Иванович"
    utf8 = one_c(encoding_line="Кодировка=UTF-8")
    for data in (utf8.encode(), b"\xef\xbb\xbf" + utf8.encode(), one_c(encoding_line="").encode()):
        st = read_statement(data)
        assert st.lines[3].purpose.startswith("Комиссия банка")
    # the same file read through every encoding gives the same lines
    assert read_statement(utf8.encode()).lines == read_statement(cp1251(one_c())).lines


def test_1c_encodings_the_bytes_really_have_win_and_are_noted():
    same = read_statement(cp1251(one_c())).lines
    # no Кодировка: the format's default, cp1251, and nothing to note
    quiet = read_statement(one_c(encoding_line="").encode("cp1251"))
    assert quiet.lines == same and quiet.notes == ()
    # UTF-8 that says Windows, cp866 that says Windows, UTF-8 that says nothing: read, and said
    for data, written in ((one_c().encode("utf-8"), "UTF-8"), (one_c().encode("cp866"), "cp866 (DOS)")):
        st = read_statement(data, name="statement.txt")
        assert st.lines == same
        assert st.notes == (f"statement.txt says Кодировка=Windows but is written in {written}; read as {written}",)
    st = read_statement(one_c(encoding_line="").encode("utf-8"), name="s.txt")
    assert st.lines == same
    assert st.notes == ("s.txt does not say its Кодировка (so cp1251, the format's default) but is written in UTF-8; "
                        "read as UTF-8",)


def test_1c_wrong_encodings():
    broken = one_c().encode("cp1251").replace("Иванов".encode("cp1251"), b"\x98", 1)  # 0x98 is no cp1251 character
    refused(broken, "not valid cp1251 (Windows), the encoding the rest of the file is in")
    refused(b"\xef\xbb\xbf" + one_c().encode("cp1251"), "not valid UTF-8")
    refused(one_c().encode("utf-16"), UNKNOWN)
    refused(cp1251(one_c()).replace(b"\r\n", b"\r\n\x00", 1), "NUL")


def test_1c_balance_must_add_up():
    data = cp1251(one_c(closing="75551.00"))
    assert refused(data) == (
        "statement.txt: the opening balance 100000.00 plus the lines (-24450.00) "
        "does not equal the closing balance 75551.00."
    )


def test_1c_totals_are_verified():
    refused(cp1251(one_c(incoming="5800.00")), "ВсегоПоступило says 5800.00", "5700.00")
    refused(cp1251(one_c(outgoing="30000.00")), "ВсегоСписано says 30000.00", "30150.00")
    assert read_statement(cp1251(one_c(incoming=None, outgoing=None))).closing_balance == Decimal("75550.00")


def test_1c_truncated_files():
    full = one_c()
    cut = full[: full.index("НазначениеПлатежа=Оплата по счету 501")]
    refused(cp1251(cut), "the document that starts on line", "has no КонецДокумента", "truncated")
    refused(cp1251(one_c(end="")), "ends without КонецФайла", "truncated")
    refused(cp1251(full[: full.index("КонецРасчСчет")]), "СекцияРасчСчет", "has no КонецРасчСчет")
    # a new document begins while the previous one is still open
    broken = full.replace("КонецДокумента\nСекцияДокумент=Платежное поручение\nНомер=207",
                          "СекцияДокумент=Платежное поручение\nНомер=207")
    line = broken.split("\n").index("Номер=207")  # 0-based index of Номер = line of the section marker
    refused(cp1251(broken), f"statement.txt, line {line}: the document that starts on line")
    refused(cp1251(full + "Сумма=1.00\n"), "after КонецФайла")
    refused(cp1251(full.replace("1CClientBankExchange", "1CClientBankExchange2")), "line 1")


def test_1c_missing_or_malformed_fields_name_the_line():
    full = one_c()
    lines = full.split("\n")
    amount_line = lines.index("Сумма=2200.00") + 1
    refused(cp1251(full.replace("Сумма=2200.00", "Сумма=2 200,00")),
            f"statement.txt, line {amount_line} (Сумма): '2 200,00' is not an amount like 1234.56.")
    refused(cp1251(full.replace("Сумма=2200.00", "Сумма=-2200.00")), f"line {amount_line}")
    start = lines.index("Номер=207")  # the СекцияДокумент line, 1-based
    refused(cp1251(full.replace("Сумма=2200.00\n", "")), f"statement.txt, line {start}: the document has no Сумма")
    refused(cp1251(full.replace("Дата=15.01.2026\nСумма=2200.00", "Дата=32.01.2026\nСумма=2200.00")),
            "'32.01.2026' is not a real date")
    refused(cp1251(full.replace("ДатаПоступило=15.01.2026\nПолучатель1", "ДатаПоступило=2026-01-15\nПолучатель1")),
            "ДатаПоступило '2026-01-15' is not a date like 31.01.2026")
    refused(cp1251(full.replace("НачальныйОстаток=100000.00", "НачальныйОстаток=сто")), "(НачальныйОстаток)")
    refused(cp1251(full.replace("НачальныйОстаток=100000.00\n", "")), "has no НачальныйОстаток")
    refused(cp1251(full.replace("Сумма=2200.00", "Сумма=2200.00\nСумма=9999.00")), "Сумма appears a second time")
    refused(cp1251(full.replace("Сумма=2200.00", "Сумма=2200.00\nэто не поле")),
            "is neither key=value nor a section marker")
    refused(cp1251(full.replace("Сумма=2200.00", "Сумма=" + "9" * 40)), "is not an amount")


def test_1c_direction_and_accounts():
    stranger = DOC_IN_1.replace(f"ПолучательСчет={ACCOUNT}", "ПолучательСчет=40702810000000000999")
    refused(cp1251(one_c([stranger], incoming=None, outgoing=None)), "as neither payer nor payee")
    both = DOC_IN_1.replace("ПлательщикСчет=40817810000000000001", f"ПлательщикСчет={ACCOUNT}")
    refused(cp1251(one_c([both], incoming=None, outgoing=None)), "as both payer and payee")
    two = one_c().replace(f"РасчСчет={ACCOUNT}\nДокумент", f"РасчСчет={ACCOUNT}\nРасчСчет=40702810000000000999\nДокумент")
    refused(cp1251(two), "has no СекцияРасчСчет for account 40702810000000000999")
    no_section = one_c()
    no_section = no_section[: no_section.index("СекцияРасчСчет")] + no_section[no_section.index("КонецРасчСчет\n") + 14:]
    refused(cp1251(no_section), "has no СекцияРасчСчет")


def test_1c_fingerprints_are_stable_and_unique():
    twice = one_c([DOC_IN_1, DOC_IN_1, DOC_IN_2, DOC_OUT_SUPPLIER, DOC_FEE],
                  incoming="9200.00", closing="79050.00")
    st = read_statement(cp1251(twice))
    prints = [line.fingerprint for line in st.lines]
    assert st.lines[0].amount == st.lines[1].amount and st.lines[0].booked == st.lines[1].booked
    assert len(set(prints)) == len(prints)  # identical same-day payments still differ
    assert [line.fingerprint for line in read_statement(cp1251(twice)).lines] == prints
    # the same payments read from another file (another encoding, fewer lines) keep their prints
    single = read_statement(one_c(encoding_line="").encode())
    assert single.lines[0].fingerprint == prints[0]
    assert {line.fingerprint for line in single.lines} < set(prints)


# --- camt.053 ------------------------------------------------------------------------------

def test_camt_statement_every_field():
    st = read_statement(camt(), name="statement.xml")
    assert (st.format, st.account, st.currency) == ("camt053", IBAN, "EUR")
    assert (st.period_start, st.period_end) == (date(2026, 1, 15), date(2026, 1, 15))
    assert (st.opening_balance, st.closing_balance) == (Decimal("1000.00"), Decimal("1148.25"))
    assert [line.amount for line in st.lines] == [Decimal("250.00"), Decimal("-100.50"), Decimal("-1.25")]
    paid, supplier, fee = st.lines
    assert [line.line_no for line in st.lines] == [1, 2, 3]
    assert paid.booked == date(2026, 1, 15)
    assert (paid.counterparty_name, paid.counterparty_account) == ("Max Mustermann", "DE02120300000000202051")
    assert paid.counterparty_tax_id == "" and paid.purpose == "Order SO-2026-000123"
    assert paid.reference == "2026011500001" and paid.fingerprint == f"{IBAN}:2026011500001"
    assert (supplier.counterparty_name, supplier.counterparty_tax_id) == ("Lieferant GmbH", "DE123456789")
    assert supplier.counterparty_account == "DE02500105170137075030"
    assert fee.counterparty_name == "" and fee.reference == "" and fee.purpose == "Kontoführungsgebühr"
    assert re.fullmatch(r"[0-9a-f]{64}", fee.fingerprint)
    assert read_statement(camt()).lines == st.lines


def test_camt_other_versions_and_shapes():
    newer = camt().replace(b"camt.053.001.02", b"camt.053.001.08").replace(
        b"<Sts>BOOK</Sts>", b"<Sts><Cd>BOOK</Cd></Sts>")
    assert len(read_statement(newer).lines) == 3
    dttm = camt().replace(b"<BookgDt><Dt>2026-01-15</Dt>", b"<BookgDt><DtTm>2026-01-15T10:11:12+01:00</DtTm>")
    assert {line.booked for line in read_statement(dttm).lines} == {date(2026, 1, 15)}
    pending = CAMT_ENTRIES + [camt_entry("999.00", "CRDT", ref="P-1", status="PDNG")]
    assert len(read_statement(camt(pending)).lines) == 3  # a pending entry does not move the balance
    othr = camt().replace(f"<IBAN>{IBAN}</IBAN></Id><Ccy>".encode(), b"<Othr><Id>40702978000000000001</Id></Othr></Id><Ccy>")
    assert read_statement(othr).account == "40702978000000000001"


def test_camt_a_reversal_takes_its_sign_from_the_indicator_and_keeps_its_counterparty():
    # a returned credit: DBIT with RvslInd true, its parties those of the credit it reverses
    returned = camt_entry("250.00", "CRDT", ref="R-1", rvsl=True, party="Max Mustermann").replace(
        "<CdtDbtInd>CRDT</CdtDbtInd>", "<CdtDbtInd>DBIT</CdtDbtInd>", 1)
    st = read_statement(camt(CAMT_ENTRIES + [returned], closing=("898.25", "CRDT")))
    assert st.lines[-1].amount == Decimal("-250.00")
    assert st.lines[-1].counterparty_name == "Max Mustermann"
    # a reversed debit, as a credit, is money in
    back = camt_entry("100.50", "DBIT", ref="R-2", rvsl=True, party="Lieferant GmbH").replace(
        "<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>CRDT</CdtDbtInd>", 1)
    st = read_statement(camt(CAMT_ENTRIES + [back], closing=("1248.75", "CRDT")))
    assert (st.lines[-1].amount, st.lines[-1].counterparty_name) == (Decimal("100.50"), "Lieferant GmbH")


def test_camt_several_transaction_details_and_structured_references():
    details = ("<NtryDtls>"
               "<TxDtls><Refs><EndToEndId>E1</EndToEndId></Refs><RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd>"
               "</CdOrPrtry></Tp><Ref>RF18SO2026000123</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"
               "<TxDtls><Refs><EndToEndId>E2</EndToEndId></Refs><RltdPties><Dbtr><Nm>Max Mustermann</Nm></Dbtr>"
               "<DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>"
               "<RmtInf><Ustrd>Order SO-2026-000124</Ustrd></RmtInf></TxDtls></NtryDtls>")
    entry = camt_entry("300.00", "CRDT", ref="B-1", extra=details)
    st = read_statement(camt([entry], closing=("1300.00", "CRDT")))
    line = st.lines[0]
    assert (line.counterparty_name, line.counterparty_account) == ("Max Mustermann", "DE02120300000000202051")
    assert line.purpose == "RF18SO2026000123; Order SO-2026-000124"


def test_camt_statements_of_one_account_in_one_file_are_read_as_one():
    one = camt()
    day2 = camt([camt_entry("51.75", "CRDT", ref="2026011600001", ustrd="Order SO-2026-000200")],
                opening=("1148.25", "CRDT"), closing=("1200.00", "CRDT"))
    second = day2[day2.index(b"<Stmt>"):day2.index(b"</BkToCstmrStmt>")]
    both = one.replace(b"</BkToCstmrStmt>", second + b"</BkToCstmrStmt>")
    st = read_statement(both)
    assert (st.opening_balance, st.closing_balance, len(st.lines)) == (Decimal("1000.00"), Decimal("1200.00"), 4)
    assert st.lines[-1].purpose == "Order SO-2026-000200"
    later = camt([camt_entry("51.75", "CRDT", ref="2026011700001")], opening=("1100.00", "CRDT"),
                 closing=("1151.75", "CRDT"))
    gap = one.replace(b"</BkToCstmrStmt>", later[later.index(b"<Stmt>"):later.index(b"</BkToCstmrStmt>")]
                      + b"</BkToCstmrStmt>")
    refused(gap, "Stmt[2]", "does not continue the closing balance 1148.25", "a statement is missing")
    other = one.replace(b"</BkToCstmrStmt>", second.replace(IBAN.encode(), b"DE02120300000000202051")
                        + b"</BkToCstmrStmt>")
    first, second_account = read_statements(other, name="two.xml")
    assert [(st.account, st.opening_balance, st.closing_balance, [ln.line_no for ln in st.lines])
            for st in (first, second_account)] == [
        (IBAN, Decimal("1000.00"), Decimal("1148.25"), [1, 2, 3]),
        ("DE02120300000000202051", Decimal("1148.25"), Decimal("1200.00"), [4])]
    refused(other, "holds statements of 2 accounts", "ask the bank for one file per account")  # one statement asked for


def test_camt_balance_must_add_up():
    assert refused(camt(closing=("1148.26", "CRDT")), name="statement.xml") == (
        "statement.xml: the opening balance 1000.00 plus the lines (148.25) "
        "does not equal the closing balance 1148.26."
    )
    refused(camt(opening=("1000.00", "DBIT")), "opening balance -1000.00")


def test_camt_missing_or_malformed_fields_name_the_path():
    path = "Document/BkToCstmrStmt/Stmt/Ntry[2]"
    no_amount = CAMT_ENTRIES[:1] + [CAMT_ENTRIES[1].replace('<Amt Ccy="EUR">100.50</Amt>', "")] + CAMT_ENTRIES[2:]
    refused(camt(no_amount), f"statement.txt, {path}/Amt: is missing.")
    bad = [e.replace("100.50", "1e3") if i == 1 else e for i, e in enumerate(CAMT_ENTRIES)]
    refused(camt(bad), f"{path}/Amt: '1e3' is not an amount")
    bad = [e.replace("DBIT", "DEBIT") if i == 1 else e for i, e in enumerate(CAMT_ENTRIES)]
    refused(camt(bad), f"{path}/CdtDbtInd: 'DEBIT' is neither CRDT nor DBIT")
    bad = [e.replace("<BookgDt><Dt>2026-01-15</Dt></BookgDt><ValDt><Dt>2026-01-15</Dt></ValDt>", "") if i == 1 else e
           for i, e in enumerate(CAMT_ENTRIES)]
    refused(camt(bad), f"{path}/BookgDt: is missing, and so is the value date (ValDt).")
    bad = [e.replace("<BookgDt><Dt>2026-01-15</Dt></BookgDt><ValDt><Dt>2026-01-15</Dt>",
                     "<ValDt><Dt>2026-01-1x</Dt>") if i == 1 else e for i, e in enumerate(CAMT_ENTRIES)]
    refused(camt(bad), f"{path}/ValDt: '2026-01-1x' is not a date like 2026-01-31")
    bad = [e.replace('Ccy="EUR"', 'Ccy="USD"') if i == 1 else e for i, e in enumerate(CAMT_ENTRIES)]
    refused(camt(bad), "the amount is in USD, the statement in EUR")
    refused(camt().replace(b"<Cd>CLBD</Cd>", b"<Cd>ITBD</Cd>"), "no closing balance")
    refused(camt().replace(f"<IBAN>{IBAN}</IBAN>".encode(), b""), "Stmt/Acct/Id: is missing")
    dup = CAMT_ENTRIES + [camt_entry("0.00", "CRDT", ref="2026011500001")]
    refused(camt(dup), "Ntry[4]", "already used at", "Ntry[1]")


def test_camt_hostile_xml():
    bomb = (
        '<!DOCTYPE Document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    )
    message = refused(camt(prolog=bomb).replace(b"Romashka GmbH", b"&lol3;"), "declares a DTD or entities",
                      name="statement.xml")
    assert message.startswith("statement.xml declares")
    xxe = '<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    refused(camt(prolog=xxe).replace(b"Romashka GmbH", b"&xxe;"), "declares a DTD or entities")
    refused(camt(prolog='<!DOCTYPE Document SYSTEM "http://example.invalid/x.dtd">\n'), "declares a DTD")
    data = camt()
    refused(data[: len(data) // 2], "is not well-formed XML (line")
    refused(data.replace(b"</Acct>", b"</Acc>"), "is not well-formed XML")
    wrong_root = data.replace(b"<Document ", b"<Dokument ").replace(b"</Document>", b"</Dokument>")
    refused(wrong_root, "is not a camt.052, camt.053 or camt.054 file")
    two = data.replace(b"</Stmt></BkToCstmrStmt>", b"</Stmt><Stmt></Stmt></BkToCstmrStmt>")
    refused(two, "Stmt[2]/Acct/Id: is missing")


# --- OFX ------------------------------------------------------------------------------------

def test_ofx2_statement_every_field():
    st = read_statement(OFX2.encode(), name="statement.ofx")
    assert (st.format, st.account, st.currency) == ("ofx", "1234567890", "USD")
    assert (st.period_start, st.period_end) == (date(2026, 1, 1), date(2026, 1, 31))
    assert st.closing_balance == Decimal("1169.90")
    assert st.opening_balance == Decimal("1000.00")  # closing minus the lines
    assert [line.amount for line in st.lines] == [Decimal("250.00"), Decimal("-75.10"), Decimal("-5.00")]
    paid, supplier, fee = st.lines
    assert paid.booked == date(2026, 1, 15)  # the bank's own date, not shifted to UTC
    assert (paid.counterparty_name, paid.purpose) == ("John Smith", "Order SO-2026-000123")
    assert paid.reference == "2026011501" and paid.fingerprint == "1234567890:2026011501"
    assert (supplier.booked, supplier.counterparty_name, supplier.purpose) == (date(2026, 1, 20), "Supplier Inc", "Invoice 42")
    assert fee.purpose == "" and fee.counterparty_tax_id == "" and fee.counterparty_account == ""
    assert all(isinstance(line.amount, Decimal) for line in st.lines)
    assert read_statement(OFX2.encode()).lines == st.lines


def test_ofx1_sgml_statement():
    st = read_statement(OFX1.encode("cp1252"), name="statement.ofx")
    assert (st.format, st.account, st.currency) == ("ofx", "00012345678", "EUR")
    assert (st.opening_balance, st.closing_balance) == (Decimal("301.00"), Decimal("1500.01"))
    assert [(line.booked, line.amount) for line in st.lines] == [
        (date(2026, 1, 10), Decimal("1200.00")), (date(2026, 1, 11), Decimal("-0.99"))]
    assert st.lines[0].counterparty_name == "ACME SA" and "SO-2026-000125" in st.lines[0].purpose
    assert st.lines[1].counterparty_account == "99999"
    assert [line.fingerprint for line in st.lines] == ["00012345678:A-1", "00012345678:A-2"]
    assert read_statement(b"\xef\xbb\xbf" + OFX2.encode()).account == "1234567890"


def test_ofx_hostile_and_malformed():
    bomb = OFX2.replace("<OFX>", '<!DOCTYPE OFX [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<OFX>')
    refused(bomb.encode(), "declares a DTD or entities")
    refused(OFX2.replace("<TRNAMT>-75.10</TRNAMT>", "<TRNAMT>lots</TRNAMT>").encode(), "is not OFX boclerk can read")
    refused(OFX2.replace("<TRNAMT>-75.10</TRNAMT>", "<TRNAMT>NaN</TRNAMT>").encode(), "TRNAMT")
    refused(OFX2[: len(OFX2) // 2].encode(), "is not OFX boclerk can read")
    refused(OFX1.replace("CHARSET:1252", "CHARSET:KOI8").encode(), "is not OFX boclerk can read")
    refused(b"OFXHEADER:100\r\nnonsense\r\n", "is not OFX boclerk can read")
    refused(OFX2.replace("<FITID>2026012001</FITID>", "<FITID>2026011501</FITID>").encode(),
            "already used at")
    refused(OFX2.replace("<DTPOSTED>20260120</DTPOSTED>", "<DTPOSTED>20261320</DTPOSTED>").encode(),
            "is not OFX boclerk can read")


# --- hostile input in general ---------------------------------------------------------------

def test_size_cap_comes_before_parsing():
    with pytest.raises(InvalidInput) as info:
        read_statement(camt(), name="big.xml", max_bytes=100)
    message = str(info.value)
    assert message == f"big.xml is {len(camt())} bytes, more than the 100 bytes boclerk reads from a bank statement."


@pytest.mark.parametrize("sample", ["1c", "camt", "ofx2", "ofx1"])
def test_damaged_files_never_give_a_traceback(sample):
    data = {"1c": cp1251(one_c()), "camt": camt(), "ofx2": OFX2.encode(), "ofx1": OFX1.encode()}[sample]
    rng = random.Random(20260115)
    cases = [data[:cut] for cut in range(0, len(data), max(1, len(data) // 40))]
    for _ in range(60):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        cases.append(bytes(damaged))
    for case in cases:
        try:
            st = read_statement(case, name="damaged")
        except InvalidInput as err:
            assert str(err).startswith("damaged") and "\n" not in str(err)
        else:
            assert st.opening_balance + sum(line.amount for line in st.lines) == st.closing_balance


# --- the source itself ----------------------------------------------------------------------

SOURCES = sorted(Path(bank.__file__).parent.glob("bank*.py"))


def test_parsing_never_uses_float():
    assert {p.name for p in SOURCES} >= {"bank.py", "bank_1c.py", "bank_camt.py", "bank_ofx.py", "bank_statement.py"}
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        assert "float(" not in source, path.name
        assert not re.search(r"(?<!Safe)\bET\.(fromstring|parse|iterparse|XMLParser)\b", source), path.name
        assert not re.search(r"import xml\.etree|from xml\.etree\S* import .*\b(parse|fromstring|iterparse|XMLParser)\b",
                             source), path.name
        assert len(source.splitlines()) <= 400, path.name


def test_modules_are_pure():
    code = (
        "import sys\n"
        "from boclerk.formats import bank, bank_1c, bank_camt, bank_ofx, bank_statement\n"
        "bad = {m.split('.')[0] for m in sys.modules} & {'textual', 'typer', 'rich', 'sqlalchemy', 'sqlmodel'}\n"
        "bad |= {m for m in sys.modules if m.startswith(('boclerk.services', 'boclerk.db', 'boclerk.domain'))}\n"
        "print(sorted(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_camt_statement_of_many_entries_is_read_as_a_stream(monkeypatch):
    """10,000 entries of 50 elements (more elements than any other XML may hold) are read entry
    by entry; its own element limit still applies."""
    from boclerk.formats import bank_camt

    n = 10_000
    padding = "<AddtlInfInd><MsgNmId>camt.054</MsgNmId></AddtlInfInd>" * 14  # elements no line needs
    entries = [camt_entry("1.00", "CRDT", ref=f"R{i:06d}", party=f"Payer {i}", party_acct="DE02120300000000202051",
                          ustrd=f"Order SO-2026-{i:06d}", extra=padding) for i in range(n)]
    data = camt(entries, opening=("0.00", "CRDT"), closing=(f"{n}.00", "CRDT"))
    assert data.count(b"<") > 500_000  # above the limit of a tree-built XML file
    st = read_statement(data, name="big.xml", max_bytes=len(data))
    assert len(st.lines) == n and st.closing_balance == Decimal(n)
    assert (st.lines[-1].line_no, st.lines[-1].reference, st.lines[-1].counterparty_name) == (n, f"R{n - 1:06d}", f"Payer {n - 1}")
    monkeypatch.setattr(bank_camt, "MAX_ELEMENTS_STATEMENT", 500_000)
    refused(data, "holds more than 500,000 elements")
    deep = camt([camt_entry("1.00", "CRDT", extra="<X>" * 100 + "</X>" * 100)])
    refused(deep, "nests its elements more than 64 deep")


OTHER = "40702810500000099999"
DOC_OTHER_IN = DOC_IN_2.replace(f"ПолучательСчет={ACCOUNT}", f"ПолучательСчет={OTHER}").replace("Номер=207", "Номер=301")
DOC_TRANSFER = DOC_OUT_SUPPLIER.replace("ПолучательСчет=40702810100000077777", f"ПолучательСчет={OTHER}").replace(
    "Сумма=30000.00", "Сумма=1000.00").replace("Номер=88", "Номер=89").replace("ДатаСписано=15.01.2026", "ДатаСписано=15.01.2026\nДатаПоступило=15.01.2026")


def two_accounts(docs=None, *, other_section=True, other_closing="4200.00") -> str:
    """A 1C file of two accounts: one section each, documents of either, a transfer between them."""
    text = one_c([DOC_IN_1, DOC_OTHER_IN, DOC_TRANSFER] if docs is None else docs,
                 incoming="3500.00", outgoing="1000.00", closing="102500.00")
    text = text.replace(f"РасчСчет={ACCOUNT}\nДокумент", f"РасчСчет={ACCOUNT}\nРасчСчет={OTHER}\nДокумент")
    section = (f"СекцияРасчСчет\nДатаНачала=15.01.2026\nДатаКонца=15.01.2026\nРасчСчет={OTHER}\n"
               f"НачальныйОстаток=1000.00\nВсегоПоступило=3200.00\nВсегоСписано=0.00\n"
               f"КонечныйОстаток={other_closing}\nКонецРасчСчет\n")
    return text.replace("КонецРасчСчет\n", "КонецРасчСчет\n" + (section if other_section else ""), 1)


def test_a_1c_file_of_two_accounts_is_one_statement_per_account():
    ours, other = read_statements(cp1251(two_accounts()), name="two.txt")
    assert [(st.account, st.opening_balance, st.closing_balance) for st in (ours, other)] == [
        (ACCOUNT, Decimal("100000.00"), Decimal("102500.00")), (OTHER, Decimal("1000.00"), Decimal("4200.00"))]
    # the transfer between them is money out of one and money in to the other; lines are numbered through the file
    assert [(ln.line_no, ln.reference, ln.amount) for ln in ours.lines] == [(1, "15", Decimal("3500.00")),
                                                                            (2, "89", Decimal("-1000.00"))]
    assert [(ln.line_no, ln.reference, ln.amount) for ln in other.lines] == [(3, "301", Decimal("2200.00")),
                                                                             (4, "89", Decimal("1000.00"))]
    assert len({ln.fingerprint for st in (ours, other) for ln in st.lines}) == 4
    refused(cp1251(two_accounts()), f"holds several accounts ({ACCOUNT}, {OTHER}); export one account per file")
    undeclared = two_accounts().replace(f"РасчСчет={OTHER}\nДокумент", "Документ")
    refused(cp1251(undeclared), f"the СекцияРасчСчет is for account {OTHER}, not {ACCOUNT}")
    refused(cp1251(two_accounts(other_section=False)), f"has no СекцияРасчСчет for account {OTHER}")
    refused(cp1251(two_accounts(other_closing="4200.01")), "does not equal the closing balance 4200.01")
    stranger = DOC_IN_1.replace(f"ПолучательСчет={ACCOUNT}", "ПолучательСчет=40702810000000000999")
    refused(cp1251(two_accounts([stranger])), f"names none of the file's accounts ({ACCOUNT}, {OTHER})")


def test_a_statement_crosses_a_process_boundary_whole():
    """Pickled (as the reader process sends it) with its lines as columns, it comes back equal, with
    the same types: named lines, Decimal amounts kept to their exponent, one date object per day."""
    import pickle

    for st in (read_statement(camt(), name="s.xml"), read_statement(cp1251(one_c()), name="s.txt")):
        back = pickle.loads(pickle.dumps(st, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == st and type(back.lines) is tuple
        assert [type(ln).__name__ for ln in back.lines] == ["StatementLine"] * len(st.lines)
        assert [str(ln.amount) for ln in back.lines] == [str(ln.amount) for ln in st.lines]
        assert [ln.counterparty_name for ln in back.lines] == [ln.counterparty_name for ln in st.lines]
    odd = Statement("camt053", "A", "EUR", None, None, Decimal("0"), Decimal("-0.000"), (), ("a note",))
    assert pickle.loads(pickle.dumps(odd)) == odd
    st = read_statement(camt([camt_entry("8.850", "CRDT"), camt_entry("0.00", "DBIT")], closing=("1008.85", "CRDT")), name="s.xml")
    back = pickle.loads(pickle.dumps(st))
    assert [str(ln.amount) for ln in back.lines] == ["8.850", "0.00"] and back.lines[1].booked is back.lines[0].booked
