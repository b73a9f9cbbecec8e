"""kill -9 in the middle of ``db backup`` and ``doc scan``, 30 times each.

Each trial runs the real command in a process of its own and kills it just before a line
chosen by a seeded random draw over the lines the whole act executes (tests/crash.py), so
the kill points are spread over the act and the same in every run. Only outcomes are
asserted: ``db check`` passes after every kill; a backup either exists and restores into a
shop that passes ``db check``, or does not exist, and whatever a killed backup left is
refused by ``db restore`` and cleared by the next backup; what a killed scan left is
reported as cleanable (not damage) and cleaned by the next scan, which registers every file
exactly once.
"""

from __future__ import annotations

import os
import pwd
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from boclerk.db.database import Database
from boclerk.errors import InvalidInput
from boclerk.services.documents.intake import register_bytes, scan
from boclerk.services.documents.store import DocStore
from boclerk.services.platform.checks import run_checks
from boclerk.services.platform.maintenance import backup_database
from boclerk.services.platform.restore import restore
from boclerk.services.platform.users import add_user
from boclerk.settings import location_from
from tests.services.doc_samples import Pay, statement_1c

#: the module's shared shop is built once: its tests run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("crashes")

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 30
CHUNKS = 3
ME = pwd.getpwuid(os.geteuid()).pw_name


