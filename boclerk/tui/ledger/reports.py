"""The books' reports on screen: trial balance, profit and loss (by department), balance sheet, VAT.

Each report is a page of rows (a chart of accounts is short), so a plain table whose columns
collapse on a narrow terminal does; the totals sit on a line of their own below it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from boclerk.dates import format_day
from boclerk.domain.ledger_words import account_type
from boclerk.i18n import N_, _, pgettext
from boclerk.tui.base import AreaScreen, today
from boclerk.tui.ledger.parts import AboveJournal, GridTable, ask_date, ask_period
from boclerk.tui.paged import Column

TB_COLUMNS = [Column("code", N_("Account"), 8, 1), Column("name", N_("Name"), 30, 1), Column("type", N_("Type"), 9, 3),
              Column("debit", N_("Debit"), 15, 1, right=True), Column("credit", N_("Credit"), 15, 1, right=True)]
PNL_COLUMNS = [Column("code", N_("Account"), 8, 1), Column("name", N_("Name"), 30, 1),
               Column("department", N_("Dept"), 7, 2), Column("amount", N_("Amount"), 15, 1, right=True)]
BS_COLUMNS = [Column("code", N_("Account"), 8, 1), Column("name", N_("Name"), 34, 1),
              Column("amount", N_("Amount"), 15, 1, right=True)]

VAT_COLUMNS = [Column("day", N_("Date"), 10, 2), Column("document", N_("Document"), 18, 1),
               Column("counterparty", N_("Party"), 20, 3), Column("tax_id", N_("Tax id"), 12, 4),
               Column("rate", N_("Rate"), 7, 1), Column("base", N_("Base"), 14, 2, right=True),
               Column("vat", N_("VAT"), 13, 1, right=True)]

TITLES = {"trial_balance": N_("Trial balance"), "pnl": N_("Profit and loss"), "balance_sheet": N_("Balance sheet"),
          "vat": N_("VAT report")}
SECTIONS = {"assets": N_("Assets"), "liabilities": N_("Liabilities"), "equity": N_("Equity")}
SECTION_TOTALS = {"assets": N_("Total assets"), "liabilities": N_("Total liabilities"), "equity": N_("Total equity")}
VAT_SIDES = {"output": N_("output total"), "input": N_("input total")}
PERIODS = ("pnl", "vat")


class ReportScreen(AboveJournal, AreaScreen):
    """One of the three reports, for a date (trial balance, balance sheet) or a period (P&L)."""

    TITLE = N_("Ledger reports")
    AUTO_FOCUS = "#report-table"
    HELP = N_("The books' reports. t: trial balance (every account's balance at a date; its debit and credit "
            "totals must be equal), p: profit and loss for a period (d splits it by department), b: balance "
            "sheet at a date, v: the VAT report for a period (output VAT per sale, input VAT per bill, "
            "totals per rate, and the VAT accounts' movement it must equal). f chooses the date or the period (a "
            "month, quarter or year typed at once: 2026-11, 2026-Q4, 2026). Enter on an account opens its ledger with a "
            "running balance. Esc goes back to the journal.")
    BINDINGS = [
        Binding("t", "kind('trial_balance')", N_("Trial bal."), id="ledger.trial_balance"),
        Binding("p", "kind('pnl')", N_("P&L"), id="ledger.pnl"),
        Binding("b", "kind('balance_sheet')", N_("Bal. sheet"), id="ledger.balance_sheet"),
        Binding("v", "kind('vat')", N_("VAT"), id="ledger.vat_report"),
        Binding("f", "period", N_("Date/period"), id="ledger.report_period"),
        Binding("d", "by_department", N_("By dept"), id="ledger.by_department"),
        Binding("enter", "open_account", N_("Account ledger"), show=False, id="ledger.open_account"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]
    DEFAULT_CSS = """
    ReportScreen #report-title { height: 1; padding: 0 1; text-style: bold; }
    ReportScreen #report-table { height: 1fr; }
    ReportScreen #report-totals { height: auto; padding: 0 1; text-style: bold; }
    """

    def __init__(self, kind: str = "trial_balance", *, at: date | None = None, start: date | None = None,
                 end: date | None = None, by_department: bool = False) -> None:
        super().__init__()
        self.kind, self.by_department = kind, by_department
        self.at, self.start, self.end = at, start, end

    def body(self) -> ComposeResult:
        with Vertical(classes="area-body"):
            yield Static("", id="report-title")
            yield GridTable(TB_COLUMNS, id="report-table", stretch="name", snug=("code",))
            yield Static("", id="report-totals")

    def on_mount(self) -> None:
        day = today(self.app)
        self.at = self.at or day
        self.end = self.end or day
        self.start = self.start or day.replace(day=1)
        self.load()

    def offered(self, action: str) -> bool | None:
        if action == "by_department":
            return self.kind == "pnl"
        return True

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        from boclerk.services.ledger import reports

        self.query_one("#report-title", Static).update(f"{_(TITLES[self.kind])}  {self.describe()}  " + _("(loading…)"))
        if self.kind == "trial_balance":
            self.read(reports.trial_balance, self.at, then=self.show_trial_balance)
        elif self.kind == "pnl":
            self.read(reports.profit_and_loss, self.start, self.end, by_department=self.by_department,
                      then=self.show_pnl)
        elif self.kind == "vat":
            from boclerk.services.ledger.vat_report import vat_report

            self.read(vat_report, self.start, self.end, then=self.show_vat)
        else:
            self.read(reports.balance_sheet, self.at, then=self.show_balance_sheet)
        self.refresh_bindings()

    def describe(self) -> str:
        if self.kind in PERIODS:
            day = lambda d: format_day(d, self.app.locale)  # noqa: E731
            return _("{start} to {end}").format(start=day(self.start), end=day(self.end)) + (
                _("  by department") if self.by_department else "")
        return _("at {day}").format(day=format_day(self.at, self.app.locale))

    def _title(self) -> None:
        self.query_one("#report-title", Static).update(f"{_(TITLES[self.kind])}  {self.describe()}")

    def _amount(self, minor: int, *, blank_zero: bool = True) -> str:
        return "" if blank_zero and minor == 0 else self.money(minor)

    def show_trial_balance(self, tb) -> None:
        rows = [{"_key": r.code, "code": r.code, "name": r.name, "type": account_type(r.type),
                 "debit": self._amount(r.debit), "credit": self._amount(r.credit)} for r in tb.rows]
        rows.append({"_style": "bold", "name": pgettext("sum row", "Total"), "debit": self.money(tb.total_debit),
                     "credit": self.money(tb.total_credit)})
        self.query_one(GridTable).show(rows, TB_COLUMNS, cursor=0)
        verdict = _("balanced") if tb.total_debit == tb.total_credit else _("DOES NOT BALANCE")
        self.query_one("#report-totals", Static).update(
            _("Total debit {debit}  Total credit {credit}  {verdict}").format(
                debit=self.money(tb.total_debit), credit=self.money(tb.total_credit), verdict=verdict))
        self._title()

    def show_pnl(self, pnl) -> None:
        rows: list[dict[str, Any]] = []
        for kind, label, total_label, total in (("income", _("Income"), _("Total income"), pnl.income),
                                                 ("expense", _("Expenses"), _("Total expenses"), pnl.expense)):
            rows.append({"_style": "bold", "name": label})
            rows += [{"_key": r.code, "code": r.code, "name": r.name, "department": r.department or "",
                      "amount": self.money(r.amount)} for r in pnl.rows if r.type == kind]
            rows.append({"_style": "bold", "name": total_label, "amount": self.money(total)})
        rows.append({"_style": "bold", "name": _("Profit") if pnl.profit >= 0 else _("Loss"),
                     "amount": self.money(pnl.profit)})
        if pnl.by_department:
            rows.append({"_style": "bold", "name": _("Result by department (income less expenses)")})
            rows += [{"name": f"{self.money(res.income)} - {self.money(res.expense)}",
                      "department": dept, "amount": self.money(res.profit)} for dept, res in pnl.departments.items()]
        columns = PNL_COLUMNS if pnl.by_department else [c for c in PNL_COLUMNS if c.key != "department"]
        self.query_one(GridTable).show(rows, columns, cursor=0)
        result = _("Profit") if pnl.profit >= 0 else _("Loss")
        self.query_one("#report-totals", Static).update(
            _("Income {income}  Expenses {expense}  {result} {amount}").format(
                income=self.money(pnl.income), expense=self.money(pnl.expense), result=result,
                amount=self.money(pnl.profit)))
        self._title()

    def show_vat(self, r) -> None:
        rows: list[dict[str, Any]] = [
            {"day": self.day(x.day), "document": x.what, "counterparty": x.counterparty, "tax_id": x.tax_id,
             "rate": x.rate, "base": self.money(x.base), "vat": self.money(x.vat),
             "_style": "" if x.side == "output" else "dim"} for x in r.rows]
        rows += [{"_style": "bold", "document": _(VAT_SIDES.get(t.side, t.side)), "rate": t.rate,
                  "base": self.money(t.base),
                  "vat": self.money(t.vat)} for t in r.totals]
        self.query_one(GridTable).show(rows, VAT_COLUMNS, cursor=0)
        agrees = _("agrees") if r.net_vat == r.ledger_net else _("differs: {entries}").format(
            entries=", ".join(r.other_entries))
        self.query_one("#report-totals", Static).update(
            _("Output {output}  Input {input}  Net {net}  VAT accounts {ledger} ({agrees})").format(
                output=self.money(r.output_vat), input=self.money(r.input_vat), net=self.money(r.net_vat),
                ledger=self.money(r.ledger_net), agrees=agrees))
        self._title()

    def show_balance_sheet(self, bs) -> None:
        rows: list[dict[str, Any]] = []
        totals = {"assets": bs.assets, "liabilities": bs.liabilities, "equity": bs.equity}
        for section in ("assets", "liabilities", "equity"):
            rows.append({"_style": "bold", "name": _(SECTIONS[section])})
            rows += [{"_key": r.code, "code": r.code, "name": r.name, "amount": self.money(r.amount)}
                     for r in bs.rows if r.section == section]
            if section == "equity":
                rows.append({"name": _("Earnings not yet closed"), "amount": self.money(bs.earnings)})
            rows.append({"_style": "bold", "name": _(SECTION_TOTALS[section]), "amount": self.money(totals[section])})
        self.query_one(GridTable).show(rows, BS_COLUMNS, cursor=0)
        other = bs.liabilities + bs.equity
        verdict = _("balanced") if bs.assets == other else _("DOES NOT BALANCE")
        self.query_one("#report-totals", Static).update(
            _("Assets {assets}  Liabilities + equity {other}  {verdict}").format(
                assets=self.money(bs.assets), other=self.money(other), verdict=verdict))
        self._title()

    # -- acts -------------------------------------------------------------------------------------
    def action_kind(self, kind: str) -> None:
        self.kind = kind
        self.load()

    def action_trial_balance(self) -> None:
        self.action_kind("trial_balance")

    def action_pnl(self) -> None:
        self.action_kind("pnl")

    def action_balance_sheet(self) -> None:
        self.action_kind("balance_sheet")

    def action_vat_report(self) -> None:
        self.action_kind("vat")

    def action_by_department(self) -> None:
        self.by_department = not self.by_department
        self.load()

    def action_period(self) -> None:
        if self.kind in PERIODS:
            def chosen(start: date | None, end: date) -> None:
                self.start, self.end = start or self.start, end
                self.load()

            ask_period(self, _("{report} for the period").format(report=_(TITLES[self.kind])), self.start, self.end,
                       chosen)
        else:
            def at(day: date) -> None:
                self.at = day
                self.load()

            ask_date(self, _("{report} at the end of").format(report=_(TITLES[self.kind])), self.at, at)

    def action_open_account(self) -> None:
        row = self.query_one(GridTable).current
        if not row or not row.get("_key"):
            return
        from boclerk.tui.ledger.accounts import AccountLedgerScreen

        if self.kind == "pnl":
            self.app.push_screen(AccountLedgerScreen(row["_key"], start=self.start, end=self.end))
        else:
            self.app.push_screen(AccountLedgerScreen(row["_key"], start=self.at.replace(day=1), end=self.at))

    def on_data_table_row_selected(self, event) -> None:
        self.action_open_account()
