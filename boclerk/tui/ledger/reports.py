"""The books' reports on screen: trial balance, profit and loss (by department), balance sheet.

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

from boclerk.tui.base import AreaScreen, today
from boclerk.tui.ledger.parts import AboveJournal, GridTable, ask_date, ask_period
from boclerk.tui.paged import Column

TB_COLUMNS = [Column("code", "Account", 8, 1), Column("name", "Name", 30, 1), Column("type", "Type", 9, 3),
              Column("debit", "Debit", 15, 1, right=True), Column("credit", "Credit", 15, 1, right=True)]
PNL_COLUMNS = [Column("code", "Account", 8, 1), Column("name", "Name", 30, 1), Column("department", "Dept", 7, 2),
               Column("amount", "Amount", 15, 1, right=True)]
BS_COLUMNS = [Column("code", "Account", 8, 1), Column("name", "Name", 34, 1),
              Column("amount", "Amount", 15, 1, right=True)]

TITLES = {"trial_balance": "Trial balance", "pnl": "Profit and loss", "balance_sheet": "Balance sheet"}


class ReportScreen(AboveJournal, AreaScreen):
    """One of the three reports, for a date (trial balance, balance sheet) or a period (P&L)."""

    TITLE = "Ledger reports"
    AUTO_FOCUS = "#report-table"
    HELP = ("The books' reports. t: trial balance (every account's balance at a date; its debit and credit "
            "totals must be equal), p: profit and loss for a period (d splits it by department), b: balance "
            "sheet at a date. f chooses the date or the period. Enter on an account opens its ledger with a "
            "running balance. Esc goes back to the journal.")
    BINDINGS = [
        Binding("t", "kind('trial_balance')", "Trial bal.", id="ledger.trial_balance"),
        Binding("p", "kind('pnl')", "P&L", id="ledger.pnl"),
        Binding("b", "kind('balance_sheet')", "Bal. sheet", id="ledger.balance_sheet"),
        Binding("f", "period", "Date/period", id="ledger.report_period"),
        Binding("d", "by_department", "By dept", id="ledger.by_department"),
        Binding("enter", "open_account", "Account ledger", show=False, id="ledger.open_account"),
        Binding("escape", "back", "Back", id="screen.back"),
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
            yield GridTable(TB_COLUMNS, id="report-table")
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

        self.query_one("#report-title", Static).update(f"{TITLES[self.kind]}  {self.describe()}  (loading…)")
        if self.kind == "trial_balance":
            self.read(reports.trial_balance, self.at, then=self.show_trial_balance)
        elif self.kind == "pnl":
            self.read(reports.profit_and_loss, self.start, self.end, by_department=self.by_department,
                      then=self.show_pnl)
        else:
            self.read(reports.balance_sheet, self.at, then=self.show_balance_sheet)
        self.refresh_bindings()

    def describe(self) -> str:
        if self.kind == "pnl":
            return f"{self.start} to {self.end}" + ("  by department" if self.by_department else "")
        return f"at {self.at}"

    def _title(self) -> None:
        self.query_one("#report-title", Static).update(f"{TITLES[self.kind]}  {self.describe()}")

    def _amount(self, minor: int, *, blank_zero: bool = True) -> str:
        return "" if blank_zero and minor == 0 else self.money(minor)

    def show_trial_balance(self, tb) -> None:
        rows = [{"_key": r.code, "code": r.code, "name": r.name, "type": r.type, "debit": self._amount(r.debit),
                 "credit": self._amount(r.credit)} for r in tb.rows]
        rows.append({"_style": "bold", "name": "Total", "debit": self.money(tb.total_debit),
                     "credit": self.money(tb.total_credit)})
        self.query_one(GridTable).show(rows, TB_COLUMNS, cursor=0)
        verdict = "balanced" if tb.total_debit == tb.total_credit else "DOES NOT BALANCE"
        self.query_one("#report-totals", Static).update(
            f"Total debit {self.money(tb.total_debit)}  Total credit {self.money(tb.total_credit)}  {verdict}")
        self._title()

    def show_pnl(self, pnl) -> None:
        rows: list[dict[str, Any]] = []
        for kind, label, total in (("income", "Income", pnl.income), ("expense", "Expenses", pnl.expense)):
            rows.append({"_style": "bold", "name": label})
            rows += [{"_key": r.code, "code": r.code, "name": r.name, "department": r.department or "",
                      "amount": self.money(r.amount)} for r in pnl.rows if r.type == kind]
            rows.append({"_style": "bold", "name": f"Total {label.lower()}", "amount": self.money(total)})
        rows.append({"_style": "bold", "name": "Profit" if pnl.profit >= 0 else "Loss",
                     "amount": self.money(pnl.profit)})
        if pnl.by_department:
            rows.append({"_style": "bold", "name": "Result by department (income less expenses)"})
            rows += [{"name": f"{self.money(res.income)} - {self.money(res.expense)}",
                      "department": dept, "amount": self.money(res.profit)} for dept, res in pnl.departments.items()]
        columns = PNL_COLUMNS if pnl.by_department else [c for c in PNL_COLUMNS if c.key != "department"]
        self.query_one(GridTable).show(rows, columns, cursor=0)
        result = "Profit" if pnl.profit >= 0 else "Loss"
        self.query_one("#report-totals", Static).update(
            f"Income {self.money(pnl.income)}  Expenses {self.money(pnl.expense)}  {result} {self.money(pnl.profit)}")
        self._title()

    def show_balance_sheet(self, bs) -> None:
        rows: list[dict[str, Any]] = []
        totals = {"assets": bs.assets, "liabilities": bs.liabilities, "equity": bs.equity}
        for section in ("assets", "liabilities", "equity"):
            rows.append({"_style": "bold", "name": section.capitalize()})
            rows += [{"_key": r.code, "code": r.code, "name": r.name, "amount": self.money(r.amount)}
                     for r in bs.rows if r.section == section]
            if section == "equity":
                rows.append({"name": "Earnings not yet closed", "amount": self.money(bs.earnings)})
            rows.append({"_style": "bold", "name": f"Total {section}", "amount": self.money(totals[section])})
        self.query_one(GridTable).show(rows, BS_COLUMNS, cursor=0)
        other = bs.liabilities + bs.equity
        verdict = "balanced" if bs.assets == other else "DOES NOT BALANCE"
        self.query_one("#report-totals", Static).update(
            f"Assets {self.money(bs.assets)}  Liabilities + equity {self.money(other)}  {verdict}")
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

    def action_by_department(self) -> None:
        self.by_department = not self.by_department
        self.load()

    def action_period(self) -> None:
        if self.kind == "pnl":
            def chosen(start: date | None, end: date) -> None:
                self.start, self.end = start, end
                self.load()

            ask_period(self, "Profit and loss for the period", self.start, self.end, chosen)
        else:
            def at(day: date) -> None:
                self.at = day
                self.load()

            ask_date(self, f"{TITLES[self.kind]} at the end of", self.at, at)

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
