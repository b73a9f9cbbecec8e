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

from boclerk.i18n import N_, _, ngettext, pgettext
from boclerk.tui.flow import ByWidth, Flow, named_lines
from boclerk.tui.history import add_history

BILL_STYLES = {"held": "bold yellow", "posted": "", "paid": "green", "rejected": "dim", "reversed": "dim"}


def _qty_fn(locale: str):
    def qty(value, unit: str = "") -> str:
        from boclerk.quantity import format_for_clerk

        return format_for_clerk(value, unit, locale=locale)

    return qty


def _day_fn(locale: str):
    def day(value) -> str:
        from boclerk.dates import format_day

        return format_day(value, locale) if value else ""

    return day


def amount(q, price: int) -> int:
    from boclerk.quantity import amount as line_amount

    return line_amount(q, price)


def _code(currency: str | None, books: str) -> str:
    """ " EUR" after an amount in another currency than the books'; nothing otherwise."""
    return f" {currency}" if currency and books and currency != books else ""


def po_state(code: str) -> str:
    """How a PO's stored state reads on screen (a PO is a masculine noun in Russian: its own words)."""
    return {"draft": pgettext("purchase order", "draft"), "sent": pgettext("purchase order", "sent"),
            "partially_received": pgettext("purchase order", "part. received"),
            "received": pgettext("purchase order", "received"), "billed": pgettext("purchase order", "billed"),
            "closed": pgettext("purchase order", "closed"), "cancelled": pgettext("purchase order", "cancelled"),
            }.get(code, code)


def bill_state(code: str) -> str:
    """How a supplier bill's stored state reads on screen (short: the list's column is 8 wide)."""
    return {"held": pgettext("bill", "held"), "posted": pgettext("bill", "posted"), "paid": pgettext("bill", "paid"),
            "rejected": pgettext("bill", "rejected"), "reversed": pgettext("bill", "reversed")}.get(code, code)


def render_po(d, money, books: str = "", locale: str = "ru") -> Table:
    """A purchase order in full: lines with what was received and billed, its bills, its history
    (amounts in another currency than the ``books``' carry its code)."""
    qty, day = _qty_fn(locale), _day_fn(locale)
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(f"{d.number}  {po_state(d.status)}", style="bold"))
    grid.add_row(f"{d.supplier_name} ({d.supplier})")
    grid.add_row(_("ordered {day}").format(day=day(d.order_date))
                 + (_("  expected {day}").format(day=day(d.expected_date)) if d.expected_date else "")
                 + _("  warehouse {code}").format(code=d.warehouse))
    if d.notes:
        grid.add_row(Text(d.notes, style="dim"))
    heads = [_("SKU"), _("Qty"), _("Rcv"), _("Bld"), _("Price"), _("Total")]
    rows = [[ln.sku + (f" [{ln.department}]" if ln.department else ""), qty(ln.qty), qty(ln.received), qty(ln.billed),
             money(ln.unit_price), money(amount(ln.qty, ln.unit_price))] for ln in d.lines]
    grid.add_row(ByWidth(lambda width: named_lines(heads, rows, [ln.name for ln in d.lines], width)))
    grid.add_row(Text(_("Total {amount} net of VAT").format(amount=f"{money(d.total)}{_code(d.currency, books)}"),
                      style="bold"))
    if d.bills:
        grid.add_row(Text(_("Bills"), style="bold"))
        for b in d.bills:
            grid.add_row(Text(_("{number} {ref} {day} {state} {total} paid {paid}").format(
                number=b.number, ref=b.supplier_ref, day=day(b.bill_date), state=bill_state(b.status),
                total=f"{money(b.total)}{_code(b.currency, books)}", paid=money(b.paid)),
                style=BILL_STYLES.get(b.status, "")))
            if b.status == "held" and b.hold_reason:
                grid.add_row(Text(_("  held: {reason}").format(reason=b.hold_reason),
                                  style="yellow"))
    add_history(grid, d.history, locale=locale)
    return grid


