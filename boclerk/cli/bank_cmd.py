"""``boclerk bank ...``: bank statements and the reconciliation queue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import (
    ACT_COMMANDS,
    App,
    actor,
    emit_json,
    emit_rows,
    err,
    gate,
    plain,
    run_read,
    run_write,
    writing,
)
from boclerk.cli.options import CsvOpt, JsonOpt, YesOpt
from boclerk.domain.document_words import match_words, state_words
from boclerk.errors import InvalidInput

app = App()



@app.act("import", "documents.intake", key=None)
def import_(ctx: typer.Context, paths: Annotated[list[Path], typer.Argument(help="Statement files (1C, camt.052, camt.053, camt.054, OFX).", readable=False)],
            json_: JsonOpt = False) -> None:
    """Register bank statements and queue their new lines with proposed matches."""
    from boclerk.cli.doc_cmd import report_intake
    from boclerk.cli.import_cmd import _progress
    from boclerk.services.documents.intake import IntakeMeta, add_files

    db = writing(ctx)
    bar, report = _progress()
    meta = IntakeMeta(doc_type="bank_statement")
    if bar is None:
        results = add_files(db, actor(), paths, meta)
    else:
        with bar:
            results = add_files(db, actor(), paths, meta, progress=report)
    report_intake(results, json_)


@app.command("queue")
def queue(ctx: typer.Context,
          status: Annotated[str | None, typer.Option("--status", help="Only lines in this state: unmatched, proposed, "
                                                                      "confirmed, ignored, waiting (default) or all.")] = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=1000000)] = 500,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Bank lines waiting for a decision, with the proposed match or the reason they wait."""
    from boclerk.services.documents.bank import bank_queue

    rows = run_read(ctx, bank_queue, status=status, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Bank lines"),
              columns=[N_("line"), N_("statement"), N_("date"), N_("amount"), N_("counterparty"), N_("purpose"), N_("status"), N_("match"), N_("why")],
              right=[N_("amount")],
              cells=lambda r, sh: (r.id, f"{r.statement}:{r.line_no}", sh.day(r.booked), sh.money(r.amount),
                                   r.counterparty, r.purpose, state_words(r.status), r.entry or match_words(r.match),
                                   r.reason))


@app.command("confirm")
def confirm(ctx: typer.Context, lines: Annotated[list[str] | None, typer.Argument(help="Line numbers from the queue.")] = None,
            all_proposed: Annotated[bool, typer.Option("--all-proposed", help="Confirm every proposed match.")] = False,
            yes: YesOpt = False, json_: JsonOpt = False) -> None:
    """Post proposed matches: order payments, bill payments, bank fees (each line posts once)."""
    from boclerk.services.documents.bank import confirm_line

    if all_proposed == bool(lines):
        raise InvalidInput(_("Give line numbers or --all-proposed (not both)."))
    if all_proposed:
        gate(ctx, "documents.confirm_all", yes=yes)
    else:
        for line in lines[1:]:
            gate(ctx, "documents.confirm", line, yes=True)  # each line's state, before the one question
        gate(ctx, "documents.confirm", lines[0], yes=yes, question=None if len(lines) == 1 else
             _("Confirm bank lines {lines} as proposed? The payments are posted; this cannot be undone.").format(
                 lines=", ".join(lines)))
    if all_proposed:
        from boclerk.cli.import_cmd import _progress
        from boclerk.services.documents.bank_confirm import confirm_all_counted

        bar, report = _progress()
        if bar is None:
            results, __, __ = run_write(ctx, confirm_all_counted)
        else:
            with bar:
                results, __, __ = run_write(ctx, confirm_all_counted, progress=report)
        if json_:
            emit_json(plain(results, ""))
        for r in results:
            err(r.message)
        posted = sum(r.ok for r in results)
        err(_("{posted} posted, {back} back in the queue with the reason.").format(
            posted=posted, back=len(results) - posted) if results else _("No proposed matches to confirm."))
        return

    def each(uow):
        return [(line, confirm_line(uow, line)) for line in lines]

    done = run_write(ctx, each)
    if json_:
        emit_json([{"line": line, "entry": entry} for line, entry in done])
    for line, entry in done:
        err(_("Bank line {line}: posted {entry}.").format(line=line, entry=entry))


ACT_COMMANDS["documents.confirm"] = ACT_COMMANDS["documents.confirm_all"] = [(app, "confirm")]


@app.act("match", "documents.match", key="line")
def match(ctx: typer.Context, line: str, target: Annotated[str, typer.Argument(help="What it pays: SO-..., BILL-... or fee (the bank's fee).")]) -> None:
    """Match a line by hand and post it."""
    from boclerk.services.documents.bank import check_match_target, match_line

    run_read(ctx, check_match_target, target)  # before the question
    entry = run_write(ctx, match_line, line, target)
    err(_("Bank line {line}: posted {entry}.").format(line=line, entry=entry))


@app.act("ignore", "documents.ignore", key="line")
def ignore(ctx: typer.Context, line: str,
           reason: Annotated[str, typer.Option("--reason", help="Why the line needs no posting.")]) -> None:
    """Take a line out of the queue without posting (say why)."""
    from boclerk.services.documents.bank import ignore_line

    run_write(ctx, ignore_line, line, reason)
    err(_("Bank line {line} is ignored.").format(line=line))


@app.act("post", "documents.post_account", key="line")
def post(ctx: typer.Context, line: str, account: Annotated[str, typer.Argument(help="An account code of the chart.")],
         memo: Annotated[str, typer.Option("--memo", help="What the payment is.")]) -> None:
    """Post a line that pays no order, bill or fee to an account of the chart, with a memo."""
    from boclerk.i18n import _
    from boclerk.services.documents.bank_post import check_post_input, post_to_account

    run_read(ctx, check_post_input, account, memo)  # before the question
    entry = run_write(ctx, post_to_account, line, account, memo)
    err(_("Bank line {line}: posted {entry}.").format(line=line, entry=entry))


@app.act("rematch", "documents.rematch", key=None)
def rematch(ctx: typer.Context) -> None:
    """Look again for matches of unmatched lines (after new bills, orders or approvals)."""
    from boclerk.services.documents.matching_sets import rematch as do_rematch

    count = run_write(ctx, do_rematch)
    err(_("{count} line(s) now have a proposed match.").format(count=count))