def boclerk_killed_at(point: int, watched: str, *args: str, count_file: Path | None = None):
    env = dict(os.environ, BOCLERK_CONFIG=os.devnull)
    env.pop("SUDO_USER", None)
    env.pop("SUDO_UID", None)
    if count_file is not None:
        env["BOCLERK_CRASH_COUNT"] = str(count_file)
    return subprocess.run([sys.executable, str(ROOT / "tests" / "crash.py"), str(point), watched, "--", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def kill_points(total: int, seed: str) -> list[int]:
    rng = random.Random(seed)
    points = rng.sample(range(1, total + 1), TRIALS) if total >= TRIALS else [rng.randint(1, total) for _ in range(TRIALS)]
    return sorted(points)


def shop(path: Path, template: Path) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    db = Database.open(location_from(str(path), "test"))
    with db.write("admin") as uow:
        add_user(uow, ME, "admin")
    return db


def assert_sound(db: Database) -> None:
    report = run_checks(db, "admin")
    assert report.ok, report.violations


# -- db backup ------------------------------------------------------------------------------------

BACKUP_CODE = "boclerk/services/platform/backups.py,boclerk/services/documents/store.py"


@pytest.fixture(scope="module")
def backup_plan(templates, tmp_path_factory):
    """A shop with stored documents, and the kill points over one whole backup of it."""
    base = tmp_path_factory.mktemp("backup-plan")
    db = shop(base / "shop.db", templates["sqlite"])
    for i in range(6):
        register_bytes(db, "admin", f"note-{i}.txt", f"Delivery note {i}: {i + 3} mugs\n".encode())
    db.close()
    counted = base / "count"
    r = boclerk_killed_at(0, BACKUP_CODE, "--db", str(base / "shop.db"), "db", "backup", str(base / "full.backup"),
                          count_file=counted)
    assert r.returncode == 0, r.stderr
    return base / "shop.db", kill_points(int(counted.read_text()), "db backup")


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_a_killed_backup_is_complete_or_absent(backup_plan, tmp_path, chunk):
    template, points = backup_plan
    db = Database.open(location_from(str(_copy_shop(template, tmp_path)), "test"))
    try:
        for trial, point in enumerate(points[chunk::CHUNKS]):
            dest = tmp_path / "out" / f"trial-{trial}.backup"
            dest.parent.mkdir(exist_ok=True)
            r = boclerk_killed_at(point, BACKUP_CODE, "--db", str(db.location.path), "db", "backup", str(dest))
            assert r.returncode in (-9, 0), r.stderr
            assert_sound(db)
            left = [p for p in dest.parent.iterdir() if p.name.startswith(f".{dest.name}.partial-")]
            for partial in left:  # whatever a killed backup left, restore refuses
                with pytest.raises(InvalidInput, match="is not a complete boclerk backup"):
                    restore(location_from(str(tmp_path / "never.db"), "test"), partial, "admin")
            if dest.exists():
                _restores_whole(dest, tmp_path / f"restored-{trial}")
            else:
                with pytest.raises(Exception, match="There is no folder"):
                    restore(location_from(str(tmp_path / "never.db"), "test"), dest, "admin")
                backup_database(db, "admin", dest)  # the next backup to the same place works, and sweeps
                assert [p.name for p in dest.parent.iterdir() if p.name.startswith(f".{dest.name}")] == []
                _restores_whole(dest, tmp_path / f"restored-{trial}")
    finally:
        db.close()


def _copy_shop(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "shop" / "shop.db"
    target.parent.mkdir()
    shutil.copyfile(template, target)
    shutil.copytree(template.parent / f"{template.stem}.documents", target.parent / "shop.documents")
    return target


def _restores_whole(backup: Path, where: Path) -> None:
    where.mkdir()
    location = location_from(str(where / "shop.db"), "test")
    restore(location, backup, "admin")
    restored = Database.open(location)
    try:
        assert_sound(restored)
        assert len(list(DocStore.of(restored).stored())) == 6
    finally:
        restored.close()


# -- doc scan -------------------------------------------------------------------------------------

SCAN_CODE = "boclerk/services/documents/intake.py,boclerk/services/documents/store.py"


def _inbox(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a-contract.txt").write_text("Supply contract 14/26 with Acme\n")
    (folder / "b-waybill.txt").write_text("Waybill 77: 10 mugs\n")
    (folder / "c-receipt.txt").write_text("Receipt for the office chairs\n")
    (folder / "statement.txt").write_bytes(statement_1c([Pay("1500.00", "Payment for order SO-2026-000001")]))
    return folder


@pytest.fixture(scope="module")
def scan_plan(templates, tmp_path_factory):
    base = tmp_path_factory.mktemp("scan-plan")
    shop(base / "shop.db", templates["sqlite"]).close()
    inbox = _inbox(base / "inbox")
    counted = base / "count"
    fresh = base / "counting" / "shop.db"
    fresh.parent.mkdir()
    shutil.copyfile(base / "shop.db", fresh)
    r = boclerk_killed_at(0, SCAN_CODE, "--db", str(fresh), "doc", "scan", str(inbox), count_file=counted)
    assert r.returncode == 0, r.stderr
    return base / "shop.db", inbox, kill_points(int(counted.read_text()), "doc scan")


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_a_killed_scan_leaves_nothing_a_check_calls_damage(scan_plan, tmp_path, chunk):
    template, inbox, points = scan_plan
    for trial, point in enumerate(points[chunk::CHUNKS]):
        path = tmp_path / f"trial-{trial}" / "shop.db"
        path.parent.mkdir()
        shutil.copyfile(template, path)
        r = boclerk_killed_at(point, SCAN_CODE, "--db", str(path), "doc", "scan", str(inbox))
        assert r.returncode in (-9, 0), r.stderr
        db = Database.open(location_from(str(path), "test"))
        try:
            assert_sound(db)  # leftovers are cleanable, not violations
            results = scan(db, "admin", inbox)  # the next scan cleans up and finishes the work
            assert {r.outcome for r in results} <= {"registered", "known"}, [r.message for r in results]
            report = run_checks(db, "admin")
            assert report.ok and report.cleanable == [], (report.violations, report.cleanable)
            with db.read("admin") as uow:
                names = sorted(uow.s.execute(text("SELECT original_name FROM document")).scalars())
            assert names == sorted(p.name for p in inbox.iterdir())
            store = DocStore.of(db)
            assert len(list(store.stored())) == 4 and store.pending() == [] and store.leftovers() == []
        finally:
            db.close()
