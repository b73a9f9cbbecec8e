"""The order workflow's acts, shared by the Orders list and an order's own screen.

Each act is checked against the rule book on the order as it is now before its form opens
or its question is asked (``begin``/``confirm_act``); the service checks again when it runs.
"""

from __future__ import annotations

from boclerk.domain.acts import ACTS
from boclerk.i18n import _, pgettext
from boclerk.tui.base import Services, ask_of, today
from boclerk.tui.one_record import ActsNow

#: the acts on the highlighted order (the list and the order's screen offer these by state)
RECORD_ACTS = ("confirm", "pay", "ship", "deliver", "cancel", "return", "reserve", "documents")


class OrderActs(ActsNow, Services):
    """Acts on the current order; the screen says which order that is and what state it is in."""

    def current_number(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_status(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def after_act(self, *args) -> None:
        """An act changed the order: the screen reloads it (its own after_act), and what may be done
        to it now is asked again."""
        self.forget_now()
        super().after_act(*args)  # type: ignore[misc]

    def act_allowed(self, act: str) -> bool | None:
        """The rule book's answer by role and state; an act the state allows that the services say
        cannot be done now (nothing left to pay, ...) is dimmed like one the state refuses."""
        number = self.current_number()
        answer = self.offer(f"orders.{act}", self.current_status(), record=number is not None)
        if answer is True and self.not_now(f"orders.{act}", "order", number):
            return None
        return answer

    def _number_for(self, act: str, go) -> None:
        number = self.current_number()
        if number:
            self.begin(f"orders.{act}", number, lambda: go(number))

    def _after(self, number: str):
        return lambda _: self.after_act(number)

    def action_confirm(self) -> None:
        def form(number: str) -> None:
            from boclerk.tui.dialogs import Field, FormDialog  # the forms' module: loaded with the first form, not the list

            def go(values: dict | None) -> None:
                if values:
                    from boclerk.services.sales.orders import confirm_order

                    self.write(confirm_order, number, warehouse=values["warehouse"], backorder=values["backorder"],
                               done=_("Confirmed {number}.").format(number=number), then=self._after(number))

            self.read(_warehouses, then=lambda whs: self.app.push_screen(FormDialog(
                _("Confirm {number}: reserve the stock").format(number=number), [
                    Field("warehouse", _("Warehouse"), "select", whs[0][1], tuple(whs)),
                    Field("backorder", _("Backorder if short"), "check", False),
                ], act=ACTS["orders.confirm"], hint=_("Without backorder, short stock refuses the confirmation.")), go),
                asks=True)

        self._number_for("confirm", form)

    def action_pay(self) -> None:
        def form(number: str) -> None:
            from boclerk.services.sales.orders import amount_due, order_by_number
            from boclerk.tui.dialogs import Field, FormDialog

            def ask(due: int) -> None:
                def go(values: dict | None) -> None:
                    if values:
                        from boclerk.services.sales.orders import pay_order

                        self.write(pay_order, number, values["amount"], method=values["method"],
                                   reference=values["reference"] or "", paid_on=values["day"],
                                   done=_("Payment recorded on {number}.").format(number=number), then=self._after(number))

                self.app.push_screen(FormDialog(_("Payment for {number}").format(number=number), [
                    Field("amount", _("Amount"), "money", self.app.money(max(due, 0))),
                    Field("method", _("Method"), "select", "card", ((pgettext("payment method", "Card"), "card"), (_("Bank transfer"), "bank"),
                                                                    (_("Cash"), "cash"))),
                    Field("reference", _("Reference"), required=False),
                    Field("day", _("Paid on"), "date", today(self.app).isoformat()),
                ], act=ACTS["orders.pay"], hint=ask_of(ACTS["orders.pay"], number)), go)

            self.read(lambda uow: amount_due(uow, order_by_number(uow, number)), then=ask, asks=True)

        self._number_for("pay", form)

    def action_ship(self) -> None:
        def form(number: str) -> None:
            from boclerk.services.sales.view import order_detail
            from boclerk.tui.dialogs import Field
            from boclerk.tui.line_form import LinesForm, line_label

            def ask(d) -> None:
                fields = [Field(f"l{ln.line_no}", line_label(_("{sku} {name} (of {qty})"), _("{sku} (of {qty})"), ln.name,
                                                             sku=ln.sku, qty=ln.qty - ln.shipped), "qty",
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
                    from boclerk.services.sales.shipping import ship_order

                    self.write(ship_order, number, None if whole else chosen, done=_("Shipped {number}.").format(number=number),
                               then=self._after(number))

                self.app.push_screen(LinesForm(_("Ship {number}").format(number=number), fields, act=ACTS["orders.ship"],
                                                hint=ask_of(ACTS["orders.ship"], number)), go)

            self.read(order_detail, number, then=ask, asks=True)

        self._number_for("ship", form)

    def action_deliver(self) -> None:
        from boclerk.services.sales.shipping import deliver_order

        self._number_for("deliver", lambda number: self.write(
            deliver_order, number, done=_("{number} delivered.").format(number=number), then=self._after(number)))

    def action_cancel(self) -> None:
        number = self.current_number()
        if number:
            from boclerk.services.sales.orders import cancel_order

            self.confirm_act("orders.cancel", number, lambda: self.write(
                cancel_order, number, done=_("Cancelled {number}.").format(number=number), then=self._after(number)))

    def action_reserve(self) -> None:
        from boclerk.services.sales.backorders import top_up_reservations

        self._number_for("reserve", lambda number: self.write(
            top_up_reservations, number, done=_("Reserved what has arrived for {number}.").format(number=number), then=self._after(number)))

    def action_documents(self) -> None:
        from boclerk.tui.outbound import open_documents

        self._number_for("documents", lambda number: open_documents(self, "orders", number))

    def action_return(self) -> None:
        def form(number: str) -> None:
            from boclerk.services.sales.view import order_detail
            from boclerk.tui.dialogs import ConfirmDialog, Field
            from boclerk.tui.line_form import LinesForm, line_label

            def ask(d) -> None:
                fields = [Field(f"l{ln.line_no}", line_label(_("{sku} {name} (of {qty})"), _("{sku} (of {qty})"), ln.name,
                                                             sku=ln.sku, qty=ln.shipped - ln.returned), "qty", "",
                                required=False)
                          for ln in d.lines if ln.shipped > ln.returned][:8]
                fields.append(Field("damaged", _("Damaged: write off"), "check", False))

                def go(values: dict | None) -> None:
                    if not values:
                        return
                    lines = [(ln.sku, values[f"l{ln.line_no}"]) for ln in d.lines if values.get(f"l{ln.line_no}")]
                    if not lines:
                        self.app.notify(_("Nothing to return: give a quantity."), severity="warning")
                        return
                    from boclerk.services.sales.shipping import return_order

                    def really(yes: bool | None) -> None:
                        if yes:
                            self.write(return_order, number, lines, damaged=values["damaged"],
                                       done=_("Return of {number} recorded.").format(number=number), then=self._after(number))

                    self.app.push_screen(ConfirmDialog(
                        _("Take back {goods} of {number}? Revenue is reversed and the credit refunded; this cannot "
                          "be undone.").format(goods=", ".join(f"{q} × {s}" for s, q in lines), number=number),
                        act=ACTS["orders.return"]), really)

                self.app.push_screen(LinesForm(_("Return goods of {number}").format(number=number), fields,
                                                act=ACTS["orders.return"]), go)

            self.read(order_detail, number, then=ask, asks=True)

        self._number_for("return", form)


def _warehouses(uow) -> list[tuple[str, str]]:
    from boclerk.services.catalog.products import list_warehouses

    return [(f"{w.code} {w.name}", w.code) for w in list_warehouses(uow) if w.active]
