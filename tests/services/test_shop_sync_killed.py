"""kill -9 in the middle of ``boclerk shop sync``, then run it again: each web order exactly once.

The real command runs in a process of its own against a local server playing the site
(tests/services/test_shop_sync.py's Site) and is killed just before a line chosen by a seeded
draw over the lines the whole sync executes in the exchange's modules (tests/crash.py). After
each kill, a sync run to the end leaves every order of the site imported once, the books sound.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from boclerk.db.database import Database
from boclerk.services.platform.users import add_user
from boclerk.settings import location_from
from tests.services.test_crashes import ME, ROOT, assert_sound, kill_points
from tests.services.test_shop_orders import COMPANY, document, site_order
from tests.services.test_shop_sync import LOGIN, PASSWORD, Site
from tests.services.trade_helpers import shop, sql

#: the module's shared shop is built once: its tests run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("shop_sync_killed")

SYNC_CODE = ("boclerk/services/exchange/shop_sync.py,boclerk/services/exchange/shop_orders.py,"
             "boclerk/services/exchange/shop_export.py,boclerk/services/exchange/shop_statuses.py")
TRIALS = 6


def sync_killed_at(point: int, db_path: Path, config: Path, count_file: Path | None = None):
    env = dict(os.environ, BOCLERK_CONFIG=str(config), BOCLERK_TEST_SHOP_PASSWORD=PASSWORD)
    env.pop("SUDO_USER", None)
    env.pop("SUDO_UID", None)
    if count_file is not None:
        env["BOCLERK_CRASH_COUNT"] = str(count_file)
    return subprocess.run([sys.executable, str(ROOT / "tests" / "crash.py"), str(point), SYNC_CODE, "--",
                           "--db", str(db_path), "shop", "sync"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def plan(templates, tmp_path_factory):
    base = tmp_path_factory.mktemp("sync-plan")
    path = base / "shop.db"
    shutil.copyfile(templates["sqlite"], path)
    db = Database.open(location_from(str(path), "test"))
    with db.write("admin") as uow:
        add_user(uow, ME, "admin")
    shop(db)
    db.close()
    return path


def test_a_killed_sync_run_again_imports_each_order_once(plan, httpserver, tmp_path):
    site = Site()
    httpserver.expect_request("/1c_exchange.php").respond_with_handler(site.handle)
    orders = document(site_order("1001", [("", "MUG", "1200.00", "1")]),
                      site_order("1002", [("", "LAMP", "3000.00", "1")], buyer=COMPANY),
                      site_order("1003", [("", "KETTLE", "1200.00", "2")]))
    site.orders = orders
    config = tmp_path / "config.toml"
    config.write_text(f'[shop]\nurl = "{httpserver.url_for("/1c_exchange.php")}"\nlogin = "{LOGIN}"\n'
                      'password_env = "BOCLERK_TEST_SHOP_PASSWORD"\ntimeout = 10\nretries = 0\n')

    counted, whole = tmp_path / "count", tmp_path / "whole.db"
    shutil.copyfile(plan, whole)
    r = sync_killed_at(0, whole, config, counted)
    assert r.returncode == 0, r.stderr
    for point in kill_points(int(counted.read_text()), "shop sync")[::30 // TRIALS]:  # spread over the sync
        trial = tmp_path / f"trial-{point}.db"
        shutil.copyfile(plan, trial)
        killed = sync_killed_at(point, trial, config)
        assert killed.returncode == -9, (point, killed.returncode, killed.stderr[-500:])
        again = sync_killed_at(0, trial, config, tmp_path / "ignored")
        assert again.returncode == 0, (point, again.stderr[-500:])
        assert "0 refused" in again.stderr, (point, again.stderr[-500:])  # recognised, not refused as duplicates
        db = Database.open(location_from(str(trial), "test"))
        try:
            counts = sql(db, "SELECT channel_ref, count(*) FROM sales_order WHERE channel = 'website' "
                             "GROUP BY channel_ref ORDER BY channel_ref")
            assert counts == [("1001", 1), ("1002", 1), ("1003", 1)], point
            assert sql(db, "SELECT count(*) FROM shop_order") == [(3,)], point
            assert_sound(db)
        finally:
            db.close()
