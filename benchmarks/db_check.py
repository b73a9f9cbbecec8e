"""``boclerk db check --full`` and the check since the last clean check, on one database.

    python benchmarks/db_check.py [--orders 1000000] [--since-runs 2] [--no-full]
    python benchmarks/db_check.py --pg [--orders 10000]   # on a throwaway PostgreSQL server it starts
    python benchmarks/db_check.py --pg URL                # on the server at URL (its demos kept there)

Runs on the demo database of that size in the benchmark folder (BOCLERK_BENCH_DIR; give it a
copy of its own: a clean check writes its mark there, a write of a few bytes), or with ``--pg``
on a PostgreSQL demo (copied from the SQLite demo by ``boclerk db copy`` above 100k orders, with
a document store of its own). First the full check (which leaves the mark; ``--no-full`` skips
it when a mark is already there), then ``db check`` ``--since-runs`` times: each looks at what
changed since the mark (nothing here, so its figure is the check's fixed cost: the summaries
against the books' totals and the checks that always run whole), beside the floor
``python -c "import sqlmodel"`` measured in the same run. Target: under 15 s at 1M orders.
Prints wall seconds and ``uptime``'s load beside them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from common import DATA, ENV, ensure_demo, ensure_pg_demo, pg_arg, pg_server, query


def timed(cmd: list[str], env: dict) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - started, done.returncode


def _has_mark(db) -> bool:
    try:
        return query(db, "SELECT COUNT(*) FROM check_mark")[0] > 0
    except Exception:  # noqa: BLE001 (no such table: no mark)
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--since-runs", type=int, default=2)
    parser.add_argument("--no-full", action="store_true",
                        help="skip the full check when the database already holds a clean check's mark")
    pg_arg(parser)
    args = parser.parse_args()
    with pg_server(args.pg) as server:
        if server:
            db = ensure_pg_demo(server, args.orders)
            # the demo's own document store, as ensure_pg_demo made it
            env = {**ENV, "BOCLERK_CONFIG": str(DATA / f"pg-boclerk_demo_{args.orders}.toml")}
        else:
            db, env = ensure_demo(args.orders), ENV
        run(args, db, env)


def run(args, db, env: dict) -> None:
    base = [sys.executable, "-m", "boclerk", "--db", str(db), "db", "check"]
    floor, _code = timed([sys.executable, "-c", "import sqlmodel"], env)
    orders = query(db, "SELECT COUNT(*) FROM sales_order")[0]
    print(f"{db}: {orders:,} orders; load {os.getloadavg()[0]:.2f}; floor python -c \"import sqlmodel\" {floor:.3f}s")
    if args.no_full and _has_mark(db):
        print("db check --full            skipped: the database holds a clean check's mark")
    else:
        seconds, code = timed([*base, "--full"], env)
        print(f"db check --full            {seconds:7.1f}s  exit {code}  (load {os.getloadavg()[0]:.2f})")
        if code != 0:
            print("the full check found something: no mark is kept, the next check is a full one too")
    for _ in range(args.since_runs):
        seconds, code = timed(base, env)
        floor, _code = timed([sys.executable, "-c", "import sqlmodel"], env)
        print(f"db check (since the mark)  {seconds:7.1f}s  exit {code}  (load {os.getloadavg()[0]:.2f}; "
              f"floor {floor:.3f}s, {seconds / floor:.1f}x)")
    print("target: under 15 s at 1M orders")


if __name__ == "__main__":
    main()
