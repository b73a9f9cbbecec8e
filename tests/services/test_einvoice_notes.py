"""Corrections of invoices a supplier already issued, registered as documents, become credit and debit
notes against the bill they correct: a УКД (both of its forms) and a UBL credit note (OpenPEPPOL's
own example, tests/formats/samples/SOURCES.md). What cannot be entered waits with the act that
resolves it, and that act works."""

from __future__ import annotations

from datetime import date
from pathlib import Path
import shutil

import pytest

from boclerk.services.catalog.partners import add_supplier
from boclerk.services.catalog.products import add_product
from boclerk.services.documents.invoices import process_document
from boclerk.services.documents.queries import show_document
from boclerk.services.ledger.rates import set_rate
from boclerk.services.ledger.statements import ledger_balance, statement
from boclerk.services.purchasing.bills import approve_bill, enter_bill
from boclerk.services.purchasing.orders import receive_po
from tests.services.doc_samples import Change, Item, add_one, document_store, ukd, upd, write  # noqa: F401
from tests.services.trade_helpers import act, assert_sound, bill_row, po, read, set_day, shop, sql

DAY = date(2026, 3, 20)
MUGS = [Item("Кружка фарфоровая", "MUG", "10", "500.00")]
SAMPLES = Path(__file__).resolve().parents[1] / "formats" / "samples"


@pytest.fixture
def billed(db, tmp_path):
    """ACME's UPD ЭС-417 for 10 mugs at 500.00 + 20% (as its file says), posted as BILL-2026-000001."""
    set_day(db, DAY)
    shop(db)
    db.acme_po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.acme_po)
    res = add_one(db, "clerk", write(tmp_path, "upd.xml", upd("ЭС-417", "05.03.2026", "7707083893", MUGS,
                                                              order=db.acme_po)))
    assert (res.bill, res.bill_status) == ("BILL-2026-000001", "posted"), res.message
    return db


def notes(db) -> list[tuple]:
    return [tuple(r) for r in sql(db, "SELECT number, kind, supplier_ref, net, vat, total FROM supplier_note "
                                      "ORDER BY id")]


@pytest.mark.parametrize("version", ["5.01", "5.03"])
def test_a_ukd_lowering_the_price_becomes_a_credit_note_on_the_bill(billed, tmp_path, version):
    db = billed
    data = ukd("К-12", "10.03.2026", "7707083893", "ЭС-417", "05.03.2026",
               [Change("Кружка фарфоровая", "MUG", "10", "500.00", "10", "450.00")], version=version)
    res = add_one(db, "clerk", write(tmp_path, "ukd.xml", data))
    assert (res.doc_type, res.bill, res.bill_status) == ("upd", "BILL-2026-000001", "posted"), res.message
    assert res.message.endswith("credit note NOTE-2026-000001 (JE-2026-000006) on BILL-2026-000001, which is now "
                                "posted."), res.message
    assert notes(db) == [("NOTE-2026-000001", "credit", "К-12", -50000, -10000, -60000)]
    assert sql(db, "SELECT total, noted FROM supplier_bill") == [(600000, -60000)]
    st = read(db, "viewer", statement, "supplier", "ACME", date(2026, 3, 1), date(2026, 3, 31))
    assert st.closing == 540000 == read(db, "viewer", ledger_balance, "supplier", "ACME", date(2026, 3, 31))
    assert_sound(db)


def test_a_ukd_raising_one_line_and_lowering_another_makes_two_notes(billed, tmp_path):
    db = billed
    data = ukd("К-13", "10.03.2026", "7707083893", "ЭС-417", "05.03.2026",
               [Change("Кружка фарфоровая", "MUG", "6", "500.00", "6", "400.00"),
                Change("Кружка фарфоровая", "MUG", "4", "500.00", "4", "550.00")])
    res = add_one(db, "clerk", write(tmp_path, "ukd.xml", data))
    assert res.bill == "BILL-2026-000001", res.message
    assert notes(db) == [("NOTE-2026-000001", "credit", "К-13", -60000, -12000, -72000),
                         ("NOTE-2026-000002", "debit", "К-13", 20000, 4000, 24000)]
    assert sql(db, "SELECT noted FROM supplier_bill") == [(-48000,)]
    assert_sound(db)


