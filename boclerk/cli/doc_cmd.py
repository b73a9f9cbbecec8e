"""``boclerk doc ...``: register, find, read, link and file incoming documents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import (
    App,
    actor,
    emit_json,
    emit_rows,
    err,
    plain,
    run_read,
    run_write,
    state,
    writing,
)
from boclerk.cli.numbers import DocNo
from boclerk.cli.options import CsvOpt, JsonOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_date_opt, parse_money
from boclerk.errors import InvalidInput

app = App()

TypeOpt = Annotated[str | None, typer.Option("--type", help="The document's type: supplier_invoice, upd, "
                                                            "waybill, act, contract, receipt, bank_statement, "
                                                            "customer_invoice, packing_slip, purchase_order, "
                                                            "reconciliation or other.")]
AddTypeOpt = Annotated[str | None, typer.Option("--type", help="The document's type: supplier_invoice, upd, "
                                                               "waybill, act, contract, receipt, bank_statement, "
                                                               "customer_invoice, packing_slip, purchase_order, "
                                                               "reconciliation or other (default: from the content).")]
CounterpartyOpt = Annotated[str | None, typer.Option("--counterparty", help="Customer or supplier code "
                                                                           "(customer:CODE / supplier:CODE if both).")]
NumberOpt = Annotated[str | None, typer.Option("--number", help="Their document number.")]
DateOpt = Annotated[str | None, typer.Option("--date", help="Their document date (DD.MM.YYYY).")]
AmountOpt = Annotated[str | None, typer.Option("--amount", help="The document's amount.")]
NotesOpt = Annotated[str | None, typer.Option("--notes")]
LinkOpt = Annotated[list[str] | None, typer.Option("--link", help="SO-..., PO-..., BILL-..., JE-..., customer:CODE or "
                                                                  "supplier:CODE (repeat).")]


def _meta(ctx: typer.Context, doc_type=None, counterparty=None, number=None, day=None, amount=None, notes=None,
          links=None):
    from boclerk.services.documents.intake import IntakeMeta

    money = None
    if amount is not None:
        sh = shop(state(ctx))
        money = parse_money(amount, sh.currency, sh.locale, "--amount")
    return IntakeMeta(doc_type=doc_type.strip().lower() if doc_type else None, counterparty=counterparty,
                      their_number=number, their_date=parse_date_opt(day, "--date"), amount=money, notes=notes,
                      links=tuple(links or ()))


def report_intake(results, json_: bool) -> None:
    """Numbers on stdout (or JSON), a sentence per file on stderr; exit with the worst refusal's code."""
    if json_:
        emit_json(plain(results, ""))
    for r in results:
        if r.number and not json_:
            print(r.number)
        err(r.message if r.outcome != "refused" or r.source in r.message else f"{r.source}: {r.message}")
    refused = [r for r in results if r.outcome == "refused"]
    if len(results) > 1:
        counts = {k: sum(r.outcome == k for r in results) for k in ("registered", "known", "refused", "skipped")}
        err(_("{registered} registered, {known} already registered, {refused} refused{skipped}.").format(
            registered=counts["registered"], known=counts["known"], refused=counts["refused"],
            skipped=_(", {n} skipped").format(n=counts["skipped"]) if counts["skipped"] else ""))
    if refused:
        raise typer.Exit(max(r.exit_code for r in refused))


@app.act("add", "documents.intake", key=None)
def add(ctx: typer.Context, paths: Annotated[list[Path], typer.Argument(help="Files to register.", readable=False)],
        doc_type: AddTypeOpt = None, counterparty: CounterpartyOpt = None, number: NumberOpt = None,
        day: DateOpt = None, amount: AmountOpt = None, notes: NotesOpt = None, link: LinkOpt = None,
        json_: JsonOpt = False) -> None:
    """Register files: store them by content, read their text, and turn statements and e-invoices into work."""
    from boclerk.cli.import_cmd import _progress
    from boclerk.services.documents.intake import add_files

    meta = _meta(ctx, doc_type, counterparty, number, day, amount, notes, link)
    db = writing(ctx)
    bar, report = _progress()
    if bar is None:
        results = add_files(db, actor(), paths, meta)
    else:
        with bar:
            results = add_files(db, actor(), paths, meta, progress=report)
    report_intake(results, json_)


