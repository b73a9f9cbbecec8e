"""One order on its own screen (narrow terminals, or opened from elsewhere)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.orders.acts import RECORD_ACTS, OrderActs


def render_detail(d, money, locale: str = "ru") -> Table:
    """An order in full, as one rich renderable."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    state = d.status.replace("_", " ") + (" (backorder)" if d.backorder else "")
    grid.add_row(Text(f"{d.number}  {state}", style="bold"))
    grid.add_row(f"{d.order_date}  {d.channel}{' ' + d.channel_ref if d.channel_ref else ''}  "
                 f"warehouse {d.warehouse or '-'}")
    grid.add_row(f"{d.customer_name} ({d.customer})")
    if d.delivery_address:
        grid.add_row(Text(d.delivery_address, style="dim"))
    lines = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for col, justify in (("SKU", "left"), ("Qty", "right"), ("Price", "right"), ("Total", "right"),
                         ("Shp", "right"), ("Ret", "right"), ("Res", "right")):
        lines.add_column(col, justify=justify, no_wrap=True)
    from boclerk.quantity import format_for_clerk

    def q(value, unit: str = "") -> str:
        return format_for_clerk(value, unit, locale=locale)

    for ln in d.lines:
        lines.add_row(ln.sku, q(ln.qty, ln.unit), money(ln.unit_price), money(ln.gross), q(ln.shipped), q(ln.returned),
                      q(ln.reserved))
    grid.add_row(lines)
    grid.add_row(Text(f"Total {money(d.total)} (VAT {money(d.vat_total)})  paid {money(d.paid)}  "
                      f"shipped {money(d.invoiced)}  due {money(d.due)}", style="bold"))
    for p in d.payments:
        grid.add_row(f"{'payment' if p.amount > 0 else 'refund'} {p.paid_on} {p.method} {money(p.amount)} "
                     f"{p.entry or ''}")
    for s in d.shipments:
        grid.add_row(f"{s.kind} {s.day} {money(s.net + s.vat)} {'damaged ' if s.damaged else ''}{s.entry or ''}")
    grid.add_row(Text("History", style="bold"))
    for h in d.history:
        grid.add_row(Text(f"{h.at.astimezone():%d.%m %H:%M} {h.actor} {h.action.split('.', 1)[-1]}", style="dim"))
    return grid


class OrderDetailScreen(OrderActs, AreaScreen):
    """One order on its own screen (narrow terminals, or opened from elsewhere)."""

    TITLE = "Order"
    HELP = "One order: its lines, reservations, payments, shipments and history. Esc goes back."
    BINDINGS = [
        *act_bindings(*(f"orders.{act}" for act in RECORD_ACTS)),
        Binding("escape", "back", "Back", id="screen.back"),
        Binding("u", "customer_card", "Customer", show=False, id="order.customer_card"),  # its customer's card
    ]

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.status: str | None = None

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="area-body"):
            yield Static("Loading…", id="order-detail")

    def on_mount(self) -> None:
        self.refresh_detail()

    def refresh_detail(self) -> None:
        from boclerk.services.sales.queries import order_detail

        self.read(order_detail, self.number, then=self.show)

    def show(self, d) -> None:
        self.status, self.customer = d.status, d.customer
        self.query_one("#order-detail", Static).update(render_detail(d, self.money, self.app.locale))
        self.refresh_bindings()

    def current_number(self) -> str | None:
        return self.number

    def action_customer_card(self) -> None:
        from boclerk.tui.partners.card import open_card

        if getattr(self, "customer", None):
            open_card(self.app, "customer", self.customer)

    def current_status(self) -> str | None:
        return self.status

    def after_act(self, number: str) -> None:
        self.refresh_detail()

    def offered(self, action: str) -> bool | None:
        if action in RECORD_ACTS:
            return self.act_allowed(action)
        return True
