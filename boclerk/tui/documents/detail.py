"""One document on its own screen: metadata, links, the lines of a bank statement, its text; o
follows it to what it is linked to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from boclerk.i18n import N_, _
from boclerk.tui.base import AreaScreen
from boclerk.tui.documents.dialogs import render_document
from boclerk.tui.documents.keyed import keyed_refusals


class DocumentDetailScreen(AreaScreen):
    """One document on its own screen: metadata, links, statement lines and its text."""

    TITLE = N_("Document")
    HELP = N_("One document: metadata, links, the lines of a bank statement, and its text. o follows it to what "
              "it is linked to (a UPD to the bill it became). Esc goes back.")
    BINDINGS = [Binding("o", "follow", N_("Follow"), id="document.follow")]

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="area-body"):
            yield Static(_("Loading…"), id="document-detail")

    def on_mount(self) -> None:
        from boclerk.services.documents.waiting import document_now

        self.read(document_now, self.number, preview_chars=20000,
                  then=lambda d: self.query_one("#document-detail", Static).update(
                      render_document(d, self.money, self.app.locale)))

    def read(self, fn, *args, **kwargs) -> None:
        super().read(keyed_refusals(fn), *args, **kwargs)

    def action_follow(self) -> None:
        from boclerk.tui.documents.follow import follow

        follow(self, self.number)
