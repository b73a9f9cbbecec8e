"""Lines that lay themselves out for their width: figures broken only between parts (a Russian
amount's group separator is a space rich would break at), and an order's lines that show the
product's name only where it can be read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from rich.console import Console

from boclerk.tui.flow import Flow
from boclerk.tui.orders.detail import render_detail


def _text(renderable, width: int) -> list[str]:
    console = Console(width=width, color_system=None, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


TOTAL = "Total 252\xa0292,00 (VAT 45\xa0495,28)  paid 0,00  shipped 192\xa0631,00  due 252\xa0292,00"
FIGURES = ["252\xa0292,00", "45\xa0495,28", "192\xa0631,00"]


@pytest.mark.parametrize("width", range(12, 90))
def test_a_flow_breaks_at_plain_spaces_only(width):
    lines = _text(Flow(TOTAL), width)
    assert all(len(line) <= width for line in lines)
    said = " ".join(lines)
    assert all(f in said for f in FIGURES), (width, lines)  # never cut inside an amount
    assert said.split() == TOTAL.split(), (width, lines)  # every word said, in order
    if width >= len(TOTAL):
        assert lines == [TOTAL]


def test_a_flow_fills_each_line_before_the_next():
    assert Flow(TOTAL).lines(50) == ["Total 252\xa0292,00 (VAT 45\xa0495,28)  paid 0,00",
                                     "shipped 192\xa0631,00  due 252\xa0292,00"]
    assert Flow("  held: no receipt").lines(80) == ["  held: no receipt"]  # its own indent kept
    assert Flow("a-very-long-word x").lines(6) == ["a-very-long-word", "x"]  # drawn cut, never broken


def _order(name: str):
    line = SimpleNamespace(sku="GAR-008", name=name, qty=Decimal(38), unit="pcs", unit_price=Decimal("6629.00"),
                           gross=Decimal("251902.00"), shipped=Decimal(29), returned=Decimal(0), reserved=Decimal(0),
                           discount_percent="0.00")
    return SimpleNamespace(number="SO-2026-000476", status="partially_shipped", backorder=True,
                           order_date=date(2026, 11, 25), channel="phone", channel_ref="", warehouse="MAIN",
                           customer_name="Alexey Novikov", customer="C00374", delivery_address="", lines=[line],
                           total=Decimal("252292.00"), vat_total=Decimal("45495.28"), paid=Decimal(0),
                           invoiced=Decimal("192631.00"), due=Decimal("252292.00"), payments=[], shipments=[],
                           history=[])


def _money(value) -> str:
    return f"{value:,.2f}".replace(",", "\xa0").replace(".", ",")


def test_an_orders_lines_name_the_product_where_it_can_be_read():
    wide = _text(render_detail(_order("Garden kneeler with a long name"), _money, "en"), 100)
    assert any(line.startswith("GAR-008  Garden kneeler with a long name  ") for line in wide), wide
    narrow = _text(render_detail(_order("Garden kneeler with a long name"), _money, "en"), 70)
    row = next(line for line in narrow if line.startswith("GAR-008"))
    assert "Garden kn" in row and "…" in row and row.endswith("29    0    0"), narrow  # cut, figures whole
    squeezed = _text(render_detail(_order("Garden kneeler with a long name"), _money, "en"), 55)
    row = next(line for line in squeezed if line.startswith("GAR-008"))
    assert row.split()[:2] == ["GAR-008", "38"] and "251\xa0902,00" in row, squeezed  # no room to read it: left out
