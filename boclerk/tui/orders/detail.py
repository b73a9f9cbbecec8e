"""One order on its own screen (narrow terminals, or opened from elsewhere)."""

from __future__ import annotations

import re

from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from boclerk.i18n import N_, _
from boclerk.tui.base import act_bindings
from boclerk.tui.flow import ByWidth, Flow, named_lines
from boclerk.tui.history import add_history
from boclerk.tui.one_record import OneRecordScreen
from boclerk.tui.orders.acts import RECORD_ACTS, OrderActs
from boclerk.tui.orders.words import FULL_STATE_WORDS, channel_word
from boclerk.domain.sales_words import METHOD_WORDS, MOVE_WORDS, move_word  # noqa: F401 - the one table

#: a single space: inside a figure and its word ("paid 33 960,10"), where the totals' line is not broken
_ONE_SPACE = re.compile(r"(?<! ) (?! )")


def render_detail(d, money, locale: str = "ru") -> Table:
    """An order in full, as one rich renderable."""
    from boclerk.dates import format_day

    def day(value) -> str:
        return format_day(value, locale) if value else ""

    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    state = _(FULL_STATE_WORDS[d.status]) if d.status in FULL_STATE_WORDS else d.status.replace("_", " ")
    state += " " + _("(backorder)") if d.backorder else ""
    grid.add_row(Text(f"{d.number}  {state}", style="bold"))
    grid.add_row(f"{day(d.order_date)}  {channel_word(d.channel)}{' ' + d.channel_ref if d.channel_ref else ''}  "
                 + _("warehouse {code}").format(code=d.warehouse or "-"))
    grid.add_row(f"{d.customer_name} ({d.customer})")
    if d.delivery_address:
        grid.add_row(Text(d.delivery_address, style="dim"))
    grid.add_row(_lines(d, money, locale))
    totals = _("Total {total} (VAT {vat})  paid {paid}  shipped {shipped}  due {due}").format(
        total=money(d.total), vat=money(d.vat_total), paid=money(d.paid), shipped=money(d.invoiced), due=money(d.due))
    grid.add_row(Flow(_ONE_SPACE.sub("\u00a0", totals), style="bold"))  # broken between its figures, not in one
    for p in d.payments:
        grid.add_row(Flow(f"{_('payment') if p.amount > 0 else _('refund')} {day(p.paid_on)} "
                          f"{_(METHOD_WORDS.get(p.method, p.method))} {money(p.amount)} {p.entry or ''}"))
    for s in d.shipments:
        grid.add_row(Flow(f"{move_word(s.kind)} {day(s.day)} {money(s.net + s.vat)} "
                          f"{_('damaged') + ' ' if s.damaged else ''}{s.entry or ''}"))
    add_history(grid, d.history, locale=locale)
    return grid


def _lines(d, money, locale: str):
    """The order's lines for :func:`boclerk.tui.flow.named_lines`, as wide as it is drawn."""
    from decimal import Decimal

    from boclerk.quantity import format_figure, format_for_clerk

    def q(value, unit: str = "") -> str:
        return format_for_clerk(value, unit, locale=locale)

    heads = [_("SKU"), _("Qty"), _("Price"), _("Total"), _("Shp"), _("Ret"), _("Res")]
    rows = [[ln.sku, q(ln.qty, ln.unit), money(ln.unit_price), money(ln.gross), q(ln.shipped), q(ln.returned),
             q(ln.reserved)] for ln in d.lines]
    if any(Decimal(ln.discount_percent) for ln in d.lines):  # the total is less than qty x price: say by how much
        heads.insert(3, _("Disc %"))
        for row, ln in zip(rows, d.lines, strict=True):
            off = Decimal(ln.discount_percent)
            row.insert(3, format_figure(off, locale=locale) if off else "")
    return ByWidth(lambda width: named_lines(heads, rows, [ln.name for ln in d.lines], width))


class OrderDetailScreen(OneRecordScreen, OrderActs):
    """One order on its own screen (narrow terminals, or opened from elsewhere); its key bar offers
    the acts that can be done to the order now."""

    TITLE = N_("Order")
    HELP = N_("One order: its lines, reservations, payments, shipments and history. Esc goes back.")
    BINDINGS = [
        *act_bindings(*(f"orders.{act}" for act in RECORD_ACTS)),
        Binding("escape", "back", N_("Back"), id="screen.back"),
        Binding("u", "customer_card", N_("Customer"), show=False, id="order.customer_card"),  # its customer's card
    ]
    RECORD = "order"
    DETAIL_ID = "order-detail"
    customer: str | None = None

    def reader(self):
        from boclerk.services.sales.view import order_detail

        return order_detail

    def render_record(self, d):
        return render_detail(d, self.money, self.app.locale)

    def show(self, d) -> None:
        self.customer = d.customer

    def current_number(self) -> str | None:
        return self.number

    def action_customer_card(self) -> None:
        from boclerk.tui.partners.card import open_card

        if self.customer:
            open_card(self.app, "customer", self.customer)

    def offered(self, action: str) -> bool | None:
        if action in RECORD_ACTS:
            return self.act_allowed(action)
        return True
