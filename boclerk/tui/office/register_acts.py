"""The acts of the office's registers, on the Office screen: equipment registered, moved, kept
and written off; contracts from draft through the lawyer to signed and terminated."""

from __future__ import annotations

from boclerk.domain.acts import ACTS
from boclerk.errors import InvalidInput
from boclerk.tui.base import today
from boclerk.tui.dialogs import Field
from boclerk.tui.office.acts_base import CONDITIONS, OfficeActsBase


class EquipmentActs(OfficeActsBase):
    # -- equipment ------------------------------------------------------------------------------------
    def action_new_equipment(self) -> None:
        from boclerk.services.office.equipment import register

        def go(v: dict) -> None:
            life = v["life"]
            if life and not str(life).isdigit():
                raise InvalidInput("Useful life: a whole number of months.")
            self.write(register, v["name"], department=v["dept"], bill=v["bill"], sku=v["sku"], cost=v["cost"],
                       holder=v["holder"], location=v["room"] or "", category=v["category"] or "",
                       serial=v["serial"] or "", warranty_until=v["warranty"], life_months=int(life) if life else None,
                       then=lambda res: self._done(f"Registered {res.number}" + (
                           f": a fixed asset, capitalised by {res.entry}." if res.fixed_asset else "."), res.number))

        self.begin("office.new_equipment", None, lambda: self._form("Register equipment", [
            Field("name", "Name"), Field("bill", "Bought on bill", required=False, placeholder="BILL-..."),
            Field("sku", "Its SKU on the bill", required=False), Field("cost", "Or its cost", "money", required=False),
            Field("dept", "Department", required=False), Field("holder", "Holder (staff)", required=False),
            Field("room", "Room", required=False), Field("category", "Category", required=False),
            Field("serial", "Serial", required=False), Field("warranty", "Warranty until", "date", required=False),
            Field("life", "Useful life, months", required=False),
        ], go, submit="Register", hint="At or above the capitalisation threshold the item is a fixed asset: give "
                                       "its bill and its useful life."))

    def action_move(self) -> None:
        from boclerk.services.office.equipment import move

        self._on("move", lambda number: self._form(f"Move {number}", [
            Field("holder", "To (staff, - for nobody)", required=False), Field("room", "Room", required=False),
            Field("dept", "Department", required=False), Field("note", "Note", required=False),
        ], lambda v: self.write(move, number, holder=v["holder"], location=v["room"], department=v["dept"],
                                note=v["note"] or "", then=lambda res: self._done(f"Moved {number}.", number)),
            submit="Move"))

    def action_condition(self) -> None:
        from boclerk.services.office.equipment import set_condition

        self._on("condition", lambda number: self._form(f"Condition of {number}", [
            Field("condition", "Condition", "select", self.current_status() or "in_use", options=CONDITIONS),
            Field("note", "Note", required=False),
        ], lambda v: self.write(set_condition, number, v["condition"], note=v["note"] or "",
                                then=lambda res: self._done(f"{number} is {res.condition.replace('_', ' ')}.",
                                                            number))))

    def action_plan(self) -> None:
        from boclerk.services.office.maintenance import add_plan

        def go(number: str, v: dict) -> None:
            if not str(v["every"]).isdigit():
                raise InvalidInput("Every: a whole number of months.")
            self.write(add_plan, number, v["what"], int(v["every"]), first_due=v["first"],
                       then=lambda res: self._done(f"Planned {res.what} of {number}, first due {res.next_due}.",
                                                   number))

        self._on("plan", lambda number: self._form(f"Plan maintenance of {number}", [
            Field("what", "What", placeholder="Service"), Field("every", "Every, months", value="6"),
            Field("first", "First due", "date", required=False),
        ], lambda v: go(number, v), submit="Plan"))

    def action_service(self) -> None:
        from boclerk.services.office.maintenance import log_service

        self._on("service", lambda number: self._form(f"Service or repair of {number}", [
            Field("what", "What was done"), Field("by", "By", required=False),
            Field("cost", "Cost, net", "money", required=False), Field("plan", "Plan (its number)", required=False),
            Field("paid", "Paid from", "select", "bank", options=(("Bank", "bank"), ("Cash", "cash"))),
            Field("day", "Date", "date", today(self.app).isoformat()),
        ], lambda v: self.write(log_service, number, v["what"], cost=v["cost"] or 0, done_by=v["by"] or "",
                                plan=v["plan"], paid_from=v["paid"], day=v["day"],
                                then=lambda res: self._done(f"Logged on {number}" + (
                                    f"; posted {res.entry}." if res.entry else "."), number)),
            submit="Log", hint=ACTS["office.service"].ask(number) + " The cost is the item's department's."))

    def action_write_off(self) -> None:
        from boclerk.services.office.equipment import write_off

        self._on("write_off", lambda number: self._form(f"Write off {number}", [
            Field("reason", "Reason"), Field("document", "Act (DOC-...)", required=False),
        ], lambda v: self.write(write_off, number, v["reason"], document=v["document"],
                                then=lambda res: self._done(f"Wrote off {number}" + (
                                    f"; posted {res.entry}." if res.entry else "."), number)),
            submit="Write off", hint=ACTS["office.write_off"].ask(number)))



