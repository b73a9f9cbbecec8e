"""Ledger: the journal, an entry in detail, accounts, reports, and the accountant's acts."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from textual.binding import Binding
from textual.widgets import Static

from boclerk.dates import format_day
from boclerk.i18n import N_, _, ngettext
from boclerk.tui.base import act_bindings
from boclerk.tui.dialogs import Field, FormDialog
from boclerk.tui.ledger.acts import LEDGER_ACTS, LedgerActs, lock_date
from boclerk.tui.ledger.entry import EntryDetailScreen, render_entry
from boclerk.tui.ledger.parts import memo_cell
from boclerk.tui.lists import ListScreen, View, keyset
from boclerk.tui.paged import Column
from boclerk.tui.translated import translate_lists

COLUMNS = [
    Column("number", N_("Number"), 14, 1),
    Column("date", N_("Date"), 10, 2),
    Column("memo", N_("Memo"), 30, 1, grow=True),
    Column("source", N_("Source"), 16, 3),
    Column("amount", N_("Amount"), 14, 1, right=True),
]

_NUMBER = re.compile(r"^(?:JE-?)?(\d{4})-(\d{1,6})$", re.IGNORECASE)


def entry_number(text: str) -> str | None:
    """``JE-2026-000042`` from what a clerk types ("je-2026-42", "2026-42"); None if it is not one."""
    m = _NUMBER.match(text.strip())
    return f"JE-{m.group(1)}-{int(m.group(2)):06d}" if m else None


class LedgerScreen(LedgerActs, ListScreen):
    JOURNAL = True  # what the screens above it look for (tui/ledger/parts.py)
    TITLE = N_("Ledger")
    AREA = "ledger"
    AUTO_FOCUS = "#ledger-list"
    HELP = N_("The journal: posted entries, newest first. Type an entry number (JE-2026-000042, or 2026-42) or a "
            "source document (SO-..., BILL-..., PO-...) in the search box (/); f filters by date. Enter opens an "
            "entry; on a wide terminal it shows beside the list. a: accounts with balances (Enter: an account's "
            "ledger with running balance); t trial balance, p profit and loss, b balance sheet; d drafts. "
            "Accountants and admins: n new manual entry (the debit/credit difference must be zero to post), "
            "r reverse a manual entry, c recharge between departments; admins: l lock date.")
    BINDINGS = [
        *act_bindings(*(f"ledger.{act}" for act in LEDGER_ACTS)),
        Binding("slash", "search", N_("Search"), id="ledger.search"),
        Binding("f", "date_filter", N_("Dates"), id="ledger.dates"),
        Binding("a", "accounts", N_("Accounts"), id="ledger.accounts"),
        *act_bindings("ledger.trial_balance", "ledger.pnl", "ledger.balance_sheet", "ledger.vat_report"),
        Binding("d", "drafts", N_("Drafts"), id="ledger.drafts"),
        Binding("enter", "open", N_("Open"), show=False, id="ledger.open"),
    ]

    VIEWS = (View("ledger", N_("Journal"), COLUMNS, "fetch", "cells", count="count"),)
    SEARCH = N_("/ entry number or source document (SO-…, BILL-…)")

    def __init__(self) -> None:
        super().__init__()
        translate_lists(self)
        self.lock_day: date | None = None

    def default_filters(self) -> dict[str, Any]:
        return super().default_filters() | {"start": None, "end": None}

    def on_mount(self) -> None:
        # ListScreen.on_mount has run already: Textual calls each class's own handler in turn
        self.read(lock_date, then=self._set_lock)

    def on_screen_resume(self) -> None:
        """Back from an entry, a form or another area: show what was posted meanwhile."""
        table = self.table()
        self.read(lock_date, then=self._set_lock)
        if table.fetching or table.more_before:
            return
        first = table.rows_data[0].id if table.rows_data else None

        def check(rows) -> None:
            if (rows[0].id if rows else None) != first and not table.fetching:
                self.reload()  # the count too

        self.read(lambda uow: self.fetch(uow, limit=1), then=check)

    def _set_lock(self, day: date | None) -> None:
        self.lock_day = day
        self.query_one("#ledger-status", Static).update(self.status_line(self.table()))

    # -- list -------------------------------------------------------------------------------
    def fetch(self, uow, **page):
        from boclerk.services.ledger.queries import list_entries

        f = self.filters
        search = (f.get("search") or "").strip()
        number = entry_number(search) if search else None
        if number:
            return _one_entry(uow, number)
        return keyset(list_entries, uow, **page, start=f.get("start"), end=f.get("end"), source=search or None)

    def count(self, uow):
        """How many posted entries the journal shows under its dates or source (a search by an
        entry's number is one entry or none: not counted)."""
        from boclerk.services.ledger.queries import count_entries

        f = self.filters
        search = (f.get("search") or "").strip()
        if search and entry_number(search):
            return None
        return count_entries(uow, start=f.get("start"), end=f.get("end"), source=search or None)

    def count_words(self, n: int, more: bool) -> str:
        shown = self.quantity(n)
        if more:
            return ngettext("more than {n} entry", "more than {n} entries", n).format(n=shown)
        return ngettext("{n} entry", "{n} entries", n).format(n=shown)

    def cells(self, r) -> dict:
        return {"number": r.number, "date": self.day(r.entry_date), "memo": self._memo(r),
                "source": r.source, "amount": self.money(r.amount)}

    def _memo(self, r) -> str:
        """The memo, keeping its document's number whole where the column is too narrow for it all
        and the Source column is left out (at 80 columns): the number in the memo is all there is."""
        shown = {c.key: c.width for c in self.table().shown}
        return memo_cell(r.memo, r.source)(shown["memo"]) if "memo" in shown and "source" not in shown else r.memo

    def status_line(self, table) -> str:
        return super().status_line(table) + (_("  · locked up to {day}").format(day=format_day(self.lock_day, self.app.locale))
                                              if self.lock_day else "")

    def show_current(self) -> None:
        row = self.current
        if not self.is_wide:
            return
        if row is None:
            self.show_detail_text(_("No entries."))
            return
        from boclerk.services.ledger.queries import entry_detail

        self.show_detail(entry_detail, row.number, render=lambda d: render_entry(d, self.money, self.app.locale))

    # -- filters --------------------------------------------------------------------------------
    def apply_filters(self, **filters: Any) -> None:
        """From the dashboard: ``account="1010"`` opens that account's ledger; dates and search filter."""
        account = filters.pop("account", None)
        if filters:
            super().apply_filters(**filters)
        if account:
            from boclerk.tui.ledger.accounts import AccountLedgerScreen

            self.app.push_screen(AccountLedgerScreen(str(account)))

    def action_date_filter(self) -> None:
        def go(start: date | None, end: date | None) -> None:
            self.filters["start"], self.filters["end"] = start, end
            self._show_chips()
            self.reload()

        def chosen(values: dict | None) -> None:
            if values is not None:
                go(values["start"], values["end"])

        self.app.push_screen(FormDialog(_("Entries between dates"), [
            Field("start", _("From"), "date", self.filters.get("start") or "", required=False),
            Field("end", _("To"), "date", self.filters.get("end") or "", required=False),
        ], submit=_("Filter"), hint=_("Leave both empty to see every date.")), chosen)

    # -- views ------------------------------------------------------------------------------------
    def action_accounts(self) -> None:
        from boclerk.tui.ledger.accounts import AccountsScreen

        self.app.push_screen(AccountsScreen())

    def action_drafts(self) -> None:
        from boclerk.tui.ledger.accounts import DraftsScreen

        self.app.push_screen(DraftsScreen(), lambda _result: self.reload())

    def _report(self, kind: str, **kwargs: Any) -> None:
        from boclerk.tui.ledger.reports import ReportScreen

        self.app.push_screen(ReportScreen(kind, **kwargs))

    def action_trial_balance(self) -> None:
        self._report("trial_balance")

    def action_balance_sheet(self) -> None:
        self._report("balance_sheet")

    def action_pnl(self) -> None:
        self._report("pnl")

    def action_vat_report(self) -> None:
        self._report("vat")

    def action_company(self) -> None:
        from boclerk.tui.ledger.company import company_form

        company_form(self)

    # -- opening and acts -----------------------------------------------------------------------------
    def current_entry(self):
        return self.current

    def after_act(self, *_args: Any) -> None:
        super().after_act()
        self.read(lock_date, then=self._set_lock)

    def offered(self, action: str) -> bool | None:
        if action in LEDGER_ACTS:
            return self.act_allowed(action)
        return True

    def action_open(self) -> None:
        row = self.current_entry()
        if row:
            self.open_record(row.number)

    def open_record(self, number: str) -> None:
        self.app.push_screen(EntryDetailScreen(number))


def _one_entry(uow, number: str) -> list:
    """The journal row of one posted entry, or nothing: the list's search by number."""
    from boclerk.errors import NotFound
    from boclerk.services.ledger.queries import EntryRow, entry_detail

    try:
        d = entry_detail(uow, number)
    except NotFound:
        return []
    if d.status != "posted":
        return []
    return [EntryRow(d.id, d.number, d.entry_date, d.memo, d.source, d.status, d.total)]

