"""``boclerk import KIND FILE``: a store's data from CSV, all or nothing."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from boclerk.cli.common import App, actor, emit_json, err, plain, writing
from boclerk.cli.options import JsonOpt

app = App()

FileArg = Annotated[Path, typer.Argument(help="The CSV file (UTF-8 or cp1251; comma or semicolon).",
                                         show_default=False, readable=False)]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Check everything, write nothing.")]


def open_file(ctx: typer.Context, path: Path):
    """A regular file (never a link, a pipe or a device), opened with the rights of the person who named
    it, to be read as a stream."""
    from boclerk.cli.files import own_files
    from boclerk.services.platform.paths import open_regular

    fd, _opened = open_regular(path, own=own_files(ctx))  # not there: bad input (paths.MissingPath)
    return os.fdopen(fd, "rb")


def _progress():
    """A rich progress bar on stderr when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
                   transient=True, console=Console(stderr=True))
    tasks: dict[str, int] = {}

    def report(what: str, done: int, total: int) -> None:
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total)
        bar.update(tasks[what], completed=done)

    return bar, report


def _run(ctx: typer.Context, kind: str, file: Path, dry_run: bool, json_: bool) -> None:
    from boclerk.services.exchange.importing import import_file

    db = writing(ctx)
    bar, report = _progress()
    with open_file(ctx, file) as data:
        if bar is not None:
            with bar:
                result = import_file(db, actor(), kind, data, what=file.name, dry_run=dry_run, progress=report)
        else:
            result = import_file(db, actor(), kind, data, what=file.name, dry_run=dry_run)
    if json_:
        emit_json(plain(result, ""))
    err(result.sentence())


@app.act("products", "exchange.import", key=None)
def products(ctx: typer.Context, file: FileArg, dry_run: DryRun = False, json_: JsonOpt = False) -> None:
    """Products, by SKU.

    Columns: sku, name, price; optional category, unit, vat_rate, cost, barcode, reorder_point, reorder_qty, supplier_code, kind. Products already there take the values the file gives (blank cells change nothing).
    """  # typer keeps the line breaks of a docstring: one paragraph, one line
    _run(ctx, "products", file, dry_run, json_)


@app.act("customers", "exchange.import", key=None)
def customers(ctx: typer.Context, file: FileArg, dry_run: DryRun = False, json_: JsonOpt = False) -> None:
    """Customers, by code.

    Columns: code, name; optional email, phone, address. Customers already there take the values the file gives (blank cells change nothing).
    """
    _run(ctx, "customers", file, dry_run, json_)


@app.act("suppliers", "exchange.import", key=None)
def suppliers(ctx: typer.Context, file: FileArg, dry_run: DryRun = False, json_: JsonOpt = False) -> None:
    """Suppliers, by code.

    Columns: code, name; optional tax_id, email, phone, address, payment_terms_days. Suppliers already there take the values the file gives (blank cells change nothing).
    """
    _run(ctx, "suppliers", file, dry_run, json_)


@app.act("orders", "exchange.import", key=None)
def orders(ctx: typer.Context, file: FileArg, dry_run: DryRun = False, json_: JsonOpt = False) -> None:
    """Orders, one row per line: live ones and history.

    Columns: order_number, order_date, customer_code, sku, quantity, unit_price; optional discount_percent (default 0), status (new), channel (website). The rows of one order share its number.

    Status new or confirmed: live orders (confirmed ones reserve stock). Shipped, delivered or cancelled: history, kept for lookups and the sales report, with no stock moves and no postings. Orders already imported are left alone.
    """
    _run(ctx, "orders", file, dry_run, json_)


@app.act("stock-count", "exchange.import", key=None)
def stock_count(ctx: typer.Context, file: FileArg, dry_run: DryRun = False, json_: JsonOpt = False) -> None:
    """Opening stock, or a stocktake.

    Columns: sku, warehouse, counted_qty; optional unit_cost. A product with no stock yet comes in as opening stock at unit_cost (default: its standard cost): Dr inventory, Cr opening balances. The others are counted by a stocktake of their warehouse, which posts the differences at moving-average cost.
    """
    _run(ctx, "stock-count", file, dry_run, json_)
