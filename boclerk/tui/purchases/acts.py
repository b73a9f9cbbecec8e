"""The acts of procure-to-pay, shared by the Purchases list and its detail screens:
send, receive, enter a bill, cancel; approve, reject and pay a bill; add and edit suppliers."""

from __future__ import annotations

from datetime import date
from typing import Any

from boclerk.domain.acts import ACTS
from boclerk.i18n import N_, _
from boclerk.tui.base import Services, today
from boclerk.tui.dialogs import ConfirmDialog, Field, FormDialog
from boclerk.tui.line_form import LinesForm, line_label
from boclerk.tui.one_record import ActsNow
from boclerk.tui.purchases.bill_acts import BillCorrections
from boclerk.tui.purchases.views import bill_state, po_state

#: the acts on the highlighted record, by the kind of record they act on
KIND_OF = {"send": "po", "receive": "po", "enter_bill": "po", "cancel_po": "po", "documents": "po",
           "approve": "bill", "reject": "bill", "pay": "bill", "reverse_bill": "bill", "note": "bill",
           "edit_supplier": "supplier", "statement": "supplier"}
#: acts keyed on the bill's own view only (the list's key bar has no room for them)
ON_BILL_VIEW = ("reverse_bill", "note")

SUPPLIER_FIELDS = (("name", N_("Name")), ("tax_id", N_("Tax id (INN)")), ("contact", N_("Contact person")),
                   ("email", N_("Email")), ("phone", N_("Phone")), ("address", N_("Address")),
                   ("payment_terms_days", N_("Payment terms, days")))


