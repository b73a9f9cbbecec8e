"""The Orders list of the app at 1,000,000 orders against 10,000.

    python benchmarks/tui_orders.py [--big 1000000] [--small 10000] [--runs 5]
    python benchmarks/tui_orders.py --pg --big 100000   # on a throwaway PostgreSQL server it starts

Prints, measured in one run:
- process start to Home's figures and to the first rows of the Orders list on screen (80x24,
  headless), started as ``boclerk --db DB`` starts, beside the floor ``python -c "import
  textual.app"`` (measured at the start and at the end of the run); target: within 1.5x the floor;
  each twice: once the app has gone idle after them (the Pilot's wait, as measured so far) and when
  the frame that shows them is written (what a person sees);
- process start to the first rows when the app opens on the Orders list (``boclerk --open orders``,
  a clerk who lives in it), against the same floor; target 1.5x;
- key 2 pressed a second after Home's figures (a clerk reads Home first): from the key to the
  Orders rows painted, and to the app idle after them;
- a page step (PgDn) and a jump to the end (G) on the 1M list against the 10k list;
  target: a page step within 50 ms and no slower at 1M than at 10k (same order of magnitude);
- filtering by customer name and by state; target: within 150 ms;
- opening an order; and the memory (max RSS) of the app; target: under 250 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ENV, ensure_demo, ensure_pg_demo, pg_arg, pg_server, summary, wall  # noqa: E402

PROBE = Path(__file__).with_name("_tui_probe.py")


def _probe(db: Path | str, *args: str, needs: set[str]) -> tuple[dict[str, float], list[str]]:
    """One run of the probe: when each of its lines' first words first came (seconds from the
    process's start, as the parent sees it), and what it had loaded by then (its ``LOADED`` line)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(PROBE), str(db), *args], env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    marks: dict[str, float] = {}
    loaded: list[str] = []
    for line in proc.stdout:
        word = line.split(" ", 1)[0].strip()
        marks.setdefault(word, time.perf_counter() - started)
        if word == "LOADED":
            loaded = json.loads(line.split(" ", 1)[1])
    err = proc.stderr.read() if proc.stderr else ""
    if proc.wait() != 0 or not needs <= marks.keys():
        raise SystemExit(f"the probe failed: {err}")
    return marks, loaded


def first_rows(db: Path | str, runs: int) -> tuple[list[float], list[float], list[str], list[float], list[float]]:
    """Process start (as the parent sees it) to Home's figures and to the first rows of the Orders
    list, the way ``boclerk --db DB`` starts (the probe's ``start``); and what was loaded by then;
    and to the frames that first show them."""
    home, rows, loaded, home_painted, rows_painted = [], [], [], [], []
    for _ in range(runs):
        marks, loaded = _probe(db, "start", needs={"HOME", "ROWS"})
        home.append(marks["HOME"])
        rows.append(marks["ROWS"])
        if {"HOME_PAINTED", "ROWS_PAINTED"} <= marks.keys():
            home_painted.append(marks["HOME_PAINTED"])
            rows_painted.append(marks["ROWS_PAINTED"])
    return home, rows, loaded, home_painted, rows_painted


def opened_on_orders(db: Path | str, runs: int) -> tuple[list[float], list[str]]:
    """Process start to the frame with the first rows of the Orders list, the app opened on it
    (``boclerk --db DB --open orders``), and what was loaded by then."""
    painted, loaded = [], []
    for _ in range(runs):
        marks, loaded = _probe(db, "open", needs={"ROWS_PAINTED"})
        painted.append(marks["ROWS_PAINTED"])
    return painted, loaded


def after_a_look(db: Path | str, runs: int, look: float = 1.0) -> tuple[list[float], list[float]]:
    """Key 2 pressed ``look`` seconds after Home's figures (a clerk reads Home first): from the
    key to the frame with the Orders rows, and to the app idle after them."""
    painted, idle = [], []
    for _ in range(runs):
        marks, _ = _probe(db, "look", str(look), needs={"KEY", "ROWS", "ROWS_PAINTED"})
        painted.append(marks["ROWS_PAINTED"] - marks["KEY"])
        idle.append(marks["ROWS"] - marks["KEY"])
    return painted, idle


