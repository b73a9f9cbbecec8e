"""Packing slips (an order's, a day's) and the purchase order document."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from boclerk.errors import Refused
from boclerk.services.platform.company import set_company_details
from boclerk.services.purchasing.orders import POLineInput, create_po, send_po
from boclerk.services.sales.orders import confirm_order
from boclerk.services.sales.shipping import ship_order
from boclerk.services.stock.packing import day_slips, order_slip
from boclerk.services.purchasing.po_doc import po_document
from tests.services.trade_helpers import act, add_customer, add_product, add_supplier, order, set_day, sql, stock_in


def _pages(data: bytes) -> list[str]:
    return [p.extract_text().replace("\u00a0", " ") for p in PdfReader(BytesIO(data)).pages]


@pytest.fixture
def shop(db):
    set_day(db, date(2026, 3, 2))
    act(db, "admin", set_company_details, tax_id="7736207543", director="Петров Пётр Петрович")
    add_product(db, "MUG", price=122000, cost=50000)
    add_product(db, "COFFEE", price=150000, cost=80000, unit="kg")
    add_product(db, "DELIVERY", kind="service", price=30000)
    add_customer(db, "ANNA", "Анна Петрова", address="Москва, Тверская 1")
    add_supplier(db, "ACME", "Acme", tax_id="7707083893")
    stock_in(db, "MUG", 10, 50000)
    stock_in(db, "COFFEE", 5, 80000)
    return db


def test_an_open_orders_slip_is_what_is_left_to_pick_and_a_shipped_ones_what_left(shop):
    db = shop
    n = order(db, "ANNA", ("MUG", 3), ("COFFEE", Decimal("1.25")), ("DELIVERY", 1))
    act(db, "clerk", confirm_order, n)
    (slip,) = order_slip(db, "wh", n)
    (text,) = _pages(slip.data)
    assert f"Упаковочный лист {n}" in text and "MAIN" in text and "Москва, Тверская 1" in text
    assert "MUG" in text and "3 шт" in text and "1,250 кг" in text and "DELIVERY" not in text  # services are not picked
    assert order_slip(db, "wh", n)[0].number == slip.number  # the same contents: the same document
    act(db, "wh", ship_order, n, [("MUG", 1)])
    (left,) = order_slip(db, "wh", n)
    assert left.number != slip.number and "2 шт" in _pages(left.data)[0]
    act(db, "wh", ship_order, n)
    (last,) = order_slip(db, "wh", n)
    assert f"Упаковочный лист {n}/2" in _pages(last.data)[0]


def test_a_days_slips_are_one_pdf_a_page_each(shop):
    db = shop
    numbers = []
    for qty in (1, 2):
        n = order(db, "ANNA", ("MUG", qty))
        act(db, "clerk", confirm_order, n)
        act(db, "wh", ship_order, n)
        numbers.append(n)
    (pdf,) = day_slips(db, "wh", date(2026, 3, 2))
    pages = _pages(pdf.data)
    assert [f"Упаковочный лист {n}/1" in p for p, n in zip(pages, numbers, strict=True)] == [True, True]
    assert day_slips(db, "wh", date(2026, 3, 2))[0].number == pdf.number
    with pytest.raises(Refused, match="No shipment left on 03.03.2026"):
        day_slips(db, "wh", date(2026, 3, 3))


def test_the_purchase_order_document(shop):
    db = shop
    po = act(db, "clerk", create_po, "ACME", [POLineInput("MUG", 10, 50000), POLineInput("COFFEE", Decimal("2.5"), 80000)]).number
    act(db, "clerk", send_po, po)
    (doc,) = po_document(db, "clerk", po)
    (text,) = _pages(doc.data)
    for words in (f"Заказ поставщику № {po} от 02.03.2026", "Acme", "MUG", "10 шт", "500,00", "5 000,00",
                  "2,500 кг", "2 000,00", "Итого без НДС: 7 000,00 RUB", "НДС 22%: 1 540,00", "Всего с НДС: 8 540,00"):
        assert words in text, words
    assert po_document(db, "clerk", po)[0].number == doc.number
    assert sql(db, "SELECT l.target_kind FROM document_link l ORDER BY 1") == [("po",), ("supplier",)]


def test_produced_documents_have_types_of_their_own_and_are_listed_apart(shop):
    from boclerk.services.documents.intake import register_bytes
    from boclerk.services.documents.queries import list_documents
    from boclerk.services.sales.invoice import order_invoice
    from tests.services.trade_helpers import read

    db = shop
    act(db, "admin", set_company_details, bik="044525225", bank_account="40702810938000000001",
        bank_name="ПАО Сбербанк", corr_account="30101810400000000225")
    n = order(db, "ANNA", ("MUG", 1))
    act(db, "clerk", confirm_order, n)
    po = act(db, "clerk", create_po, "ACME", [POLineInput("MUG", 1, 50000)]).number
    made = {d.number: "customer_invoice" for d in order_invoice(db, "clerk", n)}
    made |= {d.number: "packing_slip" for d in order_slip(db, "wh", n)}
    made |= {d.number: "purchase_order" for d in po_document(db, "clerk", po)}
    came = register_bytes(db, "clerk", "note.txt", "Доверенность на получение товара\n".encode()).number
    types = dict(sql(db, "SELECT number, doc_type FROM document"))
    assert {k: types[k] for k in made} == made and types[came] == "other"
    produced = read(db, "viewer", list_documents, produced=True)
    received = read(db, "viewer", list_documents, produced=False)
    assert {r.number for r in produced} == set(made) and [r.number for r in received] == [came]
    assert [r.number for r in read(db, "viewer", list_documents, doc_type="packing_slip")] == \
        [k for k, v in made.items() if v == "packing_slip"]


#: (the books' locale, their language, the clerk's): what the slip, the day's slips and the PO say
BOOKS = {
    ("ru", "en", "ru"): {"slip": ["Packing slip {n}", "Date: 02.03.2026", "Customer", "3 pcs", "1,250 kg"],
                         "day": "Packing slips 2026-03-02.pdf",
                         "po": ["Purchase order {po} of 02.03.2026", "10 pcs", "2,500 kg", "Total net: 7 000,00 RUB",
                                "VAT 22%: 1 540,00", "Total with VAT: 8 540,00"]},
    ("en", "ru", "en"): {"slip": ["Упаковочный лист {n}", "Дата: 2026-03-02", "Покупатель", "3 шт", "1.250 кг"],
                         "day": "Упаковочные листы 2026-03-02.pdf",
                         "po": ["Заказ поставщику № {po} от 2026-03-02", "10 шт", "2.500 кг",
                                "Итого без НДС: 7,000.00 RUB", "НДС 22%: 1,540.00", "Всего с НДС: 8,540.00"]},
}


@pytest.mark.parametrize(("locale", "language", "clerk"), list(BOOKS))
def test_the_slips_and_the_po_speak_the_language_of_the_books_whoever_prints_them(shop, locale, language, clerk):
    """A shop's packing slips and purchase orders speak the language of its books, whatever the
    clerk's interface says; quantities, amounts and dates are written as the shop's locale writes
    them. Asked for a locale on purpose, a slip follows that one."""
    from boclerk.i18n import use
    from tests.services.trade_helpers import set_company

    db = shop
    set_company(db, locale=locale, language=language)
    use(clerk)  # conftest puts English back after the test
    wanted = BOOKS[locale, language, clerk]
    n = order(db, "ANNA", ("MUG", 3), ("COFFEE", Decimal("1.25")))
    act(db, "clerk", confirm_order, n)
    (slip,) = order_slip(db, "wh", n)
    (text,) = _pages(slip.data)
    for words in wanted["slip"]:
        assert words.format(n=n) in text, words
    assert slip.file_name == f"{wanted['slip'][0].format(n=n)}.pdf"
    asked = "en" if language == "ru" else "ru"
    (other,) = order_slip(db, "wh", n, locale=asked)
    assert ("Packing slip" if asked == "en" else "Упаковочный лист") in _pages(other.data)[0]
    act(db, "wh", ship_order, n)
    (day,) = day_slips(db, "wh", date(2026, 3, 2))
    assert day.file_name == wanted["day"]
    po = act(db, "clerk", create_po, "ACME", [POLineInput("MUG", 10, 50000), POLineInput("COFFEE", Decimal("2.5"), 80000)]).number
    (doc,) = po_document(db, "clerk", po)
    (text,) = _pages(doc.data)
    for words in wanted["po"]:
        assert words.format(po=po) in text, words
