"""``boclerk ledger ...``: accounts, departments, entries, reversals, lock date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.domain.ledger_words import account_type
from boclerk.i18n import N_, _
from boclerk.cli.common import (
    ACT_COMMANDS,
    App,
    emit_json,
    emit_rows,
    err,
    gate,
    run_read,
    run_write,
    state,
)
from boclerk.cli.numbers import EntryNo
from boclerk.cli.options import CsvOpt, FromOpt, JsonOpt, PeriodOpt, ToOpt, YesOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_date, parse_date_opt, parse_money, period_span, split_spec

app = App()

def _day(ctx, value) -> str:
    return shop(state(ctx)).day(value)


DateOpt = Annotated[str | None, typer.Option("--date", help="Entry date DD.MM.YYYY or YYYY-MM-DD (default: today).")]


@app.command("accounts")
def accounts(ctx: typer.Context, at: Annotated[str | None, typer.Option("--at", help="Balances at this date.")] = None,
             json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """The chart of accounts with balances (debit positive)."""
    from boclerk.services.ledger.queries import list_accounts

    rows = run_read(ctx, list_accounts, at=parse_date_opt(at, "--at"))
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Accounts"), columns=[N_("code"), N_("name"), N_("type"), N_("balance")],
              right=[N_("balance")], cells=lambda r, sh: (r.code, r.name, account_type(r.type), sh.money(r.balance)))


@app.act("account-add", "ledger.add_account", key=None)
def account_add(ctx: typer.Context, code: str, name: str,
                type_: Annotated[str, typer.Option("--type", help="The account's type: asset, liability, equity, income or expense.")],
                currency: Annotated[str | None, typer.Option(
                    "--currency", help="A bank account kept in a foreign currency (EUR, CNY ...).")] = None) -> None:
    """Add an account to the chart."""
    from boclerk.services.ledger.book import add_account

    run_write(ctx, add_account, code, name, type_, currency=currency)
    err(_("Added account {code}.").format(code=code))


@app.command("departments")
def departments(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Departments (cost centres)."""
    from boclerk.services.ledger.queries import list_departments

    rows = run_read(ctx, list_departments)
    emit_rows(ctx, rows, json_=json_, title=N_("Departments"), columns=[N_("code"), N_("name"), N_("active")],
              cells=lambda r, sh: (r.code, r.name, _("yes") if r.active else _("no")))


@app.act("department-add", "ledger.add_department", key=None)
def department_add(ctx: typer.Context, code: str, name: str) -> None:
    """Add a department."""
    from boclerk.services.ledger.book import add_department

    run_write(ctx, add_department, code, name)
    err(_("Added department {code}.").format(code=code.upper()))


@app.act("account-rename", "ledger.rename", key=None)
def account_rename(ctx: typer.Context, code: str, name: str) -> None:
    """Give an account a new name (its code and postings stay)."""
    _rename(ctx, "account", code, name)


@app.act("department-rename", "ledger.rename", key=None)
def department_rename(ctx: typer.Context, code: str, name: str) -> None:
    """Give a department a new name (its code and postings stay)."""
    _rename(ctx, "department", code, name)


def _rename(ctx: typer.Context, kind: str, code: str, name: str) -> None:
    from boclerk.services.ledger.book import rename

    before = run_write(ctx, rename, kind, code, name)
    err(_("Renamed {code}: {before} -> {name}.").format(code=code.strip().upper() if kind == "department" else code.strip(),
                                                       before=before, name=name.strip()))


def _lines(ctx: typer.Context, debits: list[str], credits: list[str]):
    from boclerk.services.ledger.book import Line

    sh = shop(state(ctx))
    lines = []
    for sign, specs in ((1, debits), (-1, credits)):
        for spec in specs:
            parts = split_spec(spec, _("line (ACCOUNT:AMOUNT[:DEPARTMENT])"), 2, 3)
            amount = parse_money(parts[1], sh.currency, sh.locale,
                                 _("amount of {account}").format(account=parts[0]))
            lines.append(Line(parts[0], sign * amount, parts[2] if len(parts) == 3 and parts[2] else None))
    return lines


