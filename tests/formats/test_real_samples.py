"""Files real counterparties and other parsers' test suites publish (tests/formats/samples/SOURCES.md),
read as they are: amounts, dates, VAT, allowances and charges, and refusals by name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from boclerk.errors import InvalidInput
from boclerk.formats.bank_statement import read_statement
from boclerk.formats.einvoice import detect_invoice, read_invoice
from boclerk.formats.textextract import extract_text
from boclerk.services.documents.vetting import Limits, prepare

SAMPLES = Path(__file__).parent / "samples"


def sample(path: str) -> bytes:
    return (SAMPLES / path).read_bytes()


def adjustments(inv):
    return [(a.charge, a.reason, a.net, a.vat_rate, a.vat) for a in inv.adjustments]


def test_an_ofx_with_an_xml_declaration_and_an_sgml_body_is_read_and_indexed():
    data = sample("ofx/anzcc.ofx")
    with pytest.raises(InvalidInput, match="not well-formed XML"):
        extract_text(data, name="anzcc.ofx")  # the XML text extractor cannot take it ...
    p = prepare("anzcc.ofx", data, None, Limits())  # ... which no longer refuses what the OFX reader reads
    assert p.doc_type == "bank_statement"
    [st] = p.statement  # one statement per account of the file
    assert (st.account, st.currency, st.opening_balance, st.closing_balance) == (
        "1234123412341234", "AUD", Decimal("-117.95"), Decimal("-123.45"))
    assert [(ln.booked, ln.amount, ln.purpose) for ln in st.lines] == [(date(2017, 5, 8), Decimal("-5.50"), "SOME MEMO")]
    assert "SOME MEMO" in p.text and "<STMTTRN>" not in p.text


def test_an_unreadable_file_no_reader_knows_is_still_refused_by_indexing():
    broken = b'<?xml version="1.0"?>\n<note><to>x</note>'
    with pytest.raises(InvalidInput, match="not well-formed XML"):
        prepare("note.xml", broken, None, Limits())


def test_peppol_base_example_carries_its_document_level_charge():
    inv = read_invoice(sample("en16931/peppol-base-example.xml"))
    assert (inv.number, inv.issued, inv.currency) == ("Snippet1", date(2017, 11, 13), "EUR")
    assert (inv.total_net, inv.total_vat, inv.total_gross, inv.payable) == (
        Decimal("1325"), Decimal("331.25"), Decimal("1656.25"), Decimal("1656.25"))
    assert [(ln.quantity, ln.net) for ln in inv.lines] == [(Decimal("7"), Decimal("2800")), (Decimal("-3"), Decimal("-1500"))]
    assert adjustments(inv) == [(True, "Insurance", Decimal("25"), Decimal("25.0"), Decimal("6.25"))]
    assert sum(ln.gross for ln in inv.lines) + sum(a.net + a.vat for a in inv.adjustments) == inv.total_gross


def test_peppol_allowance_example_has_a_charge_a_discount_and_a_prepaid_amount():
    inv = read_invoice(sample("en16931/peppol-Allowance-example.xml"))
    assert adjustments(inv) == [(True, "Cleaning", Decimal("200"), Decimal("25"), Decimal("50.00")),
                                (False, "Discount", Decimal("-200"), Decimal("25"), Decimal("-50.00"))]
    # line 1: 10 x 410 less its line-level discount 101 plus its cleaning charge 1 = 4000, as LineExtensionAmount says
    assert [ln.net for ln in inv.lines] == [Decimal("4000.00"), Decimal("1000.00"), Decimal("900.00")]
    assert (inv.total_net, inv.total_gross, inv.payable) == (Decimal("5900"), Decimal("7125"), Decimal("6125.00"))


@pytest.mark.parametrize("path", ["en16931/facturx-factur-x-en16931.xml", "en16931/facturx-invoice_EN16931.pdf"])
def test_the_factur_x_package_example_reads_with_its_discounts_and_charges_per_vat_rate(path):
    inv = read_invoice(sample(path))
    assert inv.format == ("facturx" if path.endswith(".pdf") else "cii")
    assert (inv.issued, inv.currency, inv.total_net, inv.total_vat, inv.total_gross) == (
        date(2026, 1, 31), "EUR", Decimal("100.00"), Decimal("4.90"), Decimal("104.90"))
    allowances = [a for a in inv.adjustments if not a.charge]
    charges = [a for a in inv.adjustments if a.charge]
    assert sum(a.net for a in allowances) == Decimal("-9.00") and sum(a.net for a in charges) == Decimal("14.00")
    assert {a.vat_rate for a in inv.adjustments} == {Decimal("20.00"), Decimal("10.00"), Decimal("0.00")}
    assert sum(ln.net for ln in inv.lines) + sum(a.net for a in inv.adjustments) == inv.total_net


def test_the_factur_x_package_ubl_example_has_a_prepaid_amount_apart_from_its_gross():
    inv = read_invoice(sample("en16931/facturx-ubl-21-en16931.xml"))
    assert (inv.total_net, inv.total_vat, inv.total_gross, inv.payable) == (
        Decimal("273.00"), Decimal("35.03"), Decimal("308.03"), Decimal("208.03"))
    assert [a.reason for a in inv.adjustments] == ["Consigne", "Réduc fidélité", "Surtaxe carburant"]


@pytest.mark.parametrize("written, day", [("2017-11-13+01:00", date(2017, 11, 13)), ("2017-11-13Z", date(2017, 11, 13)),
                                          ("2017-11-13-05:00", date(2017, 11, 13))])
def test_a_ubl_issue_date_with_a_time_zone_is_an_xsd_date(written, day):
    data = sample("en16931/peppol-base-example.xml").replace(
        b"<cbc:IssueDate>2017-11-13</cbc:IssueDate>", f"<cbc:IssueDate>{written}</cbc:IssueDate>".encode())
    assert written.encode() in data
    assert read_invoice(data).issued == day


def test_a_ubl_issue_date_that_is_no_date_is_refused_with_the_form_expected():
    data = sample("en16931/peppol-base-example.xml").replace(b"<cbc:IssueDate>2017-11-13<", b"<cbc:IssueDate>13.11.2017<")
    with pytest.raises(InvalidInput, match=r"IssueDate is not a date \('13.11.2017'\); expected YYYY-MM-DD"):
        read_invoice(data)


def test_zugferd_1_xml_is_read_as_the_cii_it_became():
    """ZUGFeRD 1.0 COMFORT example of the factur-x package: two lines at 19 % and 7 %."""
    data = sample("en16931/facturx-zugferd-comfort.xml")
    assert detect_invoice(data) == "zugferd1"
    inv = read_invoice(data, name="zugferd.xml")
    assert (inv.format, inv.number, inv.issued, inv.currency, inv.seller_name, inv.seller_tax_id) == (
        "zugferd1", "471102", date(2013, 3, 5), "EUR", "Lieferant GmbH", "DE123456789")
    assert [(ln.seller_code, ln.quantity, ln.unit_price, ln.net, ln.vat_rate, ln.vat) for ln in inv.lines] == [
        ("TB100A4", Decimal("20.0000"), Decimal("9.9000"), Decimal("198.00"), Decimal("19.00"), Decimal("37.62")),
        ("ARNR2", Decimal("50.0000"), Decimal("5.5000"), Decimal("275.00"), Decimal("7.00"), Decimal("19.25"))]
    assert (inv.total_net, inv.total_vat, inv.total_gross, inv.payable) == (
        Decimal("473.00"), Decimal("56.87"), Decimal("529.87"), Decimal("529.87"))
    p = prepare("zugferd.xml", data, None, Limits())
    assert p.doc_type == "supplier_invoice" and p.invoice == inv


def test_zugferd_1_inside_a_pdf_is_read():
    """Mustang's ZUGFeRD 1.0 BASIC invoice RE-20170509/505 (ZUGFeRD-invoice.xml inside a PDF/A-3)."""
    data = sample("zugferd1/mustang-RE-20170509_505.pdf")
    assert detect_invoice(data) == "facturx"
    inv = read_invoice(data, name="re.pdf")
    assert (inv.format, inv.number, inv.issued, inv.seller_tax_id) == ("zugferd1", "RE-20170509/505",
                                                                       date(2017, 5, 9), "DE136695976")
    assert [(ln.name, ln.quantity, ln.net, ln.vat) for ln in inv.lines] == [
        ("Künstlerische Gestaltung (Stunde): Einer Beispielrechnung", Decimal("1.0000"), Decimal("160.00"),
         Decimal("11.20")),
        ("Luftballon: Bunt, ca. 500ml", Decimal("400.0000"), Decimal("316.00"), Decimal("60.04")),
        ("Heiße Luft pro Liter", Decimal("200.0000"), Decimal("20.00"), Decimal("3.80"))]
    assert (inv.total_net, inv.total_vat, inv.total_gross) == (Decimal("496.00"), Decimal("75.04"), Decimal("571.04"))