def test_a_ukd_of_an_invoice_not_yet_billed_waits_and_is_processed_once_it_is(db, tmp_path):
    set_day(db, DAY)
    shop(db)
    db.acme_po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.acme_po)
    data = ukd("К-12", "10.03.2026", "7707083893", "ЭС-417", "05.03.2026",
               [Change("Кружка фарфоровая", "MUG", "10", "500.00", "10", "450.00")])
    res = add_one(db, "clerk", write(tmp_path, "ukd.xml", data))
    assert res.bill is None
    assert read(db, "viewer", show_document, res.number).reason == (
        "Документ «корректировочный документ (УКД)» К-12 исправляет счёт ЭС-417 поставщика ACME, для которого в "
        "boclerk нет счёта; зарегистрируйте тот счёт или сначала внесите его, затем выполните: boclerk doc process "
        f"{res.number}")  # in the books' words
    act(db, "acc", enter_bill, db.acme_po, "ЭС-417", date(2026, 3, 5))  # the act the sentence names, then process
    bill, status, _ = act(db, "clerk", process_document, res.number)
    assert (bill, status) == ("BILL-2026-000001", "posted")
    assert [n[1:] for n in notes(db)] == [("credit", "К-12", -50000, -10000, -60000)]
    assert_sound(db)


def test_a_ukd_of_a_held_bill_waits_for_its_approval(db, tmp_path):
    set_day(db, DAY)
    shop(db)
    db.acme_po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.acme_po)
    dear = [Item("Кружка фарфоровая", "MUG", "10", "600.00")]
    first = add_one(db, "clerk", write(tmp_path, "upd.xml", upd("ЭС-417", "05.03.2026", "7707083893", dear,
                                                                order=db.acme_po)))
    assert first.bill_status == "held"
    res = add_one(db, "clerk", write(tmp_path, "ukd.xml", ukd(
        "К-12", "10.03.2026", "7707083893", "ЭС-417", "05.03.2026",
        [Change("Кружка фарфоровая", "MUG", "10", "600.00", "10", "500.00")])))
    assert read(db, "viewer", show_document, res.number).reason == (
        f"Документ «корректировочный документ (УКД)» К-12 исправляет {first.bill}, который отложен как исключение; "
        f"сначала утвердите или отклоните его (boclerk purchase approve {first.bill}), затем выполните: boclerk doc "
        f"process {res.number}")
    act(db, "acc", approve_bill, first.bill)
    act(db, "clerk", process_document, res.number)
    assert bill_row(db, first.bill)["total"] == 720000
    assert sql(db, "SELECT noted FROM supplier_bill") == [(-120000,)]
    assert_sound(db)


def test_the_peppol_credit_note_lowers_the_bill_it_names(db, tmp_path):
    """OpenPEPPOL's credit note example credits invoice Snippet1 of SupplierOfficialName Ltd (GB1232434):
    1 325.00 EUR net at 25 % (two lines, one of them negative, and an insurance charge), 1 656.25 EUR."""
    set_day(db, date(2017, 11, 20))
    act(db, "clerk", add_supplier, "SOFN", "SupplierOfficialName Ltd", country="GB", tax_id="GB1232434",
        currency="EUR")
    act(db, "admin", add_product, "ITEM", "item name", kind="goods", sale_price=0, standard_cost=0)
    for day in (date(2017, 11, 13), date(2017, 11, 20)):
        act(db, "acc", set_rate, "EUR", day, "70")
    number = po(db, "SOFN", ("ITEM", 7, 40000))
    act(db, "wh", receive_po, number)
    bill = act(db, "acc", enter_bill, number, "Snippet1", date(2017, 11, 13))
    assert (bill.status, bill.total) == ("posted", 280000)  # 7 days at 400.00 EUR, an import without Russian VAT
    target = tmp_path / "inbox" / "creditnote.xml"
    target.parent.mkdir(parents=True)
    shutil.copyfile(SAMPLES / "en16931" / "peppol-base-creditnote-correction.xml", target)
    res = add_one(db, "clerk", target)
    assert (res.doc_type, res.bill) == ("supplier_invoice", bill.number), res.message
    assert notes(db) == [("NOTE-2017-000001", "credit", "Snippet1", -132500, -33125, -165625)]
    # what is owed in the books falls by 1 656.25 EUR at the bill's rate of 70
    assert sql(db, "SELECT total, noted, noted_base FROM supplier_bill") == [(280000, -165625, -11593750)]
    assert_sound(db)


