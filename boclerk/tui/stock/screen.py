"""Stock: products with on hand / reserved / available per warehouse, a product's moves,
and the acts of the stock book (found stock, write-off, adjustment, transfer, stocktake)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Select, Static

from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.paged import Column, PagedTable
from boclerk.tui.stock.acts import STOCK_ACTS, StockActs
from boclerk.tui.stock.product import (
    ProductCard,
    ProductScreen,
    product_card,
    render_card,
)

COLUMNS = [
    Column("sku", "SKU", 12, 1),
    Column("name", "Name", 22, 3),
    Column("warehouse", "Wh", 5, 1),
    Column("on_hand", "On hand", 7, 1, right=True),
    Column("reserved", "Reserved", 8, 2, right=True),
    Column("available", "Avail", 7, 1, right=True),
    Column("reorder", "Reorder", 7, 4, right=True),
    Column("flag", "Low", 3, 1),
]


class StockScreen(StockActs, AreaScreen):
    TITLE = "Stock"
    DETAIL = "stock-detail"
    AUTO_FOCUS = "#stock-list"
    HELP = ("Products with what is on hand, reserved for orders and available, per warehouse; LOW marks a "
            "product whose available stock over all warehouses is under its reorder point. Filter by warehouse "
            "(v, or Tab to the list's filters), show only products below reorder (b), or type in the search box "
            "(/) a SKU, part of a name, or a barcode. Enter opens a product's moves with the quantity on hand "
            "after each; on a wide terminal they show beside the list.\n\n"
            "Acts, for the highlighted product (the form lets you change product and warehouse): r receives "
            "stock found (quantity and unit cost; blank cost: the average), w writes off (quantity, reason), "
            "a adjusts by a signed quantity, t transfers between warehouses. n adds a product, e edits one.\n\n"
            "Stocktake (c): open a count of a warehouse (or a category), then scan or type SKUs and barcodes; "
            "each Enter counts one (or the quantity typed), the cursor stays for the next. Review the "
            "differences, then post them (ctrl+s) or cancel the count (f8). Esc leaves a count open; c and "
            "its number bring you back to it.")
    BINDINGS = [
        *act_bindings(*(f"stock.{act}" for act in STOCK_ACTS)),
        Binding("slash", "search", "Search", id="stock.search"),
        Binding("b", "below_reorder", "Low only", id="stock.below_reorder"),
        Binding("v", "warehouse_filter", "Warehouse", show=False, id="stock.warehouse"),
        Binding("enter", "open", "Open", show=False, id="stock.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters: dict[str, Any] = {}
        self.count_number: str | None = None
        self.pinned: str | None = None       # put the cursor on this SKU when the list arrives
        self.keep: tuple[str, str] | None = None  # ... or on this row
        self.shown_card: ProductCard | None = None

    def body(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Input(placeholder="/ SKU, name or barcode", id="search", classes="-filter")
            yield Select((("All warehouses", ""),), value="", allow_blank=False, id="warehouse", classes="-filter")
            yield Checkbox("Below reorder", id="below", classes="-filter")
        with Horizontal(classes="area-body"):
            with Vertical(classes="list-pane"):
                yield PagedTable(COLUMNS, self.fetch, self.cells, lambda r: (r.sku, r.warehouse), id="stock-list")
                yield Static("", classes="status-line", id="stock-status")
            with VerticalScroll(classes="detail-pane", id="stock-pane"):
                yield Static("", id="stock-detail")

    def on_mount(self) -> None:
        self.reload_list()
        self.query_one(PagedTable).focus()
        self.with_warehouses(self._fill_warehouses)

    def _fill_warehouses(self, options: list[tuple[str, str]]) -> None:
        select = self.query_one("#warehouse", Select)
        with self.prevent(Select.Changed):
            select.set_options([("All warehouses", "")] + [(code, code) for _, code in options])
            select.value = self.filters.get("warehouse") or ""

    # -- list -------------------------------------------------------------------------------------
    def reload_list(self) -> None:
        """Fetch the first page for the current filters (the table queues a reload asked for mid-fetch)."""
        self.query_one(PagedTable).reload()

    def fetch(self, uow, *, after=None, before=None, last=False, limit=100):
        from boclerk.services.stock.book import levels

        f = self.filters
        return levels(uow, warehouse=f.get("warehouse") or None, below_reorder=bool(f.get("below_reorder")),
                      sku=f.get("sku") or None, search=f.get("search") or None, after=after, before=before,
                      last=last, limit=limit)

    def cells(self, r) -> dict:
        return {"sku": r.sku, "name": r.name, "warehouse": r.warehouse, "on_hand": r.on_hand, "reserved": r.reserved,
                "available": r.available, "reorder": r.reorder_point or "",
                "flag": Text("LOW", style="bold red") if r.below_reorder else ""}

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        table = event.table
        if self.keep or self.pinned:
            for i, row in enumerate(table.rows_data):
                if (row.sku, row.warehouse) == self.keep or row.sku == self.pinned:
                    table.move_cursor(row=i)
                    break
            self.keep = None
        parts = [f"{len(table.rows_data)} shown"]
        if table.more_after:
            parts.append("more below")
        if table.more_before:
            parts.append("more above")
        if not table.rows_data:
            parts = ["Nothing in stock matches" if self.filters else "Nothing in stock yet"]
        described = ", ".join(("below reorder" if k == "below_reorder" else f"{k} {v}")
                              for k, v in self.filters.items() if v not in (None, "", False))
        self.query_one("#stock-status", Static).update("; ".join(parts) + (f" — {described}" if described else ""))
        self.refresh_bindings()
        pinned, self.pinned = self.pinned, None
        if pinned and self.is_wide and (table.current is None or table.current.sku != pinned):
            self.show_product(pinned, None)
        else:
            self.show_current()

    def on_data_table_row_highlighted(self, event) -> None:
        self.cursor_moved()

    def show_current(self) -> None:
        row = self.query_one(PagedTable).current
        if row is not None and self.is_wide:
            self.show_product(row.sku, row.warehouse)

    def show_product(self, sku: str, warehouse: str | None) -> None:
        def render(card: ProductCard):
            self.shown_card = card
            return render_card(card, self.money)

        self.show_detail(product_card, sku, warehouse, render=render)

    # -- filters ----------------------------------------------------------------------------------
    def apply_filters(self, **filters: Any) -> None:
        """Filter the list (the dashboard opens it with ``below_reorder=True``)."""
        self.filters = {k: v for k, v in filters.items() if v not in (None, "", False)}
        with self.prevent(Checkbox.Changed, Select.Changed, Input.Changed):
            self.query_one("#below", Checkbox).value = bool(self.filters.get("below_reorder"))
            select = self.query_one("#warehouse", Select)
            wh = self.filters.get("warehouse") or ""
            if not wh or wh in [code for _, code in self._warehouses or []]:
                select.value = wh  # otherwise the list of warehouses sets it when it arrives
            self.query_one("#search", Input).value = self.filters.get("search") or ""
        self.reload_list()

    # A widget may report its value late (when it mounts, say): only a real change reloads.
    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "warehouse" and (event.value or None) != self.filters.get("warehouse"):
            self.filters["warehouse"] = event.value or None
            self.reload_list()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "below" and (event.value or None) != self.filters.get("below_reorder"):
            self.filters["below_reorder"] = event.value or None
            self.reload_list()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search" and (event.value.strip() or None) != self.filters.get("search"):
            self.filters.pop("sku", None)
            self.filters["search"] = event.value.strip() or None
            self.reload_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one(PagedTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_below_reorder(self) -> None:
        box = self.query_one("#below", Checkbox)
        box.value = not box.value

    def action_warehouse_filter(self) -> None:
        self.query_one("#warehouse", Select).focus()

    def action_back(self) -> None:
        if self.query_one("#stock-pane").has_focus:
            self.query_one(PagedTable).focus()
            return
        super().action_back()

    # -- opening and acts ---------------------------------------------------------------------------
    def current_sku(self) -> str | None:
        row = self.query_one(PagedTable).current
        return row.sku if row else None

    def current_warehouse(self) -> str | None:
        row = self.query_one(PagedTable).current
        return row.warehouse if row else self.filters.get("warehouse")

    def after_act(self, sku: str | None) -> None:
        row = self.query_one(PagedTable).current
        if sku and row is not None and row.sku == sku:
            self.keep = (row.sku, row.warehouse)
        else:
            self.pinned = sku
        self.reload_list()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in STOCK_ACTS:
            return self.act_allowed(action)
        return True

    def action_open(self) -> None:
        row = self.query_one(PagedTable).current
        if row is None:
            return
        if self.is_wide:
            self.show_product(row.sku, row.warehouse)
            self.query_one("#stock-pane").focus()
        else:
            self.open_product(row.sku, row.warehouse)

    def on_data_table_row_selected(self, event) -> None:
        self.action_open()

    def open_product(self, sku: str, warehouse: str | None) -> None:
        def back(changed: bool | None) -> None:
            if changed:
                self.after_act(sku)

        self.app.push_screen(ProductScreen(sku, warehouse), back)

    def open_record(self, sku: str) -> None:
        """The palette opens a product: beside the list when wide, on its own screen when narrow."""
        if self.is_wide:
            self.pinned = sku
            self.apply_filters(**{**self.filters, "search": None, "sku": sku})
        else:
            self.open_product(sku, self.filters.get("warehouse"))
