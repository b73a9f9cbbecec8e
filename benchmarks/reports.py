"""The books' reports at 10k and 1M orders, beside the floor ``python -c "import sqlmodel"``.

    python benchmarks/reports.py [--runs 5] [--pg [URL]]

Each report is a new process (``boclerk report ...``), run on the 10k- and the 1M-order demo
databases (built once in the benchmark folder; at schema 0012 the stock valuation reads the
per-day summary). Prints the median wall time, the ratio 1M/10k and each figure's ratio to
the floor measured in the same run. Targets: every report at 1M within 2x of its time at
10k; sales, stock valuation and P&L within 2x of the floor.

Then the reports' own work, in this process (the database opened once, each service timed
on its own, median of ``--runs``): what the summaries save, free of the start-up cost that
dominates the command line's figures.

With ``--pg`` the same on PostgreSQL: the demos copied there from the SQLite ones (``boclerk db
copy``), on a throwaway server this script starts, or on the server at URL.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date

from common import ensure_demo, ensure_pg_demo, pg_arg, pg_server, summary, wall

REPORTS = {
    "sales --by month": ["report", "sales", "--from", "2026-01-01", "--to", "2026-12-31", "--by", "month"],
    "stock-valuation": ["report", "stock-valuation"],
    "pnl (a year)": ["report", "pnl", "--from", "2026-01-01", "--to", "2026-12-31"],
    "trial-balance": ["report", "trial-balance"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    pg_arg(parser)
    args = parser.parse_args()
    with pg_server(args.pg) as server:
        demo = (lambda orders: ensure_pg_demo(server, orders)) if server else ensure_demo
        run(args, demo(10_000), demo(1_000_000))


def run(args, small, large) -> None:
    py = sys.executable
    floor, _ = summary(wall([py, "-c", "import sqlmodel"], args.runs))
    print(f"{args.runs} runs each, new process every time; median wall seconds")
    print(f'floor: python -c "import sqlmodel"  {floor:.3f}s')
    print(f"{'report':<20} {'10k':>8} {'1M':>8} {'1M/10k':>7} {'1M/floor':>9}")
    for label, cmd in REPORTS.items():
        t_small, _ = summary(wall([py, "-m", "boclerk", "--db", str(small), *cmd], args.runs))
        t_large, _ = summary(wall([py, "-m", "boclerk", "--db", str(large), *cmd], args.runs))
        print(f"{label:<20} {t_small:>7.3f}s {t_large:>7.3f}s {t_large / t_small:>6.2f}x {t_large / floor:>8.2f}x")
    floor_after, _ = summary(wall([py, "-c", "import sqlmodel"], args.runs))
    print(f'floor again at the end: {floor_after:.3f}s')
    print("targets: 1M within 2.00x of 10k; sales, stock-valuation, pnl within 2.00x of the floor")
    in_process(small, large, args.runs)


def in_process(small, large, runs: int) -> None:
    from boclerk.db.database import Database
    from boclerk.services.ledger.reports import (
        profit_and_loss,
        stock_valuation,
        trial_balance,
    )
    from boclerk.services.sales.report import sales_report
    from boclerk.settings import location_from

    year = (date(2026, 1, 1), date(2026, 12, 31))
    services = {"sales --by month": (sales_report, year, {"by": "month"}),
                "stock-valuation": (stock_valuation, (), {}),
                "pnl (a year)": (profit_and_loss, year, {}),
                "trial-balance": (trial_balance, (), {})}
    timings: dict[str, list[float]] = {}
    for path in (small, large):
        db = Database.open(location_from(str(path), "benchmark"))
        for label, (fn, args, kwargs) in services.items():
            times = []
            for _ in range(runs):
                with db.read(None, system=True) as uow:
                    started = time.perf_counter()
                    fn(uow, *args, **kwargs)
                    times.append(time.perf_counter() - started)
            timings.setdefault(label, []).append(statistics.median(times))
        db.close()
    print("in process (the report's own work), median ms:")
    print(f"{'report':<20} {'10k':>8} {'1M':>8} {'1M/10k':>7}")
    for label, (t_small, t_large) in timings.items():
        print(f"{label:<20} {t_small * 1000:>6.1f}ms {t_large * 1000:>6.1f}ms {t_large / t_small:>6.2f}x")


if __name__ == "__main__":
    main()
