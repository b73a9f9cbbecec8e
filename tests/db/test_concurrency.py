"""Several processes taking numbers at once: no duplicates, no gaps, no lock errors."""

import multiprocessing as mp

from boclerk.db.database import Database
from boclerk.services.numbers import next_number
from boclerk.settings import location_from


def _take(url: str, n: int, out) -> None:
    db = Database.open(location_from(url, "test"))
    got = []
    try:
        for _ in range(n):
            with db.write("clerk") as uow:
                got.append(next_number(uow, "SO", 2026))
        out.put(("ok", got))
    except Exception as exc:  # reported to the parent, which fails the test
        out.put(("error", repr(exc)))
    finally:
        db.close()


def test_four_processes_take_distinct_gapless_numbers(location):
    url = str(location.path) if location.is_sqlite else location.url
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_take, args=(url, 40, out)) for _ in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    errors = [r for r in results if r[0] != "ok"]
    assert errors == []
    numbers = [n for _, got in results for n in got]
    assert sorted(numbers) == [f"SO-2026-{i:06d}" for i in range(1, 161)]
