"""A product in detail: its facts, stock per warehouse, and its latest moves with the
quantity on hand after each; on its own screen when the terminal is narrow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from boclerk.domain.stock_words import KINDS, kind_word  # noqa: F401 - the one table, read by both faces
from boclerk.i18n import N_, _
from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.flow import GAP, ByWidth
from boclerk.tui.stock.acts import STOCK_ACTS, StockActs

if TYPE_CHECKING:
    from boclerk.services.catalog.product_view import ProductCard

MOVES = 200  # moves the card shows, newest first

#: the moves' columns and how each is justified
MOVE_COLUMNS = ((N_("Date"), "left"), (N_("Wh"), "left"), (N_("Kind"), "left"), (N_("Qty"), "right"),
                (N_("After"), "right"), (N_("Value"), "right"), (N_("Source"), "left"))
#: the columns left out, first to last, where the width would not show the others whole
LEFT_OUT = ((), (N_("Value"),), (N_("Value"), N_("After")))


def moves_table(card: ProductCard, money, day, width: int) -> Table:
    """A product's moves as a table ``width`` wide at most, as the other panes fit theirs
    (boclerk/tui/flow.py): every column as wide as its widest cell, the source (a document's
    number, a reason in words) wrapped at its spaces; where even its longest word would not fit,
    the value is left out, then the quantity after each move, rather than cutting any of them."""
    cols = [c for c in MOVE_COLUMNS if not (card.warehouse and c[0] == "Wh")]  # one warehouse: said in the heading
    rows = []
    for m in card.moves:
        # the document's number, and the reason unless it names the number already (a stocktake's)
        source = m.source if m.source and m.source in m.reason else " ".join(x for x in (m.source, m.reason) if x)
        rows.append(({"Date": day(m.move_date), "Wh": m.warehouse, "Kind": kind_word(m.kind), "Qty": f"{m.qty:+}",
                      "After": str(m.running_qty), "Value": money(m.value), "Source": source}, m.qty < 0))
    wide = {c: max([cell_len(_(c)), *(cell_len(r[c]) for r, _neg in rows)]) for c, _j in cols}
    wide["Source"] = max([cell_len(_("Source")), *(cell_len(w) for r, _neg in rows for w in r["Source"].split())])
    for left_out in LEFT_OUT:
        kept = [c for c in cols if c[0] not in left_out]
        if sum(wide[c] for c, _j in kept) + len(GAP) * (len(kept) - 1) <= width:
            break
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for col, justify in kept:
        source = col == "Source"  # the one column that wraps: at its spaces, never cut
        table.add_column(_(col), justify=justify, no_wrap=not source, overflow="fold" if source else "ellipsis")
    for cells, negative in rows:
        table.add_row(*(Text(cells[c], style="red" if c == "Qty" and negative else "") for c, _j in kept))
    return table


def unit_word(code: str) -> str:
    """A standard unit as the interface's language writes it ("шт", "кг"; "pcs", "kg"), another by its code."""
    from boclerk.domain.units import unit_symbol
    from boclerk.i18n import language

    return unit_symbol(code, language())


def vat_word(p) -> str:
    """A product's VAT as the card says it: the rate in force and its category in words ("VAT 22%
    (standard rate)", "НДС 22% (основная ставка)"); "exempt" when no VAT is charged on it."""
    from boclerk.domain.tax_words import category_word

    if p.vat_rate is None:
        return category_word("exempt")
    return _("VAT {rate}% ({category})").format(rate=p.vat_rate, category=category_word(p.vat_category))


