"""The service report and the late queue at 10k and 1M orders, beside the floor ``python -c "import sqlmodel"``.

    python benchmarks/service_report.py [--sizes 10000 1000000] [--runs 5]

The demo's bulk orders are inserted without an audit event each (one event says they were
loaded), so the demo databases alone would time a report over a few hundred orders. This
script therefore times a copy of each demo database, ``demo-N-audited.db`` beside it, in which
every bulk order also has the audit events its steps would have left (confirmed, paid,
shipped, delivered, at made-up but plausible working-time offsets): about four events per
order, four million at 1M. The copy's audit chain is not a real one (its hashes are
placeholders): it is a database to time, not a shop to check.

Prints the wall time of ``boclerk report service --from --to --json`` for the last month of the
data (with its three months before, for the trend), the same ``--no-trend``, ``--by person``, and
``boclerk queue --late --json``, each a new process, and their ratio to the floor measured in the
same run. The report reads the workflow steps kept in ``service_step`` (and the closed months'
histograms in ``service_month``); the first report after the copy is made keeps them all from
the audit trail once (``boclerk service steps``, timed once and printed apart), the runs after
that find nothing new or one new act's worth. ``--rebuild`` times keeping them all again.
Target: the report at 1M within 2 s.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from common import DATA, ensure_demo, summary, wall

ACTORS = "CASE o.id % 3 WHEN 0 THEN 'anna' WHEN 1 THEN 'olga' ELSE 'ivan' END"
#: (action, instant as minutes after the order came in, which orders)
EVENTS = (
    ("order.confirm", "(o.id * 7) % 240 + 5", "o.status NOT IN ('draft', 'cancelled')"),
    ("order.pay", "(o.id * 13) % 900 + 30", "o.paid > 0"),
    ("order.ship", "1440 + (o.id * 17) % 2880", "o.status IN ('shipped', 'delivered')"),
    ("order.deliver", "4320 + (o.id * 19) % 4320 + (o.id * 17) % 2880", "o.status = 'delivered'"),
)


def audited(orders: int) -> Path:
    """A copy of the demo with every bulk order's steps in the audit trail (made once)."""
    base = ensure_demo(orders)
    path = DATA / f"demo-{orders}-audited.db"
    if path.exists():
        return path
    print(f"making {path} (once) ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    subprocess.run(["cp", "--sparse=always", str(base), str(tmp)], check=True)
    from boclerk.db.database import Database
    from boclerk.db.migrate import upgrade
    from boclerk.settings import location_from

    db = Database.open(location_from(str(tmp), "bench"), check_revision=False)
    upgrade(db.engine)
    db.engine.dispose()
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    seq = con.execute("SELECT MAX(seq) FROM audit_event").fetchone()[0] or 0
    con.execute("CREATE TEMP TABLE bulk (id INTEGER PRIMARY KEY)")  # keyed: joined to a million orders
    con.execute("INSERT INTO bulk SELECT o.id FROM sales_order o WHERE NOT EXISTS "
                "(SELECT 1 FROM audit_event a WHERE a.entity = 'order' AND a.entity_id = o.number)")
    for k, (action, minutes, which) in enumerate(EVENTS):
        con.execute(f"""
            INSERT INTO audit_event (at, actor, action, entity, entity_id, before, after, seq, prev_hash, hash)
            SELECT datetime(o.created_at, '+' || ({minutes}) || ' minutes') || '.000000', {ACTORS}, '{action}',
                   'order', o.number, NULL, NULL, {seq + 1} + o.id * 4 + {k}, 'bench', 'bench'
            FROM sales_order o JOIN bulk b ON b.id = o.id WHERE {which} ORDER BY o.id""")
        con.commit()
        print(f"  {action} events added", file=sys.stderr, flush=True)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.move(tmp, path)
    print(f"  made in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="Time keeping every step again from the audit trail.")
    args = parser.parse_args()
    py = sys.executable
    floor = wall([py, "-c", "import sqlmodel"], args.runs)
    f_med, f_min = summary(floor)
    print(f"{args.runs} runs each, new process every time")
    print(f"{'':<58} {'median':>8} {'min':>8} {'ratio':>7}")
    label = 'floor: python -c "import sqlmodel"'
    print(f"{label:<58} {f_med:>7.3f}s {f_min:>7.3f}s {1:>6.2f}x")
    for n in args.sizes:
        db = audited(n)
        con = sqlite3.connect(db)
        orders = con.execute("SELECT COUNT(*) FROM sales_order").fetchone()[0]
        events = con.execute("SELECT MAX(id) FROM audit_event").fetchone()[0]
        last = con.execute("SELECT MAX(order_date) FROM sales_order").fetchone()[0]
        con.close()
        first = last[:8] + "01"
        print(f"{db.name}: {orders:,} orders, {events:,} audit events; period {first} .. {last}")
        base = [py, "-m", "boclerk", "--db", str(db)]
        subprocess.run(base + ["db", "upgrade"], check=True, capture_output=True)
        steps = base + ["service", "steps"] + (["--rebuild"] if args.rebuild else [])
        took = wall(steps, 1)[0]
        print(f"  {'keep the steps (service steps' + (' --rebuild' if args.rebuild else '') + ')':<56} {took:>7.3f}s")
        for label, cmd in (
            ("report service --json", ["report", "service", "--from", first, "--to", last, "--json"]),
            ("report service --no-trend --json", ["report", "service", "--from", first, "--to", last,
                                                  "--no-trend", "--json"]),
            ("report service --by person --json", ["report", "service", "--from", first, "--to", last,
                                                   "--by", "person", "--json"]),
            ("queue --late --json", ["queue", "--late", "--json"]),
        ):
            med, low = summary(wall(base + cmd, args.runs))
            print(f"  {label:<56} {med:>7.3f}s {low:>7.3f}s {med / f_med:>6.2f}x")
    print("target: the report at 1M within 2 s")


if __name__ == "__main__":
    main()
