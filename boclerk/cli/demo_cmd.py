"""``boclerk demo``: build the demo shop."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer

from boclerk.i18n import _
from boclerk.cli.common import actor, err, state
from boclerk.errors import Refused


def _progress():
    """A rich progress bar on stderr when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
                   transient=True, console=None)
    tasks: dict[str, int] = {}

    def report(what: str, done: int, total: int) -> None:
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total)
        bar.update(tasks[what], completed=done)

    return bar, report


def _print_progress(what: str, done: int, total: int) -> None:
    """A step of the build as a line on stdout, for the app's progress screen: stage, done, total."""
    print(f"{what}\t{done}\t{total}", flush=True)


def demo(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option("--seed", help="Same seed and day, same shop.")] = 42,
    today: Annotated[str | None, typer.Option("--today", help="The shop's last day, DD.MM.YYYY (default: today: "
                                                                "six months of trade up to this morning).")] = None,
    orders: Annotated[int | None, typer.Option("--orders", min=0, max=5_000_000,
                                                help="Orders in all; beyond ~450 they are added in bulk.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace an existing demo database at that place.")] = False,
    progress_lines: Annotated[bool, typer.Option("--progress-lines", hidden=True,
                                                 help="Each step on stdout: stage, done, total (for the app).")] = False,
) -> None:
    """Build the demo shop (data/demo.db unless --db): six months of a home-goods store."""
    from boclerk.demo.shop import build_demo

    st = state(ctx)
    st.demo = not st.db  # the demo's own place unless --db: never the configured shop's, nor announced
    loc = st.location()
    if loc.path is not None and loc.path.exists() and loc.path.stat().st_size > 0:
        from boclerk.demo.shop import building_marker

        unfinished = building_marker(loc).exists()
        if not replace and not unfinished:
            raise Refused(_("{path} already exists; use --replace to build it again.").format(path=loc.path))
        _remove_demo(loc, unfinished=unfinished)
    from boclerk.cli.parse import parse_date_opt
    from boclerk.demo.shop import demo_day
    from boclerk.i18n import language

    # up to that day; its accounts and departments named in the words the person reads
    shop = {"seed": seed, "orders": orders, "today": demo_day(parse_date_opt(today, "--today")), "names_in": language()}
    bar, report = (None, _print_progress) if progress_lines else _progress()
    started = time.perf_counter()
    if bar is not None:
        with bar:
            db, summary = build_demo(loc, admin=actor(), progress=report, **shop)
    else:
        db, summary = build_demo(loc, admin=actor(), progress=report, **shop)
    db.close()
    err(_("Built the demo shop at {place} in {seconds:.1f} s: {products} products, {customers} customers, "
          "{suppliers} suppliers, {orders} orders, {pos} purchase orders, {documents} documents received on its "
          "last morning.").format(place=loc.display(), seconds=time.perf_counter() - started,
                                  products=summary.products, customers=summary.customers,
                                  suppliers=summary.suppliers, orders=summary.orders + summary.bulk_orders,
                                  pos=summary.purchase_orders, documents=summary.documents))


def _remove_demo(loc, *, unfinished: bool = False) -> None:
    """Remove the demo database at ``loc``; anything else there is refused. ``unfinished``: a build
    was stopped there (its marker is left), so a file without a company yet is the demo too."""
    import sqlite3

    from boclerk.demo import is_demo_name

    try:
        con = sqlite3.connect(f"{loc.path.as_uri()}?mode=ro", uri=True)
        try:
            name = con.execute("SELECT name FROM company").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        name = None
    if not (name and is_demo_name(name[0])) and not (unfinished and not name):
        raise Refused(_("{path} is not a demo database; boclerk will not replace it.").format(path=loc.path))
    for suffix in ("", "-wal", "-shm", ".building"):
        p = loc.path.with_name(loc.path.name + suffix)
        p.unlink(missing_ok=True)
