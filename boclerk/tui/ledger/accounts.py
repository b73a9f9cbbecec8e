"""Accounts with their balances, one account's ledger with a running balance, and drafts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from boclerk.domain.acts import ACTS
from boclerk.dates import format_day
from boclerk.domain.ledger_words import account_type
from boclerk.i18n import N_, _
from boclerk.tui.base import AreaScreen, act_bindings, today
from boclerk.tui.ledger.entry import EntryDetailScreen, render_entry
from boclerk.tui.ledger.parts import AboveJournal, GridTable, ask_date, ask_period, memo_cell
from boclerk.tui.paged import Column

ACCOUNT_COLUMNS = [Column("code", N_("Account"), 8, 1), Column("name", N_("Name"), 28, 1),
                   Column("type", N_("Type"), 9, 3), Column("role", N_("Role"), 18, 4),
                   Column("debit", N_("Debit"), 15, 1, right=True), Column("credit", N_("Credit"), 15, 1, right=True)]

#: the memo takes what the other columns leave (at least its width; cut with an ellipsis), so that
#: 80 columns show date, memo, debit, credit and balance; the entry's number comes at 96
LEDGER_COLUMNS = [Column("date", N_("Date"), 10, 1), Column("number", N_("Entry"), 14, 2),
                  Column("memo", N_("Memo"), 12, 1), Column("source", N_("Source"), 16, 5),
                  Column("department", N_("Dept"), 6, 4), Column("debit", N_("Debit"), 13, 1, right=True),
                  Column("credit", N_("Credit"), 13, 1, right=True), Column("balance", N_("Balance"), 14, 1, right=True)]

DRAFT_COLUMNS = [Column("id", N_("Draft"), 8, 1), Column("date", N_("Date"), 10, 1), Column("memo", N_("Memo"), 40, 1),
                 Column("amount", N_("Amount"), 15, 1, right=True)]


#: lines of an account's ledger loaded at once; a longer period shows its first lines and says so
LEDGER_LIMIT = 2000


class AccountsScreen(AboveJournal, AreaScreen):
    TITLE = N_("Accounts")
    AUTO_FOCUS = "#accounts-table"
    HELP = N_("The chart of accounts with each account's balance at a date (f chooses the date). "
            "Enter opens the account's ledger with a running balance; e renames the account (its code and "
            "postings stay; reports and documents show the new name). Esc goes back to the journal.")
    BINDINGS = [
        Binding("f", "at", N_("Date"), id="ledger.accounts_at"),
        Binding("enter", "open", N_("Ledger"), id="ledger.open_account"),
        *act_bindings("ledger.rename"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]
    DEFAULT_CSS = """
    AccountsScreen #accounts-title { height: 1; padding: 0 1; text-style: bold; }
    AccountsScreen #accounts-table { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.at: date | None = None

    def body(self) -> ComposeResult:
        with Vertical(classes="area-body"):
            yield Static(_("Accounts"), id="accounts-title")
            yield GridTable(ACCOUNT_COLUMNS, id="accounts-table", stretch="name", snug=("code",))

    def on_mount(self) -> None:
        self.at = today(self.app)
        self.load()

    def load(self) -> None:
        from boclerk.services.ledger.queries import list_accounts

        self.read(list_accounts, at=self.at, then=self.show)

    def show(self, accounts) -> None:
        rows = [{"_key": a.code, "_name": a.name, "_style": "" if a.active else "dim", "code": a.code,
                 "name": a.name + ("" if a.active else _(" (closed)")), "type": account_type(a.type),
                 "role": a.role or "",
                 "debit": self.money(a.balance) if a.balance > 0 else "",
                 "credit": self.money(-a.balance) if a.balance < 0 else ""} for a in accounts]
        self.query_one(GridTable).show(rows)
        self.query_one("#accounts-title", Static).update(
            _("Accounts: balances at the end of {day}").format(day=format_day(self.at, self.app.locale)))
        self.refresh_bindings()

    def offered(self, action: str) -> bool | None:
        if action == "rename":
            return self.offer("ledger.rename", record=self.query_one(GridTable).current is not None)
        return True

    def action_rename(self) -> None:
        row = self.query_one(GridTable).current
        if not row:
            return
        from boclerk.services.ledger.book import rename
        from boclerk.tui.dialogs import Field, FormDialog

        code, name = row["_key"], row["_name"]

        def go(values: dict | None) -> None:
            if values is not None and values["name"].strip() != name:
                self.write(rename, "account", code, values["name"],
                           done=_("Account {code} is now named {name}.").format(code=code, name=values["name"].strip()),
                           then=lambda _before: self.load())

        self.begin("ledger.rename", code, lambda: self.app.push_screen(FormDialog(
            _("Rename account {code}").format(code=code), [Field("name", _("Name"), value=name)], act=ACTS["ledger.rename"],
            hint=_("Its code and everything posted to it stay; reports and documents show the new name.")), go))

    def action_at(self) -> None:
        def chosen(day: date) -> None:
            self.at = day
            self.load()

        ask_date(self, _("Balances at the end of"), self.at, chosen)

    def action_open(self) -> None:
        row = self.query_one(GridTable).current
        if row:
            self.app.push_screen(AccountLedgerScreen(row["_key"], start=self.at.replace(day=1), end=self.at))

    def on_data_table_row_selected(self, event) -> None:
        self.action_open()


