"""``boclerk report ar-aging`` and ``ap-aging``: what customers owe and what the shop owes."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import NP_, N_, pgettext
from boclerk.cli.common import emit_csv, emit_json, plain, print_table, run_read, state
from boclerk.cli.options import CsvOpt, JsonOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_date_opt
from boclerk.cli.report_cmd import app

#: The age buckets' words (the day ranges between them are written as they are).
BUCKETS = {"current": NP_("aging", "current"), "over 90": NP_("aging", "over 90 days")}
AtOpt = Annotated[str | None, typer.Option("--at", help="Age at this date (default: today).")]


def _aging(ctx: typer.Context, report, title: str, day_label: str, json_: bool, csv_: bool) -> None:
    from boclerk.money import decimal_str

    sh = shop(state(ctx))
    data = plain(report, sh.currency)
    # the bucket totals are money too: decimal strings like every other amount in JSON
    data["buckets"] = {name: decimal_str(value, sh.currency) for name, value in report.buckets.items()}
    if json_:
        emit_json(data)
        return
    if csv_:
        emit_csv(["party", "name", "document", day_label, "days", "bucket", "open"],
                 ((r["party"], r["name"], r["document"], r["day"], r["days"], r["bucket"], r["open"])
                  for r in data["rows"]), numeric=["days", "open"])
        return
    def bucket(name: str) -> str:
        return pgettext("aging", BUCKETS[name]) if name in BUCKETS else name

    foreign = any(r.open_in_currency for r in report.rows)  # bills in other currencies: both amounts
    print_table(title, [N_("party"), N_("name"), N_("document"), day_label, N_("days"), N_("bucket"), N_("open")] + ([N_("in currency")] if foreign
                                                                                           else []),
                ((r.party, r.name, r.document, sh.day(r.day), r.days, bucket(r.bucket), sh.money(r.open))
                 + ((r.open_in_currency,) if foreign else ()) for r in report.rows),
                right=[N_("days"), N_("open"), N_("in currency")])
    names = [bucket(name) for name in report.buckets]
    print_table(None, names + [N_("total")], [[sh.money(v) for v in report.buckets.values()] + [sh.money(report.total)]],
                right=names + [N_("total")])


@app.command("ar-aging")
def ar_aging(ctx: typer.Context, at: AtOpt = None, json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Open receivables by age since shipment."""
    from boclerk.services.purchasing.queries import ar_aging as svc

    _aging(ctx, run_read(ctx, svc, parse_date_opt(at, "--at")), N_("Receivables"), N_("shipped"), json_, csv_)


@app.command("ap-aging")
def ap_aging(ctx: typer.Context, at: AtOpt = None, json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Open payables by days past their due date."""
    from boclerk.services.purchasing.queries import ap_aging as svc

    _aging(ctx, run_read(ctx, svc, parse_date_opt(at, "--at")), N_("Payables"), N_("due"), json_, csv_)
