"""``boclerk db ...``: the database itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import App, actor, emit_json, err, state
from boclerk.cli.output import shop
from boclerk.cli.options import JsonOpt

app = App()



@app.command("where")
def where(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Print where the database is and which rule said so."""
    loc = state(ctx).location()
    if json_:
        emit_json({"location": loc.display(), "rule": loc.rule, "backend": "sqlite" if loc.is_sqlite else "postgresql"})
    else:
        print(loc.display())
        from boclerk.cli.which_db import rule_words

        err(_("(from the {rule})").format(rule=rule_words(loc)))


@app.command("init")
def init(
    ctx: typer.Context,
    company: Annotated[str | None, typer.Option(help="Company name (default: config file, else 'My Shop').")] = None,
    currency: Annotated[str | None, typer.Option(help="ISO currency code of the books (default RUB).")] = None,
    locale: Annotated[str | None, typer.Option(help="The locale: ru or en; the numbers, dates and names "
                                                      "of the accounts and departments the books start with "
                                                      "follow it.")] = None,
) -> None:
    """Create a new database and make you its first admin. Never overwrites one."""
    from boclerk.services.platform.setup import init_database
    from boclerk.settings import load_config

    from boclerk.i18n import language_of

    cfg = load_config()
    loc = state(ctx).location()
    locale = locale or cfg.locale or "ru"
    db = init_database(loc, admin=actor(), company=company or cfg.company, currency=currency or cfg.currency,
                       locale=locale, names_in=language_of(locale))
    db.close()
    err(_("Created the boclerk database at {place}; {actor} is its admin.").format(place=loc.display(), actor=actor()))


@app.command("status")
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Compare the database's schema revision with this boclerk's."""
    from boclerk.services.platform.maintenance import status as get_status

    st = get_status(state(ctx).built_location())
    if json_:
        emit_json(st.__dict__)
        return
    print(_("database: {location}").format(location=st.location))
    print(_("database revision: {revision}").format(revision=st.database_revision or _("none")))
    print(_("code revision: {code_revision}").format(code_revision=st.code_revision))
    print(_("state: {state}").format(state=_(STATES.get(st.state, st.state))))
    if st.state == "needs upgrade":
        err(_("Run: boclerk db upgrade"))


#: what ``db status`` says of a database (maintenance.status's states), in the reader's language
STATES = {"up to date": N_("up to date"), "needs upgrade": N_("needs upgrade"), "newer than code": N_("newer than code"),
          "not a boclerk database": N_("not a boclerk database")}


@app.command("upgrade")
def upgrade(
    ctx: typer.Context,
    backup_dir: Annotated[Path | None, typer.Option(help="Where to keep the backup taken first (default: backups/ beside the database).", readable=False)] = None,
) -> None:
    """Back the database up, then migrate it to this boclerk's revision (admin)."""
    from boclerk.services.platform.maintenance import upgrade as do_upgrade

    before, after, saved = do_upgrade(state(ctx).built_location(), actor(), backup_dir=backup_dir)
    if saved is None:
        err(_("The database is already at revision {after}; nothing to do.").format(after=after))
    else:
        err(_("Backed up to {saved}.").format(saved=saved))
        err(_("Upgraded the database from revision {before} to {after}.").format(before=before, after=after))


@app.command("backup")
def backup(ctx: typer.Context,
           path: Annotated[Path, typer.Argument(help="The new backup (a folder).", readable=False)]) -> None:
    """Write a complete backup (the database and its stored files, with a manifest), even while others
    are writing (admin)."""
    from boclerk.services.platform.maintenance import backup_database

    saved = backup_database(state(ctx).database(), actor(), path)
    err(_("Backed up the database and {files} stored document file(s) to {path}.").format(files=saved.files, path=saved.path))
    for sha in saved.damaged:
        err(_("Not copied: the stored file {sha} is missing or damaged; boclerk db check names its document.").format(sha=sha))