def test_a_factur_x_credit_note_lowers_the_bill_it_names_per_vat_rate(db, tmp_path):
    """The FNFE's Factur-X avoir AV-2017-0005 of Au bon moulin (FR11999999998) credits its invoice
    FA-2017-0010 by 218.48 EUR net: 20.48 at 20 % (VAT 4.10) and 198.00 at 5.5 % (VAT 10.89)."""
    set_day(db, date(2017, 11, 20))
    act(db, "clerk", add_supplier, "MOULIN", "Au bon moulin", country="FR", tax_id="FR11999999998",
        currency="EUR")
    act(db, "admin", add_product, "HUILE", "Huile d'olive", kind="goods", sale_price=0, standard_cost=0)
    for day in (date(2017, 11, 13), date(2017, 11, 20)):
        act(db, "acc", set_rate, "EUR", day, "80")
    number = po(db, "MOULIN", ("HUILE", 10, 5000))
    act(db, "wh", receive_po, number)
    bill = act(db, "acc", enter_bill, number, "FA-2017-0010", date(2017, 11, 13))
    assert (bill.status, bill.total) == ("posted", 50000)
    target = tmp_path / "inbox" / "avoir.pdf"
    target.parent.mkdir(parents=True)
    shutil.copyfile(SAMPLES / "en16931" / "fnfe-Avoir_FR_type381_BASIC.pdf", target)
    res = add_one(db, "clerk", target)
    assert (res.doc_type, res.bill) == ("supplier_invoice", bill.number), res.message
    assert notes(db) == [("NOTE-2017-000001", "credit", "AV-2017-0005", -21848, -1499, -23347)]
    assert [tuple(r) for r in sql(db, "SELECT vat_rate, net, vat FROM supplier_note_line ORDER BY line_no")] == [
        (20, -2048, -410), (None, -19800, -1089)]  # 5.5 % is kept by its amounts, as bill lines keep it
    assert sql(db, "SELECT total, noted, status FROM supplier_bill") == [(50000, -23347, "posted")]
    assert read(db, "viewer", show_document, res.number).status == "filed"
    assert_sound(db)


