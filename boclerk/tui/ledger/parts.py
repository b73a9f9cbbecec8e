"""What the Ledger area's screens share: asking for a date or a period, a table of a page
of rows, and the way a screen stacked above the journal hands requests down to it.

The screens of the area build on this module, and it on none of them: the journal is
known here by its ``JOURNAL`` mark, not by its class.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from boclerk.i18n import N_, _
from boclerk.tui.base import today
from boclerk.tui.dialogs import Field, FormDialog
from boclerk.tui.paged import Column


def is_journal(screen: object) -> bool:
    """The Ledger area's own screen, the journal (LedgerScreen sets ``JOURNAL``)."""
    return bool(getattr(screen, "JOURNAL", False))


def ask_date(owner, title: str, current: date | None, then: Callable[[date], None], *, label: str = N_("At")) -> None:
    def go(values: dict | None) -> None:
        if values is not None:
            then(values["at"])

    owner.app.push_screen(FormDialog(title, [Field("at", _(label), "date", (current or today(owner.app)).isoformat())],
                                     submit=_("Show")), go)


def ask_period(owner, title: str, start: date | None, end: date | None,
               then: Callable[[date | None, date], None], *, start_required: bool = True) -> None:
    def go(values: dict | None) -> None:
        if values is not None:
            then(*(values["period"] or (values["start"], values["end"])))

    owner.app.push_screen(FormDialog(title, [
        Field("period", _("Period"), "period", required=False, placeholder=_("2026-11, 2026-Q4 or 2026")),
        Field("start", _("From"), "date", start.isoformat() if start else "", required=start_required),
        Field("end", _("To"), "date", (end or today(owner.app)).isoformat()),
    ], submit=_("Show")), go)


class AboveJournal:
    """For the screens stacked above the journal (an entry, accounts, a report, drafts): what the
    palette and the dashboard ask of the Ledger area (open an entry, run an act, filter) goes to
    the journal, after the screens above it close. The journal checks the role as ever."""

    def _to_journal(self, then: Callable[[Any], Any]) -> None:
        app = self.app  # type: ignore[attr-defined]
        if not any(is_journal(screen) for screen in app.screen_stack):
            return
        while not is_journal(app.screen):
            app.pop_screen()
        app.call_after_refresh(then, app.screen)

    def open_record(self, number: str) -> None:
        self._to_journal(lambda journal: journal.open_record(number))

    def apply_filters(self, **filters: Any) -> None:
        self._to_journal(lambda journal: journal.apply_filters(**filters))

    def _journal_act(self, act: str) -> None:
        self._to_journal(lambda journal: journal.run_action(act))

    def action_new_entry(self) -> None:
        self._journal_act("new_entry")

    def action_recharge(self) -> None:
        self._journal_act("recharge")

    def action_lock(self) -> None:
        self._journal_act("lock")

    def action_trial_balance(self) -> None:
        self._journal_act("trial_balance")

    def action_pnl(self) -> None:
        self._journal_act("pnl")

    def action_balance_sheet(self) -> None:
        self._journal_act("balance_sheet")

    def action_vat_report(self) -> None:
        self._journal_act("vat_report")


class GridTable(DataTable):
    """A table of a page of rows (a report, the chart of accounts); columns collapse when narrow.

    Rows are dicts of column key -> text (or a function of the column's width that gives it); a row whose ``_style`` is set (``bold``, ``dim``)
    is drawn in that style, and its ``_key`` is the row key (an account code, an entry number).
    Headings are marked with ``N_`` where the columns are declared and shown in the interface's
    language. The ``stretch`` column, if any, takes the width the others leave (at least its own, at
    most its widest cell's);
    the ``snug`` columns (an account's code) are as wide as their heading or their widest cell,
    whichever is wider, and leave the rest of their declared width to it.
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="grid.down"),
        Binding("k", "cursor_up", "Up", show=False, id="grid.up"),
        Binding("g,home", "scroll_top", "First", show=False, id="grid.first"),
        Binding("G,end", "scroll_bottom", "Last", show=False, id="grid.last"),
    ]

    def __init__(self, columns: Sequence[Column] = (), *, stretch: str | None = None, snug: Sequence[str] = (),
                 **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.stretch, self.snug = stretch, tuple(snug)
        self.all_columns = list(columns)
        self.rows_data: list[dict[str, Any]] = []
        self.shown: list[Column] = []

    def _snug(self, col: Column) -> Column:
        if col.key not in self.snug:
            return col
        return replace(col, width=max(cell_len(_(col.label)), self._widest(col.key)))

    def fit(self, width: int) -> list[Column]:
        budget = max(width - 2, 20)
        chosen = []
        for col in sorted(map(self._snug, self.all_columns), key=lambda c: c.priority):
            if col.priority == 1 or col.width + 2 <= budget:
                chosen.append(col)
                budget -= col.width + 2
        out = [c for c in map(self._snug, self.all_columns) if c in chosen]
        if budget > 0 and self.stretch:  # up to its widest cell: the figures stay beside the names
            out = [replace(c, width=min(c.width + budget, max(c.width, self._widest(c.key))))
                   if c.key == self.stretch else c for c in out]
        return out

    def _widest(self, key: str) -> int:
        cells = (r.get(key, "") for r in self.rows_data)
        return max((cell_len(c(1 << 16) if callable(c) else str(c)) for c in cells), default=0)

    def on_resize(self, event) -> None:
        fitted = self.fit(event.size.width)
        if fitted != self.shown:
            self.redraw()

    def show(self, rows: list[dict[str, Any]], columns: Sequence[Column] | None = None, *,
             cursor: int | None = None) -> None:
        if columns is not None:
            self.all_columns = list(columns)
        self.rows_data = rows
        self.redraw(cursor)

    def redraw(self, cursor: int | None = None) -> None:
        keep = self.cursor_row if cursor is None else cursor
        self.shown = self.fit(self.size.width or 80)
        self.clear(columns=True)
        for col in self.shown:
            label = _(col.label)
            self.add_column(Text(label, justify="right") if col.right else label, key=col.key,
                            width=col.width)
        for i, row in enumerate(self.rows_data):
            style = row.get("_style", "")
            cells = []
            for col in self.shown:
                value = row.get(col.key, "")
                if callable(value):  # a cell drawn for its column's width
                    value = value(col.width)
                cells.append(value if isinstance(value, Text) else
                             Text(str(value), style=style, justify="right" if col.right else "left",
                                  overflow="ellipsis", no_wrap=True))
            self.add_row(*cells, key=f"{i}:{row.get('_key', '')}")
        if self.rows_data:
            self.move_cursor(row=min(max(keep, 0), len(self.rows_data) - 1))

    @property
    def current(self) -> dict[str, Any] | None:
        if not self.rows_data or self.cursor_row is None or self.cursor_row >= len(self.rows_data):
            return None
        return self.rows_data[self.cursor_row]


#: a document's number inside a memo (SO-2026-000042, PO-..., BILL-..., CNT-...)
_DOCUMENT = re.compile(r"\b[A-Z]{2,5}-\d{4}-\d{4,}\b")


def memo_cell(memo: str, source: str) -> Callable[[int], str]:
    """An entry's memo for a column of a given width, keeping a document's number in it whole
    (:func:`boclerk.tui.flow.keep_reference`): the entry's source where the memo names it, else
    the first number it names (a bill's memo names its PO, not the bill)."""
    from boclerk.tui.flow import keep_reference

    found = _DOCUMENT.search(memo)
    ref = source if source and source in memo else found[0] if found else ""
    return lambda width: keep_reference(memo, ref, width)
