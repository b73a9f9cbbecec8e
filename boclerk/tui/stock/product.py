"""A product in detail: its facts, stock per warehouse, and its latest moves with the
quantity on hand after each; on its own screen when the terminal is narrow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.stock.acts import STOCK_ACTS, StockActs

KINDS = {
    "receipt": "receipt", "shipment": "shipped", "transfer_out": "transfer out", "transfer_in": "transfer in",
    "adjustment": "adjustment", "write_off": "write-off", "count_gain": "count +", "count_loss": "count -",
    "customer_return": "cust. return", "supplier_return": "supp. return",
}


@dataclass(frozen=True)
class ProductCard:
    product: Any
    levels: list
    moves: list
    warehouse: str | None


def product_card(uow, sku: str, warehouse: str | None = None, *, limit: int = 200) -> ProductCard:
    """A product, its stock per warehouse and its latest moves (in one warehouse, or all)."""
    from boclerk.services.catalog.products import get_product
    from boclerk.services.stock.queries import levels, product_moves

    p = get_product(uow, sku)
    return ProductCard(p, levels(uow, sku=p.sku), product_moves(uow, p.sku, warehouse=warehouse, limit=limit),
                       warehouse)


def render_card(card: ProductCard, money) -> Table:
    """A product in full, as one rich renderable: facts, levels, moves with running quantity."""
    p = card.product
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(f"{p.sku}  {p.name}", style="bold"))
    facts = [p.category or "no category", p.unit, f"price {money(p.sale_price)}", f"cost {money(p.standard_cost)}"]
    grid.add_row(Text("  ".join(facts), style="dim"))
    reorder = f"reorder at {p.reorder_point} (order {p.reorder_qty})" if p.reorder_point else "no reorder point"
    extra = [reorder]
    if p.barcodes:
        extra.append("barcode " + ", ".join(p.barcodes[:3]))
    if p.preferred_supplier:
        extra.append(f"supplier {p.preferred_supplier}")
    if not p.active:
        extra.append("ARCHIVED")
    grid.add_row(Text("  ".join(extra), style="dim"))
    lv = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for col, justify in (("Wh", "left"), ("On hand", "right"), ("Reserved", "right"), ("Available", "right")):
        lv.add_column(col, justify=justify, no_wrap=True)
    total = [0, 0, 0]
    for r in card.levels:
        lv.add_row(r.warehouse, str(r.on_hand), str(r.reserved), str(r.available))
        total = [total[0] + r.on_hand, total[1] + r.reserved, total[2] + r.available]
    if len(card.levels) > 1:
        lv.add_row(Text("all", style="bold"), *(Text(str(t), style="bold") for t in total))
    if card.levels:
        grid.add_row(lv)
    else:
        grid.add_row(Text("Not in stock anywhere yet.", style="dim"))
        lv = None
    where = f"in {card.warehouse}" if card.warehouse else "in all warehouses"
    grid.add_row(Text(f"Moves {where}, newest first ({len(card.moves)} shown)", style="bold"))
    moves = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    cols = [("Date", "left"), ("Wh", "left"), ("Kind", "left"), ("Qty", "right"), ("After", "right"),
            ("Value", "right"), ("Source", "left")]
    if card.warehouse:
        cols = [c for c in cols if c[0] != "Wh"]  # one warehouse: said in the heading
    for col, justify in cols:
        moves.add_column(col, justify=justify, no_wrap=True, overflow="ellipsis")
    for m in card.moves:
        source = m.source if not m.reason or m.source in m.reason else " ".join(x for x in (m.source, m.reason) if x)
        cells = {"Date": m.move_date.strftime("%d.%m.%y"), "Wh": m.warehouse, "Kind": KINDS.get(m.kind, m.kind),
                 "Qty": f"{m.qty:+}", "After": str(m.running_qty), "Value": money(m.value), "Source": source}
        moves.add_row(*(Text(cells[c], style="red" if c == "Qty" and m.qty < 0 else "") for c, _ in cols))
    if card.moves:
        grid.add_row(moves)
    else:
        grid.add_row(Text("No moves yet.", style="dim"))
    return grid


class ProductScreen(StockActs, AreaScreen):
    """One product on its own screen (narrow terminals): levels and moves with running quantity."""

    TITLE = "Product"
    HELP = ("One product: its facts, stock per warehouse, and its latest moves, newest first, each with the "
            "quantity on hand after it. v switches between the moves of the chosen warehouse and of all "
            "warehouses. The acts of the stock screen work here on this product. Esc goes back.")
    BINDINGS = [
        *act_bindings("stock.found", "stock.write_off", "stock.adjust", "stock.transfer", "stock.edit_product"),
        Binding("v", "all_warehouses", "All wh", id="stock.all_warehouses"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, sku: str, warehouse: str | None = None) -> None:
        super().__init__()
        self.sku, self.warehouse, self.chosen = sku, warehouse, warehouse
        self.changed = False
        self.shown_card: ProductCard | None = None

    DEFAULT_CSS = """
    ProductScreen #product-scroll {
        padding: 0 1;
    }
    """

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="area-body", id="product-scroll"):
            yield Static("Loading…", id="product-detail")

    def on_mount(self) -> None:
        self.refresh_detail()
        self.query_one("#product-scroll").focus()

    def refresh_detail(self) -> None:
        self.read(product_card, self.sku, self.warehouse, then=self.show)

    def show(self, card: ProductCard) -> None:
        self.sku, self.shown_card = card.product.sku, card
        self.query_one("#product-detail", Static).update(render_card(card, self.money))

    def action_all_warehouses(self) -> None:
        self.warehouse = None if self.warehouse else (self.chosen or self.current_warehouse())
        self.refresh_detail()

    def current_sku(self) -> str | None:
        return self.sku

    def current_warehouse(self) -> str | None:
        return self.warehouse or self.chosen

    def after_act(self, sku: str | None) -> None:
        self.changed = True
        self.refresh_detail()

    def action_back(self) -> None:
        self.dismiss(self.changed)  # the list reloads when something changed here

    def offered(self, action: str) -> bool | None:
        if action in STOCK_ACTS:
            return self.act_allowed(action)
        if action == "all_warehouses":
            return True if self.chosen else None
        return True
