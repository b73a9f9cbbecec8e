"""The list screens' one base: views and filters declared as data, paged lists, a status line
and the wide layout's detail pane.

An area's list screen says what it lists (``VIEWS``: columns, the method that fetches a page,
the method that turns a row into cells) and how it can be narrowed (``FILTERS`` and a search
box); this base lays them out, keeps ``self.filters``, reloads the list when a filter changes,
switches views with ``v``, says on the status line what is shown and under which filters, and
keeps the cursor where it was after an act.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Select, Static

from boclerk.i18n import N_, _
from boclerk.tui.base import AreaScreen
from boclerk.tui.list_parts import Filter, View  # noqa: F401 - the list screens import them from here
from boclerk.tui.paged import PagedTable, keyset  # noqa: F401 - keyset: the list screens import it from here
from boclerk.tui.typed_input import TypedInput
from boclerk.tui.widgets_choice import ChoiceSelect


#: how a filter without a widget of its own is named on its chip
HIDDEN_WORDS = {"start": N_("from"), "end": N_("to"), "backorder": N_("backorders"), "customer": N_("customer"),
                "supplier": N_("supplier"), "account": N_("account"), "product": N_("product"), "sku": N_("sku")}


class ListScreen(AreaScreen):
    BINDINGS = [Binding("ctrl+l", "clear_filters", N_("Clear filters"), show=False, id="list.clear_filters")]
    VIEWS: tuple[View, ...] = ()
    FILTERS: tuple[Filter, ...] = ()
    SEARCH = ""  # the search box's placeholder; empty: no search box
    SEARCH_VIEWS: tuple[str, ...] = ()  # the views the search narrows; empty: all
    AREA = ""  # the status line is #<AREA>-status, the detail pane #<AREA>-detail
    VIEW_WIDTH: int | None = None  # the view chooser's width, where the shared filter width is too wide

    def __init__(self) -> None:
        super().__init__()
        self.view = self.VIEWS[0].name
        self.filters: dict[str, Any] = self.default_filters()
        self._keep: dict[str, int] = {}
        self._counts: dict[str, Any] = {}  # view -> its Count (or None) under the filters now
        self._count_seq = 0

    _count_waits: bool | str | None = None  # True from mount to the first load, then the view whose count waits
    #: when the app built the screen ahead (``BoclerkApp.build_ahead``), until it is first shown
    built_ahead: float | None = None

    def on_screen_resume(self) -> None:
        """First shown after being built ahead: rows older than the app's ``FRESH_FOR`` are read
        again (those on screen stay until the new ones come; the cursor stays where it was)."""
        if self.built_ahead is None or self.app.screen is not self:
            return  # not built ahead, or the resume Textual sends as it builds the screen
        from time import monotonic

        built, self.built_ahead = self.built_ahead, None
        if monotonic() - built > getattr(self.app, "FRESH_FOR", 0.0):
            self._keep[self.view] = self.table().cursor_row
            self.reload()

    @property
    def DETAIL(self) -> str:  # noqa: N802 - the base's name for the pane's id
        return f"{self.AREA}-detail"

    def default_filters(self) -> dict[str, Any]:
        return {f.name: f.default for f in self.FILTERS} | ({"search": None} if self.SEARCH else {})

    # -- layout ------------------------------------------------------------------------------------
    def body(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            if self.SEARCH:
                yield TypedInput(placeholder=_(self.SEARCH), id="search", classes="-filter")
            if len(self.VIEWS) > 1:
                yield ChoiceSelect([(_(v.label), v.name) for v in self.VIEWS], value=self.view, allow_blank=False, id="view", classes="-filter")
            for f in self.FILTERS:
                if f.options:
                    yield ChoiceSelect([(_(label), value) for label, value in f.options], value=f.default, allow_blank=False, id=f.id, classes="-filter")
                else:
                    from textual.widgets import Checkbox  # only the lists with a tick load it
                    yield Checkbox(_(f.label), id=f.id, classes="-filter")
        yield Static("", id="filter-chips", classes="chips")
        with Horizontal(classes="area-body"):
            with Vertical(classes="list-pane"):
                for v in self.VIEWS:
                    table = PagedTable(v.columns, getattr(self, v.fetch), getattr(self, v.cells), v.key, page=v.page,
                                       window_pages=v.window_pages, id=f"{v.name}-list")
                    if v.name == self.view:
                        # the list's first rows are read while the screen is built, not after it
                        asked = dict(self.filters)
                        table.prefetch(lambda asked=asked, view=v.name: self.filters == asked and self.view == view)
                    yield table
                yield Static("", classes="status-line", id=f"{self.AREA}-status")
            with VerticalScroll(classes="detail-pane", id=f"{self.AREA}-pane"):
                yield Static("", id=self.DETAIL)

    def on_mount(self) -> None:
        if self.VIEW_WIDTH and len(self.VIEWS) > 1:
            self.query_one("#view").styles.width = self.VIEW_WIDTH
        for f in self.FILTERS:
            if f.width:
                self.query_one(f"#{f.id}").styles.width = f.width
        self._show_chips()
        self._count_waits = True  # the first count waits until the first rows are drawn
        self.show_view(self.view, focus=True)

    # -- lists --------------------------------------------------------------------------------------
    def table(self, view: str | None = None) -> PagedTable:
        return self.query_one(f"#{view or self.view}-list", PagedTable)

    def list_widget(self) -> PagedTable:
        return self.table()

    @property
    def current(self):
        """The highlighted row of the list on screen, or None (also while the screen is built or
        taken down: the key bar asks as it mounts)."""
        from textual.css.query import NoMatches

        try:
            return self.table().current
        except NoMatches:
            return None

    def reload(self, view: str | None = None) -> None:
        """Fetch the first page again (the table queues a reload asked for mid-fetch), and count
        the rows again where the view counts them."""
        self.table(view).reload()
        if self._count_waits is True:  # the screen's first load: counted once its rows are drawn (Loaded)
            self._count_waits = view or self.view
        else:
            self._recount(view or self.view)

    def _recount(self, view: str) -> None:
        self._count_waits = None
        spec = next((v for v in self.VIEWS if v.name == view), None)
        if spec is None or not spec.count:
            return
        self._counts.pop(view, None)
        self._count_seq += 1
        seq = self._count_seq

        def counted(count: Any) -> None:
            if seq != self._count_seq or not self.is_attached:
                return  # the filters changed meanwhile (a newer count is on its way), or the screen went
            self._counts[view] = count
            if view == self.view:
                self.query_one(f"#{self.AREA}-status", Static).update(self.status_line(self.table(view)), layout=False)

        self.read(getattr(self, spec.count), then=counted)

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        view = event.table.id.removesuffix("-list")
        keep = self._keep.pop(view, None)
        if keep is not None and event.table.rows_data:
            event.table.move_cursor(row=min(keep, len(event.table.rows_data) - 1))
        if view != self.view:
            return
        if self._count_waits == view:  # after the frame: the count's thread would share the interpreter with it
            self._count_waits = None
            self.call_after_refresh(self._recount, view)
        if self.focused is None:  # a table cannot take the focus while it loads (Widget.loading)
            event.table.focus()
        self.loaded(event.table)
        # one line of fixed height (.status-line): new words need a repaint, not a layout of the screen
        self.query_one(f"#{self.AREA}-status", Static).update(self.status_line(event.table), layout=False)
        self.refresh_bindings()
        self.show_current()

    def loaded(self, table: PagedTable) -> None:
        """A page of the list on screen has arrived (screens that place the cursor say where)."""

    def status_line(self, table: PagedTable) -> str:
        if not table.rows_data and not table.more_after and not table.more_before and (nothing := self.nothing_found()):
            return nothing
        parts = [_("{n} shown").format(n=len(table.rows_data))]
        count = self._counts.get(self.view)
        if count is not None:
            parts.insert(0, self.count_words(count.n, count.more))
        if table.more_after:
            parts.append(_("more below"))
        if table.more_before:
            parts.append(_("more above"))
        parts += self.status_notes(table)
        described = ", ".join(self.described_filters())
        return "; ".join(parts) + (f" — {described}" if described else "")

    def nothing_found(self) -> str:
        """The status line of a list a search left empty, with the search and the other filters
        (a search is not counted: "0 shown" alone said neither). Empty when not searched."""
        search = self.filters.get("search") if self._searches(self.view) else None
        if not search:
            return ""
        others = [words for words in self.described_filters() if words != f"'{search}'"]
        if others:
            return _("Nothing matches the search '{search}' under the filters: {filters}").format(
                search=search, filters=", ".join(others))
        return _("Nothing matches the search '{search}'").format(search=search)

    def count_words(self, n: int, more: bool) -> str:
        """How many rows the list holds, in words ("1 234 orders"; screens that count say how)."""
        return str(n)

    def status_notes(self, table: PagedTable) -> list[str]:
        """More to say on the status line about the rows shown."""
        return []

    def described_filters(self) -> list[str]:
        out = []
        for f in self.FILTERS:
            value = self.filters.get(f.name)
            if value not in (None, "", False) and value != f.default and self._narrows(f, self.view):
                out.append(f.words(value))
        if self.filters.get("search") and self._searches(self.view):
            out.append(f"'{self.filters['search']}'")
        return out + self.hidden_filters()

    def hidden_filters(self) -> list[str]:
        """Filters with no widget of their own (a customer picked in the palette, a figure of
        the dashboard), in words: they show as chips beside the filters, and ctrl+l clears them."""
        from boclerk.dates import format_day

        declared = {f.name for f in self.FILTERS} | {"search"}
        out = []
        for name, value in self.filters.items():
            if name in declared or value in (None, "", False):
                continue
            word = _(HIDDEN_WORDS[name]) if name in HIDDEN_WORDS else name
            if value is True:
                out.append(word)
            else:
                out.append(f"{word} {format_day(value, self.app.locale) if isinstance(value, date) else value}")
        return out

    def action_clear_filters(self) -> None:
        """ctrl+l: every filter back to its default, the search box emptied."""
        self.apply_filters(view=self.view)

    def on_data_table_row_highlighted(self, event) -> None:
        if event.data_table is self.table():
            self.cursor_moved()

    def on_data_table_row_selected(self, event) -> None:
        if event.data_table is self.table():
            self.action_open()

    def action_open(self) -> None:
        """Enter on a row (screens say what opens)."""

    def after_act(self, *_args: Any) -> None:
        """An act changed records: load the list again with the cursor where it was."""
        self._keep[self.view] = self.table().cursor_row
        self.reload()

    def action_refresh(self) -> None:
        self.after_act()

    # -- views and filters -----------------------------------------------------------------------
    def _narrows(self, f: Filter, view: str) -> bool:
        return not f.views or view in f.views

    def _searches(self, view: str) -> bool:
        return bool(self.SEARCH) and (not self.SEARCH_VIEWS or view in self.SEARCH_VIEWS)

    def show_view(self, view: str, *, focus: bool = False) -> None:
        self.view = view
        table = self.table(view)
        table.display = True
        if focus or not isinstance(self.focused, Input):
            table.focus()  # before the others hide, or the focus is lost with them
        for v in self.VIEWS:
            if v.name != view:
                self.table(v.name).display = False
        for f in self.FILTERS:
            self.query_one(f"#{f.id}").display = self._narrows(f, view)
        if self.SEARCH:
            self.query_one("#search").display = self._searches(view)
        if len(self.VIEWS) > 1:
            with self.prevent(Select.Changed):
                self.query_one("#view", Select).value = view
        self.show_detail_text("")
        self.reload(view)
        self.refresh_bindings()

    def action_next_view(self) -> None:
        names = [v.name for v in self.VIEWS]
        self.show_view(names[(names.index(self.view) + 1) % len(names)], focus=True)

    def apply_filters(self, **filters: Any) -> None:
        """Open the list narrowed as asked (the dashboard's figures and the palette do this): the
        filters not named go back to their defaults; ``view`` picks the list."""
        view = filters.pop("view", None) or self.view
        self.filters = self.default_filters() | {k: v for k, v in filters.items() if v is not None}
        self._show_filters()
        self.show_view(view, focus=True)

    def _show_chips(self) -> None:
        hidden = self.hidden_filters()
        chips = self.query_one("#filter-chips", Static)
        chips.update(Text("  ".join(f"[{chip} ×]" for chip in hidden) + ("  " + _("^l clears") if hidden else "")))
        chips.display = bool(hidden)

    def _show_filters(self) -> None:
        from textual.widgets import Checkbox
        self._show_chips()
        with self.prevent(Select.Changed, Checkbox.Changed, Input.Changed):
            for f in self.FILTERS:
                value = self.filters.get(f.name, f.default)
                if f.options:
                    known = {option for _, option in f.options}
                    self.query_one(f"#{f.id}", Select).value = value if value in known else f.default
                else:
                    self.query_one(f"#{f.id}", Checkbox).value = bool(value)
            if self.SEARCH:
                self.query_one("#search", Input).value = self.filters.get("search") or ""

    def _filter_changed(self, widget_id: str, value: Any) -> None:
        f = next((f for f in self.FILTERS if f.id == widget_id), None)
        if f is None or value == self.filters.get(f.name):  # a widget may report its value late: no change
            return
        self.filters[f.name] = value
        for v in self.VIEWS:
            if self._narrows(f, v.name) and (v.name == self.view or f.views):
                self.reload(v.name)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "view":
            if event.value != self.view:  # the select's own first value, as it mounts, changes nothing
                self.show_view(event.value)
        else:
            self._filter_changed(event.select.id, event.value)

    def on_checkbox_changed(self, event: Any) -> None:  # a Checkbox.Changed
        self._filter_changed(event.checkbox.id, event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search" and (event.value.strip() or None) != self.filters.get("search"):
            self.filters["search"] = event.value.strip() or None
            self.searched()
            self.reload()

    def searched(self) -> None:
        """The search text changed (screens that drop another filter with it say which)."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table().focus()

    def action_search(self) -> None:
        if not self._searches(self.view):
            self.show_view(next(v.name for v in self.VIEWS if self._searches(v.name)))
        # focused now, not after the keys queued: letters typed with `/` reach it (BoclerkApp.on_key)
        self.set_focus(self.query_one("#search", Input))