@app.act("entry", "ledger.post_entry", key=None, unless="draft")
def entry(ctx: typer.Context,
          memo: Annotated[str, typer.Option("--memo", help="What the entry is for.")],
          dr: Annotated[list[str], typer.Option("--dr", help="Debit ACCOUNT:AMOUNT[:DEPT] (repeat).")],
          cr: Annotated[list[str], typer.Option("--cr", help="Credit ACCOUNT:AMOUNT[:DEPT] (repeat).")],
          date_: DateOpt = None,
          draft: Annotated[bool, typer.Option("--draft", help="Keep it as a draft instead of posting.")] = False,
          json_: JsonOpt = False) -> None:
    """A manual journal entry: posted at once (accountant, admin), or kept as a draft."""
    from boclerk.services.ledger import book as ledger

    lines = _lines(ctx, dr, cr)
    given = parse_date(date_, "--date") if date_ else None
    run_read(ctx, ledger.check_manual, lines=lines, draft=draft, entry_date=given)  # before the question

    def enter(uow) -> dict:
        day = given or uow.today
        if draft:
            return {"draft": ledger.create_draft(uow, entry_date=day, memo=memo, lines=lines)}
        return {"number": ledger.post_manual(uow, entry_date=day, memo=memo, lines=lines).number}

    result = run_write(ctx, enter)
    if json_:
        emit_json(result)
    if draft:
        err(_("Saved draft #{draft}; post it with: boclerk ledger post-draft {draft}").format(draft=result["draft"]))
    else:
        print(result["number"])
        err(_("Posted {number}.").format(number=result["number"]))


