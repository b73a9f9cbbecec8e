"""``boclerk report ...``: the books' reports as tables, JSON or CSV."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.domain.ledger_words import account_type
from boclerk.i18n import N_, _, pgettext
from boclerk.cli.common import (
    App,
    emit_csv,
    emit_json,
    plain,
    print_table,
    run_lookup,
    run_read,
    state,
)
from boclerk.cli.options import CsvOpt, FromOpt, JsonOpt, PeriodOpt, ToOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_date_opt, period_span

app = App()

AtOpt = Annotated[str | None, typer.Option("--at", help="At the end of this date (default: today).")]


def _out(ctx, report, json_: bool, csv_: bool, columns, rows_fn, csv_rows_fn, title: str, footer=None) -> None:
    sh = shop(state(ctx))
    if json_:
        emit_json(plain(report, sh.currency))
        return
    if csv_:
        data = plain(report, sh.currency)
        emit_csv(columns, csv_rows_fn(data), numeric=[c for c in columns if c in RIGHT])
        return
    rows = list(rows_fn(sh))
    if footer:
        rows.append(footer(sh))
    heads = [_head(c) for c in columns]
    print_table(title, heads, rows, right=[h for c, h in zip(columns, heads, strict=True) if c in RIGHT])


def _head(column: str) -> str:
    """A report's column as its table heads it: a VAT report's rate is the VAT rate («ставка»), not
    an exchange rate («курс»)."""
    return pgettext("VAT rate", "rate") if column == "rate" else _(column)


#: the columns of the reports as people read them (the same words head the CSV columns, as they are)
COLUMNS = (N_("code"), N_("name"), N_("type"), N_("debit"), N_("credit"), N_("department"), N_("amount"),
           N_("section"), N_("date"), N_("entry"), N_("memo"), N_("dept"), N_("balance"), N_("sku"),
           N_("warehouse"), N_("qty"), N_("value"), N_("side"), N_("document"), N_("counterparty"),
           N_("tax_id"), N_("rate"), N_("base"), N_("vat"))
def _day(ctx, value) -> str:
    """A day of a report's title or rows as the shop's locale writes it."""
    return shop(state(ctx)).day(value)


#: a balance sheet's sections and a VAT report's sides as the tables say them (CSV and JSON keep the code)
SECTIONS = {"assets": N_("assets"), "liabilities": N_("liabilities"), "equity": N_("equity")}
SIDES = {"output": N_("output"), "input": N_("input")}
#: How a report's rows are grouped, as its title says it ("Sales ... by month").
GROUPED_BY = {"day": N_("by day"), "month": N_("by month"), "product": N_("by product"),
              "customer": N_("by customer"), "channel": N_("by channel"), "person": N_("by person")}


def _word(words: dict, code: str) -> str:
    return _(words[code]) if code in words else code


RIGHT = {"debit", "credit", "balance", "amount", "qty", "value", "profit", "income", "expense", "base", "vat"}


@app.command("trial-balance")
def trial_balance(ctx: typer.Context, at: AtOpt = None, json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Every account's balance at a date; debits equal credits."""
    from boclerk.services.ledger.reports import trial_balance as svc

    tb = run_lookup(ctx, svc, parse_date_opt(at, "--at"))
    _out(ctx, tb, json_, csv_, ["code", "name", "type", "debit", "credit"],
         lambda sh: ((r.code, r.name, account_type(r.type), sh.money(r.debit) if r.debit else "",
                      sh.money(r.credit) if r.credit else "") for r in tb.rows),
         lambda d: ((r["code"], r["name"], r["type"], r["debit"], r["credit"]) for r in d["rows"]),
         _("Trial balance at {day}").format(day=_day(ctx, tb.at)),
         footer=lambda sh: ("", _("Total"), "", sh.money(tb.total_debit), sh.money(tb.total_credit)))


