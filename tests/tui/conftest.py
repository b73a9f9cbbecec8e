"""The screens' shared demo shop.

The demo (same seed, same database) is built once per test process and never opened for
writing: a test that changes anything works on its own copy (``shutil.copyfile`` into its
``tmp_path``), a test that only reads may open it as it is.
"""

from __future__ import annotations

import pytest

from boclerk.demo.shop import build_demo
from boclerk.settings import location_from


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("snapdemo") / "demo.db"
    db, _ = build_demo(location_from(str(path), "test"), admin="admin", seed=42, orders=120, simulated=120)
    db.close()
    return path
