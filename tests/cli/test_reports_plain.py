"""The summary-reading reports (sales by day, month or channel, stock valuation, P&L, trial
balance, balance sheet) read a SQLite database with sqlite3 alone.

Each runs in a fresh interpreter, as from a shell, and must leave SQLAlchemy and SQLModel
unloaded; what it prints (JSON, and the table) is what the same command prints when the
database is already open through the ORM's unit of work.
"""

from __future__ import annotations

import json
import subprocess
import sys

from boclerk.db.database import Database
from boclerk.services.ledger.reports import profit_and_loss, stock_valuation
from boclerk.services.sales.report import sales_report
from tests.cli.test_lookups_plain import RUN
from tests.services.trade_helpers import act, confirmed, shop, today

ORM_RUN = (
    "import json, sys\n"
    "from boclerk.services.platform import identity\n"
    "identity.os_user_name = lambda *_: 'viewer'\n"
    "from boclerk.cli import common\n"
    "common.State.reader = common.State.database  # the ORM's unit of work, as on PostgreSQL\n"
    "from boclerk.cli.main import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    code = exc.code\n"
    "loaded = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'textual') if m in sys.modules)\n"
    "print(json.dumps(loaded), file=sys.stderr)\n"
)
ENV = {"BOCLERK_CONFIG": "/dev/null", "PATH": "/usr/bin:/bin", "COLUMNS": "120"}


def _fresh(code: str, db_path, *args: str) -> tuple[str, list[str]]:
    out = subprocess.run([sys.executable, "-c", code, "--db", str(db_path), *args], capture_output=True, text=True,
                         env=ENV, check=True)
    return out.stdout, json.loads(out.stderr.strip().splitlines()[-1])


def _books(location) -> tuple[str, str]:
    """A shop with shipped orders, a return and a partial shipment: (first day, last day)."""
    from boclerk.services.sales.shipping import return_order, ship_order

    db = Database.open(location)
    try:
        shop(db)
        shipped = confirmed(db, "ANNA", ("MUG", 3), ("LAMP", 1))
        act(db, "wh", ship_order, shipped)
        act(db, "wh", return_order, shipped, [("MUG", 1)])
        partial = confirmed(db, "ANNA", ("MUG", 2))
        act(db, "wh", ship_order, partial, [("MUG", 1)])
        day = today(db)
        year = day.replace(month=1, day=1)
        report = db.run("viewer", sales_report, year, day, by="month", write=False)
        assert report.rows and report.orders >= 1  # the comparison below is of something
        assert db.run("viewer", stock_valuation, write=False).rows
        assert db.run("viewer", profit_and_loss, year, day, write=False).rows
    finally:
        db.close()
    return year.isoformat(), day.isoformat()


def test_summary_reports_load_no_sqlalchemy_and_print_what_the_orm_path_prints(sqlite_location):
    start, end = _books(sqlite_location)
    reports = [
        ["report", "sales", "--from", start, "--to", end, "--by", "month"],
        ["report", "sales", "--from", start, "--to", end, "--by", "day"],
        ["report", "sales", "--from", start, "--to", end, "--by", "channel"],
        ["report", "stock-valuation"],
        ["report", "stock-valuation", "--at", end],
        ["report", "pnl", "--from", start, "--to", end],
        ["report", "pnl", "--from", end, "--to", end],  # a part of a month: read from the postings
        ["report", "trial-balance"],
        ["report", "balance-sheet"],
    ]
    for cmd in reports:
        for form in (["--json"], ["--csv"], []):
            out, loaded = _fresh(RUN, sqlite_location.path, *cmd, *form)
            assert [m for m in loaded if m != "rich"] == [], (cmd, form)  # tables are rich's, as before
            orm_out, orm_loaded = _fresh(ORM_RUN, sqlite_location.path, *cmd, *form)
            assert "sqlalchemy" in orm_loaded, cmd  # the comparison is with the other path
            assert out == orm_out, (cmd, form)
            assert out.strip(), (cmd, form)


def test_sales_by_product_still_reads_the_orders(sqlite_location):
    start, end = _books(sqlite_location)
    out, loaded = _fresh(RUN, sqlite_location.path, "report", "sales", "--from", start, "--to", end, "--by",
                         "product", "--json")
    assert "sqlalchemy" in loaded
    assert {row["key"] for row in json.loads(out)["rows"]} == {"MUG", "LAMP"}


def test_a_plain_report_keeps_the_rules(sqlite_location):
    """An unknown OS user and a database at another revision are refused as on the ORM path."""
    import sqlite3

    _books(sqlite_location)
    code = RUN.replace("'viewer'", "'nobody'")
    out = subprocess.run([sys.executable, "-c", code, "--db", str(sqlite_location.path), "report", "trial-balance"],
                         capture_output=True, text=True, env=ENV, check=False)
    assert "The OS user 'nobody' has no boclerk account" in out.stderr
    con = sqlite3.connect(sqlite_location.path)
    con.execute("UPDATE alembic_version SET version_num = '0011'")
    con.commit()
    con.close()
    out = subprocess.run([sys.executable, "-c", RUN, "--db", str(sqlite_location.path), "report", "pnl", "--from",
                          "2026-01-01", "--to", "2026-12-31"], capture_output=True, text=True, env=ENV, check=False)
    assert f"run: boclerk --db {sqlite_location.path} db upgrade" in out.stderr
