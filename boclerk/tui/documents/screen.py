"""Documents: the inbox with status filters, a document in detail with its text, intake of a
file by path, metadata, links, and the bank reconciliation view (one key confirms a line)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from boclerk.domain.acts import ACTS
from boclerk.domain.document_words import match_words
from boclerk.errors import BoclerkError
from boclerk.i18n import N_, _, ngettext, pgettext
from boclerk.tui.base import act_bindings
from boclerk.tui.dialogs import Field, FormDialog
from boclerk.tui.documents.bank import BankActs
from boclerk.tui.documents.counts import DocumentCounts
from boclerk.tui.documents.detail import DocumentDetailScreen
from boclerk.tui.documents.keyed import keyed, keyed_refusals
from boclerk.tui.documents.dialogs import (
    TYPES,
    IntakeDialog,
    LinkDialog,
    linked_words,
    render_document,
    render_line,
    state_words,
    type_words,
    typed_options,
)
from boclerk.tui.lists import Filter, ListScreen, View, keyset
from boclerk.tui.paged import Column
from boclerk.tui.translated import translate_lists

STATUSES = ((N_("All documents"), ""), (N_("Inbox"), "inbox"), (N_("Reviewed"), "reviewed"), (N_("Filed"), "filed"),
            (N_("Archived"), "archived"), (N_("Waiting with a reason"), "waiting"))
#: "produced" is no type: the documents the shop made itself, whatever their type
KINDS = ((N_("All types"), ""), (N_("Produced by the shop"), "produced")) + TYPES
LINE_STATES = ((N_("Waiting"), "waiting"), (N_("Proposed"), "proposed"), (N_("Unmatched"), "unmatched"),
               (N_("Confirmed"), "confirmed"), (N_("Ignored"), "ignored"), (N_("All lines"), "all"))


#: at 80 columns: number, type, state, whom it is from or for, amount; the file's name from 100
DOC_COLUMNS = [
    Column("number", N_("Number"), 15, 1),
    Column("type", N_("Type"), 14, 3),  # "bank statement" whole
    Column("status", N_("State"), 8, 1),
    Column("name", N_("Name"), 20, 4),
    Column("counterparty", N_("From/for"), 18, 1),
    Column("date", N_("Date"), 10, 5),
    Column("amount", N_("Amount"), 12, 2, right=True),
    Column("why", N_("Waits for / found"), 30, 6),
]
#: at 80 columns: line, date, amount, state, match and the start of the purpose
BANK_COLUMNS = [
    Column("line", N_("Line"), 6, 1, right=True),
    Column("date", N_("Date"), 10, 1),
    Column("amount", N_("Amount"), 11, 1, right=True),
    Column("party", N_("Counterparty"), 18, 3),
    Column("status", N_("State"), 9, 1),
    Column("match", N_("Match"), 16, 1),
    Column("purpose", N_("Purpose"), 14, 2),
    Column("why", N_("Why"), 40, 5),
]

#: the acts of the rule book on this screen -> the view they belong to ("": either)
VIEW_OF = {"intake": "", "edit": "docs", "link": "docs", "unlink": "docs", "review": "docs", "file": "docs",
           "archive": "docs", "process": "docs", "confirm": "bank", "confirm_all": "bank", "match": "bank",
           "ignore": "bank", "rematch": "bank", "post_account": "bank"}


class DocumentsScreen(DocumentCounts, BankActs, ListScreen):
    TITLE = N_("Documents")
    AREA = "documents"
    AUTO_FOCUS = "#docs-list"
    HELP = N_("Documents, newest first, and the bank lines waiting for reconciliation: v switches between them. "
              "Filter documents by state and type; / searches the words of every document's text and metadata. "
              "Enter opens a document (on a wide terminal it shows beside the list, with its text).\n\n"
              "a registers a file or every new file of a folder by path (→ completes names). Documents: e edits "
              "the metadata, l links to an order, PO, bill, entry, customer or supplier, u removes a link, r marks "
              "reviewed, f files (once linked), x archives (never deleted), p tries again to turn a waiting "
              "e-invoice into a bill, o follows a document to what it is linked to (a UPD to the bill it became).\n"
              "Bank lines show their date and purpose; 'partial' marks a payment of less than its order or bill "
              "has open. c confirms the proposed match of the current line (one key each: the cursor moves on), "
              "A confirms every proposal (it says how many lines and how much first), m matches by hand (SO-..., "
              "BILL-... or fee), t posts a line that pays no order, bill or fee to an account of the chart with "
              "a memo, i ignores with a reason, R looks again for matches. Each line posts once. ctrl+r reloads.")
    BINDINGS = [
        Binding("v", "next_view", N_("View"), id="documents.view"),
        Binding("slash", "search", N_("Search"), id="documents.search"),
        *act_bindings(*(f"documents.{act}" for act in VIEW_OF)),
        Binding("o", "follow", N_("Follow"), show=False, id="documents.follow"),
        Binding("ctrl+r", "refresh", N_("Refresh"), show=False, id="documents.refresh"),
        Binding("enter", "open", N_("Open"), show=False, id="documents.open"),
    ]
    VIEWS = (View("docs", N_("Documents"), DOC_COLUMNS, "fetch_docs", "doc_cells", count="count_docs"),
             View("bank", N_("Bank lines"), BANK_COLUMNS, "fetch_lines", "line_cells", count="count_lines"))
    FILTERS = (Filter("status", "status", STATUSES, views=("docs",), width=18),
               Filter("doc_type", "doc-type", KINDS, views=("docs",), width=16),
               Filter("lines", "lines", LINE_STATES, views=("bank",), width=14))
    SEARCH = N_("/ words of the text, a number, a name")
    SEARCH_VIEWS = ("docs",)
    VIEW_WIDTH = 14

    #: bank line id -> what its matched order or bill still has open (read with each page)
    _open: dict[int, int]

    def __init__(self) -> None:
        super().__init__()
        translate_lists(self, {("docs", "status"): pgettext("narrow column", "State"),
                               ("bank", "status"): pgettext("narrow column", "State")})

    # -- service calls: a refusal names this screen's key, not a command line ----------------------
    def read(self, fn, *args, **kwargs) -> None:
        super().read(keyed_refusals(fn), *args, **kwargs)

    def write(self, fn, *args, **kwargs) -> None:
        super().write(keyed_refusals(fn), *args, **kwargs)

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
        from boclerk.services.documents.bank_post import open_amounts

        rows = bank_queue(uow, status=self.filters["lines"], after_id=after, before_id=before, last=last, limit=limit)
        if not hasattr(self, "_open"):
            self._open = {}
        self._open.update(open_amounts(uow, rows))
        return rows

    def doc_cells(self, r) -> dict:
        return {"number": r.number, "type": type_words(r.doc_type), "status": state_words(r.status),
                "name": r.original_name, "counterparty": r.counterparty_name or r.counterparty.split(":", 1)[-1],
                "amount": self.money(r.amount), "date": self.day(r.their_date),
                "why": r.snippet or keyed(r.reason)}

    def partial(self, r) -> bool:
        from boclerk.services.documents.bank_post import is_partial

        return is_partial(r.amount, getattr(self, "_open", {}).get(r.id))

    def line_cells(self, r) -> dict:
        partial = r.status == "proposed" and self.partial(r)
        why = keyed(r.reason)
        if partial:
            why = _("Partial: pays {amount} of {due} open.").format(
                amount=self.money(abs(r.amount)), due=self.money(self._open[r.id])) + " " + why
        return {"line": str(r.id), "date": self.day(r.booked), "amount": self.money(r.amount),
                "party": r.counterparty, "status": state_words("partial" if partial else r.status),
                "match": r.entry or match_words(r.match), "purpose": r.purpose, "why": why}

    def status_notes(self, table) -> list[str]:
        if self.view == "bank":
            proposed = sum(r.status == "proposed" for r in table.rows_data)
            partial = sum(r.status == "proposed" and self.partial(r) for r in table.rows_data)
            notes = [_("{n} proposed: c confirms one, A all").format(n=proposed)]
            if partial:
                notes.append(ngettext("{n} partial", "{n} partial", partial).format(n=partial))
            return notes
        return []

    def show_current(self) -> None:
        row = self.current
        if not self.is_wide:
            return
        if row is None or self.view == "bank":
            self.show_detail_text("" if row is None else render_line(
                row, self.money, self.app.locale, getattr(self, "_open", {}).get(row.id)))
            return
        from boclerk.services.documents.waiting import document_now

        self.show_detail(document_now, row.number, render=lambda d: render_document(d, self.money, self.app.locale))

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

    def action_follow(self) -> None:
        """o: what the highlighted document is linked to (a UPD: the bill it became), on its own screen."""
        row = self.current
        if row is None:
            return
        from boclerk.tui.documents.follow import follow

        follow(self, row.number if self.view == "docs" else row.statement)

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
                    said = ngettext("{stage} ({n} line)…", "{stage} ({n} lines)…", total).format(
                        stage=stage, n=total) if total > 1 else _("{stage}…").format(stage=stage)
                    app.call_from_thread(app.notify, said, timeout=3)

            try:
                results = scan(app.db, app.actor, path, meta) if path.is_dir() else add_files(app.db, app.actor,
                                                                                           [path], meta,
                                                                                           progress=progress)
            except BoclerkError as exc:
                app.call_from_thread(app.notify, keyed(exc.message), title=_("Refused"), severity="error", timeout=10)
                return
            for r in results[:8]:
                severity = "error" if r.outcome == "refused" else "information"
                app.call_from_thread(app.notify, keyed(r.message), severity=severity, timeout=10)
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

        self._on_doc(act, lambda row: self.write(set_status, row.number, status, done=_("{number}: {state}.").format(
            number=row.number, state=state_words(status)), then=self.after_act))

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
                self.app.notify(_("{number}: {sentence}.").format(number=row.number, sentence=keyed(sentence)),
                                severity="information" if bill else "warning", timeout=10)
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
                               done=_("{number} saved.").format(number=d.number), then=self.after_act)

            self.app.push_screen(FormDialog(f"{d.number}: {d.original_name}", [
                Field("doc_type", _("Type"), "select", d.doc_type, typed_options(TYPES)),
                Field("counterparty", _("Customer/supplier"), "text", d.counterparty, required=False,
                      placeholder=_("customer:CODE or supplier:CODE")),
                Field("their_number", _("Their number"), "text", d.their_number, required=False),
                Field("their_date", _("Their date"), "date", d.their_date.isoformat() if d.their_date else "",
                      required=False),
                Field("amount", _("Amount"), "money", self.money(d.amount) if d.amount is not None else "",
                      required=False),
                Field("notes", _("Notes"), "text", d.notes, required=False),
            ], act=ACTS["documents.edit"], hint=_("Saved only if nobody changed the document meanwhile.")), go)

        self.read(show_document, row.number, then=ask, asks=True)

    def action_link(self) -> None:
        self._on_doc("link", self._link)

    def _link(self, row) -> None:
        from boclerk.services.documents.queries import link_candidates
        from boclerk.services.documents.register import link

        def pick(candidates: list[str]) -> None:
            def go(target: str | None) -> None:
                if target:
                    self.write(link, row.number, target, done=_("{number} linked to {target}.").format(
                        number=row.number, target=target), then=self.after_act)

            self.app.push_screen(LinkDialog(_("Link {number} to …").format(number=row.number), candidates), go)

        self.read(link_candidates, then=pick, asks=True)

    def action_unlink(self) -> None:
        self._on_doc("unlink", self._unlink)

    def _unlink(self, row) -> None:
        from boclerk.services.documents.queries import show_document
        from boclerk.services.documents.register import unlink

        def ask(d) -> None:
            if not d.links:
                self.app.notify(_("{number} is not linked to anything.").format(number=d.number), severity="warning")
                return

            def go(values: dict | None) -> None:
                if values and values["target"]:
                    self.write(unlink, d.number, values["target"], done=_("Link removed from {number}.").format(
                        number=d.number), then=self.after_act)

            self.app.push_screen(FormDialog(_("Remove a link of {number}").format(number=d.number), [
                Field("target", N_("Linked record"), "select", d.links[0],
                      tuple(zip(linked_words(d), d.links, strict=True)))],
                act=ACTS["documents.unlink"]), go)

        self.read(show_document, row.number, then=ask, asks=True)
