"""The invoice for payment of an order: GOST R 56042-2014 payload, words, bank details, made once."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from boclerk.errors import Refused
from boclerk.formats.payment_qr import payload
from boclerk.formats.words import amount_in_words
from boclerk.services.platform.company import set_company_details
from boclerk.services.sales.invoice import invoice_data, order_invoice
from tests.services.trade_helpers import act, add_customer, add_product, order, read, set_day, sql

BANK = dict(tax_id="7736207543", kpp="773601001", bik="044525225", bank_account="40702810938000000001",
            bank_name="ПАО Сбербанк", corr_account="30101810400000000225", director="Петров Пётр Петрович",
            chief_accountant="Сидорова Анна Ивановна", legal_address="119991, Москва, ул. Тверская, д. 1")


@pytest.fixture
def shop(db):
    set_day(db, date(2026, 1, 15))
    act(db, "admin", set_company_details, name="ООО «Дом и сад»", **BANK)
    add_product(db, "MUG", price=122000, cost=50000)                  # 22% inside
    add_product(db, "BOOK", price=110000, cost=60000, vat="reduced")  # 10% inside
    add_customer(db, "ROMASHKA", "ООО Ромашка", tax_id="7707083893", address="Москва, ул. Ленина, 1")
    return db


def _text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages).replace("\u00a0", " ")


def test_the_qr_payload_is_what_the_standard_specifies_field_by_field(shop):
    db = shop
    n = order(db, "ROMASHKA", ("MUG", 2), ("BOOK", 1))  # 2 440,00 (VAT 440,00) + 1 100,00 (VAT 100,00)
    inv, _ = read(db, "clerk", invoice_data, n)
    text = payload(inv.payment)
    head, *pairs = text.split("|")
    assert head == "ST00012"  # format ST, version 0001, encoding 2 (UTF-8)
    assert [tuple(p.split("=", 1)) for p in pairs] == [
        ("Name", "ООО «Дом и сад»"),
        ("PersonalAcc", "40702810938000000001"),
        ("BankName", "ПАО Сбербанк"),
        ("BIC", "044525225"),
        ("CorrespAcc", "30101810400000000225"),
        ("PayeeINN", "7736207543"),
        ("KPP", "773601001"),
        ("Purpose", f"Оплата по счёту № {n} от 15.01.2026, в т.ч. НДС 22% 440,00, НДС 10% 100,00"),
        ("Sum", "354000"),
    ]
    assert inv.vat_by_rate == ((22, 44000), (10, 10000)) and inv.total == 354000


def test_the_pdf_holds_the_total_the_words_and_the_bank_details(shop):
    db = shop
    n = order(db, "ROMASHKA", ("MUG", 2), ("BOOK", 1))
    (pdf,) = order_invoice(db, "clerk", n)
    text = _text(pdf.data)
    for words in (f"Счёт на оплату № {n} от 15.01.2026", "Итого: 3 540,00", "В том числе НДС 22%: 440,00",
                  "В том числе НДС 10%: 100,00", "Три тысячи пятьсот сорок рублей 00 копеек",
                  "ПАО Сбербанк", "БИК 044525225", "Корр. сч. 30101810400000000225", "Сч. № 40702810938000000001",
                  "ИНН 7736207543", "КПП 773601001", "ООО Ромашка", "Петров Пётр Петрович",
                  "Сидорова Анна Ивановна"):
        assert words in text, words
    assert pdf.file_name == f"Счёт {n}.pdf"


def test_printing_twice_registers_once(shop):
    db = shop
    n = order(db, "ROMASHKA", ("MUG", 1))
    (first,) = order_invoice(db, "clerk", n)
    set_day(db, date(2026, 1, 20))
    (again,) = order_invoice(db, "acc", n)
    assert (again.number, again.data, again.new) == (first.number, first.data, False)
    assert sql(db, "SELECT count(*) FROM document") == [(1,)]
    assert [(a, str(b), c) for a, b, c in sql(db, "SELECT their_number, their_date, amount FROM document")] == \
        [(n, "2026-01-15", 122000)]


def test_english_labels_when_asked(shop):
    db = shop
    n = order(db, "ROMASHKA", ("MUG", 1))
    inv, _ = read(db, "clerk", invoice_data, n, locale="en")
    from boclerk.formats.invoice_pdf import invoice_pdf

    text = _text(invoice_pdf(inv))
    assert f"Invoice for payment No. {n} of 2026-01-15" in text and "Total: 1,220.00" in text
    assert "One thousand, two hundred and twenty roubles 00 kopecks" in text


@pytest.mark.parametrize(("language", "clerk", "words", "name"), [
    ("en", "ru", ("Invoice for payment No. {n} of 15.01.2026", "Total: 1 220,00", "pcs",
                  "One thousand, two hundred and twenty roubles 00 kopecks"), "Invoice {n}.pdf"),
    ("ru", "en", ("Счёт на оплату № {n} от 15.01.2026", "Итого: 1 220,00", "шт",
                  "Одна тысяча двести двадцать рублей 00 копеек"), "Счёт {n}.pdf"),
])
def test_the_invoice_speaks_the_language_of_the_books_whoever_prints_it(shop, language, clerk, words, name):
    """A Russian shop (locale ru) whose books are kept in English sends English invoices, its
    amounts and date as the locale writes them; one with Russian books Russian ones, though the
    clerk who prints it works in English. Asked for a locale on purpose, it follows that one."""
    from boclerk.i18n import use
    from tests.services.trade_helpers import set_company

    db = shop
    set_company(db, language=language)
    use(clerk)  # conftest puts English back after the test
    n = order(db, "ROMASHKA", ("MUG", 1))
    (pdf,) = order_invoice(db, "clerk", n)
    text = _text(pdf.data)
    for said in words:
        assert said.format(n=n) in text, said
    assert pdf.file_name == name.format(n=n)
    inv, _ = read(db, "clerk", invoice_data, n, locale="en" if language == "ru" else "ru")
    assert inv.words == ("One thousand, two hundred and twenty roubles 00 kopecks" if language == "ru" else
                         "Одна тысяча двести двадцать рублей 00 копеек")


@pytest.mark.parametrize("minor, words", [
    (2345050, "Двадцать три тысячи четыреста пятьдесят рублей 50 копеек"),
    (2100, "Двадцать один рубль 00 копеек"),
    (20201, "Двести два рубля 01 копейка"),
    (1112, "Одиннадцать рублей 12 копеек"),
])
def test_amounts_in_words(minor, words):
    assert amount_in_words(minor) == words


def test_without_bank_details_the_invoice_is_refused_with_what_to_set(shop):
    db = shop
    n = order(db, "ROMASHKA", ("MUG", 1))
    act(db, "admin", set_company_details, bank_name="", corr_account="")
    with pytest.raises(Refused) as refused:
        order_invoice(db, "clerk", n)
    # what is missing, in words and by field: each face adds its own way of setting them
    assert refused.value.message.endswith("; not set yet: bank, corr. account.")
    assert "boclerk" not in refused.value.message and refused.value.fields == ("bank_name", "corr_account")
    assert sql(db, "SELECT count(*) FROM document") == [(0,)]


def test_a_qr_reader_finds_the_gost_payload_on_the_printed_invoice(shop):
    """What a banking app sees: the invoice's first page rendered as pixels (PDFium), the QR code
    found and decoded by a reader of its own (ZXing), and the text it holds is the payload."""
    import pypdfium2
    import zxingcpp

    db = shop
    n = order(db, "ROMASHKA", ("MUG", 2), ("BOOK", 1))
    (pdf,) = order_invoice(db, "clerk", n)
    inv, _ = read(db, "clerk", invoice_data, n)
    document = pypdfium2.PdfDocument(pdf.data)
    try:
        image = document[0].render(scale=3).to_pil().convert("L")  # 216 dpi, in grey as a printer would
    finally:
        document.close()
    found = [b for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(found) == 1
    text = found[0].text
    assert text == payload(inv.payment)
    fields = dict(p.split("=", 1) for p in text.split("|")[1:])
    assert text.startswith("ST00012|") and fields["Sum"] == "354000" and fields["PayeeINN"] == "7736207543"
    assert fields["Name"] == "ООО «Дом и сад»"  # UTF-8 (the 2 of ST00012) read back as written


def test_once_part_is_paid_the_invoice_asks_for_the_rest_and_says_what_was_paid(shop):
    from boclerk.services.sales.orders import pay_order

    db = shop
    n = order(db, "ROMASHKA", ("MUG", 2), ("BOOK", 1))  # 3 540,00: VAT 22% 440,00 and 10% 100,00
    (first,) = order_invoice(db, "clerk", n)
    act(db, "clerk", pay_order, n, 100000, method="card")
    (rest,) = order_invoice(db, "clerk", n)
    assert rest.number != first.number and rest.new  # a new invoice for what is left
    text = _text(rest.data)
    for words in ("Итого: 3 540,00", "Оплачено: 1 000,00", "Итого к оплате: 2 540,00",
                  "Две тысячи пятьсот сорок рублей 00 копеек"):
        assert words in text, words
    inv, _ = read(db, "clerk", invoice_data, n)
    fields = dict(p.split("=", 1) for p in payload(inv.payment).split("|")[1:])
    assert fields["Sum"] == "254000"
    # the VAT in the rest, rate by rate: 440,00 x 2540/3540 = 315,71 and 100,00 x 2540/3540 = 71,75
    assert fields["Purpose"] == f"Оплата по счёту № {n} от 15.01.2026 (остаток), в т.ч. НДС 22% 315,71, НДС 10% 71,75"
    assert order_invoice(db, "clerk", n)[0].number == rest.number  # the same amount due: the same invoice
    assert sql(db, "SELECT amount FROM document WHERE number = :n", n=rest.number) == [(254000,)]
    act(db, "clerk", pay_order, n, 254000, method="card")
    with pytest.raises(Refused, match="is paid in full; there is nothing left to pay"):
        order_invoice(db, "clerk", n)
    from boclerk.services.documents.produce import order_documents

    assert "invoice" not in [form for _, form in read(db, "clerk", order_documents, n)]
