"""Purchases: purchase orders, supplier bills and suppliers; every act of procure-to-pay by key."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from boclerk.i18n import N_, _, ngettext, pgettext
from boclerk.tui.base import act_bindings
from boclerk.tui.lists import Filter, ListScreen, View, keyset
from boclerk.tui.paged import Column
from boclerk.tui.purchases.acts import (
    KIND_OF,
    ON_BILL_VIEW,
    PurchaseActs,
    new_supplier,
)
from boclerk.tui.purchases.detail import BillDetailScreen, PODetailScreen
from boclerk.tui.translated import translate_lists
from boclerk.tui.purchases.views import (
    bill_state,
    po_state,
    render_bill,
    render_po,
    render_supplier,
)

PO_STATUSES = ((N_("All orders"), ""), (N_("Awaiting receipt"), "open"), (N_("Draft"), "draft"), (N_("Sent"), "sent"),
               (N_("Partially received"), "partially_received"), (N_("Received"), "received"),
               (N_("Billed"), "billed"), (N_("Closed"), "closed"), (N_("Cancelled"), "cancelled"))
BILL_STATUSES = ((N_("All bills"), ""), (N_("Held (exceptions)"), "held"), (N_("Posted (to pay)"), "posted"),
                 (N_("Paid"), "paid"), (N_("Rejected"), "rejected"), (N_("Reversed"), "reversed"))

PO_COLUMNS = [
    Column("number", N_("Number"), 14, 1),
    Column("date", N_("Date"), 10, 2),
    Column("code", N_("Code"), 8, 4),
    Column("supplier", N_("Supplier"), 18, 1, grow=True),
    Column("status", N_("State"), 14, 1),
    Column("total", N_("Total, net"), 12, 1, right=True),
]
BILL_COLUMNS = [
    Column("number", N_("Number"), 16, 1),
    Column("supplier", N_("Supplier"), 8, 1),
    Column("ref", N_("Their no."), 12, 2),
    Column("date", N_("Date"), 10, 4),
    Column("due", N_("Due"), 10, 3),
    Column("status", N_("State"), 8, 1),
    Column("total", N_("Total"), 12, 1, right=True),
    Column("paid", N_("Paid"), 12, 5, right=True),
    Column("po", N_("PO"), 14, 6),
]
SUPPLIER_COLUMNS = [
    Column("code", N_("Code"), 10, 1),
    Column("name", N_("Name"), 24, 1, grow=True),
    Column("terms", N_("Days"), 5, 2, right=True),
    Column("tax_id", N_("Tax id"), 12, 3),
    Column("phone", N_("Phone"), 18, 4),
    Column("email", N_("Email"), 24, 5),
]



class PurchasesScreen(PurchaseActs, ListScreen):
    TITLE = N_("Purchases")
    AREA = "purchases"
    AUTO_FOCUS = "#po-list"
    HELP = N_("Purchase orders, supplier bills and suppliers: v switches between the three lists. Filter by state "
            "with the selector at the top, or type in the search box (/) a PO or bill number, the supplier's own "
            "bill number, or a supplier's code, tax id or part of its name. Enter opens a PO or a bill (on a wide "
            "terminal the current one shows beside the list); on a supplier, Enter lists its purchase orders.\n\n"
            "Purchase orders: n new PO (by SKU or barcode), o new draft POs from the reorder suggestions, s send "
            "a draft, r receive (all or some lines), b enter the supplier's bill, x cancel.\n"
            "Bills: a bill beyond the price or quantity tolerance is held; an accountant approves (a) or rejects "
            "(d) it; h lists the held bills. p pays a posted bill (in part or in full).\n"
            "Suppliers: n adds one, e edits the current one, w writes the reconciliation statement (акт сверки) "
            "with it for a period.\n"
            "Acts your role may not do are not shown; acts the record's state does not allow are dimmed. "
            "ctrl+r reloads the list.")
    BINDINGS = [
        Binding("v", "next_view", N_("View"), id="purchases.view"),
        Binding("slash", "search", N_("Search"), id="purchases.search"),
        *act_bindings("purchases.new_supplier", "purchases.new_po", "purchases.suggest", *(
            f"purchases.{act}" for act in KIND_OF if act not in ON_BILL_VIEW), "purchases.filter_held"),
        Binding("ctrl+r", "refresh", N_("Refresh"), show=False, id="purchases.refresh"),
        Binding("enter", "open", N_("Open"), show=False, id="purchases.open"),
    ]
    VIEWS = (View("po", N_("Purchase orders"), PO_COLUMNS, "fetch_pos", "po_cells", count="count_pos"),
             View("bill", N_("Supplier bills"), BILL_COLUMNS, "fetch_bills", "bill_cells", count="count_bills"),
             View("supplier", N_("Suppliers"), SUPPLIER_COLUMNS, "fetch_suppliers", "supplier_cells",
                  key=lambda r: r.code, page=200, window_pages=50, count="count_suppliers"))
    FILTERS = (Filter("po_status", "po-status", PO_STATUSES, views=("po",)),
               Filter("bill_status", "bill-status", BILL_STATUSES, views=("bill",)))
    SEARCH = N_("/ number, supplier, ref.")  # the box shows 27 cells at 80 columns

    def __init__(self) -> None:
        super().__init__()
        translate_lists(self, {("bill", "supplier"): pgettext("narrow column", "Supplier"),
                               ("bill", "po"): pgettext("narrow column", "PO")},
                        own={"State": pgettext("list column", "State")})
        self._stale = False

    # -- lists --------------------------------------------------------------------------------------
    def fetch_pos(self, uow, **page):
        from boclerk.services.purchasing.queries import list_pos

        return keyset(list_pos, uow, **page, status=self.filters["po_status"] or None, search=self.filters["search"])

    def fetch_bills(self, uow, **page):
        from boclerk.services.purchasing.queries import list_bills

        return keyset(list_bills, uow, **page, status=self.filters["bill_status"] or None,
                      search=self.filters["search"])

    def fetch_suppliers(self, uow, *, after=None, before=None, last=False, limit=200):
        """Suppliers by code. list_suppliers pages forward only: the window is kept large (50 pages),
        and the last page is reached by paging forward (suppliers are few)."""
        from boclerk.services.catalog.partners import list_suppliers

        if before is not None:
            return []
        search = self.filters["search"]
        rows = list_suppliers(uow, search=search, after_code=after, limit=limit)
        while last and len(rows) == limit:
            more = list_suppliers(uow, search=search, after_code=rows[-1].code, limit=limit)
            if not more:
                break
            rows = (rows + more)[-limit:]
        return rows

    def count_pos(self, uow):
        from boclerk.services.purchasing.counting import count_pos

        return count_pos(uow, status=self.filters["po_status"] or None, search=self.filters["search"])

    def count_bills(self, uow):
        from boclerk.services.purchasing.counting import count_bills

        return count_bills(uow, status=self.filters["bill_status"] or None, search=self.filters["search"])

    def count_suppliers(self, uow):
        from boclerk.services.purchasing.counting import count_suppliers

        return count_suppliers(uow, search=self.filters["search"])

    def count_words(self, n: int, more: bool) -> str:
        shown = self.quantity(n)
        if self.view == "bill":
            if more:
                return ngettext("more than {n} bill", "more than {n} bills", n).format(n=shown)
            return ngettext("{n} bill", "{n} bills", n).format(n=shown)
        if self.view == "supplier":
            if more:
                return ngettext("more than {n} supplier", "more than {n} suppliers", n).format(n=shown)
            return ngettext("{n} supplier", "{n} suppliers", n).format(n=shown)
        if more:
            return ngettext("more than {n} purchase order", "more than {n} purchase orders", n).format(n=shown)
        return ngettext("{n} purchase order", "{n} purchase orders", n).format(n=shown)

    def po_cells(self, r) -> dict:
        return {"number": r.number, "date": self.day(r.order_date), "code": r.supplier,
                "supplier": r.supplier_name, "status": po_state(r.status), "total": self.money(r.total)}

    def bill_cells(self, r) -> dict:
        return {"number": r.number, "supplier": r.supplier, "ref": r.supplier_ref,
                "date": self.day(r.bill_date), "due": self.day(r.due_date),
                "status": bill_state(r.status), "total": self.money(r.total), "paid": self.money(r.paid), "po": r.po or ""}

    def supplier_cells(self, r) -> dict:
        return {"code": r.code, "name": r.name + ("" if r.active else _(" (archived)")),
                "terms": str(r.payment_terms_days),
                "tax_id": r.tax_id, "phone": r.phone, "email": r.email}

    def show_current(self) -> None:
        row = self.current
        if not self.is_wide:
            return
        if row is None or self.view == "supplier":
            self.show_detail_text("" if row is None else render_supplier(row))
            return
        from boclerk.services.purchasing.queries import bill_detail, po_detail

        if self.view == "po":
            self.show_detail(po_detail, self.current_key(), render=lambda d: render_po(d, self.money, self.app.currency, self.app.locale))
        else:
            self.show_detail(bill_detail, self.current_key(), render=lambda d: render_bill(d, self.money, self.app.currency, self.app.locale))

    def apply_filters(self, **filters: Any) -> None:
        """Open a list filtered: status= (POs; "open" is awaiting receipt), bills= (held, posted ...),
        supplier= or search=, view= (po, bill, supplier)."""
        view = "bill" if filters.get("bills") else filters.get("view") or "po"
        super().apply_filters(view=view, po_status=filters.get("status"), bill_status=filters.get("bills"),
                              search=filters.get("search") or filters.get("supplier"))

    def action_filter_held(self) -> None:
        self.apply_filters(bills="held")

    # -- the current record, and acts --------------------------------------------------------------------
    def current_kind(self) -> str | None:
        return self.view

    def current_key(self) -> str | None:
        row = self.current
        if row is None:
            return None
        return row.code if self.view == "supplier" else row.number

    def current_status(self) -> str | None:
        row = self.current
        return getattr(row, "status", None) if row is not None else None

    def on_screen_resume(self) -> None:
        if self._stale:  # back from a PO or bill opened on its own screen, where acts may have changed it
            self._stale = False
            self.after_act()

    def offered(self, action: str) -> bool | None:
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

        def done(number: str | None) -> None:
            if number:
                self.reload("po")

        def go() -> None:
            if self.view != "po":
                self.show_view("po", focus=True)
            self.app.push_screen(NewPOScreen(), done)

        self.begin("purchases.new_po", None, go)

    def action_suggest(self) -> None:
        from boclerk.services.purchasing.orders import suggest_reorders
        from boclerk.tui.purchases.views import SuggestionsDialog

        def show(groups) -> None:
            if not groups:
                self.app.notify(_("Nothing is below its reorder point (counting what is on order)."))
                return

            def go(yes: bool | None) -> None:
                if yes:
                    self.write(suggest_reorders, create=True, then=made)

            self.app.push_screen(SuggestionsDialog(groups, self.money, can_create=self.offer("purchases.suggest")), go)

        def made(groups) -> None:
            numbers = [g.created for g in groups if g.created]
            self.app.notify(ngettext("Created {numbers} (draft); send it with s.",
                                     "Created {numbers} (drafts); send them with s.", len(numbers)).format(
                numbers=", ".join(numbers)) if numbers else _("No purchase order was needed."))
            if self.view != "po":
                self.show_view("po", focus=True)
            else:
                self.reload("po")

        self.begin("purchases.suggest", None, lambda: self.read(suggest_reorders, then=show))

    def action_new_supplier(self) -> None:
        self.begin("purchases.new_supplier", None, lambda: new_supplier(self, lambda code: self.reload("supplier")))
