"""How long ``boclerk import orders`` takes for 100,000 order lines (target: within 30 s).

Builds a throwaway database with a catalog (500 products), 5,000 customers and opening
stock, all imported from CSV, then writes a realistic orders file: distinct orders of 1 to
5 lines over three years (mostly delivered, some shipped or cancelled, the last days' orders
still new or confirmed), some with discounts, in several channels. It imports that file
into the fresh database, then imports it again (which must change nothing), and prints
the seconds, the rows per second, and the ratio to a floor measured in the same run: a
fresh ``python -c "import sqlmodel"``.

    python benchmarks/import_orders.py                  # SQLite in a temporary directory
    python benchmarks/import_orders.py --lines 300000
    python benchmarks/import_orders.py --pg             # on a throwaway PostgreSQL server it starts
    python benchmarks/import_orders.py --pg postgresql://postgres@127.0.0.1:5432/postgres

A script, not a test: it prints figures and asserts only that the books stay sound.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["BOCLERK_CONFIG"] = os.devnull  # no user or system config leaks into the figures
os.environ.pop("BOCLERK_DB", None)

from common import pg_arg, pg_server
from stocktake_post import floor_seconds, throwaway_location

PRODUCTS = 500
CUSTOMERS = 5000
TODAY = date(2026, 11, 27)


def _csv(header: list[str], rows) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def master_files(rng: random.Random) -> tuple[bytes, bytes, bytes, list[tuple[str, int]]]:
    products, prices = [], []
    for i in range(PRODUCTS):
        price = rng.randrange(20, 1500) * 100 - 1
        sku = f"SKU-{i:05d}"
        products.append((sku, f"Product {i}", f"{price / 100:.2f}", f"Category {i % 12}", "pcs",
                         20 if i % 7 else 10, f"{price * 55 // 10000:.2f}", "", 5, 20, "", "goods"))
        prices.append((sku, price))
    customers = [(f"C{i:06d}", f"Customer {i}", f"customer{i}@example.com", f"+7 912 {i:07d}", f"City, street {i}")
                 for i in range(CUSTOMERS)]
    stock = [(sku, "MAIN", 1000, "") for sku, _ in prices]
    return (_csv(["sku", "name", "price", "category", "unit", "vat_rate", "cost", "barcode", "reorder_point",
                  "reorder_qty", "supplier_code", "kind"], products),
            _csv(["code", "name", "email", "phone", "address"], customers),
            _csv(["sku", "warehouse", "counted_qty", "unit_cost"], stock), prices)


def orders_file(rng: random.Random, lines: int, prices: list[tuple[str, int]]) -> tuple[bytes, int]:
    """About ``lines`` order lines (exactly, unless the last order would overshoot)."""
    rows = []
    start = TODAY - timedelta(days=3 * 365)
    span = (TODAY - start).days
    n = 0
    estimate = max(1, int(lines / 2.625))  # the mean of the line counts below
    while len(rows) < lines:
        n += 1
        day = start + timedelta(days=min(span, n * span // estimate))
        recent = (TODAY - day).days < 7  # the last week: still open
        if recent:
            status = rng.choice(("new", "confirmed", "confirmed"))
        else:
            status = rng.choices(("delivered", "shipped", "cancelled"), weights=(90, 6, 4))[0]
        channel = rng.choices(("website", "marketplace", "phone", "shop"), weights=(50, 30, 10, 10))[0]
        prefix = {"website": "W", "marketplace": "M", "phone": "P", "shop": "S"}[channel]
        number = f"{prefix}-{100000 + n}"
        customer = f"C{rng.randrange(CUSTOMERS):06d}"
        count = min(rng.choice((1, 1, 2, 2, 3, 3, 4, 5)), lines - len(rows))
        for sku, price in rng.sample(prices, count):
            discount = rng.choice(("", "", "", "", "5", "10", "12.5"))
            rows.append((number, day.isoformat(), customer, sku, rng.choice((1, 1, 1, 2, 3)), f"{price / 100:.2f}",
                         discount, status, channel))
    return _csv(["order_number", "order_date", "customer_code", "sku", "quantity", "unit_price",
                 "discount_percent", "status", "channel"], rows), n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000, help="order lines in the file")
    parser.add_argument("--seed", type=int, default=1)
    pg_arg(parser)
    args = parser.parse_args()
    with pg_server(args.pg) as server:
        args.pg = server
        return run(args)


def run(args) -> int:
    from datetime import UTC, datetime
    from datetime import time as clock

    from boclerk.services.exchange.importing import import_file
    from boclerk.services.platform.checks import run_checks
    from boclerk.services.platform.setup import init_database

    rng = random.Random(args.seed)
    floor = floor_seconds()
    products, customers, stock, prices = master_files(rng)
    data, orders = orders_file(rng, args.lines, prices)
    moment = datetime.combine(TODAY, clock(12), tzinfo=UTC)
    with throwaway_location(args.pg) as location:
        db = init_database(location, admin="admin", company="Benchmark", currency="RUB", locale="ru",
                           clock=lambda: moment)
        try:
            t0 = time.perf_counter()
            import_file(db, "admin", "products", products, what="products.csv")
            import_file(db, "admin", "customers", customers, what="customers.csv")
            import_file(db, "admin", "stock-count", stock, what="stock.csv")
            setup = time.perf_counter() - t0

            t0 = time.perf_counter()
            result = import_file(db, "admin", "orders", data, what="orders.csv")
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = import_file(db, "admin", "orders", data, what="orders.csv")
            second = time.perf_counter() - t0
            report = run_checks(db, "admin")
        finally:
            db.close()

    backend = "PostgreSQL" if args.pg else "SQLite"
    rows = result.rows
    print(f"import of {rows} order lines ({orders} orders, {len(data) / 1e6:.1f} MB) on {backend}")
    print(f"  {result.sentence()}")
    print(f"  setup: 500 products, 5000 customers, opening stock (not timed below): {setup:6.2f} s")
    print(f"  floor: python -c 'import sqlmodel'        {floor:8.3f} s")
    print(f"  import       {first:8.2f} s   {rows / first:10,.0f} rows/s   {first / floor:6.1f} x floor"
          f"   {'within' if first <= 30 else 'OVER'} the 30 s target")
    print(f"  re-import    {second:8.2f} s   {rows / second:10,.0f} rows/s   {second / floor:6.1f} x floor"
          f"   ({again.added} added, {again.unchanged} already there)")
    print(f"  db check: {'ok' if report.ok else 'FAILED: ' + '; '.join(v.invariant for v in report.violations)}")
    return 0 if report.ok and again.added == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