def test_zugferd_1_with_figures_that_disagree_is_refused_like_any_cii():
    data = sample("en16931/facturx-zugferd-comfort.xml").replace(b">529.87</ram:GrandTotalAmount>",
                                                                  b">530.87</ram:GrandTotalAmount>")
    with pytest.raises(InvalidInput, match="TaxBasisTotalAmount 473.00 plus TaxTotalAmount 56.87 is not "
                                           "GrandTotalAmount 530.87"):
        read_invoice(data, name="zugferd.xml")


def test_a_ubl_credit_note_is_read_as_the_decreases_it_makes():
    """OpenPEPPOL's credit note example: two lines (one credited negative) and an insurance charge at 25 %."""
    data = sample("en16931/peppol-base-creditnote-correction.xml")
    assert detect_invoice(data) == "ubl-credit"
    note = read_invoice(data, name="cn.xml")
    assert (note.format, note.number, note.issued, note.currency, note.seller_tax_id, note.invoices) == (
        "ubl-credit", "Snippet1", date(2017, 11, 13), "EUR", "GB1232434", ("Snippet1",))
    assert [(ln.line_no, ln.name, ln.net, ln.vat) for ln in note.lines] == [
        (1, "item name", Decimal("-2800"), Decimal("-700.00")), (2, "item name 2", Decimal("1500"), Decimal("375.00")),
        (0, "Insurance", Decimal("-25"), Decimal("-6.25"))]
    assert (note.total_net, note.total_vat) == (Decimal("-1325"), Decimal("-331.25"))
    p = prepare("cn.xml", data, None, Limits())
    assert p.doc_type == "supplier_invoice" and p.invoice == note


