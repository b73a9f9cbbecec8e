"""One purchase order or one supplier bill on its own screen (narrow terminals, or opened from
elsewhere): its lines, bills or payments and history, and on the key bar the acts its state allows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from boclerk.i18n import N_, _
from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.one_record import StateKeyBar
from boclerk.tui.purchases.acts import KIND_OF, PurchaseActs
from boclerk.tui.purchases.views import render_bill, render_po


class RecordScreen(StateKeyBar, PurchaseActs, AreaScreen):
    """One purchase order or bill on its own screen (narrow terminals, or opened from elsewhere); its key
    bar offers the acts the record's state allows."""

    KIND = "po"
    DEFAULT_CSS = """
    RecordScreen #record-detail { padding: 0 1; }
    """

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.status: str | None = None

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="area-body"):
            yield Static(_("Loading…"), id="record-detail")

    def on_mount(self) -> None:
        self.refresh_detail()

    def refresh_detail(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_kind(self) -> str | None:
        return self.KIND

    def current_key(self) -> str | None:
        return self.number

    def current_status(self) -> str | None:
        return self.status

    def after_act(self, key: str) -> None:
        self.refresh_detail()

    def offered(self, action: str) -> bool | None:
        return self.act_allowed(action) if action in KIND_OF else True


class PODetailScreen(RecordScreen):
    TITLE = N_("Purchase order")
    HELP = N_("One purchase order: its lines with what was received (Rcv) and billed (Bld), its bills and "
            "history. s sends a draft, r receives (all or some lines), b enters the supplier's bill, "
            "x cancels while nothing was received. Esc goes back.")
    BINDINGS = [
        *act_bindings("purchases.send", "purchases.receive", "purchases.enter_bill", "purchases.cancel_po",
                      "purchases.documents"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]

    def refresh_detail(self) -> None:
        from boclerk.services.purchasing.queries import po_detail

        self.read(po_detail, self.number, then=self.show)

    def show(self, d) -> None:
        self.status = d.status
        self.query_one("#record-detail", Static).update(render_po(d, self.money, self.app.currency, self.app.locale))
        self.refresh_bindings()


class BillDetailScreen(RecordScreen):
    TITLE = N_("Supplier bill")
    KIND = "bill"
    HELP = N_("One supplier bill: why it is held (if it is), its lines, payments, entry and history. "
            "An accountant approves (a) or rejects (d) a held bill; p pays a posted one. u reverses a posted bill "
            "nothing is paid on (booked by mistake); m enters the supplier's credit or debit note against a posted "
            "or paid bill. Esc goes back.")
    BINDINGS = [
        *act_bindings("purchases.approve", "purchases.reject", "purchases.pay", "purchases.reverse_bill",
                      "purchases.note"),
        Binding("escape", "back", N_("Back"), show=False, id="screen.back"),  # room for the acts; F1 says Esc
    ]

    def refresh_detail(self) -> None:
        from boclerk.services.purchasing.queries import bill_detail

        self.read(bill_detail, self.number, then=self.show)

    def show(self, d) -> None:
        self.status = d.bill.status
        self.query_one("#record-detail", Static).update(render_bill(d, self.money, self.app.currency, self.app.locale))
        self.refresh_bindings()
