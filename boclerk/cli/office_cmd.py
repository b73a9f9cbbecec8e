"""``boclerk office ...``: supply requests, budgets, staff, the equipment register, contracts,
internal deals between departments, reminders and the office's settings."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.cli.common import state_word
from boclerk.i18n import N_, _, ngettext
from boclerk.cli.common import App, emit_json, emit_rows, err, plain, print_table, run_read, run_write, state
from boclerk.cli.numbers import RequestNo
from boclerk.cli.options import CsvOpt, FromOpt, JsonOpt, PeriodOpt, ToOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import month_said, parse_date, parse_date_opt, parse_money, split_spec

app = App()
budget_app = App()
staff_app = App()
app.add_typer(staff_app, name="staff", help="The company's people and their departments: add, edit, left, list.")
app.add_typer(budget_app, name="budget", help="Monthly budgets per department and category, and spending against them.")

LineOpt = Annotated[list[int] | None, typer.Option("--line", help="Only this line number (repeat); default: all waiting.")]


def period(text: str, what: str) -> int:
    from boclerk.services.office.periods import parse_period

    return parse_period(text, what)


# -- supply requests ---------------------------------------------------------------------------------

@app.act("ask", "office.ask", key=None)
def ask(ctx: typer.Context,
        line: Annotated[list[str], typer.Option("--line", help="SKU:QTY of the consumables catalogue (repeat).")],
        dept: Annotated[str | None, typer.Option("--dept", help="The department (default: yours on the staff list).")] = None,
        for_: Annotated[str | None, typer.Option("--for", help="The staff member asking (their code).")] = None,
        wanted_by: Annotated[str | None, typer.Option("--wanted-by", help="Wanted by DD.MM.YYYY.")] = None,
        note: Annotated[str, typer.Option("--note")] = "", json_: JsonOpt = False) -> None:
    """Ask for supplies (paper, tea, cleaning supplies, cartridges ...); prints the request's number."""
    from boclerk.services.office.requests import ask as svc

    lines = [tuple(split_spec(spec, _("line (SKU:QTY)"), 2, 2)) for spec in line]
    res = run_write(ctx, svc, lines, department=dept, staff=for_, wanted_by=parse_date_opt(wanted_by, "--wanted-by"),
                    note=note)
    if json_:
        emit_json(plain(res, shop(state(ctx)).currency))
    else:
        print(res.number)
    err(_("Asked {number}: {total} (estimate); waiting for the office manager.").format(number=res.number, total=shop(state(ctx)).money(res.total)))


