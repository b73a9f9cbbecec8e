"""The UPD of a shipment from the books: VAT of the shipment's day, valid, read back, made once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from boclerk.errors import Refused
from boclerk.formats.einvoice import read_invoice
from boclerk.services.ledger.vat import set_regime
from boclerk.services.platform.company import set_company_details
from boclerk.services.sales.orders import confirm_order
from boclerk.services.sales.shipping import ship_order
from boclerk.services.sales.upd import shipment_upd
from tests.formats.upd_schema import errors
from tests.services.trade_helpers import act, add_customer, add_product, order, set_day, sql, stock_in

COMPANY = dict(tax_id="7736207543", kpp="773601001", director="Петров Пётр Петрович",
               legal_address="119991, Москва, ул. Тверская, д. 1")


@pytest.fixture
def shop(db):
    set_day(db, date(2025, 12, 20))
    act(db, "admin", set_company_details, **COMPANY)
    add_product(db, "MUG", price=122000, cost=50000)                  # 20% in 2025, 22% in 2026
    add_product(db, "BOOK", price=110000, cost=60000, vat="reduced")  # 10%
    add_customer(db, "ROMASHKA", "ООО Ромашка", tax_id="7707083893", address="Москва, ул. Ленина, 1")
    for sku in ("MUG", "BOOK"):
        stock_in(db, sku, 10, 50000)
    return db


def _shipped(db, number: str, day: date, *lines) -> None:
    act(db, "clerk", confirm_order, number)
    set_day(db, day)
    act(db, "wh", ship_order, number, list(lines) or None)


def _book_lines(db, number: str):
    return sql(db, "SELECT p.sku, sl.vat_rate, sl.net, sl.vat FROM shipment_line sl "
                   "JOIN shipment s ON s.id = sl.shipment_id JOIN sales_order o ON o.id = s.order_id "
                   "JOIN order_line ol ON ol.id = sl.order_line_id JOIN product p ON p.id = ol.product_id "
                   "WHERE o.number = :n ORDER BY s.id, ol.line_no", n=number)


def _cents(value: Decimal) -> int:
    return int(value * 100)


@pytest.mark.parametrize("day, standard", [(date(2025, 12, 31), 20), (date(2026, 1, 1), 22)])
def test_the_upd_carries_the_vat_of_the_shipment_day_and_reads_back_the_same(shop, day, standard):
    db = shop
    n = order(db, "ROMASHKA", ("MUG", 2), ("BOOK", 1))
    _shipped(db, n, day)
    xml, pdf = shipment_upd(db, "clerk", n)
    assert (xml.kind, pdf.kind) == ("upd", "upd_pdf") and xml.new and pdf.new
    assert errors(xml.data) == []
    assert xml.file_name.startswith(f"ON_NSCHFDOPPR_7707083893_7736207543773601001_{day:%Y%m%d}_")
    assert xml.file_name.endswith(".xml") and pdf.file_name == xml.file_name[:-4] + ".pdf"
    inv = read_invoice(xml.data)
    assert (inv.number, inv.issued, inv.buyer_tax_id, inv.order_reference) == (f"{n}/1", day, "7707083893", n)
    book = _book_lines(db, n)
    assert [(x.seller_code, x.vat_rate, _cents(x.net), _cents(x.vat)) for x in inv.lines] == \
        [(sku, Decimal(rate), net, vat) for sku, rate, net, vat in book]
    assert [x.vat_rate for x in inv.lines] == [standard, 10]
    assert (_cents(inv.total_net), _cents(inv.total_vat)) == (sum(r[2] for r in book), sum(r[3] for r in book))
    assert _cents(inv.total_gross) == sql(db, "SELECT total FROM sales_order WHERE number = :n", n=n)[0][0]


def test_printing_twice_registers_once_and_gives_the_same_document(shop):
    db = shop
    n = order(db, "ROMASHKA", ("MUG", 1))
    _shipped(db, n, date(2026, 1, 15))
    first = shipment_upd(db, "clerk", n)
    again = shipment_upd(db, "wh", n)
    assert [p.number for p in again] == [p.number for p in first]
    assert [p.data for p in again] == [p.data for p in first] and not any(p.new for p in again)
    rows = sql(db, "SELECT d.doc_type, d.kind, d.status, d.their_number, d.parent_id IS NOT NULL FROM document d "
                   "JOIN outbound_document o ON o.document_id = d.id ORDER BY d.id")
    assert rows == [("upd", "xml", "filed", f"{n}/1", False), ("upd", "pdf", "filed", f"{n}/1", True)]
    links = sql(db, "SELECT DISTINCT l.target_kind FROM document_link l ORDER BY 1")
    assert links == [("customer",), ("order",)]


def test_each_shipment_has_its_own_upd(shop):
    db = shop
    n = order(db, "ROMASHKA", ("MUG", 3))
    _shipped(db, n, date(2026, 1, 15), ("MUG", 1))
    set_day(db, date(2026, 1, 16))
    act(db, "wh", ship_order, n, [("MUG", 2)])
    second = read_invoice(shipment_upd(db, "clerk", n)[0].data)
    first = read_invoice(shipment_upd(db, "clerk", n, 1)[0].data)
    assert (first.number, first.issued, first.lines[0].quantity) == (f"{n}/1", date(2026, 1, 15), 1)
    assert (second.number, second.issued, second.lines[0].quantity) == (f"{n}/2", date(2026, 1, 16), 2)


def test_without_vat_the_upd_is_a_transfer_document_only(shop):
    db = shop
    act(db, "acc", set_regime, "usn_exempt", date(2026, 1, 1))
    n = order(db, "ROMASHKA", ("MUG", 1))
    _shipped(db, n, date(2026, 1, 10))
    xml = shipment_upd(db, "clerk", n)[0]
    assert errors(xml.data) == []
    assert 'Функция="ДОП"'.encode("cp1251") in xml.data
    assert [x.vat_rate for x in read_invoice(xml.data).lines] == [None]


def test_refusals_are_sentences(shop):
    db = shop
    n = order(db, "ROMASHKA", ("MUG", 1))
    with pytest.raises(Refused, match="has not been shipped"):
        shipment_upd(db, "clerk", n)
    _shipped(db, n, date(2026, 1, 10))
    act(db, "admin", set_company_details, director="")
    with pytest.raises(Refused, match="not set yet: director[.]$") as refused:
        shipment_upd(db, "clerk", n)
    assert refused.value.fields == ("director",)  # each face adds its own way to set it
    assert sql(db, "SELECT count(*) FROM outbound_document") == [(0,)]


def test_the_buyer_is_named_as_its_kind_with_its_kpp(shop):
    db = shop
    from boclerk.services.catalog.partners import edit_customer

    act(db, "clerk", edit_customer, "ROMASHKA", kpp="770701001")
    add_customer(db, "IP", "Иванов Иван Петрович", tax_id="500100732259")        # a sole trader, by its INN
    add_customer(db, "ANNA", "Анна Смирнова", tax_id="500100732259", kind="person")  # a person with an INN
    names = {}
    for code in ("ROMASHKA", "IP", "ANNA"):
        n = order(db, code, ("MUG", 1))
        _shipped(db, n, date(2026, 1, 12))
        xml, pdf = shipment_upd(db, "clerk", n)
        assert errors(xml.data) == []
        names[code] = (xml.file_name.split("_")[2], xml.data.decode("cp1251"), pdf)
    name, text, _ = names["ROMASHKA"]
    assert name == "7707083893770701001"  # the buyer's INN and KPP name the file
    assert text.count('КПП="770701001"') == 2  # consignee and buyer
    name, text, _ = names["IP"]
    assert name == "500100732259" and 'СвИП ИННФЛ="500100732259"' in text
    name, text, _ = names["ANNA"]
    assert name == "0" and "СвФЛУч" in text and "500100732259" not in text
