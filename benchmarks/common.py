"""Shared bits of the benchmark scripts: building the large databases, timing commands."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ENV = {**os.environ, "BOCLERK_CONFIG": os.devnull}
DATA = Path(os.environ.get("BOCLERK_BENCH_DIR", "/tmp/boclerk-bench"))


def _compiled() -> None:
    """Byte-compile boclerk before timing anything: an installed package has its .pyc files
    (pip writes them; an editable checkout writes them on first use), but with
    PYTHONDONTWRITEBYTECODE set every timed process would compile the sources again and the
    start-up figures would measure the compiler."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "boclerk"), quiet=2)


_compiled()


def ensure_demo(orders: int, name: str | None = None) -> Path:
    """A demo database with ``orders`` orders (built once, then reused)."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / (name or f"demo-{orders}.db")
    if not path.exists():
        print(f"building {path} with {orders:,} orders (once) ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "boclerk", "demo", "--db", str(path), "--orders", str(orders)],
                       check=True, env=ENV)
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


def wall(cmd: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of ``cmd`` (a new process each time), ``runs`` times."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), min(times)


START = "start"


def pg_arg(parser) -> None:
    """``--pg`` alone starts a throwaway PostgreSQL server for the run; ``--pg URL`` uses that server."""
    parser.add_argument("--pg", nargs="?", const=START, metavar="URL",
                        help="run on PostgreSQL: on a throwaway server this script starts, or on the server at URL "
                             "(where a throwaway database may be created)")


class pg_server:
    """A throwaway PostgreSQL cluster in a temporary directory, as .ci/with-postgres makes one.

    ``with pg_server(url_or_start) as url:`` gives the server's URL (the one given, unless told to start one)
    and removes the cluster afterwards. Listens on 127.0.0.1 only, port BOCLERK_PG_PORT (default 55432).
    """

    def __init__(self, wanted: str | None):
        self.wanted = wanted
        self.dir: Path | None = None

    def _run_as(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        import shutil

        return [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--"]

    def __enter__(self) -> str | None:
        if self.wanted != START:
            return self.wanted
        import glob
        import shutil
        import tempfile

        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in p.split("/")[4].split(".")])
        if not bins:
            raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = bins[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="boclerk-pg-bench."))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        port = os.environ.get("BOCLERK_PG_PORT", "55432")
        quiet = {"stdout": subprocess.DEVNULL}
        subprocess.run([*self._run_as(), f"{self.bin}/initdb", "-D", f"{self.dir}/data", "-U", "postgres", "-A",
                        "trust", "-E", "UTF8", "--no-sync"], check=True, **quiet)
        # synchronous_commit stays on and fsync too: the figures compare with SQLite's synchronous=FULL
        subprocess.run([*self._run_as(), f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w",
                        "-o", f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200",
                        "start"], check=True, **quiet)
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def __exit__(self, *exc) -> None:
        if self.dir is None:
            return
        import shutil

        subprocess.run([*self._run_as(), f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", "immediate", "stop"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)


#: A PostgreSQL demo of more orders than this is made by copying the SQLite demo (``boclerk db copy``),
#: as is any whose SQLite demo is already in the benchmark folder: building it order by order through
#: PostgreSQL took 79 s for 10k orders and 639 s for 100k on this project's machine.
COPY_ABOVE = 100_000


def ensure_pg_demo(server: str, orders: int) -> str:
    """The URL of a demo database with ``orders`` orders on the PostgreSQL ``server`` (built once there).

    Its documents are kept under the benchmark folder, in a store of its own (``pg-<name>.documents``, named by
    ``pg-<name>.toml``), never in the working tree: demos sharing one store would see each other's files as
    orphans."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"boclerk_demo_{orders}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            ready = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not ready:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}_building"'))
                conn.execute(text(f'CREATE DATABASE "{name}_building"'))
    finally:
        admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    if ready:
        return url
    DATA.mkdir(parents=True, exist_ok=True)
    config = DATA / f"pg-{name}.toml"
    config.write_text(f'documents = "{DATA / f"pg-{name}.documents"}"\n')
    building = make_url(server).set(database=f"{name}_building").render_as_string(hide_password=False)
    started = time.perf_counter()
    if orders > COPY_ABOVE or (DATA / f"demo-{orders}.db").exists():
        _copy_sqlite_demo(orders, building, config)
    else:
        print(f"building a PostgreSQL demo with {orders:,} orders (once per server) ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "boclerk", "demo", "--db", building, "--orders", str(orders)],
                       check=True, env={**ENV, "BOCLERK_CONFIG": str(config)}, stdout=subprocess.DEVNULL)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:  # renamed only once whole: a build cut short is never taken for a demo
            conn.execute(text(f'ALTER DATABASE "{name}_building" RENAME TO "{name}"'))
    finally:
        admin.dispose()
    print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return url


def _copy_sqlite_demo(orders: int, building: str, config: Path) -> None:
    """Fill the empty PostgreSQL database ``building`` with the SQLite demo of ``orders`` orders
    (built first if the benchmark folder has none), by ``boclerk db copy``."""
    source = ensure_demo(orders)
    print(f"copying {source} into PostgreSQL (once per server) ...", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, "-m", "boclerk", "--db", str(source), "db", "copy", "--to", building],
                   check=True, env={**ENV, "BOCLERK_CONFIG": str(config)}, stdout=subprocess.DEVNULL)


def query(db: Path | str, sql: str, *params):
    """One row of a plain query on a benchmark database (an SQLite file or a PostgreSQL URL)."""
    from sqlalchemy import create_engine, text

    url = db if isinstance(db, str) and "://" in db else f"sqlite:///{db}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = {f"p{i}": v for i, v in enumerate(params)}
            return conn.execute(text(sql.replace("?", "{}").format(*(f":p{i}" for i in range(len(params))))),
                                names).first()
    finally:
        engine.dispose()


class pg_copy:
    """A throwaway copy of a PostgreSQL database (CREATE DATABASE ... TEMPLATE), dropped afterwards."""

    def __init__(self, server: str, source_url: str):
        from sqlalchemy.engine import make_url

        self.server, self.source = server, make_url(source_url).database
        self.name = f"{self.source}_copy_{os.getpid()}"

    def _admin(self, sql: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        finally:
            engine.dispose()

    def __enter__(self):
        from sqlalchemy.engine import make_url

        from boclerk.settings import location_from

        self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.source}"')
        return location_from(make_url(self.server).set(database=self.name).render_as_string(hide_password=False),
                             "benchmark")

    def __exit__(self, *exc) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
