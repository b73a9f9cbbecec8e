"""The acts of the office, on the Office screen: requests asked, decided, ordered and cancelled;
equipment registered, moved, kept and written off; contracts through their life; staff; the
internal deals and the month's runs (depreciation, allocation)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from boclerk.domain.acts import ACTS
from boclerk.errors import InvalidInput
from boclerk.tui.base import Services, today
from boclerk.tui.dialogs import Field, FormDialog

#: the acts on the highlighted record, by the kind of record they act on
KIND_OF = {"approve": "request", "reject": "request", "order": "request", "cancel_request": "request",
           "move": "equipment", "condition": "equipment", "service": "equipment", "plan": "equipment",
           "write_off": "equipment", "edit_contract": "contract", "to_lawyer": "contract", "sign": "contract",
           "attach": "contract", "terminate": "contract", "edit_staff": "staff", "staff_left": "staff",
           "end_deal": "deal"}
#: the acts that need no record, by the kind of record the view they belong to lists
NEW_IN = {"ask": "request", "new_equipment": "equipment", "depreciate": "equipment", "new_contract": "contract",
          "add_staff": "staff", "new_deal": "deal", "allocate": "deal"}
CONDITIONS = (("In use", "in_use"), ("Needs repair", "needs_repair"), ("In repair", "in_repair"),
              ("In store", "in_store"))


def line_numbers(text: str | None) -> list[int] | None:
    """ "1, 3" as [1, 3]; empty as None (all)."""
    if not text or not text.strip():
        return None
    out = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if part:
            if not part.isdigit():
                raise InvalidInput(f"'{part}' is not a line number.")
            out.append(int(part))
    return out


def month_text(day: date) -> str:
    """The month before ``day``'s, as YYYY-MM: the one a month-end run usually posts."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return f"{year:04d}-{month:02d}"


