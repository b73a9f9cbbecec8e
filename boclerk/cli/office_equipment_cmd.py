"""``boclerk office equipment ...``: the equipment register."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import App, emit_json, emit_rows, err, plain, run_read, run_write, state, state_word
from boclerk.cli.numbers import EquipmentNo
from boclerk.cli.options import CsvOpt, JsonOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_date_opt, parse_money

app = App()

DateOpt = Annotated[str | None, typer.Option("--date", help="DD.MM.YYYY or YYYY-MM-DD (default: today).")]


@app.act("add", "office.new_equipment", key=None)
def add(ctx: typer.Context, name: str,
        bill: Annotated[str | None, typer.Option("--bill", help="The bill it was bought on (BILL-...).")] = None,
        sku: Annotated[str | None, typer.Option("--sku", help="Its line on the bill, when there are several.")] = None,
        cost: Annotated[str | None, typer.Option("--cost", help="Net cost, for an item not bought on a bill.")] = None,
        dept: Annotated[str | None, typer.Option("--dept", help="Default: the department it was bought for.")] = None,
        holder: Annotated[str | None, typer.Option("--holder", help="The staff member responsible.")] = None,
        room: Annotated[str, typer.Option("--room", help="Where it is.")] = "",
        category: Annotated[str, typer.Option("--category")] = "",
        model: Annotated[str, typer.Option("--model")] = "",
        serial: Annotated[str, typer.Option("--serial")] = "",
        supplier: Annotated[str | None, typer.Option("--supplier", help="Without a bill: who sold it.")] = None,
        acquired: Annotated[str | None, typer.Option("--acquired", help="DD.MM.YYYY (default: the bill's date).")] = None,
        warranty: Annotated[str | None, typer.Option("--warranty", help="Warranty until DD.MM.YYYY.")] = None,
        life: Annotated[int | None, typer.Option("--life", help="Useful life in months (fixed assets).")] = None,
        json_: JsonOpt = False) -> None:
    """Put an item in the register; at or above the capitalisation threshold it is a fixed asset."""
    from boclerk.services.office.equipment import register

    sh = shop(state(ctx))
    res = run_write(ctx, register, name, department=dept, category=category, model=model, serial=serial,
                    location=room, holder=holder, bill=bill, sku=sku, supplier=supplier,
                    cost=None if cost is None else parse_money(cost, sh.currency, sh.locale, "--cost"),
                    acquired_on=parse_date_opt(acquired, "--acquired"),
                    warranty_until=parse_date_opt(warranty, "--warranty"), life_months=life)
    if json_:
        emit_json(plain(res, sh.currency))
    else:
        print(res.number)
    err((_("Registered {number}, {cost}: a fixed asset, capitalised by {entry}.") if res.fixed_asset else
         _("Registered {number}, {cost}: expensed when bought.")).format(
        number=res.number, cost=sh.money(res.cost), entry=res.entry))


@app.command("list")
def list_(ctx: typer.Context,
          condition: Annotated[str | None, typer.Option("--condition", help="Only items in this condition: in_use, needs_repair, "
                                                        "in_repair, in_store, written_off, or active (not written off).")] = None,
          dept: Annotated[str | None, typer.Option("--dept")] = None,
          holder: Annotated[str | None, typer.Option("--holder")] = None,
          due: Annotated[bool, typer.Option("--due", help="Maintenance due soon or overdue.")] = False,
          warranty: Annotated[bool, typer.Option("--warranty", help="Warranty ending within 30 days.")] = False,
          search: Annotated[str | None, typer.Option("--search", help="Number, serial or part of a name.")] = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 100,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """The equipment register, newest first."""
    from boclerk.services.office.equipment_queries import list_equipment

    rows = run_read(ctx, list_equipment, condition=condition, department=dept, holder=holder, due=due,
                    warranty=warranty, search=search, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Equipment"),
              columns=[N_("number"), N_("name"), N_("dept"), N_("holder"), N_("room"), N_("condition"), N_("next due"), N_("cost")], right=[N_("cost")],
              cells=lambda r, sh: (r.number, r.name + (" *" if r.fixed_asset else ""), r.department, r.holder or "",
                                   r.location, state_word(r.condition), sh.day(r.next_due), sh.money(r.cost)))


@app.command("show")
def show(ctx: typer.Context, number: EquipmentNo, json_: JsonOpt = False) -> None:
    """One item: where it is, who holds it, its plans, its history and, for a fixed asset, its depreciation."""
    from boclerk.cli.lookup_office_out import show_equipment

    show_equipment(state(ctx), number, json_)


@app.act("move", "office.move")
def move(ctx: typer.Context, number: EquipmentNo,
         holder: Annotated[str | None, typer.Option("--holder", help="A staff code, or - for nobody.")] = None,
         room: Annotated[str | None, typer.Option("--room")] = None,
         dept: Annotated[str | None, typer.Option("--dept")] = None,
         date_: DateOpt = None, note: Annotated[str, typer.Option("--note")] = "") -> None:
    """Hand an item to another person, room or department (its history keeps where it was)."""
    from boclerk.services.office.equipment import move as svc

    res = run_write(ctx, svc, number, holder=holder, location=room, department=dept,
                    day=parse_date_opt(date_, "--date"), note=note)
    err(_("Moved {number}.").format(number=res.number))


@app.act("condition", "office.condition")
def condition(ctx: typer.Context, number: EquipmentNo,
              to: Annotated[str, typer.Argument(help="The condition now: in_use, needs_repair, in_repair or in_store.")],
              note: Annotated[str, typer.Option("--note")] = "") -> None:
    """Record an item's condition."""
    from boclerk.services.office.equipment import set_condition

    res = run_write(ctx, set_condition, number, to, note=note)
    err(_("{number} is {condition}.").format(number=res.number, condition=state_word(res.condition)))


