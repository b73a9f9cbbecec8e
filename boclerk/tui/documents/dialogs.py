"""The Documents screen's dialogs and renderings: intake of a file by path (with completion),
the link picker, a document and a bank line in full."""

from __future__ import annotations

import os
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Select, Static

from boclerk.dates import format_day, format_moment
from boclerk.domain.document_words import (  # noqa: F401 - the one table
    STATE_WORDS,
    file_kind_words,
    match_words,
    party_words,
    record_words,
    state_words,
    type_words,
)
from boclerk.i18n import N_, _, ngettext
from boclerk.money import to_minor
from boclerk.services.like import fold
from boclerk.tui.documents.keyed import keyed
from boclerk.tui.typed_input import TypedInput

TYPES = ((N_("Supplier invoice"), "supplier_invoice"), (N_("UPD"), "upd"), (N_("Waybill"), "waybill"),
         (N_("Act"), "act"), (N_("Contract"), "contract"), (N_("Receipt"), "receipt"),
         (N_("Bank statement"), "bank_statement"), (N_("Invoice to a customer"), "customer_invoice"),
         (N_("Packing slip"), "packing_slip"), (N_("Purchase order"), "purchase_order"),
         (N_("Reconciliation"), "reconciliation"), (N_("Other"), "other"))
def typed_options(options) -> tuple:
    """(label, value) pairs with their labels translated, for a Select made now."""
    return tuple((_(label), value) for label, value in options)


