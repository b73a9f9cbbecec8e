"""``boclerk`` without a command: the clerk's app (the demo database with --demo)."""

from __future__ import annotations

from boclerk.cli.common import State, actor, err


def ensure_demo(st: State) -> None:
    """Create the demo database on first use."""
    loc = st.location()
    if loc.path is not None and loc.path.exists() and loc.path.stat().st_size > 0:
        return
    from boclerk.services.demo import build_demo

    err(f"Building the demo shop at {loc.display()} (a few seconds, once) ...")
    db, _ = build_demo(loc, admin=actor())
    db.close()


def open_front(st: State, *, no_mouse: bool = False) -> None:
    if st.demo:
        ensure_demo(st)
    db = st.database()
    from boclerk.services.summary import shop_summary

    with db.read(actor()) as uow:
        summary = shop_summary(uow)
    print(f"{summary.company} ({summary.currency}) at {db.location.display()}")
    for label, value in summary.figures:
        print(f"  {label}: {value}")
