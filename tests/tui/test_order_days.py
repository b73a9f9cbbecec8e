"""An order's view writes every day as the lists do (the locale's short form), not ISO: the
order's own day, its payments and its shipments."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from rich.console import Console

from boclerk.tui.orders.detail import render_detail


def test_an_order_s_days_are_written_as_the_lists_write_them():
    order = SimpleNamespace(
        number="SO-2026-000007", status="shipped", backorder=False, order_date=date(2026, 11, 25),
        channel="phone", channel_ref="", warehouse="MAIN", customer_name="Anna", customer="C00001",
        delivery_address="", lines=[], total=1000, vat_total=180, paid=1000, invoiced=1000, due=0,
        payments=[SimpleNamespace(paid_on=date(2026, 11, 26), amount=1000, method="card", entry="JE-2026-000001")],
        shipments=[SimpleNamespace(kind="ship", day=date(2026, 11, 27), net=820, vat=180, damaged=False,
                                   entry="JE-2026-000002")],
        history=[])
    console = Console(width=100, record=True, color_system=None)
    console.print(render_detail(order, lambda minor: f"{minor / 100:.2f}", "ru"))
    text = console.export_text()
    assert "25.11.2026" in text and "26.11.2026" in text and "27.11.2026" in text, text
    assert "2026-11" not in text, text
