"""The camt.053 stream reader (lxml, one walk per entry) reads what a straightforward reading of the
same file reads (tests/formats/camt_reference.py: the whole tree, every field by its path), on real
files and on built ones with every shape the reader looks at; and it stays closed to XML attacks."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from boclerk.errors import InvalidInput
from boclerk.formats import bank_camt, bank_xml
from boclerk.formats.bank import DraftLine
from boclerk.formats.bank_statement import read_statement, read_statements
from tests.formats import camt_reference as reference

SAMPLES = Path(__file__).parent / "samples" / "camt"
NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


def outcome(read, *args, **kwargs):
    try:
        return read(*args, **kwargs)
    except InvalidInput as exc:
        return ("refused", str(exc))


def entries_both_ways(data: bytes, currency: str) -> list[tuple[object, object]]:
    """Each Ntry of a file (camt.052, .053 or .054: the same entry) read by both readers."""
    p, tree = reference.root_of(data)
    fast_root = etree.fromstring(data, etree.XMLParser(**bank_xml._SAFE))
    r = bank_camt._Reader(p.ns, "statement.xml")
    slow = tree.findall(".//" + p.q("Ntry"))
    fast = fast_root.findall(".//" + p.q("Ntry"))
    assert len(slow) == len(fast) > 0
    return [(outcome(reference.entry, p, a, f"Ntry[{i}]", currency), outcome(bank_camt._entry, r, b, f"Ntry[{i}]", currency))
            for i, (a, b) in enumerate(zip(slow, fast, strict=True), start=1)]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.xml")))
def test_every_entry_of_the_real_samples_reads_the_same_both_ways(name):
    data = (SAMPLES / name).read_bytes()
    for currency in ("", "EUR", "XXX"):  # "XXX": every entry is refused, and by the same words
        pairs = entries_both_ways(data, currency)
        for slow, fast in pairs:
            assert fast == slow
        if currency == "XXX":
            assert all(fast[0] == "refused" for _slow, fast in pairs)


def test_the_real_samples_hold_entries_of_every_kind():
    """The comparison above means something only if the samples' entries are read into lines of
    every kind (a reading that found nothing would agree with itself)."""
    lines = [fast for p in sorted(SAMPLES.glob("*.xml")) for _slow, fast in entries_both_ways(p.read_bytes(), "")
             if isinstance(fast, DraftLine)]
    assert len(lines) >= 14 and all(isinstance(line.amount, Decimal) for line in lines)
    assert {line.counterparty_name for line in lines} >= {"NAME NAME", "Company Name", "Example Creditor 3 - V1"}
    assert "455454654" in {line.counterparty_tax_id for line in lines}
    assert any(line.purpose.startswith("Unstructured Remittance Information V1 ISR ref number V1; ") for line in lines)
    assert {line.bank_id for line in lines} >= {"", "AAAASESS-FP-CN_98765/01"}


def test_the_samples_read_as_statements_the_same_both_ways():
    for path in sorted(SAMPLES.glob("genkgo-camt053*.xml")):
        data = path.read_bytes()
        fast = outcome(bank_camt.read_all, data, path.name)
        if fast[0] != "refused":  # most samples have made-up balances (SOURCES.md); both readers must agree where they add up
            assert fast == reference.read_all(data, path.name), path.name
    [st] = read_statements((SAMPLES / "genkgo-camt053.v2.multi.statement.xml").read_bytes(), name="multi.xml")
    assert len(st.lines) == 2


# --- built files: every shape the reader looks at, at random (seeded) --------------------------

DECOY = '<o:{tag} xmlns:o="urn:example:other">decoy</o:{tag}>'  # the same local name in another namespace


def text(rng: random.Random, words: str) -> str:
    """``words`` as XML writes them in many ways: spaces around, an entity, a character reference,
    a comment or CDATA inside, or nothing at all."""
    kind = rng.randrange(9)
    if kind == 0:
        return f"  {words}\n "
    if kind == 1:
        return words.replace(" ", " &amp; ", 1)
    if kind == 2:
        return words + " &#1048;&#x0416;"
    if kind == 3 and len(words) > 2:
        return f"{words[:2]}<!-- a note -->{words[2:]}<?pi here?>"
    if kind == 4:
        return f"<![CDATA[{words} <b>]]>"
    if kind == 5:
        return "  "
    return words


def party(rng: random.Random, role: str, i: int) -> str:
    name = text(rng, rng.choice([f"Иванов {i}", f"Lieferant {i} GmbH", "ООО «Ромашка»"]))
    nm = rng.choice([f"<Nm>{name}</Nm>", f"<Pty><Nm>{name}</Nm></Pty>", "", "<Nm/>", f"<Nm> </Nm><Nm>{name}</Nm>"])
    org = rng.choice(["", f"<Id><OrgId><Othr><Id>77{i:08d}</Id></Othr></OrgId></Id>",
                      f"<Pty><Id><OrgId><Othr><Id>50{i:08d}</Id></Othr></OrgId></Id></Pty>"])
    acct = rng.choice(["", f"<{role}Acct><Id><IBAN>DE02{i:018d}</IBAN></Id></{role}Acct>",
                       f"<{role}Acct><Id><Othr><Id>40817810{i:012d}</Id></Othr></Id></{role}Acct>"])
    decoy = DECOY.format(tag="Nm") if rng.random() < 0.2 else ""
    return f"<{role}>{decoy}{nm}{org}</{role}>{acct}" if nm or org or rng.random() < 0.5 else acct


def tx_details(rng: random.Random, i: int) -> str:
    refs = rng.choice(["", f"<Refs><EndToEndId>{rng.choice(['NOTPROVIDED', f'E2E-{i}'])}</EndToEndId></Refs>",
                       f"<Refs><AcctSvcrRef>TX-{i}</AcctSvcrRef><EndToEndId>E-{i}</EndToEndId></Refs>"])
    roles = rng.sample(["Dbtr", "Cdtr"], rng.randrange(1, 3))
    # usually one RltdPties; sometimes two, the first maybe naming nobody (what counts is the first, as find reads it)
    related = "".join(f"<RltdPties>{''.join(party(rng, role, i * 10 + n * 3 + k) for k, role in enumerate(roles))}</RltdPties>"
                      for n in range(rng.choice([0, 1, 1, 1, 2])))
    role = rng.choice(["Dbtr", "Cdtr"])
    tax = f"<Tax><{role}><TaxId>INN{i}</TaxId></{role}></Tax>" if rng.random() < 0.2 else ""
    remit = "".join(
        "<RmtInf>"
        + "".join(f"<Ustrd>{text(rng, rng.choice([f'Order SO-2026-{i:06d}', 'Оплата за товар', 'Rechnung 4711']))}</Ustrd>"
                  for _ in range(rng.randrange(3)))
        + (f"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18{i}</Ref></CdtrRefInf></Strd>" if rng.random() < 0.3 else "")
        + (f"<Strd><RfrdDocInf><Nb>BILL-{i}</Nb></RfrdDocInf></Strd>" if rng.random() < 0.2 else "")
        + "</RmtInf>" for _ in range(rng.choice([0, 1, 1, 2])))
    info = f"<AddtlTxInf>{text(rng, f'Info {i}')}</AddtlTxInf>" if rng.random() < 0.3 else ""
    amt = '<AmtDtls><TxAmt><Amt Ccy="USD">1.00</Amt></TxAmt></AmtDtls>' if rng.random() < 0.2 else ""
    return f"<TxDtls>{refs}{amt}{related}{tax}{remit}{info}</TxDtls>"


def entry(rng: random.Random, i: int, ccy: str) -> tuple[str, Decimal]:
    amount = Decimal(rng.randrange(0, 10**7)) / rng.choice([1, 10, 100])
    sign = rng.choice(["CRDT", "DBIT"])
    booked = rng.random() < 0.9
    status = rng.choice(["<Sts>BOOK</Sts>", "<Sts><Cd>BOOK</Cd></Sts>", "<Sts> BOOK </Sts>", ""]) if booked \
        else rng.choice(["<Sts>PDNG</Sts>", "<Sts><Cd>INFO</Cd></Sts>"])
    day = rng.choice(["<Dt>2026-01-15</Dt>", "<DtTm>2026-01-16T13:15:00+01:00</DtTm>", "<Dt>2026-01-17</Dt><DtTm>2026-01-18T00:00:00</DtTm>"])
    details = "".join(tx_details(rng, i * 10 + k) for k in range(rng.choice([0, 1, 1, 1, 2, 3])))
    xml = (f'<Ntry><NtryRef>{"N-%d" % i if rng.random() < 0.3 else ""}</NtryRef><Amt Ccy="{ccy}">{amount}</Amt>'
           f"<CdtDbtInd>{sign}</CdtDbtInd>" + ("<RvslInd>true</RvslInd>" if rng.random() < 0.15 else "")
           + f"{status}<BookgDt>{day}</BookgDt><ValDt><Dt>2026-01-20</Dt></ValDt>"
           + (f"<AcctSvcrRef>REF-{i}</AcctSvcrRef>" if rng.random() < 0.6 else "")
           + '<BkTxCd><Domn><Cd>PMNT</Cd></Domn></BkTxCd>'
           + (DECOY.format(tag="AcctSvcrRef") if rng.random() < 0.1 else "")
           + (f"<NtryDtls>{details}</NtryDtls>" if details else "")
           + "".join(f"<AddtlNtryInf>{text(rng, f'Entry {i}')}</AddtlNtryInf>" for _ in range(rng.choice([0, 0, 1, 2])))
           + "</Ntry>")
    return xml, (amount if sign == "CRDT" else -amount) if booked else Decimal(0)


def built(rng: random.Random) -> bytes:
    """A camt.053 file of one to three Stmt (of one or two accounts; each account's statements continue
    each other's balances), in UTF-8 (maybe with a byte order mark) or windows-1251."""
    accounts = {acct: (ccy, Decimal(rng.randrange(-10**6, 10**6)) / 100) for acct, ccy in
                [(f"<IBAN>DE89370400440532{n:06d}</IBAN>", rng.choice(["EUR", "RUB"])) for n in range(rng.randrange(1, 3))]}
    stmts = []
    for s in range(rng.randrange(1, 4)):
        acct = rng.choice(list(accounts))
        ccy, opening = accounts[acct]
        xml, total = [], Decimal(0)
        for i in range(rng.randrange(0, 25)):
            one, amount = entry(rng, s * 1000 + i, ccy)
            xml.append(one)
            total += amount
        closing = opening + total
        accounts[acct] = (ccy, closing)

        def bal(code, value, ccy=ccy):
            return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"{ccy}\">{abs(value)}</Amt>"
                    f"<CdtDbtInd>{'CRDT' if value >= 0 else 'DBIT'}</CdtDbtInd></Bal>")
        acct_xml = f"<Acct><Id>{acct}</Id>" + (f"<Ccy>{ccy}</Ccy>" if rng.random() < 0.5 else "") + "</Acct>"
        period = "<FrToDt><FrDtTm>2026-01-15T00:00:00</FrDtTm><ToDtTm>2026-01-31T23:59:59</ToDtTm></FrToDt>" if rng.random() < 0.7 else ""
        stmts.append(f"<Stmt><Id>S{s}</Id>{period}{acct_xml}{bal('OPBD', opening)}{bal('ITBD', opening)}{bal('CLBD', closing)}"
                     + "".join(xml) + "</Stmt>")
    encoding = rng.choice(["UTF-8", "UTF-8", "windows-1251"])
    body = (f'<?xml version="1.0" encoding="{encoding}"?>\n<!-- made by a bank -->\n<Document xmlns="{NS}"><BkToCstmrStmt>'
            "<GrpHdr><MsgId>M</MsgId></GrpHdr>" + "".join(stmts) + "</BkToCstmrStmt></Document>\n")
    data = body.encode("cp1251" if encoding == "windows-1251" else "utf-8")
    return b"\xef\xbb\xbf" + data if encoding == "UTF-8" and rng.random() < 0.3 else data


