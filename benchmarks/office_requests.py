"""How the Office's supply requests list pages at scale: 1,000 and 100,000 requests.

Builds a throwaway database with N requests of two lines each (open, decided, cancelled;
lines approved, ordered on purchase orders or not, rejected), then times the list's first
page, a page step, the last page, each state filter (most states are read from the lines,
not stored) and a search, at both sizes. A page must cost the same at 1k and 100k.

    python benchmarks/office_requests.py
    python benchmarks/office_requests.py --n 500000

A script, not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

os.environ["BOCLERK_CONFIG"] = os.devnull
os.environ.pop("BOCLERK_DB", None)


def build(path: Path, n: int) -> None:
    from boclerk.services.platform.setup import init_database
    from boclerk.settings import location_from

    db = init_database(location_from(str(path), "bench"), admin="bench")
    with db.write("bench") as uow:
        from boclerk.services.catalog.partners import add_supplier
        from boclerk.services.catalog.products import add_product
        from boclerk.services.purchasing.orders import POLineInput, create_po

        add_supplier(uow, "S1", "Supplier")
        for i in range(20):
            add_product(uow, f"OFF-{i:03d}", f"Supply {i}", kind="consumable", standard_cost=1000 + i)
        create_po(uow, "S1", [POLineInput(f"OFF-{i:03d}", 5) for i in range(20)])
    db.close()
    rng = random.Random(1)
    con = sqlite3.connect(path)
    depts = [r[0] for r in con.execute("SELECT id FROM department")]
    products = [r[0] for r in con.execute("SELECT id FROM product")]
    po_lines = [r[0] for r in con.execute("SELECT id FROM po_line")]
    con.execute("UPDATE po_line SET qty_received = CASE WHEN id % 3 = 0 THEN qty WHEN id % 3 = 1 THEN 1 ELSE 0 END")
    requests, lines = [], []
    for i in range(1, n + 1):
        status = rng.choice(("open", "decided", "decided", "decided", "cancelled"))
        requests.append((i, f"REQ-2025-{i:06d}", rng.choice(depts), status))
        for no in (1, 2):
            decided = "pending" if status == "open" else rng.choice(("approved", "rejected"))
            po_line = rng.choice(po_lines) if decided == "approved" and rng.random() < 0.9 else None
            lines.append((i, no, rng.choice(products), decided, po_line))
    con.executemany("INSERT INTO supply_request (id, number, department_id, note, status, created_by, created_at, "
                    "version) VALUES (?, ?, ?, '', ?, 'bench', '2025-06-01 10:00:00', 1)", requests)
    con.executemany("INSERT INTO request_line (request_id, line_no, product_id, qty, unit_price, value, status, "
                    "reason, po_line_id) VALUES (?, ?, ?, 2, 1000, 2000, ?, '', ?)", lines)
    con.execute("INSERT INTO number_series (series, year, last) VALUES ('REQ', 2025, ?)", (n,))
    con.commit()
    con.close()


def timings(path: Path) -> dict[str, float]:
    from boclerk.db.database import Database
    from boclerk.services.office.request_queries import list_requests
    from boclerk.settings import location_from

    db = Database.open(location_from(str(path), "bench"))
    out = {}

    def best(label: str, **kwargs) -> list:
        fastest, rows = float("inf"), []
        for _ in range(5):
            start = time.perf_counter()
            with db.read("bench") as uow:
                rows = list_requests(uow, limit=100, **kwargs)
            fastest = min(fastest, time.perf_counter() - start)
        out[label] = fastest * 1000
        return rows

    first = best("first page")
    best("page step", before_id=first[-1].id)
    best("last page", after_id=0)
    for state in ("open", "approved", "ordered", "partially_received", "received", "rejected", "cancelled"):
        best(f"state {state}", state=state)
    best("search by number", search="REQ-2025-000500")
    best("search by SKU", search="OFF-007")
    db.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000, help="Requests in the larger database (up to 999,999).")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="boclerk-office-"))
    sizes = (1000, args.n)
    results = {}
    for n in sizes:
        start = time.perf_counter()
        build(folder / f"r{n}.db", n)
        print(f"built {n:,} requests in {time.perf_counter() - start:.1f} s")
        results[n] = timings(folder / f"r{n}.db")
    print(f"{'':24}" + "".join(f"{n:>12,}" for n in sizes) + "       ratio")
    for label in results[sizes[0]]:
        small, large = results[sizes[0]][label], results[sizes[1]][label]
        print(f"{label:24}" + f"{small:10.1f}ms{large:10.1f}ms{large / small:10.2f}x")


if __name__ == "__main__":
    main()
