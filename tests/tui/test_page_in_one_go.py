"""PagedTable adds a page's rows in one go: the table it leaves is the one ``add_row`` row by row
leaves (keys in order, cells, cursor, size, the highlight it reports)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from boclerk.tui.paged import Column, PagedTable
from tests.tui.helpers import settle

COLUMNS = [Column("key", "Key", 8), Column("name", "Name", 10), Column("amount", "Amount", 9, right=True)]


def cells(k: int) -> dict:
    return {"key": k, "name": f"n{k}", "amount": f"{k * 3}.00"}


class TwoTables(App):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: dict[str, list[tuple]] = {"bulk": [], "single": []}

    def compose(self) -> ComposeResult:
        for name in ("bulk", "single"):
            yield PagedTable(COLUMNS, lambda uow, **page: [], cells, lambda k: k, page=50, id=name)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.highlighted[event.data_table.id].append((event.cursor_row, event.row_key.value))


def _state(table: PagedTable) -> tuple:
    rows = [(key.value, [str(table.get_cell(key, column.key)) for column in table.ordered_columns])
            for key in (row.key for row in table.ordered_rows)]
    return rows, table.cursor_coordinate, table.row_count, table.virtual_size, table._total_row_height


async def test_a_page_added_in_one_go_equals_row_by_row():
    app = TwoTables()
    async with app.run_test(size=(60, 30)) as pilot:
        bulk, single = app.query_one("#bulk", PagedTable), app.query_one("#single", PagedTable)
        for table in (bulk, single):
            table.shown = list(COLUMNS)
            table._redraw()  # the columns, no rows yet
        bulk._add_all(list(range(100, 60, -1)))
        for k in range(100, 60, -1):
            single._add(k)
        await settle(pilot)
        assert _state(bulk) == _state(single)
        assert bulk.row_count == 40 and bulk.get_row_at(0)[0].plain == "100"
        # a second page after the first (PgDn), and a page into a table cleared again
        bulk._add_all(list(range(60, 30, -1)))
        for k in range(60, 30, -1):
            single._add(k)
        await settle(pilot)
        assert _state(bulk) == _state(single) and bulk.row_count == 70
        bulk.move_cursor(row=55)
        single.move_cursor(row=55)
        await settle(pilot)
        assert _state(bulk) == _state(single)
        assert app.highlighted["bulk"] == app.highlighted["single"] and app.highlighted["bulk"][0] == (0, "100")
        bulk._add_all([])  # nothing to add: nothing changes
        await settle(pilot)
        assert _state(bulk) == _state(single)
