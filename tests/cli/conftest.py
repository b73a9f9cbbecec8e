"""The command line's shared demo shop."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def quality_demo(tmp_path_factory):
    """The demo shop (seed 7, 150 orders) and its day, built once per test process and only read:
    the late queue and the service report on real records. Its users are the admin and the demo's clerks."""
    from boclerk.demo.shop import DEMO_TODAY, build_demo
    from boclerk.settings import location_from

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db, _ = build_demo(location_from(str(path), "test"), admin="admin", seed=7, orders=150, simulated=150)
    db.close()
    return location_from(str(path), "test"), DEMO_TODAY
