"""``boclerk`` without a command: the clerk's app (the demo database with --demo)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boclerk.cli.state import State, actor, err
from boclerk.i18n import _

if TYPE_CHECKING:
    from boclerk.settings import Config


def demo_to_build(st: State) -> bool:
    """Whether the demo database must be built first; a build that was stopped half way is
    removed here (never opened)."""
    from boclerk.demo.shop import building_marker

    loc = st.location()
    marker = building_marker(loc)
    if marker is not None and marker.exists():
        from boclerk.cli.demo_cmd import _remove_demo

        err(_("The demo shop at {place} was not finished building; building it again.").format(place=loc.display()))
        _remove_demo(loc, unfinished=True)
        return True
    return not (loc.path is not None and loc.path.exists() and loc.path.stat().st_size > 0)


def ensure_demo(st: State) -> None:
    """Create the demo database on first use, here (a rich bar on a terminal)."""
    if not demo_to_build(st):
        return
    loc = st.location()
    from boclerk.cli.demo_cmd import _progress
    from boclerk.demo.shop import build_demo, demo_day
    from boclerk.i18n import language

    err(_("Building the demo shop at {place} (once; the app opens when it is built) ...").format(place=loc.display()))
    bar, report = _progress()  # what is being built, on a terminal
    if bar is not None:
        with bar:
            db, _summary = build_demo(loc, admin=actor(), today=demo_day(), names_in=language(), progress=report)
    else:
        db, _summary = build_demo(loc, admin=actor(), today=demo_day(), names_in=language())
    db.close()


def app_database(location):
    """The database as the app opens it: its first screens read with sqlite3 (psycopg on a server)
    alone and SQLAlchemy comes once they are up (boclerk/db/quick.py)."""
    from boclerk.db.quick import QuickDatabase

    return QuickDatabase.open(location)


def older_demo(loc) -> str | None:
    """The revision of the demo shop at ``loc`` when an older boclerk made it (one this one can
    upgrade), else None: another shop's database, or one at any other revision, is never touched."""
    import sqlite3

    from boclerk.db.schema import KNOWN_REVISIONS, SCHEMA_REVISION
    from boclerk.demo import is_demo_name

    if loc.path is None or not loc.path.exists():
        return None
    try:
        con = sqlite3.connect(f"{loc.path.as_uri()}?mode=ro", uri=True)
        try:
            (revision,) = con.execute("SELECT version_num FROM alembic_version").fetchone() or (None,)
            (name,) = con.execute("SELECT name FROM company").fetchone() or (None,)
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    if not is_demo_name(name) or revision == SCHEMA_REVISION or revision not in KNOWN_REVISIONS:
        return None
    return revision


def open_demo(st: State, loc, who: str):
    """The app's database, the demo shop upgraded first when an older boclerk made it (a backup is
    kept beside it, as ``db upgrade`` keeps one)."""
    from boclerk.errors import DatabaseUnavailable

    try:
        return app_database(loc)
    except DatabaseUnavailable:
        if not st.demo or older_demo(loc) is None:
            raise
    from boclerk.services.platform.maintenance import upgrade

    err(_("The demo shop at {place} was made by an older boclerk; upgrading it ...").format(place=loc.display()))
    before, after, saved = upgrade(loc, who)
    err(_("Upgraded the demo shop from revision {before} to {after}; the one before is kept in {saved}.").format(
        before=before, after=after, saved=saved))
    return app_database(loc)


def check_actor(db, who: str) -> None:
    """Refuse an unknown or disabled OS user, with one sentence, before the screen opens."""
    with (db.quick_read(who) if hasattr(db, "quick_read") else db.read(who)):
        pass


def first_area(named: str | None, config: Config, picked: object = None) -> str:
    """The area the app opens on (its mode): ``--open``'s, else the one the person ``picked`` in
    the app (its palette's "Start here", remembered like the theme), else the config file's
    ``open``, else Home. An area nobody has is refused before anything opens."""
    from boclerk.errors import InvalidInput
    from boclerk.tui.areas import BY_MODE, area_named, area_names

    if named is None and isinstance(picked, str) and picked in BY_MODE:
        return picked
    said, where = (named, "--open") if named is not None else (config.open, _("the config file's open"))
    if said is None:
        return "dashboard"
    area = area_named(str(said))
    if area is None:
        raise InvalidInput(_("No area is called '{name}' ({where}); the areas: {areas}.").format(
            name=said, where=where, areas=area_names()))
    return area.mode


def open_front(st: State, *, no_mouse: bool = False, area: str | None = None) -> None:
    """Open the app as the invoking OS user (refused before the screen opens if unknown), on
    ``area`` (see :func:`first_area`). With --demo and no demo shop yet, the app opens at once on
    the build's progress, then on that area."""
    from boclerk.cli.which_db import remember_database
    from boclerk.settings import app_state_path, load_config, remembered

    config = load_config()
    mode = first_area(area, config, remembered(app_state_path()).get("open"))
    loc = st.location()
    who = actor()
    if st.demo and loc.path is None:  # a demo on a server: built here, then opened
        ensure_demo(st)
    elif st.demo and demo_to_build(st):
        from boclerk.tui import run_app
        from boclerk.tui.demo_build import PendingShop

        loc.path.parent.mkdir(parents=True, exist_ok=True)
        opened: list = []

        def open_built():
            opened.append(app_database(loc))
            return opened[-1]

        remember_database(loc)
        try:
            run_app(None, who, config=config, mouse=not no_mouse,
                    building=PendingShop(loc.path, open_built), area=mode)
        finally:
            for db in opened:
                db.close()
        return
    db = open_demo(st, loc, who)
    try:
        check_actor(db, who)
        from boclerk.tui import run_app

        remember_database(loc)
        run_app(db, who, config=config, mouse=not no_mouse, area=mode)
    finally:
        db.close()
