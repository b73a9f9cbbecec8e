"""``boclerk doc show`` of a bank statement: the format by its name (camt.054, 1CClientBankExchange),
balances the file did not give said as "not given" (null in JSON, never 0), and a notification's
entry that has only a value date taken on that date."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from boclerk.dates import format_day

from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Pay,
    document_store,
    statement_1c,
    write,
)
from tests.services.trade_helpers import shop

DAY = date.today() - timedelta(days=3)
IBAN = "RU0204452560040702810412345678901"


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


def notification(day: date) -> bytes:
    """A camt.054 of one account without balances: one entry booked, one with only its value date."""
    def entry(amount: str, ref: str, dated: str) -> str:
        return (f'<Ntry><Amt Ccy="RUB">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>{dated}'
                f"<AcctSvcrRef>{ref}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>Иван Петров</Nm></Pty>"
                f"</Dbtr></RltdPties><RmtInf><Ustrd>Оплата {ref}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>")
    before = day - timedelta(days=1)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>'
            f"<GrpHdr><MsgId>N-7</MsgId><CreDtTm>{day}T10:00:00</CreDtTm></GrpHdr><Ntfctn><Id>N-7</Id>"
            f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>RUB</Ccy></Acct>"
            + entry("1500.00", "NTF-71", f"<BookgDt><Dt>{before}</Dt></BookgDt><ValDt><Dt>{before}</Dt></ValDt>")
            + entry("250.00", "NTF-72", f"<ValDt><Dt>{day}</Dt></ValDt>")
            + "</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n").encode()


def test_a_notification_without_balances_shows_them_as_not_given(cli, db, tmp_path):
    shop(db)
    r = ok(cli("bank", "import", str(write(tmp_path, "n.xml", notification(DAY))), user="acc"))
    assert "(bank statement, camt.054)" in r.stderr
    assert f"{IBAN}: the file gives no balances; none is kept, its lines add up to 1750.00" in r.stderr
    assert f"{IBAN}: 1 entry gives no booking date (BookgDt), so its value date (ValDt) is taken for it" in r.stderr
    number = re.search(r"DOC-\d{4}-\d{6}", r.stderr)[0]
    shown = ok(cli("doc", "show", number)).stdout
    assert f"  statement camt.054 of {IBAN} ..: not given -> not given RUB, 2 lines (2 new)" in shown.splitlines()
    assert "camt054" not in shown
    booked = [line.split()[2] for line in shown.splitlines() if re.match(r"\s+\d+\s+\d+\s+\d\d\.\d\d\.\d{4} ", line)]
    # the second line is dated by its value date (the days as the shop's locale writes them)
    assert booked == [format_day(DAY - timedelta(days=1)), format_day(DAY)]
    data = json.loads(ok(cli("doc", "show", number, "--json")).stdout)
    assert (data["statement"]["format"], data["statement"]["opening"], data["statement"]["closing"]) == (
        "camt054", None, None)


def test_a_statement_with_balances_shows_them_and_its_format_by_name(cli, db, tmp_path):
    shop(db)
    day = DAY.strftime("%d.%m.%Y")
    data = statement_1c([Pay("2400.00", "за кружки", "Someone", day=day)], opening="1000.00", day=day)
    r = ok(cli("bank", "import", str(write(tmp_path, "s.txt", data)), user="acc"))
    number = re.search(r"DOC-\d{4}-\d{6}", r.stderr)[0]
    [line] = [ln for ln in ok(cli("doc", "show", number)).stdout.splitlines() if ln.startswith("  statement ")]
    assert re.fullmatch(r"  statement 1CClientBankExchange of \d+ \S+: 1000\.00 -> 3400\.00 RUB, 1 lines \(1 new\)", line)
    shown = json.loads(ok(cli("doc", "show", number, "--json")).stdout)["statement"]
    assert (shown["format"], shown["opening"], shown["closing"]) == ("1c", "1000.00", "3400.00")
