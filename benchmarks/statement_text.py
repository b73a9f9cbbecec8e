"""What the search text of a camt statement costs: as the intake built it before (``extract_text``:
check_markup, then the whole defusedxml tree; ``plain_words`` when that gives up) against now
(``search_text`` over the lines the reader has read), in one process, alternating, with the reading
of the statement beside it for scale. Prints figures; asserts nothing.

    python benchmarks/statement_text.py              # 20,000 and 100,000 entries, three rounds each
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bank_import import payments, statement_camt

from boclerk.errors import InvalidInput
from boclerk.formats.bank import search_text
from boclerk.formats.bank_statement import read_statements
from boclerk.formats.textextract import extract_text
from boclerk.services.documents.vetting import plain_words, storable


def main() -> None:
    for n in (20_000, 100_000):
        lines = payments(n, random.Random(1), [("SO-2026-000001", 100000, "Анна Петрова")],
                         [("BILL-2026-000001", 50000, "7707083893")])
        data = statement_camt(lines)
        started = time.perf_counter()
        statements = read_statements(data, name="s.xml", max_bytes=1 << 30)
        reading = time.perf_counter() - started
        for rnd in range(3):
            started = time.perf_counter()
            try:
                old, how = storable(extract_text(data, name="s.xml")), "tree"
            except InvalidInput:
                old, how = plain_words(data), "plain_words"
            before = time.perf_counter() - started
            started = time.perf_counter()
            new = storable(search_text(statements))
            after = time.perf_counter() - started
            print(f"{n:>7,} entries ({len(data) / 1e6:.1f} MB), round {rnd + 1}: reading {reading:.2f} s; text before "
                  f"{before:.3f} s ({how}, {len(old):,} chars), now {after:.3f} s ({len(new):,} chars), "
                  f"ratio {after / before:.2f}", flush=True)


if __name__ == "__main__":
    main()
