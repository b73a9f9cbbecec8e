"""Stock acts shared by the stock list and the product screen.

Found stock, write-off, adjustment and transfer each ask in a small form (the product and
warehouse come from the highlighted row and can be changed); write-offs and adjustments
post a loss and ask for confirmation first. Products are created and edited from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from boclerk.domain.acts import ACTS
from boclerk.i18n import _
from boclerk.tui.base import Services, ask_of
from boclerk.tui.stock.words import count_state
from boclerk.tui.dialogs import ConfirmDialog, Field, FormDialog

#: the stock acts of the rule book that these screens offer
STOCK_ACTS = ("found", "write_off", "adjust", "transfer", "stocktake", "new_product", "edit_product",
              "archive_product", "restore_product")

#: acts that work on the highlighted product (dimmed when there is none); the others ask for it
ON_PRODUCT = ("edit_product", "archive_product", "restore_product")

#: how a new line of a description shows in a one-line field
PARA = "¶"


def to_line(text: str) -> str:
    return text.replace("\n", f" {PARA} ")


def from_line(text: str | None) -> str:
    return "\n".join(part.strip() for part in (text or "").split(PARA)).strip()


class StockActs(Services):
    """The stock acts, shared by the list screen and the product screen."""

    _warehouses: list[tuple[str, str]] | None = None

    def current_sku(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_warehouse(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    #: the screen reloads what an act changed (its after_act)
    after_act: Callable[..., None]

    def act_allowed(self, act: str) -> bool | None:
        return self.offer(f"stock.{act}", record=act not in ON_PRODUCT or bool(self.current_sku()))

    # -- helpers -----------------------------------------------------------------------------
    def with_warehouses(self, then) -> None:
        """Call ``then(options)`` with the active warehouses as select options (read once)."""
        if self._warehouses:
            then(self._warehouses)
            return

        def got(rows) -> None:
            self._warehouses = [(f"{w.code} {w.name}", w.code) for w in rows if w.active]
            if not self._warehouses:
                self.app.notify(_("There is no active warehouse; add one first."), severity="error")
                return
            then(self._warehouses)

        from boclerk.services.catalog.products import list_warehouses

        self.read(list_warehouses, then=got)

    def _default_wh(self, options: list[tuple[str, str]]) -> str:
        wh = self.current_warehouse()
        codes = [code for _, code in options]
        return wh if wh in codes else codes[0]

    def _product_fields(self, options) -> list[Field]:
        return [Field("sku", _("Product"), value=self.current_sku() or "", placeholder=_("SKU or barcode")),
                Field("warehouse", _("Warehouse"), "select", self._default_wh(options), tuple(options))]

    def _done(self, result) -> None:
        self.after_act(result.sku)

    # -- acts ----------------------------------------------------------------------------------
    def action_found(self) -> None:
        """Receive adjustment: stock found on the shelves, at a unit cost (blank: the average)."""
        def ask(options) -> None:
            def go(values: dict | None) -> None:
                if not values:
                    return
                from boclerk.services.stock.book import adjust_stock

                self.write(adjust_stock, values["sku"], values["qty"], reason=values["reason"],
                           warehouse=values["warehouse"], unit_cost=values["cost"],
                           done=_("Received {qty} x {sku} into {warehouse}.").format(qty=values["qty"], sku=values["sku"],
                                                                             warehouse=values["warehouse"]),
                           then=self._done)

            self.app.push_screen(FormDialog(_("Stock found: receive an adjustment"), self._product_fields(options) + [
                Field("qty", _("Quantity found"), "qty"),
                Field("cost", _("Unit cost"), "money", required=False, placeholder=_("blank: the average cost")),
                Field("reason", _("Reason"), value="found"),
            ], act=ACTS["stock.found"], focus="qty", hint=ask_of(ACTS["stock.found"], _("it"))), go)

        self.begin("stock.found", None, lambda: self.with_warehouses(ask))

    def action_write_off(self) -> None:
        def ask(options) -> None:
            def go(values: dict | None) -> None:
                if not values:
                    return
                from boclerk.services.stock.book import adjust_stock

                sku, wh, qty, reason = values["sku"], values["warehouse"], values["qty"], values["reason"]

                def really(yes: bool | None) -> None:
                    if yes:
                        self.write(adjust_stock, sku, -qty, reason=reason, warehouse=wh, write_off=True,
                                   done=_("Wrote off {qty} x {sku} in {warehouse}.").format(qty=qty, sku=sku, warehouse=wh), then=self._done)

                self.app.push_screen(ConfirmDialog(
                    _("Write off {qty} x {sku} in {warehouse} ({reason})? The loss is posted and cannot be undone.")
                    .format(qty=qty, sku=sku, warehouse=wh, reason=reason), act=ACTS["stock.write_off"]), really)

            self.app.push_screen(FormDialog(_("Write off stock"), self._product_fields(options) + [
                Field("qty", _("Quantity"), "qty"),
                Field("reason", _("Reason"), placeholder=_("damaged, expired, stolen ...")),
            ], act=ACTS["stock.write_off"], focus="qty"), go)

        self.begin("stock.write_off", None, lambda: self.with_warehouses(ask))

    def action_adjust(self) -> None:
        def ask(options) -> None:
            def go(values: dict | None) -> None:
                if not values:
                    return
                from boclerk.services.stock.book import adjust_stock

                sku, wh, delta, reason = values["sku"], values["warehouse"], values["qty"], values["reason"]

                def really(yes: bool | None) -> None:
                    if yes:
                        self.write(adjust_stock, sku, delta, reason=reason, warehouse=wh,
                                   done=_("Adjusted {sku} in {warehouse} by {delta}.").format(sku=sku, warehouse=wh, delta=f"{delta:+}"), then=self._done)

                question = _("Adjust {sku} in {warehouse} by {delta} ({reason})? The gain is posted and cannot be "
                             "undone.") if delta > 0 else _("Adjust {sku} in {warehouse} by {delta} ({reason})? The "
                                                            "loss is posted and cannot be undone.")
                self.app.push_screen(ConfirmDialog(question.format(sku=sku, warehouse=wh, delta=f"{delta:+}",
                                                                   reason=reason), act=ACTS["stock.adjust"]), really)

            self.app.push_screen(FormDialog(_("Adjust stock"), self._product_fields(options) + [
                Field("qty", _("Change (+ / -)"), "signed_qty", placeholder=_("-2 lost, 3 found")),
                Field("reason", _("Reason")),
            ], act=ACTS["stock.adjust"], focus="qty",
                hint=_("Found stock is valued at the average cost; to give a cost use Receive (r).")), go)

        self.begin("stock.adjust", None, lambda: self.with_warehouses(ask))

    def action_transfer(self) -> None:
        def ask(options) -> None:
            if len(options) < 2:
                self.app.notify(_("A transfer needs two active warehouses."), severity="warning")
                return
            src = self._default_wh(options)
            dst = next(code for _, code in options if code != src)

            def go(values: dict | None) -> None:
                if not values:
                    return
                from boclerk.services.stock.book import transfer_stock

                self.write(transfer_stock, values["sku"], values["qty"], from_wh=values["src"], to_wh=values["dst"],
                           reason=values["reason"] or "",
                           done=_("Moved {qty} x {sku} from {source} to {target}.").format(
                               qty=values["qty"], sku=values["sku"], source=values["src"], target=values["dst"]),
                           then=self._done)

            self.app.push_screen(FormDialog(_("Transfer stock between warehouses"), [
                Field("sku", _("Product"), value=self.current_sku() or "", placeholder=_("SKU or barcode")),
                Field("src", _("From warehouse"), "select", src, tuple(options)),
                Field("dst", _("To warehouse"), "select", dst, tuple(options)),
                Field("qty", _("Quantity"), "qty"),
                Field("reason", _("Reason"), required=False),
            ], act=ACTS["stock.transfer"], focus="qty"), go)

        self.begin("stock.transfer", None, lambda: self.with_warehouses(ask))

    def action_new_product(self) -> None:
        from boclerk.i18n import words_language
        from boclerk.services.catalog.units import list_units

        def go(values: dict | None) -> None:
            if not values:
                return
            from boclerk.services.catalog.products import add_product

            self.write(add_product, values["sku"], values["name"], unit=values["unit"],
                       category=values["category"] or "", sale_price=values["price"] or 0,
                       standard_cost=values["cost"] or 0, reorder_point=values["reorder"] or 0,
                       barcodes=[values["barcode"]] if values["barcode"] else [],
                       description=from_line(values["description"]),
                       done=_("Added {sku}.").format(sku=values["sku"]), then=lambda row: self.after_act(row.sku))

        def ask(units) -> None:
            language = words_language()
            self.app.push_screen(FormDialog(_("New product (stocked goods)"), [
                Field("sku", _("SKU")),
                Field("name", _("Name")),
                Field("unit", _("Unit"), "select", "pcs", tuple(sorted((u.named(language), u.code) for u in units))),
                Field("category", _("Category"), required=False),
                Field("price", _("Sale price"), "money", required=False),
                Field("cost", _("Standard cost"), "money", required=False),
                Field("barcode", _("Barcode"), required=False),
                Field("reorder", _("Reorder point"), "qty", required=False),
                Field("description", _("Description"), required=False,
                      placeholder=_("for the storefront; {mark} new line").format(mark=PARA)),
            ], act=ACTS["stock.new_product"]), go)

        self.begin("stock.new_product", None, lambda: self.read(list_units, then=ask, asks=True))

    def action_archive_product(self) -> None:
        """Archive the product: it leaves the catalogue's lists and takes no new orders; its stock
        and history stay, and it can be restored."""
        self._set_active(False)

    def action_restore_product(self) -> None:
        self._set_active(True)

    def _set_active(self, active: bool) -> None:
        sku = self.current_sku()
        if not sku:
            return
        from boclerk.services.catalog.products import set_product_active

        act_id = "stock.restore_product" if active else "stock.archive_product"
        done = (_("Restored {code}.") if active else _("Archived {code}.")).format(code=sku)
        self.begin(act_id, sku, lambda: self.write(set_product_active, sku, active, done=done, then=self._done))

    def action_edit_product(self) -> None:
        sku = self.current_sku()
        if not sku:
            return
        from boclerk.services.catalog.products import get_product

        self.begin("stock.edit_product", sku, lambda: self.read(get_product, sku, then=self._edit_form, asks=True))

    def _edit_form(self, p) -> None:
        money = self.app.money
        old = {"name": p.name, "category": p.category, "sale_price": p.sale_price, "standard_cost": p.standard_cost,
               "reorder_point": p.reorder_point, "reorder_qty": p.reorder_qty, "barcodes": ", ".join(p.barcodes),
               "description": p.description}

        def go(values: dict | None) -> None:
            if not values:
                return
            new = {"name": values["name"], "category": values["category"] or "",
                   "sale_price": values["sale_price"] or 0, "standard_cost": values["standard_cost"] or 0,
                   "reorder_point": values["reorder_point"] or 0, "reorder_qty": values["reorder_qty"] or 0,
                   "barcodes": ", ".join(c.strip() for c in (values["barcodes"] or "").split(",") if c.strip()),
                   "description": from_line(values["description"])}
            changes: dict[str, Any] = {k: v for k, v in new.items() if v != old[k]}
            if not changes:
                self.app.notify(_("Nothing changed."))
                return
            if "barcodes" in changes:
                changes["barcodes"] = [c for c in changes["barcodes"].split(", ") if c]
            from boclerk.services.catalog.products import edit_product

            self.write(edit_product, p.sku, expected_version=p.version, done=_("Saved {sku}.").format(sku=p.sku),
                       then=lambda row: self.after_act(row.sku), **changes)

        self.app.push_screen(FormDialog(_("Edit {sku}").format(sku=p.sku), [
            Field("name", _("Name"), value=p.name),
            Field("category", _("Category"), value=p.category, required=False),
            Field("sale_price", _("Sale price"), "money", money(p.sale_price), required=False),
            Field("standard_cost", _("Standard cost"), "money", money(p.standard_cost), required=False),
            Field("reorder_point", _("Reorder point"), "qty", str(p.reorder_point) if p.reorder_point else "",
                  required=False),
            Field("reorder_qty", _("Reorder qty"), "qty", str(p.reorder_qty) if p.reorder_qty else "", required=False),
            Field("barcodes", _("Barcodes"), value=old["barcodes"], required=False, placeholder=_("comma-separated")),
            Field("description", _("Description"), value=to_line(p.description), required=False,
                  placeholder=_("for the storefront; {mark} new line").format(mark=PARA)),
        ], act=ACTS["stock.edit_product"]), go)

    def action_stocktake(self) -> None:
        """Open a count of a warehouse (or one category in it), or go on with an open one."""
        def ask(options) -> None:
            def go(values: dict | None) -> None:
                if not values:
                    return
                from boclerk.services.stock.stocktake import count_info, open_count

                if values["number"]:
                    self.read(count_info, values["number"], then=self.show_count)
                else:
                    self.write(open_count, values["warehouse"], category=values["category"] or None,
                               then=self.show_count)

            last = getattr(self, "count_number", None)
            self.app.push_screen(FormDialog(_("Stocktake"), [
                Field("warehouse", _("Warehouse"), "select", self._default_wh(options), tuple(options)),
                Field("category", _("Category"), required=False, placeholder=_("blank: every stocked product")),
                Field("number", _("Or go on with"), value=last or "", required=False,
                      placeholder=_("CNT-... an open count")),
            ], act=ACTS["stock.stocktake"], focus="number" if last else None,
                hint=_("A new count lists every active stocked product of the warehouse (or the category).")), go)

        self.begin("stock.stocktake", None, lambda: self.with_warehouses(ask))

    def show_count(self, info) -> None:
        from boclerk.tui.stock.count import CountScreen

        if info.status != "open":
            self.app.notify(_("{number} is {state}; open a new count.").format(number=info.number,
                                                                              state=count_state(info.status)),
                            severity="warning")
            self.count_number = None
            return
        self.count_number = info.number

        def closed(status: str | None) -> None:
            if status in ("posted", "cancelled"):
                self.count_number = None
                self.after_act(None)

        self.app.push_screen(CountScreen(info), closed)
