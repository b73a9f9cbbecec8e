"""Quick lookups over SSH at 10k and 1M orders, beside the floor ``python -c "import typer"``.

    python benchmarks/lookups.py [--orders 10000 1000000] [--runs 9]
    python benchmarks/lookups.py --pg --orders 10000   # on a throwaway PostgreSQL server it starts

Prints the wall time of ``boclerk show order N --json`` and ``boclerk find <customer email>``
(each a new process, as over SSH) on the demo databases of each size, and their ratio to the
floors measured in the same run: ``python -c "import typer"`` (the target: on SQLite the
lookups load neither SQLAlchemy nor SQLModel) and ``python -c "import sqlmodel"``.
Target: within 1.5x of ``import typer``, the same at both sizes.
"""

from __future__ import annotations

import argparse
import sys

from common import ensure_demo, ensure_pg_demo, pg_arg, pg_server, query, summary, wall


def _probe(db) -> tuple[int, str, str]:
    total = query(db, "SELECT COUNT(*) FROM sales_order")[0]
    number = query(db, "SELECT number FROM sales_order WHERE id = ?", total // 2)[0]
    email = query(db, "SELECT c.email FROM customer c JOIN sales_order o ON o.customer_id = c.id "
                      "WHERE o.id = ?", total // 3)[0]
    return total, number, email


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--orders", type=int, nargs="*", default=[10_000, 1_000_000])
    pg_arg(parser)
    args = parser.parse_args()
    with pg_server(args.pg) as server:
        run(args, lambda orders: ensure_pg_demo(server, orders) if server else ensure_demo(orders))


def run(args, demo) -> None:
    py = sys.executable
    typer_floor, _ = summary(wall([py, "-c", "import typer"], args.runs))
    orm_floor, _ = summary(wall([py, "-c", "import sqlmodel"], args.runs))
    print(f"{args.runs} runs each, new process every time; median wall seconds")
    print(f'floor: python -c "import typer"     {typer_floor:.3f}s')
    print(f'       python -c "import sqlmodel"  {orm_floor:.3f}s')
    print(f"{'':<44} {'median':>8} {'/typer':>7} {'/sqlmodel':>9}")
    for orders in args.orders:
        db = demo(orders)
        total, number, email = _probe(db)
        for label, cmd in ((f"show order {number} --json", ["show", "order", number, "--json"]),
                           (f"find {email}", ["find", email])):
            med, _ = summary(wall([py, "-m", "boclerk", "--db", str(db), *cmd], args.runs))
            print(f"{total:>9,} orders: {label[:32]:<32} {med:>7.3f}s {med / typer_floor:>6.2f}x {med / orm_floor:>8.2f}x")
    again, _ = summary(wall([py, "-c", "import typer"], args.runs))
    print(f'floor "import typer" again at the end: {again:.3f}s')
    print("target: within 1.50x of import typer, the same at 10k and 1M")


if __name__ == "__main__":
    main()
