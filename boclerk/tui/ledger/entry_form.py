"""A manual journal entry: a grid of lines (account, debit, credit, department) with the
debit/credit difference shown live as you type. Only a balanced entry is posted or saved.
One line of the grid is a widget of its own (boclerk.tui.ledger.entry_line)."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from boclerk.dates import format_day, parse_day
from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _, ngettext
from boclerk.tui.base import AreaScreen, act_bindings, today
from boclerk.tui.dialogs import ConfirmDialog
from boclerk.tui.typed_input import TypedInput
from boclerk.tui.validators import DateValidator
from boclerk.tui.ledger.chart_input import chart_matches
from boclerk.tui.ledger.entry_line import LineRow


class NewEntryScreen(AreaScreen):
    TITLE = N_("New journal entry")
    AUTO_FOCUS = "#entry-memo"
    HELP = N_("A manual journal entry. Give the date and a memo, then one line per account: the account's code "
            "(1010) or role (bank), a debit or a credit in the shop's number format (1 234,56), and a department "
            "if the amount belongs to one. Enter moves to the next field and adds a line after the last one; "
            "Up and Down move between lines. The difference of debits and credits is shown as you type: it must "
            "be zero before the entry can be posted (ctrl+s, with confirmation) or saved as a draft (ctrl+r). "
            "ctrl+b puts the difference on the current line; ctrl+n adds a line, ctrl+y removes one. "
            "Esc leaves without saving.")
    BINDINGS = [
        *act_bindings("ledger.post_entry", "ledger.save_draft"),
        Binding("ctrl+b", "balance_line", N_("Balance line"), id="ledger.balance_line"),
        Binding("ctrl+n", "add_line", N_("Add line"), id="ledger.add_line"),
        Binding("ctrl+y", "remove_line", N_("Remove line"), id="ledger.remove_line"),
        Binding("enter", "advance", N_("Next field"), show=False, priority=True, id="ledger.next_field"),
        Binding("tab", "step(1)", N_("Next"), show=False, priority=True, id="ledger.focus_next"),
        Binding("shift+tab", "step(-1)", N_("Previous"), show=False, priority=True, id="ledger.focus_previous"),
        Binding("up", "move(-1)", N_("Line up"), show=False, priority=True, id="ledger.line_up"),
        Binding("down", "move(1)", N_("Line down"), show=False, priority=True, id="ledger.line_down"),
        Binding("escape", "leave", N_("Leave"), id="ledger.leave_entry"),
    ]
    DEFAULT_CSS = """
    NewEntryScreen .entry-head { height: 1; padding: 0 1; }
    NewEntryScreen .entry-head Label { padding: 0 1 0 0; }
    NewEntryScreen .entry-head Input { padding: 0 1; }
    NewEntryScreen .entry-head Input:focus { background: $accent 30%; }
    NewEntryScreen #entry-date { width: 14; }
    NewEntryScreen #entry-memo { width: 1fr; }
    NewEntryScreen .grid-head { height: 1; padding: 0 1; text-style: bold; color: $text-muted; }
    NewEntryScreen #entry-lines { height: 1fr; padding: 0 1; }
    NewEntryScreen .line-row { height: 1; }
    NewEntryScreen .line-row Input { padding: 0 1; margin: 0 1 0 0; }
    NewEntryScreen .line-row Input:focus { background: $accent 30%; }
    NewEntryScreen .line-row Input.-invalid { background: $error 40%; }
    NewEntryScreen .line-no { width: 3; color: $text-muted; }
    NewEntryScreen .acct { width: 10; }
    NewEntryScreen .acct-name { width: 1fr; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    NewEntryScreen .debit, NewEntryScreen .credit { width: 15; }
    NewEntryScreen .dept { width: 8; }
    NewEntryScreen #entry-totals { height: auto; padding: 0 1; text-align: right; text-style: bold; }
    NewEntryScreen #entry-error { height: auto; padding: 0 1; color: $error; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.accounts: dict[str, Any] = {}     # code and role -> AccountRow
        self.departments: dict[str, Any] = {}  # code -> DepartmentRow
        self.difference = 0

    def body(self) -> ComposeResult:
        with Vertical(classes="area-body"):
            with Horizontal(classes="entry-head"):
                yield Label(_("Date"))
                yield TypedInput(format_day(today(self.app), self.app.locale), id="entry-date",
                                 validators=[DateValidator(self.app.locale, today(self.app))], compact=True)
                yield Label(_("Memo"))
                yield TypedInput(placeholder=_("what the entry is for"), id="entry-memo", compact=True)
            yield Static("   " + _("Account").ljust(11) + _("Name"), classes="grid-head", id="grid-head")
            with VerticalScroll(id="entry-lines", can_focus=False):
                yield LineRow(self)
                yield LineRow(self)
            yield Static("", id="entry-totals")
            yield Static("", id="entry-error")

    def on_mount(self) -> None:
        self.read(_chart, then=self._loaded)
        self._renumber()
        self.recompute()

    def on_resize(self, event) -> None:
        """AreaScreen's on_resize runs as well: Textual calls the handler of every class in the MRO."""
        self._head()

    def _head(self) -> None:
        width = self.size.width
        name = max(width - 56, 4)
        self.query_one("#grid-head", Static).update(
            "   " + _("Account")[:10].ljust(11) + _("Name")[:name - 1].ljust(name) + _("Debit")[:15].ljust(16)
            + _("Credit")[:15].ljust(16) + _("Dept")[:8])

    def _loaded(self, chart) -> None:
        accounts, departments = chart
        for a in accounts:
            self.accounts[a.code] = a
            if a.role:
                self.accounts[a.role] = a
        for d in departments:
            self.departments[d.code] = d
        for row in self.rows():
            self._show_name(row)
            for name in ("acct", "dept"):
                row.field(name).validate(row.field(name).value)

    def rows(self) -> list[LineRow]:
        return list(self.query(LineRow))

    def _renumber(self) -> None:
        for i, row in enumerate(self.rows(), start=1):
            row.query_one(".line-no", Label).update(f"{i}.")

    def _row_of(self, widget) -> LineRow | None:
        node = widget
        while node is not None and not isinstance(node, LineRow):
            node = node.parent
        return node

    # -- live totals ------------------------------------------------------------------------------
    def _amount(self, text: str) -> int | None:
        from boclerk.money import parse_amount

        text = text.strip()
        if not text:
            return 0
        try:
            return parse_amount(text, currency=self.app.currency, locale=self.app.locale)
        except InvalidInput:
            return None

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#entry-error", Static).update("")
        row = self._row_of(event.input)
        if row is not None:
            if event.input.has_class("acct"):
                self._show_name(row)
            self.recompute()

    def _show_name(self, row: LineRow) -> None:
        key = row.field("acct").value.strip()
        acc = self.accounts.get(key) if key else None
        label = row.query_one(".acct-name", Static)
        if acc is None:
            found = chart_matches(self.accounts, key) if key else []
            if found:
                more = _(" +{n} more").format(n=len(found) - 1) if len(found) > 1 else ""
                label.update(f"→ {found[0].code} {found[0].name}{more}")  # Enter takes it
            else:
                label.update("" if not key or not self.accounts else _("unknown account"))
        else:
            label.update(acc.name + ("" if acc.active else _(" (closed)")))

    def recompute(self) -> None:
        debit = credit = 0
        bad = False
        for row in self.rows():
            d, c = self._amount(row.field("debit").value), self._amount(row.field("credit").value)
            if d is None or c is None:
                bad = True
                continue
            debit += d
            credit += c
        self.difference = debit - credit
        money = self.money
        if bad:
            verdict = _("an amount is not valid")
        elif self.difference == 0:
            verdict = _("balanced") if debit else _("empty")
        else:
            verdict = _("debits exceed credits") if self.difference > 0 else _("credits exceed debits")
        totals = self.query_one("#entry-totals", Static)
        totals.update(_("Debit {debit}   Credit {credit}   Difference {difference}  ({verdict})").format(
            debit=money(debit), credit=money(credit), difference=money(abs(self.difference)), verdict=verdict))
        ok = not bad and self.difference == 0 and debit > 0
        totals.set_class(ok, "difference-ok")
        totals.set_class(not ok, "difference-bad")

    # -- moving about ------------------------------------------------------------------------------
    async def action_advance(self) -> None:
        """Enter: the next field; after the last line's department, a new line.

        A priority binding, run before the following keys are handed out: what is typed
        fast after Enter (a paste, a scanner, keys over a slow link) lands in the next field.
        """
        focused = self.focused
        if not isinstance(focused, Input):
            return
        row = self._row_of(focused)
        rows = self.rows()
        if row is not None and focused.has_class("acct") and focused.value.strip() not in self.accounts:
            found = chart_matches(self.accounts, focused.value)
            if found:  # "rent" becomes 5500, the first account it names
                focused.value = found[0].code
        if row is not None and row is rows[-1] and focused.has_class("dept"):
            await self.action_add_line()
            return
        self.focus_next()

    def action_step(self, step: int) -> None:
        """Tab and shift+Tab, at once (see :meth:`action_advance`)."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_move(self, step: int) -> None:
        focused = self.focused
        row = self._row_of(focused) if focused is not None else None
        rows = self.rows()
        if row is None:
            if step > 0 and rows:
                rows[0].field("acct").focus()
            return
        index = rows.index(row) + step
        if 0 <= index < len(rows):
            name = next(n for n in ("acct", "debit", "credit", "dept") if focused.has_class(n))
            target = rows[index].field(name)
            target.focus()
            self.query_one("#entry-lines", VerticalScroll).scroll_to_widget(target)
        elif index < 0:
            self.query_one("#entry-memo", Input).focus()

    async def action_add_line(self) -> None:
        row = LineRow(self)
        lines = self.query_one("#entry-lines", VerticalScroll)
        await lines.mount(row)
        self._renumber()
        row.field("acct").focus()
        lines.scroll_to_widget(row)

    def action_remove_line(self) -> None:
        focused = self.focused
        row = self._row_of(focused) if focused is not None else None
        if row is None:
            return
        rows = self.rows()
        if len(rows) <= 2:
            for name in ("acct", "debit", "credit", "dept"):
                row.field(name).value = ""
            return
        index = rows.index(row)
        row.remove()
        following = rows[index + 1] if index + 1 < len(rows) else rows[index - 1]
        following.field("acct").focus()
        self.call_after_refresh(lambda: (self._renumber(), self.recompute()))

    def action_balance_line(self) -> None:
        """Put the difference of the other lines on the current line, on the side that balances."""
        from boclerk.money import format_amount

        focused = self.focused
        row = self._row_of(focused) if focused is not None else None
        if row is None:
            self.app.notify(_("Move to the line that should take the difference."), severity="warning")
            return
        d, c = self._amount(row.field("debit").value), self._amount(row.field("credit").value)
        if d is None or c is None:
            self.app.notify(_("Correct the amount on this line first."), severity="error")
            return
        rest = self.difference - (d - c)
        text = format_amount(abs(rest), currency=self.app.currency, locale=self.app.locale) if rest else ""
        row.field("debit").value = text if rest < 0 else ""
        row.field("credit").value = text if rest > 0 else ""

    # -- saving -----------------------------------------------------------------------------------
    def refuse(self, sentence: str, widget=None) -> None:
        self.query_one("#entry-error", Static).update(sentence)
        self.app.notify(sentence, title=_("Refused"), severity="error", timeout=10)
        if widget is not None:
            widget.focus()

    def collect(self) -> tuple[date, str, list] | None:
        """The entry as the service takes it, or None after saying what is wrong."""
        from boclerk.services.ledger.book import Line

        self.query_one("#entry-error", Static).update("")
        date_input = self.query_one("#entry-date", Input)
        try:
            day = parse_day(date_input.value, locale=self.app.locale, today=today(self.app))
        except InvalidInput as exc:
            self.refuse(exc.message, date_input)
            return None
        memo = self.query_one("#entry-memo", Input).value.strip()
        lines: list[Line] = []
        for n, row in enumerate(self.rows(), start=1):
            if row.blank():
                continue
            account = row.field("acct").value.strip()
            if not account:
                self.refuse(_("Line {n}: give the account.").format(n=n), row.field("acct"))
                return None
            if self.accounts and account not in self.accounts:
                self.refuse(_("Line {n}: there is no account {account}.").format(n=n, account=account), row.field("acct"))
                return None
            amounts = []
            for name in ("debit", "credit"):
                value = self._amount(row.field(name).value)
                if value is None:
                    self.refuse(_("Line {n}: '{text}' is not an amount.").format(
                        n=n, text=row.field(name).value.strip()), row.field(name))
                    return None
                amounts.append(value)
            debit, credit = amounts
            if debit and credit:
                self.refuse(_("Line {n} has both a debit and a credit; keep one of them.").format(n=n),
                            row.field("credit"))
                return None
            if not debit and not credit:
                self.refuse(_("Line {n} has no amount: give a debit or a credit.").format(n=n), row.field("debit"))
                return None
            dept = row.field("dept").value.strip().upper() or None
            if dept and self.departments and dept not in self.departments:
                self.refuse(_("Line {n}: there is no department {dept}.").format(n=n, dept=dept), row.field("dept"))
                return None
            lines.append(Line(account, debit - credit, dept))
        if len(lines) < 2:
            self.refuse(_("A journal entry needs at least two lines."))
            return None
        total = sum(line.amount for line in lines)
        if total:
            side = _("debits exceed credits") if total > 0 else _("credits exceed debits")
            self.refuse(_("The entry does not balance: {side} by {amount}.").format(side=side, amount=self.money(abs(total))))
            return None
        return day, memo, lines

    def action_post_entry(self) -> None:
        got = self.collect()
        if got is None:
            return
        day, memo, lines = got
        from boclerk.services.ledger.book import post_manual

        amount = sum(line.amount for line in lines if line.amount > 0)

        self.confirm_act("ledger.post_entry", None, lambda: self.write(
            post_manual, entry_date=day, memo=memo, lines=lines,
            then=lambda p: (self.app.notify(_("Posted {number}.").format(number=p.number)), self.dismiss(p.number))),
            question=ngettext("Post this entry of {n} line, {amount}, dated {day}? A posted entry cannot be changed, "
                              "only reversed.",
                              "Post this entry of {n} lines, {amount}, dated {day}? A posted entry cannot be changed, "
                              "only reversed.", len(lines)).format(n=len(lines), amount=self.money(amount),
                                                day=format_day(day, self.app.locale)))

    def action_save_draft(self) -> None:
        got = self.collect()
        if got is None:
            return
        day, memo, lines = got
        from boclerk.services.ledger.book import create_draft

        self.write(create_draft, entry_date=day, memo=memo, lines=lines,
                   then=lambda draft: (self.app.notify(_("Saved draft #{draft}; d on the journal lists the drafts.")
                                                       .format(draft=draft)),
                                       self.dismiss(None)))

    def unsaved(self) -> str | None:
        """What leaving now would lose (None: nothing typed yet)."""
        return None if all(row.blank() for row in self.rows()) else _("the journal entry being typed")

    def action_leave(self) -> None:
        if self.unsaved() is None:
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmDialog(_("Leave without saving the entry? Its lines are lost."), yes=_("Leave")),
                             lambda yes: yes and self.dismiss(None))


def _chart(uow):
    from boclerk.services.ledger.queries import list_accounts, list_departments

    return list_accounts(uow), list_departments(uow)