@app.act("scan", "documents.intake", key=None)
def scan(ctx: typer.Context, directory: Annotated[Path, typer.Argument(help="The inbox folder.", readable=False)],
         json_: JsonOpt = False) -> None:
    """Register every new file of an inbox folder (running it again registers nothing new)."""
    from boclerk.services.documents.intake import scan as do_scan

    results = do_scan(writing(ctx), actor(), directory)
    if not results:
        err(_("{directory} holds no files.").format(directory=directory))
        return
    report_intake(results, json_)


@app.act("process", "documents.process")
def process(ctx: typer.Context, number: DocNo) -> None:
    """Try again to turn a waiting e-invoice into a bill (after adding its supplier, PO or products)."""
    from boclerk.services.documents.invoices import process_document

    bill, _state, sentence = run_write(ctx, process_document, number)
    err(f"{number.strip().upper()}: {sentence}.")  # the service's sentence
    if bill is None:
        raise typer.Exit(1)
    print(bill)


@app.command("list")
def list_(ctx: typer.Context,
          status: Annotated[str | None, typer.Option("--status", help="Only documents in this state: inbox, reviewed, filed or archived.")] = None,
          doc_type: TypeOpt = None,
          waiting: Annotated[bool, typer.Option("--waiting", help="Only documents waiting with a reason.")] = False,
          link: Annotated[str | None, typer.Option("--link", help="Only the documents linked to this record: SO-..., PO-..., BILL-..., JE-..., "
                                                                   "customer:CODE or supplier:CODE.")] = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=1000000)] = 100,
          produced: Annotated[bool | None, typer.Option(
              "--produced/--received", help="Only the documents the shop produced / only those that came in.",
              show_default=False)] = None,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Documents, newest first."""
    from boclerk.services.documents.queries import documents_of, list_documents

    if link:
        rows = run_read(ctx, documents_of, link)[:limit]
    else:
        rows = run_read(ctx, list_documents, status=status, doc_type=doc_type, waiting=waiting, limit=limit,
                        produced=produced)
    _emit(ctx, rows, json_, csv_, "Documents")


def _emit(ctx, rows, json_, csv_, title, snippet=False) -> None:
    from boclerk.domain.document_words import state_words, type_words

    columns = [N_("number"), N_("type"), N_("status"), N_("name"), N_("counterparty"), N_("their no."), N_("date"),
               N_("amount"), N_("found") if snippet else N_("waits for")]
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=title, columns=columns, right=[N_("amount")],
              cells=lambda r, sh: (r.number, type_words(r.doc_type), state_words(r.status), r.original_name,
                                   r.counterparty, r.their_number, sh.day(r.their_date), sh.money(r.amount),
                                   r.snippet if snippet else r.reason))


@app.command("search")
def search(ctx: typer.Context, words: Annotated[list[str], typer.Argument(help="Words to find (each also as a prefix).")],
           limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 50, json_: JsonOpt = False) -> None:
    """Find documents by the words of their text and metadata."""
    from boclerk.services.documents.queries import search_documents

    rows = run_read(ctx, search_documents, " ".join(words), limit=limit)
    _emit(ctx, rows, json_, False, _("Documents found"), snippet=True)


@app.command("show")
def show(ctx: typer.Context, number: DocNo, json_: JsonOpt = False,
         text: Annotated[bool, typer.Option("--text", help="Print the whole extracted text.")] = False) -> None:
    """One document: metadata, links, statement lines, the start of its text."""
    from boclerk.cli.lookup_office_out import show_document

    show_document(state(ctx), number, json_, text)


@app.command("open")
def open_(ctx: typer.Context, number: DocNo,
          output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the original here (default: stdout).", readable=False)] = None,
          force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False) -> None:
    """Write the original file, exactly as registered, to a path or to stdout."""
    from boclerk.services.documents.queries import document_bytes

    doc_number, name, data = run_read(ctx, document_bytes, number)
    if output is None:
        if sys.stdout.isatty() and b"\x00" in data[:8192]:
            raise InvalidInput(_("{doc_number} ({name}) is a binary file; write it to a file with -o PATH.").format(doc_number=doc_number, name=name))
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from boclerk.cli.files import write_output

    write_output(ctx, output, f"document {doc_number}", lambda fh: fh.write(data), force=force)
    err(_("Wrote {doc_number} ({name}, {n} bytes) to {output}.").format(doc_number=doc_number, name=name, n=len(data), output=output))


def _status(ctx: typer.Context, number: DocNo, status: str, expected: int | None) -> None:
    from boclerk.domain.document_words import state_words
    from boclerk.services.documents.register import set_status

    row = run_write(ctx, set_status, number, status, expected_version=expected)
    err(_("{number} is {status}.").format(number=row.number, status=state_words(row.status)))


VersionOpt = Annotated[int | None, typer.Option("--expected-version", help="Refuse if the document changed since.")]


@app.act("review", "documents.review")
def review(ctx: typer.Context, number: DocNo, expected: VersionOpt = None) -> None:
    """Mark a document reviewed."""
    _status(ctx, number, "reviewed", expected)


@app.act("file", "documents.file")
def file_(ctx: typer.Context, number: DocNo, expected: VersionOpt = None) -> None:
    """File a linked document."""
    _status(ctx, number, "filed", expected)


@app.act("archive", "documents.archive")
def archive(ctx: typer.Context, number: DocNo, expected: VersionOpt = None) -> None:
    """Archive a document (documents are never deleted)."""
    _status(ctx, number, "archived", expected)


@app.act("edit", "documents.edit")
def edit(ctx: typer.Context, number: DocNo, doc_type: TypeOpt = None, counterparty: CounterpartyOpt = None,
         their_number: NumberOpt = None, day: DateOpt = None, amount: AmountOpt = None, notes: NotesOpt = None,
         expected: VersionOpt = None) -> None:
    """Change a document's metadata (--counterparty '' clears it)."""
    from boclerk.services.documents.register import update_document

    meta = _meta(ctx, doc_type, counterparty, their_number, day, amount, notes)
    changes = {k: v for k, v in (("doc_type", meta.doc_type), ("counterparty", meta.counterparty),
                                 ("their_number", meta.their_number), ("their_date", meta.their_date),
                                 ("amount", meta.amount), ("notes", meta.notes)) if v is not None}
    if not changes:
        raise InvalidInput(_("Nothing to change; give at least one of --type, --counterparty, --number, --date, "
                             "--amount, --notes."))
    row = run_write(ctx, update_document, number, expected_version=expected, **changes)
    err(_("Updated {number}.").format(number=row.number))


@app.act("link", "documents.link")
def link(ctx: typer.Context, number: DocNo,
         targets: Annotated[list[str], typer.Argument(help="SO-..., PO-..., BILL-..., JE-..., customer:CODE, supplier:CODE.")]) -> None:
    """Link a document to what it concerns."""
    from boclerk.services.documents.register import link as do_link

    def all_links(uow):
        return [do_link(uow, number, t) for t in targets]

    labels = run_write(ctx, all_links)
    err(_("Linked {number} to {targets}.").format(number=number.strip().upper(), targets=", ".join(labels)))


@app.act("unlink", "documents.unlink")
def unlink(ctx: typer.Context, number: DocNo, target: str) -> None:
    """Remove a link."""
    from boclerk.services.documents.register import unlink as do_unlink

    label = run_write(ctx, do_unlink, number, target)
    err(_("Unlinked {number} from {label}.").format(number=number.strip().upper(), label=label))