@app.command("drafts")
def drafts(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Draft entries waiting to be posted."""
    from boclerk.services.ledger.queries import list_drafts

    rows = run_read(ctx, list_drafts)
    emit_rows(ctx, rows, json_=json_, title=N_("Drafts"), columns=[N_("#"), N_("date"), N_("memo"), N_("amount")], right=[N_("amount")],
              cells=lambda r, sh: (r.id, sh.day(r.entry_date), r.memo, sh.money(r.amount)))


@app.act("post-draft", "ledger.post_draft", key="draft_id")
def post_draft(ctx: typer.Context, draft_id: int) -> None:
    """Post a draft entry (it must balance). Posted entries cannot be changed."""
    from boclerk.services.ledger.book import post_draft as svc

    posted = run_write(ctx, svc, draft_id)
    print(posted.number)
    err(_("Posted {number}.").format(number=posted.number))


@app.act("delete-draft", "ledger.delete_draft", key="draft_id")
def delete_draft(ctx: typer.Context, draft_id: int) -> None:
    """Throw a draft away (posted entries are never deleted)."""
    from boclerk.services.ledger.book import delete_draft as svc

    run_write(ctx, svc, draft_id)
    err(_("Deleted draft #{draft_id}.").format(draft_id=draft_id))


@app.command("entries")
def entries(ctx: typer.Context, start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None,
            source: Annotated[str | None, typer.Option("--source", help="Only entries of this document.")] = None,
            limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 100,
            json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Posted journal entries, newest first."""
    from boclerk.services.ledger.queries import list_entries

    first, last = period_span(start, end, period, default=None)
    rows = run_read(ctx, list_entries, start=first, end=last, source=source, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Journal"), columns=[N_("number"), N_("date"), N_("memo"), N_("source"), N_("amount")],
              right=[N_("amount")], cells=lambda r, sh: (r.number, sh.day(r.entry_date), r.memo, r.source,
                                                        sh.money(r.amount)))


@app.command("show")
def show(ctx: typer.Context, number: Annotated[str, typer.Argument(help="JE-... or a draft's #id.")],
         json_: JsonOpt = False) -> None:
    """One entry with its lines."""
    from boclerk.cli.show_out import show_entry

    show_entry(state(ctx), number, json_)


@app.act("reverse", "ledger.reverse")
def reverse(ctx: typer.Context, number: EntryNo, date_: DateOpt = None,
            memo: Annotated[str | None, typer.Option("--memo")] = None) -> None:
    """Reverse a manual entry with a new, linked entry."""
    from boclerk.services.ledger.book import reverse as svc

    posted = run_write(ctx, svc, number, entry_date=parse_date_opt(date_, "--date"), memo=memo)
    print(posted.number)
    err(_("Posted {number}, reversing {number2}.").format(number=posted.number, number2=number.upper()))


@app.command("lock")
def lock(ctx: typer.Context, day: Annotated[str, typer.Argument(help="DD.MM.YYYY, or 'none' to unlock.")],
         reopen: Annotated[bool, typer.Option("--reopen", help="Move the lock date back: reopen closed periods "
                                                                "(admin).")] = False,
         yes: YesOpt = False) -> None:
    """Lock the books: nothing can be posted on or before this date (admin)."""
    from boclerk.services.ledger.book import set_lock_date

    target = None if day.strip().lower() == "none" else parse_date(day, _("lock date"))
    now = run_read(ctx, lambda uow: uow.company.lock_date)
    back = now is not None and (target is None or target < now)
    if back and not reopen:  # refused by the service, after the rule book's check and before any question
        gate(ctx, "ledger.lock", target.isoformat() if target else None, yes=True)
    elif back:
        gate(ctx, "ledger.lock", target.isoformat() if target else None, yes=yes,
             question=_("Reopen the books from {now} back to {target}? Entries may then be posted in a closed period "
                        "again.").format(now=_day(ctx, now), target=_day(ctx, target) if target else _("no lock")))
    else:
        gate(ctx, "ledger.lock", target.isoformat() if target else None, yes=yes,
             question=None if target else _("Remove the lock date? Anything can be posted again."))
    before = run_write(ctx, set_lock_date, target, reopen=reopen)
    err(_("Lock date {before} -> {after}.").format(before=_day(ctx, before) if before else _("none"),
                                                  after=_day(ctx, target) if target else _("none")))


ACT_COMMANDS["ledger.lock"] = [(app, "lock")]  # the question depends on the date, so it asks itself


@app.act("recharge", "ledger.recharge", key=None)
def recharge(ctx: typer.Context, amount: str,
             from_dept: Annotated[str, typer.Option("--from", help="Department giving the cost away.")],
             to_dept: Annotated[str, typer.Option("--to", help="Department taking it.")],
             account: Annotated[str | None, typer.Option("--account", help="Account (default: inter-department recharges).")] = None,
             memo: Annotated[str, typer.Option("--memo")] = "", date_: DateOpt = None) -> None:
    """Move a cost (or revenue) from one department to another."""
    from boclerk.services.ledger.book import check_recharge
    from boclerk.services.ledger.book import recharge as svc

    sh = shop(state(ctx))
    value, day = parse_money(amount, sh.currency, sh.locale), parse_date_opt(date_, "--date")
    run_read(ctx, check_recharge, from_dept=from_dept, to_dept=to_dept, amount=value, account_key=account)
    posted = run_write(ctx, svc, from_dept=from_dept, to_dept=to_dept, amount=value, account_key=account, memo=memo,
                       entry_date=day)
    print(posted.number)
    err(_("Posted {number}.").format(number=posted.number))


@app.act("opening", "ledger.opening", key=None)
def opening(ctx: typer.Context, file: Annotated[Path, typer.Argument(readable=False)], date_: DateOpt = None) -> None:
    """Post opening balances from a CSV (account, amount[, department]); debit positive."""
    from boclerk.formats.csvio import ColumnSpec, read_table, validate_rows
    from boclerk.money import to_minor
    from boclerk.services.ledger.book import Line, check_opening, opening_balances

    from boclerk.cli.files import read_input

    sh = shop(state(ctx))
    data = read_input(ctx, file, cap=10 * 1024 * 1024, too_big=_("{name} is larger than 10 MB.").format(name=file.name))
    table = read_table(data, what=file.name, columns=[ColumnSpec("account"), ColumnSpec("amount"),
                                                      ColumnSpec("department", required=False)])

    def line(row):
        amount = row.parse("amount", lambda t: to_minor(row.decimal("amount"), sh.currency))
        return Line(row.require("account"), amount, row.get("department") or None)

    lines = validate_rows(table.rows, line)
    given = parse_date(date_, "--date") if date_ else None
    run_read(ctx, check_opening, lines)  # before the question
    posted = run_write(ctx, lambda uow: opening_balances(uow, lines, entry_date=given or uow.today))
    print(posted.number)
    err(_("Posted the opening balances as {number}.").format(number=posted.number))


@app.act("allocate", "office.allocate", key="month")
def allocate(ctx: typer.Context, month: Annotated[str, typer.Option("--period", help="The month, YYYY-MM.")]) -> None:
    """Post a month's allocation rules and service agreements, one entry each; a month is posted once."""
    from boclerk.cli.parse import month_said
    from boclerk.services.office.allocation import allocate as svc
    from boclerk.services.office.periods import parse_period

    sh = shop(state(ctx))
    run = run_write(ctx, svc, parse_period(month, "--period"))
    for d in run.deals:
        if d.already:
            err(_("{code}: posted already for {period} ({entry}); nothing changed.").format(
                code=d.code, period=month_said(run.period), entry=d.entry))
        elif d.entry:
            print(d.entry)
            err(_("{code}: posted {entry}, {amount}.").format(code=d.code, entry=d.entry, amount=sh.money(d.amount)))
        else:
            err(_("{code}: nothing posted ({note}).").format(code=d.code, note=d.note))
