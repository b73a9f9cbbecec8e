"""``boclerk export journal|csv``: the books for hledger, ledger and beancount; data as CSV."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TextIO

import typer

from boclerk.i18n import _, ngettext
from boclerk.cli.common import App, err, run_read
from boclerk.cli.files import write_output
from boclerk.cli.options import ForceOpt, FromOpt, OutOpt, PeriodOpt, ToOpt
from boclerk.cli.parse import period_span
from boclerk.errors import InvalidInput

app = App()



def _write(ctx: typer.Context, output: Path | None, what: str, fn: Callable[[object, TextIO], int],
           force: bool = False) -> int:
    """To stdout, or to a new file at ``output`` (replaced only with --force; see cli/files.py)."""
    if output is None:
        count = run_read(ctx, fn, sys.stdout)
        sys.stdout.flush()
        return count
    return write_output(ctx, output, what, lambda fh: run_read(ctx, fn, fh), force=force, text=True)


@app.act("journal", "exchange.export", key=None)
def journal(ctx: typer.Context,
            fmt: Annotated[str, typer.Option("--format", "-f", help="hledger, ledger or beancount.")],
            start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None, output: OutOpt = None,
            force: ForceOpt = False) -> None:
    """The posted journal for hledger, ledger or beancount.

    Every posted entry (of the period), by date: accounts declared with their types, the entry number as the code, the source document and the department as tags (metadata in beancount).
    """  # typer keeps the line breaks of a docstring: one paragraph, one line
    from boclerk.services.exchange.export import export_journal

    fmt = fmt.strip().lower()
    first, last = period_span(start, end, period, default=None)
    count = _write(ctx, output, f"journal export ({fmt})",
                   lambda uow, out: export_journal(uow, fmt, out, start=first, end=last), force)
    err((ngettext("Exported {n} journal entry for {fmt} to {path}.", "Exported {n} journal entries for {fmt} to {path}.", count)
         if output else ngettext("Exported {n} journal entry for {fmt}.", "Exported {n} journal entries for {fmt}.", count)
         ).format(n=count, fmt=fmt, path=output))


@app.act("csv", "exchange.export", key=None)
def csv_(ctx: typer.Context,
         kind: Annotated[str, typer.Argument(help="What to export: orders, order-lines, products, customers, suppliers, "
                                                  "stock, entries or postings.")],
         start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None, output: OutOpt = None,
         force: ForceOpt = False) -> None:
    """Data as CSV: orders, order-lines, products, customers, suppliers, stock, entries, postings.

    products, customers, suppliers, orders and stock have the columns of `boclerk import`, so they import again. --from/--to (or --period) pick orders and order lines by order date, entries and postings by entry date.
    """
    from boclerk.services.exchange.export import CSV_KINDS, export_csv

    kind = kind.strip().lower()
    if kind not in CSV_KINDS:  # before touching the output file
        raise InvalidInput(_("'{kind}' is not something boclerk exports as CSV; choose one of: {kinds}.").format(
            kind=kind, kinds=", ".join(CSV_KINDS)))
    first, last = period_span(start, end, period, default=None)
    count = _write(ctx, output, f"CSV export ({kind})",
                   lambda uow, out: export_csv(uow, kind, out, start=first, end=last), force)
    err((ngettext("Exported {n} row of {kind} to {path}.", "Exported {n} rows of {kind} to {path}.", count)
         if output else ngettext("Exported {n} row of {kind}.", "Exported {n} rows of {kind}.", count)
         ).format(n=count, kind=kind, path=output))