def test_a_cii_credit_note_naming_no_invoice_waits_and_the_note_by_hand_works(db, tmp_path, cli):
    """Mustang's CII credit note 123 of "Test company" names no invoice and a VAT number (DE0815) no
    supplier can have: it waits saying how to enter the note by hand and link the document; both acts
    then work as written."""
    set_day(db, date(2020, 12, 28))
    act(db, "clerk", add_supplier, "TESTCO", "Test company", country="DE", currency="EUR")
    act(db, "admin", add_product, "TP", "Testprodukt", kind="goods", sale_price=0, standard_cost=0)
    for day in (date(2020, 12, 1), date(2020, 12, 28)):
        act(db, "acc", set_rate, "EUR", day, "90")
    number = po(db, "TESTCO", ("TP", 3, 200))
    act(db, "wh", receive_po, number)
    bill = act(db, "acc", enter_bill, number, "RE-1", date(2020, 12, 1))
    target = tmp_path / "inbox" / "cn.xml"
    target.parent.mkdir(parents=True)
    shutil.copyfile(SAMPLES / "en16931" / "mustang-testout-ZF2PushCreditNote.xml", target)
    res = add_one(db, "clerk", target)
    # DE0815 is no valid German VAT number, so no supplier can have it: the note is entered by hand
    assert res.bill is None and "ИНН DE0815 у Test company неверен («DE0815» — неверный налоговый номер (DE)), и ни у " \
        "одного поставщика его быть не может: " in res.message  # the books' words, the check's refusal too
    assert f"boclerk doc link {res.number} BILL-..." in res.message and "boclerk purchase note BILL-..." in res.message
    r = cli("purchase", "note", bill.number, "--number", "123", "--date", "2020-12-22", "--net", "-3.00",
            "--vat", "-0.57", "--rate", "19", "--yes", user="acc")
    assert r.exit_code == 0, r.output
    r = cli("doc", "link", res.number, bill.number, user="clerk")
    assert r.exit_code == 0, r.output
    assert notes(db) == [("NOTE-2020-000001", "credit", "123", -300, -57, -357)]
    assert_sound(db)


@pytest.mark.parametrize("syntax", ["cii", "ubl"])
def test_a_corrected_invoice_of_goods_sent_back_lowers_the_bill_it_names(db, tmp_path, syntax):
    """The ZUGFeRD corpus's corrected invoice RK21012345 (type 384) of MUSTERLIEFERANT GMBH: 5 bottles
    of citric acid at 19 % and 2 packs of sugar at 7 % taken back, less two discounts: -7.67 EUR net,
    -1.12 VAT. Its VAT number is the specification's placeholder (its check digits fail) and it names
    its original invoice only in a free-text note, so this copy carries a valid number and the
    reference EN 16931 has a place for (BG-3)."""
    set_day(db, date(2018, 9, 16))
    act(db, "clerk", add_supplier, "MUSTER", "Musterlieferant GmbH", country="DE", tax_id="DE136695976",
        currency="EUR")
    for sku, name in (("ZS997", "Zitronensäure 100ml"), ("GZ250", "Gelierzucker Extra 250g")):
        act(db, "admin", add_product, sku, name, kind="goods", sale_price=0, standard_cost=0)
    for day in (date(2018, 8, 5), date(2018, 9, 16)):
        act(db, "acc", set_rate, "EUR", day, "75")
    number = po(db, "MUSTER", ("ZS997", 10, 100), ("GZ250", 10, 145))
    act(db, "wh", receive_po, number)
    bill = act(db, "acc", enter_bill, number, "R87654321012345", date(2018, 8, 5))
    data = (SAMPLES / "en16931" / f"zugferd-corpus-EN16931_Rechnungskorrektur.{syntax}.xml").read_bytes()
    data = data.replace(b"DE123456789", b"DE136695976")
    if syntax == "cii":
        data = data.replace(b"</ram:SpecifiedTradeSettlementHeaderMonetarySummation>",
                            b"</ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:InvoiceReferencedDocument>"
                            b"<ram:IssuerAssignedID>R87654321012345</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>")
    else:
        data = data.replace(b"<cac:AccountingSupplierParty>", b"<cac:BillingReference><cac:InvoiceDocumentReference>"
                            b"<cbc:ID>R87654321012345</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>"
                            b"<cac:AccountingSupplierParty>", 1)
    res = add_one(db, "clerk", write(tmp_path, f"rk.{syntax}.xml", data))
    assert (res.doc_type, res.bill) == ("supplier_invoice", bill.number), res.message
    assert notes(db) == [("NOTE-2018-000001", "credit", "RK21012345", -767, -112, -879)]
    assert [tuple(r) for r in sql(db, "SELECT vat_rate, net, vat FROM supplier_note_line ORDER BY line_no")] == [
        (7, -282, -20), (19, -485, -92)]  # per rate: the goods less the discounts on them
    assert_sound(db)
