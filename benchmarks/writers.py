"""Four writers against one: do business acts wait for each other, and is waiting fair?

Builds a throwaway database (500 goods with stock, 5,000 customers, imported from CSV as
benchmarks/import_orders.py does), then runs processes that each repeat a clerk's day for a
fixed time: create an order of 1 to 3 lines, confirm it, take the payment, ship it; every
fifth order is cancelled after confirming instead. Every act is one service call through
``db.run`` (its own unit of work), timed from the call to its return, waiting included.

First one process alone, then four at once. Prints acts per second of each, the ratio four
to one (target >= 1.5x), the slowest act and the 99th percentile (target: slowest < 0.5 s),
each writer's share and the spread of the shares (target within 1.5x), errors (target 0),
the CPU an act costs and how often per act a process gave the CPU up (to wait: for a place, the
turn, the disk) or had it taken (four processes on fewer cores), and runs ``db check`` at the
end (every invariant must hold).

    python benchmarks/writers.py                  # SQLite in a temporary directory
    python benchmarks/writers.py --seconds 20
    python benchmarks/writers.py --through-sqlalchemy   # apply statements through SQLAlchemy, to compare
    python benchmarks/writers.py --every-act      # also deliver each shipped order; every 7th comes back
                                                  # in part (a return), every 14th refunded by hand
    python benchmarks/writers.py --no-sync        # commits left unsynced: what the syncs cost (not durable)
    python benchmarks/writers.py --pg             # SQLite, then PostgreSQL on a throwaway server this script starts
    python benchmarks/writers.py --pg postgresql://postgres@127.0.0.1:5432/postgres

With ``--pg`` both databases are measured in the same run, SQLite first, and the ratio of
PostgreSQL's four writers to SQLite's four is printed (target >= 2x).

A script, not a test: it prints figures; its exit code says whether the books stayed sound.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["BOCLERK_CONFIG"] = os.devnull
os.environ.pop("BOCLERK_DB", None)

from common import pg_arg, pg_server
from import_orders import CUSTOMERS, master_files
from stocktake_post import throwaway_location

ACTS = ("create", "confirm", "pay", "ship", "cancel", "deliver", "return", "refund")


def writer(url: str, seed: int, start_at: float, seconds: float, out, planners: int | None = None,
           every_act: bool = False, sync: bool = True) -> None:
    """One clerk's process: acts until the time is up; sends back (name, act, seconds, error) for each.
    ``planners``: how many processes may plan at once (None: the code's own choice, one per core).
    ``every_act``: after shipping, deliver; every 7th order a return of one line's part, without a
    refund, then every other one of those the refund by hand. ``sync``: False leaves the commits
    unsynced (``--no-sync``, to compare)."""
    from boclerk.db import turns
    from boclerk.db.database import Database
    from boclerk.services.sales import orders as so
    from boclerk.services.sales.shipping import deliver_order, return_order, ship_order
    from boclerk.settings import location_from

    if planners is not None:
        turns.planner_places = lambda: planners
    db = Database.open(location_from(url, "benchmark"))
    held = _time_in_lock()
    rng = random.Random(seed)
    skus = [f"SKU-{i:05d}" for i in range(500)]
    log: list[tuple[str, float, str | None, float]] = []
    in_lock: dict[str, list[float]] = {}

    def act(name: str, fn, *args, **kwargs):
        t0, h0 = time.perf_counter(), held[0]
        try:
            result = db.run("admin", fn, *args, write=True, **kwargs)
            done = time.perf_counter()
            log.append((name, done - t0, None, done))
            return result
        except Exception as exc:  # noqa: BLE001 - counted and shown, the run goes on
            done = time.perf_counter()
            log.append((name, done - t0, f"{type(exc).__name__}: {exc}", done))
            return None
        finally:
            in_lock.setdefault(name, []).append(held[0] - h0)

    def cycle(n: int) -> None:
        lines = [so.LineInput(sku, rng.randint(1, 2)) for sku in rng.sample(skus, rng.randint(1, 3))]
        made = act("create", so.create_order, f"C{rng.randrange(CUSTOMERS):06d}", lines)
        if made is None:
            return
        number = made.number
        if act("confirm", so.confirm_order, number) is None:
            return
        if n % 5 == 0:
            act("cancel", so.cancel_order, number)
            return
        due = db.run("admin", lambda uow, no: so.amount_due(uow, so.order_by_number(uow, no)), number, write=False)
        if act("pay", so.pay_order, number, due) is None:
            return
        if act("ship", ship_order, number) is None or not every_act:
            return
        act("deliver", deliver_order, number)
        if n % 7 == 0:
            back = [(lines[0].sku, 1)]
            refund = n % 14 == 0
            act("return", return_order, number, back, refund=not refund)
            if refund:
                credit = db.run("admin", lambda uow, no: (lambda o: o.paid - o.invoiced)(so.order_by_number(uow, no)),
                                number, write=False)
                act("refund", so.refund_order, number, credit)

    cycle(1)  # warm up: the first acts of a process load the schema and fill caches
    log.clear()
    in_lock.clear()
    held[0] = 0.0
    if not sync:
        db.sync_each_unit = False  # commits not synced: to see what the syncs cost (not durable)
    while time.time() < start_at:
        time.sleep(0.001)
    before = resource.getrusage(resource.RUSAGE_SELF)
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        n += 1
        cycle(n)
    after = resource.getrusage(resource.RUSAGE_SELF)
    db.close()
    spent = sum(t for _, t, _, _ in log)
    # the acts done within the time, and the time this process held the write turn
    # the CPU this process spent and how often it gave the CPU up (waiting) or had it taken (preempted)
    used = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime,
            after.ru_nvcsw - before.ru_nvcsw, after.ru_nivcsw - before.ru_nivcsw, len(log))
    out.put(([entry for entry in log if entry[3] <= end], held[0], spent, in_lock, used))


def _time_in_lock() -> list[float]:
    """Count the time this process holds the write turn (SQLite: from its turn to handing it on)."""
    from boclerk.db.uow import UnitOfWork

    held = [0.0]
    take, give = UnitOfWork._take_turn, UnitOfWork._give_back_turn

    def taking(self) -> None:
        take(self)
        self._held_from = time.perf_counter() if self._turn is not None else None

    def giving(self) -> None:
        start = getattr(self, "_held_from", None)
        give(self)
        if start is not None:
            held[0] += time.perf_counter() - start
            self._held_from = None

    UnitOfWork._take_turn, UnitOfWork._give_back_turn = taking, giving
    return held


def run_writers(url: str, count: int, seconds: float, seed: int, planners: int | None = None,
                every_act: bool = False, sync: bool = True) -> tuple:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    start_at = time.time() + 6.0  # every process imported and connected before the clock starts
    procs = [ctx.Process(target=writer, args=(url, seed * 100 + i, start_at, seconds, queue, planners, every_act, sync))
             for i in range(count)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    logs = [log for log, *_ in results]
    held, spent = sum(r[1] for r in results), sum(r[2] for r in results)
    in_lock: dict[str, list[float]] = {}
    for r in results:
        for name, times in r[3].items():
            in_lock.setdefault(name, []).extend(times)
    cpu, waits, preempted, acts = (sum(r[4][k] for r in results) for k in range(4))
    return logs, seconds, held, spent, in_lock, (cpu, waits, preempted, acts)


def describe(label: str, logs: list[list], seconds: float, held: float = 0.0, spent: float = 0.0,
             in_lock: dict[str, list[float]] | None = None, used: tuple | None = None) -> dict:
    times = sorted(t for log in logs for _, t, _, _ in log)
    errors = [e for log in logs for _, _, e, _ in log if e]
    counts = [len(log) for log in logs]
    rate = sum(counts) / seconds
    slowest = max(((t, name) for log in logs for name, t, _, _ in log), default=(0.0, "-"))
    p99 = times[int(len(times) * 0.99) - 1] if times else 0.0
    by_act = {a: [t for log in logs for name, t, _, _ in log if name == a] for a in ACTS}
    print(f"  {label}: {sum(counts):6d} acts in {seconds:.0f} s = {rate:7.1f} acts/s;"
          f" median {statistics.median(times) * 1000:6.1f} ms, p99 {p99 * 1000:6.1f} ms,"
          f" slowest {slowest[0] * 1000:6.1f} ms ({slowest[1]}); errors {len(errors)}")
    print("      per act (median / slowest ms): " + ", ".join(
        f"{a} {statistics.median(v) * 1000:.1f}/{max(v) * 1000:.1f}" for a, v in by_act.items() if v))
    if spent:
        print(f"      time in the write lock: {held:.2f} s of {spent:.2f} s in acts ({held / spent:.0%})")
    if in_lock:
        print("      in the lock per act (median ms): " + ", ".join(
            f"{a} {statistics.median(in_lock[a]) * 1000:.1f}" for a in ACTS if in_lock.get(a)))
    if used and used[3]:
        cpu, waits, preempted, acts = used
        print(f"      CPU per act {cpu / acts * 1000:.2f} ms (the cycle's read of the amount due included); "
              f"per act the CPU given up {waits / acts:.1f} times (waiting), taken {preempted / acts:.1f} times")
    if len(counts) > 1:
        print(f"      shares: {', '.join(str(c) for c in counts)} acts (spread {max(counts) / max(min(counts), 1):.2f}x)")
    for e in dict.fromkeys(errors[:5]):
        print(f"      error: {e[:200]}")
    return {"rate": rate, "slowest": slowest[0], "spread": max(counts) / max(min(counts), 1), "errors": len(errors)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="how long each run lasts")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--planners", type=int, default=None,
                        help="how many writers may plan at once (default: the code's, one per core; a large "
                             "number lifts the limit, to compare)")
    parser.add_argument("--through-sqlalchemy", action="store_true",
                        help="send the apply units' statements through SQLAlchemy, not straight to the sqlite3 "
                             "cursor (boclerk/db/raw.py), to compare the two in the same minutes")
    parser.add_argument("--no-sync", action="store_true",
                        help="leave the commits unsynced, to see what the WAL syncs cost (not durable; not a figure to compare)")
    parser.add_argument("--every-act", action="store_true",
                        help="also deliver, take back and refund (not in the figures the README compares)")
    pg_arg(parser)
    args = parser.parse_args()
    if args.through_sqlalchemy:
        os.environ["BOCLERK_RAW_APPLY"] = "0"  # read by the writers' processes as they import boclerk.db.raw
    if not args.pg:
        result = measure(None, args)
        return 0 if result["ok"] else 1
    # PostgreSQL is compared with SQLite measured in the same run: SQLite first, then PostgreSQL
    lite = measure(None, args)
    with pg_server(args.pg) as server:
        pg = measure(server, args)
    print(f"  PostgreSQL {args.writers} writers / SQLite {args.writers} writers, same run: "
          f"{pg['many'] / lite['many']:.2f}x (target >= 2x); one writer each: "
          f"{pg['one'] / lite['one']:.2f}x")
    return 0 if lite["ok"] and pg["ok"] else 1


def measure(server: str | None, args) -> dict:
    """Build a throwaway database on ``server`` (None: SQLite), run one writer then many; print and return."""
    from datetime import UTC, datetime

    from boclerk.services.exchange.importing import import_file
    from boclerk.services.platform.checks import run_checks
    from boclerk.services.platform.setup import init_database

    rng = random.Random(args.seed)
    products, customers, stock, _ = master_files(rng)
    stock = stock.replace(b",1000,", b",100000,")  # enough on hand for every order of the run
    with throwaway_location(server) as location:
        db = init_database(location, admin="admin", company="Benchmark", currency="RUB", locale="ru",
                           clock=lambda: datetime.now(UTC))
        try:
            import_file(db, "admin", "products", products, what="products.csv")
            import_file(db, "admin", "customers", customers, what="customers.csv")
            import_file(db, "admin", "stock-count", stock, what="stock.csv")
        finally:
            db.close()
        url = location.url if not location.is_sqlite else str(location.path)
        backend = "PostgreSQL" if not location.is_sqlite else "SQLite"
        from boclerk.db.turns import planner_places

        places = args.planners if args.planners is not None else planner_places()
        how = (f"at most {places} planning at once; apply statements "
               f"{'through SQLAlchemy' if args.through_sqlalchemy else 'straight to sqlite3'}" if location.is_sqlite
               else "each act in one unit (row locks let writers overlap)")
        acts = "create, confirm, pay, ship" + (", deliver, return, refund" if args.every_act else "")
        print(f"writers on {backend}: {acts} (every fifth order cancelled instead), "
              f"{args.seconds:.0f} s a run; one process, then {args.writers}; {how}; "
              f"{'commits NOT synced; ' if args.no_sync else ''}"
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        sync = not args.no_sync
        one = describe("1 writer ", *run_writers(url, 1, args.seconds, args.seed, args.planners, args.every_act, sync))
        many = describe(f"{args.writers} writers",
                        *run_writers(url, args.writers, args.seconds, args.seed + 1, args.planners, args.every_act, sync))
        from boclerk.db.database import Database

        db = Database.open(location)
        try:
            report = run_checks(db, "admin")
        finally:
            db.close()
    ratio = many["rate"] / one["rate"]
    print(f"  {args.writers} writers / 1 writer: {ratio:.2f}x (target >= 1.5x)"
          f"; slowest act {many['slowest'] * 1000:.0f} ms (target < 500 ms)"
          f"; shares spread {many['spread']:.2f}x (target <= 1.5x); errors {many['errors'] + one['errors']} (target 0)")
    print(f"  db check: {'ok, every invariant holds' if report.ok else 'FAILED: ' + '; '.join(v.invariant for v in report.violations)}",
          flush=True)
    return {"one": one["rate"], "many": many["rate"],
            "ok": report.ok and not (many["errors"] + one["errors"])}

if __name__ == "__main__":
    sys.exit(main())