def render_card(card: ProductCard, money, day) -> Table:
    """A product in full, as one rich renderable: facts, levels, moves with running quantity (``day``
    writes a day as the shop's locale does: :meth:`boclerk.tui.base.AreaScreen.day`)."""
    p = card.product
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(f"{p.sku}  {p.name}", style="bold"))
    facts = [p.category or _("no category"), unit_word(p.unit), _("price {amount}").format(amount=money(p.sale_price)),
             _("cost {amount}").format(amount=money(p.standard_cost))]
    grid.add_row(Text("  ".join(facts), style="dim"))
    grid.add_row(Text(vat_word(p), style="dim"))  # a line of its own: read whole, never cut at a space
    reorder = _("reorder at {point} (order {qty})").format(point=p.reorder_point, qty=p.reorder_qty) \
        if p.reorder_point else _("no reorder point")
    extra = [reorder]
    if p.barcodes:
        extra.append(_("barcode {codes}").format(codes=", ".join(p.barcodes[:3])))
    if p.preferred_supplier:
        extra.append(_("supplier {code}").format(code=p.preferred_supplier))
    if not p.active:
        extra.append(_("ARCHIVED"))
    grid.add_row(Text("  ".join(extra), style="dim"))
    lv = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for col, justify in ((N_("Wh"), "left"), (N_("On hand"), "right"), (N_("Reserved"), "right"),
                         (N_("Available"), "right")):
        lv.add_column(_(col), justify=justify, no_wrap=True)
    total = [0, 0, 0]
    for r in card.levels:
        lv.add_row(r.warehouse, str(r.on_hand), str(r.reserved), str(r.available))
        total = [total[0] + r.on_hand, total[1] + r.reserved, total[2] + r.available]
    if len(card.levels) > 1:
        lv.add_row(Text(_("all"), style="bold"), *(Text(str(t), style="bold") for t in total))
    if card.levels:
        grid.add_row(lv)
    else:
        grid.add_row(Text(_("Not in stock anywhere yet."), style="dim"))
        lv = None
    heading = _("Moves in {warehouse}, newest first ({n} shown)") if card.warehouse else \
        _("Moves in all warehouses, newest first ({n} shown)")
    grid.add_row(Text(heading.format(warehouse=card.warehouse, n=len(card.moves)), style="bold"))
    moves = ByWidth(lambda width: moves_table(card, money, day, width))
    if card.moves:
        grid.add_row(moves)
    else:
        grid.add_row(Text(_("No moves yet."), style="dim"))
    return grid


class ProductScreen(StockActs, AreaScreen):
    """One product on its own screen (narrow terminals): levels and moves with running quantity."""

    TITLE = N_("Product")
    HELP = N_("One product: its facts, stock per warehouse, and its latest moves, newest first, each with the "
            "quantity on hand after it. v switches between the moves of the chosen warehouse and of all "
            "warehouses. The acts of the stock screen work here on this product: x archives it (it leaves the "
            "catalogue and takes no new orders; its stock and history stay), u restores it. Esc goes back.")
    BINDINGS = [
        *act_bindings("stock.found", "stock.write_off", "stock.adjust", "stock.transfer", "stock.edit_product"),
        # on the product's own screen its state is known: the one of archive or restore it allows is shown
        Binding("x", "archive_product", N_("Archive"), id="stock.archive_product"),
        Binding("u", "restore_product", N_("Restore"), id="stock.restore_product"),
        Binding("v", "all_warehouses", N_("All wh"), id="stock.all_warehouses"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
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
            yield Static(_("Loading…"), id="product-detail")

    def on_mount(self) -> None:
        self.refresh_detail()
        self.query_one("#product-scroll").focus()

    def refresh_detail(self) -> None:
        from boclerk.services.catalog.product_view import product_card

        self.read(product_card, self.sku, self.warehouse, MOVES, then=self.show)

    def show(self, card: ProductCard) -> None:
        self.sku, self.shown_card = card.product.sku, card
        self.query_one("#product-detail", Static).update(render_card(card, self.money, self.day))
        self.refresh_bindings()  # archive or restore, as the product now is

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
        if action in ("archive_product", "restore_product"):
            card = self.shown_card
            if card is None:
                return None
            return self.offer(f"stock.{action}", "active" if card.product.active else "archived")
        if action in STOCK_ACTS:
            return self.act_allowed(action)
        if action == "all_warehouses":
            return True if self.chosen else None
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("archive_product", "restore_product"):  # only the one the product's state allows
            return self.offered(action) is True
        return super().check_action(action, parameters)
