"""Orders: the list, newest first, with its filters; acts on the highlighted order by key."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Select, Static

from boclerk.db.uow import core_only
from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.dialogs import Field, FormDialog
from boclerk.tui.orders.acts import RECORD_ACTS, OrderActs
from boclerk.tui.paged import Column, PagedTable

STATUSES = (("All", ""), ("To confirm (draft)", "draft"), ("Open (to ship)", "open"), ("Confirmed", "confirmed"),
            ("Partially shipped", "partially_shipped"), ("Shipped", "shipped"), ("Delivered", "delivered"),
            ("Cancelled", "cancelled"))
CHANNELS = (("All channels", ""), ("Website", "website"), ("Marketplace", "marketplace"), ("Phone", "phone"),
            ("Shop", "shop"))

COLUMNS = [
    Column("number", "Number", 14, 1),
    Column("date", "Date", 10, 2),
    Column("customer", "Customer", 18, 1),
    Column("channel", "Channel", 11, 5),
    Column("status", "State", 14, 1),
    Column("total", "Total", 12, 1, right=True),
    Column("paid", "Paid", 12, 3, right=True),
    Column("shipped", "Shipped", 12, 4, right=True),
]


class OrdersScreen(OrderActs, AreaScreen):
    TITLE = "Orders"
    DETAIL = "orders-detail"
    AUTO_FOCUS = "#orders-list"
    HELP = ("Orders, newest first. Filter by state and channel, or type in the search box (/) a number, a "
            "channel reference, or a customer's name, email or phone. Enter opens an order; on a wide "
            "terminal it shows beside the list. Acts are offered by key when the order's state and your role "
            "allow them. New orders: n (a new customer from inside the order form: ctrl+n).")
    BINDINGS = [
        *act_bindings("orders.new", *(f"orders.{act}" for act in RECORD_ACTS)),
        Binding("slash", "search", "Search", id="orders.search"),
        Binding("f", "date_filter", "Dates", id="orders.dates"),
        Binding("enter", "open", "Open", show=False, id="orders.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters: dict[str, Any] = {}

    def body(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Input(placeholder="/ number, customer, email, phone", id="search", classes="-filter")
            yield Select(STATUSES, value="", allow_blank=False, id="status", classes="-filter")
            yield Select(CHANNELS, value="", allow_blank=False, id="channel", classes="-filter")
        with Horizontal(classes="area-body"):
            with Vertical(classes="list-pane"):
                yield PagedTable(COLUMNS, self.fetch, self.cells, lambda r: r.id, id="orders-list")
                yield Static("", classes="status-line", id="orders-status")
            with VerticalScroll(classes="detail-pane"):
                yield Static("", id="orders-detail")

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        table.reload()
        table.focus()

    # -- list -------------------------------------------------------------------------------
    @core_only
    def fetch(self, uow, *, after=None, before=None, last=False, limit=100):
        from boclerk.services.sales.queries import list_orders

        f = self.filters
        kwargs = dict(status=f.get("status") or None, channel=f.get("channel") or None,
                      search=f.get("search") or None, customer=f.get("customer"), start=f.get("start"),
                      end=f.get("end"), backorder=f.get("backorder"), limit=limit)
        if last:
            return list_orders(uow, after_id=0, **kwargs)
        if before is not None:
            return list_orders(uow, after_id=before, **kwargs)
        return list_orders(uow, before_id=after, **kwargs)

    def cells(self, r) -> dict:
        state = r.status.replace("_", " ").replace("partially", "part.") + (" BO" if r.backorder else "")
        return {"number": r.number, "date": r.order_date.strftime("%d.%m.%Y"), "customer": r.customer_name,
                "channel": r.channel, "status": state, "total": self.money(r.total), "paid": self.money(r.paid),
                "shipped": self.money(r.invoiced)}

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        table = event.table
        parts = [f"{len(table.rows_data)} shown"]
        if table.more_after:
            parts.append("more below")
        if table.more_before:
            parts.append("more above")
        described = ", ".join(f"{k} {v}" for k, v in self.filters.items() if v not in (None, ""))
        self.query_one("#orders-status", Static).update("; ".join(parts) + (f" — {described}" if described else ""))
        self.show_current()

    def on_data_table_row_highlighted(self, event) -> None:
        self.cursor_moved()

    def show_current(self) -> None:
        row = self.query_one(PagedTable).current
        if not self.is_wide:
            return
        if row is None:
            self.show_detail_text("")
            return
        from boclerk.services.sales.queries import order_detail
        from boclerk.tui.orders.detail import render_detail

        self.show_detail(order_detail, row.number, render=lambda d: render_detail(d, self.money))

    # -- filters --------------------------------------------------------------------------------
    def apply_filters(self, **filters: Any) -> None:
        self.filters = {k: v for k, v in filters.items() if v is not None}
        status = self.filters.get("status", "")
        with self.prevent(Select.Changed):
            self.query_one("#status", Select).value = status if status in dict((v, v) for _, v in STATUSES) else ""
        self.query_one(PagedTable).reload()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("status", "channel"):
            self.filters[event.select.id] = event.value or None
            self.query_one(PagedTable).reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.filters["search"] = event.value.strip() or None
            self.query_one(PagedTable).reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one(PagedTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_date_filter(self) -> None:
        def go(values: dict | None) -> None:
            if values is not None:
                self.filters["start"], self.filters["end"] = values["start"], values["end"]
                self.query_one(PagedTable).reload()

        self.app.push_screen(FormDialog("Orders between dates", [
            Field("start", "From", "date", self.filters.get("start") or "", required=False),
            Field("end", "To", "date", self.filters.get("end") or "", required=False),
        ], submit="Filter"), go)

    # -- opening and acts -----------------------------------------------------------------------------
    def current_number(self) -> str | None:
        row = self.query_one(PagedTable).current
        return row.number if row else None

    def current_status(self) -> str | None:
        row = self.query_one(PagedTable).current
        return row.status if row else None

    def after_act(self, number: str) -> None:
        table = self.query_one(PagedTable)
        keep = table.cursor_row
        table.reload()
        self.call_after_refresh(lambda: table.move_cursor(row=keep))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in RECORD_ACTS:
            return self.act_allowed(action)
        if action == "new":
            return self.offer("orders.new")
        return True

    def action_open(self) -> None:
        number = self.current_number()
        if number:
            self.open_record(number)

    def on_data_table_row_selected(self, event) -> None:
        self.action_open()

    def open_record(self, number: str) -> None:
        from boclerk.tui.orders.detail import OrderDetailScreen

        self.app.push_screen(OrderDetailScreen(number))

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
                self.query_one(PagedTable).reload()

        self.app.push_screen(NewOrderScreen(), done)

    def action_new_customer(self) -> None:
        from boclerk.tui.orders.form import new_customer

        new_customer(self, lambda code: None)
