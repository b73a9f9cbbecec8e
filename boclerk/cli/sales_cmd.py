"""``boclerk report sales``: what the shop sold in a period."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import emit_csv, emit_json, plain, print_table, run_lookup, run_read, state
from boclerk.cli.output import shop
from boclerk.cli.options import FromOpt, PeriodOpt, ToOpt
from boclerk.cli.parse import period_span
from boclerk.cli.report_cmd import GROUPED_BY, app

_KEY = {"day": "day", "month": "month", "product": "sku", "customer": "customer", "channel": "channel"}


@app.command("sales")
def sales(ctx: typer.Context,
          start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None,
          by: Annotated[str, typer.Option("--by", help="Totals by day, month, product, customer or channel.")] = "day",
          json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
          csv_: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False) -> None:
    """Orders shipped or delivered in a period (this month unless told; imported history included),
    net of returns."""
    from boclerk.services.sales.report import SUMMARISED, sales_report, summary_sales_report

    # by day, month or channel the summaries answer: on SQLite without loading SQLAlchemy
    run = run_lookup if by.strip().lower() in SUMMARISED else run_read
    r = run(ctx, summary_sales_report if run is run_lookup else sales_report, *period_span(start, end, period), by=by)
    sh = shop(state(ctx))
    key = _KEY[r.by]
    named = r.by in ("product", "customer")
    columns = [key] + (["name"] if named else []) + ["orders", "qty", "net", "vat", "total"]
    if json_:
        emit_json(plain(r, sh.currency))
        return
    if csv_:
        emit_csv(columns, ((row["key"], *([row["name"]] if named else []), row["orders"], row["qty"], row["net"],
                            row["vat"], row["total"]) for row in plain(r.rows, sh.currency)),
                 numeric=["orders", "qty", "net", "vat", "total"])
        return
    from boclerk.domain.sales_words import channel_word

    shown = {"day": sh.day, "channel": channel_word}.get(r.by, str)
    rows = [(shown(row.key), *([row.name] if named else []), row.orders, row.qty, sh.money(row.net), sh.money(row.vat),
             sh.money(row.total)) for row in r.rows]
    if rows:
        rows.append((_("Total"), *([""] if named else []), r.orders, r.qty, sh.money(r.net), sh.money(r.vat),
                     sh.money(r.total)))
    print_table(_("Sales {start} .. {end} {by}").format(start=sh.day(r.start), end=sh.day(r.end),
                                                         by=_(GROUPED_BY[r.by])),
                columns, rows,
                right=[N_("orders"), N_("qty"), N_("net"), N_("vat"), N_("total")])