def render_bill(d, money, books: str = "", locale: str = "ru") -> Table:
    """A supplier bill in full: why it is held, its lines, payments, entry and history; a bill in
    another currency than the ``books``' also in theirs: 1 200,00 EUR = 116 548,08."""
    qty, day = _qty_fn(locale), _day_fn(locale)
    b = d.bill
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(f"{b.number}  {bill_state(b.status)}", style="bold " + BILL_STYLES.get(b.status, "")))
    grid.add_row((_("{supplier}'s bill {ref} for {po}") if b.po else _("{supplier}'s bill {ref}")).format(
        supplier=b.supplier, ref=b.supplier_ref, po=b.po))
    grid.add_row(_("dated {day}  due {due}").format(day=day(b.bill_date), due=day(b.due_date))
                 + (_("  entry {entry}").format(entry=d.entry) if d.entry else ""))
    if b.status == "held" and b.hold_reason:
        grid.add_row(Text(_("Held: {reason}").format(reason=b.hold_reason), style="yellow"))
    heads = [_("SKU"), _("Qty"), _("Price"), _("Net"), _("VAT")]
    rows: list[list[str | Text]] = [[ln.sku, qty(ln.qty, ln.unit), money(ln.unit_price), money(ln.net), money(ln.vat)]
                                    for ln in d.lines]
    names = [ln.name for ln in d.lines]
    for a in getattr(d, "adjustments", ()):
        what = (_("charge") if a.charge else _("allowance")) + (_(" l.{line}").format(line=a.line) if a.line else "")
        rows.append([Text(f"{what} {a.reason[:24]}", style="italic"), "", "", money(a.net), money(a.vat)])
        names.append("")
    grid.add_row(ByWidth(lambda width: named_lines(heads, rows, names, width)))
    code = _code(b.currency, books)
    left = "" if b.status == "reversed" else \
        _("  left {amount}").format(amount=money(
            b.total - b.paid if b.status in ('held', 'rejected') else getattr(d, 'owed', b.total - b.paid)))
    grid.add_row(Flow(_("Net {net}  VAT {vat}  total {total}  paid {paid}").format(
        net=money(d.net), vat=money(d.vat), total=f"{money(b.total)}{code}", paid=money(b.paid)) + left, style="bold"))
    if code:  # a bill in another currency: what it is in the books, at the rate of its date
        grid.add_row(Text(f"{money(b.total)}{code} = {money(b.total_base)}", style="bold"))
    for p in d.payments:
        grid.add_row(_("paid {day} {amount} {reference}").format(day=day(p.paid_on), amount=money(p.amount),
                                                                 reference=p.reference))
    for n in getattr(d, "notes", ()):
        grid.add_row((_("credit note {number} ({ref}) {day} {total}") if n.kind == "credit" else
                      _("debit note {number} ({ref}) {day} {total}") if n.kind == "debit" else
                      f"{n.kind} " + _("note {number} ({ref}) {day} {total}")).format(
            number=n.number, ref=n.supplier_ref, day=day(n.note_date), total=money(n.total)))
    if getattr(d, "notes", ()):
        grid.add_row(Text(_("Owed after its notes {amount}").format(amount=money(d.owed)), style="bold"))
    if getattr(d, "prepaid", 0):
        grid.add_row(_("The invoice says {amount} was paid ahead").format(amount=money(d.prepaid)))
    if b.status == "reversed" and b.hold_reason:
        grid.add_row(Text(_("Reversed: {reason}").format(reason=b.hold_reason), style="dim"))
    add_history(grid, d.history, locale=locale)
    return grid


def render_supplier(s) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_row(Text(s.code, style="bold"), Text(s.name + ("" if s.active else _(" (archived)")), style="bold"))
    days = ngettext("{n} day", "{n} days", s.payment_terms_days).format(n=s.payment_terms_days)
    for label, value in ((_("Tax id"), s.tax_id), (_("Contact"), s.contact), (_("Email"), s.email),
                         (_("Phone"), s.phone), (_("Address"), s.address), (_("Terms"), days)):
        grid.add_row(label, value or "-")
    grid.add_row("", Text(_("Enter: this supplier's purchase orders"), style="dim"))
    return grid


def render_suggestions(groups, money, locale: str = "ru") -> Table:
    qty = _qty_fn(locale)
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    for g in groups:
        head = f"{g.supplier} {g.supplier_name}" if g.supplier else g.supplier_name
        grid.add_row(Text(head, style="bold" if g.supplier else "bold dim"))
        lines = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        for col, justify in ((N_("SKU"), "left"), (N_("Avail"), "right"), (N_("On order"), "right"),
                             (N_("Point"), "right"), (N_("Buy"), "right"), (N_("Cost"), "right")):
            lines.add_column(_(col), justify=justify, no_wrap=True)
        for s in g.lines:
            lines.add_row(s.sku, qty(s.available), qty(s.on_order), qty(s.reorder_point), qty(s.qty),
                          money(amount(s.qty, s.unit_price)))
        grid.add_row(lines)
        if not g.supplier:
            grid.add_row(Text(_("No preferred supplier: order these by hand (n)."), style="dim"))
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
        Binding("y", "answer(True)", N_("Create"), id="purchases.suggest_yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="purchases.suggest_no"),
    ]

    def __init__(self, groups, money, *, can_create: bool) -> None:
        super().__init__()
        self.groups, self.money_fn, self.can_create = groups, money, can_create

    def compose(self) -> ComposeResult:
        makes = sum(1 for g in self.groups if g.supplier)
        with VerticalScroll():
            yield Static(_("Below the reorder point (available + on order)"), classes="sg-title")
            yield Static(render_suggestions(self.groups, self.money_fn, self.app.locale))
            if self.can_create and makes:
                yield Static(ngettext("Create {n} draft purchase order, one per supplier? y: yes   n / Esc: no",
                                      "Create {n} draft purchase orders, one per supplier? y: yes   n / Esc: no",
                                      makes).format(n=makes), classes="sg-hint")
                with Horizontal():
                    yield Button(_("Create"), variant="primary", id="yes")
                    yield Button(_("No"), id="no")
            else:
                yield Static(_("Esc closes."), classes="sg-hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value and self.can_create)

