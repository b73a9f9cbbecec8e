"""Shared bits of the benchmark scripts: building the large databases, timing commands."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ENV = {**os.environ, "BOCLERK_CONFIG": os.devnull}
DATA = Path(os.environ.get("BOCLERK_BENCH_DIR", "/tmp/boclerk-bench"))


def ensure_demo(orders: int, name: str | None = None) -> Path:
    """A demo database with ``orders`` orders (built once, then reused)."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / (name or f"demo-{orders}.db")
    if not path.exists():
        print(f"building {path} with {orders:,} orders (once) ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "boclerk", "demo", "--db", str(path), "--orders", str(orders)],
                       check=True, env=ENV)
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


def wall(cmd: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of ``cmd`` (a new process each time), ``runs`` times."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), min(times)