@pytest.mark.parametrize("seed", range(40))
def test_built_statements_read_the_same_both_ways(seed):
    data = built(random.Random(seed))
    fast = outcome(read_statements, data, name="statement.xml", max_bytes=len(data))
    slow = outcome(reference.read_all, data, "statement.xml")
    assert isinstance(slow, list) and fast == tuple(slow)


def test_the_built_files_hold_what_they_are_meant_to():
    """The comparison above means something only if its files hold lines of every kind."""
    lines = [line for seed in range(40) for st in read_statements(built(random.Random(seed)), name="x") for line in st.lines]
    assert len(lines) > 300
    assert any("&" in ln.counterparty_name for ln in lines) and any("ИЖ" in ln.purpose for ln in lines)
    assert any(ln.counterparty_name.startswith("Ив") and "note" not in ln.counterparty_name for ln in lines)
    assert any(ln.counterparty_tax_id.startswith("INN") for ln in lines) and any(ln.counterparty_account.startswith("4081") for ln in lines)
    assert any("RF18" in ln.purpose for ln in lines) and any("; " in ln.purpose for ln in lines)
    assert any(ln.purpose.startswith(("Info", "Entry")) for ln in lines)
    assert any(ln.reference.startswith("N-") for ln in lines) and any(ln.reference.startswith("E2E") for ln in lines)
    assert not any("decoy" in "".join(map(str, ln)) for ln in lines)


