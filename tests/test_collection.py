"""The suite collects the same tests in every process.

pytest-xdist has each worker collect the suite on its own and refuses to run when two
workers disagree ("Different tests were collected between gw0 and gw1"). A test id
that holds bytes stamped with the current time (a zip built at import) differs between
workers that collect a second apart; here two collections an hour apart must agree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_COLLECT = """
import sys, time
shift = float(sys.argv[1])
real = time.time
time.time = lambda: real() + shift
import pytest
sys.exit(pytest.main(["--collect-only", "-q", "-n0", "-p", "no:cacheprovider", "tests/formats", "tests/services/test_documents.py"]))
"""


def _collect(shift: float) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _COLLECT, str(shift)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_test_ids_do_not_depend_on_the_time_of_collection():
    now, later = _collect(0), _collect(3600)
    assert len(now) > 50
    assert now == later, sorted(set(now) ^ set(later))[:4]
