"""Entering a purchase order: the supplier, then lines by SKU or barcode (the cursor stays in
the field for the next scan), prices defaulting to the product's standard cost."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Select, Static

from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _, ngettext, plural_count
from boclerk.tui.base import AreaScreen
from boclerk.tui.dialogs import (
    ChoiceDialog,
    ConfirmDialog,
    Field,
    FormDialog,
    MoneyValidator,
    QtyValidator,
)
from boclerk.tui.typed_input import TypedInput
from boclerk.tui.widgets import LineEditing, ScanInput


@dataclass
class POLineDraft:
    sku: str
    name: str
    kind: str
    qty: Decimal | int  # in the product's unit
    price: int  # net of VAT
    department: str | None = None
    unit: str = "pcs"
    typed: bool = False  # the price was typed (in the supplier's currency), not the standard cost

    def total(self) -> int:
        from boclerk.quantity import amount

        return amount(self.qty, self.price)


class NewPOScreen(LineEditing, AreaScreen):
    LINES_TABLE = "#po-lines"
    TITLE = N_("New purchase order")
    HELP = N_("Type the supplier (code, name or tax id) and Enter. Then scan or type SKUs or barcodes into the "
            "item field: each Enter adds the quantity in the Qty field (1 unless changed) at the price in the "
            "Price field, or at the product's standard cost when it is empty; the cursor stays for the next "
            "(part of a product's name lists the products that have it, to pick one with Enter). "
            "In the lines: Enter changes a line (quantity, price, department), + and - change the quantity, "
            "Delete removes it. ctrl+s creates the PO as a draft (send it with s); ctrl+n creates a product "
            "you do not have yet, ctrl+u a supplier; Esc leaves without saving.")
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Create PO"), id="purchases.form_save"),
        Binding("ctrl+n", "new_product", N_("New product"), id="purchases.form_new_product"),
        Binding("ctrl+u", "new_supplier", N_("New supplier"), id="purchases.form_new_supplier"),
        Binding("escape", "leave", N_("Leave"), id="purchases.form_leave"),
        Binding("plus,equals_sign", "more", "+1", show=False, id="purchases.form_more"),
        Binding("minus", "less", "-1", show=False, id="purchases.form_less"),
        Binding("delete", "remove", N_("Remove line"), show=False, id="purchases.form_remove"),
    ]

    def __init__(self, supplier: str | None = None) -> None:
        super().__init__()
        self.supplier: str | None = None
        self.initial_supplier = supplier
        self.lines: list[POLineDraft] = []
        self.warehouses: list[tuple[str, str]] = []

    def body(self) -> ComposeResult:
        with Vertical(classes="form-screen area-body"):
            with Horizontal(classes="filters"):
                yield TypedInput(placeholder=_("supplier: code, name or tax id + Enter"), id="po-supplier")
                yield Select((), id="po-warehouse", prompt=_("Warehouse"))
            yield Static(_("No supplier yet."), id="po-supplier-info", classes="muted")
            with Horizontal(classes="filters"):
                yield ScanInput(placeholder=_("SKU or barcode + Enter"), id="po-item")
                yield Label(_("Qty"))
                yield TypedInput("1", id="po-qty", validators=[QtyValidator()])
                yield Label(_("Price"))
                yield TypedInput("", id="po-price", placeholder=_("std cost"),
                                 validators=[MoneyValidator(self.app.currency, self.app.locale, allow_zero=True)],
                            valid_empty=True)
            table = DataTable(id="po-lines", cursor_type="row", classes="lines")
            table.add_columns(_("SKU"), _("Name"), _("Qty"), _("Price, net"), _("Total"))
            yield table
            yield Static("", id="po-totals", classes="totals")

    def on_mount(self) -> None:
        from boclerk.services.catalog.products import list_warehouses

        # inline: the shared stylesheet's ".filters Input { width: 1fr }" outranks any DEFAULT_CSS
        self.query_one("#po-qty", Input).styles.width = 8
        self.query_one("#po-price", Input).styles.width = 16

        self.read(lambda uow: [(f"{w.code} {w.name}", w.code) for w in list_warehouses(uow) if w.active],
                  then=self._warehouses)
        self.query_one("#po-supplier", Input).focus()
        self.refresh_totals()
        if self.initial_supplier:
            self.query_one("#po-supplier", Input).value = self.initial_supplier
            self.find_supplier(self.initial_supplier)

    def _warehouses(self, options: list[tuple[str, str]]) -> None:
        self.warehouses = options
        select = self.query_one("#po-warehouse", Select)
        select.set_options(options)
        if options:
            select.value = options[0][1]

    # -- supplier -----------------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "po-supplier":
            self.find_supplier(event.value)
        elif event.input.id in ("po-qty", "po-price"):
            item = self.query_one("#po-item", ScanInput)
            item.take()
            item.focus()

    def on_scan_input_scanned(self, event: ScanInput.Scanned) -> None:
        """Enter in the item field (a scanner's, too): add the item; the cursor stays there."""
        self.add_item(event.code)

    def find_supplier(self, text: str) -> None:
        if not text.strip():
            return
        from boclerk.services.lookup import find

        def chosen(found) -> None:
            if len(found) == 1 or (found and found[0].score >= 90):
                self.set_supplier(found[0].key, f"{found[0].title}  {found[0].detail}")
            elif not found:
                if self.offer("purchases.new_supplier"):
                    self.app.push_screen(ConfirmDialog(_("No supplier matches '{text}'. Add a new supplier?").format(
                        text=text), yes=_("Add")), lambda yes: yes and self._new_supplier(text))
                else:
                    self.app.notify(_("No supplier matches '{text}'.").format(text=text), severity="warning")
            else:
                labels = {f.key: f"{f.title}  {f.detail}" for f in found[:10]}
                self.app.push_screen(ChoiceDialog.of_found(_("Which supplier?"), found[:10]),
                                     lambda code: code and self.set_supplier(code, labels[code]))

        self.read(find, text, kinds=("supplier",), then=chosen, asks="perhaps")

    def set_supplier(self, code: str, label: str) -> None:
        self.supplier = code
        self.query_one("#po-supplier", Input).value = code
        self.query_one("#po-supplier-info", Static).update(_("Supplier: {label}").format(label=label))
        self.query_one("#po-item", Input).focus()

    def _new_supplier(self, name: str = "") -> None:
        from boclerk.tui.purchases.acts import new_supplier

        new_supplier(self, lambda code: self.set_supplier(code, code), name=name)

    def action_new_supplier(self) -> None:
        if self.offer("purchases.new_supplier"):
            self._new_supplier()

    def action_new_product(self) -> None:
        if self.offer("stock.new_product"):
            from boclerk.tui.orders.form import new_product

            new_product(self, self.add_item)

    # -- lines -----------------------------------------------------------------------------------------
    def add_item(self, code: str) -> None:
        from boclerk.money import parse_amount
        from boclerk.quantity import parse as parse_quantity
        from boclerk.services.catalog.products import get_product

        try:
            qty = parse_quantity(self.query_one("#po-qty", Input).value or "1")
            price_text = self.query_one("#po-price", Input).value.strip()
            price = parse_amount(price_text, currency=self.app.currency, locale=self.app.locale) if price_text else None
        except InvalidInput as exc:
            self.app.notify(exc.message, severity="error")
            return
        def added(p) -> None:
            if not p.active:
                self.app.notify(_("{sku} is archived and cannot be bought.").format(sku=p.sku), severity="error")
                return
            unit = p.standard_cost if price is None else price
            for line in self.lines:
                if line.sku == p.sku and line.price == unit:
                    line.qty += qty
                    break
            else:
                self.lines.append(POLineDraft(p.sku, p.name, p.kind, qty, unit, unit=p.unit, typed=price is not None))
            self.query_one("#po-qty", Input).value = "1"
            self.query_one("#po-price", Input).value = ""
            self.redraw()

        def missing() -> None:
            if self.offer("stock.new_product"):
                from boclerk.tui.orders.form import new_product

                self.app.push_screen(ConfirmDialog(_("There is no product '{code}'. Create it?").format(code=code),
                                                   yes=_("Create")),
                                     lambda yes: yes and new_product(self, self.add_item, sku=code))
            else:
                self.app.notify(_("There is no product with SKU or barcode '{code}'.").format(code=code),
                                severity="error")

        def lookup(uow):
            from boclerk.errors import NotFound

            try:
                return get_product(uow, code)
            except NotFound:
                return None

        def not_found() -> None:
            from boclerk.tui.orders.form import choose_product

            choose_product(self, code, self.add_item, missing)

        self.read(lookup, then=lambda p: added(p) if p is not None else not_found())

    def redraw(self) -> None:
        table = self.query_one("#po-lines", DataTable)
        keep = table.cursor_row
        table.clear()
        for line in self.lines:
            name = line.name + (f" [{line.department}]" if line.department else "")
            table.add_row(line.sku, name, self.quantity(line.qty, line.unit), self.money(line.price),
                          self.money(line.total()))
        if self.lines:
            table.move_cursor(row=min(keep, len(self.lines) - 1))
        self.refresh_totals()

    def refresh_totals(self) -> None:
        total = sum(line.total() for line in self.lines)
        pieces = sum(line.qty for line in self.lines if line.unit == "pcs")
        count = ngettext("{n} line", "{n} lines", len(self.lines)).format(n=len(self.lines))
        units = ngettext(", {n} unit", ", {n} units", plural_count(pieces)).format(
            n=self.quantity(pieces)) if pieces else ""
        self.query_one("#po-totals", Static).update(
            count + units + "   " + _("Total {amount} net of VAT").format(amount=self.money(total)))





    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        line = self._selected()
        if line is None:
            return
        from boclerk.services.ledger.queries import list_departments

        def ask(departments) -> None:
            fields = [Field("qty", _("Quantity"), "qty", str(line.qty)),
                      Field("price", _("Price, net of VAT"), "money", self.money(line.price))]
            if line.kind != "goods":
                options = tuple((f"{d.code} {d.name}", d.code) for d in departments if d.active)
                fields.append(Field("department", _("Department"), "select", line.department or "", options,
                                    required=False))

            def go(values: dict | None) -> None:
                if values:
                    line.qty, line.price = values["qty"], values["price"]
                    line.department = values.get("department") or None
                    self.redraw()

            self.app.push_screen(FormDialog(f"{line.sku} {line.name}", fields, submit=_("Change")), go)

        self.read(list_departments, then=ask, asks=True)

    # -- saving ------------------------------------------------------------------------------------------
    def action_save(self) -> None:
        if not self.supplier:
            self.app.notify(_("Choose the supplier first."), severity="error")
            self.query_one("#po-supplier", Input).focus()
            return
        if not self.lines:
            self.app.notify(_("Add at least one line."), severity="error")
            return
        from boclerk.services.purchasing.orders import POLineInput, create_po

        warehouse = self.query_one("#po-warehouse", Select).value
        inputs = [POLineInput(line.sku, line.qty, line.price if line.typed else None, line.department)
                  for line in self.lines]  # a supplier abroad needs its own prices: the service says so
        self.write(create_po, self.supplier, inputs, warehouse=None if warehouse is Select.BLANK else warehouse,
                   then=lambda res: (self.app.notify(_("Created {number} (draft); send it with s.").format(
                       number=res.number)),
                                     self.dismiss(res.number)))

    def unsaved(self) -> str | None:
        """What leaving now would lose (None: nothing typed yet)."""
        n = len(self.lines)
        return ngettext("the new purchase order ({n} line)", "the new purchase order ({n} lines)", n).format(n=n) \
            if self.lines else None

    def action_leave(self) -> None:
        if self.unsaved() is None:
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmDialog(_("Leave without creating the purchase order?"), yes=_("Leave")),
                             lambda yes: yes and self.dismiss(None))
