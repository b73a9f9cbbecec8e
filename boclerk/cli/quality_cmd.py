"""``boclerk queue`` (what waits and what is late) and ``boclerk service ...`` (service levels and
the working calendar)."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _, ngettext
from boclerk.cli.common import (
    App,
    actor,
    emit_csv,
    emit_json,
    fail,
    plain,
    print_table,
    run_read,
    run_write,
    state,
)
from boclerk.cli.options import CsvOpt, JsonOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_date

app = App(help="Service levels and the working calendar: week, hours, holidays.")


def queue(ctx: typer.Context,
          name: Annotated[str | None, typer.Argument(help="The queue: to_confirm, to_ship, backorders, po_awaiting, "
                                                         "bills_held, bank_lines, inbox, requests or maintenance "
                                                         "(default: all).")]
          = None,
          late: Annotated[bool, typer.Option("--late", help="Only what is late.")] = False,
          limit: Annotated[int, typer.Option("--limit", min=1, max=10_000, help="Items per queue.")] = 200,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """What waits, how long it has waited in working time and whether it is late, oldest first."""
    from boclerk.services.quality.queues import queue as one
    from boclerk.services.quality.queues import queues
    from boclerk.services.quality.store import keep_up

    views = [run_read(ctx, one, name, limit=limit, late_only=late)] if name else \
        run_read(ctx, queues, limit=limit, late_only=late)
    keep_up(state(ctx).database(), actor())  # the steps the service report times, while here
    sh = shop(state(ctx))
    if json_:
        emit_json(plain(views[0] if name else views, sh.currency))
        return
    columns = ["queue", "number", "detail", "channel", "since", "age", "unit", "level", "late"]
    if csv_:
        emit_csv(columns, ((i.queue, i.number, i.detail, i.channel, i.since, i.age, i.unit, i.level,
                            "yes" if i.late else "") for v in views for i in v.items), numeric=["age", "level"])
        return
    for v in views:
        if not v.total and not name:
            continue
        shown = _(" (first {n})").format(n=len(v.items)) if len(v.items) < (v.late if late else v.total) else ""
        print_table(_("{queue}: {total} waiting, {late} late{shown}").format(
                        queue=v.label, total=v.total, late=v.late, shown=shown),
                    [N_("number"), N_("detail"), N_("since"), N_("age"), N_("level"), N_("late")],
                    ((i.number, i.detail[:40], sh.moment(i.since), f"{sh.figure(i.age)} {_unit(i.unit)}",
                      i.level, _("LATE") if i.late else "") for i in v.items), right=[N_("age"), N_("level")])


#: the units of an age as the tables write them (h: working hours, wd: working days)
#: (a dated queue's age is "days past due", written as the app's queues write it)
SHORT_UNITS = {"hours": N_("h"), "days": N_("wd"), "due": N_("wd past due"), "days past due": N_("wd late")}
#: the weekdays, Monday first, as the calendar's table writes them
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def _unit(unit: str) -> str:
    return _(SHORT_UNITS[unit]) if unit in SHORT_UNITS else unit


@app.command("levels")
def levels(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The service levels in force (defaults and what the admin set), by channel where they differ."""
    from boclerk.services.quality.settings import UNIT_WORDS
    from boclerk.services.quality.settings import levels as svc

    rows = run_read(ctx, svc)
    if json_:
        emit_json(plain(rows, shop(state(ctx)).currency))
        return
    from boclerk.domain.sales_words import channel_word

    print_table(N_("Service levels"), [N_("measure"), N_("channel"), N_("level"), N_("unit"), N_("what"), N_("set by")],
                ((r.measure, channel_word(r.channel) if r.channel else _("all channels"), r.amount, _(UNIT_WORDS[r.unit]),
                  r.label, "boclerk" if r.default else _("admin")) for r in rows), right=[N_("level")])


@app.act("set-level", "quality.level", key=None)
def set_level(ctx: typer.Context, measure: Annotated[str, typer.Argument(help="e.g. order_confirm (see 'levels').")],
              amount: Annotated[int, typer.Argument(help="Working hours or days, as the measure counts.")],
              channel: Annotated[str, typer.Option("--channel", help="Only for this sales channel.")] = "") -> None:
    """Set a service level (admin), for every channel or for one."""
    from boclerk.services.quality.settings import UNIT_WORDS
    from boclerk.services.quality.settings import set_level as svc

    from boclerk.domain.sales_words import channel_word

    r = run_write(ctx, svc, measure, amount, channel=channel)
    channel = channel_word(r.channel) if r.channel else _("all channels")
    print(f"{r.measure} ({channel}): {r.amount} {_(UNIT_WORDS[r.unit])}")


def _hhmm(text: str, what: str) -> int:
    try:
        hours, minutes = text.strip().split(":")
        value = int(hours) * 60 + int(minutes)
    except ValueError:
        raise fail(_("{what}: give the time as HH:MM, e.g. 09:00.").format(what=what), 2) from None
    if not 0 <= value <= 1440 or not 0 <= int(minutes) < 60:
        raise fail(_("{what}: give the time as HH:MM, e.g. 09:00.").format(what=what), 2)
    return value