class AccountLedgerScreen(AboveJournal, AreaScreen):
    """One account's postings of a period with the running balance (debit-positive)."""

    TITLE = N_("Account ledger")
    AUTO_FOCUS = "#account-ledger"
    HELP = N_("One account's postings in a period, oldest first, with the running balance after each line "
            "(debit balances positive, credit balances negative). f chooses the period; Enter opens the "
            "journal entry of the line. Esc goes back.")
    BINDINGS = [
        Binding("f", "period", N_("Period"), id="ledger.account_period"),
        Binding("enter", "open", N_("Entry"), id="ledger.open_entry"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]
    DEFAULT_CSS = """
    AccountLedgerScreen #account-title { height: 1; padding: 0 1; text-style: bold; }
    AccountLedgerScreen #account-ledger { height: 1fr; }
    AccountLedgerScreen #account-totals { height: auto; padding: 0 1; text-style: bold; }
    """

    def __init__(self, account: str, *, start: date | None = None, end: date | None = None) -> None:
        super().__init__()
        self.account, self.start, self.end = account, start, end

    def body(self) -> ComposeResult:
        with Vertical(classes="area-body"):
            yield Static(_("Account {code}").format(code=self.account), id="account-title")
            yield GridTable(LEDGER_COLUMNS, id="account-ledger", stretch="memo")
            yield Static("", id="account-totals")

    def on_mount(self) -> None:
        day = today(self.app)
        self.end = self.end or day
        if self.start is None:  # the last 30 days by default
            self.start = self.end - timedelta(days=30)
        self.load()

    def load(self) -> None:
        from boclerk.services.ledger.reports import account_ledger

        self.read(account_ledger, self.account, start=self.start, end=self.end, limit=LEDGER_LIMIT, then=self.show)

    def show(self, led) -> None:
        self.account = led.code
        signed, locale = self.money, self.app.locale
        rows: list[dict[str, Any]] = [{"_style": "dim", "date": format_day(led.start, locale) if led.start else "",
                                       "memo": _("Opening balance"),
                                       "number": _("opening"), "balance": signed(led.opening)}]
        rows += [{"_key": ln.number, "date": format_day(ln.entry_date, locale), "number": ln.number,
                  "memo": memo_cell(ln.memo, ln.source),
                  "source": ln.source, "department": ln.department or "",
                  "debit": self.money(ln.debit) if ln.debit else "", "credit": self.money(ln.credit) if ln.credit else "",
                  "balance": signed(ln.balance)} for ln in led.lines]
        self.query_one(GridTable).show(rows, cursor=len(rows) - 1)
        self.query_one("#account-title", Static).update(
            _("{code} {name} ({type})  {start} to {end}").format(
                code=led.code, name=led.name, type=account_type(led.type),
                start=format_day(led.start, locale) if led.start else _("start"), end=format_day(led.end, locale)))
        debit = sum(ln.debit for ln in led.lines)
        credit = sum(ln.credit for ln in led.lines)
        more = _("  — first {n} lines only: choose a shorter period (f)").format(n=len(led.lines)) \
            if led.truncated else ""
        self.query_one("#account-totals", Static).update(
            _("Opening {opening}  Dr {debit}  Cr {credit}  Closing {closing}").format(
                opening=signed(led.opening), debit=self.money(debit), credit=self.money(credit),
                closing=signed(led.closing)) + more)

    def apply_filters(self, **filters: Any) -> None:
        """The dashboard's Bank or Cash while an account's ledger is open: show that account."""
        account = filters.pop("account", None)
        if account and not filters:
            self.account, self.start, self.end = str(account), None, None
            self.on_mount()
        else:
            super().apply_filters(account=account, **filters)

    def action_period(self) -> None:
        def chosen(start: date | None, end: date) -> None:
            self.start, self.end = start, end
            self.load()

        ask_period(self, _("Ledger of {code} for the period").format(code=self.account), self.start, self.end, chosen,
                   start_required=False)

    def action_open(self) -> None:
        row = self.query_one(GridTable).current
        if row and row.get("_key"):
            self.app.push_screen(EntryDetailScreen(row["_key"]))

    def on_data_table_row_selected(self, event) -> None:
        self.action_open()


class DraftsScreen(AboveJournal, AreaScreen):
    """Manual entries saved as drafts: look at them, post them, or throw them away."""

    TITLE = N_("Draft entries")
    DETAIL = "draft-detail"
    AUTO_FOCUS = "#drafts-table"
    HELP = N_("Manual entries saved as drafts, oldest first, with the highlighted draft's lines below. "
            "p posts the draft (it must balance and its date must be open), x deletes it. Esc goes back.")
    BINDINGS = [
        *act_bindings("ledger.post_draft", "ledger.delete_draft"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]
    DEFAULT_CSS = """
    DraftsScreen #drafts-table { height: 1fr; }
    DraftsScreen #draft-detail { height: auto; max-height: 12; padding: 0 1; }
    """

    def body(self) -> ComposeResult:
        with Vertical(classes="area-body"):
            yield GridTable(DRAFT_COLUMNS, id="drafts-table")
            yield Static("", id="draft-detail")

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        from boclerk.services.ledger.queries import list_drafts

        self.read(list_drafts, then=self.show)

    def show(self, drafts) -> None:
        rows = [{"_key": str(d.id), "id": f"#{d.id}", "date": format_day(d.entry_date, self.app.locale),
                 "memo": d.memo,
                 "amount": self.money(d.amount)} for d in drafts]
        self.query_one(GridTable).show(rows)
        if not rows:
            self.show_detail_text(_("No drafts. A new entry (n on the journal) can be saved as a draft with ctrl+r."))
        self.refresh_bindings()

    def on_data_table_row_highlighted(self, event) -> None:
        row = self.query_one(GridTable).current
        if row is None:
            return
        from boclerk.services.ledger.queries import entry_detail

        self.show_detail(entry_detail, f"#{row['_key']}", render=lambda d: render_entry(d, self.money, self.app.locale))

    def offered(self, action: str) -> bool | None:
        if action in ("post_draft", "delete_draft"):
            return self.offer(f"ledger.{action}", record=self.query_one(GridTable).current is not None)
        return True

    def _draft(self) -> int | None:
        row = self.query_one(GridTable).current
        return int(row["_key"]) if row else None

    def action_post_draft(self) -> None:
        draft = self._draft()
        if draft is None:
            return
        from boclerk.services.ledger.book import post_draft

        self.confirm_act("ledger.post_draft", draft, lambda: self.write(
            post_draft, draft, then=lambda p: (self.app.notify(_("Posted draft #{draft} as {number}.").format(
                draft=draft, number=p.number)), self.load())),
            question=_("Post draft #{draft}? A posted entry cannot be changed, only reversed.").format(draft=draft))

    def action_delete_draft(self) -> None:
        draft = self._draft()
        if draft is None:
            return
        from boclerk.services.ledger.book import delete_draft

        self.confirm_act("ledger.delete_draft", draft, lambda: self.write(
            delete_draft, draft, done=_("Deleted draft #{draft}.").format(draft=draft), then=lambda _r: self.load()),
            question=_("Delete draft #{draft}? This cannot be undone.").format(draft=draft))
