"""Purchases: purchase orders, supplier bills and suppliers; every act of procure-to-pay by key."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Select, Static

from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.paged import Column, PagedTable
from boclerk.tui.purchases.acts import (
    KIND_OF,
    BillDetailScreen,
    PODetailScreen,
    PurchaseActs,
    new_supplier,
)
from boclerk.tui.purchases.views import (
    PO_STATES,
    render_bill,
    render_po,
    render_supplier,
)

VIEWS = (("Purchase orders", "po"), ("Supplier bills", "bill"), ("Suppliers", "supplier"))
PO_STATUSES = (("All orders", ""), ("Awaiting receipt", "open"), ("Draft", "draft"), ("Sent", "sent"),
               ("Partially received", "partially_received"), ("Received", "received"), ("Billed", "billed"),
               ("Closed", "closed"), ("Cancelled", "cancelled"))
BILL_STATUSES = (("All bills", ""), ("Held (exceptions)", "held"), ("Posted (to pay)", "posted"), ("Paid", "paid"),
                 ("Rejected", "rejected"))

PO_COLUMNS = [
    Column("number", "Number", 14, 1),
    Column("date", "Date", 10, 2),
    Column("code", "Code", 8, 4),
    Column("supplier", "Supplier", 18, 1),
    Column("status", "State", 14, 1),
    Column("total", "Total, net", 12, 1, right=True),
]
BILL_COLUMNS = [
    Column("number", "Number", 16, 1),
    Column("supplier", "Supplier", 8, 1),
    Column("ref", "Their no.", 12, 2),
    Column("date", "Date", 10, 4),
    Column("due", "Due", 10, 3),
    Column("status", "State", 8, 1),
    Column("total", "Total", 12, 1, right=True),
    Column("paid", "Paid", 12, 5, right=True),
    Column("po", "PO", 14, 6),
]
SUPPLIER_COLUMNS = [
    Column("code", "Code", 10, 1),
    Column("name", "Name", 24, 1),
    Column("terms", "Days", 5, 2, right=True),
    Column("tax_id", "Tax id", 12, 3),
    Column("phone", "Phone", 18, 4),
    Column("email", "Email", 24, 5),
]


class PurchasesScreen(PurchaseActs, AreaScreen):
    TITLE = "Purchases"
    DETAIL = "purchases-detail"
    AUTO_FOCUS = "#po-list"
    HELP = ("Purchase orders, supplier bills and suppliers: v switches between the three lists. Filter by state "
            "with the selector at the top, or type in the search box (/) a PO or bill number, the supplier's own "
            "bill number, or a supplier's code, tax id or part of its name. Enter opens a PO or a bill (on a wide "
            "terminal the current one shows beside the list); on a supplier, Enter lists its purchase orders.\n\n"
            "Purchase orders: n new PO (by SKU or barcode), o new draft POs from the reorder suggestions, s send "
            "a draft, r receive (all or some lines), b enter the supplier's bill, x cancel.\n"
            "Bills: a bill beyond the price or quantity tolerance is held; an accountant approves (a) or rejects "
            "(d) it; h lists the held bills. p pays a posted bill (in part or in full).\n"
            "Suppliers: n adds one, e edits the current one.\n"
            "Acts your role may not do are not shown; acts the record's state does not allow are dimmed. "
            "ctrl+r reloads the list.")
    BINDINGS = [
        Binding("v", "next_view", "View", id="purchases.view"),
        Binding("slash", "search", "Search", id="purchases.search"),
        *act_bindings("purchases.new_supplier", "purchases.new_po", "purchases.suggest", *(
            f"purchases.{act}" for act in KIND_OF), "purchases.filter_held"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="purchases.refresh"),
        Binding("enter", "open", "Open", show=False, id="purchases.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "po"
        self.search_text: str | None = None
        self.po_status: str | None = None
        self.bill_status: str | None = None
        self._keep: dict[str, int] = {}
        self._stale = False

    def body(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Input(placeholder="/ number, supplier, their bill no.", id="search", classes="-filter")
            yield Select(VIEWS, value="po", allow_blank=False, id="view", classes="-filter")
            yield Select(PO_STATUSES, value="", allow_blank=False, id="po-status", classes="-filter")
            yield Select(BILL_STATUSES, value="", allow_blank=False, id="bill-status", classes="-filter")
        with Horizontal(classes="area-body"):
            with Vertical(classes="list-pane"):
                yield PagedTable(PO_COLUMNS, self.fetch_pos, self.po_cells, lambda r: r.id, id="po-list")
                yield PagedTable(BILL_COLUMNS, self.fetch_bills, self.bill_cells, lambda r: r.id, id="bill-list")
                yield PagedTable(SUPPLIER_COLUMNS, self.fetch_suppliers, self.supplier_cells, lambda r: r.code,
                                 page=200, window_pages=50, id="supplier-list")
                yield Static("", classes="status-line", id="purchases-status")
            with VerticalScroll(classes="detail-pane"):
                yield Static("", id="purchases-detail")

    def on_mount(self) -> None:
        self._show_view("po", focus=True)

    # -- lists --------------------------------------------------------------------------------------
    def table(self, view: str | None = None) -> PagedTable:
        return self.query_one(f"#{view or self.view}-list", PagedTable)

    def list_widget(self) -> PagedTable:
        return self.table()

    def reload(self, view: str | None = None) -> None:
        """Fetch the first page again (the table queues a reload asked for mid-fetch)."""
        self.table(view).reload()

    def fetch_pos(self, uow, *, after=None, before=None, last=False, limit=100):
        from boclerk.services.purchasing.queries import list_pos

        kwargs = {"status": self.po_status, "search": self.search_text, "limit": limit}
        if last:
            return list_pos(uow, after_id=0, **kwargs)
        if before is not None:
            return list_pos(uow, after_id=before, **kwargs)
        return list_pos(uow, before_id=after, **kwargs)

    def fetch_bills(self, uow, *, after=None, before=None, last=False, limit=100):
        from boclerk.services.purchasing.queries import list_bills

        kwargs = {"status": self.bill_status, "search": self.search_text, "limit": limit}
        if last:
            return list_bills(uow, after_id=0, **kwargs)
        if before is not None:
            return list_bills(uow, after_id=before, **kwargs)
        return list_bills(uow, before_id=after, **kwargs)

    def fetch_suppliers(self, uow, *, after=None, before=None, last=False, limit=200):
        """Suppliers by code. list_suppliers pages forward only: the window is kept large (50 pages),
        and the last page is reached by paging forward (suppliers are few)."""
        from boclerk.services.catalog.partners import list_suppliers

        if before is not None:
            return []
        rows = list_suppliers(uow, search=self.search_text, after_code=after, limit=limit)
        while last and len(rows) == limit:
            more = list_suppliers(uow, search=self.search_text, after_code=rows[-1].code, limit=limit)
            if not more:
                break
            rows = (rows + more)[-limit:]
        return rows

    def po_cells(self, r) -> dict:
        return {"number": r.number, "date": r.order_date.strftime("%d.%m.%Y"), "code": r.supplier,
                "supplier": r.supplier_name, "status": PO_STATES.get(r.status, r.status), "total": self.money(r.total)}

    def bill_cells(self, r) -> dict:
        return {"number": r.number, "supplier": r.supplier, "ref": r.supplier_ref,
                "date": r.bill_date.strftime("%d.%m.%Y"), "due": r.due_date.strftime("%d.%m.%Y"),
                "status": r.status, "total": self.money(r.total), "paid": self.money(r.paid), "po": r.po or ""}

    def supplier_cells(self, r) -> dict:
        return {"code": r.code, "name": r.name + ("" if r.active else " (archived)"),
                "terms": str(r.payment_terms_days),
                "tax_id": r.tax_id, "phone": r.phone, "email": r.email}

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        view = event.table.id.split("-")[0]
        keep = self._keep.pop(view, None)
        if keep is not None and event.table.rows_data:
            event.table.move_cursor(row=min(keep, len(event.table.rows_data) - 1))
        if view != self.view:
            return
        if self.focused is None:  # a table cannot take the focus while it loads (Widget.loading)
            event.table.focus()
        self._describe()
        self.refresh_bindings()
        self.show_current()

    def _describe(self) -> None:
        table = self.table()
        parts = [f"{len(table.rows_data)} shown"]
        if table.more_after:
            parts.append("more below")
        if table.more_before:
            parts.append("more above")
        status = {"po": self.po_status, "bill": self.bill_status}.get(self.view)
        described = ", ".join(x for x in (status, f"'{self.search_text}'" if self.search_text else None) if x)
        line = "; ".join(parts) + (f" — {described}" if described else "")
        self.query_one("#purchases-status", Static).update(line)

    def on_data_table_row_highlighted(self, event) -> None:
        if event.data_table is self.table():
            self.cursor_moved()

    def show_current(self) -> None:
        row = self.table().current
        if not self.is_wide:
            return
        if row is None or self.view == "supplier":
            self.show_detail_text("" if row is None else render_supplier(row))
            return
        from boclerk.services.purchasing.queries import bill_detail, po_detail

        if self.view == "po":
            self.show_detail(po_detail, self.current_key(), render=lambda d: render_po(d, self.money))
        else:
            self.show_detail(bill_detail, self.current_key(), render=lambda d: render_bill(d, self.money))

    # -- views and filters -----------------------------------------------------------------------------
    def _show_view(self, view: str, *, focus: bool = False) -> None:
        self.view = view
        self.table(view).display = True
        if focus or not isinstance(self.focused, Input):
            self.table(view).focus()  # before the others hide, or the focus is lost with them
        for name in ("po", "bill", "supplier"):
            if name != view:
                self.table(name).display = False
        self.query_one("#po-status", Select).display = view == "po"
        self.query_one("#bill-status", Select).display = view == "bill"
        with self.prevent(Select.Changed):
            self.query_one("#view", Select).value = view
        self.show_detail_text("")
        self.reload(view)
        self.refresh_bindings()

    def action_next_view(self) -> None:
        order = [v for _, v in VIEWS]
        self._show_view(order[(order.index(self.view) + 1) % len(order)], focus=True)

    def apply_filters(self, **filters: Any) -> None:
        """Open a list filtered: status= (POs; "open" is awaiting receipt), bills= (held, posted ...),
        supplier= or search=, view= (po, bill, supplier)."""
        view = "bill" if filters.get("bills") else filters.get("view") or "po"
        self.po_status = filters.get("status") or None
        self.bill_status = filters.get("bills") or None
        self.search_text = filters.get("search") or filters.get("supplier") or None
        with self.prevent(Select.Changed, Input.Changed):
            self.query_one("#po-status", Select).value = (
                self.po_status if self.po_status in {v for _, v in PO_STATUSES} else "")
            self.query_one("#bill-status", Select).value = (
                self.bill_status if self.bill_status in {v for _, v in BILL_STATUSES} else "")
            self.query_one("#search", Input).value = self.search_text or ""
        self._show_view(view, focus=True)  # the other lists load with these filters when shown

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "view":
            self._show_view(event.value)
        elif event.select.id == "po-status":
            self.po_status = event.value or None
            self.reload("po")
        elif event.select.id == "bill-status":
            self.bill_status = event.value or None
            self.reload("bill")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.search_text = event.value.strip() or None
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table().focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filter_held(self) -> None:
        self.apply_filters(bills="held")

    def action_refresh(self) -> None:
        self.after_act(self.current_key() or "")

    # -- the current record, and acts --------------------------------------------------------------------
    def current_kind(self) -> str | None:
        return self.view

    def current_key(self) -> str | None:
        row = self.table().current
        if row is None:
            return None
        return row.code if self.view == "supplier" else row.number

    def current_status(self) -> str | None:
        row = self.table().current
        return getattr(row, "status", None) if row is not None else None

    def after_act(self, key: str) -> None:
        self._keep[self.view] = self.table().cursor_row  # the cursor goes back there once the page is in
        self.reload()

    def on_screen_resume(self) -> None:
        if self._stale:  # back from a PO or bill opened on its own screen, where acts may have changed it
            self._stale = False
            self.after_act(self.current_key() or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in KIND_OF:
            return self.act_allowed(action)
        if action in ("new_po", "suggest"):
            return self.offer(f"purchases.{action}") if self.view != "supplier" else False
        if action == "new_supplier":
            return self.offer("purchases.new_supplier") if self.view == "supplier" else False
        return True

    def action_open(self) -> None:
        key = self.current_key()
        if not key:
            return
        if self.view == "po":
            self.open_record(key)
        elif self.view == "bill":
            self.open_bill(key)
        else:
            self.show_supplier(key)

    def on_data_table_row_selected(self, event) -> None:
        if event.data_table is self.table():
            self.action_open()

    def open_record(self, number: str) -> None:
        self._stale = True
        self.app.push_screen(PODetailScreen(number))

    def open_bill(self, number: str) -> None:
        self._stale = True
        self.app.push_screen(BillDetailScreen(number))

    def show_supplier(self, code: str) -> None:
        self.apply_filters(view="po", supplier=code)

    def action_new_po(self) -> None:
        from boclerk.tui.purchases.form import NewPOScreen

        if self.view != "po":
            self._show_view("po", focus=True)

        def done(number: str | None) -> None:
            if number:
                self.reload("po")

        self.app.push_screen(NewPOScreen(), done)

    def action_suggest(self) -> None:
        from boclerk.services.purchasing.orders import suggest_reorders
        from boclerk.tui.purchases.views import SuggestionsDialog

        def show(groups) -> None:
            if not groups:
                self.app.notify("Nothing is below its reorder point (counting what is on order).")
                return

            def go(yes: bool | None) -> None:
                if yes:
                    self.write(suggest_reorders, create=True, then=made)

            self.app.push_screen(SuggestionsDialog(groups, self.money, can_create=self.offer("purchases.suggest")), go)

        def made(groups) -> None:
            numbers = [g.created for g in groups if g.created]
            self.app.notify(f"Created {', '.join(numbers)} (drafts); send them with s." if numbers
                            else "No purchase order was needed.")
            if self.view != "po":
                self._show_view("po", focus=True)
            else:
                self.reload("po")

        self.read(suggest_reorders, then=show)

    def action_new_supplier(self) -> None:
        new_supplier(self, lambda code: self.reload("supplier"))