def test_a_factur_x_credit_note_is_read_as_the_decreases_of_the_invoice_it_names():
    """The FNFE's avoir AV-2017-0005 (TypeCode 381) credits invoice FA-2017-0010: 20 % and 5.5 % lines."""
    data = sample("en16931/fnfe-Avoir_FR_type381_BASIC.pdf")
    assert detect_invoice(data) == "facturx"
    note = read_invoice(data, name="avoir.pdf")
    assert (note.format, note.number, note.issued, note.currency, note.seller_name, note.seller_tax_id,
            note.invoices) == ("facturx-credit", "AV-2017-0005", date(2017, 11, 16), "EUR", "Au bon moulin",
                               "FR11999999998", ("FA-2017-0010",))
    assert [(ln.line_no, ln.vat_rate, ln.net, ln.vat) for ln in note.lines] == [
        (1, Decimal("20.00"), Decimal("-20.48"), Decimal("-4.10")),
        (2, Decimal("5.50"), Decimal("-198.00"), Decimal("-10.89"))]
    assert (note.total_net, note.total_vat) == (Decimal("-218.48"), Decimal("-14.99"))
    p = prepare("avoir.pdf", data, None, Limits())
    assert p.doc_type == "supplier_invoice" and p.invoice == note


def test_a_cii_credit_note_without_an_invoice_reference_is_read_and_names_none():
    data = sample("en16931/mustang-testout-ZF2PushCreditNote.xml")
    assert detect_invoice(data) == "cii"
    note = read_invoice(data, name="cn.xml")
    assert (note.format, note.number, note.invoices, note.total_net, note.total_vat) == (
        "cii-credit", "123", (), Decimal("-3.00"), Decimal("-0.57"))


def test_credit_codes_other_than_381_and_396_are_refused_naming_the_note_by_hand():
    data = sample("en16931/mustang-testout-ZF2PushCreditNote.xml").replace(
        b"<ram:TypeCode>381</ram:TypeCode>", b"<ram:TypeCode>261</ram:TypeCode>")
    with pytest.raises(InvalidInput, match=r"type 261 \(TypeCode\).*boclerk purchase note BILL-"):
        read_invoice(data, name="cn.xml")
    factored = read_invoice(data.replace(b">261<", b">396<"), name="cn.xml")
    assert factored.format == "cii-credit"


# -- 1CClientBankExchange ------------------------------------------------------------------------

