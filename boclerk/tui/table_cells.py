"""Drawing a list's cells: one line of text each, the way DataTable draws them, in fewer steps.

DataTable draws a cell by wrapping it in three renderables (its padding, a style sandwich around
it, and the console's line splitter on top) and rendering the lot through Rich, each step a
generator over the one before. The lists' cells are single lines of ``Text`` (boclerk.tui.paged
makes them), so the same segments come from rendering the text alone to the column's inner width
and adding the padding and styles around it: on the way to the Orders list's first rows a frame
of 20 lines spent some 60% of its DataTable time in those wrappers. Any other cell (a header, a
row label, a fixed row or column, a cell taller than a line or not a Text) is drawn by
DataTable itself.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text


class QuickCells:
    """Mixed into a DataTable: ``_render_cell`` for one-line Text cells, as DataTable's gives them."""

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False):
        table = self
        pad = table.cell_padding
        if (row_index < 0 or column_index < 0 or row_index < table.fixed_rows or column_index < table.fixed_columns
                or width - 2 * pad <= 0):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)  # type: ignore[misc]
        row_key = table._row_locations.get_key(row_index)
        column_key = table._column_locations.get_key(column_index)
        # DataTable's own cache and key: a cell drawn by either is found by both
        key = (row_key, column_key, base_style, cursor, hover, table._show_hover_cursor, table._update_count,
               table._pseudo_class_state)
        cache = table._cell_render_cache
        if key in cache:
            return cache[key]
        row = table.rows[row_key]
        cell = table._get_row_renderables(row_index).cells[column_index]
        if row.height != 1 or type(cell) is not Text or "\n" in cell.plain:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)  # type: ignore[misc]
        component_style, post_style = table._get_styles_to_render_cell(
            False, False, False, hover, cursor, table.show_cursor, table._show_hover_cursor,
            table.cursor_foreground_priority == "css", table.cursor_background_priority == "css")
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        console = table.app.console
        inner = width - 2 * pad
        options = table.app.console_options.update_dimensions(inner, 1).update(no_wrap=True)
        blank = console.get_style("none")  # the padding's style (Padding's default)
        line = console.render_lines(cell, options, style=blank, pad=True)[0]
        segments = [Segment(" " * pad, blank), *line, Segment(" " * pad, blank)] if pad else list(line)
        # the style sandwich: before the cell's own styles, and after them
        if pre_style:
            segments = [Segment(text, pre_style + style) for text, style, _ in segments]
        if post_style:
            segments = [Segment(text, style + post_style if style else post_style) for text, style, _ in segments]
        lines = [segments]
        cache[key] = lines
        return lines
