"""``boclerk show document|request|equipment|contract`` at 10k and 1M orders, beside the floor
``python -c "import typer"``.

    python benchmarks/lookups_office.py [--orders 10000 1000000] [--runs 9]

Prints the wall time of ``boclerk show KIND NUMBER`` and ``... --json`` for a document (the demo's
bank statement, with its lines), a supply request, an item of equipment and a contract (each a
new process, as over SSH; output not a terminal) on the demo databases of each size, and their
ratio to the floors measured in the same rounds: ``python -c "import typer"`` (the target: these
shows load neither SQLAlchemy nor SQLModel, nor typer itself) and ``python -c "import sqlmodel"``;
and what the first of them loaded. Target: within 1.5x of ``import typer``, the same at both sizes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from common import ENV, ensure_demo, query

#: what a show loaded, printed by a child that runs one as ``boclerk`` does
LOADED = """
import sys
from boclerk.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "typer", "click", "rich", "babel") if m in sys.modules)
print("loaded:", ", ".join(heavy) or "none of sqlalchemy, sqlmodel, typer, click, rich, babel", file=sys.stderr)
"""

#: the record each kind shows: the demo's statement, and the first of the others
PICK = {"document": "SELECT d.number FROM document d JOIN bank_statement s ON s.document_id = d.id ORDER BY d.id",
        "request": "SELECT number FROM supply_request ORDER BY id",
        "equipment": "SELECT number FROM equipment ORDER BY id",
        "contract": "SELECT c.number FROM contract c JOIN contract_link l ON l.contract_id = c.id ORDER BY c.id"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--orders", type=int, nargs="*", default=[10_000, 1_000_000])
    args = parser.parse_args()
    py = sys.executable
    commands: list[tuple[str, list[str]]] = [("typer", [py, "-c", "import typer"]),
                                             ("sqlmodel", [py, "-c", "import sqlmodel"])]
    floors = len(commands)
    for orders in args.orders:
        db = ensure_demo(orders)
        total = query(db, "SELECT COUNT(*) FROM sales_order")[0]
        base = [py, "-m", "boclerk", "--db", str(db)]
        for kind, sql in PICK.items():
            number = query(db, sql)[0]
            if kind == "document":
                said = subprocess.run([py, "-c", LOADED, "--db", str(db), "show", kind, number], env=ENV,
                                      capture_output=True, text=True, check=True).stderr.strip().splitlines()[-1]
                print(f"{total:,} orders: {said}")
            for extra in ([], ["--json"]):
                commands.append((f"{total:>9,} orders: show {kind} {number} {' '.join(extra)}".rstrip(),
                                 base + ["show", kind, number, *extra]))
    times: dict[str, list[float]] = {name: [] for name, _ in commands}
    load = [os.getloadavg()[0]]
    for _ in range(args.runs):  # every command once a round: a change of load hits the floor and the shows alike
        for name, cmd in commands:
            started = time.perf_counter()
            subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    load.append(os.getloadavg()[0])
    floor, orm = statistics.median(times["typer"]), statistics.median(times["sqlmodel"])
    print(f"{args.runs} rounds, every command once a round (a new process each time); load average "
          f"{load[0]:.1f} at the start, {load[1]:.1f} at the end")
    print(f'floor: python -c "import typer"     median {floor:.3f}s  min {min(times["typer"]):.3f}s')
    print(f'       python -c "import sqlmodel"  median {orm:.3f}s')
    print(f"{'':<56} {'median':>8} {'min':>7} {'/typer':>7} {'paired':>7} {'/sqlmodel':>9}")
    for name, _ in commands[floors:]:
        med = statistics.median(times[name])
        paired = statistics.median(t / f for t, f in zip(times[name], times["typer"], strict=True))
        print(f"{name:<56} {med:>7.3f}s {min(times[name]):>6.3f}s {med / floor:>6.2f}x {paired:>6.2f}x "
              f"{med / orm:>8.2f}x")
    print("/typer: median over the floor's median; paired: median of the ratios within each round")
    print("target: within 1.50x of import typer, the same at 10k and 1M")


if __name__ == "__main__":
    main()
