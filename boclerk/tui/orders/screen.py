"""Orders: the list, an order in detail, and every act of the order workflow by key."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Select, Static

from boclerk.db.uow import core_only
from boclerk.domain.permissions import Perm
from boclerk.tui.base import AreaScreen, Services, today
from boclerk.tui.dialogs import ConfirmDialog, Field, FormDialog
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

#: act -> (permission, states it applies to)
ACTS: dict[str, tuple[Perm, tuple[str, ...]]] = {
    "confirm": (Perm.ORDER_MANAGE, ("draft",)),
    "pay": (Perm.ORDER_PAY, ("draft", "confirmed", "partially_shipped", "shipped", "delivered")),
    "ship": (Perm.ORDER_SHIP, ("confirmed", "partially_shipped")),
    "deliver": (Perm.ORDER_SHIP, ("shipped",)),
    "cancel": (Perm.ORDER_MANAGE, ("draft", "confirmed")),
    "return_goods": (Perm.ORDER_RETURN, ("partially_shipped", "shipped", "delivered")),
    "reserve": (Perm.ORDER_MANAGE, ("confirmed", "partially_shipped")),
}


def render_detail(d, money) -> Table:
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
    for ln in d.lines:
        lines.add_row(ln.sku, str(ln.qty), money(ln.unit_price), money(ln.gross), str(ln.shipped), str(ln.returned),
                      str(ln.reserved))
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


class OrderActs(Services):
    """The order workflow's acts, shared by the list screen and the detail screen."""

    def current_number(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_status(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def after_act(self, number: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def act_allowed(self, act: str) -> bool | None:
        perm, states = ACTS[act]
        if not self.can(perm):
            return False  # not offered at all
        status = self.current_status()
        return True if status in states else None  # shown dimmed when the state does not allow it

    def action_confirm(self) -> None:
        number = self.current_number()
        if not number:
            return

        def go(values: dict | None) -> None:
            if values:
                from boclerk.services.sales.orders import confirm_order

                self.write(confirm_order, number, warehouse=values["warehouse"], backorder=values["backorder"],
                           done=f"Confirmed {number}.", then=lambda _: self.after_act(number))

        self.read(_warehouses, then=lambda whs: self.app.push_screen(FormDialog(
            f"Confirm {number}: reserve the stock", [
                Field("warehouse", "Warehouse", "select", whs[0][1], tuple(whs)),
                Field("backorder", "Backorder if short", "check", False),
            ], submit="Confirm", hint="Without backorder, short stock refuses the confirmation."), go))

    def action_pay(self) -> None:
        number = self.current_number()
        if not number:
            return
        from boclerk.services.sales.orders import amount_due, order_by_number

        def ask(due: int) -> None:
            def go(values: dict | None) -> None:
                if values:
                    from boclerk.services.sales.orders import pay_order

                    self.write(pay_order, number, values["amount"], method=values["method"],
                               reference=values["reference"] or "", paid_on=values["day"], done=f"Payment recorded on {number}.",
                               then=lambda _: self.after_act(number))

            self.app.push_screen(FormDialog(f"Payment for {number}", [
                Field("amount", "Amount", "money", self.app.money(max(due, 0))),
                Field("method", "Method", "select", "card", (("Card", "card"), ("Bank transfer", "bank"),
                                                             ("Cash", "cash"))),
                Field("reference", "Reference", required=False),
                Field("day", "Paid on", "date", today(self.app).isoformat()),
            ], submit="Record payment"), go)

        self.read(lambda uow: amount_due(uow, order_by_number(uow, number)), then=ask)

    def action_ship(self) -> None:
        number = self.current_number()
        if not number:
            return
        from boclerk.services.sales.queries import order_detail

        def ask(d) -> None:
            fields = [Field(f"l{ln.line_no}", f"{ln.sku} (of {ln.qty - ln.shipped})", "qty",
                            str(ln.qty - ln.shipped), required=False)
                      for ln in d.lines if ln.kind == "goods" and ln.qty > ln.shipped][:8]

            def go(values: dict | None) -> None:
                if values is None:
                    return
                chosen = []
                whole = True
                for ln in d.lines:
                    qty = values.get(f"l{ln.line_no}")
                    if ln.kind != "goods" or ln.qty <= ln.shipped:
                        continue
                    if qty != ln.qty - ln.shipped:
                        whole = False
                    if qty:
                        chosen.append((ln.sku, qty))
                from boclerk.services.sales.orders import ship_order

                self.write(ship_order, number, None if whole else chosen, done=f"Shipped {number}.",
                           then=lambda _: self.after_act(number))

            self.app.push_screen(FormDialog(f"Ship {number}", fields, submit="Ship",
                                            hint="Stock leaves and revenue is posted; this cannot be undone."), go)

        self.read(order_detail, number, then=ask)

    def _confirm_then(self, question: str, fn, number: str, done: str, **kwargs: Any) -> None:
        def go(yes: bool | None) -> None:
            if yes:
                self.write(fn, number, done=done, then=lambda _: self.after_act(number), **kwargs)

        self.app.push_screen(ConfirmDialog(question), go)

    def action_deliver(self) -> None:
        number = self.current_number()
        if number:
            from boclerk.services.sales.orders import deliver_order

            self.write(deliver_order, number, done=f"{number} delivered.", then=lambda _: self.after_act(number))

    def action_cancel(self) -> None:
        number = self.current_number()
        if number:
            from boclerk.services.sales.orders import cancel_order

            self._confirm_then(f"Cancel {number}? Reservations are released and payments refunded.",
                               cancel_order, number, f"Cancelled {number}.")

    def action_reserve(self) -> None:
        number = self.current_number()
        if number:
            from boclerk.services.sales.orders import top_up_reservations

            self.write(top_up_reservations, number, done=f"Reserved what has arrived for {number}.",
                       then=lambda _: self.after_act(number))

    def action_return_goods(self) -> None:
        number = self.current_number()
        if not number:
            return
        from boclerk.services.sales.queries import order_detail

        def ask(d) -> None:
            fields = [Field(f"l{ln.line_no}", f"{ln.sku} (of {ln.shipped - ln.returned})", "qty", "", required=False)
                      for ln in d.lines if ln.shipped > ln.returned][:8]
            fields.append(Field("damaged", "Damaged: write off", "check", False))

            def go(values: dict | None) -> None:
                if not values:
                    return
                lines = [(ln.sku, values[f"l{ln.line_no}"]) for ln in d.lines
                         if values.get(f"l{ln.line_no}")]
                if not lines:
                    self.app.notify("Nothing to return: give a quantity.", severity="warning")
                    return
                from boclerk.services.sales.orders import return_order

                def really(yes: bool | None) -> None:
                    if yes:
                        self.write(return_order, number, lines, damaged=values["damaged"],
                                   done=f"Return of {number} recorded.", then=lambda _: self.after_act(number))

                self.app.push_screen(ConfirmDialog(f"Take back {', '.join(f'{q} x {s}' for s, q in lines)} "
                                                   f"of {number}? Revenue is reversed and the credit refunded."),
                                     really)

            self.app.push_screen(FormDialog(f"Return goods of {number}", fields, submit="Return"), go)

        self.read(order_detail, number, then=ask)


def _warehouses(uow) -> list[tuple[str, str]]:
    from boclerk.services.catalog.products import list_warehouses

    return [(f"{w.code} {w.name}", w.code) for w in list_warehouses(uow) if w.active]


class OrderDetailScreen(OrderActs, AreaScreen):
    """One order on its own screen (narrow terminals, or opened from elsewhere)."""

    TITLE = "Order"
    HELP = "One order: its lines, reservations, payments, shipments and history. Esc goes back."
    BINDINGS = [
        Binding("c", "confirm", "Confirm", id="orders.confirm"),
        Binding("p", "pay", "Pay", id="orders.pay"),
        Binding("s", "ship", "Ship", id="orders.ship"),
        Binding("d", "deliver", "Deliver", id="orders.deliver"),
        Binding("x", "cancel", "Cancel", id="orders.cancel"),
        Binding("r", "return_goods", "Return", id="orders.return"),
        Binding("e", "reserve", "Reserve", id="orders.reserve"),
        Binding("escape", "back", "Back", id="screen.back"),
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
        self.status = d.status
        self.query_one("#order-detail", Static).update(render_detail(d, self.money))
        self.refresh_bindings()

    def current_number(self) -> str | None:
        return self.number

    def current_status(self) -> str | None:
        return self.status

    def after_act(self, number: str) -> None:
        self.refresh_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ACTS:
            return self.act_allowed(action)
        return True


class OrdersScreen(OrderActs, AreaScreen):
    TITLE = "Orders"
    DETAIL = "orders-detail"
    AUTO_FOCUS = "#orders-list"
    HELP = ("Orders, newest first. Filter by state and channel, or type in the search box (/) a number, a "
            "channel reference, or a customer's name, email or phone. Enter opens an order; on a wide "
            "terminal it shows beside the list. Acts are offered by key when the order's state and your role "
            "allow them. New orders: n (a new customer from inside the order form: ctrl+n).")
    BINDINGS = [
        Binding("n", "new_order", "New", id="orders.new"),
        Binding("c", "confirm", "Confirm", id="orders.confirm"),
        Binding("p", "pay", "Pay", id="orders.pay"),
        Binding("s", "ship", "Ship", id="orders.ship"),
        Binding("d", "deliver", "Deliver", id="orders.deliver"),
        Binding("x", "cancel", "Cancel", id="orders.cancel"),
        Binding("r", "return_goods", "Return", id="orders.return"),
        Binding("e", "reserve", "Reserve", show=False, id="orders.reserve"),
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
        # The list offers what the role may do; the order's state is checked by the service, whose
        # sentence says why not. (Dimming by the highlighted row's state would rebuild the footer
        # on almost every cursor move; the order's own screen does dim by state.)
        if action in ACTS:
            return self.can(ACTS[action][0])
        if action == "new_order":
            return self.can(Perm.ORDER_MANAGE)
        return True

    def action_open(self) -> None:
        number = self.current_number()
        if number:
            self.open_record(number)

    def on_data_table_row_selected(self, event) -> None:
        self.action_open()

    def open_record(self, number: str) -> None:
        self.app.push_screen(OrderDetailScreen(number))

    def show_customer(self, code: str) -> None:
        self.apply_filters(customer=code)

    def action_filter_drafts(self) -> None:
        self.apply_filters(status="draft")

    def action_filter_to_ship(self) -> None:
        self.apply_filters(status="open", backorder=False)

    def action_new_order(self) -> None:
        from boclerk.tui.orders.form import NewOrderScreen

        def done(number: str | None) -> None:
            if number:
                self.query_one(PagedTable).reload()

        self.app.push_screen(NewOrderScreen(), done)

    def action_new_customer(self) -> None:
        from boclerk.tui.orders.form import new_customer

        new_customer(self, lambda code: None)
