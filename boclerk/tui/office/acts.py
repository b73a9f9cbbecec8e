"""The acts of the office, on the Office screen: supply requests asked, decided, ordered and
cancelled; staff; the internal deals and the month's runs (depreciation, allocation); with the
registers' acts (:mod:`boclerk.tui.office.register_acts`)."""

from __future__ import annotations

from boclerk.domain.acts import ACTS
from boclerk.i18n import _, ngettext, pgettext
from boclerk.tui.base import today
from boclerk.tui.dialogs import Field
from boclerk.tui.office.acts_base import KIND_OF, NEW_IN, line_numbers, month_before, pairs
from boclerk.tui.office.register_acts import ContractActs, EquipmentActs
from boclerk.tui.office.views import words

__all__ = ["KIND_OF", "NEW_IN", "OfficeActs"]


class OfficeActs(EquipmentActs, ContractActs):
    """Every act of the Office screen; the screen says which record is current and its state."""

    # -- supply requests ---------------------------------------------------------------------------
    def action_ask(self) -> None:
        from boclerk.services.office.requests import ask

        def go(v: dict) -> None:
            self.write(ask, pairs(v["lines"]), department=v["dept"], wanted_by=v["wanted_by"], note=v["note"] or "",
                       then=lambda res: self._done(_("Asked {number}; the office manager decides it.").format(
                           number=res.number), res.number))

        self.begin("office.ask", None, lambda: self._form(_("Ask for supplies"), [
            Field("lines", _("SKU:QTY, SKU:QTY"), placeholder="OFF-001:5, OFF-014:2,5"),
            Field("dept", _("Department"), required=False, placeholder=_("yours on the staff list")),
            Field("wanted_by", _("Wanted by"), "date", required=False),
            Field("note", _("Note"), required=False),
        ], go, act=ACTS["office.ask"], hint=_("Items of the consumables catalogue: paper, tea, cleaning supplies, "
                                       "cartridges.")))

    def action_approve(self) -> None:
        from boclerk.services.office.requests import approve

        self._on("approve", lambda number: self._form(_("Approve {number}").format(number=number), [
            Field("lines", _("Lines"), required=False, placeholder=_("all waiting")),
            Field("note", _("Note"), required=False),
        ], lambda v: self.write(approve, number, line_numbers(v["lines"]), note=v["note"] or "",
                                then=lambda res: self._done(f"{number}: {words(res.state)}.", number,
                                                            res.warnings)), act=ACTS["office.approve"],
            hint=_("Line numbers, or empty for every line waiting. A budget it takes over warns, and approves.")))

    def action_reject(self) -> None:
        from boclerk.services.office.requests import reject

        self._on("reject", lambda number: self._form(_("Reject lines of {number}").format(number=number), [
            Field("reason", _("Reason")),
            Field("lines", _("Lines"), required=False, placeholder=_("all waiting")),
        ], lambda v: self.write(reject, number, v["reason"], line_numbers(v["lines"]),
                                then=lambda res: self._done(f"{number}: {words(res.state)}.", number)),
            act=ACTS["office.reject"], hint=_("The requester reads the reason.")))

    def action_order(self) -> None:
        from boclerk.services.office.requests import order_requests

        def ordered(res, number: str) -> None:
            made = ", ".join(f"{o.po} ({o.supplier_name or o.supplier})" for o in res.pos)
            self._done(_("Ordered on {made}: draft POs, to send from Purchases.").format(made=made) if made
                       else _("Nothing ordered."),
                       number, res.left)

        self._on("order", lambda number: self.write(order_requests, [number], then=lambda res: ordered(res, number)))

    def action_cancel_request(self) -> None:
        from boclerk.services.office.requests import cancel_request

        number = self.current_key()
        if number and self.current_kind() == "request":
            self.confirm_act("office.cancel_request", number, lambda: self.write(
                cancel_request, number, then=lambda res: self._done(pgettext("supply request", "Cancelled {number}.").format(number=number),
                                                                    number)))

    def action_depreciate(self) -> None:
        self._month_run("office.depreciate", _("Depreciation of fixed assets"))

    def action_allocate(self) -> None:
        self._month_run("office.allocate", _("Allocations between departments"))

    def _month_run(self, act_id: str, title: str) -> None:
        from boclerk.dates import format_month, parse_month
        from boclerk.i18n import words_language

        locale = words_language()  # the month in the words of the interface, as its sentences say it

        def go(v: dict) -> None:
            month = parse_month(v["month"], locale=locale)
            self.confirm_act(act_id, format_month(month, locale), lambda: self._run_month(act_id, month))

        self.begin(act_id, None, lambda: self._form(title, [
            Field("month", _("Month"), value=format_month(month_before(today(self.app)), locale),
                  placeholder=_("{words} or {digits}").format(words=format_month(202611, locale), digits="11.2026")),
        ], go, act=ACTS[act_id], hint=_("A month is posted once; running it again changes nothing.")))

    def _run_month(self, act_id: str, month: int) -> None:
        from boclerk.dates import format_month
        from boclerk.i18n import words_language

        period = format_month(month, words_language())
        if act_id == "office.depreciate":
            from boclerk.services.office.depreciation import depreciate

            self.write(depreciate, month, then=lambda res: self._done(
                ngettext("Posted {entry}: {n} asset(s), {amount}.", "Posted {entry}: {n} asset(s), {amount}.",
                         res.assets).format(entry=res.entry, n=res.assets, amount=self.money(res.amount))
                if res.entry else
                _("Nothing more to depreciate in {period} ({earlier}).").format(
                    period=period, earlier=", ".join(res.earlier)) if res.earlier else
                _("Nothing more to depreciate in {period}.").format(period=period)))
            return
        from boclerk.services.office.allocation import allocate

        def said(run) -> None:
            done = [f"{d.code} {d.entry}" for d in run.posted]
            before = [d.code for d in run.deals if d.already]
            self._done((_("Posted {entries}.").format(entries=", ".join(done)) if done else
                        _("Nothing more to post for {period}.").format(period=period))
                       + (" " + _("Posted before: {deals}.").format(deals=", ".join(before)) if before else ""),
                       warnings=[f"{d.code}: {d.note}" for d in run.deals if d.note])

        self.write(allocate, month, then=said)

    # -- staff and deals --------------------------------------------------------------------------------------
    def action_add_staff(self) -> None:
        from boclerk.services.office.staff import add_staff

        self.begin("office.add_staff", None, lambda: self._form(_("New person"), [
            Field("code", _("Code")), Field("name", pgettext("person", "Name")), Field("dept", _("Department")),
            Field("position", _("Position"), required=False), Field("login", _("boclerk login"), required=False),
        ], lambda v: self.write(add_staff, v["code"], v["name"], v["dept"], position=v["position"] or "",
                                login=v["login"], then=lambda row: self._done(_("Added {code}.").format(code=row.code),
                                                                              row.code)),
            act=ACTS["office.add_staff"]))

    def action_edit_staff(self) -> None:
        from boclerk.services.office.staff import edit_staff

        def go(code: str, v: dict) -> None:
            changes = {k: v[k] for k in ("name", "department", "position", "login") if v[k]}
            if not changes:
                self.app.notify(_("Nothing changed."))
                return
            self.write(edit_staff, code, **changes, then=lambda row: self._done(_("Saved {code}.").format(code=code),
                                                                                code))

        self._on("edit_staff", lambda code: self._form(_("Edit {code}").format(code=code), [
            Field("name", pgettext("person", "Name"), required=False),
            Field("department", _("Department"), required=False),
            Field("position", _("Position"), required=False), Field("login", _("boclerk login"), required=False),
        ], lambda v: go(code, v), act=ACTS["office.edit_staff"], hint=_("Empty fields stay as they are.")))

    def action_staff_left(self) -> None:
        from boclerk.services.office.staff import staff_left

        self._on("staff_left", lambda code: self.write(
            staff_left, code, then=lambda row: self._done(_("{code} is marked as gone.").format(code=code), code)))

    def action_new_deal(self) -> None:
        from boclerk.services.office.deals import add_allocation, add_service

        def go(v: dict) -> None:
            if v["kind"] == "service":
                self.write(add_service, v["code"], v["name"], provider=v["source"] or "", receiver=v["target"] or "",
                           fee=v["fee"] or 0, account=v["account"],
                           then=lambda row: self._done(_("Added {code}.").format(code=row.code), row.code))
                return
            self.write(add_allocation, v["code"], v["name"], account=v["account"] or "", basis=v["basis"],
                       shares=pairs(v["shares"], "DEPT:WEIGHT"), source=v["source"],
                       then=lambda row: self._done(_("Added {code}.").format(code=row.code), row.code))

        self.begin("office.new_deal", None, lambda: self._form(_("New internal deal"), [
            Field("kind", _("Kind"), "select", "allocation",
                  options=((_("Allocation rule"), "allocation"), (_("Service agreement"), "service"))),
            Field("code", _("Code")), Field("name", _("Name")), Field("account", _("Account"), required=False),
            Field("basis", _("Key (rules)"), "select", "area", options=(
                (_("Floor area"), "area"), (_("Headcount"), "headcount"), (_("Fixed shares"), "fixed"))),
            Field("shares", _("Shares (rules)"), required=False, placeholder="SALES:120, WH:250"),
            Field("source", _("From department"), required=False),
            Field("target", _("To (agreements)"), required=False),
            Field("fee", _("Monthly fee (agreements)"), "money", required=False),
        ], go, act=ACTS["office.new_deal"], hint=_("A rule splits an account (as it stands in its department, or in none) by the "
                                       "key; an agreement charges the 'to' department a fee for the 'from' one.")))

    def action_end_deal(self) -> None:
        from boclerk.services.office.deals import end_deal

        code = self.current_key()
        if code and self.current_kind() == "deal":
            self.confirm_act("office.end_deal", code, lambda: self.write(
                end_deal, code, then=lambda row: self._done(_("{code} ends on {day}.").format(code=code, day=self.day(row.valid_to)),
                                                            code)))