def in_app(db: Path | str) -> dict:
    proc = subprocess.run([sys.executable, str(PROBE), str(db), "steps"], env=ENV, capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    pg_arg(parser)
    args = parser.parse_args()
    with pg_server(args.pg) as server:
        if server:
            print("on PostgreSQL")
            run(args, ensure_pg_demo(server, args.big), ensure_pg_demo(server, args.small))
        else:
            run(args, ensure_demo(args.big), ensure_demo(args.small))


def run(args, big, small) -> None:
    floor = wall([sys.executable, "-c", "import textual.app"], args.runs)
    f_med, _ = summary(floor)
    print(f"floor 'python -c \"import textual.app\"': median {f_med:.3f} s")
    for size, db in ((args.big, big), (args.small, small)):
        home, rows, loaded, home_painted, rows_painted = first_rows(db, args.runs)
        h_med, h_min = summary(home)
        r_med, r_min = summary(rows)
        print(f"{size:>10,} orders: Home's figures {h_med:.3f} s (min {h_min:.3f}), {h_med / f_med:.2f}x the floor; "
              f"first rows of the Orders list {r_med:.3f} s (min {r_min:.3f}), {r_med / f_med:.2f}x (target 1.5x); "
              f"loaded by then: {', '.join(loaded) or 'none of typer, sqlalchemy, sqlmodel, the ORM schema'}")
        if home_painted and rows_painted:
            hp_med, hp_min = summary(home_painted)
            rp_med, rp_min = summary(rows_painted)
            print(f"{'':>18}painted (the frame that shows them written, before the app goes idle): Home's "
                  f"figures {hp_med:.3f} s (min {hp_min:.3f}), {hp_med / f_med:.2f}x; first rows {rp_med:.3f} s "
                  f"(min {rp_min:.3f}), {rp_med / f_med:.2f}x")
    for size, db in ((args.big, big), (args.small, small)):
        painted, loaded = opened_on_orders(db, args.runs)
        o_med, o_min = summary(painted)
        print(f"{size:>10,} orders, the app opened on the Orders list (--open orders): first rows painted "
              f"{o_med:.3f} s (min {o_min:.3f}), {o_med / f_med:.2f}x the floor (target 1.5x); loaded by then: "
              f"{', '.join(loaded) or 'none of typer, sqlalchemy, sqlmodel, the ORM schema'}")
    for size, db in ((args.big, big), (args.small, small)):
        painted, idle = after_a_look(db, args.runs)
        p_med, p_min = summary(painted)
        i_med, _ = summary(idle)
        print(f"{size:>10,} orders, key 2 a second after Home's figures: first rows painted {p_med * 1000:.0f} ms after "
              f"the key (min {p_min * 1000:.0f}), the app idle after them {i_med * 1000:.0f} ms")
    floor_end, _ = summary(wall([sys.executable, "-c", "import textual.app"], args.runs))
    print(f"floor again at the end: {floor_end:.3f} s")
    results = {size: in_app(db) for size, db in ((args.big, big), (args.small, small))}
    print(f"key timings: key press to screen updated (and data fetched when needed), less the test driver's own "
          f"cost for a key nothing answers (the least of 15: {results[args.big]['harness'] * 1000:.0f} ms / "
          f"{results[args.small]['harness'] * 1000:.0f} ms, measured in the same run)")
    print(f"{'':<28} {args.big:>12,} {args.small:>12,}   target")
    rows = (("page step (PgDn), median", "page_median", "50 ms, same at both sizes"),
            ("page step (PgDn), worst", "page_max", ""),
            ("jump to the end (G)", "jump_end", ""),
            ("filter: customer name", "filter_name", "150 ms"),
            ("filter: state", "filter_state", "150 ms"),
            ("open an order", "open_order", ""))
    for label, key, target in rows:
        print(f"{label:<28} {results[args.big][key] * 1000:>10.1f}ms {results[args.small][key] * 1000:>10.1f}ms"
              f"   {target}")
    print(f"{'max RSS of the app':<28} {results[args.big]['rss_mb']:>10.1f}MB {results[args.small]['rss_mb']:>10.1f}MB"
          f"   250 MB")
    big_step, small_step = results[args.big]["page_median"], results[args.small]["page_median"]
    if small_step < 0.001:  # below what the driver's cost can be told from
        print(f"page step 1M / 10k: {big_step * 1000:.1f} ms against under 1 ms")
    else:
        print(f"page step 1M / 10k: {big_step / small_step:.2f}x")


if __name__ == "__main__":
    main()
