"""Quick lookups over SSH on a 1M-order database, beside the floor ``python -c "import sqlmodel"``.

    python benchmarks/lookups.py [--orders 1000000] [--runs 9]
    python benchmarks/lookups.py --pg --orders 10000   # on a throwaway PostgreSQL server it starts

Prints the wall time of ``boclerk show order N --json`` and ``boclerk find <customer email>``
(each a new process, as over SSH) and their ratio to the floor measured in the same run.
Target: within 1.3x of the floor.
"""

from __future__ import annotations

import argparse
import sys

from common import ensure_demo, ensure_pg_demo, pg_arg, pg_server, query, summary, wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    pg_arg(parser)
    args = parser.parse_args()
    with pg_server(args.pg) as server:
        run(args, ensure_pg_demo(server, args.orders) if server else ensure_demo(args.orders))


def run(args, db) -> None:
    total = query(db, "SELECT COUNT(*) FROM sales_order")[0]
    number = query(db, "SELECT number FROM sales_order WHERE id = ?", total // 2)[0]
    email = query(db, "SELECT c.email FROM customer c JOIN sales_order o ON o.customer_id = c.id "
                      "WHERE o.id = ?", total // 3)[0]
    py = sys.executable
    floor = wall([py, "-c", "import sqlmodel"], args.runs)
    show = wall([py, "-m", "boclerk", "--db", str(db), "show", "order", number, "--json"], args.runs)
    find = wall([py, "-m", "boclerk", "--db", str(db), "find", email], args.runs)
    f_med, f_min = summary(floor)
    print(f"database: {db} ({total:,} orders); {args.runs} runs each, new process every time")
    print(f"{'':<42} {'median':>8} {'min':>8} {'ratio':>7}")
    label = 'floor: python -c "import sqlmodel"'
    print(f"{label:<42} {f_med:>7.3f}s {f_min:>7.3f}s {1:>6.2f}x")
    for label, times in ((f"boclerk show order {number} --json", show), (f"boclerk find {email}", find)):
        med, low = summary(times)
        print(f"{label[:42]:<42} {med:>7.3f}s {low:>7.3f}s {med / f_med:>6.2f}x")
    print("target: within 1.30x of the floor")


if __name__ == "__main__":
    main()
