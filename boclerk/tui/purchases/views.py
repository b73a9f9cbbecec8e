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
BILL_STYLES = {"held": "bold yellow", "posted": "", "paid": "green", "rejected": "dim", "reversed": "dim"}


def _qty_fn(locale: str):
    def qty(value, unit: str = "") -> str:
        from boclerk.quantity import format_for_clerk

        return format_for_clerk(value, unit, locale=locale)

    return qty


def amount(q, price: int) -> int:
    from boclerk.quantity import amount as line_amount

    return line_amount(q, price)


def _code(currency: str | None, books: str) -> str:
    """ " EUR" after an amount in another currency than the books'; nothing otherwise."""
    return f" {currency}" if currency and books and currency != books else ""


def _history(grid: Table, history) -> None:
    grid.add_row(Text("History", style="bold"))
    for h in history:
        grid.add_row(Text(f"{h.at.astimezone():%d.%m %H:%M} {h.actor} {h.action.split('.', 1)[-1]}", style="dim"))


def render_po(d, money, books: str = "", locale: str = "ru") -> Table:
    """A purchase order in full: lines with what was received and billed, its bills, its history
    (amounts in another currency than the ``books``' carry its code)."""
    qty = _qty_fn(locale)
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
        lines.add_row(sku, qty(ln.qty), qty(ln.received), qty(ln.billed), money(ln.unit_price),
                      money(amount(ln.qty, ln.unit_price)))
    grid.add_row(lines)
    grid.add_row(Text(f"Total {money(d.total)}{_code(d.currency, books)} net of VAT", style="bold"))
    if d.bills:
        grid.add_row(Text("Bills", style="bold"))
        for b in d.bills:
            grid.add_row(Text(f"{b.number} {b.supplier_ref} {b.bill_date} {b.status} {money(b.total)}"
                              f"{_code(b.currency, books)} paid {money(b.paid)}", style=BILL_STYLES.get(b.status, "")))
            if b.status == "held" and b.hold_reason:
                grid.add_row(Text(f"  held: {b.hold_reason}", style="yellow"))
    _history(grid, d.history)
    return grid


def render_bill(d, money, books: str = "", locale: str = "ru") -> Table:
    """A supplier bill in full: why it is held, its lines, payments, entry and history; a bill in
    another currency than the ``books``' also in theirs: 1 200,00 EUR = 116 548,08."""
    qty = _qty_fn(locale)
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
        lines.add_row(ln.sku, qty(ln.qty, ln.unit), money(ln.unit_price), money(ln.net), money(ln.vat))
    for a in getattr(d, "adjustments", ()):
        what = ("charge" if a.charge else "allowance") + (f" l.{a.line}" if a.line else "")
        lines.add_row(Text(f"{what} {a.reason[:24]}", style="italic"), "", "", money(a.net), money(a.vat))
    grid.add_row(lines)
    code = _code(b.currency, books)
    left = "" if b.status == "reversed" else \
        f"  left {money(b.total - b.paid if b.status in ('held', 'rejected') else getattr(d, 'owed', b.total - b.paid))}"
    grid.add_row(Text(f"Net {money(d.net)}  VAT {money(d.vat)}  total {money(b.total)}{code}  paid {money(b.paid)}"
                      f"{left}", style="bold"))
    if code:  # a bill in another currency: what it is in the books, at the rate of its date
        grid.add_row(Text(f"{money(b.total)}{code} = {money(b.total_base)}", style="bold"))
    for p in d.payments:
        grid.add_row(f"paid {p.paid_on} {money(p.amount)} {p.reference}")
    for n in getattr(d, "notes", ()):
        grid.add_row(f"{n.kind} note {n.number} ({n.supplier_ref}) {n.note_date} {money(n.total)}")
    if getattr(d, "notes", ()):
        grid.add_row(Text(f"Owed after its notes {money(d.owed)}", style="bold"))
    if getattr(d, "prepaid", 0):
        grid.add_row(f"The invoice says {money(d.prepaid)} was paid ahead")
    if b.status == "reversed" and b.hold_reason:
        grid.add_row(Text(f"Reversed: {b.hold_reason}", style="dim"))
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


def render_suggestions(groups, money, locale: str = "ru") -> Table:
    qty = _qty_fn(locale)
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
            lines.add_row(s.sku, qty(s.available), qty(s.on_order), qty(s.reorder_point), qty(s.qty),
                          money(amount(s.qty, s.unit_price)))
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

