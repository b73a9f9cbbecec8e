"""Real files other parties publish (tests/formats/samples/SOURCES.md) taken in whole: an EN 16931
invoice with discounts and charges becomes a bill at the invoice's amounts; an OFX file the
text index cannot parse is still registered as the statement it is."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from boclerk.services.catalog.partners import add_supplier
from boclerk.services.catalog.products import add_product
from boclerk.services.documents.queries import search_documents, show_document
from boclerk.services.ledger.rates import set_rate
from boclerk.services.ledger.book import add_account
from boclerk.services.purchasing.bills import approve_bill, enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.purchasing.queries import bill_detail
from tests.services.doc_samples import add_one, document_store  # noqa: F401  (document_store is an autouse fixture)
from tests.services.trade_helpers import act, assert_sound, bill_row, po, read, set_day, sql

SAMPLES = Path(__file__).resolve().parents[1] / "formats" / "samples"


def copy(tmp_path, sample: str) -> Path:
    target = tmp_path / "inbox" / Path(sample).name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLES / sample, target)
    return target


@pytest.fixture
def french_supplier(db):
    """LE FOURNISSEUR (FR11123456782) of the factur-x package's example, in EUR, with the three
    articles of its invoice ordered at their net prices and received."""
    set_day(db, date(2026, 2, 2))
    act(db, "clerk", add_supplier, "FOURN", "Le Fournisseur", country="FR", tax_id="FR11123456782", currency="EUR")
    for sku, name in (("ART_1254", "Prestation support"), ("ART_9874", "Fournitures papier"), ("APPEL-1", "Appel")):
        act(db, "admin", add_product, sku, name, kind="goods", sale_price=0, standard_cost=0)
    act(db, "acc", set_rate, "EUR", date(2026, 1, 31), "100")
    db.fourn_po = po(db, "FOURN", ("ART_1254", 1, 6000), ("ART_9874", 3, 1000), ("APPEL-1", 1, 700))
    act(db, "wh", receive_po, db.fourn_po)
    return db


@pytest.mark.parametrize("sample", ["en16931/facturx-factur-x-en16931.xml", "en16931/facturx-invoice_EN16931.pdf"])
def test_an_invoice_with_discounts_and_charges_becomes_a_bill_of_its_payable_amount(french_supplier, tmp_path, sample):
    db = french_supplier
    res = add_one(db, "clerk", copy(tmp_path, sample))
    assert res.bill is not None, res.message
    row = bill_row(db, res.bill)
    # 100.00 net after 9.00 of discounts and 14.00 of charges, 4.90 VAT: 104.90 EUR, the invoice's payable amount
    assert (row["net"], row["vat"], row["total"]) == (10000, 490, 10490)
    detail = read(db, "viewer", bill_detail, res.bill)
    assert [(ln.sku, ln.net, ln.vat) for ln in detail.lines] == [
        ("ART_1254", 6000, 0), ("ART_9874", 3000, 300), ("APPEL-1", 700, 140)]
    adj = sql(db, "SELECT a.line_no, a.bill_line_no, a.charge, a.reason, a.vat_rate, a.net, a.vat FROM bill_adjustment a "
                  "JOIN supplier_bill b ON b.id = a.bill_id WHERE b.number = :n ORDER BY a.line_no", n=res.bill)
    assert [tuple(r) for r in adj] == [
        (1, 2, False, "line 2", 10, -200, -20),  # line 2: 3 x 10.00 less its own discounts, 28.00 net
        (2, None, False, "REMISE COMMERCIALE", 20, -500, -100),
        (3, None, False, "REMISE COMMERCIALE", 20, -100, -20),
        (4, None, False, "REMISE COMMERCIALE", 20, -100, -20),
        (5, None, False, "REMISE COMMERCIALE", 10, -200, -20),
        (6, None, True, "FRAIS DEPLACEMENT", 20, 1000, 200),
        (7, None, True, "FRAIS DEPLACEMENT", 20, 100, 20),
        (8, None, True, "FRAIS DEPLACEMENT", 0, 200, 0),
        (9, None, True, "FRAIS DEPLACEMENT", 10, 100, 10),
    ]
    assert [(a.line, a.charge, a.net) for a in detail.adjustments][:2] == [(2, False, -200), (None, False, -500)]
    # the match compares prices after the allowances and charges: 5.00 more of charges than of
    # discounts on 95.00 of goods puts every price 5.3% over the agreed one
    assert row["status"] == "held"
    assert row["hold_reason"].startswith(
        "ART_1254: цена 63,16 с учётом скидок и надбавок счёта против согласованной 60,00 (+5,3%)"), row["hold_reason"]
    posted = act(db, "acc", approve_bill, res.bill)
    assert posted.status == "posted" and posted.total == 10490
    # the payable carries the whole 104.90 EUR at the bill date's rate of 100
    assert sql(db, "SELECT total_base FROM supplier_bill WHERE number = :n", n=res.bill) == [(1049000,)]
    assert_sound(db)


def test_a_discount_that_brings_the_price_to_the_agreed_one_posts_at_once(french_supplier, tmp_path):
    db = french_supplier
    # the same invoice, ordered at the prices its allowances and charges make: 63.16, 9.82 and 7.37
    db.second = po(db, "FOURN", ("ART_1254", 1, 6316), ("ART_9874", 3, 982), ("APPEL-1", 1, 737))
    act(db, "wh", receive_po, db.second)
    act(db, "acc", enter_bill, db.fourn_po, "EARLIER-1", date(2026, 2, 1))  # the first PO is billed already
    res = add_one(db, "clerk", copy(tmp_path, "en16931/facturx-factur-x-en16931.xml"))
    assert res.bill_status == "posted", res.message
    assert bill_row(db, res.bill)["total"] == 10490
    assert_sound(db)


def test_an_ofx_the_text_index_cannot_parse_is_registered_as_a_statement(db, tmp_path):
    set_day(db, date(2017, 5, 12))
    act(db, "admin", add_account, "1030", "ANZ card", "asset", currency="AUD")
    res = add_one(db, "clerk", copy(tmp_path, "ofx/anzcc.ofx"))
    assert (res.outcome, res.doc_type) == ("registered", "bank_statement"), res.message
    assert sql(db, "SELECT amount, purpose FROM bank_line") == [(-550, "SOME MEMO")]
    assert [r.number for r in read(db, "viewer", search_documents, "SOME MEMO")] == [res.number]
    assert read(db, "viewer", show_document, res.number).doc_type == "bank_statement"


def test_the_import_summary_says_when_a_1c_file_is_not_in_the_encoding_it_claims(db, tmp_path):
    from tests.formats.test_real_samples import condo_whole

    set_day(db, date(2022, 10, 28))
    path = tmp_path / "inbox" / "condo.txt"
    path.parent.mkdir(parents=True)
    path.write_bytes(condo_whole())
    res = add_one(db, "clerk", path)
    assert (res.outcome, res.doc_type, res.bank_lines) == ("registered", "bank_statement", 4), res.message
    assert res.message.endswith("condo.txt says Кодировка=Windows but is written in UTF-8; read as UTF-8."), res.message
    assert sorted(r[0] for r in sql(db, "SELECT amount FROM bank_line")) == [-1400000, -70000, 105298, 116698]


def test_a_zugferd_1_pdf_becomes_a_bill_of_its_amounts(db, tmp_path):
    """Mustang's ZUGFeRD 1.0 invoice RE-20170509/505 of Bei Spiel GmbH (DE136695976): three lines by
    name, at 7 % and 19 %, 571.04 EUR."""
    set_day(db, date(2017, 5, 12))
    act(db, "clerk", add_supplier, "SPIEL", "Bei Spiel GmbH", country="DE", tax_id="DE136695976", currency="EUR")
    for sku, name in (("DESIGN", "Künstlerische Gestaltung (Stunde): Einer Beispielrechnung"),
                      ("BALLOON", "Luftballon: Bunt, ca. 500ml"), ("AIR", "Heiße Luft pro Liter")):
        act(db, "admin", add_product, sku, name, kind="goods", sale_price=0, standard_cost=0)
    act(db, "acc", set_rate, "EUR", date(2017, 5, 9), "65")
    act(db, "acc", set_rate, "EUR", date(2017, 5, 12), "65")
    number = po(db, "SPIEL", ("DESIGN", 1, 16000), ("BALLOON", 400, 79), ("AIR", 200, 10))
    act(db, "wh", receive_po, number)
    res = add_one(db, "clerk", copy(tmp_path, "zugferd1/mustang-RE-20170509_505.pdf"))
    assert (res.doc_type, res.bill_status) == ("supplier_invoice", "posted"), res.message
    row = bill_row(db, res.bill)
    assert (row["net"], row["vat"], row["total"]) == (49600, 7504, 57104)
    assert [(ln.sku, ln.vat_rate, ln.net, ln.vat) for ln in read(db, "viewer", bill_detail, res.bill).lines] == [
        ("DESIGN", 7, 16000, 1120), ("BALLOON", 19, 31600, 6004), ("AIR", 19, 2000, 380)]
    assert_sound(db)


def test_a_german_seller_known_by_its_tax_number_alone_is_looked_for_in_germany(db, tmp_path):
    """The ZUGFeRD comfort example with its VAT registration taken out: Lieferant GmbH of München
    gives only its Steuernummer 201/113/40209 (scheme FC). The seller's address is in DE, so the
    number is German, not a Russian INN that fails its check digits."""
    from boclerk.services.documents.invoices import process_document
    from boclerk.services.documents.notes import supplier_by_tax_id

    set_day(db, date(2013, 3, 6))
    data = (SAMPLES / "en16931/facturx-zugferd-comfort.xml").read_bytes()
    vat_id = (b'<ram:SpecifiedTaxRegistration>\n                    <ram:ID schemeID="VA">DE123456789</ram:ID>\n'
              b'                </ram:SpecifiedTaxRegistration>')
    assert vat_id in data
    target = tmp_path / "inbox" / "steuernummer.xml"
    target.parent.mkdir(parents=True)
    target.write_bytes(data.replace(vat_id, b""))
    res = add_one(db, "clerk", target)
    assert res.bill is None
    assert "not a valid INN" not in res.message
    assert "Ни у одного поставщика нет ИНН 201/113/40209 (Lieferant GmbH)" in res.message, res.message  # the books' words
    assert "--tax-id 201/113/40209 --country DE" in res.message, res.message

    row = act(db, "clerk", add_supplier, "LIEF", "Lieferant GmbH", country="DE", tax_id="201/113/40209",
              currency="EUR")
    assert (row.country, row.tax_id) == ("DE", "20111340209")
    with db.read("viewer") as uow:
        assert supplier_by_tax_id(uow, "201/113/40209", "DE").code == "LIEF"
        assert supplier_by_tax_id(uow, "201 113 40209", "de").code == "LIEF"
        assert supplier_by_tax_id(uow, "201/113/40209") is None  # without a country it would be an INN
    _bill, _status, sentence = act(db, "clerk", process_document, res.number)
    assert "Ни у одного поставщика нет ИНН" not in sentence, sentence
    assert sql(db, "SELECT s.code FROM document d JOIN supplier s ON s.id = d.supplier_id WHERE d.number = :n",
               n=res.number) == [("LIEF",)]
