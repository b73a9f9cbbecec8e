"""A list's cells drawn by QuickCells are DataTable's own, segment for segment."""

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from boclerk.tui.paged import Column, PagedTable
from boclerk.tui.table_cells import QuickCells
from tests.tui.helpers import settle

COLUMNS = [Column("number", "Number", 8), Column("name", "Name", 10), Column("total", "Total", 9, right=True),
           Column("note", "Note", 6)]
ROWS = [
    ("SO-1", "Ivan", "1 234,50", ""),
    ("SO-2", "Иван Петрович Сидоров", "12 345 678,00", "trailing   "),
    ("SO-3", "東京の店舗です", "0,00", "  lead"),
    ("SO-4", "", "-5,00", "x"),
    ("SO-5", "a" * 40, "9" * 20, "ok ok ok ok"),
    # a cell's own styles: the cursor's colour goes over them (DataTable's post style)
    ("SO-6", Text("late", style="bold red"), Text.assemble(("1", "green"), " 000"), Text("x", style="on blue")),
]


class CellsApp(App):
    def compose(self) -> ComposeResult:
        yield PagedTable(COLUMNS, lambda *a, **k: [], lambda r: dict(zip(("number", "name", "total", "note"), r)),
                         lambda r: r[0])

    def show(self) -> PagedTable:
        table = self.query_one(PagedTable)
        table.rows_data = list(ROWS)
        table._redraw()
        return table


def both_ways(table: PagedTable, row: int, column: int, base: Style, cursor: bool, hover: bool):
    width = table.ordered_columns[column].get_render_width(table)
    table._cell_render_cache.clear()
    quick = table._render_cell(row, column, base, width, cursor, hover)
    table._cell_render_cache.clear()
    own = DataTable._render_cell(table, row, column, base, width, cursor, hover)
    return quick, own


@pytest.mark.parametrize("width", [40, 60])
async def test_quick_cells_are_datatables_own(width):
    app = CellsApp()
    async with app.run_test(size=(width, 12)) as pilot:
        await settle(pilot)
        table = app.show()
        await settle(pilot)
        assert isinstance(table, QuickCells) and len(table.rows) == len(ROWS)
        compared = 0
        for base in (Style(), Style(bgcolor="red", bold=True), table.rich_style):
            for row in range(len(ROWS)):
                for column in range(len(table.columns)):
                    for cursor in (False, True):
                        for hover in (False, True):
                            quick, own = both_ways(table, row, column, base, cursor, hover)
                            assert quick == own, (row, column, cursor, hover)
                            compared += 1
        assert compared == 3 * len(ROWS) * len(table.columns) * 4


async def test_the_header_and_a_taller_cell_are_drawn_by_datatable():
    """The header, and a cell that is not a one-line Text, are drawn by DataTable itself."""
    app = CellsApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await settle(pilot)
        table = app.show()
        await settle(pilot)
        header, own_header = both_ways(table, -1, 0, Style(), False, False)
        assert header == own_header
        key = table._row_locations.get_key(0)
        table._data[key][table.ordered_columns[0].key] = Text("two\nlines")
        table._update_count += 1
        table._row_renderable_cache.clear()
        quick, own = both_ways(table, 0, 0, Style(), False, False)
        assert quick == own