@app.command("requests")
def requests(ctx: typer.Context,
             state_: Annotated[str | None, typer.Option("--state", help="Only requests in this state: open, approved, ordered, "
                                                        "partially_received, received, rejected, cancelled; or "
                                                        "waiting (open), to_order (approved).")] = None,
             mine: Annotated[bool, typer.Option("--mine", help="Only the ones you asked for.")] = False,
             dept: Annotated[str | None, typer.Option("--dept")] = None,
             search: Annotated[str | None, typer.Option("--search", help="A number or a SKU.")] = None,
             limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 100,
             json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Supply requests, newest first, each in the state it has reached."""
    from boclerk.services.office.request_queries import list_requests

    rows = run_read(ctx, list_requests, state=state_, mine=mine, department=dept, search=search, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Supply requests"),
              columns=[N_("number"), N_("date"), N_("dept"), N_("asked by"), N_("wanted by"), N_("lines"), N_("estimate"), N_("state")],
              right=[N_("lines"), N_("estimate")],
              cells=lambda r, sh: (r.number, sh.day(r.created), r.department, r.asked_by, sh.day(r.wanted_by), r.lines,
                                   sh.money(r.total), state_word(r.state)))


@app.command("request")
def request(ctx: typer.Context, number: RequestNo, json_: JsonOpt = False) -> None:
    """One request: each line's decision and reason, its purchase order and what came in."""
    from boclerk.cli.lookup_office_out import show_request

    show_request(state(ctx), number, json_)


def _decided(ctx, res) -> None:
    err(_("{number}: {state}.").format(number=res.number, state=state_word(res.state)))
    for warning in res.warnings:
        err(warning)


@app.act("approve", "office.approve")
def approve(ctx: typer.Context, number: RequestNo, line: LineOpt = None,
            note: Annotated[str, typer.Option("--note")] = "") -> None:
    """Approve a request's lines waiting for a decision (a budget it takes over only warns)."""
    from boclerk.services.office.requests import approve as svc

    _decided(ctx, run_write(ctx, svc, number, line or None, note=note))


@app.act("reject", "office.reject")
def reject(ctx: typer.Context, number: RequestNo, reason: Annotated[str, typer.Option("--reason", help="Why.")],
           line: LineOpt = None) -> None:
    """Reject a request's lines waiting for a decision, with a reason the requester reads."""
    from boclerk.services.office.requests import reject as svc

    _decided(ctx, run_write(ctx, svc, number, reason, line or None))


@app.act("order", "office.order", key=None)
def order(ctx: typer.Context, numbers: Annotated[list[str] | None, typer.Argument(
              help="REQ-... (default: every approved request).")] = None,
          supplier: Annotated[str | None, typer.Option("--supplier", help="Buy every line from this supplier.")] = None,
          json_: JsonOpt = False) -> None:
    """Draft purchase orders of the approved lines: one per supplier, each line for its department."""
    from boclerk.services.office.requests import order_requests

    res = run_write(ctx, order_requests, numbers or None, supplier=supplier)
    sh = shop(state(ctx))
    if json_:
        emit_json(plain(res, sh.currency))
    for o in res.pos:
        if not json_:
            print(o.po)
        err(_("Created {po} (draft) for {supplier}: {requests}, {total} net.").format(
            po=o.po, supplier=o.supplier, requests=", ".join(o.requests), total=sh.money(o.total)))
    for left in res.left:
        err(_("Not ordered: {left} (--supplier).").format(left=left))


@app.act("cancel", "office.cancel_request")
def cancel(ctx: typer.Context, number: RequestNo) -> None:
    """Cancel a request not yet ordered (your own, or any if you approve requests)."""
    from boclerk.services.office.requests import cancel_request

    _decided(ctx, run_write(ctx, cancel_request, number))


# -- budgets -----------------------------------------------------------------------------------------

@budget_app.act("set", "office.budget", key=None)
def budget_set(ctx: typer.Context, dept: str, category: str, amount: str,
               month: Annotated[str, typer.Option("--month", help="YYYY-MM.")]) -> None:
    """What a department may spend on a category of supplies (as the products' category) in a month."""
    from boclerk.services.office.budgets import set_budget

    sh = shop(state(ctx))
    row = run_write(ctx, set_budget, dept, category, parse_money(amount, sh.currency, sh.locale),
                    period(month, "--month"))
    err(_("Budget of {department} for {category} in {month}: {budget}.").format(department=row.department, category=row.category, month=month_said(row.month), budget=sh.money(row.budget)))


@budget_app.command("report")
def budget_report(ctx: typer.Context,
                  start: Annotated[str | None, typer.Option("--from", help="First month YYYY-MM (default: this one).")] = None,
                  end: Annotated[str | None, typer.Option("--to", help="Last month YYYY-MM (default: --from).")] = None,
                  dept: Annotated[str | None, typer.Option("--dept")] = None,
                  json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Spending against budget per month, department and category: approved and received."""
    from boclerk.services.office.budgets import budget_report as svc

    first = period(start, "--from") if start else None
    last = period(end, "--to") if end else first
    rows = run_read(ctx, svc, first, last, department=dept)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Spending against budget"),
              columns=[N_("month"), N_("dept"), N_("category"), N_("budget"), N_("approved"), N_("received"), N_("left")],
              right=[N_("budget"), N_("approved"), N_("received"), N_("left")],
              cells=lambda r, sh: (month_said(r.month), r.department, r.category, sh.money(r.budget) if r.budget is not None else "-",
                                   sh.money(r.approved), sh.money(r.received),
                                   ("" if r.left is None else sh.money(r.left)) + (" " + _("over") if r.over else "")))


# -- staff -------------------------------------------------------------------------------------------

@staff_app.act("add", "office.add_staff", key=None)
def staff_add(ctx: typer.Context, code: str, name: str, dept: Annotated[str, typer.Option("--dept")],
              position: Annotated[str, typer.Option("--position")] = "",
              email: Annotated[str, typer.Option("--email")] = "", phone: Annotated[str, typer.Option("--phone")] = "",
              login: Annotated[str | None, typer.Option("--login", help="Their boclerk account, if any.")] = None) -> None:
    """Add a person of the company."""
    from boclerk.services.office.staff import add_staff

    row = run_write(ctx, add_staff, code, name, dept, position=position, email=email, phone=phone, login=login)
    err(_("Added {code} {name} ({department}).").format(code=row.code, name=row.name, department=row.department))


@staff_app.act("edit", "office.edit_staff", key="code")
def staff_edit(ctx: typer.Context, code: str, name: Annotated[str | None, typer.Option("--name")] = None,
               dept: Annotated[str | None, typer.Option("--dept")] = None,
               position: Annotated[str | None, typer.Option("--position")] = None,
               email: Annotated[str | None, typer.Option("--email")] = None,
               phone: Annotated[str | None, typer.Option("--phone")] = None,
               login: Annotated[str | None, typer.Option("--login")] = None) -> None:
    """Change a person's details or department."""
    from boclerk.errors import InvalidInput
    from boclerk.services.office.staff import edit_staff

    changes = {k: v for k, v in (("name", name), ("department", dept), ("position", position), ("email", email),
                                 ("phone", phone), ("login", login)) if v is not None}
    if not changes:
        raise InvalidInput(_("Nothing to change: give --name, --dept, --position, --email, --phone or --login."))
    row = run_write(ctx, edit_staff, code, **changes)
    err(_("Saved {code}.").format(code=row.code))


@staff_app.act("left", "office.staff_left", key="code")
def staff_left(ctx: typer.Context, code: str) -> None:
    """Mark a person as gone: they stay in the history, and hold or ask for nothing new."""
    from boclerk.services.office.staff import staff_left as svc

    row = run_write(ctx, svc, code)
    err(_("{code} {name} is marked as gone.").format(code=row.code, name=row.name))


@staff_app.command("list")
def staff_list(ctx: typer.Context, dept: Annotated[str | None, typer.Option("--dept")] = None,
               search: Annotated[str | None, typer.Option("--search")] = None,
               all_: Annotated[bool, typer.Option("--all", help="The people who left too.")] = False,
               json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """The staff list, by code."""
    from boclerk.services.office.staff import list_staff

    rows, after = [], None
    while True:
        page = run_read(ctx, list_staff, department=dept, search=search, include_gone=all_, after_code=after)
        rows += page
        if len(page) < 200:
            break
        after = page[-1].code
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Staff"),
              columns=[N_("code"), N_("name"), N_("dept"), N_("position"), N_("login"), N_("email"), N_("phone")],
              cells=lambda r, sh: (r.code, r.name + ("" if r.active else _(" (gone)")), r.department, r.position,
                                   r.login or "", r.email, r.phone))


# -- reminders, settings, results by department --------------------------------------------------------

@app.command("reminders")
def reminders(ctx: typer.Context, days: Annotated[int | None, typer.Option(
        "--days", min=0, max=3660, help="How far ahead (default: the office setting, 30).")] = None,
              json_: JsonOpt = False) -> None:
    """Contracts ending, or whose notice date comes, within N days; maintenance due; warranties ending."""
    from boclerk.services.office.contract_queries import reminders as contract_reminders
    from boclerk.services.office.reminders import office_dashboard

    rows = run_read(ctx, contract_reminders, days)
    board = run_read(ctx, office_dashboard)
    sh = shop(state(ctx))
    if json_:
        currency = shop(state(ctx)).currency
        emit_json({"contracts": plain(rows, currency), "office": plain(board, currency)["notes"]})
        return
    print_table(N_("Contracts"), [N_("contract"), N_("party"), N_("subject"), N_("what"), N_("day"), N_("in days")],
                ((r.number, r.party, r.subject, _(REMINDER_WORDS[r.what]), sh.day(r.day), r.days_left) for r in rows),
                right=[N_("in days")])
    for note in board.notes:
        if note.kind in ("overdue", "due", "warranty"):
            print(note.text)


#: what comes of a contract on a reminder's day
REMINDER_WORDS = {"notice": N_("notice by"), "renews": N_("renews"), "ends": N_("ends")}


@app.act("settings", "office.settings", key=None)
def settings(ctx: typer.Context,
             threshold: Annotated[str | None, typer.Option("--threshold", help="Capitalisation threshold.")] = None,
             reminder_days: Annotated[int | None, typer.Option("--reminder-days", min=0, max=366)] = None,
             json_: JsonOpt = False) -> None:
    """Show the office's settings, or change them (admin): --threshold, --reminder-days."""
    from boclerk.services.office.equipment import office_settings, set_office_settings

    sh = shop(state(ctx))
    if threshold is None and reminder_days is None:
        now = run_read(ctx, office_settings)
    else:
        now = run_write(ctx, set_office_settings, reminder_days=reminder_days,
                        threshold=None if threshold is None else parse_money(threshold, sh.currency, sh.locale))
    if json_:
        emit_json(plain(now, sh.currency))
        return
    print(_("capitalisation threshold  {capitalisation_threshold}").format(capitalisation_threshold=sh.money(now.capitalisation_threshold)))
    print(_("reminder days             {reminder_days}").format(reminder_days=now.reminder_days))


@app.command("pnl")
def pnl(ctx: typer.Context, start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None,
        json_: JsonOpt = False) -> None:
    """Each department's result before and after the allocations and service charges (this month
    unless told)."""
    from boclerk.cli.parse import period_span
    from boclerk.services.office.allocation import pnl_by_department

    r = run_read(ctx, pnl_by_department, *period_span(start, end, period))
    sh = shop(state(ctx))
    if json_:
        emit_json(plain(r, sh.currency))
        return
    rows = [(d.department, sh.money(d.before), sh.money(d.allocated), sh.money(d.after)) for d in r.departments]
    rows.append((_("Company"), sh.money(r.before), "", sh.money(r.after)))
    print_table(_("Result by department {start} .. {end}").format(start=sh.day(r.start), end=sh.day(r.end)), [N_("department"), N_("before"), N_("allocated"), N_("after")], rows,
                right=[N_("before"), N_("allocated"), N_("after")])


@app.act("depreciate", "office.depreciate", key="month")
def depreciate(ctx: typer.Context, month: Annotated[str, typer.Option("--period", help="The month, YYYY-MM.")]) -> None:
    """Post a month's straight-line depreciation of the fixed assets (a month is posted once)."""
    from boclerk.services.office.depreciation import depreciate as svc

    sh = shop(state(ctx))
    res = run_write(ctx, svc, period(month, "--period"))
    if res.entry:
        print(res.entry)
        err(ngettext("Posted {entry}: depreciation of {n} fixed asset for {period}, {amount}.",
                     "Posted {entry}: depreciation of {n} fixed assets for {period}, {amount}.", res.assets).format(
            entry=res.entry, n=res.assets, period=month_said(res.period), amount=sh.money(res.amount)))
    elif res.earlier:
        err(_("Depreciation for {period} is posted already ({entries}); nothing changed.").format(
            period=month_said(res.period), entries=", ".join(res.earlier)))
    else:
        err(_("No fixed asset is due for depreciation in {period}; nothing was posted.").format(period=month_said(res.period)))


def _register_subgroups() -> None:
    from boclerk.cli import office_contract_cmd, office_deal_cmd, office_equipment_cmd

    app.add_typer(office_equipment_cmd.app, name="equipment",
                  help="The equipment register: add, list, show, move, condition, plan, service, write-off.")
    app.add_typer(office_contract_cmd.app, name="contract",
                  help="Contracts: add, list, show, edit, to-lawyer, sign, attach, terminate.")
    app.add_typer(office_deal_cmd.rules, name="rule", help="Allocation rules: add, end.")
    app.add_typer(office_deal_cmd.agreements, name="agreement", help="Internal service agreements: add, end.")
    app.command("deals", help="Allocation rules and service agreements, and the months posted.")(office_deal_cmd.deals)


_register_subgroups()
