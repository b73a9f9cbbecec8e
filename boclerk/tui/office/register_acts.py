"""The acts of the office's registers, on the Office screen: equipment registered, moved, kept
and written off; contracts from draft through the lawyer to signed and terminated."""

from __future__ import annotations

from boclerk.domain.acts import ACTS
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.tui.base import today
from boclerk.tui.dialogs import Field
from boclerk.tui.office.acts_base import CONDITIONS, OfficeActsBase
from boclerk.tui.office.views import words


class EquipmentActs(OfficeActsBase):
    # -- equipment ------------------------------------------------------------------------------------
    def action_new_equipment(self) -> None:
        from boclerk.services.office.equipment import register

        def go(v: dict) -> None:
            life = v["life"]
            if life and not str(life).isdigit():
                raise InvalidInput(_("Useful life: a whole number of months."))
            self.write(register, v["name"], department=v["dept"], bill=v["bill"], sku=v["sku"], cost=v["cost"],
                       holder=v["holder"], location=v["room"] or "", category=v["category"] or "",
                       serial=v["serial"] or "", warranty_until=v["warranty"], life_months=int(life) if life else None,
                       then=lambda res: self._done((
                           _("Registered {number}: a fixed asset, capitalised by {entry}.") if res.fixed_asset else
                           _("Registered {number}.")).format(number=res.number, entry=res.entry), res.number))

        self.begin("office.new_equipment", None, lambda: self._form(_("Register equipment"), [
            Field("name", _("Name")), Field("bill", _("Bought on bill"), required=False, placeholder="BILL-..."),
            Field("sku", _("Its SKU on the bill"), required=False),
            Field("cost", _("Or its cost"), "money", required=False),
            Field("dept", _("Department"), required=False), Field("holder", _("Holder (staff)"), required=False),
            Field("room", _("Room"), required=False), Field("category", _("Category"), required=False),
            Field("serial", _("Serial"), required=False), Field("warranty", _("Warranty until"), "date", required=False),
            Field("life", _("Useful life, months"), required=False),
        ], go, act=ACTS["office.new_equipment"], hint=_("At or above the capitalisation threshold the item is a fixed asset: "
                                            "give its bill and its useful life.")))

    def action_move(self) -> None:
        from boclerk.services.office.equipment import move

        self._on("move", lambda number: self._form(_("Move {number}").format(number=number), [
            Field("holder", _("To (staff, - for nobody)"), required=False), Field("room", _("Room"), required=False),
            Field("dept", _("Department"), required=False), Field("note", _("Note"), required=False),
        ], lambda v: self.write(move, number, holder=v["holder"], location=v["room"], department=v["dept"],
                                note=v["note"] or "", then=lambda res: self._done(
                                    _("Moved {number}.").format(number=number), number)),
            act=ACTS["office.move"]))

    def action_condition(self) -> None:
        from boclerk.services.office.equipment import set_condition

        self._on("condition", lambda number: self._form(_("Condition of {number}").format(number=number), [
            Field("condition", _("Condition"), "select", self.current_status() or "in_use",
                  options=tuple((_(label), value) for label, value in CONDITIONS)),
            Field("note", _("Note"), required=False),
        ], lambda v: self.write(set_condition, number, v["condition"], note=v["note"] or "",
                                then=lambda res: self._done(_("{number} is {state}.").format(
                                    number=number, state=words(res.condition)), number)),
            act=ACTS["office.condition"]))

    def action_plan(self) -> None:
        from boclerk.services.office.maintenance import add_plan

        def go(number: str, v: dict) -> None:
            if not str(v["every"]).isdigit():
                raise InvalidInput(_("Every: a whole number of months."))
            self.write(add_plan, number, v["what"], int(v["every"]), first_due=v["first"],
                       then=lambda res: self._done(_("Planned {what} of {number}, first due {day}.").format(
                           what=res.what, number=number, day=self.day(res.next_due)), number))

        self._on("plan", lambda number: self._form(_("Plan maintenance of {number}").format(number=number), [
            Field("what", _("What"), placeholder=_("Service")), Field("every", _("Every, months"), value="6"),
            Field("first", _("First due"), "date", required=False),
        ], lambda v: go(number, v), act=ACTS["office.plan"]))

    def action_service(self) -> None:
        from boclerk.services.office.maintenance import log_service

        self._on("service", lambda number: self._form(_("Service or repair of {number}").format(number=number), [
            Field("what", _("What was done")), Field("by", _("By"), required=False),
            Field("cost", _("Cost, net"), "money", required=False),
            Field("plan", _("Plan (its number)"), required=False),
            Field("paid", _("Paid from"), "select", "bank", options=((_("Bank"), "bank"), (_("Cash"), "cash"))),
            Field("day", _("Date"), "date", today(self.app).isoformat()),
        ], lambda v: self.write(log_service, number, v["what"], cost=v["cost"] or 0, done_by=v["by"] or "",
                                plan=v["plan"], paid_from=v["paid"], day=v["day"],
                                then=lambda res: self._done((_("Logged on {number}; posted {entry}.") if res.entry else
                                                             _("Logged on {number}.")).format(number=number,
                                                                                              entry=res.entry), number)),
            act=ACTS["office.service"], hint=ACTS["office.service"].ask(number) + " " + _("The cost is the item's department's.")))

    def action_write_off(self) -> None:
        from boclerk.services.office.equipment import write_off

        self._on("write_off", lambda number: self._form(_("Write off {number}").format(number=number), [
            Field("reason", _("Reason")), Field("document", _("Act (DOC-...)"), required=False),
        ], lambda v: self.write(write_off, number, v["reason"], document=v["document"],
                                then=lambda res: self._done((_("Wrote off {number}; posted {entry}.") if res.entry else
                                                             _("Wrote off {number}.")).format(number=number,
                                                                                              entry=res.entry), number)),
            act=ACTS["office.write_off"], hint=ACTS["office.write_off"].ask(number)))



