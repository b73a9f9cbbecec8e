"""A4 pages with a Cyrillic font for the documents the shop prints (fpdf2, PT Sans from PyPI).

Black on white only, so that a form reads the same printed in black and white. The PDF's
creation date is the document's own, so the same data gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["Page", "new_page"]


def _font_files() -> tuple[str, str]:
    from fontpkg_pt_sans import ROOT

    files = ROOT / "files"
    return str(files / "PT_Sans-Web-Regular.ttf"), str(files / "PT_Sans-Web-Bold.ttf")


class Page:
    """A thin wrapper over FPDF: text, a table, rules, in millimetres."""

    def __init__(self, title: str, created: datetime, *, landscape: bool = False):
        from fpdf import FPDF

        self.pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
        regular, bold = _font_files()
        self.pdf.add_font("PTSans", "", regular)
        self.pdf.add_font("PTSans", "B", bold)
        self.pdf.set_title(title)
        self.pdf.set_creator("boclerk")
        self.pdf.set_creation_date(created if created.tzinfo else created.replace(tzinfo=UTC))
        self.pdf.set_auto_page_break(True, margin=12)
        self.pdf.set_margins(12, 12, 12)
        self.pdf.add_page()
        self.font(9)

    @property
    def width(self) -> float:
        return self.pdf.epw

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font("PTSans", "B" if bold else "", size)

    def text(self, text: str, size: float = 9, bold: bool = False, align: str = "L", gap: float = 0.5) -> None:
        self.font(size, bold)
        self.pdf.multi_cell(0, size * 0.45, text, align=align, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap)

    def pair(self, left: str, right: str, size: float = 9) -> None:
        """A label and its value on one line."""
        self.font(size)
        self.pdf.cell(45, size * 0.45, left)
        self.pdf.multi_cell(0, size * 0.45, right, new_x="LMARGIN", new_y="NEXT")

    def table(self, head: list[str], rows: list[list[str]], widths: list[float], aligns: str, size: float = 8) -> None:
        """A ruled table; ``aligns`` has one of L, C, R per column."""
        scale = self.width / sum(widths)
        widths = [w * scale for w in widths]
        self.font(size, True)
        with self.pdf.table(col_widths=widths, text_align=tuple({"L": "LEFT", "C": "CENTER", "R": "RIGHT"}[a]
                                                                for a in aligns),
                            line_height=size * 0.5, first_row_as_headings=True) as table:
            row = table.row()
            for cell in head:
                row.cell(cell)
            self.font(size)
            for values in rows:
                row = table.row()
                for cell in values:
                    row.cell(cell)
        self.pdf.ln(1)

    def rule(self) -> None:
        y = self.pdf.get_y()
        self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + self.width, y)
        self.pdf.ln(1)

    def image(self, data: bytes, size: float) -> None:
        from io import BytesIO

        self.pdf.image(BytesIO(data), w=size, h=size)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def new_page(title: str, created: datetime, *, landscape: bool = False) -> Page:
    return Page(title, created, landscape=landscape)
