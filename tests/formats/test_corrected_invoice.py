"""A corrected invoice (EN 16931 type 384): one of negative amounts (goods sent back) is read as the
note it is, in both syntaxes, with its negative allowances taken the right way round; one of positive
amounts, which would replace an invoice, is refused naming the note by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from boclerk.errors import InvalidInput
from boclerk.formats.einvoice import read_invoice

SAMPLES = Path(__file__).resolve().parent / "samples" / "en16931"


@pytest.mark.parametrize("syntax", ["cii", "ubl"])
def test_a_corrected_invoice_of_goods_sent_back_is_read_as_their_decreases(syntax):
    name = f"zugferd-corpus-EN16931_Rechnungskorrektur.{syntax}.xml"
    note = read_invoice((SAMPLES / name).read_bytes(), name=name)
    assert (note.format, note.number, note.currency) == (f"{syntax}-credit", "RK21012345", "EUR")
    assert (note.seller_name, note.seller_tax_id, note.seller_country) == ("MUSTERLIEFERANT GMBH", "DE123456789", "DE")
    assert note.invoices == ()  # the original invoice is named only in a free-text note
    assert (note.total_net, note.total_vat) == (Decimal("-7.67"), Decimal("-1.12"))
    # the lines are decreases; the allowances, given as negative amounts, give back part of them
    assert [(ln.line_no, ln.seller_code, ln.vat_rate, ln.net, ln.vat) for ln in note.lines] == [
        (1, "ZS997", 19, Decimal("-5.00"), Decimal("-0.95")), (2, "GZ250", 7, Decimal("-2.90"), Decimal("-0.20")),
        (0, "", 19, Decimal("0.10"), Decimal("0.02")), (0, "", 7, Decimal("0.06"), Decimal("0.00")),
        (0, "", 19, Decimal("0.05"), Decimal("0.01")), (0, "", 7, Decimal("0.02"), Decimal("0.00"))]
    assert sum(ln.net for ln in note.lines) == note.total_net
    assert sum(ln.vat for ln in note.lines) == note.total_vat


def test_the_two_syntaxes_of_the_correction_agree():
    cii, ubl = (read_invoice((SAMPLES / f"zugferd-corpus-EN16931_Rechnungskorrektur.{s}.xml").read_bytes())
                for s in ("cii", "ubl"))
    assert [(ln.net, ln.vat, ln.vat_rate) for ln in cii.lines] == [(ln.net, ln.vat, ln.vat_rate) for ln in ubl.lines]


def test_an_allowance_total_with_the_wrong_sign_is_still_refused():
    data = (SAMPLES / "zugferd-corpus-EN16931_Rechnungskorrektur.cii.xml").read_bytes()
    wrong = data.replace(b"<ram:AllowanceTotalAmount>-0.23<", b"<ram:AllowanceTotalAmount>0.23<")
    assert wrong != data
    with pytest.raises(InvalidInput, match=r"AllowanceTotalAmount is 0.23 but its document-level allowances add up "
                                           r"to -0.23"):
        read_invoice(wrong, name="rk.xml")


def test_a_corrected_invoice_of_positive_amounts_is_refused_naming_the_note_by_hand():
    data = (SAMPLES / "facturx-factur-x-en16931.xml").read_bytes()
    replacing = data.replace(b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypeCode>384</ram:TypeCode>", 1)
    assert replacing != data
    with pytest.raises(InvalidInput) as exc:
        read_invoice(replacing, name="fx.xml")
    assert exc.value.message.startswith("fx.xml is a corrected invoice (type 384) that replaces F20260003; "  # its BG-3
                                        "boclerk does not replace a bill from a file: enter the difference by hand")
    assert "boclerk purchase note BILL-..." in exc.value.message
