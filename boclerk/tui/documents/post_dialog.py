"""Post a bank line to an account of the chart: the account looked up by code or name as it is
typed (the matches show under the field; Enter takes the first), and a memo."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from boclerk.i18n import N_, _
from boclerk.tui.ledger.chart_input import ChartValidator, chart_matches
from boclerk.tui.typed_input import TypedInput


class PostToAccountDialog(ModalScreen[dict | None]):
    """Returns ``{"account": code, "memo": text}`` or None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel"),
                Binding("ctrl+s", "submit", N_("Post"), id="dialog.submit")]

    def __init__(self, title: str, accounts: dict[str, Any], *, bank: str = "") -> None:
        super().__init__()
        self.title_text, self.accounts, self.bank = title, accounts, bank

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            with Horizontal(classes="row"):
                yield Label(_("Account"))
                yield TypedInput(placeholder=_("code or part of a name"), id="post-account",
                                 validators=[ChartValidator(self.accounts, "account")])
            yield Static("", id="post-matches", classes="hint")
            with Horizontal(classes="row"):
                yield Label(_("Memo"))
                yield TypedInput(placeholder=_("what the payment is"), id="post-memo")
            yield Static(_("One entry: the bank against this account. This cannot be undone."), classes="hint")
            yield Static("", id="post-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Post"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#post-account", Input).focus()

    def _matches(self, text: str) -> list[Any]:
        return [a for a in chart_matches(self.accounts, text) if a.code != self.bank]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#post-error", Static).update("")  # what was wrong was said of what is being changed now
        if event.input.id != "post-account":
            return
        found = self._matches(event.value) if event.value.strip() else []
        shown = "  ".join(f"{a.code} {a.name}" for a in found[:3])
        if event.value.strip() and not found:
            shown = _("No account has that code or name.")
        self.query_one("#post-matches", Static).update(shown)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "post-account":
            self._take_first()
            self.query_one("#post-memo", Input).focus()
        else:
            self.action_submit()

    def _take_first(self) -> None:
        field = self.query_one("#post-account", Input)
        key = field.value.strip()
        if key and key not in self.accounts:
            found = self._matches(key)
            if found:
                field.value = found[0].code

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_submit() if event.button.id == "ok" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        self._take_first()
        account = self.query_one("#post-account", Input).value.strip()
        memo = self.query_one("#post-memo", Input).value.strip()
        error = self.query_one("#post-error", Static)
        if account not in self.accounts:
            error.update(_("Name an account of the chart (its code or a part of its name)."))
            self.query_one("#post-account", Input).focus()
            return
        if not memo:
            error.update(_("Say what the payment is: a memo goes into the entry."))
            self.query_one("#post-memo", Input).focus()
            return
        self.dismiss({"account": account, "memo": memo})