@app.act("plan", "office.plan")
def plan(ctx: typer.Context, number: EquipmentNo, what: str,
         every: Annotated[int, typer.Option("--every", help="Months between two times.")],
         first: Annotated[str | None, typer.Option("--first", help="First due DD.MM.YYYY (default: one period on).")]
         = None) -> None:
    """Plan recurring maintenance ("Service" every 6 months, "Check" every 12 from a date)."""
    from boclerk.services.office.maintenance import add_plan

    res = run_write(ctx, add_plan, number, what, every, first_due=parse_date_opt(first, "--first"))
    err(_("Plan {id} of {equipment}: {what} every {every_months} months, first due {next_due}.").format(id=res.id, equipment=res.equipment, what=res.what, every_months=res.every_months, next_due=shop(state(ctx)).day(res.next_due)))


@app.act("service", "office.service")
def service(ctx: typer.Context, number: EquipmentNo, what: str,
            cost: Annotated[str | None, typer.Option("--cost", help="Net cost, posted as the department's expense.")]
            = None,
            by: Annotated[str, typer.Option("--by", help="Who did it.")] = "",
            plan_: Annotated[str | None, typer.Option("--plan", help="The plan it fulfils (its number or name).")]
            = None,
            paid: Annotated[str, typer.Option("--paid", help="How it was paid: bank or cash.")] = "bank",
            date_: DateOpt = None) -> None:
    """Log a service or repair; its cost is posted to the item's department at once."""
    from boclerk.services.office.maintenance import check_service, log_service

    sh = shop(state(ctx))
    amount = 0 if cost is None else parse_money(cost, sh.currency, sh.locale, "--cost")
    day = parse_date_opt(date_, "--date")
    run_read(ctx, check_service, number, what, cost=amount, day=day, plan=plan_, paid_from=paid)  # before the question
    res = run_write(ctx, log_service, number, what, done_by=by, plan=plan_, paid_from=paid, cost=amount, day=day)
    if res.entry:
        print(res.entry)
    err(_("Logged on {equipment}: {what}{posted}{next}.").format(
        equipment=res.equipment, what=res.what,
        posted=_(", {cost} posted as {entry}").format(cost=sh.money(res.cost), entry=res.entry) if res.entry else "",
        next=_("; next due {day}").format(day=sh.day(res.next_due)) if res.next_due else ""))


@app.act("write-off", "office.write_off")
def write_off(ctx: typer.Context, number: EquipmentNo, reason: Annotated[str, typer.Option("--reason")],
              document: Annotated[str | None, typer.Option("--document", help="The write-off act (DOC-...).")] = None,
              date_: DateOpt = None) -> None:
    """Write an item off for good, with a reason and its act; a fixed asset's remaining value is a loss."""
    from boclerk.services.office.equipment import check_write_off, write_off as svc

    day = parse_date_opt(date_, "--date")
    run_read(ctx, check_write_off, number, reason, document=document, day=day)  # before the question
    res = run_write(ctx, svc, number, reason, document=document, day=day)
    if res.entry:
        print(res.entry)
    err((_("Wrote off {number}; posted {entry}.") if res.entry else _("Wrote off {number}.")).format(
        number=res.number, entry=res.entry))
