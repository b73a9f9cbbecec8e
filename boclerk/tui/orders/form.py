"""Entering an order: customer, lines by SKU or barcode (a scanner types fast and ends
with Enter; the cursor stays in the field for the next item), delivery, totals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from boclerk.domain.acts import ACTS
from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _, ngettext, pgettext, plural_count
from boclerk.tui.base import AreaScreen
from boclerk.tui.dialogs import ChoiceDialog, ConfirmDialog, Field, FormDialog
from boclerk.tui.typed_input import TypedInput
from boclerk.tui.validators import QtyValidator
from boclerk.tui.widgets import LineEditing, ScanInput


@dataclass
class DraftLine:
    sku: str
    name: str
    qty: Decimal | int  # in the product's unit
    price: int
    discount_bp: int = 0
    vat_rate: int | None = 22  # in force today; the shipment's day decides in the end
    includes_vat: bool = True
    unit: str = "pcs"
    available: Decimal | int | None = None  # on hand less reserved in all warehouses (None: not stocked)

    def gross(self) -> int:
        from boclerk.money import vat_on_top
        from boclerk.quantity import amount as line_amount

        amount = line_amount(self.qty, self.price, Decimal(self.discount_bp) / 100)
        return amount if self.includes_vat or self.vat_rate is None else amount + vat_on_top(amount, self.vat_rate)


CUSTOMER_KINDS = ((N_("Person"), "person"), (N_("Organisation"), "organisation"), (N_("Sole trader"), "sole_trader"))
CHANNELS = ((N_("Website"), "website"), (N_("Marketplace"), "marketplace"), (N_("Phone"), "phone"), (N_("Shop"), "shop"))


def new_customer(owner, then, *, name: str = "") -> None:
    """The new-customer form, from wherever it is needed; ``then(code)`` gets the new code."""
    from boclerk.services.catalog.partners import add_customer, next_customer_code

    def ask(code: str) -> None:
        def go(values: dict | None) -> None:
            if not values:
                return
            owner.write(add_customer, values["code"], values["name"], email=values["email"] or "",
                        phone=values["phone"] or "", address=values["address"] or "", kind=values["kind"],
                        tax_id=values["tax_id"] or "", kpp=values["kpp"] or "",
                        done=_("Added customer {code}.").format(code=values["code"]), then=lambda row: then(row.code))

        owner.app.push_screen(FormDialog(_("New customer"), [
            Field("code", _("Code"), value=code),
            Field("name", _("Name"), value=name),
            Field("kind", _("Kind"), "select", "person", tuple((_(label), kind) for label, kind in CUSTOMER_KINDS)),
            Field("tax_id", _("INN"), required=False, placeholder=_("organisation 10 digits, sole trader 12")),
            Field("kpp", _("KPP"), required=False, placeholder=_("organisations only")),
            Field("email", _("Email"), required=False),
            Field("phone", _("Phone"), required=False),
            Field("address", _("Address"), required=False),
        ], act=ACTS["orders.new_customer"]), go)

    owner.read(next_customer_code, then=ask, asks=True)


def new_product(owner, then, *, sku: str = "") -> None:
    """The new-product form; ``then(sku)`` gets the new SKU."""
    from boclerk.services.catalog.products import add_product

    def go(values: dict | None) -> None:
        if not values:
            return
        owner.write(add_product, values["sku"], values["name"], sale_price=values["price"] or 0,
                    standard_cost=values["cost"] or 0, category=values["category"] or "", kind=values["kind"],
                    barcodes=[values["barcode"]] if values["barcode"] else [],
                    done=_("Added {sku}.").format(sku=values["sku"]), then=lambda row: then(row.sku))

    owner.app.push_screen(FormDialog(_("New product"), [
        Field("sku", _("SKU"), value=sku),
        Field("name", _("Name")),
        Field("kind", _("Kind"), "select", "goods", ((_("Goods (stocked)"), "goods"),
                                                   (pgettext("product kind", "Service"), "service"),
                                                   (_("Consumable"), "consumable"))),
        Field("price", _("Sale price"), "money", required=False),
        Field("cost", _("Standard cost"), "money", required=False),
        Field("category", _("Category"), required=False),
        Field("barcode", _("Barcode"), required=False),
    ], act=ACTS["stock.new_product"]), go)


def choose_product(owner, text: str, then, missing) -> None:
    """Where a SKU or barcode goes a clerk may type part of a name: the products whose SKU or name
    holds ``text``; one is taken (``then(sku)``), several are asked about, none is ``missing()``."""
    from boclerk.services.lookup import find

    def found(rows) -> None:
        if not rows:
            missing()
        elif len(rows) == 1:
            then(rows[0].key)
        else:
            owner.app.push_screen(ChoiceDialog.of_found(_("Which product?"), rows), lambda sku: sku and then(sku))

    owner.read(find, text, kinds=("product",), limit=10, then=found, asks="perhaps")


class NewOrderScreen(LineEditing, AreaScreen):
    TITLE = N_("New order")
    HELP = N_("Type the customer (code, email, phone or name) and Enter. Then scan or type SKUs or barcodes "
            "into the item field: each Enter adds one (or the quantity in the Qty field) and the cursor stays "
            "for the next; part of a product's name lists the products that have it, to pick one with Enter. In the lines: + and - change the quantity, Enter changes the quantity, price and "
            "discount, Delete removes a line; Avail is what the warehouses have not yet promised. "
            "ctrl+s creates the order as a draft; ctrl+n adds a new customer; Esc leaves without saving.")
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Create order"), id="order_form.save"),
        Binding("ctrl+n", "new_customer", N_("New customer"), id="order_form.new_customer"),
        Binding("escape", "leave", N_("Leave"), id="order_form.leave"),
        Binding("plus,equals_sign", "more", "+1", show=False, id="order_form.more"),
        Binding("minus", "less", "-1", show=False, id="order_form.less"),
        Binding("delete", "remove", N_("Remove line"), show=False, id="order_form.remove"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.customer: str | None = None
        self.lines: list[DraftLine] = []

    def body(self) -> ComposeResult:
        with Vertical(classes="form-screen area-body"):
            with Horizontal(classes="filters"):
                yield TypedInput(placeholder=_("customer: code, email, phone or name + Enter"), id="customer")
                yield Select(tuple((_(label), code) for label, code in CHANNELS), value="phone", allow_blank=False,
                             id="channel")
            yield Static(_("No customer yet."), id="customer-info", classes="muted")
            with Horizontal(classes="filters"):
                yield ScanInput(placeholder=_("SKU or barcode + Enter"), id="item")
                yield Label(_("Qty"))
                yield TypedInput("1", id="qty", validators=[QtyValidator()])
                yield Checkbox(_("Delivery"), id="delivery")
            table = DataTable(id="lines", cursor_type="row", classes="lines")
            table.add_columns(_("SKU"), _("Name"), _("Qty"), _("Avail"), _("Price"), _("Disc %"), _("Total"))
            yield table
            yield Static("", id="totals", classes="totals")

    def on_mount(self) -> None:
        # Enter in either field starts a search: the keys typed behind it wait for what it finds
        # (the pick list it opens, or the next field), not reach the field first (tui/held_keys.py)
        for field in ("#customer", "#item"):
            self.query_one(field, Input).search_on_enter = True
        self.query_one("#customer", Input).focus()
        self.refresh_totals()

    # -- customer ------------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "customer":
            self.find_customer(event.value)
            self._enter_answered()
        elif event.input.id == "qty":
            item = self.query_one("#item", ScanInput)
            item.take()
            item.focus()

    def on_scan_input_scanned(self, event: ScanInput.Scanned) -> None:
        """Enter in the item field (a scanner's, too): add the item; the cursor stays there."""
        self.add_item(event.code)
        self._enter_answered()

    def _enter_answered(self) -> None:
        answered = getattr(self.app, "enter_answered", None)
        if answered is not None:
            answered()

    def find_customer(self, text: str) -> None:
        if not text.strip():
            return
        from boclerk.services.lookup import find

        def chosen(found) -> None:
            customers = [f for f in found if f.kind == "customer"]
            if len(customers) == 1 or (customers and customers[0].score >= 90):
                self.set_customer(customers[0].key, f"{customers[0].title}  {customers[0].detail}")
            elif not customers:
                if self.offer("orders.new_customer"):
                    self.app.push_screen(ConfirmDialog(
                        _("No customer matches '{text}'. Add a new customer?").format(text=text), yes=_("Add")),
                                         lambda yes: yes and new_customer(self, self.customer_added, name=text))
                else:
                    self.app.notify(_("No customer matches '{text}'.").format(text=text), severity="warning")
            else:
                labels = {f.key: f"{f.title}  {f.detail}" for f in customers[:10]}
                self.app.push_screen(ChoiceDialog.of_found(_("Which customer?"), customers[:10]),
                                     lambda code: code and self.set_customer(code, labels[code]))

        self.read(find, text, kinds=("customer",), then=chosen, asks="perhaps")

    def customer_added(self, code: str) -> None:
        self.set_customer(code, code)

    def set_customer(self, code: str, label: str) -> None:
        self.customer = code
        self.query_one("#customer", Input).value = code
        from boclerk.tui.nobreak import phones_whole

        self.query_one("#customer-info", Static).update(_("Customer: {name}").format(name=phones_whole(label)))
        self.query_one("#item", Input).focus()

    def action_new_customer(self) -> None:
        if self.offer("orders.new_customer"):
            new_customer(self, self.customer_added)

    # -- lines ------------------------------------------------------------------------------------
    def add_item(self, code: str) -> None:
        from boclerk.quantity import parse as parse_quantity
        from boclerk.services.catalog.products import get_product

        try:
            qty = parse_quantity(self.query_one("#qty", Input).value or "1")
        except InvalidInput as exc:
            self.app.notify(exc.message, severity="error")
            return
        def added(found) -> None:
            p, available = found
            if not p.active or p.kind == "consumable":
                why = _("archived") if not p.active else _("office consumable")
                self.app.notify(_("{sku} cannot be sold ({why}).").format(sku=p.sku, why=why), severity="error")
                return
            for line in self.lines:
                if line.sku == p.sku and line.price == p.sale_price:
                    line.qty += qty
                    break
            else:
                self.lines.append(DraftLine(p.sku, p.name, qty, p.sale_price, 0, p.vat_rate, p.prices_include_vat,
                                            p.unit, available))
            self.query_one("#qty", Input).value = "1"
            self.redraw()

        def missing() -> None:
            if self.offer("stock.new_product"):
                self.app.push_screen(ConfirmDialog(_("There is no product '{code}'. Create it?").format(code=code),
                                                   yes=_("Create")),
                                     lambda yes: yes and new_product(self, lambda sku: self.add_item(sku), sku=code))
            else:
                self.app.notify(_("There is no product with SKU or barcode '{code}'.").format(code=code), severity="error")

        def lookup(uow):
            from boclerk.errors import NotFound
            from boclerk.services.stock.queries import levels

            try:
                p = get_product(uow, code)
            except NotFound:
                return None
            if p.kind != "goods":
                return p, None
            return p, sum((row.available for row in levels(uow, sku=p.sku)), Decimal(0))

        self.read(lookup, then=lambda found: added(found) if found is not None
                  else choose_product(self, code, self.add_item, missing), asks="perhaps")

    def redraw(self) -> None:
        table = self.query_one("#lines", DataTable)
        keep = table.cursor_row
        table.clear()
        for line in self.lines:
            short = line.available is not None and line.available < line.qty
            avail = "" if line.available is None else self.quantity(line.available, line.unit) + ("!" if short else "")
            table.add_row(line.sku, line.name, self.quantity(line.qty, line.unit), avail, self.money(line.price),
                          self.figure(Decimal(line.discount_bp) / 100), self.money(line.gross()))
        if self.lines:
            table.move_cursor(row=min(keep, len(self.lines) - 1))
        self.refresh_totals()

    def refresh_totals(self) -> None:
        total = sum(line.gross() for line in self.lines)
        pieces = sum(line.qty for line in self.lines if line.unit == "pcs")
        count = ", " + ngettext("{n} item", "{n} items", plural_count(pieces)).format(
            n=self.quantity(pieces)) if pieces else ""
        self.query_one("#totals", Static).update(
            ngettext("{n} line", "{n} lines", len(self.lines)).format(n=len(self.lines)) + count + "   "
            + _("Total {amount}").format(amount=self.money(total))
            + ("  " + _("+ delivery") if self.query_one("#delivery", Checkbox).value else ""))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.refresh_totals()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a line: change its quantity, price and discount."""
        if event.data_table.id != "lines" or not self.lines:
            return
        line = self.lines[min(event.cursor_row, len(self.lines) - 1)]

        def apply(values: dict | None) -> None:
            if not values:
                return
            from boclerk.money import parse_percent

            # what is wrong with the discount is said on the form, which stays open
            try:
                bp = parse_percent(values["discount"] or "0") * 100
            except InvalidInput as exc:
                raise InvalidInput(_("Discount: {reason}").format(reason=exc.message)) from None
            if bp != bp.to_integral_value():
                raise InvalidInput(_("Discount: at most two decimals."))
            line.qty, line.price, line.discount_bp = values["qty"], values["price"], int(bp)
            self.redraw()

        self.app.push_screen(FormDialog(f"{line.sku} {line.name}"[:60], [
            Field("qty", _("Quantity"), "qty", self.quantity(line.qty)),
            Field("price", _("Price"), "money", self.money(line.price)),
            Field("discount", _("Discount %"), value=self.figure(Decimal(line.discount_bp) / 100),
                  required=False),
        ], submit=_("Change line"), focus="price"), apply)





    # -- saving -----------------------------------------------------------------------------------------
    def action_save(self) -> None:
        if not self.customer:
            self.app.notify(_("Choose the customer first."), severity="error")
            self.query_one("#customer", Input).focus()
            return
        if not self.lines:
            self.app.notify(_("Add at least one line."), severity="error")
            return
        from boclerk.services.sales.orders import LineInput, create_order

        inputs: list[Any] = [LineInput(line.sku, line.qty, line.price, line.discount_bp) for line in self.lines]
        if self.query_one("#delivery", Checkbox).value:
            inputs.append(LineInput("DELIVERY", 1))
        channel = self.query_one("#channel", Select).value
        self.write(create_order, self.customer, inputs, channel=channel,
                   then=lambda res: (self.app.notify(_("Created {number} (draft); confirm it with c.").format(number=res.number)),
                                     self.dismiss(res.number)))

    def unsaved(self) -> str | None:
        """What leaving now would lose (None: nothing typed yet)."""
        if not self.lines:
            return None
        return _("the new order ({lines})").format(lines=ngettext("{n} line", "{n} lines", len(self.lines)).format(
            n=len(self.lines)))

    def action_leave(self) -> None:
        if self.unsaved() is None:
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmDialog(_("Leave without creating the order?"), yes=_("Leave")),
                             lambda yes: yes and self.dismiss(None))
