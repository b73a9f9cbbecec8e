"""A customer's or supplier's card: contacts, addresses, tax ids, the balance between us and what
of it is overdue, their latest orders (a supplier's purchase orders and bills) and documents.

Keys: n a new order for this customer (a new PO for this supplier; not with an archived one),
w the reconciliation statement (акт сверки), Enter opens the highlighted order, PO or bill, l shows
all of their orders (POs) in the list of their area, e changes their details, a archives the
partner, r restores one.
Opened over whatever screen is open: from the palette's pick of a customer or supplier, from an
order (u), from a document's link.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from boclerk.i18n import N_, _, ngettext
from boclerk.tui.base import AreaScreen
from boclerk.tui.refusals import RESTORE_ID, RESTORE_KEY

#: how a record's state reads on a card (the stored code is not translated)
STATES = {"draft": N_("draft"), "confirmed": N_("confirmed"), "partially_shipped": N_("part. shipped"),
          "shipped": N_("shipped"), "delivered": N_("delivered"), "cancelled": N_("cancelled"), "sent": N_("sent"),
          "partially_received": N_("part. received"), "received": N_("received"), "billed": N_("billed"),
          "closed": N_("closed"), "held": N_("held"), "posted": N_("posted"), "paid": N_("paid"),
          "rejected": N_("rejected"), "reversed": N_("reversed")}


def state_words(code: str) -> str:
    label = STATES.get(code)
    return _(label) if label else code.replace("_", " ")


def open_card(app, side: str, code: str) -> None:
    """Open the card of customer or supplier ``code`` over the screen that is open (once: a card of
    the same partner already on top stays as it is)."""
    screen = app.screen
    if isinstance(screen, PartnerCardScreen) and (screen.side, screen.code) == (side, code):
        return
    app.push_screen((CustomerCardScreen if side == "customer" else SupplierCardScreen)(side, code))


class PartnerCardScreen(AreaScreen):
    TITLE = N_("Card")
    HELP = N_("A customer's or supplier's card: contacts, address, tax ids, the balance between us (what they "
              "owe, or what the shop owes them) and what of it is overdue, their latest orders (a supplier's "
              "purchase orders and bills) and documents.\n\n"
              "n a new order for this customer (a new purchase order for this supplier), w the reconciliation "
              "statement (акт сверки), Enter opens the highlighted order, PO or bill, l shows all of their "
              "orders (POs) in the list, e changes their details, a archives them (their history stays; no "
              "new orders with them), r brings an archived one back. Esc goes back.")
    BINDINGS = [
        Binding("n", "new_order", N_("New order"), id="card.new_order"),
        # an archived partner's card is about bringing them back: its key comes before the rest,
        # which at 80 columns leave no room at the end of the key bar (only one of archive and
        # restore is on it, as the partner's state allows)
        Binding(RESTORE_KEY, "restore", N_("Restore"), id=RESTORE_ID),
        Binding("w", "statement", N_("Statement"), id="card.statement"),
        Binding("l", "all_orders", N_("All orders"), id="card.all_orders"),
        Binding("e", "edit", N_("Edit"), id="card.edit"),
        Binding("a", "archive", N_("Archive"), id="card.archive"),
        Binding("enter", "open", N_("Open"), show=False, id="card.open"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]

    def __init__(self, side: str, code: str) -> None:
        super().__init__()
        self.side, self.code = side, code
        self.card = None
        self.TITLE = N_("Customer") if side == "customer" else N_("Supplier")

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="area-body"):
            yield Static(_("Loading…"), id="card-head")
            yield DataTable(id="card-records", cursor_type="row", zebra_stripes=True)
            yield Static("", id="card-docs")

    def on_mount(self) -> None:
        table = self.query_one("#card-records", DataTable)
        table.add_columns(_("Number"), _("Date"), _("State"), Text(_("Amount"), justify="right"),
                          Text(_("To pay"), justify="right"))
        table.focus()
        self.refresh_card()

    def refresh_card(self) -> None:
        from boclerk.services.catalog.cards import partner_card

        self.read(partner_card, self.side, self.code, then=self.show)

    # -- showing ------------------------------------------------------------------------------------
    def show(self, card) -> None:
        self.card = card
        self.code = card.code
        self.query_one("#card-head", Static).update(self.render_head(card))
        table = self.query_one("#card-records", DataTable)
        table.clear()
        records = [("order" if card.side == "customer" else "po", r) for r in card.orders]
        records += [("bill", r) for r in card.bills]
        for kind, r in records:
            table.add_row(r.number, self.day(r.day), state_words(r.status), Text(self.money(r.amount), justify="right"),
                          Text(self.money(r.open) if r.open else "", justify="right"), key=f"{kind}:{r.number}")
        self.query_one("#card-docs", Static).update(self.render_docs(card))
        self.refresh_bindings()

    def render_head(self, c) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column()
        who = _("Customer") if c.side == "customer" else _("Supplier")
        archived = "" if c.active else "  " + _("(archived)")
        grid.add_row(Text(f"{who} {c.code}  {c.name}{archived}", style="bold"))
        ids = [part for part in (
            _("INN {value}").format(value=c.tax_id) if c.tax_id else "",
            _("KPP {value}").format(value=c.kpp) if c.kpp else "",
            _("OGRN {value}").format(value=c.ogrn) if c.ogrn else "",
            _("bank {value}").format(value=c.bank) if c.bank else "") if part]
        if ids:
            grid.add_row("  ".join(ids))
        contacts = [part for part in (c.contact, c.phone, c.email) if part]
        if contacts:
            grid.add_row("  ".join(contacts))
        if c.address:
            grid.add_row(Text(c.address, style="dim"))
        grid.add_row(Text(self.balance_words(c), style="bold"))
        if c.side == "supplier" and c.terms_days is not None:
            grid.add_row(Text(ngettext("Payment terms: {days} day", "Payment terms: {days} days",
                                       c.terms_days).format(days=c.terms_days), style="dim"))
        if c.notes:
            grid.add_row(Text(c.notes, style="italic"))
        return grid

    def balance_words(self, c) -> str:
        amount = self.money(abs(c.balance))
        if c.balance == 0:
            said = _("Settled: nothing owed either way.")
        elif c.side == "customer":
            said = (_("Owes us {amount}.") if c.balance > 0 else _("Paid ahead: {amount}.")).format(amount=amount)
        else:
            said = (_("We owe {amount}.") if c.balance > 0 else _("We paid ahead: {amount}.")).format(amount=amount)
        if c.overdue:
            said += " " + _("Overdue: {amount}.").format(amount=self.money(c.overdue))
        return said

    def render_docs(self, c) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column()
        if not c.documents:
            grid.add_row(Text(_("No documents."), style="dim"))
            return grid
        from boclerk.tui.documents.dialogs import state_words as doc_state
        from boclerk.tui.documents.dialogs import type_words

        grid.add_row(Text(_("Documents"), style="bold"))
        for d in c.documents:
            grid.add_row(f"{d.number}  {type_words(d.doc_type)}  {doc_state(d.status)}  {d.name}")
        return grid

    # -- acts -----------------------------------------------------------------------------------------
    def offered(self, action: str) -> bool | None:
        # on a card the partner's state decides, once it is read: archive or restore, and no new
        # order with an archived partner (its key still says why)
        state = None if self.card is None else "active" if self.card.active else "archived"
        if action == "new_order":
            from boclerk.services.acts_now import NEW_WITH

            offered = self.offer(NEW_WITH[self.side])
            return None if offered and state == "archived" else offered
        if action in ("archive", "restore"):
            return self.offer(self._act(action), state) if state is not None else None
        if action == "edit":
            return self.offer("customers.edit" if self.side == "customer" else "purchases.edit_supplier",
                              state, record=state is not None)
        if action == "statement":
            return self.offer("documents.statement")
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # archive and restore: only the one the partner's state allows is on the key bar
        if action in ("archive", "restore"):
            return self.offered(action) is True
        return super().check_action(action, parameters)

    def _act(self, action: str) -> str:
        if self.side == "customer":
            return f"customers.{action}"
        return f"purchases.{action}_supplier"

    def highlighted(self) -> tuple[str, str] | None:
        table = self.query_one("#card-records", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        kind, number = key.split(":", 1)
        return kind, number

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        picked = self.highlighted()
        if picked is not None:
            from boclerk.tui.partners.goto import goto

            goto(self.app, *picked)

    def action_all_orders(self) -> None:
        """Their orders (POs) in the list of their area, filtered to them (a chip there clears it)."""
        from boclerk.tui.partners.goto import goto

        goto(self.app, f"{self.side}_orders", self.code)

    def action_new_order(self) -> None:
        from boclerk.services.acts import check_new_with
        from boclerk.services.acts_now import NEW_WITH

        if self.side == "customer":
            def go() -> None:
                self.app.push_screen(_order_form(self.code, self.card))
        else:
            def go() -> None:
                from boclerk.tui.purchases.form import NewPOScreen

                self.app.push_screen(NewPOScreen(self.code))

        self.read(check_new_with, NEW_WITH[self.side], self.side, self.code, then=lambda _none: go())

    def action_edit(self) -> None:
        """Change their details (name, INN, contacts ...) in a form."""
        if self.side == "customer":
            from boclerk.tui.partners.forms import edit_customer_form as form
        else:
            from boclerk.tui.purchases.acts import edit_supplier_form as form
        act_id = "customers.edit" if self.side == "customer" else "purchases.edit_supplier"
        self.begin(act_id, self.code, lambda: form(self, self.code, lambda _code: self.refresh_card()))

    def action_archive(self) -> None:
        self._set_active(False)

    def action_restore(self) -> None:
        self._set_active(True)

    def _set_active(self, active: bool) -> None:
        from boclerk.services.catalog.partners import set_customer_active, set_supplier_active

        fn = set_customer_active if self.side == "customer" else set_supplier_active
        code = self.code
        done = (_("Restored {code}.") if active else _("Archived {code}.")).format(code=code)
        self.begin(self._act("restore" if active else "archive"), code,
                   lambda: self.write(fn, code, active, done=done, then=lambda _row: self.refresh_card()))

    def action_statement(self) -> None:
        from boclerk.tui.outbound import open_statement

        self.begin("documents.statement", None, lambda: open_statement(self, self.side, self.code))


def _order_form(code: str, card):
    """The new-order form with this customer already set."""
    from boclerk.tui.orders.form import NewOrderScreen

    class ForCustomer(NewOrderScreen):
        def on_mount(self) -> None:
            # NewOrderScreen.on_mount has run already (Textual calls each class's own handler); this
            # comes after the screen's own first focus, which would take the cursor back to the customer field
            self.call_after_refresh(self.set_customer, code, f"{card.name} ({code})" if card is not None else code)

    return ForCustomer()


class CustomerCardScreen(PartnerCardScreen):
    """A customer's card: n a new order for them."""


class SupplierCardScreen(PartnerCardScreen):
    """A supplier's card: n a new purchase order to them."""

    BINDINGS = [Binding("n", "new_order", N_("New PO"), id="card.new_order")]
