"""Outside tools used as oracles (hledger, ledger): where to find them.

They are Debian packages, not Python dependencies. CI (CI=true, see .ci/run) installs
them and a missing one fails the test there; on a developer's machine without them
the oracle tests are skipped with the command that installs them.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = (f"{name} is not installed; install it with `apt-get install -y {name}` "
                   "(boclerk's journal export is checked against it).")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
