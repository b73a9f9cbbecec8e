"""One line of a manual journal entry's grid: account, the account's name, debit, credit,
department. The entry's form (boclerk.tui.ledger.entry_form) holds the chart the line checks its
account and department against, and adds, moves between and reads its lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from boclerk.i18n import _
from boclerk.tui.ledger.chart_input import ChartValidator
from boclerk.tui.typed_input import TypedInput
from boclerk.tui.validators import MoneyValidator

if TYPE_CHECKING:
    from boclerk.tui.ledger.entry_form import NewEntryScreen


class LineRow(Horizontal):
    """One line of the entry: account, its name, debit, credit, department."""

    def __init__(self, screen: NewEntryScreen) -> None:
        super().__init__(classes="line-row")
        self.form = screen

    def compose(self) -> ComposeResult:
        app = self.form.app
        money = {"validators": [MoneyValidator(app.currency, app.locale, allow_zero=True)], "valid_empty": True}
        yield Label("", classes="line-no")
        yield TypedInput(placeholder=_("account"), classes="acct", compact=True, validators=[ChartValidator(self.form.accounts, "account")],
                         valid_empty=True)
        yield Static("", classes="acct-name")
        yield TypedInput(placeholder=_("debit"), classes="debit", compact=True, **money)
        yield TypedInput(placeholder=_("credit"), classes="credit", compact=True, **money)
        yield TypedInput(placeholder=_("dept"), classes="dept", compact=True, validators=[ChartValidator(self.form.departments, "department")],
                         valid_empty=True)

    def field(self, name: str) -> Input:
        return self.query_one(f".{name}", Input)

    def blank(self) -> bool:
        return not any(self.field(n).value.strip() for n in ("acct", "debit", "credit", "dept"))