@app.command("pnl")
def pnl(ctx: typer.Context, start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None,
        by_department: Annotated[bool, typer.Option("--by-department", help="Each department's own result.")] = False,
        json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Profit and loss for a period (this month unless told), optionally by department."""
    from boclerk.services.ledger.reports import profit_and_loss

    r = run_lookup(ctx, profit_and_loss, *period_span(start, end, period), by_department=by_department)
    cols = ["code", "name", "type"] + (["department"] if by_department else []) + ["amount"]
    _out(ctx, r, json_, csv_, cols,
         lambda sh: ((row.code, row.name, account_type(row.type), *([row.department or "-"] if by_department else []),
                      sh.money(row.amount)) for row in r.rows),
         lambda d: ((row["code"], row["name"], row["type"], *([row["department"]] if by_department else []),
                     row["amount"]) for row in d["rows"]),
         _("Profit and loss {start} .. {end}").format(start=_day(ctx, r.start), end=_day(ctx, r.end)),
         footer=lambda sh: ("", _("Profit") if r.profit >= 0 else _("Loss"), "", *([""] if by_department else []),
                            sh.money(r.profit)))
    if by_department and not (json_ or csv_):
        from boclerk.services.office.allocation import allocation_effect

        sh = shop(state(ctx))
        allocated = run_read(ctx, allocation_effect, r.start, r.end)
        print_table(N_("By department (profit after allocation)"),
                    [N_("department"), N_("income"), N_("expense"), N_("profit"), N_("before allocation"), N_("allocated")],
                    ((d, sh.money(i), sh.money(e), sh.money(p), sh.money(p - allocated.get(d, 0)),
                      sh.money(allocated.get(d, 0))) for d, (i, e, p) in r.departments.items()),
                    right=[N_("income"), N_("expense"), N_("profit"), N_("before allocation"), N_("allocated")])


@app.command("balance-sheet")
def balance_sheet(ctx: typer.Context, at: AtOpt = None, json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Assets, liabilities and equity at a date."""
    from boclerk.services.ledger.reports import balance_sheet as svc

    bs = run_lookup(ctx, svc, parse_date_opt(at, "--at"))

    def rows(sh):
        for row in bs.rows:
            yield (_word(SECTIONS, row.section), row.code, row.name, sh.money(row.amount))
        yield (_word(SECTIONS, "equity"), "", _("Earnings not yet closed"), sh.money(bs.earnings))
        yield ("", "", _("Total assets"), sh.money(bs.assets))
        yield ("", "", _("Total liabilities and equity"), sh.money(bs.liabilities + bs.equity))

    _out(ctx, bs, json_, csv_, ["section", "code", "name", "amount"], rows,
         lambda d: ((row["section"], row["code"], row["name"], row["amount"]) for row in d["rows"]),
         _("Balance sheet at {day}").format(day=_day(ctx, bs.at)))


@app.command("ledger")
def account_ledger(ctx: typer.Context, account: str, start: FromOpt = None, end: ToOpt = None,
                   period: PeriodOpt = None,
                   limit: Annotated[int, typer.Option("--limit", min=1, max=1000000)] = 5000,
                   json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """One account's postings with a running balance."""
    from boclerk.services.ledger.reports import account_ledger as svc

    first, last = period_span(start, end, period, default=None)
    r = run_read(ctx, svc, account, start=first, end=last, limit=limit)

    def rows(sh):
        yield ("", "", _("Opening balance"), "", "", "", sh.money(r.opening))
        for ln in r.lines:
            yield (sh.day(ln.entry_date), ln.number, ln.memo, ln.department or "", sh.money(ln.debit) if ln.debit else "",
                   sh.money(ln.credit) if ln.credit else "", sh.money(ln.balance))

    _out(ctx, r, json_, csv_, ["date", "entry", "memo", "dept", "debit", "credit", "balance"], rows,
         lambda d: ((ln["entry_date"], ln["number"], ln["memo"], ln["department"], ln["debit"], ln["credit"],
                     ln["balance"]) for ln in d["lines"]),
         f"{r.code} {r.name}")


@app.command("stock-valuation")
def stock_valuation(ctx: typer.Context, at: AtOpt = None, json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Stock per product and warehouse at a date, valued at moving-average cost."""
    from boclerk.services.ledger.reports import stock_valuation as svc

    r = run_lookup(ctx, svc, parse_date_opt(at, "--at"))
    _out(ctx, r, json_, csv_, ["sku", "name", "warehouse", "qty", "value"],
         lambda sh: ((row.sku, row.name, row.warehouse, row.qty, sh.money(row.value)) for row in r.rows),
         lambda d: ((row["sku"], row["name"], row["warehouse"], row["qty"], row["value"]) for row in d["rows"]),
         _("Stock valuation at {day}").format(day=_day(ctx, r.at)),
         footer=lambda sh: ("", _("Total (inventory account {amount})").format(amount=sh.money(r.inventory_account)), "", "",
                            sh.money(r.total)))


@app.command("vat")
def vat_report(ctx: typer.Context, start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None,
               json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Output VAT per sale document, input VAT per supplier bill, totals per rate, the net VAT and
    the VAT accounts' movement in the ledger for the period (this quarter unless told)."""
    from boclerk.services.ledger.vat_report import vat_report as svc

    r = run_read(ctx, svc, *period_span(start, end, period, default="quarter"))

    def rows(sh):
        for row in r.rows:
            yield (sh.day(row.day), _word(SIDES, row.side), row.what, row.counterparty, row.tax_id, row.rate,
                   sh.money(row.base), sh.money(row.vat))
        for t in r.totals:
            yield ("", _word(SIDES, t.side), _("total"), "", "", t.rate, sh.money(t.base), sh.money(t.vat))
        yield ("", "", _("output VAT"), "", "", "", "", sh.money(r.output_vat))
        yield ("", "", _("input VAT"), "", "", "", "", sh.money(r.input_vat))
        yield ("", "", _("net VAT"), "", "", "", "", sh.money(r.net_vat))
        yield ("", "", _("VAT accounts' movement"), ", ".join(r.other_entries), "", "", "", sh.money(r.ledger_net))

    _out(ctx, r, json_, csv_, ["date", "side", "document", "counterparty", "tax_id", "rate", "base", "vat"], rows,
         lambda d: ((x["day"], x["side"], x["document"] + (" return" if x["returned"] else ""), x["counterparty"],
                     x["tax_id"], x["rate"], x["base"], x["vat"]) for x in d["rows"]),
         _("VAT {start} .. {end}").format(start=_day(ctx, r.date_from), end=_day(ctx, r.date_to)))
