"""Stock: products with on hand / reserved / available per warehouse, a product's moves,
and the acts of the stock book (found stock, write-off, adjustment, transfer, stocktake)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Checkbox, Select

from boclerk.domain.acts import ACTS
from boclerk.i18n import N_, _, ngettext
from boclerk.tui.base import act_bindings
from boclerk.tui.lists import Filter, ListScreen, View
from boclerk.tui.paged import Column
from boclerk.tui.stock.acts import STOCK_ACTS, StockActs
from boclerk.tui.stock.product import MOVES, ProductScreen, render_card

if TYPE_CHECKING:
    from boclerk.services.catalog.product_view import ProductCard

#: archive and restore: the key bar offers the one the highlighted product's state allows; the
#: other's key still runs on the row, and the rule book's check says why not
BY_STATE = ("archive_product", "restore_product")


def _by_state(act_id: str) -> list[Binding]:
    """The act's key as the rule book gives it, on the key bar when the row's state allows it, and
    the same key again, never shown, for when it does not (the second runs when the first is off)."""
    act = ACTS[act_id]
    return [Binding(act.key, act.action, act.label, id=act.id),
            Binding(act.key, f"{act.action}(True)", act.label, show=False, id=act.id)]


COLUMNS = [
    Column("sku", N_("SKU"), 12, 1),
    Column("name", N_("Name"), 22, 3),
    Column("warehouse", N_("Wh"), 5, 1),
    Column("on_hand", N_("On hand"), 7, 1, right=True),
    Column("reserved", N_("Reserved"), 8, 2, right=True),
    Column("available", N_("Avail"), 7, 1, right=True),
    Column("reorder", N_("Reorder"), 7, 4, right=True),
    Column("flag", N_("Low"), 3, 1),
]
#: what the list takes when wide with every column: each with its cell padding, and the scroll bar
LIST_WIDTH = sum(c.width + 2 for c in COLUMNS) + 2
#: the product's pane beside the list at the narrowest (the panes' shared width)
PANE_WIDTH = 60


class StockScreen(StockActs, ListScreen):
    TITLE = N_("Stock")
    AREA = "stock"
    AUTO_FOCUS = "#stock-list"
    HELP = N_("Products with what is on hand, reserved for orders and available, per warehouse; LOW marks a "
            "product whose available stock over all warehouses is under its reorder point. Filter by warehouse "
            "(v, or Tab to the list's filters), show only products below reorder (b), or type in the search box "
            "(/) a SKU, part of a name, or a barcode. Enter opens a product's moves with the quantity on hand "
            "after each; on a wide terminal they show beside the list.\n\n"
            "Acts, for the highlighted product (the form lets you change product and warehouse): r receives "
            "stock found (quantity and unit cost; blank cost: the average), w writes off (quantity, reason), "
            "a adjusts by a signed quantity, t transfers between warehouses. n adds a product, e edits one, x "
            "archives it (it leaves the catalogue and takes no new orders; its stock and history stay), u "
            "restores an archived one.\n\n"
            "Stocktake (c): open a count of a warehouse (or a category), then scan or type SKUs and barcodes; "
            "each Enter counts one (or the quantity typed), the cursor stays for the next. Review the "
            "differences, then post them (ctrl+s) or cancel the count (f8). Esc leaves a count open; c and "
            "its number bring you back to it.")
    BINDINGS = [
        *act_bindings(*(f"stock.{act}" for act in STOCK_ACTS if act not in BY_STATE)),
        *(binding for act in BY_STATE for binding in _by_state(f"stock.{act}")),
        Binding("slash", "search", N_("Search"), id="stock.search"),
        Binding("b", "below_reorder", N_("Low only"), id="stock.below_reorder"),
        Binding("v", "warehouse_filter", N_("Warehouse"), show=False, id="stock.warehouse"),
        Binding("enter", "open", N_("Open"), show=False, id="stock.open"),
    ]

    VIEWS = (View("stock", N_("Stock"), COLUMNS, "fetch", "cells", key=lambda r: (r.sku, r.warehouse),
                  count="count"),)
    FILTERS = (Filter("warehouse", "warehouse", ((N_("All warehouses"), ""),)),
               Filter("below_reorder", "below", label=N_("Below reorder")))
    SEARCH = N_("/ SKU, name or barcode")

    def __init__(self) -> None:
        super().__init__()
        self.count_number: str | None = None
        self.pinned: str | None = None       # put the cursor on this SKU when the list arrives
        self.keep: tuple[str, str] | None = None  # ... or on this row
        self.shown_card: ProductCard | None = None

    def default_filters(self) -> dict[str, Any]:
        return super().default_filters() | {"sku": None}

    def on_mount(self) -> None:
        # ListScreen.on_mount has run already: Textual calls each class's own handler in turn
        self.with_warehouses(self._fill_warehouses)

    def on_resize(self, event) -> None:
        """Wide: the product's pane takes what the list leaves with every column shown (at 160 columns
        room for the moves' value), never under the panes' shared width."""
        self.query_one("#stock-pane").styles.width = max(PANE_WIDTH, event.size.width - LIST_WIDTH)

    def _fill_warehouses(self, options: list[tuple[str, str]]) -> None:
        select = self.query_one("#warehouse", Select)
        with self.prevent(Select.Changed):
            select.set_options([(_("All warehouses"), "")] + [(code, code) for _name, code in options])
            select.value = self.filters.get("warehouse") or ""

    # -- list -------------------------------------------------------------------------------------
    def fetch(self, uow, *, after=None, before=None, last=False, limit=100):
        from boclerk.services.stock.queries import levels

        f = self.filters
        return levels(uow, warehouse=f.get("warehouse") or None, below_reorder=bool(f.get("below_reorder")),
                      sku=f.get("sku") or None, search=f.get("search") or None, after=after, before=before,
                      last=last, limit=limit)

    def count(self, uow):
        from boclerk.services.stock.queries import count_levels

        f = self.filters
        return count_levels(uow, warehouse=f.get("warehouse") or None, below_reorder=bool(f.get("below_reorder")),
                            sku=f.get("sku") or None, search=f.get("search") or None)

    def count_words(self, n: int, more: bool) -> str:
        """Rows of products by warehouse: a product stocked in two warehouses is two lines."""
        shown = self.quantity(n)
        if more:
            return ngettext("more than {n} stock line", "more than {n} stock lines", n).format(n=shown)
        return ngettext("{n} stock line", "{n} stock lines", n).format(n=shown)

    def cells(self, r) -> dict:
        name = r.name if r.active else Text(r.name + _(" (archived)"), style="dim")
        return {"sku": r.sku, "name": name, "warehouse": r.warehouse, "on_hand": r.on_hand, "reserved": r.reserved,
                "available": r.available, "reorder": r.reorder_point or "",
                "flag": Text(_("LOW"), style="bold red") if r.below_reorder else ""}

    def loaded(self, table) -> None:
        if self.keep or self.pinned:
            for i, row in enumerate(table.rows_data):
                if (row.sku, row.warehouse) == self.keep or row.sku == self.pinned:
                    table.move_cursor(row=i)
                    break
            self.keep = None

    def status_line(self, table) -> str:
        if table.rows_data:
            return super().status_line(table)
        described = ", ".join(self.described_filters())
        return (_("Nothing in stock matches") if described else _("Nothing in stock yet")) + (
            f" — {described}" if described else "")

    def described_filters(self) -> list[str]:
        sku = self.filters.get("sku")
        return super().described_filters() + ([_("sku {sku}").format(sku=sku)] if sku else [])

    def show_current(self) -> None:
        pinned, self.pinned = self.pinned, None
        row = self.current
        if pinned and self.is_wide and (row is None or row.sku != pinned):
            self.show_product(pinned, None)
        elif row is not None and self.is_wide:
            self.show_product(row.sku, row.warehouse)

    def show_product(self, sku: str, warehouse: str | None) -> None:
        def render(card: ProductCard):
            self.shown_card = card
            return render_card(card, self.money, self.day)

        from boclerk.services.catalog.product_view import product_card

        self.show_detail(product_card, sku, warehouse, MOVES, render=render)

    # -- filters ----------------------------------------------------------------------------------
    def searched(self) -> None:
        self.filters["sku"] = None  # a product picked from the palette gives way to what is typed

    def action_below_reorder(self) -> None:
        box = self.query_one("#below", Checkbox)
        box.value = not box.value

    def action_warehouse_filter(self) -> None:
        self.query_one("#warehouse", Select).focus()

    def action_back(self) -> None:
        if self.query_one("#stock-pane").has_focus:
            self.table().focus()
            return
        super().action_back()

    # -- opening and acts ---------------------------------------------------------------------------
    def current_sku(self) -> str | None:
        row = self.current
        return row.sku if row else None

    def current_warehouse(self) -> str | None:
        row = self.current
        return row.warehouse if row else self.filters.get("warehouse")

    def after_act(self, sku: str | None = None) -> None:
        row = self.current
        if sku and row is not None and row.sku == sku:
            self.keep = (row.sku, row.warehouse)
        else:
            self.pinned = sku
        self.reload()

    def offered(self, action: str) -> bool | None:
        if action in BY_STATE:
            row = self.current
            state = None if row is None else "active" if row.active else "archived"
            return self.offer(f"stock.{action}", state, record=row is not None)
        if action in STOCK_ACTS:
            return self.act_allowed(action)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in BY_STATE:  # shown when the row's state allows it; else its unshown twin runs
            offered = self.offered(action)
            return offered is not False if parameters else offered is True
        return super().check_action(action, parameters)

    def action_archive_product(self, unshown: bool = False) -> None:
        super().action_archive_product()

    def action_restore_product(self, unshown: bool = False) -> None:
        super().action_restore_product()

    def action_open(self) -> None:
        row = self.current
        if row is None:
            return
        if self.is_wide:
            self.show_product(row.sku, row.warehouse)
            self.query_one("#stock-pane").focus()
        else:
            self.open_product(row.sku, row.warehouse)

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
