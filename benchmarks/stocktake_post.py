"""How long a stocktake of 10,000 lines takes to open, enter and post.

Builds a throwaway database with N stocked products (default 10,000) in one warehouse,
opens a count, enters a counted quantity for every product (a third lower, a third
higher, a third the same), and posts it; prints the seconds each step took and the
ratio to a floor measured in the same run: a fresh ``python -c "import sqlmodel"``.

    python benchmarks/stocktake_post.py                  # SQLite in a temporary directory
    python benchmarks/stocktake_post.py --n 50000
    python benchmarks/stocktake_post.py --pg postgresql://postgres@127.0.0.1:5432/postgres

A script, not a test: it prints figures and asserts only that the books stay sound.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

os.environ["BOCLERK_CONFIG"] = os.devnull  # no user or system config leaks into the figures
os.environ.pop("BOCLERK_DB", None)


def floor_seconds(repeat: int = 3) -> float:
    """The best of a few cold starts of an interpreter that imports sqlmodel."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sqlmodel"], check=True)
        best = min(best, time.perf_counter() - start)
    return best


@contextmanager
def throwaway_location(pg_url: str | None):
    from boclerk.settings import location_from

    if pg_url is None:
        with tempfile.TemporaryDirectory(prefix="boclerk-bench-") as tmp:
            yield location_from(str(Path(tmp) / "bench.db"), "benchmark")
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = location_from(pg_url, "benchmark").url
    name = f"boclerk_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        yield location_from(url, "benchmark")
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def build(db, n: int) -> None:
    """N goods in the catalog, each received into MAIN in one batch with one journal entry."""
    from sqlalchemy import insert, select

    from boclerk.domain.catalog import Product
    from boclerk.domain.stock import MoveKind
    from boclerk.services.catalog import products as catalog
    from boclerk.services.ledger import book as ledger
    from boclerk.services.ledger import posting_rules
    from boclerk.services.stock import book as stock

    with db.write("admin") as uow:
        uow.s.execute(insert(Product.__table__), [
            {"sku": f"SKU-{i:06d}", "name": f"Product {i}", "category": f"Cat {i % 20}", "unit": "pcs",
             "kind": "goods", "sale_price": 10_000 + i, "vat_rate": 20, "prices_include_vat": True,
             "standard_cost": 5_000 + i % 1000, "reorder_point": 0, "reorder_qty": 0, "active": True, "version": 1}
            for i in range(n)])
    with db.write("admin") as uow:
        main = catalog.warehouse(uow, "MAIN")
        products = uow.s.scalars(select(Product).order_by(Product.sku)).all()
        batch = stock.StockBatch(uow, source_kind="stock", source_ref="BENCH")
        total = 0
        for i, p in enumerate(products):
            total += batch.receive(p, main, 10 + i % 40, (10 + i % 40) * (5_000 + i % 777), MoveKind.RECEIPT,
                                   reason="benchmark stock")
        posted = ledger.post(uow, entry_date=batch.move_date, memo="Benchmark stock", source_kind="stock",
                             source_ref="BENCH", lines=posting_rules.stock_receipt(total))
        batch.write(posted.id)


def timed(label: str, fn, figures: dict[str, float]):
    start = time.perf_counter()
    result = fn()
    figures[label] = time.perf_counter() - start
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="products (count lines)")
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL server where a throwaway database may be created")
    args = parser.parse_args()

    from boclerk.services.platform.checks import run_checks
    from boclerk.services.platform.setup import init_database
    from boclerk.services.stock.stocktake import enter_counts, open_count, post_count

    floor = floor_seconds()
    figures: dict[str, float] = {}
    with throwaway_location(args.pg) as location:
        db = init_database(location, admin="admin", company="Benchmark", currency="RUB", locale="ru")
        try:
            t0 = time.perf_counter()
            build(db, args.n)
            setup = time.perf_counter() - t0

            def do_open():
                with db.write("admin") as uow:
                    return open_count(uow, "MAIN")

            info = timed("open", do_open, figures)
            counts = [(f"SKU-{i:06d}", max(0, 10 + i % 40 + (i % 3 - 1) * (1 + i % 5))) for i in range(args.n)]

            def do_enter():
                with db.write("admin") as uow:
                    return enter_counts(uow, info.number, counts)

            timed("enter", do_enter, figures)

            def do_post():
                with db.write("admin") as uow:
                    return post_count(uow, info.number)

            posted = timed("post", do_post, figures)
            report = run_checks(db, "admin")
            with db.read("admin") as uow:
                from sqlalchemy import text

                moves = uow.s.execute(text("SELECT COUNT(*) FROM stock_move WHERE source_ref = :n"),
                                      {"n": info.number}).scalar_one()
        finally:
            db.close()

    backend = "PostgreSQL" if args.pg else "SQLite"
    print(f"stocktake of {args.n} lines on {backend} ({info.number}, {moves} differences posted as {posted.entry})")
    print(f"  building the database (not timed below): {setup:8.2f} s")
    print(f"  floor: python -c 'import sqlmodel'        {floor:8.3f} s")
    for label in ("open", "enter", "post"):
        print(f"  {label:<6} {figures[label]:8.3f} s   {figures[label] / floor:6.1f} x floor")
    total = sum(figures.values())
    print(f"  total  {total:8.3f} s   {total / floor:6.1f} x floor")
    print(f"  db check: {'ok' if report.ok else 'FAILED: ' + '; '.join(v.invariant for v in report.violations)}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
