"""Orders: the list, newest first, with its filters; acts on the highlighted order by key."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from boclerk.db.plain import plain_sql
from boclerk.i18n import N_, _, ngettext
from boclerk.tui.base import act_bindings
from boclerk.tui.lists import Filter, ListScreen, View, keyset
from boclerk.tui.orders.acts import RECORD_ACTS, OrderActs
from boclerk.tui.orders.words import channel_word, state_word
from boclerk.tui.paged import Column

STATUSES = ((N_("All"), ""), (N_("To confirm (draft)"), "draft"), (N_("Open (to ship)"), "open"),
            (N_("Confirmed"), "confirmed"), (N_("Partially shipped"), "partially_shipped"), (N_("Shipped"), "shipped"),
            (N_("Delivered"), "delivered"), (N_("Cancelled"), "cancelled"))
CHANNELS = ((N_("All channels"), ""), (N_("Website"), "website"), (N_("Marketplace"), "marketplace"),
            (N_("Phone"), "phone"), (N_("Shop"), "shop"))
COLUMNS = [
    Column("number", N_("Number"), 14, 1),
    Column("date", N_("Date"), 10, 2),
    Column("customer", N_("Customer"), 18, 1),
    Column("channel", N_("Channel"), 11, 5),
    Column("status", N_("State"), 14, 1),
    Column("total", N_("Total"), 12, 1, right=True),
    Column("paid", N_("Paid"), 12, 3, right=True),
    Column("shipped", N_("Shipped"), 12, 4, right=True),
]


class OrdersScreen(OrderActs, ListScreen):
    TITLE = N_("Orders")
    AREA = "orders"
    AUTO_FOCUS = "#orders-list"
    HELP = N_("Orders, newest first. Filter by state and channel, or type in the search box (/) a number, a "
            "channel reference, or a customer's name, email or phone. Enter opens an order; on a wide "
            "terminal it shows beside the list. Acts are offered by key when the order's state and your role "
            "allow them. New orders: n (a new customer from inside the order form: ctrl+n).")
    BINDINGS = [
        *act_bindings("orders.new", *(f"orders.{act}" for act in RECORD_ACTS)),
        Binding("slash", "search", N_("Search"), id="orders.search"),
        Binding("f", "date_filter", N_("Dates"), id="orders.dates"),
        Binding("enter", "open", N_("Open"), show=False, id="orders.open"),
    ]
    VIEWS = (View("orders", N_("Orders"), COLUMNS, "fetch", "cells", count="count"),)
    FILTERS = (Filter("status", "status", STATUSES), Filter("channel", "channel", CHANNELS))
    SEARCH = N_("/ number, name, email, tel.")  # 27 cells: what the box shows at 80 columns

    def default_filters(self) -> dict[str, Any]:
        return super().default_filters() | {"customer": None, "start": None, "end": None, "backorder": None}

    # -- list -------------------------------------------------------------------------------
    @plain_sql
    def fetch(self, uow, **page):
        from boclerk.services.sales.queries import list_orders

        f = self.filters
        return keyset(list_orders, uow, **page, status=f["status"] or None, channel=f["channel"] or None,
                      search=f["search"], customer=f["customer"], start=f["start"], end=f["end"],
                      backorder=f["backorder"])

    @plain_sql
    def count(self, uow):
        from boclerk.services.sales.counting import count_orders

        f = self.filters
        return count_orders(uow, status=f["status"] or None, channel=f["channel"] or None, search=f["search"],
                            customer=f["customer"], start=f["start"], end=f["end"], backorder=f["backorder"])

    def count_words(self, n: int, more: bool) -> str:
        shown = self.quantity(n)
        if more:
            return ngettext("more than {n} order", "more than {n} orders", n).format(n=shown)
        return ngettext("{n} order", "{n} orders", n).format(n=shown)

    def cells(self, r) -> dict:
        state = state_word(r.status, bool(r.backorder))
        return {"number": r.number, "date": self.day(r.order_date), "customer": r.customer_name,
                "channel": channel_word(r.channel), "status": state, "total": self.money(r.total), "paid": self.money(r.paid),
                "shipped": self.money(r.invoiced)}

    def show_current(self) -> None:
        row = self.current
        if not self.is_wide:
            return
        if row is None:
            self.show_detail_text("")
            return
        from boclerk.services.sales.view import order_detail
        from boclerk.tui.orders.detail import render_detail

        self.show_detail(order_detail, row.number, render=lambda d: render_detail(d, self.money, self.app.locale))

    def action_date_filter(self) -> None:
        from boclerk.tui.dialogs import Field, FormDialog

        def go(values: dict | None) -> None:
            if values is not None:
                self.filters["start"], self.filters["end"] = values["start"], values["end"]
                self._show_chips()
                self.reload()

        self.app.push_screen(FormDialog(_("Orders between dates"), [
            Field("start", _("From"), "date", self.filters.get("start") or "", required=False),
            Field("end", _("To"), "date", self.filters.get("end") or "", required=False),
        ], submit=_("Filter")), go)

    # -- opening and acts -----------------------------------------------------------------------------
    def current_number(self) -> str | None:
        row = self.current
        return row.number if row else None

    def current_status(self) -> str | None:
        row = self.current
        return row.status if row else None

    def offered(self, action: str) -> bool | None:
        if action in RECORD_ACTS:
            return self.act_allowed(action)
        if action == "new":
            return self.offer("orders.new")
        return True

    def action_open(self) -> None:
        number = self.current_number()
        if number:
            self.open_record(number)

    def open_record(self, number: str) -> None:
        from boclerk.tui.orders.detail import OrderDetailScreen

        def back(changed: bool | None) -> None:
            if changed:  # an act on the order's own screen: its row here shows it too
                self.after_act(number)

        self.app.push_screen(OrderDetailScreen(number), back)

    def show_customer(self, code: str) -> None:
        self.apply_filters(customer=code)

    def action_filter_drafts(self) -> None:
        self.apply_filters(status="draft")

    def action_filter_to_ship(self) -> None:
        self.apply_filters(status="open", backorder=False)

    def action_new(self) -> None:
        from boclerk.tui.orders.form import NewOrderScreen

        def done(number: str | None) -> None:
            if number:
                self.reload()

        self.begin("orders.new", None, lambda: self.app.push_screen(NewOrderScreen(), done))

    def action_new_customer(self) -> None:
        from boclerk.tui.orders.form import new_customer

        self.begin("orders.new_customer", None, lambda: new_customer(self, lambda code: None))
