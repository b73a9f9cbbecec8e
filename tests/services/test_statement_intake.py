"""Statements a shop really receives, through the intake: a camt.054 notification (no balances) is
stored, matched and named as what it is; a statement's index text is its lines' words; a file
already registered is answered from its hash, without the reader process reading it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from boclerk.services.documents import reader
from boclerk.services.documents.intake import IntakeMeta, register_bytes, scan
from boclerk.services.documents.queries import search_documents, show_document
from boclerk.services.documents.vetting import Limits
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Pay,
    add_one,
    document_store,
    statement_1c,
    write,
)
from tests.services.trade_helpers import assert_sound, confirmed, read, set_day, shop, sql, sql_one

DAY = date(2026, 3, 20)
IBAN = "RU0204452560040702810412345678901"


@pytest.fixture
def books(db):
    set_day(db, DAY)
    shop(db)
    db.order = confirmed(db, "BORIS", ("LAMP", 1))
    return db


def notification(entries: list[tuple[str, str, str, str]], day: str = "2026-03-16") -> bytes:
    """A camt.054.001.08 of one account, no balances: entries are (signed amount, bank ref, party, purpose)."""
    xml = []
    for amount, ref, party, text in entries:
        sign, role = ("CRDT", "Dbtr") if Decimal(amount) > 0 else ("DBIT", "Cdtr")
        xml.append(f'<Ntry><Amt Ccy="RUB">{abs(Decimal(amount))}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
                   f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day}</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef>"
                   f"<NtryDtls><TxDtls><RltdPties><{role}><Pty><Nm>{party}</Nm></Pty></{role}></RltdPties>"
                   f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>'
            f"<GrpHdr><MsgId>N-1</MsgId><CreDtTm>{day}T10:00:00</CreDtTm></GrpHdr><Ntfctn><Id>N-1</Id>"
            f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>RUB</Ccy></Acct>{''.join(xml)}</Ntfctn>"
            "</BkToCstmrDbtCdtNtfctn></Document>\n").encode()


def test_a_camt054_notification_is_imported_matched_and_named_as_one(books, tmp_path):
    db = books
    due = sql_one(db, "SELECT total - paid FROM sales_order WHERE number = :n", n=db.order)
    amount = f"{Decimal(due) / 100:.2f}"
    data = notification([(amount, "NTF-1", "Борис Иванов", f"Оплата по заказу {db.order}"),
                         ("-150.00", "NTF-2", "ПАО СБЕРБАНК", "Комиссия банка за ведение счета")])
    res = add_one(db, "clerk", write(tmp_path, "n.xml", data), doc_type="bank_statement")
    total = Decimal(amount) - Decimal("150.00")
    assert res.message == (
        "Registered n.xml as DOC-2026-000001 (bank statement, camt.054): 2 new bank line(s), 2 with a proposed "
        f"match, 0 waiting in the queue; {IBAN}: the file gives no balances; none is kept, its lines add up to "
        f"{total}, and no balance was checked.")
    assert (res.outcome, res.doc_type, res.bank_lines, res.proposed) == ("registered", "bank_statement", 2, 2)
    # no balance is stored as none, never as 0
    assert sql(db, "SELECT format, account, currency, opening, closing, line_count FROM bank_statement") == [
        ("camt054", IBAN, "RUB", None, None, 2)]
    detail = read(db, "viewer", show_document, res.number)
    assert (detail.statement["format"], detail.statement["opening"], detail.statement["closing"]) == (
        "camt054", None, None)
    assert [(ln.line_no, ln.match) for ln in detail.bank_lines] == [(1, db.order), (2, "fee")]
    [after] = [json.loads(a) for (a,) in sql(db, "SELECT after FROM audit_event WHERE action = 'bank.statement'")]
    assert (after["format"], after["lines"]) == ("camt054", 2)
    # the index holds the lines' words, not the XML's
    assert "Борис Иванов" in detail.text_preview and "<Ntry>" not in detail.text_preview
    assert detail.text_preview.splitlines()[0] == f"camt.054 {IBAN} RUB"
    assert [d.number for d in read(db, "viewer", search_documents, "СБЕРБАНК")] == [res.number]
    assert_sound(db)


class NoReader:
    """A reader process that must not be started."""

    def prepare(self, *args, **kwargs):
        raise AssertionError("the reader was started for a file already registered")


def test_a_file_already_registered_is_answered_from_its_hash_without_reading_it(books, tmp_path, monkeypatch):
    db = books
    data = statement_1c([Pay("3000.00", f"Оплата по заказу {db.order}", "IVANOV BORIS", number="12")])
    first = add_one(db, "clerk", write(tmp_path, "stmt.txt", data))
    assert first.outcome == "registered"
    started = []
    monkeypatch.setattr(reader.Reader, "_start", lambda self: started.append(self) or pytest.fail("reader started"))
    monkeypatch.setattr(reader, "shared", NoReader)
    known = f"is already registered as {first.number}."
    again = add_one(db, "clerk", write(tmp_path / "again", "renamed.txt", data))  # `bank import` / `doc add`
    assert (again.outcome, again.message, again.number) == ("known", f"renamed.txt {known}", first.number)
    handed = register_bytes(db, "clerk", "mail.txt", data, IntakeMeta(), limits=Limits())  # the app, a mail gateway
    assert (handed.outcome, handed.message, handed.doc_type) == ("known", f"mail.txt {known}", "bank_statement")
    as_other = register_bytes(db, "clerk", "x.txt", data, IntakeMeta(doc_type="contract"), limits=Limits())
    assert as_other.message == f"x.txt is already registered as {first.number}, a document of type bank statement."
    [scanned] = scan(db, "clerk", write(tmp_path / "inbox", "stmt.txt", data).parent)  # `doc scan`
    assert (scanned.outcome, scanned.message) == ("known", f"stmt.txt {known}")
    assert started == [] and sql_one(db, "SELECT count(*) FROM document") == 1
    # new content still goes to the reader (which is gone here): the lookup did not let it through
    with pytest.raises(AssertionError, match="reader was started"):
        add_one(db, "clerk", write(tmp_path / "new", "other.txt", data.replace(b"3000.00", b"3001.00")))


def test_a_known_file_is_not_said_to_a_user_who_may_not_register(books, tmp_path, monkeypatch):
    db = books
    data = statement_1c([Pay("3000.00", "x", "IVANOV BORIS", number="12")])
    add_one(db, "clerk", write(tmp_path, "stmt.txt", data))
    monkeypatch.setattr(reader, "shared", NoReader)
    from boclerk.errors import NotPermitted

    with pytest.raises(NotPermitted):
        register_bytes(db, "viewer", "stmt.txt", data, IntakeMeta(), limits=Limits())


def test_the_words_of_a_big_cyrillic_file_are_cut_between_characters():
    from boclerk.services.documents.vetting import plain_words

    # 4,000,000 bytes are read; "<p>" takes 3 of them, so the character that begins at byte
    # 3,999,999 (1-based) ends at byte 4,000,000: the cut splits it.
    data = b"<p>" + "Оплата по заказу ".encode() * 100 + "ж".encode() * 2_000_000 + b"</p>"
    cut = data[:4_000_000]
    with pytest.raises(UnicodeDecodeError):
        cut.decode("utf-8")
    words = plain_words(data)
    assert words.startswith("Оплата по заказу Оплата") and words.endswith("жжж")
    assert len(words) == 2_000_000 and set(words[-1_000_000:]) == {"ж"}
    assert plain_words("Оплата по заказу".encode("cp1251")) == "Оплата по заказу"  # cp1251 still read as such
