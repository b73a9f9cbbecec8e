"""An amount is never cut at its no-break group separator where the app wraps text: a toast, the
PO pane beside the Purchases list ("54" at one line's end, "027,80" at the next's start was
misread). The app makes Rich's and Textual's wrapping keep no-break spaces inside a word; text
without them wraps exactly as before; the command line keeps the libraries' own wrapping."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from datetime import date

import pytest
import rich._wrap
import textual._wrap
from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.geometry import Region
from textual.widgets._toast import Toast

from boclerk.services.purchasing.bills import BillLineInput, enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.nobreak import _PATTERNS, keep_figures_whole
from tests.services.trade_helpers import act, add_product, add_supplier, po, set_day
from tests.tui.helpers import settle

AMOUNT = "1\xa0234\xa0567,89"
SHIPPED = tuple(shipped for _module, _name, shipped, _ours in _PATTERNS)  # the libraries' own (a fresh interpreter's)


def _whole(lines: list[str], figure: str) -> bool:
    return any(figure in line for line in lines)


def test_both_libraries_patterns_are_replaced():
    """A Rich or Textual that renamed or changed its word pattern is caught here, not by a clerk."""
    assert keep_figures_whole() == []
    assert keep_figures_whole() == []  # a second app in the same process changes nothing more
    assert rich._wrap.re_word.fullmatch(AMOUNT + " ") and textual._wrap.re_chunk.fullmatch(AMOUNT + " ")


@pytest.mark.parametrize("width", range(4, 30))
def test_an_amount_stays_on_one_line_at_every_width(width):
    keep_figures_whole()
    said = f"Оплачено {AMOUNT} по BILL-2026-000053 (JE-2026-001157), \u2212{AMOUNT}\u202f₽ осталось"
    lines = [line.plain for line in Content(said).wrap(width)]
    console = Console(width=width, color_system=None, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(Text(said, overflow="fold"))
    printed = console.export_text().splitlines()
    for figure in (AMOUNT, f"\u2212{AMOUNT}\u202f₽"):  # a figure narrower than the line is never cut
        if width >= len(figure):
            assert _whole(lines, figure), (figure, lines)  # Textual's Content (toasts, Static)
            assert _whole(printed, figure), (figure, printed)  # Rich's Text (cards, panes, tables)


def test_text_without_no_break_spaces_wraps_as_before():
    keep_figures_whole()
    shipped_word, shipped_chunk = (re.compile(p) for p in SHIPPED)
    ours_word, ours_chunk = rich._wrap.re_word, textual._wrap.re_chunk
    rng = random.Random(18)
    try:
        for _ in range(3000):
            text = "".join(rng.choice("ab щ\t\u3000 ,.\r") for _ in range(rng.randint(0, 40)))
            width = rng.randint(1, 14)
            rich._wrap.re_word, textual._wrap.re_chunk = shipped_word, shipped_chunk
            before = rich._wrap.divide_line(text, width), textual._wrap.compute_wrap_offsets(text, width, 4)
            rich._wrap.re_word, textual._wrap.re_chunk = ours_word, ours_chunk
            after = rich._wrap.divide_line(text, width), textual._wrap.compute_wrap_offsets(text, width, 4)
            assert before == after, (text, width)
    finally:
        rich._wrap.re_word, textual._wrap.re_chunk = ours_word, ours_chunk


def test_the_command_line_keeps_the_libraries_wrapping():
    """Only the app changes the wrapping: the command line's output (its tables, --json) stays as it was."""
    code = ("import boclerk.cli, boclerk.cli.output, rich._wrap, textual._wrap, sys;"
            "print(rich._wrap.re_word.pattern, textual._wrap.re_chunk.pattern, 'boclerk.tui.nobreak' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [*SHIPPED, "False"]


@pytest.fixture
def shipped_wrapping():
    """The libraries' own word patterns until the app is made: the app is what replaces them."""
    kept = rich._wrap.re_word, textual._wrap.re_chunk
    rich._wrap.re_word, textual._wrap.re_chunk = (re.compile(p) for p in SHIPPED)
    yield
    rich._wrap.re_word, textual._wrap.re_chunk = kept


def _russian(db) -> BoclerkApp:
    return BoclerkApp(db, "admin", config=Config(locale="ru"))


def _rows(widget) -> list[str]:
    """The lines ``widget`` draws on the screen, as text (no-break spaces shown as spaces)."""
    strips = widget.render_lines(Region(0, 0, widget.region.width, widget.region.height))
    return [strip.text.replace("\xa0", " ").replace("\u202f", " ") for strip in strips]


@pytest.mark.usefixtures("shipped_wrapping")
async def test_a_toast_keeps_its_amount_on_one_line(db):
    app = _russian(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        for words in range(12, 40):  # the amount moves along the toast's line, across its right edge
            app.clear_notifications()
            app.notify(f"Оплачено {'щ' * words} {AMOUNT} по BILL-2026-000053 (JE-2026-001157).")
            await settle(pilot)
            rows = _rows(app.screen.query_one(Toast))
            assert "BILL-2026-000053" in "".join(rows), rows
            assert _whole(rows, "1 234 567,89"), (words, rows)


@pytest.fixture
def billed_db(db):
    """A PO for 10 mugs at 5 000,00, received, and the supplier's bill for them at 5 500,00 (67 100,00
    with its VAT): held."""
    set_day(db, date(2026, 3, 16))
    add_product(db, "MUG", price=1200000, cost=500000)
    add_supplier(db, "ACME", "Acme Supplies", tax_id="7707083893", payment_terms_days=30)
    number = po(db, "ACME", ("MUG", 10))
    act(db, "wh", receive_po, number, [("MUG", 10)])
    act(db, "clerk", enter_bill, number, "INV-77", date(2026, 3, 16), lines=[BillLineInput("MUG", 10, 550000)])
    return db


@pytest.mark.usefixtures("shipped_wrapping")
async def test_the_po_pane_keeps_the_bills_amounts_on_one_line(billed_db):
    app = _russian(billed_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        pane = app.screen.query_one(".detail-pane")
        assert pane.display

        def bill_rows() -> list[str]:
            rows = [row.strip() for row in _rows(app.screen.query_one("#purchases-detail"))]
            at = next(i for i, row in enumerate(rows) if row.startswith("BILL-2026-000001"))
            return rows[at:at + 3]

        assert bill_rows()[:2] == ["BILL-2026-000001 INV-77 16.03.2026 отложен 67 100,00", "оплачено 0,00"]
        for width in range(30, 60):  # the pane narrowed a column at a time: the bill's line breaks everywhere
            pane.styles.width = width
            await settle(pilot)
            rows = bill_rows()
            assert " ".join(rows).startswith("BILL-2026-000001 INV-77 16.03.2026 отложен 67 100,00 оплачено 0,00")
            assert _whole(rows, "67 100,00"), (width, rows)