# --- closed to XML attacks ------------------------------------------------------------------

def camt(prolog: str = "", inside: str = "", head: str = "") -> bytes:
    return (f'<?xml version="1.0"?>\n{prolog}<Document xmlns="{NS}" xmlns:xi="http://www.w3.org/2001/XInclude">'
            f"<BkToCstmrStmt><GrpHdr>{head}</GrpHdr><Stmt><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>"
            '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>'
            '<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>'
            f'<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-15</Dt></BookgDt>'
            f"<NtryDtls><TxDtls><RmtInf><Ustrd>Order 1{inside}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
            "</Stmt></BkToCstmrStmt></Document>").encode()


def test_nothing_outside_the_file_is_read_and_no_dtd_is_let_in(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-7731")
    dtd = tmp_path / "x.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "{secret.as_uri()}">')
    attacks = [
        f'<!DOCTYPE Document [<!ENTITY % pe SYSTEM "{secret.as_uri()}"> %pe;]>\n',
        f'<!DOCTYPE Document [<!ENTITY % pe SYSTEM "{dtd.as_uri()}"> %pe;]>\n',
        f'<!DOCTYPE Document SYSTEM "{dtd.as_uri()}">\n',
        f'<!DOCTYPE Document [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n',
        '<!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY leak "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n',
        '<!DOCTYPE Document>\n',
    ]
    for prolog in attacks:
        for inside in ("", " &leak;"):
            with pytest.raises(InvalidInput) as info:
                read_statement(camt(prolog, inside), name="statement.xml")
            message = str(info.value)
            assert ("declares a DTD" in message or "not well-formed" in message) and "CANARY" not in message, message
    with pytest.raises(InvalidInput, match="declares a DTD or entities"):
        read_statement(camt(attacks[0]), name="statement.xml")
    # XInclude is never processed: the element stays an unknown element of the purpose's text
    st = read_statement(camt(inside=f'<xi:include href="{secret.as_uri()}" parse="text"/>'), name="statement.xml")
    assert st.lines[0].purpose == "Order 1"
    assert read_statement(camt(), name="statement.xml").lines[0].purpose == "Order 1"


def test_the_limits_count_what_lies_outside_the_entries_too(monkeypatch):
    deep = "<X>" * 70 + "</X>" * 70
    with pytest.raises(InvalidInput, match="nests its elements more than 64 deep"):
        read_statement(camt(head=deep), name="statement.xml")
    read_statement(camt(head="<X>" * 55 + "</X>" * 55), name="statement.xml")  # 60 deep: allowed
    monkeypatch.setattr(bank_camt, "MAX_ELEMENTS_STATEMENT", 100)
    read_statement(camt(head="<X/>" * 60), name="statement.xml")
    with pytest.raises(InvalidInput, match="holds more than 100 elements"):
        read_statement(camt(head="<X/>" * 90), name="statement.xml")
