"""The Ledger screen's acts: new manual entry, reverse, recharge between departments, lock date.

Shared by the journal and an entry's own screen; each act asks what it needs, confirms
what cannot be undone, and runs the service in a worker (refusals come back as toasts).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from boclerk.dates import format_day
from boclerk.domain.acts import ACTS
from boclerk.i18n import _
from boclerk.tui.base import Services, today
from boclerk.tui.dialogs import ConfirmDialog, Field, FormDialog
from boclerk.tui.one_record import ActsNow

#: the ledger acts of the rule book that the journal and an entry's screen offer
LEDGER_ACTS = ("new_entry", "reverse", "recharge", "lock")


def _departments(uow) -> list[tuple[str, str]]:
    from boclerk.services.ledger.queries import list_departments

    return [(d.code if d.name.upper() == d.code else f"{d.code} {d.name}", d.code)
            for d in list_departments(uow) if d.active]


def _recharge_accounts(uow) -> list[tuple[str, str]]:
    from boclerk.services.ledger.queries import list_accounts

    accounts = [a for a in list_accounts(uow) if a.active and a.type in ("expense", "income")]
    accounts.sort(key=lambda a: (a.role != "recharges", a.code))
    return [(f"{a.code} {a.name}", a.code) for a in accounts]


class RechargeForm(FormDialog):
    """The recharge's form: the memo's placeholder is what the books get when no memo is typed (in
    their language), for the departments chosen."""

    def __init__(self, title: str, fields: list[Field], memo: str, **kwargs: Any) -> None:
        super().__init__(title, fields, **kwargs)
        self.memo = memo  # the books' words, with {source} and {target}

    def on_select_changed(self, event) -> None:
        from textual.widgets import Input, Select

        source, target = (self.query_one(f"#f-{name}", Select).value for name in ("from_dept", "to_dept"))
        if Select.BLANK not in (source, target):
            self.query_one("#f-memo", Input).placeholder = self.memo.format(source=source, target=target)


def lock_date(uow) -> date | None:
    return uow.company.lock_date


class LedgerActs(ActsNow, Services):
    """Reverse and the posting acts, shared by the journal and the entry's own screen."""

    def current_entry(self) -> Any | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def after_act(self, *args) -> None:
        """An act changed the entry: the screen reloads it (its own after_act), and what may be done
        to it now is asked again."""
        self.forget_now()
        super().after_act(*args)  # type: ignore[misc]

    def act_allowed(self, act: str) -> bool | None:
        if act != "reverse":
            return self.offer(f"ledger.{act}")
        row = self.current_entry()
        state = None
        if row is not None:
            state = "reversed" if getattr(row, "reversed_by", None) else row.status
        offered = self.offer("ledger.reverse", state, record=row is not None)
        if offered is True and self.not_now("ledger.reverse", "entry", row.number):
            return None  # the services say why not (a document's entry is corrected through the document)
        return offered

    def action_reverse(self) -> None:
        row = self.current_entry()
        if row is None:
            return
        from boclerk.services.ledger.book import reverse

        number = row.number
        amount = row.amount if hasattr(row, "amount") else row.total
        day = today(self.app)

        self.confirm_act("ledger.reverse", number, lambda: self.write(
            reverse, number, then=lambda p: (self.app.notify(_("Reversed {number} by {reversal}.").format(
                number=number, reversal=p.number)), self.after_act(p.number))),
            question=_("Reverse {number} ({memo}, {amount})? A mirror entry dated {day} is posted; it cannot be "
                       "undone.").format(number=number, memo=row.memo or _("no memo"), amount=self.money(amount),
                                         day=day))

    def action_recharge(self) -> None:
        from boclerk.services.ledger.book import recharge, recharge_memo_pattern

        def ask(choices) -> None:
            depts, accounts, memo = choices
            if len(depts) < 2:
                self.app.notify(_("A recharge needs two departments."), severity="error")
                return

            def go(values: dict | None) -> None:
                if not values:
                    return

                def really(yes: bool | None) -> None:
                    if yes:
                        self.write(recharge, from_dept=values["from_dept"], to_dept=values["to_dept"],
                                   amount=values["amount"], account_key=values["account"], memo=values["memo"] or "",
                                   entry_date=values["day"],
                                   then=lambda p: (self.app.notify(_("Posted the recharge as {number}.").format(
                                       number=p.number)), self.after_act(p.number)))

                self.app.push_screen(ConfirmDialog(_(
                    "Post a recharge of {amount} on {account} from {source} to {target}, dated {day}? It cannot be "
                    "undone, only reversed.").format(amount=self.money(values['amount']), account=values['account'],
                                                    source=values['from_dept'], target=values['to_dept'],
                                                    day=format_day(values['day'], self.app.locale)),
                                   act=ACTS["ledger.recharge"]), really)

            self.app.push_screen(RechargeForm(_("Recharge between departments"), [
                Field("from_dept", _("From department"), "select", depts[0][1], tuple(depts)),
                Field("to_dept", _("To department"), "select", depts[1][1], tuple(depts)),
                Field("amount", _("Amount"), "money"),
                Field("account", _("Account"), "select", accounts[0][1] if accounts else "", tuple(accounts)),
                Field("day", _("Date"), "date", today(self.app).isoformat()),
                Field("memo", _("Memo"), required=False,
                      placeholder=memo.format(source=depts[0][1], target=depts[1][1])),
            ], memo, act=ACTS["ledger.recharge"], hint=_("The cost moves off the first department onto the second.")),
                go)

        self.begin("ledger.recharge", None, lambda: self.read(
            lambda uow: (_departments(uow), _recharge_accounts(uow), recharge_memo_pattern(uow)), then=ask))

    def action_lock(self) -> None:
        from boclerk.services.ledger.book import set_lock_date

        def ask(current: date | None) -> None:
            def go(values: dict | None) -> None:
                if values is None:
                    return
                day = values["day"]
                back = current is not None and (not day or day < current)
                shown = format_day(day, self.app.locale) if day else ""
                if back:  # moving the lock back reopens closed periods: said in so many words
                    question = _("Reopen the books from {current} back to {day}? Entries may then be posted in a "
                                 "closed period again.").format(current=format_day(current, self.app.locale),
                                                               day=shown or _("no lock"))
                else:
                    question = (_("Lock the books up to {day}? Nothing can be posted on or before that date.").format(
                        day=shown) if day else _("Unlock the books? Any date can be posted again."))

                def really(yes: bool | None) -> None:
                    if yes:
                        self.write(set_lock_date, day, reopen=back,
                                   done=_("Books locked up to {day}.").format(day=shown) if day else _("Books unlocked."),
                                   then=lambda _result: self.after_act(None))

                self.app.push_screen(ConfirmDialog(question, yes=_("Reopen") if back else _("Unlock") if not day else
                                                   ACTS["ledger.lock"].yes_word()),
                                     really)

            self.app.push_screen(FormDialog(_("Lock date"), [
                Field("day", _("Locked up to"), "date", (current or today(self.app)).isoformat(), required=False),
            ], submit=_("Set"), hint=_("Now: {current}. Empty the field to unlock.").format(
                current=format_day(current, self.app.locale) if current else _("not locked"))), go)

        self.begin("ledger.lock", None, lambda: self.read(lock_date, then=ask))

    def action_new_entry(self) -> None:
        from boclerk.tui.ledger.entry_form import NewEntryScreen

        def done(number: str | None) -> None:
            if number:
                self.after_act(number)

        self.begin("ledger.new_entry", None, lambda: self.app.push_screen(NewEntryScreen(), done))
