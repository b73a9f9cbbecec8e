"""The Documents list at 100,000 documents against 1,000: a page read by key, and a page step in the app.

    python benchmarks/tui_documents.py [--big 100000] [--small 1000] [--runs 3]

Builds (once, in $BOCLERK_BENCH_DIR) copies of a demo shop with that many documents added, each
from one of the shop's customers or suppliers in turn (a page of a hundred rows names up to a hundred
partners), and prints, measured in one run:
- the list's service (``list_documents``): a page of 100 rows by key, the median of 50 pages
  stepping back from the newest (from the newest again after the oldest), in a process of its own;
- the app (80x24, headless) on the Documents list: a page step (PgDn), the median of 40, the
  median of those that read a page from the database, and the worst, from the key to the app idle, less the test driver's own cost for a key nothing answers
  (the least of 15), as ``tui_orders.py`` counts it;
target: a page step within 50 ms and no slower at 100k than at 1k.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import DATA, ENV, ensure_demo  # noqa: E402


def with_documents(n: int) -> Path:
    """A copy of the demo shop with ``n`` more documents (built once)."""
    path = DATA / f"documents-{n}.db"
    if path.exists():
        return path
    base = ensure_demo(483, "documents-base.db")
    print(f"adding {n:,} documents to a copy of {base} (once) ...", file=sys.stderr, flush=True)
    tmp = path.with_suffix(".tmp")
    con = sqlite3.connect(base)
    con.execute(f"VACUUM INTO '{tmp}'")
    con.close()
    con = sqlite3.connect(tmp)
    customers = [r[0] for r in con.execute("SELECT id FROM customer ORDER BY id")]
    suppliers = [r[0] for r in con.execute("SELECT id FROM supplier ORDER BY id")]
    start = con.execute("SELECT COALESCE(MAX(id), 0) FROM document").fetchone()[0]
    rows = []
    for i in range(start + 1, start + n + 1):
        supplier = suppliers[i % len(suppliers)] if i % 2 else None
        customer = None if supplier else customers[i % len(customers)]
        rows.append((i, f"DOC-2025-{i:06d}", f"{i:064x}", 1000, f"scan-{i}.pdf", "pdf",
                     "upd" if supplier else "customer_invoice", "inbox", customer, supplier, f"{i}/25", "2025-06-01",
                     100000 + i, "", "", "bench", "2025-06-01 09:00:00.000000", 1))
    con.executemany("INSERT INTO document (id, number, sha256, size, original_name, kind, doc_type, status, "
                    "customer_id, supplier_id, their_number, their_date, amount, notes, reason, created_by, "
                    "created_at, version) VALUES (" + ", ".join("?" * 18) + ")", rows)
    con.commit()
    con.close()
    shutil.move(tmp, path)
    return path


def service_pages(db_path: str) -> dict:
    from boclerk.cli.front import app_database
    from boclerk.services.documents.queries import list_documents
    from boclerk.services.platform.identity import os_user_name
    from boclerk.settings import location_from

    db = app_database(location_from(db_path, "bench"))
    times, before = [], None
    with db.read(os_user_name()) as uow:
        list_documents(uow, limit=100)  # the first statement compiled and the caches filled
    for _ in range(50):
        with db.read(os_user_name()) as uow:
            started = time.perf_counter()
            rows = list_documents(uow, before_id=before, limit=100)
            times.append(time.perf_counter() - started)
        before = rows[-1].id if len(rows) == 100 else None  # the oldest page read: from the newest again
    return {"page": statistics.median(times)}


async def app_steps(db_path: str) -> dict:
    from boclerk.cli.front import app_database
    from boclerk.services.platform.identity import os_user_name
    from boclerk.settings import location_from
    from boclerk.tui.app import BoclerkApp

    db = app_database(location_from(db_path, "bench"))
    app = BoclerkApp(db, os_user_name())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        from boclerk.tui.paged import PagedTable

        while not app.screen.query(PagedTable) or not app.screen.query_one(PagedTable).rows_data:
            await pilot.pause(0.005)

        async def settle() -> None:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()

        await settle()

        async def timed(*keys: str) -> float:
            started = time.perf_counter()
            await pilot.press(*keys)
            await settle()
            return time.perf_counter() - started

        harness = min([await timed("z") for _ in range(15)])
        from boclerk.services.documents import queries

        reads, listed = [0], queries.list_documents

        def counted(*args, **kwargs):  # which steps read a page from the database
            reads[0] += 1
            return listed(*args, **kwargs)

        queries.list_documents = counted
        pages, fetching = [], []
        for _ in range(40):
            before = reads[0]
            pages.append(await timed("pagedown"))
            if reads[0] > before:
                fetching.append(pages[-1])
        net = lambda t: max(t - harness, 0.0)  # noqa: E731
        return {"harness": harness, "page_median": net(statistics.median(pages)), "page_max": net(max(pages)),
                "fetch_median": net(statistics.median(fetching)) if fetching else 0.0, "fetches": len(fetching)}


def child(what: str, db: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", what, str(db)], env=ENV, capture_output=True,
                          text=True)
    if proc.returncode:
        raise SystemExit(f"the {what} run failed: {proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, db = args.child
        print(json.dumps(service_pages(db) if what == "service" else asyncio.run(app_steps(db))))
        return
    dbs = {size: with_documents(size) for size in (args.big, args.small)}
    print(f"{'':<34} {args.big:>10,} {args.small:>10,}  documents")
    for run in range(args.runs):
        service = {size: child("service", db)["page"] for size, db in dbs.items()}
        app = {size: child("app", db) for size, db in dbs.items()}
        print(f"run {run + 1}: a page of 100 by key (service) {service[args.big] * 1000:>8.1f}ms "
              f"{service[args.small] * 1000:>8.1f}ms")
        print(f"       page step (PgDn), median      {app[args.big]['page_median'] * 1000:>8.1f}ms "
              f"{app[args.small]['page_median'] * 1000:>8.1f}ms  (target 50 ms, same at both sizes)")
        print(f"       a step that reads a page, median {app[args.big]['fetch_median'] * 1000:>5.1f}ms "
              f"{app[args.small]['fetch_median'] * 1000:>8.1f}ms  ({app[args.big]['fetches']} / "
              f"{app[args.small]['fetches']} of the 40 steps)")
        print(f"       page step (PgDn), worst       {app[args.big]['page_max'] * 1000:>8.1f}ms "
              f"{app[args.small]['page_max'] * 1000:>8.1f}ms  (driver's own cost "
              f"{app[args.big]['harness'] * 1000:.0f} / {app[args.small]['harness'] * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
