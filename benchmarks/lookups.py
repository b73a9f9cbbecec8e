"""Quick lookups over SSH at 10k and 1M orders, beside the floor ``python -c "import typer"``.

    python benchmarks/lookups.py [--orders 10000 1000000] [--runs 9]
    python benchmarks/lookups.py --pg --orders 10000   # on a throwaway PostgreSQL server it starts

Prints the wall time of ``boclerk show order N --json``, ``boclerk show order N``, ``boclerk
find <customer email>``, ``boclerk show customer CODE``, and ``boclerk show`` of a product (its
stock and last moves), a purchase order, a supplier bill, a journal entry, a document (the
demo's bank statement), a supply request, an item of equipment and a contract, text and
``--json``, and ``boclerk company show`` (text and ``--json``) (each a new process, as over SSH; output not a terminal) on the demo
databases of each size, and their ratio to the floors measured in the same rounds:
``python -c "import typer"`` (the target: the lookups load neither SQLAlchemy nor SQLModel, nor
typer itself) and ``python -c "import sqlmodel"``; with ``--pg`` also ``python -c "import psycopg"``
(what the lookups spare by reading through libpq itself, boclerk/db/libpq.py), and which reader
they used. Target: within 1.5x of ``import typer``, the same at both sizes.
"""

from __future__ import annotations

import argparse
import sys

from common import ensure_demo, ensure_pg_demo, pg_arg, pg_server, query


def _probe(db) -> tuple[int, str, str, str]:
    total = query(db, "SELECT COUNT(*) FROM sales_order")[0]
    number = query(db, "SELECT number FROM sales_order WHERE id = ?", total // 2)[0]
    email, code = query(db, "SELECT c.email, c.code FROM customer c JOIN sales_order o ON o.customer_id = c.id "
                            "WHERE o.id = ?", total // 3)
    return total, number, email, code


def _records(db) -> list[tuple[str, str]]:
    """(kind, key) of the records ``boclerk show`` is timed on: the product with the most recent
    stock move, the latest purchase order and bill, and the entry in the middle of the journal."""
    sku = query(db, "SELECT p.sku FROM product p WHERE p.id = (SELECT product_id FROM stock_move "
                    "WHERE id = (SELECT MAX(id) FROM stock_move))")[0]
    po = query(db, "SELECT number FROM purchase_order ORDER BY id DESC LIMIT 1")[0]
    bill = query(db, "SELECT number FROM supplier_bill ORDER BY id DESC LIMIT 1")[0]
    entries = query(db, "SELECT MAX(id) FROM journal_entry")[0]
    entry = query(db, "SELECT number FROM journal_entry WHERE id >= ? ORDER BY id LIMIT 1", entries // 2)[0]
    office = [(kind, query(db, sql)[0]) for kind, sql in _OFFICE.items()]
    return [("product", sku), ("po", po), ("bill", bill), ("entry", entry), *office]


#: the office's records shown: the demo's bank statement (with its lines), the first request and
#: item of equipment, the first contract with something linked to it
_OFFICE = {"document": "SELECT d.number FROM document d JOIN bank_statement s ON s.document_id = d.id ORDER BY d.id",
           "request": "SELECT number FROM supply_request ORDER BY id",
           "equipment": "SELECT number FROM equipment ORDER BY id",
           "contract": "SELECT c.number FROM contract c JOIN contract_link l ON l.contract_id = c.id ORDER BY c.id"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--orders", type=int, nargs="*", default=[10_000, 1_000_000])
    pg_arg(parser)
    args = parser.parse_args()
    with pg_server(args.pg) as server:
        run(args, lambda orders: ensure_pg_demo(server, orders) if server else ensure_demo(orders), bool(server))


#: what a lookup loaded, printed by a child that runs one as ``boclerk`` does
LOADED = """
import sys
from boclerk.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
from boclerk.db import libpq
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "psycopg", "typer", "rich", "babel") if m in sys.modules)
print("reader:", "libpq " + libpq.library()._name if "boclerk.db.plain_pg" in sys.modules and libpq.library()
      else "sqlite3" if "boclerk.db.plain" in sys.modules else "?", "; loaded:", ", ".join(heavy) or "none of "
      "sqlalchemy, sqlmodel, psycopg, typer, rich, babel", file=sys.stderr)
"""


def run(args, demo, pg: bool = False) -> None:
    """Every command once per round, round after round (interleaved: a change of the machine's
    load hits the floor and the lookups alike); each lookup's ratio is the median of its ratio to
    ``import typer`` in the same round, beside the ratio of the medians."""
    import os
    import statistics
    import subprocess
    import time

    from common import ENV

    py = sys.executable
    commands: list[tuple[str, list[str]]] = [
        ("typer", [py, "-c", "import typer"]),
        ("sqlmodel", [py, "-c", "import sqlmodel"]),
        *([("psycopg", [py, "-c", "import psycopg"])] if pg else []),
    ]
    floors = len(commands)
    for orders in args.orders:
        db = demo(orders)
        total, number, email, code = _probe(db)
        base = [py, "-m", "boclerk", "--db", str(db)]
        records = _records(db)
        for what in [["show", "order", number], *(["show", kind, key] for kind, key in records), ["company", "show"]]:
            said = subprocess.run([py, "-c", LOADED, "--db", str(db), *what], env=ENV,
                                  capture_output=True, text=True, check=True).stderr.strip().splitlines()[-1]
            print(f"{total:,} orders, {' '.join(what[:2])}: {said}")
        for label, cmd in ((f"show order {number} --json", ["show", "order", number, "--json"]),
                           (f"show order {number}", ["show", "order", number]),
                           (f"find {email}", ["find", email]),
                           (f"show customer {code}", ["show", "customer", code]),
                           *((f"show {kind} {key}{json_}", ["show", kind, key, *json_.split()])
                             for kind, key in records for json_ in ("", " --json")),
                           ("company show", ["company", "show"]), ("company show --json", ["company", "show", "--json"])):
            commands.append((f"{total:>9,} orders: {label[:34]}", base + cmd))
    times: dict[str, list[float]] = {name: [] for name, _ in commands}
    load = [os.getloadavg()[0]]
    for _ in range(args.runs):
        for name, cmd in commands:
            started = time.perf_counter()
            subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    load.append(os.getloadavg()[0])
    floor = statistics.median(times["typer"])
    orm = statistics.median(times["sqlmodel"])
    print(f"{args.runs} rounds, every command once a round (a new process each time); load average "
          f"{load[0]:.1f} at the start, {load[1]:.1f} at the end")
    print(f'floor: python -c "import typer"     median {floor:.3f}s  min {min(times["typer"]):.3f}s')
    print(f'       python -c "import sqlmodel"  median {orm:.3f}s')
    if pg:
        psy = statistics.median(times["psycopg"])
        print(f'       python -c "import psycopg"   median {psy:.3f}s ({psy / floor:.2f}x import typer)')
    print(f"{'':<54} {'median':>8} {'min':>7} {'/typer':>7} {'paired':>7} {'/sqlmodel':>9}")
    for name, _ in commands[floors:]:
        med = statistics.median(times[name])
        paired = statistics.median(t / f for t, f in zip(times[name], times["typer"], strict=True))
        print(f"{name:<54} {med:>7.3f}s {min(times[name]):>6.3f}s {med / floor:>6.2f}x {paired:>6.2f}x "
              f"{med / orm:>8.2f}x")
    print("/typer: median over the floor's median; paired: median of the ratios within each round")
    print("target: within 1.50x of import typer, the same at 10k and 1M")


if __name__ == "__main__":
    main()
