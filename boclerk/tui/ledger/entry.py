"""One journal entry in detail: rendered beside a list, or on a screen of its own."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from boclerk.dates import format_day
from boclerk.i18n import N_, _, pgettext
from boclerk.tui.base import act_bindings
from boclerk.tui.ledger.acts import LEDGER_ACTS, LedgerActs
from boclerk.tui.flow import ByWidth, named_lines
from boclerk.tui.ledger.parts import AboveJournal
from boclerk.tui.one_record import OneRecordScreen


def render_entry(d, money, locale: str = "ru") -> Table:
    """A journal entry (or a draft) with its postings, as one rich renderable."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    title = d.number or _("Draft #{id}").format(id=d.id)
    state = {"posted": pgettext("journal entry", "posted"), "draft": pgettext("journal entry", "draft")}.get(d.status)
    grid.add_row(Text(f"{title}  {format_day(d.entry_date, locale)}  {state or d.status}", style="bold"))
    grid.add_row(d.memo or Text(_("(no memo)"), style="dim"))
    origin = d.source or d.source_kind or _("manual")
    grid.add_row(Text(_("source {origin}  by {user}").format(origin=origin, user=d.created_by)
                      + (_(", posted by {user}").format(user=d.posted_by) if d.posted_by else ""), style="dim"))
    if d.reverses:
        grid.add_row(Text(_("Reverses {number}").format(number=d.reverses), style="yellow"))
    if d.reversed_by:
        grid.add_row(Text(_("Reversed by {number}").format(number=d.reversed_by), style="yellow"))
    grid.add_row(ByWidth(lambda width: _postings(d, money, width)))
    return grid


def _postings(d, money, width: int):
    """The entry's postings for ``width`` cells: the account's name takes what the code and the
    amounts leave (cut with an ellipsis), and the department column shows only where a line has one."""
    depts = any(ln.department for ln in d.lines)
    heads = [_("Account"), *([_("Dept")] if depts else []), _("Debit"), _("Credit")]
    rows = [[ln.account, *([ln.department or ""] if depts else []), money(ln.debit) if ln.debit else "",
             money(ln.credit) if ln.credit else ""] for ln in d.lines]
    total = [Text(money(d.total), style="bold"), Text(money(sum(ln.credit for ln in d.lines)), style="bold")]
    rows.append(["", *([""] if depts else []), *total])
    return named_lines(heads, rows, [ln.account_name for ln in d.lines] + [pgettext("sum row", "Total")], width)


class EntryDetailScreen(OneRecordScreen, LedgerActs, AboveJournal):
    """One entry on its own screen (narrow terminals, or opened from an account's ledger); its key bar
    offers Reverse only when the entry can be reversed now."""

    DEFAULT_CSS = """
    EntryDetailScreen #entry-detail { padding: 0 1; }
    """
    TITLE = N_("Journal entry")
    HELP = N_("One journal entry with its postings. r reverses a manual entry (with confirmation). Esc goes back.")
    BINDINGS = [
        *act_bindings("ledger.reverse"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]
    RECORD = "entry"
    DETAIL_ID = "entry-detail"
    detail = None

    def reader(self):
        from boclerk.services.ledger.queries import entry_detail

        return entry_detail

    def state_of(self, d) -> str:
        return "reversed" if d.reversed_by else d.status

    def render_record(self, d):
        return render_entry(d, self.money, self.app.locale)

    def show(self, d) -> None:
        self.detail = d

    def current_entry(self):
        return self.detail

    def offered(self, action: str) -> bool | None:
        if action in LEDGER_ACTS:
            return self.act_allowed(action)
        return True