class OfficeActs(Services):
    """Acts on the current record; the screen says which record that is and what state it is in."""

    def current_kind(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_key(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_status(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    after_act: Callable[..., None]

    def act_allowed(self, action: str) -> bool | None:
        if action in NEW_IN:
            return self.offer(f"office.{action}") if self.current_kind() == NEW_IN[action] else False
        if self.current_kind() != KIND_OF[action]:
            return False
        return self.offer(f"office.{action}", self.current_status(), record=self.current_key() is not None)

    def _on(self, action: str, go: Callable[[str], None]) -> None:
        key = self.current_key() if self.current_kind() == KIND_OF[action] else None
        if key:
            self.begin(f"office.{action}", key, lambda: go(key))

    def _form(self, title: str, fields: list[Field], go: Callable[[dict], None], *, submit: str = "OK",
              hint: str = "") -> None:
        def done(values: dict | None) -> None:
            if values is not None:
                try:
                    go(values)
                except InvalidInput as exc:
                    self.app.notify(exc.message, title="Refused", severity="error", timeout=10)

        self.app.push_screen(FormDialog(title, fields, submit=submit, hint=hint), done)

    def _done(self, message: str, key: str | None = None, warnings: list[str] | None = None) -> None:
        self.app.notify(message, timeout=6)
        for warning in warnings or []:
            self.app.notify(warning, title="Budget", severity="warning", timeout=12)
        self.after_act(key)

    # -- supply requests ---------------------------------------------------------------------------
    def action_ask(self) -> None:
        from boclerk.services.office.requests import ask

        def go(v: dict) -> None:
            lines = []
            for spec in (v["lines"] or "").replace(";", ",").split(","):
                if spec.strip():
                    sku, colon, qty = spec.strip().partition(":")
                    if not colon:
                        raise InvalidInput(f"'{spec.strip()}' is not SKU:QTY.")
                    lines.append((sku.strip(), qty.strip()))
            self.write(ask, lines, department=v["dept"], wanted_by=v["wanted_by"], note=v["note"] or "",
                       then=lambda res: self._done(f"Asked {res.number}; the office manager decides it.", res.number))

        self.begin("office.ask", None, lambda: self._form("Ask for supplies", [
            Field("lines", "SKU:QTY, SKU:QTY", placeholder="OFF-001:5, OFF-014:2"),
            Field("dept", "Department", required=False, placeholder="yours on the staff list"),
            Field("wanted_by", "Wanted by", "date", required=False),
            Field("note", "Note", required=False),
        ], go, submit="Ask", hint="Items of the consumables catalogue: paper, tea, cleaning supplies, cartridges."))

    def action_approve(self) -> None:
        from boclerk.services.office.requests import approve

        self._on("approve", lambda number: self._form(f"Approve {number}", [
            Field("lines", "Lines", required=False, placeholder="all waiting"),
            Field("note", "Note", required=False),
        ], lambda v: self.write(approve, number, line_numbers(v["lines"]), note=v["note"] or "",
                                then=lambda res: self._done(f"{number}: {res.state.replace('_', ' ')}.", number,
                                                            res.warnings)), submit="Approve",
            hint="Line numbers, or empty for every line waiting. A budget it takes over warns, and approves."))

    def action_reject(self) -> None:
        from boclerk.services.office.requests import reject

        self._on("reject", lambda number: self._form(f"Reject lines of {number}", [
            Field("reason", "Reason"),
            Field("lines", "Lines", required=False, placeholder="all waiting"),
        ], lambda v: self.write(reject, number, v["reason"], line_numbers(v["lines"]),
                                then=lambda res: self._done(f"{number}: {res.state.replace('_', ' ')}.", number)),
            submit="Reject", hint="The requester reads the reason."))

    def action_order(self) -> None:
        from boclerk.services.office.requests import order_requests

        def ordered(res, number: str) -> None:
            made = ", ".join(f"{o.po} ({o.supplier})" for o in res.pos)
            self._done(f"Ordered on {made}: draft POs, to send from Purchases." if made else "Nothing ordered.",
                       number, res.left)

        self._on("order", lambda number: self.write(order_requests, [number], then=lambda res: ordered(res, number)))

    def action_cancel_request(self) -> None:
        from boclerk.services.office.requests import cancel_request

        number = self.current_key()
        if number and self.current_kind() == "request":
            self.confirm_act("office.cancel_request", number, lambda: self.write(
                cancel_request, number, then=lambda res: self._done(f"Cancelled {number}.", number)))

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

    def action_depreciate(self) -> None:
        self._month_run("office.depreciate", "Depreciation of fixed assets")

    def action_allocate(self) -> None:
        self._month_run("office.allocate", "Allocations between departments")

    def _month_run(self, act_id: str, title: str) -> None:
        def go(v: dict) -> None:
            from boclerk.services.office.periods import parse_period

            month = parse_period(v["month"], "Month")
            self.confirm_act(act_id, v["month"], lambda: self._run_month(act_id, month))

        self.begin(act_id, None, lambda: self._form(title, [
            Field("month", "Month (YYYY-MM)", value=month_text(today(self.app))),
        ], go, submit="Post", hint="A month is posted once; running it again changes nothing."))

    def _run_month(self, act_id: str, month: int) -> None:
        if act_id == "office.depreciate":
            from boclerk.services.office.depreciation import depreciate

            self.write(depreciate, month, then=lambda res: self._done(
                f"Posted {res.entry}: {res.assets} asset(s), {self.money(res.amount)}." if res.entry else
                f"Nothing more to depreciate in {res.period}" + (f" ({', '.join(res.earlier)})." if res.earlier
                                                                 else ".")))
            return
        from boclerk.services.office.allocation import allocate

        def said(run) -> None:
            done = [f"{d.code} {d.entry}" for d in run.posted]
            before = [d.code for d in run.deals if d.already]
            self._done((f"Posted {', '.join(done)}." if done else f"Nothing more to post for {run.period}.")
                       + (f" Posted before: {', '.join(before)}." if before else ""),
                       warnings=[f"{d.code}: {d.note}" for d in run.deals if d.note])

        self.write(allocate, month, then=said)

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

    # -- staff and deals --------------------------------------------------------------------------------------
    def action_add_staff(self) -> None:
        from boclerk.services.office.staff import add_staff

        self.begin("office.add_staff", None, lambda: self._form("New person", [
            Field("code", "Code"), Field("name", "Name"), Field("dept", "Department"),
            Field("position", "Position", required=False), Field("login", "boclerk login", required=False),
        ], lambda v: self.write(add_staff, v["code"], v["name"], v["dept"], position=v["position"] or "",
                                login=v["login"], then=lambda row: self._done(f"Added {row.code}.", row.code)),
            submit="Add"))

    def action_edit_staff(self) -> None:
        from boclerk.services.office.staff import edit_staff

        def go(code: str, v: dict) -> None:
            changes = {k: v[k] for k in ("name", "department", "position", "login") if v[k]}
            if not changes:
                self.app.notify("Nothing changed.")
                return
            self.write(edit_staff, code, **changes, then=lambda row: self._done(f"Saved {code}.", code))

        self._on("edit_staff", lambda code: self._form(f"Edit {code}", [
            Field("name", "Name", required=False), Field("department", "Department", required=False),
            Field("position", "Position", required=False), Field("login", "boclerk login", required=False),
        ], lambda v: go(code, v), submit="Save", hint="Empty fields stay as they are."))

    def action_staff_left(self) -> None:
        from boclerk.services.office.staff import staff_left

        self._on("staff_left", lambda code: self.write(
            staff_left, code, then=lambda row: self._done(f"{code} is marked as gone.", code)))

    def action_new_deal(self) -> None:
        from boclerk.services.office.deals import add_allocation, add_service

        def go(v: dict) -> None:
            if v["kind"] == "service":
                self.write(add_service, v["code"], v["name"], provider=v["source"] or "", receiver=v["target"] or "",
                           fee=v["fee"] or 0, account=v["account"],
                           then=lambda row: self._done(f"Added {row.code}.", row.code))
                return
            shares = []
            for spec in (v["shares"] or "").replace(";", ",").split(","):
                if spec.strip():
                    dept, _, weight = spec.strip().partition(":")
                    shares.append((dept.strip(), weight.strip()))
            self.write(add_allocation, v["code"], v["name"], account=v["account"] or "", basis=v["basis"],
                       shares=shares, source=v["source"], then=lambda row: self._done(f"Added {row.code}.", row.code))

        self.begin("office.new_deal", None, lambda: self._form("New internal deal", [
            Field("kind", "Kind", "select", "allocation",
                  options=(("Allocation rule", "allocation"), ("Service agreement", "service"))),
            Field("code", "Code"), Field("name", "Name"), Field("account", "Account", required=False),
            Field("basis", "Key (rules)", "select", "area", options=(("Floor area", "area"), ("Headcount", "headcount"),
                                                                     ("Fixed shares", "fixed"))),
            Field("shares", "Shares (rules)", required=False, placeholder="SALES:120, WH:250"),
            Field("source", "From department", required=False), Field("target", "To (agreements)", required=False),
            Field("fee", "Monthly fee (agreements)", "money", required=False),
        ], go, submit="Add", hint="A rule splits an account (as it stands in its department, or in none) by the "
                                  "key; an agreement charges the 'to' department a fee for the 'from' one."))

    def action_end_deal(self) -> None:
        from boclerk.services.office.deals import end_deal

        code = self.current_key()
        if code and self.current_kind() == "deal":
            self.confirm_act("office.end_deal", code, lambda: self.write(
                end_deal, code, then=lambda row: self._done(f"{code} ends on {row.valid_to}.", code)))