CONDO_TOTALS = {b"\xd0\x92\xd1\x81\xd0\xb5\xd0\xb3\xd0\xbe\xd0\x9f\xd0\xbe\xd1\x81\xd1\x82\xd1\x83\xd0\xbf\xd0\xb8\xd0\xbb\xd0\xbe=2681831.46":
                "ВсегоПоступило=2219.96".encode(),
                "ВсегоСписано=2554737.23".encode(): "ВсегоСписано=14700.00".encode(),
                "КонечныйОстаток=135394.23".encode(): "КонечныйОстаток=-4180.04".encode()}


def condo_whole() -> bytes:
    """The condo sample with its account section's totals made those of the four documents it
    keeps (the published file is cut down from a longer statement and says the longer one's)."""
    data = sample("1c/condo-1CClientBankExchange.txt")
    for old, new in CONDO_TOTALS.items():
        assert data.count(old) == 1
        data = data.replace(old, new)
    return data


def test_a_real_utf8_1c_file_that_says_windows_is_read_as_utf8():
    data = sample("1c/condo-1CClientBankExchange.txt")
    assert "Кодировка=Windows".encode("utf-8") in data  # says Windows, is UTF-8
    # the published file is cut down: now refused for its totals, not for its encoding
    with pytest.raises(InvalidInput, match=r"ВсегоПоступило says 2681831\.46 but the documents add up to 2219\.96"):
        read_statement(data, name="condo.txt")
    st = read_statement(condo_whole(), name="condo.txt")
    assert st.notes == ("condo.txt says Кодировка=Windows but is written in UTF-8; read as UTF-8",)
    assert (st.account, st.opening_balance, st.closing_balance) == ("40702810801500116391", Decimal("8300.00"),
                                                                    Decimal("-4180.04"))
    assert [(ln.booked, ln.amount, ln.counterparty_name, ln.counterparty_tax_id) for ln in st.lines] == [
        (date(2022, 4, 15), Decimal("-700"), 'Филиал Получателя ПАО Банка "ФК Тестовый"', "7706092528"),
        (date(2022, 4, 15), Decimal("1052.98"), "Иванов Иван Иванович", ""),
        (date(2022, 4, 18), Decimal("1166.98"), "ПЕТРОВ ПЁТР ПЕТРОВИЧ", "667220109459"),
        (date(2022, 4, 18), Decimal("-14000"), "ИП ПУПКИН ВАСИЛИЙ ПЕТРОВИЧ", "662707160737")]


@pytest.mark.parametrize("codec, shown", [("cp1251", None), ("cp866", "cp866 (DOS)")])
def test_the_real_1c_file_in_a_code_page_is_read_the_same(codec, shown):
    text = condo_whole().decode("utf-8").replace("«", '"').replace("»", '"')  # cp866 has no guillemets
    st = read_statement(text.replace("\n", "\r\n").encode(codec), name="c.txt")
    assert st.lines == read_statement(text.encode("utf-8"), name="c.txt").lines
    assert st.notes == (() if shown is None else (f"c.txt says Кодировка=Windows but is written in {shown}; "
                                                    f"read as {shown}",))


# -- camt.053 --------------------------------------------------------------------------------------

def test_a_camt053_file_with_two_statements_of_one_account_is_read_whole():
    st = read_statement(sample("camt/genkgo-camt053.v2.multi.statement.xml"), name="multi.xml")
    assert (st.account, st.currency, st.opening_balance, st.closing_balance) == (
        "NL26VAYB8060476890", "EUR", Decimal("18.15"), Decimal("20.00"))
    assert [(ln.amount, ln.reference, ln.purpose, ln.counterparty_name, ln.counterparty_account) for ln in st.lines] == [
        (Decimal("8.85"), "000000001", "Transaction Description 1", "", ""),
        (Decimal("-7.00"), "000000002", "Transaction Description 2", "Company Name 2", "NL56AGDH9619008421")]


# -- OFX -------------------------------------------------------------------------------------------

CHECKING_LINES = [(date(2011, 3, 31), Decimal("0.01"), "0000486"), (date(2011, 4, 5), Decimal("-34.51"), "0000487"),
                  (date(2011, 4, 7), Decimal("-25.00"), "0000488")]


def lines_of(st):
    return [(ln.booked, ln.amount, ln.reference) for ln in st.lines]