@app.command("restore")
def restore(ctx: typer.Context,
            path: Annotated[Path, typer.Argument(help="A backup made by boclerk db backup.", readable=False)]) -> None:
    """Replace the database with a backup that checks against its manifest; the current one is backed up
    first (admin)."""
    from boclerk.services.platform.maintenance import restore as do_restore

    loc = state(ctx).location()
    revision, saved, files = do_restore(loc, path, actor())
    if saved is not None:
        err(_("Backed up the replaced database to {saved}.").format(saved=saved))
    err(_("Restored {path} (revision {revision}) into {place}.").format(path=path, revision=revision, place=loc.display()))
    if files:
        err(_("Brought back {files} stored document file(s) from {path}.").format(files=files, path=path))
    from boclerk.db.schema import SCHEMA_REVISION

    if revision != SCHEMA_REVISION:
        err(_("Run: boclerk db upgrade"))


@app.command("check")
def check(ctx: typer.Context, json_: JsonOpt = False,
          repair: Annotated[bool, typer.Option("--repair", help="First sweep stored files no document names (admin).")] = False,
          full: Annotated[bool, typer.Option("--full", help="Check everything again, not only what changed since "
                                                            "the last clean check.")] = False) -> None:
    """Check storage integrity and every invariant of the books; exit 1 on any violation."""
    from boclerk.services.platform.checks import run_checks

    if repair:
        from boclerk.services.documents.checks import sweep_orphans

        removed = sweep_orphans(state(ctx).database(), actor())
        for path in removed:
            err(_("Removed {path}").format(path=path))
        err(_("Swept {n} orphan file(s) from the document store.").format(n=len(removed)))
    report = run_checks(state(ctx).database(), actor(), full=full, keep_mark=True)
    if report.since is not None:
        err(_("Checked what changed since the check of {when}; left to the full check: {left}. "
              "boclerk db check --full checks everything again.")
            .format(when=shop(state(ctx)).moment(report.since),
                    left=", ".join(_(name) for name in report.left)))
    if json_:
        emit_json({
            "ok": report.ok,
            "full": report.since is None,
            "since": report.since.isoformat() if report.since else None,
            "checked": report.checked,
            "violations": [{"invariant": v.invariant, "detail": v.detail} for v in report.violations],
            "cleanable": report.cleanable,
        })
    else:
        for name in report.checked:
            bad = [v for v in report.violations if v.invariant == name]
            print(f"{'FAIL' if bad else 'ok  '}  {name}")  # a checklist scripts read: as it is
            for v in bad:
                print(f"      {v.detail}")
    if report.cleanable:
        for note in report.cleanable:
            err(_("cleanable: {note}").format(note=note))
        err(_("{n} leftover(s) of interrupted work, not damage: the next intake removes them, "
              "or run: boclerk db check --repair").format(n=len(report.cleanable)))
    if not report.ok:
        err(_("{n} violation(s) found.").format(n=len(report.violations)))
        raise typer.Exit(1)


@app.command("copy")
def copy(ctx: typer.Context,
         to: Annotated[str, typer.Option("--to", help="The empty PostgreSQL database to copy into "
                                                      "(postgresql://user@host/name).")],
         json_: JsonOpt = False) -> None:
    """Copy this SQLite database whole (rows, audit trail, stored files) into an empty PostgreSQL
    database, at the same schema revision (admin)."""
    from boclerk.cli.demo_cmd import _progress
    from boclerk.services.platform.pg_copy import copy_to_postgresql

    loc = state(ctx).built_location()
    bar, report = _progress()
    if bar is not None:
        with bar:
            copied = copy_to_postgresql(loc, to, actor(), progress=report)
    else:
        copied = copy_to_postgresql(loc, to, actor(), progress=report)
    for sha in copied.missing_files:
        err(_("Not copied: the stored file {sha} is missing or damaged; boclerk db check names its document.")
            .format(sha=sha))
    if json_:
        emit_json({"source": copied.source, "target": copied.target, "revision": copied.revision,
                   "tables": copied.tables, "rows": copied.rows, "files": copied.files,
                   "missing_files": copied.missing_files, "store": copied.store, "sequences": copied.sequences,
                   "seconds": round(copied.seconds, 3)})
        return
    err(_("Copied the database into {target} (revision {revision}) in {seconds:.1f} s: rows: {rows}, tables: "
          "{tables}, stored document files: {files}.").format(
        rows=copied.rows, tables=len(copied.tables), files=copied.files, target=copied.target,
        revision=copied.revision, seconds=copied.seconds))
    err(_("Point boclerk at it (db = \"{target}\" in the config file, or --db) and keep the documents "
          "folder {store} with it.").format(target=copied.target, store=copied.store))
