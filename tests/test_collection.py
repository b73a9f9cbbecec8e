"""The suite collects the same tests in every process.

pytest-xdist has each worker collect the suite on its own and refuses to run when two
workers disagree ("Different tests were collected between gw0 and gw1"). A test id
that holds bytes stamped with the current time (a zip built at import) differs between
workers that collect a second apart; here two collections a month apart must agree.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_COLLECT = """
import sys
import pytest
sys.exit(pytest.main(["--collect-only", "-q", "-n0", "-p", "no:cacheprovider", "tests/formats", "tests/services/test_documents.py"]))
"""


def _collect(day: date) -> list[str]:
    """The ids one collection gives, its clock set to six in the morning of ``day`` (the suite's
    conftest sets a run's clock to the day BOCLERK_TEST_DAY names; see tests/conftest.py)."""
    env = {**os.environ, "BOCLERK_TEST_DAY": day.isoformat()}
    done = subprocess.run([sys.executable, "-c", _COLLECT], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False, env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_test_ids_do_not_depend_on_the_time_of_collection():
    now, later = _collect(date(2026, 12, 5)), _collect(date(2027, 1, 6))
    assert len(now) > 50
    assert now == later, sorted(set(now) ^ set(later))[:4]
