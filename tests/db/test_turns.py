"""Writers' turns: first come, first served across processes, and a dead writer blocks nobody."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from boclerk.db import turns
from boclerk.db.turns import Turn, turns_path, write_turn

pytestmark = pytest.mark.skipif(not hasattr(__import__("fcntl"), "F_OFD_SETLKW"), reason="needs OFD locks (Linux)")

# A writer in a process of its own: queue, write its name into the log when its turn comes,
# hold the turn until told to let go (a file appears), then give it back.
WRITER = """
import sys, time, pathlib
from boclerk.db.turns import write_turn
db, name, log, go = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
with write_turn(db):
    with log.open("a") as fh:
        fh.write(name + "\\n")
    while not go.exists():
        time.sleep(0.01)
"""


def _tickets_given(db: Path) -> int:
    raw = turns_path(db).read_bytes()[:16] if turns_path(db).exists() else b""
    return turns._COUNTERS.unpack(raw)[0] if len(raw) == 16 else 0


def _wait_until(cond, timeout=20.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.01)


_STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_writer_left():
    """Whatever a test asserts, the writer processes it started end with it."""
    yield
    while _STARTED:
        proc = _STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _start(tmp_path: Path, db: Path, name: str, go: Path) -> subprocess.Popen:
    given = _tickets_given(db)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), name, str(tmp_path / "log"), str(go)])
    _STARTED.append(proc)
    _wait_until(lambda: _tickets_given(db) > given)  # it holds its ticket: it is in the queue
    return proc


def _log(tmp_path: Path) -> list[str]:
    path = tmp_path / "log"
    return path.read_text().split() if path.exists() else []


def test_writers_get_their_turn_in_the_order_they_came(tmp_path):
    db = tmp_path / "shop.db"
    holder_go = tmp_path / "go-holder"
    procs = [_start(tmp_path, db, "holder", holder_go)]
    _wait_until(lambda: _log(tmp_path) == ["holder"])
    go = tmp_path / "go-all"
    for name in ("first", "second", "third", "fourth"):
        procs.append(_start(tmp_path, db, name, go))
    time.sleep(0.2)
    assert _log(tmp_path) == ["holder"]  # nobody passes the holder
    go.touch()
    holder_go.touch()
    for p in procs:
        assert p.wait(timeout=30) == 0
    assert _log(tmp_path) == ["holder", "first", "second", "third", "fourth"]


def test_a_killed_holder_does_not_block_the_queue(tmp_path):
    db = tmp_path / "shop.db"
    never = tmp_path / "never"
    holder = _start(tmp_path, db, "holder", never)
    _wait_until(lambda: _log(tmp_path) == ["holder"])
    go = tmp_path / "go"
    go.touch()
    waiter = _start(tmp_path, db, "waiter", go)
    time.sleep(0.2)
    assert _log(tmp_path) == ["holder"]
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    assert waiter.wait(timeout=20) == 0
    assert _log(tmp_path) == ["holder", "waiter"]


def test_a_writer_killed_while_waiting_lets_the_next_wait_for_the_holder(tmp_path):
    db = tmp_path / "shop.db"
    holder_go = tmp_path / "go-holder"
    holder = _start(tmp_path, db, "holder", holder_go)
    _wait_until(lambda: _log(tmp_path) == ["holder"])
    go = tmp_path / "go"
    go.touch()
    doomed = _start(tmp_path, db, "doomed", go)
    last = _start(tmp_path, db, "last", go)
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    time.sleep(0.3)
    assert _log(tmp_path) == ["holder"]  # the one behind the dead waiter still waits for the holder
    holder_go.touch()
    assert holder.wait(timeout=20) == 0 and last.wait(timeout=20) == 0
    assert _log(tmp_path) == ["holder", "last"]


def test_two_threads_of_one_process_queue_as_two_writers(tmp_path):
    db = tmp_path / "shop.db"
    order: list[str] = []
    first_in, release = threading.Event(), threading.Event()

    def first():
        with write_turn(db):
            order.append("first in")
            first_in.set()
            release.wait(10)
            order.append("first out")

    def second():
        with write_turn(db):
            order.append("second in")

    t1 = threading.Thread(target=first)
    t1.start()
    assert first_in.wait(10)
    t2 = threading.Thread(target=second)
    t2.start()
    time.sleep(0.2)
    assert order == ["first in"]
    release.set()
    t1.join(10)
    t2.join(10)
    assert order == ["first in", "first out", "second in"]


def test_a_turn_inside_a_turn_of_the_same_thread_does_not_queue_behind_itself(tmp_path):
    db = tmp_path / "shop.db"
    with write_turn(db):
        with write_turn(db):
            assert turns.holding(turns_path(db))
        assert turns.holding(turns_path(db))
    assert not turns.holding(turns_path(db))
    # and the queue moves on: a fresh turn is had at once
    t = Turn(turns_path(db))
    t.take()
    t.give_back()


def test_write_units_queue_on_a_real_database(db, tmp_path):
    """A write unit on SQLite holds a turn from before BEGIN IMMEDIATE until it commits; on
    PostgreSQL (row locks) it takes none."""
    if db.dialect != "sqlite":
        with db.write(None, system=True) as uow:
            assert uow._turn is None and uow.session is not None
        return
    path = turns_path(db.location.path)
    with db.write(None, system=True) as uow:
        assert turns.holding(path)
        assert uow.session is not None
    assert not turns.holding(path)
    with db.read(None, system=True):
        assert not turns.holding(path)


def test_a_writer_that_gives_up_waiting_lets_no_one_pass_the_holder(tmp_path):
    db = tmp_path / "shop.db"
    holder_go = tmp_path / "go-holder"
    holder = _start(tmp_path, db, "holder", holder_go)
    _wait_until(lambda: _log(tmp_path) == ["holder"])
    quitter = Turn(turns_path(db))
    # queue by hand, as take() does, then leave without being served (an interrupted wait)
    fd = quitter.fd
    turns._lock(fd, turns.fcntl.F_WRLCK, 0, turns._COUNTERS.size)
    next_ticket, done = turns._read(fd)
    turns._lock(fd, turns.fcntl.F_WRLCK, turns._slot(next_ticket), wait=False)
    turns._write(fd, next_ticket + 1, done)
    turns._unlock(fd, 0, turns._COUNTERS.size)
    quitter.ticket = next_ticket
    go = tmp_path / "go"
    go.touch()
    last = _start(tmp_path, db, "last", go)
    quitter.give_back()  # never served
    time.sleep(0.3)
    assert _log(tmp_path) == ["holder"]  # the one behind it still waits for the holder
    holder_go.touch()
    assert holder.wait(timeout=20) == 0 and last.wait(timeout=20) == 0
    assert _log(tmp_path) == ["holder", "last"]


# -- planners' places ---------------------------------------------------------------------------

def test_planner_places_are_as_many_as_the_cores():
    assert turns.planner_places() == len(os.sched_getaffinity(0))


def test_planners_beyond_the_places_wait_until_a_place_is_free(tmp_path):
    db = tmp_path / "p.db"
    inside, most, lock = [], [0], threading.Lock()
    release = threading.Event()
    entered = threading.Semaphore(0)

    def plan(name: str) -> None:
        with turns.planner(db, places=2):
            with lock:
                inside.append(name)
                most[0] = max(most[0], len(inside))
            entered.release()
            release.wait(20)
            with lock:
                inside.remove(name)

    threads = [threading.Thread(target=plan, args=(f"p{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    assert entered.acquire(timeout=20) and entered.acquire(timeout=20)
    time.sleep(0.3)  # the other two have had time to get in, were there a place
    with lock:
        assert len(inside) == 2
    release.set()
    for t in threads:
        t.join(20)
    assert most[0] == 2 and inside == []
    assert not any(t.is_alive() for t in threads)


def test_planners_get_a_place_in_the_order_they_came(tmp_path):
    """One place, held; four planners queue one after another; let go: they plan in that order,
    and none passes another (each takes its ticket in the planners' own queue)."""
    db = tmp_path / "p.db"
    entered, lock = [], threading.Lock()
    release = threading.Event()
    holding = threading.Event()

    def hold() -> None:
        with turns.planner(db, places=1):
            holding.set()
            release.wait(20)

    def plan(name: str) -> None:
        with turns.planner(db, places=1):
            with lock:
                entered.append(name)

    def queued() -> int:
        fd = os.open(turns_path(db), os.O_RDONLY)
        try:
            return turns._read(fd, turns.PLANNERS_TURNS)[0]
        finally:
            os.close(fd)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(20)
    threads = []
    for i in range(4):
        threads.append(threading.Thread(target=plan, args=(f"p{i}",)))
        threads[-1].start()
        _wait_until(lambda: queued() == i + 2)  # the holder's ticket, then each planner's
    time.sleep(0.1)
    assert entered == []
    release.set()
    for t in [holder, *threads]:
        t.join(20)
    assert entered == ["p0", "p1", "p2", "p3"]


def test_a_planner_that_fails_gives_its_place_back(tmp_path):
    db = tmp_path / "p.db"
    with pytest.raises(RuntimeError):
        with turns.planner(db, places=1):
            raise RuntimeError("the plan failed")
    done = threading.Event()

    def plan() -> None:
        with turns.planner(db, places=1):
            done.set()

    t = threading.Thread(target=plan)
    t.start()
    t.join(20)
    assert done.is_set()


def test_a_killed_planner_frees_its_place(tmp_path):
    db = tmp_path / "p.db"
    ready = tmp_path / "ready"
    code = ("import pathlib, sys, time\nfrom boclerk.db.turns import planner\n"
            "with planner(pathlib.Path(sys.argv[1]), places=1):\n"
            "    pathlib.Path(sys.argv[2]).touch()\n    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(ready)])
    try:
        _wait_until(ready.exists)
        waited = threading.Event()

        def plan() -> None:
            with turns.planner(db, places=1):
                waited.set()

        t = threading.Thread(target=plan)
        t.start()
        time.sleep(0.3)
        assert not waited.is_set()  # the place is taken
        os.kill(proc.pid, signal.SIGKILL)
        t.join(20)
        assert waited.is_set()
    finally:
        proc.kill()
        proc.wait()


def test_planners_do_not_take_a_writers_turn(tmp_path):
    """A planner's place and a writer's turn are apart: one does not wait for the other."""
    db = tmp_path / "p.db"
    with turns.planner(db, places=1):
        with write_turn(db):
            pass
    with write_turn(db):
        with turns.planner(db, places=1):
            pass
