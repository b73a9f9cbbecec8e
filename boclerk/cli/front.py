"""``boclerk`` without a command: the clerk's app (the demo database with --demo)."""

from __future__ import annotations

from boclerk.cli.common import State, actor, err
from boclerk.i18n import _


def ensure_demo(st: State) -> None:
    """Create the demo database on first use."""
    from boclerk.demo.shop import building_marker

    loc = st.location()
    marker = building_marker(loc)
    if marker is not None and marker.exists():
        from boclerk.cli.demo_cmd import _remove_demo

        err(_("The demo shop at {place} was not finished building; building it again.").format(place=loc.display()))
        _remove_demo(loc, unfinished=True)
    elif loc.path is not None and loc.path.exists() and loc.path.stat().st_size > 0:
        return
    from boclerk.cli.demo_cmd import _progress
    from boclerk.demo.shop import build_demo

    err(_("Building the demo shop at {place} (once; the app opens when it is built) ...").format(place=loc.display()))
    bar, report = _progress()  # what is being built, on a terminal
    if bar is not None:
        with bar:
            db, _summary = build_demo(loc, admin=actor(), progress=report)
    else:
        db, _summary = build_demo(loc, admin=actor())
    db.close()


def open_front(st: State, *, no_mouse: bool = False) -> None:
    """Open the app as the invoking OS user (refused before the screen opens if unknown)."""
    if st.demo:
        ensure_demo(st)
    db = st.database()
    who = actor()
    with db.read(who):
        pass  # an unknown or disabled OS user is refused here, with one sentence
    from boclerk.cli.which_db import remember_database
    from boclerk.settings import load_config
    from boclerk.tui import run_app

    remember_database(st.location())
    run_app(db, who, config=load_config(), mouse=not no_mouse)
