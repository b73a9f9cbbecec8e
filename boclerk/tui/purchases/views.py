"""What the Purchases screen shows: a PO, a bill and a supplier in full, the reorder
suggestions, and a compact form for long lists of fields (one line per field, scrolls)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

PO_STATES = {"draft": "draft", "sent": "sent", "partially_received": "part. received", "received": "received",
             "billed": "billed", "closed": "closed", "cancelled": "cancelled"}
BILL_STYLES = {"held": "bold yellow", "posted": "", "paid": "green", "rejected": "dim"}


def _history(grid: Table, history) -> None:
    grid.add_row(Text("History", style="bold"))
    for h in history:
        grid.add_row(Text(f"{h.at.astimezone():%d.%m %H:%M} {h.actor} {h.action.split('.', 1)[-1]}", style="dim"))


def render_po(d, money) -> Table:
    """A purchase order in full: lines with what was received and billed, its bills, its history."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(f"{d.number}  {PO_STATES.get(d.status, d.status)}", style="bold"))
    grid.add_row(f"{d.supplier_name} ({d.supplier})")
    grid.add_row(f"ordered {d.order_date}" + (f"  expected {d.expected_date}" if d.expected_date else "")
                 + f"  warehouse {d.warehouse}")
    if d.notes:
        grid.add_row(Text(d.notes, style="dim"))
    lines = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for col, justify in (("SKU", "left"), ("Qty", "right"), ("Rcv", "right"), ("Bld", "right"),
                         ("Price", "right"), ("Total", "right")):
        lines.add_column(col, justify=justify, no_wrap=True)
    for ln in d.lines:
        sku = ln.sku + (f" [{ln.department}]" if ln.department else "")
        lines.add_row(sku, str(ln.qty), str(ln.received), str(ln.billed), money(ln.unit_price),
                      money(ln.qty * ln.unit_price))
    grid.add_row(lines)
    grid.add_row(Text(f"Total {money(d.total)} net of VAT", style="bold"))
    if d.bills:
        grid.add_row(Text("Bills", style="bold"))
        for b in d.bills:
            grid.add_row(Text(f"{b.number} {b.supplier_ref} {b.bill_date} {b.status} {money(b.total)} "
                              f"paid {money(b.paid)}", style=BILL_STYLES.get(b.status, "")))
            if b.status == "held" and b.hold_reason:
                grid.add_row(Text(f"  held: {b.hold_reason}", style="yellow"))
    _history(grid, d.history)
    return grid


def render_bill(d, money) -> Table:
    """A supplier bill in full: why it is held, its lines, payments, entry and history."""
    b = d.bill
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(f"{b.number}  {b.status}", style="bold " + BILL_STYLES.get(b.status, "")))
    grid.add_row(f"{b.supplier}'s bill {b.supplier_ref}" + (f" for {b.po}" if b.po else ""))
    grid.add_row(f"dated {b.bill_date}  due {b.due_date}" + (f"  entry {d.entry}" if d.entry else ""))
    if b.status == "held" and b.hold_reason:
        grid.add_row(Text(f"Held: {b.hold_reason}", style="yellow"))
    lines = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for col, justify in (("SKU", "left"), ("Qty", "right"), ("Price", "right"), ("Net", "right"),
                         ("VAT", "right")):
        lines.add_column(col, justify=justify, no_wrap=True)
    for ln in d.lines:
        lines.add_row(ln.sku, str(ln.qty), money(ln.unit_price), money(ln.net), money(ln.vat))
    grid.add_row(lines)
    grid.add_row(Text(f"Net {money(d.net)}  VAT {money(d.vat)}  total {money(b.total)}  paid {money(b.paid)}"
                      f"  left {money(b.total - b.paid)}", style="bold"))
    for p in d.payments:
        grid.add_row(f"paid {p.paid_on} {money(p.amount)} {p.reference}")
    _history(grid, d.history)
    return grid


def render_supplier(s) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_row(Text(s.code, style="bold"), Text(s.name + ("" if s.active else " (archived)"), style="bold"))
    for label, value in (("Tax id", s.tax_id), ("Contact", s.contact), ("Email", s.email), ("Phone", s.phone),
                         ("Address", s.address), ("Terms", f"{s.payment_terms_days} days")):
        grid.add_row(label, value or "-")
    grid.add_row("", Text("Enter: this supplier's purchase orders", style="dim"))
    return grid


def render_suggestions(groups, money) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    for g in groups:
        head = f"{g.supplier} {g.supplier_name}" if g.supplier else g.supplier_name
        grid.add_row(Text(head, style="bold" if g.supplier else "bold dim"))
        lines = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        for col, justify in (("SKU", "left"), ("Avail", "right"), ("On order", "right"), ("Point", "right"),
                             ("Buy", "right"), ("Cost", "right")):
            lines.add_column(col, justify=justify, no_wrap=True)
        for s in g.lines:
            lines.add_row(s.sku, str(s.available), str(s.on_order), str(s.reorder_point), str(s.qty),
                          money(s.qty * s.unit_price))
        grid.add_row(lines)
        if not g.supplier:
            grid.add_row(Text("No preferred supplier: order these by hand (n).", style="dim"))
    return grid


class SuggestionsDialog(ModalScreen[bool]):
    """The reorder suggestions, and whether to make one draft PO per supplier of them."""

    DEFAULT_CSS = """
    SuggestionsDialog > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SuggestionsDialog .sg-title { text-style: bold; }
    SuggestionsDialog .sg-hint { color: $text-muted; }
    SuggestionsDialog Horizontal { height: auto; align-horizontal: right; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Create", id="purchases.suggest_yes"),
        Binding("n,escape", "answer(False)", "No", id="purchases.suggest_no"),
    ]

    def __init__(self, groups, money, *, can_create: bool) -> None:
        super().__init__()
        self.groups, self.money_fn, self.can_create = groups, money, can_create

    def compose(self) -> ComposeResult:
        makes = sum(1 for g in self.groups if g.supplier)
        with VerticalScroll():
            yield Static("Below the reorder point (available + on order)", classes="sg-title")
            yield Static(render_suggestions(self.groups, self.money_fn))
            if self.can_create and makes:
                yield Static(f"Create {makes} draft purchase order{'s' if makes > 1 else ''}, one per supplier? "
                             "y: yes   n / Esc: no", classes="sg-hint")
                with Horizontal():
                    yield Button("Create", variant="primary", id="yes")
                    yield Button("No", id="no")
            else:
                yield Static("Esc closes.", classes="sg-hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value and self.can_create)