def test_an_ofx_with_a_ten_character_bankid_is_read():
    data = sample("ofx/checking.ofx")
    assert b"<BANKID>5472369148\n" in data.replace(b"\r\n", b"\n")  # 10 characters; the specification says 9
    st = read_statement(data, name="checking.ofx")
    assert (st.account, st.currency, st.closing_balance, st.opening_balance) == (
        "1452687~7", "USD", Decimal("100.99"), Decimal("160.49"))
    assert lines_of(st) == CHECKING_LINES
    assert st.lines[1].counterparty_name == "AUTOMATIC WITHDRAWAL, ELECTRIC BILL"


def test_ofx_timestamps_with_a_colon_before_the_milliseconds_and_an_open_transaction_list_are_read():
    data = sample("ofx/checking.ofx")
    colon = data.replace(b"<DTPOSTED>20110331120000.000", b"<DTPOSTED>20110331120000:014")
    assert colon != data
    assert lines_of(read_statement(colon, name="c.ofx")) == CHECKING_LINES
    unclosed = data.replace(b"</BANKTRANLIST>", b"")
    assert unclosed.count(b"BANKTRANLIST") == 1
    assert lines_of(read_statement(unclosed, name="c.ofx")) == CHECKING_LINES


def test_an_ofx_refusal_gives_the_whole_reason():
    data = sample("ofx/checking.ofx").replace(b"<TRNTYPE>DEBIT", b"<TRNTYPE>WITHDRAWAL", 1)
    with pytest.raises(InvalidInput) as caught:
        read_statement(data, name="c.ofx")
    message = str(caught.value)
    assert message.startswith("c.ofx is not OFX boclerk can read: ") and "…" not in message
    # the list of what the specification allows, past the 80 characters once shown
    assert message.endswith("'WITHDRAWAL' is not OneOf ('CREDIT', 'DEBIT', 'INT', 'DIV', 'FEE', 'SRVCHG', 'DEP', "
                            "'ATM', 'POS', 'XFER', 'CHECK', 'PAYMENT', 'CASH', 'DIRECTDEP', 'DIRECTDEBIT', "
                            "'REPEATPMT', 'OTHER')."), message
    bad = sample("ofx/checking.ofx").replace(b"<TRNAMT>-34.51", b"<TRNAMT>-34,51 USD")
    with pytest.raises(InvalidInput, match=r"c.ofx is not OFX boclerk can read: an amount \(TRNAMT or BALAMT\) is not a "
                                           r"number like -34.51\."):
        read_statement(bad, name="c.ofx")


def test_an_ofx_of_several_accounts_is_one_statement_per_account():
    from boclerk.formats.bank_statement import read_statements

    found = read_statements(sample("ofx/multiple_accounts2.ofx"), name="m.ofx")
    assert [(st.account, st.currency) for st in found] == [("9100", "USD"), ("9200", "USD")]
    numbers = [ln.line_no for st in found for ln in st.lines]
    assert numbers == list(range(1, len(numbers) + 1))  # through the file: one number names one line
    assert all(ln.fingerprint.startswith(f"{st.account}:") for st in found for ln in st.lines)
    with pytest.raises(InvalidInput, match=r"holds statements of 2 accounts \(9100 USD, 9200 USD\)"):
        read_statement(sample("ofx/multiple_accounts2.ofx"), name="m.ofx")


def test_an_ofx_with_two_statements_of_one_account_is_read_as_one():
    data = sample("ofx/checking.ofx")
    start, end = data.index(b"<STMTTRNRS>"), data.index(b"</STMTTRNRS>") + len(b"</STMTTRNRS>")
    later = data[start:end].replace(b"<FITID>0000", b"<FITID>1000")
    st = read_statement(data[:end] + later + data[end:], name="two.ofx")
    assert len(st.lines) == 6 and [ln.reference for ln in st.lines][3:] == ["1000486", "1000487", "1000488"]
    assert st.closing_balance == Decimal("100.99")


def test_a_russian_form_boclerk_does_not_read_is_refused_and_kept_as_the_refusal_says():
    from tests.services.doc_samples import Item, upd

    data = upd("ЭС-1", "05.03.2026", "7707083893", [Item("Кружка", "MUG", "1", "1.00")]).replace(
        'КНД="1115131"'.encode("cp1251"), 'КНД="1115125"'.encode("cp1251"))
    assert detect_invoice(data) == "refused"
    with pytest.raises(InvalidInput, match="is form КНД 1115125, which boclerk does not read .*; to keep it as a plain document, register it with "
                                           "--type other"):
        prepare("form.xml", data, None, Limits())
    kept = prepare("form.xml", data, "other", Limits())  # what the refusal says to do works
    assert kept.doc_type == "other" and kept.invoice is None
