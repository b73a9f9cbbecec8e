"""A list that pages through a query by key: the same cost at 1k rows and at 1M.

The table holds a window of a few pages. Moving past its last row fetches the rows that
follow the last key; past its first row, the rows that precede the first key; ``g``/``G``
(Home/End) fetch the first or the last page. Every fetch is an indexed ``WHERE key < :k
ORDER BY key LIMIT n`` in a thread worker; the table never counts or loads a whole table.
Columns collapse by priority when the terminal is narrow.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from boclerk.domain.bounds import shown
from boclerk.errors import BoclerkError
from boclerk.i18n import N_, _
from boclerk.tui.table_cells import QuickCells


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # marked N_ where the columns are declared; translated when shown
    width: int
    priority: int = 1   # 1: always; larger numbers go first when the terminal is narrow
    right: bool = False
    grow: bool = False  # takes the room the shown columns leave (a name, a memo: text that is cut)


#: fetch(uow, after=key|None, before=key|None, last=bool, limit=int) -> rows in display order
Fetch = Callable[..., list[Any]]


class PagedTable(QuickCells, DataTable):
    """A keyset-paged list of records. ``key_of(row)`` gives the row's key."""

    BINDINGS = [
        Binding("j", "cursor_down", N_("Down"), show=False, id="list.down"),
        Binding("k", "cursor_up", N_("Up"), show=False, id="list.up"),
        Binding("g,home", "first_page", N_("First"), show=False, id="list.first"),
        Binding("G,end", "last_page", N_("Last"), show=False, id="list.last"),
    ]

    class Loaded(Message):
        def __init__(self, table: PagedTable) -> None:
            super().__init__()
            self.table = table

    def __init__(self, columns: Sequence[Column], fetch: Fetch, cells: Callable[[Any], dict[str, Any]],
                 key_of: Callable[[Any], Any], *, page: int = 100, window_pages: int = 3, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.all_columns = list(columns)
        self.fetch = fetch
        self.cells = cells
        self.key_of = key_of
        self.page = page
        self.window = page * window_pages
        self.rows_data: list[Any] = []
        #: raised each time the list is read again from its start or end (not by paging): what was
        #: learnt about its rows (what may be done to them now) holds until it changes
        self.reading = 0
        self._pending: str | None = None  # a reload asked for while a page was on its way
        self.more_after = False
        self.more_before = False
        self.fetching = False
        self.shown: list[Column] = []
        #: the first rows, asked for before the table was mounted (``prefetch``), and whether they
        #: still answer the first load (the filters unchanged since)
        self._early: tuple[Future, Callable[[], bool], int] | None = None
        #: whether rows have come yet: only the very first load is split into a screenful and the
        #: rest (a reload after a filter or an act fetches its page in one, as a second fetch
        #: would cost it a round trip)
        self._had_rows = False

    # -- columns ---------------------------------------------------------------------------
    def _fit(self, width: int) -> list[Column]:
        chosen: list[Column] = []
        budget = max(width - 2, 20)
        for col in sorted(self.all_columns, key=lambda c: c.priority):
            need = col.width + 2
            if col.priority == 1 or need <= budget:
                chosen.append(col)
                budget -= need
        shown = [c for c in self.all_columns if c in chosen]
        growing = [i for i, c in enumerate(shown) if c.grow] if budget > 0 else []
        for n, i in enumerate(growing):  # the room left, shared out (the first ones take an odd cell)
            more = budget // len(growing) + (n < budget % len(growing))
            shown[i] = replace(shown[i], width=shown[i].width + more)
        return shown

    def on_resize(self, event) -> None:
        fitted = self._fit(event.size.width)
        if fitted != self.shown:
            self.shown = fitted
            self._redraw(keep=self.cursor_row)

    def _redraw(self, keep: int = 0) -> None:
        self.clear(columns=True)
        for col in self.shown or self._fit(self.size.width or 80):
            # a Text, not a str: DataTable reads a str label as Rich markup, and the first markup parse
            # loads Rich's emoji table (14 ms on the main thread, between a list's first rows and its paint)
            self.add_column(Text(_(col.label), justify="right" if col.right else None), key=col.key, width=col.width)
        if not self.shown:
            self.shown = self._fit(self.size.width or 80)
        self._add_all(self.rows_data)
        if self.rows_data:
            self.move_cursor(row=min(max(keep, 0), len(self.rows_data) - 1))

    def _cells_of(self, row: Any) -> list[Any]:
        values = self.cells(row)
        cells = []
        for col in self.shown:
            value = values.get(col.key, "")
            cells.append(value if isinstance(value, Text) else
                         Text(shown(str(value)), justify="right" if col.right else "left", overflow="ellipsis",
                              no_wrap=True))
        return cells

    def _add(self, row: Any) -> None:
        self.add_row(*self._cells_of(row), key=str(self.key_of(row)))

    def _add_all(self, rows: Sequence[Any]) -> None:
        """Add a page's rows in one go: what ``add_row`` does for each (a row of height 1 with a
        key and no label), with the cursor checked, the change counted and idle work asked for
        once for the page instead of once a row. Falls back to ``add_row`` on a Textual whose
        DataTable keeps its rows otherwise."""
        try:
            from textual.widgets._data_table import Row, RowKey

            locations, data, table_rows, new = self._row_locations, self._data, self.rows, self._new_rows
            columns = self.ordered_columns
            fits = len(columns) == len(self.shown) and isinstance(self._update_count, int)
        except (ImportError, AttributeError):
            fits = False
        if not fits:
            for row in rows:
                self._add(row)
            return
        if not rows:
            return
        index = len(table_rows)
        for row in rows:
            key = RowKey(str(self.key_of(row)))
            if key in locations:
                from textual.widgets.data_table import DuplicateKey

                raise DuplicateKey(f"The row key {key!r} already exists.")
            locations[key] = index
            index += 1
            data[key] = {column.key: cell for column, cell in zip(columns, self._cells_of(row), strict=True)}
            table_rows[key] = Row(key, 1, None, False)
            new.add(key)
        first = index == len(rows)  # the table was empty: a row can now be highlighted
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if first and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def _update_dimensions(self, new_rows) -> None:
        """The table's size once rows were added. Every column here has its width (``Column``)
        and every row one line, so the size is the columns' widths by the rows: DataTable
        measures each new cell first (to fit columns without a width), for a page of 100 rows
        some 7% of a profile from key 2 to the Orders rows, before the page's first layout. Anything else is left to DataTable."""
        try:
            fixed = not self._labelled_row_exists and all(not c.auto_width for c in self.columns.values())
            if fixed:
                from textual.geometry import Size

                width = sum(c.get_render_width(self) for c in self.columns.values()) + self._row_label_column_width
                header = self.header_height if self.show_header else 0
                self.virtual_size = Size(width, self._total_row_height + header)
                return
        except AttributeError:  # another Textual: measure as DataTable does
            pass
        super()._update_dimensions(new_rows)

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch the first page again (after a filter change or an act)."""
        if self.fetching:
            self._pending = "first"  # the page on its way is stale: fetch again when it lands
            return
        self._load("first")

    def _first_limit(self) -> int:
        """How many rows the list's first fetch asks for: what the terminal can show at most (its
        height), so that they are drawn at once; the rest of the page follows (``_load("rest")``).
        Once rows have come, a first page is a whole page."""
        height = self.app.size.height
        return min(self.page, max(height, 10)) if height and not self._had_rows else self.page

    def prefetch(self, still: Callable[[], bool]) -> None:
        """Ask for the first page now, in a thread of its own, while the screen is still being
        built: its first load takes it instead of asking again, if ``still()`` says it still
        answers it (the filters unchanged since). A refusal or an error is the first load's to meet.

        A whole page, not a screenful first: the read runs while the screen is composed and
        mounted, which takes longer, so the page is there when the table is; a screenful and then
        the rest cost a second round trip (a thread and a connection, 14-25 ms) before the list
        said it had loaded, and both parts were drawn in the same paint anyway."""
        app = self.app
        limit = self.page
        future: Future = Future()

        def job() -> None:
            try:
                future.set_result(app.db.run(app.actor, self.fetch, after=None, before=None,  # type: ignore[attr-defined]
                                             last=False, limit=limit, write=False))
            except BaseException as exc:  # noqa: BLE001 - met by the first load (it asks again)
                future.set_exception(exc)

        self._early = (future, still, limit)
        threading.Thread(target=job, name="first-rows", daemon=True).start()

    def _take_early(self, mode: str) -> tuple[Future, int] | None:
        """The rows read early and how many were asked for, if they answer this load."""
        early, self._early = self._early, None
        if early is None or mode != "first" or not early[1]():
            return None
        return early[0], early[2]

    def _load(self, mode: str, limit: int | None = None) -> None:
        if self.fetching and mode != "rest":
            return
        self.fetching = True
        app = self.app
        after = self.key_of(self.rows_data[-1]) if mode in ("after", "rest") and self.rows_data else None
        before = self.key_of(self.rows_data[0]) if mode == "before" and self.rows_data else None
        if limit is None:
            limit = self._first_limit() if mode == "first" else self.page
        early = self._take_early(mode)
        if early is not None and early[0].done() and early[0].exception() is None:
            # read while the screen was built: on screen with the table's first layout, without
            # a thread of its own to hand them over
            self.call_later(self._loaded, mode, early[0].result(), early[1])
            return

        def job() -> None:
            if early is not None:
                try:
                    app.call_from_thread(self._loaded, mode, early[0].result(), early[1])
                    return
                except Exception:  # noqa: BLE001 - asked again below, where a refusal is shown
                    pass
            try:
                rows = app.db.run(app.actor, self.fetch, after=after, before=before,  # type: ignore[attr-defined]
                                  last=mode == "last", limit=limit, write=False)
            except BoclerkError as exc:
                app.call_from_thread(app.notify, exc.message, severity="error", timeout=8)
                rows = None
            app.call_from_thread(self._loaded, mode, rows, limit)

        self.run_worker(job, thread=True, group="page", exit_on_error=False)

    def _loaded(self, mode: str, rows: list[Any] | None, limit: int | None = None) -> None:
        self.fetching = False
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._load(pending)
            return
        if rows is not None:
            self._had_rows = True
        if rows is None:
            if mode == "rest":  # the first rows are on screen; the rest may be fetched by moving down
                self.more_after = True
                self.post_message(self.Loaded(self))
            return
        full = len(rows) >= (limit or self.page)
        if mode == "first" and full and len(rows) < self.page:
            # the first rows, as many as the terminal shows, go on screen now; the rest of the page
            # is fetched after them and the list says it has loaded once the page is whole
            self.reading += 1
            self.rows_data = list(rows)
            self.more_before = False
            if not self.shown:
                self.shown = self._fit(self.size.width or 80)
            self._redraw(keep=0)
            self._load("rest", self.page - len(rows))
            return
        if mode == "rest":
            self.more_after = full
            self.rows_data.extend(rows)
            self._add_all(rows)
        elif mode in ("first", "last"):
            self.reading += 1
            self.rows_data = list(rows)
            self.more_after = full if mode == "first" else False
            self.more_before = False if mode == "first" else full
            if not self.shown:
                self.shown = self._fit(self.size.width or 80)
            self._redraw(keep=0 if mode == "first" else len(rows) - 1)
        elif mode == "after":
            self.more_after = full
            if not rows:
                return
            cursor = self.cursor_row
            self.rows_data.extend(rows)
            self._add_all(rows)
            dropped = max(len(self.rows_data) - self.window, 0)
            if dropped:
                self.rows_data = self.rows_data[dropped:]
                self.more_before = True
                self._redraw(keep=cursor - dropped)
        elif mode == "before":
            self.more_before = full
            if not rows:
                return
            cursor = self.cursor_row
            self.rows_data = list(rows) + self.rows_data
            if len(self.rows_data) > self.window:
                self.rows_data = self.rows_data[: self.window]
                self.more_after = True
            self._redraw(keep=cursor + len(rows))
        self.post_message(self.Loaded(self))

    # -- navigation ---------------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is not self or self.fetching:
            return
        if event.cursor_row != self.cursor_row:
            return  # a stale highlight from a redraw (the cursor passes row 0 on the way to where it was)
        if self.more_after and event.cursor_row >= len(self.rows_data) - 5:
            self._load("after")
        elif self.more_before and event.cursor_row <= 4:
            self._load("before")

    def action_first_page(self) -> None:
        self._load("first")

    def action_last_page(self) -> None:
        self._load("last")

    @property
    def current(self) -> Any | None:
        if not self.rows_data or self.cursor_row is None or self.cursor_row >= len(self.rows_data):
            return None
        return self.rows_data[self.cursor_row]


def keyset(query: Callable, uow, *, after=None, before=None, last=False, limit=100, **kwargs):
    """A page of a list that the service pages by id, newest first: after a row (PgDn), before
    one (PgUp), or the last page (G)."""
    if last:
        return query(uow, after_id=0, limit=limit, **kwargs)
    if before is not None:
        return query(uow, after_id=before, limit=limit, **kwargs)
    return query(uow, before_id=after, limit=limit, **kwargs)
