"""``boclerk report service``: cycle times of the workflow steps, their service levels, rework."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import actor, emit_csv, emit_json, plain, print_table, run_read, state
from boclerk.cli.options import CsvOpt, FromOpt, JsonOpt, PeriodOpt, ToOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import period_span
from boclerk.cli.report_cmd import GROUPED_BY, app

#: the units of a time, as the queue's table writes them (h: working hours, wd: working days)
_UNIT = {"hours": N_("h"), "days": N_("wd")}


@app.command("service")
def service(ctx: typer.Context,
            start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None,
            by: Annotated[str, typer.Option("--by", help="Figures by step (default), month, channel or person.")] = "step",
            trend: Annotated[bool, typer.Option("--trend/--no-trend",
                                                help="Also the three months before, month by month.")] = True,
            json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """How long each step took in working time (median, 90th percentile), the share within its
    service level, the trend against the months before, and rework (this month unless told)."""
    from boclerk.errors import BoclerkError
    from boclerk.services.quality.report import check_request, service_report, trend_months
    from boclerk.services.quality.store import keep_up

    first, last = period_span(start, end, period)
    try:
        check_request(first, last, by)
    except BoclerkError:
        pass  # the report says it, as it says every refusal
    else:
        keep_up(state(ctx).database(), actor(), trend_months(first, last) if trend else [])
    r = run_read(ctx, service_report, first, last, by=by, trend=trend)
    if json_:
        emit_json(plain(r, shop(state(ctx)).currency))
        return
    columns = ["step"] + ([r.by] if r.by != "step" else []) + ["done", "median", "p90", "within", "level"]
    if csv_:
        emit_csv(["step", "key", "unit", "count", "median", "p90", "within", "share", "level"],
                 ((x.step, x.key, x.unit, x.count, x.median, x.p90, x.within, round(x.share, 4), x.level)
                  for x in r.rows), numeric=["count", "median", "p90", "within", "share", "level"])
        return
    from boclerk.domain.sales_words import channel_word

    u = {unit: _(word) for unit, word in _UNIT.items()}
    sh = shop(state(ctx))
    key = channel_word if r.by == "channel" else str
    print_table((_("Service {start} .. {end} {by}") if r.by != "step" else _("Service {start} .. {end}")).format(
        start=sh.day(r.start), end=sh.day(r.end), by=_(GROUPED_BY.get(r.by, r.by))), columns,
                ((x.step, *([key(x.key)] if r.by != "step" else []), x.count, f"{sh.figure(x.median)} {u[x.unit]}",
                  f"{sh.figure(x.p90)} {u[x.unit]}", f"{x.share:.0%}", f"{x.level} {u[x.unit]}") for x in r.rows),
                right=[N_("done"), N_("median"), N_("p90"), N_("within"), N_("level")])
    if r.trends:
        months = [m for m, _v in r.trends[0].months]
        print_table(N_("Median by month (trend)"), [N_("step"), *[m[2:] for m in months], N_("before"), N_("now")],
                    ((t.step, *["" if v is None else f"{v:g}" for _m, v in t.months],
                      "" if t.before is None else f"{t.before:g}", "" if t.now is None else f"{t.now:g}")
                     for t in r.trends), right=[m[2:] for m in months] + ["before", "now"])
    print_table(N_("Rework"), [N_("what"), N_("count")], ((k.replace("_", " "), v) for k, v in r.rework.items()), right=[N_("count")])
