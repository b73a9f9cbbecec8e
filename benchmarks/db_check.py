"""``boclerk db check --full`` and the check since the last clean check, on one database.

    python benchmarks/db_check.py [--orders 1000000] [--since-runs 2]

Runs on the demo database of that size in the benchmark folder (BOCLERK_BENCH_DIR; give it a
copy of its own: a clean check writes its mark there, a write of a few bytes). First the full
check (which leaves the mark), then ``db check`` ``--since-runs`` times: each looks at what
changed since the mark (nothing here, so its figure is the check's fixed cost: the storage's
quick_check, the summaries against the books' totals, the checks that always run whole).
Target: under 15 s at 1M orders. Prints wall seconds and ``uptime``'s load beside them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from common import ensure_demo


def timed(cmd: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--since-runs", type=int, default=2)
    args = parser.parse_args()
    db = ensure_demo(args.orders)
    base = [sys.executable, "-m", "boclerk", "--db", str(db), "db", "check"]
    print(f"{db}: load {os.getloadavg()[0]:.2f}")
    seconds, code = timed([*base, "--full"])
    print(f"db check --full            {seconds:7.1f}s  exit {code}  (load {os.getloadavg()[0]:.2f})")
    if code != 0:
        print("the full check found something: no mark is kept, the next check is a full one too")
    for _ in range(args.since_runs):
        seconds, code = timed(base)
        print(f"db check (since the mark)  {seconds:7.1f}s  exit {code}  (load {os.getloadavg()[0]:.2f})")
    print("target: under 15 s at 1M orders")


if __name__ == "__main__":
    main()
