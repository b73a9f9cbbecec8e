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

from boclerk.money import to_minor

TYPES = (("Supplier invoice", "supplier_invoice"), ("UPD", "upd"), ("Waybill", "waybill"), ("Act", "act"),
         ("Contract", "contract"), ("Receipt", "receipt"), ("Bank statement", "bank_statement"),
         ("Invoice to a customer", "customer_invoice"), ("Packing slip", "packing_slip"),
         ("Purchase order", "purchase_order"), ("Reconciliation", "reconciliation"), ("Other", "other"))


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

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
                Binding("ctrl+s", "submit", "Register", id="dialog.submit")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Register a document", classes="title")
            with Horizontal(classes="row"):
                yield Label("File or folder")
                yield Input(placeholder="~/inbox/invoice.xml", suggester=PathSuggester(), id="intake-path")
            with Horizontal(classes="row"):
                yield Label("Type")
                yield Select((("From the content", ""),) + TYPES, value="", allow_blank=False, id="intake-type")
            yield Static("→ completes the name. A folder registers every new file in it (as doc scan does). "
                         "Bank statements and e-invoices are read and turned into work.", classes="hint")
            yield Static("", id="intake-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Register", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

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
            self.query_one("#intake-error", Static).update("Give the path of a file or a folder.")
            return
        self.dismiss({"path": Path(os.path.expanduser(text)), "type": self.query_one("#intake-type", Select).value
                      or None})


class LinkDialog(ModalScreen[str | None]):
    """Pick what a document concerns: type to narrow the list, Enter takes the highlighted record
    (or what was typed: any SO-, PO-, BILL-, JE- number, customer:CODE or supplier:CODE)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
                Binding("down", "pick_list", "List", show=False, id="link.list")]

    def __init__(self, title: str, candidates: list[str]) -> None:
        super().__init__()
        self.title_text, self.candidates = title, candidates

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield Input(placeholder="SO-..., PO-..., BILL-..., JE-..., customer:CODE, supplier:CODE", id="link-text")
            yield OptionList(*self.candidates[:200], id="link-options")
            yield Static("Type to narrow, ↓ to the list, Enter to link.", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#link-text", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        needle = event.value.strip().lower()
        options = self.query_one("#link-options", OptionList)
        options.clear_options()
        options.add_options([c for c in self.candidates if needle in c.lower()][:200])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """What was typed if it names a record in full, else the first record the list shows."""
        typed = event.value.strip()
        shown = self.query_one("#link-options", OptionList)
        if typed and shown.option_count and typed.lower() not in (c.lower() for c in self.candidates):
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


def render_document(d, money) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(f"{d.number}  {d.doc_type.replace('_', ' ')}  {d.status}", style="bold"))
    grid.add_row(f"{d.original_name} ({d.kind}, {d.size} bytes)")
    if d.counterparty:
        grid.add_row(f"{d.counterparty}  {d.counterparty_name}")
    said = [f"their no. {d.their_number}" if d.their_number else "", f"of {d.their_date}" if d.their_date else "",
            f"amount {money(d.amount)}" if d.amount is not None else ""]
    if any(said):
        grid.add_row("  ".join(part for part in said if part))
    if d.reason:
        grid.add_row(Text(f"Waits: {d.reason}", style="yellow"))
    if d.notes:
        grid.add_row(Text(d.notes, style="italic"))
    if d.links:
        grid.add_row("Linked to " + ", ".join(d.links))
    if d.members:
        grid.add_row("Members " + ", ".join(d.members))
    if d.parent:
        grid.add_row(f"Unpacked from {d.parent}")
    if d.statement:
        s = d.statement
        opening, closing = (money(to_minor(s[k], s["currency"])) for k in ("opening", "closing"))
        grid.add_row(Text(f"Statement of {s['account']}: {opening} → {closing} {s['currency']}, "
                          f"{s['lines']} lines ({s['new_lines']} new)", style="bold"))
        for ln in d.bank_lines:
            grid.add_row(f"{ln.line_no:>3} {ln.booked:%d.%m} {money(ln.amount):>12} {ln.status:<9} "
                         f"{ln.entry or ln.match or ''}")
    grid.add_row(Text(f"registered {d.created_at.astimezone():%d.%m.%Y %H:%M} by {d.created_by}", style="dim"))
    if d.text_preview:
        grid.add_row(Text("Text", style="bold"))
        grid.add_row(Text(d.text_preview + ("…" if d.text_length > len(d.text_preview) else ""), style="dim"))
    return grid


def render_line(r, money) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_row(Text(f"Bank line {r.id}  ({r.statement}:{r.line_no})  {r.status}", style="bold"))
    grid.add_row(f"{r.booked}  {money(r.amount)}")
    grid.add_row(f"{r.counterparty}{'  tax id ' + r.tax_id if r.tax_id else ''}")
    grid.add_row(Text(r.purpose, style="italic"))
    if r.match:
        grid.add_row(f"Match: {r.match}" + (f"  posted {r.entry}" if r.entry else ""))
    if r.reason:
        grid.add_row(Text(r.reason, style="yellow" if r.status == "unmatched" else ""))
    return grid