class PathSuggester(Suggester):
    """Completes file and folder names as they are typed (right arrow takes the suggestion)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        from boclerk.errors import BoclerkError
        from boclerk.services.platform.paths import open_folder

        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:  # listed with the rights of the person at the keyboard, as every path they name
            with open_folder(folder or ".") as listing:
                for name in listing.names():
                    if name.startswith(prefix) and name != prefix and (prefix.startswith(".") or not name.startswith(".")):
                        return value + name[len(prefix):] + ("/" if listing.kind(name) == "a directory" else "")
        except (BoclerkError, OSError):
            return None
        return None


class IntakeDialog(ModalScreen[dict | None]):
    """A file (or an inbox folder) by path, and what it is if the content does not say."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel"),
                Binding("ctrl+s", "submit", N_("Register"), id="dialog.submit")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Register a document"), classes="title")
            with Horizontal(classes="row"):
                yield Label(_("File or folder"))
                yield TypedInput(placeholder="~/inbox/invoice.xml", suggester=PathSuggester(), id="intake-path")
            with Horizontal(classes="row"):
                yield Label(_("Type"))
                yield Select(((_("From the content"), ""),) + typed_options(TYPES), value="", allow_blank=False,
                             id="intake-type")
            yield Static(_("→ completes the name. A folder registers every new file in it. "
                           "Bank statements and e-invoices are read and turned into work."), classes="hint")
            yield Static("", id="intake-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Register"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#intake-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_submit() if event.button.id == "ok" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        text = self.query_one("#intake-path", Input).value.strip()
        if not text:
            self.query_one("#intake-error", Static).update(_("Give the path of a file or a folder."))
            return
        self.dismiss({"path": Path(os.path.expanduser(text)), "type": self.query_one("#intake-type", Select).value
                      or None})


def narrowed(candidates: list[str], typed: str) -> list[str]:
    """The candidates that hold what was typed, compared folded as every search compares
    (:func:`boclerk.services.like.fold`: any case, "ё" as "е")."""
    needle = fold(typed.strip())
    return [c for c in candidates if needle in fold(c)]


class LinkDialog(ModalScreen[str | None]):
    """Pick what a document concerns: type to narrow the list, Enter takes the highlighted record
    (or what was typed: any SO-, PO-, BILL-, JE- number, customer:CODE or supplier:CODE)."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel"),
                Binding("down", "pick_list", N_("List"), show=False, id="link.list")]

    def __init__(self, title: str, candidates: list[str]) -> None:
        super().__init__()
        self.title_text, self.candidates = title, candidates

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield TypedInput(placeholder="SO-..., PO-..., BILL-..., JE-..., customer:CODE, supplier:CODE", id="link-text")
            yield OptionList(*self.candidates[:200], id="link-options")
            yield Static(_("Type to narrow, ↓ to the list, Enter to link."), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#link-text", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        options = self.query_one("#link-options", OptionList)
        options.clear_options()
        options.add_options(narrowed(self.candidates, event.value)[:200])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """What was typed if it names a record in full, else the first record the list shows."""
        typed = event.value.strip()
        shown = self.query_one("#link-options", OptionList)
        if typed and shown.option_count and fold(typed) not in (fold(c) for c in self.candidates):
            index = shown.highlighted if shown.highlighted is not None else 0
            typed = str(shown.get_option_at_index(index).prompt)
        if typed:
            self.dismiss(typed)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.prompt))

    def action_pick_list(self) -> None:
        self.query_one("#link-options", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


def linked_words(d) -> list[str]:
    """The records a document is linked to, each as its card names it ("order SO-..."; "supplier
    Romashka LLC (S022)")."""
    return [record_words(r.kind, r.key, r.name, missing_id=r.target_id) for r in d.linked]


def render_document(d, money, locale: str = "ru") -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(f"{d.number}  {type_words(d.doc_type)}  {state_words(d.status)}", style="bold"))
    grid.add_row(ngettext("{name} ({kind}, {size} byte)", "{name} ({kind}, {size} bytes)", d.size).format(
        name=d.original_name, kind=file_kind_words(d.kind), size=d.size))
    if d.counterparty:
        grid.add_row(party_words(d.counterparty, d.counterparty_name))
    said = [_("their no. {number}").format(number=d.their_number) if d.their_number else "",
            _("of {day}").format(day=format_day(d.their_date, locale)) if d.their_date else "",
            _("amount {amount}").format(amount=money(d.amount)) if d.amount is not None else ""]
    if any(said):
        grid.add_row("  ".join(part for part in said if part))
    if d.reason:
        grid.add_row(Text(_("Waits: {reason}").format(reason=keyed(d.reason)), style="yellow"))
    if d.notes:
        grid.add_row(Text(d.notes, style="italic"))
    if d.linked:
        grid.add_row(_("Links: {links}").format(links=", ".join(linked_words(d))))
    if d.members:
        grid.add_row(_("Members {members}").format(members=", ".join(d.members)))
    if d.parent:
        grid.add_row(_("Unpacked from {number}").format(number=d.parent))
    if d.statement:
        for s in d.statement.get("accounts") or [d.statement]:  # a file of several accounts: a statement each
            opening, closing = (_("not given") if s[k] is None else money(to_minor(s[k], s["currency"]))
                                for k in ("opening", "closing"))
            grid.add_row(Text(ngettext("Statement of {account}: {opening} → {closing} {currency}, {n} line ({new} new)",
                                       "Statement of {account}: {opening} → {closing} {currency}, {n} lines ({new} new)",
                                       s["lines"]).format(account=s["account"], opening=opening, closing=closing,
                                                          currency=s["currency"], n=s["lines"], new=s["new_lines"]),
                              style="bold"))
        for ln in d.bank_lines:
            grid.add_row(f"{ln.line_no:>3} {format_day(ln.booked, locale)} {money(ln.amount):>12} "
                         f"{state_words(ln.status):<9} {ln.entry or match_words(ln.match or '')}")
    grid.add_row(Text(_("registered {at} by {user}").format(
        at=format_moment(d.created_at, locale),
        user=d.created_by), style="dim"))
    if d.text_preview:
        grid.add_row(Text(_("Text"), style="bold"))
        grid.add_row(Text(d.text_preview + ("…" if d.text_length > len(d.text_preview) else ""), style="dim"))
    return grid


def render_line(r, money, locale: str = "ru", due: int | None = None) -> Table:
    """A bank line in full; ``due``: what its matched order or bill still has open."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(_("Bank line {line}  ({statement}:{no})  {state}").format(
        line=r.id, statement=r.statement, no=r.line_no, state=state_words(r.status)), style="bold"))
    grid.add_row(f"{format_day(r.booked, locale)}  {money(r.amount)}")
    grid.add_row(r.counterparty + ("  " + _("INN {value}").format(value=r.tax_id) if r.tax_id else ""))
    grid.add_row(Text(r.purpose, style="italic"))
    if r.match:
        grid.add_row(_("Match: {match}").format(match=match_words(r.match))
                     + ("  " + _("posted {entry}").format(entry=r.entry) if r.entry else ""))
    if due is not None and 0 < abs(r.amount) < due:
        grid.add_row(Text(_("Partial: pays {amount} of {due} open.").format(amount=money(abs(r.amount)),
                                                                            due=money(due)), style="yellow"))
    if r.reason:
        grid.add_row(Text(keyed(r.reason), style="yellow" if r.status == "unmatched" else ""))
    return grid