def _terms(value: Any) -> Any:
    """Whole days as an int; anything else goes to the service as typed, which says what is wrong."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() else text


def new_supplier(owner, then, *, name: str = "") -> None:
    """The new-supplier form, from wherever it is needed; ``then(code)`` gets the new code."""
    from boclerk.services.catalog.partners import add_supplier

    def go(values: dict | None) -> None:
        if not values:
            return
        extra = {k: values[k] or "" for k, _label in SUPPLIER_FIELDS if k not in ("name", "payment_terms_days")}
        if values["payment_terms_days"] is not None:
            extra["payment_terms_days"] = _terms(values["payment_terms_days"])
        owner.write(add_supplier, values["code"], values["name"], **extra,
                    done=_("Added supplier {code}.").format(code=values["code"]), then=lambda row: then(row.code))

    owner.app.push_screen(FormDialog(_("New supplier"), [
        Field("code", _("Code")),
        *[Field(k, _(label), value=name if k == "name" else "", required=k == "name") for k, label in SUPPLIER_FIELDS],
    ], act=ACTS["purchases.new_supplier"], hint=_("Payment terms default to 30 days.")), go)


def edit_supplier_form(owner, code: str, then) -> None:
    """Change a supplier; only what was changed is sent, with the version read (optimistic lock)."""
    from boclerk.services.catalog.partners import edit_supplier, get_supplier

    def ask(row) -> None:
        def go(values: dict | None) -> None:
            if not values:
                return
            changes = {}
            for key, _label in SUPPLIER_FIELDS:
                new = values[key] or ""
                if key == "payment_terms_days":
                    new = _terms(new)
                if new != getattr(row, key):
                    changes[key] = new
            if not changes:
                owner.app.notify(_("Nothing changed."))
                return
            owner.write(edit_supplier, row.code, expected_version=row.version, **changes,
                        done=_("Saved supplier {code}.").format(code=row.code), then=lambda r: then(r.code))

        owner.app.push_screen(FormDialog(_("Supplier {code}").format(code=row.code), [
            Field(k, _(label), value=str(getattr(row, k)), required=k in ("name", "payment_terms_days"))
            for k, label in SUPPLIER_FIELDS
        ], act=ACTS["purchases.edit_supplier"]), go)

    owner.read(get_supplier, code, then=ask, asks=True)


def left_to_bill(d) -> bool:
    """Whether anything received on the PO ``d`` (its detail) is not billed yet."""
    return any(ln.received > ln.billed for ln in d.lines)


class PurchaseActs(BillCorrections, ActsNow, Services):
    """Acts on the current record; the screen says which record that is and what it is."""

    def current_kind(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_key(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_status(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def after_act(self, *args) -> None:
        """An act changed the record: the screen reloads it (its own after_act), and what may be
        done to it now is asked again."""
        self.forget_now()
        super().after_act(*args)  # type: ignore[misc]

    def today(self) -> date:
        return self.app.db.clock().astimezone().date()

    def act_allowed(self, act: str) -> bool | None:
        """The rule book's answer by role and state; an act the state allows that the services say
        cannot be done now (nothing left to pay, ...) is dimmed like one the state refuses."""
        kind = KIND_OF[act]
        if self.current_kind() != kind:
            return False  # not an act of the records on screen
        key = self.current_key()
        answer = self.offer(f"purchases.{act}", self.current_status(), record=key is not None)
        if answer is True and self.not_now(f"purchases.{act}", kind, key):
            return None
        return answer

    def _key(self, kind: str) -> str | None:
        return self.current_key() if self.current_kind() == kind else None

    def _on(self, act: str, go) -> None:
        """Run ``go(key)`` for the current record once the rule book allows the act on it as it is now."""
        key = self._key(KIND_OF[act])
        if key:
            self.begin(f"purchases.{act}", key, lambda: go(key))

    def _then(self, key: str):
        return lambda _result: self.after_act(key)

    # -- purchase orders --------------------------------------------------------------------------
    def action_send(self) -> None:
        self._on("send", self._send)

    def _send(self, number: str) -> None:
        from boclerk.services.purchasing.orders import send_po

        self.write(send_po, number, done=_("{number} sent to the supplier.").format(number=number),
                   then=self._then(number))

    def action_documents(self) -> None:
        from boclerk.tui.outbound import open_documents

        self._on("documents", lambda number: open_documents(self, "purchases", number))

    def action_cancel_po(self) -> None:
        number = self._key("po")
        if number:
            from boclerk.services.purchasing.orders import cancel_po

            self.confirm_act("purchases.cancel_po", number, lambda: self.write(
                cancel_po, number, done=_("Cancelled {number}.").format(number=number), then=self._then(number)))

    def action_receive(self) -> None:
        self._on("receive", self._receive)

    def _receive(self, number: str) -> None:
        from boclerk.services.purchasing.queries import po_detail

        def ask(d) -> None:
            open_lines = [ln for ln in d.lines if ln.qty > ln.received]
            if not open_lines:
                self.app.notify(_("{number} has nothing left to receive.").format(number=number), severity="warning")
                return
            fields = [Field(f"l{ln.line_no}", line_label(
                _("{sku} {name} (left {left} of {qty})"), _("{sku} (left {left} of {qty})"), ln.name,
                sku=ln.sku, left=ln.qty - ln.received, qty=ln.qty), "qty", str(ln.qty - ln.received), required=False)
                for ln in open_lines]

            def go(values: dict | None) -> None:
                if values is None:
                    return
                whole = all(values.get(f"l{ln.line_no}") == ln.qty - ln.received for ln in open_lines)
                chosen = [(ln.sku, values[f"l{ln.line_no}"]) for ln in open_lines if values.get(f"l{ln.line_no}")]
                if not chosen:
                    self.app.notify(_("Nothing to receive: give a quantity."), severity="warning")
                    return
                from boclerk.services.purchasing.orders import receive_po

                self.write(receive_po, number, None if whole else chosen, then=lambda res: (
                    self.app.notify((_("Received on {number}: {state}, posted {entry}.") if res.entry else
                                     _("Received on {number}: {state}.")).format(
                        number=number, state=_("partially received") if res.status == "partially_received"
                        else po_state(res.status), entry=res.entry)),
                    self.after_act(number)))

            self.app.push_screen(LinesForm(_("Receive {number} into {warehouse}").format(
                number=number, warehouse=d.warehouse), fields, act=ACTS["purchases.receive"],
                hint=_("Empty: not this time.") + " " + ACTS["purchases.receive"].ask(number)),
                                 go)

        self.read(po_detail, number, then=ask, asks=True)

    def action_enter_bill(self) -> None:
        self._on("enter_bill", self._enter_bill)

    def _enter_bill(self, number: str) -> None:
        from boclerk.services.purchasing.queries import po_detail

        def ask(d) -> None:
            fields = [Field("ref", _("Supplier's bill number")),
                      Field("day", _("Bill date"), "date", self.today().isoformat())]
            for ln in d.lines:
                left = ln.received - ln.billed
                fields.append(Field(f"q{ln.line_no}", line_label(
                    _("{sku} {name} (to bill {left})"), _("{sku} qty (to bill {left})"), ln.name,
                    sku=ln.sku, left=max(left, 0)), "qty", str(left) if left > 0 else "", required=False))
                fields.append(Field(f"p{ln.line_no}", _("{sku} price, net").format(sku=ln.sku), "money",
                                    self.money(ln.unit_price)))

            def go(values: dict | None) -> None:
                if values is None:
                    return
                from boclerk.services.purchasing.bills import BillLineInput, enter_bill

                lines = [BillLineInput(ln.sku, values[f"q{ln.line_no}"], values[f"p{ln.line_no}"])
                         for ln in d.lines if values.get(f"q{ln.line_no}")]
                if not lines:
                    self.app.notify(_("Nothing to bill: give a quantity."), severity="warning")
                    return
                as_received = all(
                    values.get(f"q{ln.line_no}") == (ln.received - ln.billed if ln.received > ln.billed else None)
                    and values[f"p{ln.line_no}"] == ln.unit_price for ln in d.lines)
                self.write(enter_bill, number, values["ref"], values["day"], lines=None if as_received else lines,
                           then=lambda res: (self._billed(res), self.after_act(number)))

            self.app.push_screen(LinesForm(_("Bill for {number} from {supplier}").format(
                number=number, supplier=d.supplier), fields, act=ACTS["purchases.enter_bill"],
                hint=_("Lines default to what was received and not yet billed, at the agreed prices. Beyond "
                       "tolerance the bill is held.") if left_to_bill(d) else
                _("Nothing received is waiting for a bill: type the quantities of a bill beyond what was "
                  "received. Beyond tolerance the bill is held.")), go)

        self.read(po_detail, number, then=ask, asks=True)

    def _billed(self, res) -> None:
        if res.status == "held":
            self.app.notify(_("{number} is held: {reason}. An accountant approves or rejects it.").format(
                number=res.number, reason=res.hold_reason),
                title=_("Held as an exception"), severity="warning", timeout=10)
        else:
            self.app.notify((_("Entered {number}, {state} ({entry}).") if res.entry else
                             _("Entered {number}, {state}.")).format(
                number=res.number, state=bill_state(res.status), entry=res.entry))

    # -- bills --------------------------------------------------------------------------------------
    def action_approve(self) -> None:
        self._on("approve", self._approve)

    def _approve(self, number: str) -> None:
        from boclerk.services.purchasing.queries import bill_detail

        def ask(d) -> None:
            from boclerk.services.purchasing.bills import approve_bill

            def go(yes: bool | None) -> None:
                if yes:
                    self.write(approve_bill, number, then=lambda res: (
                        self.app.notify(_("Approved {number}; posted {entry}.").format(number=number, entry=res.entry)),
                        self.after_act(number)))

            self.app.push_screen(ConfirmDialog(_(
                "Approve {number} ({supplier} {ref}, {total}) as it is? It was held: {reason}. It posts, "
                "differences and all.").format(number=number, supplier=d.bill.supplier, ref=d.bill.supplier_ref,
                                               total=self.money(d.bill.total),
                                               reason=d.bill.hold_reason),
                yes=_("Approve")), go)

        self.read(bill_detail, number, then=ask, asks=True)

    def action_reject(self) -> None:
        self._on("reject", self._reject)

    def _reject(self, number: str) -> None:
        from boclerk.services.purchasing.bills import reject_bill

        def go(values: dict | None) -> None:
            if values is not None:
                self.write(reject_bill, number, values["reason"] or "",
                           done=_("Rejected {number}; nothing posted.").format(number=number), then=self._then(number))

        self.app.push_screen(FormDialog(_("Reject {number}").format(number=number),
                                        [Field("reason", _("Reason"), required=False)], act=ACTS["purchases.reject"],
                                        hint=_("The bill is set aside and nothing posts; the supplier sends a "
                                               "corrected one.")), go)

    def action_pay(self) -> None:
        self._on("pay", self._pay)

    def _pay(self, number: str) -> None:
        from boclerk.services.purchasing.queries import bill_detail

        def ask(d) -> None:
            left = d.bill.total - d.bill.paid

            def go(values: dict | None) -> None:
                if values:
                    from boclerk.services.purchasing.bills import pay_bill

                    self.write(pay_bill, number, values["amount"], reference=values["reference"] or "",
                               paid_on=values["day"],
                               then=lambda res: (self.app.notify(_("Paid {amount} on {number} ({entry}); it is {state}.")
                                                                 .format(amount=self.money(values['amount']),
                                                                         number=number, entry=res.entry,
                                                                         state=bill_state(res.status))),
                                                 self.after_act(number)))

            self.app.push_screen(FormDialog(_("Pay {number} to {supplier}").format(number=number,
                                                                                  supplier=d.bill.supplier), [
                Field("amount", _("Amount"), "money", self.money(left)),
                Field("reference", _("Reference"), required=False),
                Field("day", _("Paid on"), "date", today(self.app).isoformat()),
            ], act=ACTS["purchases.pay"], hint=_("Left to pay: {amount}. Paid from the bank account.").format(
                amount=self.money(left))), go)

        self.read(bill_detail, number, then=ask, asks=True)

    # -- suppliers ------------------------------------------------------------------------------------
    def action_statement(self) -> None:
        from boclerk.tui.outbound import open_statement

        self._on("statement", lambda code: open_statement(self, "supplier", code))

    def action_edit_supplier(self) -> None:
        code = self._key("supplier")
        if code:
            edit_supplier_form(self, code, self.after_act)
