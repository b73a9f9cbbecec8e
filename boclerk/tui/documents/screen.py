"""Documents: the inbox with status filters, a document in detail with its text, intake of a
file by path, metadata, links, and the bank reconciliation view (one key confirms a line)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from boclerk.errors import BoclerkError
from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.dialogs import Field, FormDialog
from boclerk.tui.documents.bank import BankActs
from boclerk.tui.documents.dialogs import (
    TYPES,
    IntakeDialog,
    LinkDialog,
    render_document,
    render_line,
)
from boclerk.tui.lists import Filter, ListScreen, View, keyset
from boclerk.tui.paged import Column

STATUSES = (("All documents", ""), ("Inbox", "inbox"), ("Reviewed", "reviewed"), ("Filed", "filed"),
            ("Archived", "archived"), ("Waiting with a reason", "waiting"))
#: "produced" is no type: the documents the shop made itself, whatever their type
KINDS = (("All types", ""), ("Produced by the shop", "produced")) + TYPES
LINE_STATES = (("Waiting", "waiting"), ("Proposed", "proposed"), ("Unmatched", "unmatched"),
               ("Confirmed", "confirmed"), ("Ignored", "ignored"), ("All lines", "all"))

DOC_COLUMNS = [
    Column("number", "Number", 15, 1),
    Column("type", "Type", 12, 3),
    Column("status", "State", 8, 1),
    Column("name", "Name", 20, 1),
    Column("counterparty", "From/for", 14, 4),
    Column("date", "Date", 10, 5),
    Column("amount", "Amount", 12, 2, right=True),
    Column("why", "Waits for / found", 30, 6),
]
BANK_COLUMNS = [
    Column("line", "Line", 6, 1, right=True),
    Column("date", "Date", 10, 3),
    Column("amount", "Amount", 12, 1, right=True),
    Column("party", "Counterparty", 18, 2),
    Column("status", "State", 9, 1),
    Column("match", "Match", 16, 1),
    Column("purpose", "Purpose", 26, 4),
    Column("why", "Why", 40, 5),
]

#: the acts of the rule book on this screen -> the view they belong to ("": either)
VIEW_OF = {"intake": "", "edit": "docs", "link": "docs", "unlink": "docs", "review": "docs", "file": "docs",
           "archive": "docs", "process": "docs", "confirm": "bank", "confirm_all": "bank", "match": "bank",
           "ignore": "bank", "rematch": "bank"}


class DocumentsScreen(BankActs, ListScreen):
    TITLE = "Documents"
    AREA = "documents"
    AUTO_FOCUS = "#docs-list"
    HELP = ("Documents, newest first, and the bank lines waiting for reconciliation: v switches between them. "
            "Filter documents by state and type; / searches the words of every document's text and metadata. "
            "Enter opens a document (on a wide terminal it shows beside the list, with its text).\n\n"
            "a registers a file or every new file of a folder by path (→ completes names). Documents: e edits "
            "the metadata, l links to an order, PO, bill, entry, customer or supplier, u removes a link, r marks "
            "reviewed, f files (once linked), x archives (never deleted), p tries again to turn a waiting "
            "e-invoice into a bill.\n"
            "Bank lines: c confirms the proposed match of the current line (one key each: the cursor moves on), "
            "A confirms every proposal, m matches by hand (SO-..., BILL-... or fee), i ignores with a reason, "
            "R looks again for matches. Each line posts once. ctrl+r reloads.")
    BINDINGS = [
        Binding("v", "next_view", "View", id="documents.view"),
        Binding("slash", "search", "Search", id="documents.search"),
        *act_bindings(*(f"documents.{act}" for act in VIEW_OF)),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="documents.refresh"),
        Binding("enter", "open", "Open", show=False, id="documents.open"),
    ]
    VIEWS = (View("docs", "Documents", DOC_COLUMNS, "fetch_docs", "doc_cells"),
             View("bank", "Bank lines", BANK_COLUMNS, "fetch_lines", "line_cells"))
    FILTERS = (Filter("status", "status", STATUSES, views=("docs",), width=18),
               Filter("doc_type", "doc-type", KINDS, views=("docs",), width=16),
               Filter("lines", "lines", LINE_STATES, views=("bank",), width=14))
    SEARCH = "/ words of the text, a number, a name"
    SEARCH_VIEWS = ("docs",)
    VIEW_WIDTH = 14

    # -- lists ---------------------------------------------------------------------------------
    def fetch_docs(self, uow, **page):
        f = self.filters
        if f["search"]:
            from boclerk.services.documents.queries import search_documents

            paging = page.get("after") is not None or page.get("before") is not None
            return [] if paging else search_documents(uow, f["search"], limit=page.get("limit", 100))
        from boclerk.services.documents.queries import list_documents

        produced = f["doc_type"] == "produced"
        return keyset(list_documents, uow, **page, status=None if f["status"] in ("", "waiting") else f["status"],
                      waiting=f["status"] == "waiting", doc_type=None if produced else f["doc_type"] or None,
                      produced=produced or None)

    def fetch_lines(self, uow, *, after=None, before=None, last=False, limit=100):
        from boclerk.services.documents.bank import bank_queue

        return bank_queue(uow, status=self.filters["lines"], after_id=after, before_id=before, last=last, limit=limit)

    def doc_cells(self, r) -> dict:
        return {"number": r.number, "type": r.doc_type.replace("_", " "), "status": r.status, "name": r.original_name,
                "counterparty": r.counterparty.split(":", 1)[-1], "amount": self.money(r.amount),
                "date": r.their_date.strftime("%d.%m.%Y") if r.their_date else "", "why": r.snippet or r.reason}

    def line_cells(self, r) -> dict:
        return {"line": str(r.id), "date": r.booked.strftime("%d.%m.%Y"), "amount": self.money(r.amount),
                "party": r.counterparty, "status": r.status, "match": r.entry or r.match, "purpose": r.purpose,
                "why": r.reason}

    def status_notes(self, table) -> list[str]:
        if self.view == "bank":
            proposed = sum(r.status == "proposed" for r in table.rows_data)
            return [f"{proposed} proposed: c confirms one, A all"]
        return []

    def show_current(self) -> None:
        row = self.current
        if not self.is_wide:
            return
        if row is None or self.view == "bank":
            self.show_detail_text("" if row is None else render_line(row, self.money))
            return
        from boclerk.services.documents.queries import show_document

        self.show_detail(show_document, row.number, render=lambda d: render_document(d, self.money))

    def action_statement(self) -> None:
        from boclerk.tui.outbound import open_statement

        self.begin("documents.statement", None, lambda: open_statement(self, None, None))

    def action_filter_produced(self) -> None:
        self.apply_filters(view="docs", doc_type="produced")

    def apply_filters(self, **filters: Any) -> None:
        """``view``, ``status``, ``doc_type``, ``lines``: as the dashboard or the palette ask."""
        super().apply_filters(**{k: v or None for k, v in filters.items()})

    # -- acts ------------------------------------------------------------------------------------------
    def offered(self, action: str) -> bool | None:
        if action not in VIEW_OF:
            return True
        view = VIEW_OF[action]
        if view and view != self.view:
            return False
        row = self.current
        return self.offer(f"documents.{action}", getattr(row, "status", None), record=row is not None)

    def action_open(self) -> None:
        row = self.current
        if row is None:
            return
        number = row.number if self.view == "docs" else row.statement
        self.app.push_screen(DocumentDetailScreen(number))

    def open_record(self, number: str) -> None:
        """Open one document by its number (the palette's finds)."""
        self.app.push_screen(DocumentDetailScreen(number))

    def action_intake(self) -> None:
        def go(values: dict | None) -> None:
            if values:
                self.run_intake(values["path"], values["type"])

        self.begin("documents.intake", None, lambda: self.app.push_screen(IntakeDialog(), go))

    def run_intake(self, path, doc_type: str | None) -> None:
        """Register a file (or every new file of a folder) in a thread worker; say what happened."""
        app = self.app

        def job() -> None:
            from boclerk.services.documents.intake import IntakeMeta, add_files, scan

            meta = IntakeMeta(doc_type=doc_type)
            stages: set[str] = set()

            def progress(stage: str, done: int, total: int) -> None:  # a long statement: say each stage once
                if stage not in stages:
                    stages.add(stage)
                    lines = f" ({total:,} lines)" if total > 1 else ""
                    app.call_from_thread(app.notify, f"{stage}{lines}…", timeout=3)

            try:
                results = scan(app.db, app.actor, path, meta) if path.is_dir() else add_files(app.db, app.actor,
                                                                                           [path], meta,
                                                                                           progress=progress)
            except BoclerkError as exc:
                app.call_from_thread(app.notify, exc.message, title="Refused", severity="error", timeout=10)
                return
            for r in results[:8]:
                severity = "error" if r.outcome == "refused" else "information"
                app.call_from_thread(app.notify, r.message, severity=severity, timeout=10)
            app.call_from_thread(self.reload, "docs")
            app.call_from_thread(self.reload, "bank")

        self.run_worker(job, thread=True, group="db", exit_on_error=False)

    def _on_doc(self, act: str, go) -> None:
        """``go(row)`` for the highlighted document once the rule book allows the act on it as it is now."""
        row = self.current
        if row is not None:
            self.confirm_act(f"documents.{act}", row.number, lambda: go(row))

    def _status(self, act: str, status: str) -> None:
        from boclerk.services.documents.register import set_status

        self._on_doc(act, lambda row: self.write(set_status, row.number, status, done=f"{row.number} {status}.",
                                                 then=self.after_act))

    def action_review(self) -> None:
        self._status("review", "reviewed")

    def action_file(self) -> None:
        self._status("file", "filed")

    def action_archive(self) -> None:
        self._status("archive", "archived")

    def action_process(self) -> None:
        from boclerk.services.documents.invoices import process_document

        def go(row) -> None:
            def said(result) -> None:
                bill, _, sentence = result
                self.app.notify(f"{row.number}: {sentence}.", severity="information" if bill else "warning",
                                timeout=10)
                self.after_act()

            self.write(process_document, row.number, then=said)

        self._on_doc("process", go)

    def action_edit(self) -> None:
        self._on_doc("edit", self._edit)

    def _edit(self, row) -> None:
        from boclerk.services.documents.queries import show_document

        def ask(d) -> None:
            def go(values: dict | None) -> None:
                if values:
                    from boclerk.services.documents.register import update_document

                    self.write(update_document, d.number, expected_version=d.version, doc_type=values["doc_type"],
                               counterparty=values["counterparty"], their_number=values["their_number"],
                               their_date=values["their_date"], amount=values["amount"], notes=values["notes"],
                               done=f"{d.number} saved.", then=self.after_act)

            self.app.push_screen(FormDialog(f"{d.number}: {d.original_name}", [
                Field("doc_type", "Type", "select", d.doc_type, TYPES),
                Field("counterparty", "Customer/supplier", "text", d.counterparty, required=False,
                      placeholder="customer:CODE or supplier:CODE"),
                Field("their_number", "Their number", "text", d.their_number, required=False),
                Field("their_date", "Their date", "date", d.their_date.isoformat() if d.their_date else "",
                      required=False),
                Field("amount", "Amount", "money", self.money(d.amount) if d.amount is not None else "",
                      required=False),
                Field("notes", "Notes", "text", d.notes, required=False),
            ], submit="Save", hint="Saved only if nobody changed the document meanwhile."), go)

        self.read(show_document, row.number, then=ask)

    def action_link(self) -> None:
        self._on_doc("link", self._link)

    def _link(self, row) -> None:
        from boclerk.services.documents.queries import link_candidates
        from boclerk.services.documents.register import link

        def pick(candidates: list[str]) -> None:
            def go(target: str | None) -> None:
                if target:
                    self.write(link, row.number, target, done=f"{row.number} linked to {target}.", then=self.after_act)

            self.app.push_screen(LinkDialog(f"Link {row.number} to …", candidates), go)

        self.read(link_candidates, then=pick)

    def action_unlink(self) -> None:
        self._on_doc("unlink", self._unlink)

    def _unlink(self, row) -> None:
        from boclerk.services.documents.queries import show_document
        from boclerk.services.documents.register import unlink

        def ask(d) -> None:
            if not d.links:
                self.app.notify(f"{d.number} is not linked to anything.", severity="warning")
                return

            def go(values: dict | None) -> None:
                if values and values["target"]:
                    self.write(unlink, d.number, values["target"], done=f"Link removed from {d.number}.",
                               then=self.after_act)

            self.app.push_screen(FormDialog(f"Remove a link of {d.number}", [
                Field("target", "Link", "select", d.links[0], tuple((x, x) for x in d.links))], submit="Remove"), go)

        self.read(show_document, row.number, then=ask)


class DocumentDetailScreen(AreaScreen):
    """One document on its own screen: metadata, links, statement lines and its text."""

    TITLE = "Document"
    HELP = "One document: metadata, links, the lines of a bank statement, and its text. Esc goes back."

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="area-body"):
            yield Static("Loading…", id="document-detail")

    def on_mount(self) -> None:
        from boclerk.services.documents.queries import show_document

        self.read(show_document, self.number, preview_chars=20000,
                  then=lambda d: self.query_one("#document-detail", Static).update(render_document(d, self.money)))