class ContractActs(OfficeActsBase):
    # -- contracts -------------------------------------------------------------------------------------
    def action_new_contract(self) -> None:
        from boclerk.services.office.contracts import new_contract

        def go(v: dict) -> None:
            notice = v["notice"] or "0"
            if not str(notice).isdigit():
                raise InvalidInput("Notice: a whole number of days.")
            self.write(new_contract, v["party"], v["subject"], valid_from=v["start"], valid_to=v["end"],
                       auto_renew=v["renews"], notice_days=int(notice), amount=v["amount"],
                       responsible=v["responsible"],
                       then=lambda res: self._done(f"Registered {res.number} as a draft.", res.number))

        self.begin("office.new_contract", None, lambda: self._form("New contract", [
            Field("party", "With", placeholder="supplier:CODE, customer:CODE or other:NAME"),
            Field("subject", "Subject"), Field("start", "Valid from", "date", required=False),
            Field("end", "Valid to", "date", required=False), Field("renews", "Renews itself", "check", False),
            Field("notice", "Notice, days", required=False), Field("amount", "Amount or limit", "money", required=False),
            Field("responsible", "Responsible (staff)", required=False),
        ], go, submit="Register"))

    def action_edit_contract(self) -> None:
        from boclerk.services.office.contracts import edit_contract

        def go(number: str, v: dict) -> None:
            changes = {k: v[k] for k in ("subject", "notes") if v[k]}
            if v["amount"] is not None:
                changes["amount"] = v["amount"]
            if v["end"] is not None:
                changes["valid_to"] = v["end"]
            if not changes:
                self.app.notify("Nothing changed.")
                return
            self.write(edit_contract, number, **changes, then=lambda res: self._done(f"Saved {number}.", number))

        self._on("edit_contract", lambda number: self._form(f"Edit {number}", [
            Field("subject", "Subject", required=False), Field("end", "Valid to", "date", required=False),
            Field("amount", "Amount or limit", "money", required=False), Field("notes", "Notes", required=False),
        ], lambda v: go(number, v), submit="Save", hint="Empty fields stay as they are."))

    def action_to_lawyer(self) -> None:
        from boclerk.services.office.contracts import to_lawyer

        self._on("to_lawyer", lambda number: self.write(
            to_lawyer, number, then=lambda res: self._done(f"{number} is with the lawyer.", number)))

    def action_sign(self) -> None:
        from boclerk.services.office.contracts import sign

        self._on("sign", lambda number: self._form(f"Sign {number}", [
            Field("day", "Signed on", "date", today(self.app).isoformat()),
        ], lambda v: self.write(sign, number, v["day"], then=lambda res: self._done(f"{number} is {res.state}.",
                                                                                    number)),
            submit="Signed", hint=ACTS["office.sign"].ask(number)))

    def action_attach(self) -> None:
        from boclerk.services.office.contracts import attach

        self._on("attach", lambda number: self._form(f"Attach to {number}", [
            Field("ref", "DOC-, PO-, BILL- or SO-..."), Field("annex", "An annex", "check", False),
        ], lambda v: self.write(attach, number, v["ref"], annex=v["annex"],
                                then=lambda shown: self._done(f"Attached {shown} to {number}.", number)),
            submit="Attach"))

    def action_terminate(self) -> None:
        from boclerk.services.office.contracts import terminate

        number = self.current_key()
        if number and self.current_kind() == "contract":
            self.confirm_act("office.terminate", number, lambda: self.write(
                terminate, number, then=lambda res: self._done(f"{number} is terminated.", number)))
