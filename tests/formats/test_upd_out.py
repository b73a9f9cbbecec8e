"""The UPD 5.03 writer: valid against the FNS schema, read back by boclerk's own reader."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal as D

import pytest

from boclerk.formats.einvoice import read_invoice
from boclerk.formats.upd_out import UpdDocument, UpdLine, UpdParty, upd_file_name, write_upd
from boclerk.formats.upd_pdf import upd_pdf
from tests.formats.upd_schema import errors

SELLER = UpdParty("ООО «Дом и сад»", "7736207543", "773601001", "119991, Москва, ул. Тверская, д. 1")
BUYERS = {
    "org": UpdParty("ООО Ромашка", "7707083893", "770701001", "Москва, ул. Ленина, 1"),
    "ip": UpdParty("Иванов Иван Иванович", "500100732259"),
    "person": UpdParty("Анна Петрова"),
}
GUID = "8f3c6e1a-1b2c-4d5e-8f90-123456789abc"


def _doc(buyer: UpdParty, payer: bool) -> UpdDocument:
    lines = (
        UpdLine(1, "Кружка керамическая", "MUG", "796", "шт", D(3), D("1000.00"), D("3000.00"),
                22 if payer else None, D("660.00") if payer else D(0), D("3660.00") if payer else D("3000.00")),
        UpdLine(2, "Кофе в зёрнах", "COFFEE", "166", "кг", D("1.250"), D("800.00"), D("1000.00"),
                10 if payer else None, D("100.00") if payer else D(0), D("1100.00") if payer else D("1000.00")),
    )
    return UpdDocument("SO-2026-000007/1", date(2026, 1, 12), payer, SELLER, buyer, lines, "SO-2026-000007", GUID,
                       datetime(2026, 1, 12, 10, 5, 7), "Петров Пётр Петрович")


@pytest.mark.parametrize("payer", [True, False], ids=["payer", "non-payer"])
@pytest.mark.parametrize("kind", sorted(BUYERS))
def test_valid_against_the_schema_and_read_back_the_same(kind, payer):
    doc = _doc(BUYERS[kind], payer)
    data = write_upd(doc)
    assert errors(data) == []
    assert data.startswith(b'<?xml version="1.0" encoding="windows-1251"?>')
    assert "Кружка".encode("cp1251") in data
    inv = read_invoice(data)
    assert (inv.number, inv.issued, inv.currency, inv.order_reference) == (doc.number, doc.day, "RUB", "SO-2026-000007")
    assert (inv.seller_name, inv.seller_tax_id) == (SELLER.name, SELLER.inn)
    shown = ("ИП " if kind == "ip" else "") + BUYERS[kind].name  # the reader marks a sole trader
    assert (inv.buyer_name, inv.buyer_tax_id) == (shown, BUYERS[kind].inn)
    assert [(x.line_no, x.name, x.seller_code, x.quantity, x.net, x.vat_rate, x.vat, x.gross) for x in inv.lines] == \
        [(x.line_no, x.name, x.sku, x.quantity, x.net, x.vat_rate, x.vat, x.gross) for x in doc.lines]
    assert (inv.total_net, inv.total_vat, inv.total_gross) == (doc.total_net, doc.total_vat, doc.total_gross)
    assert f'Функция="{"СЧФДОП" if payer else "ДОП"}"'.encode("cp1251") in data


def test_the_file_is_named_as_the_format_says_and_its_id_repeats_it():
    doc = _doc(BUYERS["org"], True)
    name = upd_file_name(doc)
    assert name == f"ON_NSCHFDOPPR_7707083893770701001_7736207543773601001_20260112_{GUID}"
    assert f'ИдФайл="{name}"'.encode("cp1251") in write_upd(doc)
    assert upd_file_name(_doc(BUYERS["person"], True)).startswith("ON_NSCHFDOPPR_0_7736207543773601001_")


def test_the_schema_check_does_catch_a_wrong_file():
    data = write_upd(_doc(BUYERS["org"], True))
    assert errors(data.replace('НалСт="22%"'.encode("cp1251"), 'НалСт="21%"'.encode("cp1251")))
    assert errors(re.sub(rb'\s\xc8\xcd\xcd\xde\xcb="7707083893"', b"", data))  # the buyer's ИННЮЛ left out


def test_the_printable_form_holds_the_lines_and_totals():
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(upd_pdf(_doc(BUYERS["org"], True)))).pages[0].extract_text().replace("\u00a0", " ")
    for words in ("Счёт-фактура № SO-2026-000007/1 от 12.01.2026", "Кружка керамическая", "22%",
                  "3 660,00", "4 760,00", "ИНН/КПП 7707083893/770701001", "Петров Пётр Петрович"):
        assert words in text, words
