"""``boclerk export journal|csv``: the books for hledger, ledger and beancount; data as CSV."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer

from boclerk.cli.common import App, err, run_read
from boclerk.cli.options import FromOpt, OutOpt, ToOpt
from boclerk.cli.parse import parse_date_opt
from boclerk.errors import InvalidInput

app = App()



@contextmanager
def _target(path: Path | None):
    """stdout, or a file written next to ``path`` and renamed over it only when complete."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    if path.is_dir():
        raise InvalidInput(f"{path} is a directory; give a file name.")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InvalidInput(f"The directory {directory} does not exist.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise InvalidInput(f"Cannot write in {directory}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # like any file the user creates
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write(ctx: typer.Context, output: Path | None, fn: Callable[[object, TextIO], int]) -> int:
    with _target(output) as out:
        return run_read(ctx, fn, out)


@app.act("journal", "exchange.export", key=None)
def journal(ctx: typer.Context,
            fmt: Annotated[str, typer.Option("--format", "-f", help="hledger, ledger or beancount.")],
            start: FromOpt = None, end: ToOpt = None, output: OutOpt = None) -> None:
    """The posted journal for hledger, ledger or beancount.

    Every posted entry (of the period), by date: accounts declared with their types, the entry number as the code, the source document and the department as tags (metadata in beancount).
    """  # typer keeps the line breaks of a docstring: one paragraph, one line
    from boclerk.services.exchange.export import export_journal

    fmt = fmt.strip().lower()
    first, last = parse_date_opt(start, "--from"), parse_date_opt(end, "--to")
    count = _write(ctx, output, lambda uow, out: export_journal(uow, fmt, out, start=first, end=last))
    err(f"Exported {count} journal entr{'y' if count == 1 else 'ies'} for {fmt}"
        f"{' to ' + str(output) if output else ''}.")


@app.act("csv", "exchange.export", key=None)
def csv_(ctx: typer.Context,
         kind: Annotated[str, typer.Argument(help="orders, order-lines, products, customers, suppliers, stock, "
                                                  "entries or postings.")],
         start: FromOpt = None, end: ToOpt = None, output: OutOpt = None) -> None:
    """Data as CSV: orders, order-lines, products, customers, suppliers, stock, entries, postings.

    products, customers, suppliers, orders and stock have the columns of `boclerk import`, so they import again. --from/--to pick orders and order lines by order date, entries and postings by entry date.
    """
    from boclerk.services.exchange.export import CSV_KINDS, export_csv

    kind = kind.strip().lower()
    if kind not in CSV_KINDS:  # before touching the output file
        raise InvalidInput(f"'{kind}' is not something boclerk exports as CSV; choose one of: {', '.join(CSV_KINDS)}.")
    first, last = parse_date_opt(start, "--from"), parse_date_opt(end, "--to")
    count = _write(ctx, output, lambda uow, out: export_csv(uow, kind, out, start=first, end=last))
    err(f"Exported {count} row{'' if count == 1 else 's'} of {kind}{' to ' + str(output) if output else ''}.")