def _clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@app.act("calendar", "quality.calendar", key=None)
def calendar_cmd(ctx: typer.Context,
                 year: Annotated[int | None, typer.Option("--year", help="List the days of this year.")] = None,
                 weekdays: Annotated[str | None, typer.Option("--weekdays", help="Working weekdays, 1=Monday: 12345.")]
                 = None,
                 start: Annotated[str | None, typer.Option("--start", help="Working hours start, HH:MM.")] = None,
                 end: Annotated[str | None, typer.Option("--end", help="Working hours end, HH:MM.")] = None,
                 utc_offset: Annotated[str | None, typer.Option("--utc-offset", help="The shop's offset, e.g. +03:00.")]
                 = None,
                 zone: Annotated[str | None, typer.Option(
                     "--zone", help="The shop's time zone if its clocks change, e.g. Europe/Berlin.")] = None,
                 json_: JsonOpt = False) -> None:
    """Show the working calendar (week, hours, days that differ), or change the week and hours (admin)."""
    from boclerk.domain.calendar_words import day_name
    from boclerk.services.quality.settings import calendar, calendar_days, set_hours

    changing = any(v is not None for v in (weekdays, start, end, utc_offset, zone))
    offset = None
    if utc_offset is not None:
        sign = -1 if utc_offset.strip().startswith("-") else 1
        offset = sign * _hhmm(utc_offset.strip().lstrip("+-"), "--utc-offset")
    if changing:
        cal = run_write(ctx, set_hours, weekdays=weekdays, utc_offset=offset, zone=zone,
                        start=None if start is None else _hhmm(start, "--start"),
                        end=None if end is None else _hhmm(end, "--end"))
    else:
        from boclerk.cli.common import pass_gate

        pass_gate(ctx)
        cal = run_read(ctx, calendar)
    days = run_read(ctx, calendar_days, year)
    sh = shop(state(ctx))
    week = "".join(str(d) for d in sorted(cal.weekdays))
    sign = "-" if cal.utc_offset < 0 else "+"
    head = {"weekdays": week, "start": _clock_text(cal.start), "end": _clock_text(cal.end),
            "utc_offset": f"{sign}{_clock_text(abs(cal.utc_offset))}", "zone": cal.zone or None}
    if json_:
        emit_json({**head, "days": [{"day": d.day.isoformat(), "working": d.working, "name": d.name,
                                     "until": None if d.minutes is None else _clock_text(cal.start + d.minutes)}
                                    for d in days]})
        return
    print(_("working weekdays {weekdays}  hours {start}-{end}  {time}").format(
        weekdays=head["weekdays"], start=head["start"], end=head["end"],
        time=cal.zone or "UTC" + head["utc_offset"]))
    print_table(_("Days that differ from the week in {year}").format(year=year) if year else
                N_("Days that differ from the week"), [N_("day"), N_("weekday"), "", N_("name")],
                ((sh.day(d.day), _(WEEKDAYS[d.day.weekday()]), (_("working") if d.minutes is None else _(
                    "working until {time}").format(time=_clock_text(cal.start + d.minutes))) if d.working
                  else _("day off"), day_name(d.name, sh.day)) for d in days))


@app.act("day-off", "quality.calendar", key=None)
def day_off(ctx: typer.Context, day: Annotated[str, typer.Argument(help="DD.MM.YYYY")],
            name: Annotated[str, typer.Option("--name", help="What the day is.")] = "") -> None:
    """Mark a day as a holiday or day off (admin)."""
    from boclerk.services.quality.settings import set_day

    r = run_write(ctx, set_day, parse_date(day, _("day")), working=False, name=name)
    print((_("{day} is a day off: {name}.") if r.name else _("{day} is a day off.")).format(day=shop(state(ctx)).day(r.day), name=r.name))


@app.act("workday", "quality.calendar", key=None)
def workday(ctx: typer.Context, day: Annotated[str, typer.Argument(help="DD.MM.YYYY")],
            name: Annotated[str, typer.Option("--name", help="Why it is worked.")] = "",
            until: Annotated[str | None, typer.Option("--until", help="The day ends at HH:MM, not at the usual "
                                                                       "end (a pre-holiday day).")] = None) -> None:
    """Mark a day as a working day whatever its weekday (a Saturday moved to work) (admin)."""
    from boclerk.services.quality.settings import calendar, set_day

    minutes = None
    if until is not None:
        minutes = _hhmm(until, "--until") - run_read(ctx, calendar).start
    r = run_write(ctx, set_day, parse_date(day, _("day")), working=True, name=name, minutes=minutes)
    print((_("{day} is a working day: {name}.") if r.name else _("{day} is a working day.")).format(
        day=shop(state(ctx)).day(r.day), name=r.name))


@app.act("day-clear", "quality.calendar", key=None)
def day_clear(ctx: typer.Context, day: Annotated[str, typer.Argument(help="DD.MM.YYYY")]) -> None:
    """Let a day follow the working week again (admin)."""
    from boclerk.services.quality.settings import remove_day

    d = parse_date(day, _("day"))
    run_write(ctx, remove_day, d)
    print(_("{value} follows the working week again.").format(value=shop(state(ctx)).day(d)))


@app.act("fill-year", "quality.calendar", key=None)
def fill_year(ctx: typer.Context, year: Annotated[int, typer.Argument(help="e.g. 2028")]) -> None:
    """Add a year's Russian public holidays and moved days (as the holidays package knows them) (admin)."""
    from boclerk.services.quality.settings import fill_year as svc

    added = run_write(ctx, svc, year)
    print(_("Added {added} days of {year}; check them against the government's production calendar.").format(added=added, year=year))


@app.command("steps")
def steps(ctx: typer.Context,
          rebuild: Annotated[bool, typer.Option(
              "--rebuild", help="Forget the kept steps and read the whole audit trail again.")] = False) -> None:
    """Keep the workflow steps the service report times up to date with the audit trail."""
    from boclerk.services.quality.store import catch_up
    from boclerk.services.quality.store import rebuild as svc

    added = run_write(ctx, svc if rebuild else catch_up)
    print(ngettext("{n} workflow step kept.", "{n} workflow steps kept.", added).format(n=added))