class ContractActs(OfficeActsBase):
    # -- contracts -------------------------------------------------------------------------------------
    def action_new_contract(self) -> None:
        from boclerk.services.office.contracts import new_contract

        def go(v: dict) -> None:
            notice = v["notice"] or "0"
            if not str(notice).isdigit():
                raise InvalidInput(_("Notice: a whole number of days."))
            self.write(new_contract, v["party"], v["subject"], valid_from=v["start"], valid_to=v["end"],
                       auto_renew=v["renews"], notice_days=int(notice), amount=v["amount"],
                       responsible=v["responsible"],
                       then=lambda res: self._done(_("Registered {number} as a draft.").format(number=res.number),
                                                   res.number))

        self.begin("office.new_contract", None, lambda: self._form(_("New contract"), [
            Field("party", _("With"), placeholder=_("supplier:CODE, customer:CODE or other:NAME")),
            Field("subject", _("Subject")), Field("start", _("Valid from"), "date", required=False),
            Field("end", _("Valid to"), "date", required=False), Field("renews", _("Renews itself"), "check", False),
            Field("notice", _("Notice, days"), required=False),
            Field("amount", _("Amount or limit"), "money", required=False),
            Field("responsible", _("Responsible (staff)"), required=False),
        ], go, act=ACTS["office.new_contract"]))

    def action_edit_contract(self) -> None:
        from boclerk.services.office.contracts import edit_contract

        def go(number: str, v: dict) -> None:
            changes = {k: v[k] for k in ("subject", "notes") if v[k]}
            if v["amount"] is not None:
                changes["amount"] = v["amount"]
            if v["end"] is not None:
                changes["valid_to"] = v["end"]
            if not changes:
                self.app.notify(_("Nothing changed."))
                return
            self.write(edit_contract, number, **changes, then=lambda res: self._done(
                _("Saved {code}.").format(code=number), number))

        self._on("edit_contract", lambda number: self._form(_("Edit {code}").format(code=number), [
            Field("subject", _("Subject"), required=False), Field("end", _("Valid to"), "date", required=False),
            Field("amount", _("Amount or limit"), "money", required=False), Field("notes", _("Notes"), required=False),
        ], lambda v: go(number, v), act=ACTS["office.edit_contract"], hint=_("Empty fields stay as they are.")))

    def action_to_lawyer(self) -> None:
        from boclerk.services.office.contracts import to_lawyer

        self._on("to_lawyer", lambda number: self.write(
            to_lawyer, number, then=lambda res: self._done(_("{number} is with the lawyer.").format(number=number),
                                                           number)))

    def action_sign(self) -> None:
        from boclerk.services.office.contracts import sign

        self._on("sign", lambda number: self._form(_("Sign {number}").format(number=number), [
            Field("day", _("Signed on"), "date", today(self.app).isoformat()),
        ], lambda v: self.write(sign, number, v["day"], then=lambda res: self._done(
            _("{number} is {state}.").format(number=number, state=words(res.state)), number)),
            act=ACTS["office.sign"], hint=ACTS["office.sign"].ask(number)))

    def action_attach(self) -> None:
        from boclerk.services.office.contracts import attach

        self._on("attach", lambda number: self._form(_("Attach to {number}").format(number=number), [
            Field("ref", _("DOC-, PO-, BILL- or SO-...")), Field("annex", _("An annex"), "check", False),
        ], lambda v: self.write(attach, number, v["ref"], annex=v["annex"],
                                then=lambda shown: self._done(_("Attached {what} to {number}.").format(
                                    what=shown, number=number), number)),
            act=ACTS["office.attach"]))

    def action_terminate(self) -> None:
        from boclerk.services.office.contracts import terminate

        number = self.current_key()
        if number and self.current_kind() == "contract":
            self.confirm_act("office.terminate", number, lambda: self.write(
                terminate, number, then=lambda res: self._done(_("{number} is terminated.").format(number=number),
                                                               number)))
