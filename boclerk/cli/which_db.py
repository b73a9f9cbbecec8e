"""Which database a command uses, said when it is not the one the app last ran on (after
``boclerk --demo``, a plain command reads data/boclerk.db: one line on stderr says so)."""

from __future__ import annotations

import sys

from boclerk.i18n import N_, _

#: the rules of boclerk.settings.resolve_db, as a person reads them
RULES = (N_("--db option"), N_("--demo (the demo database under the current directory)"),
         N_("BOCLERK_DB environment variable"), N_("config file"),
         N_("default (data/boclerk.db under the current directory)"))


def where(loc) -> str:
    """A database location as the app remembers it: the whole path of a file, else the URL
    without its password."""
    return str(loc.path.resolve()) if loc.path is not None else loc.display()


def remember_database(loc) -> None:
    """The app runs on ``loc``: commands that run on another one say so (see :func:`announce_database`)."""
    from boclerk.settings import app_state_path, remember

    remember(app_state_path(), database=where(loc))


def announce_database(loc) -> None:
    """One line on stderr when a command uses another database than the one the app last ran on
    (``boclerk --demo``, then a plain command on data/boclerk.db)."""
    from boclerk.settings import app_state_path, remembered

    last = remembered(app_state_path()).get("database")
    if isinstance(last, str) and last != where(loc):
        print(_("Using the database {database} ({rule}); the app last ran on {last}.").format(
            database=loc.display(), rule=rule_words(loc), last=last), file=sys.stderr)


def rule_words(loc) -> str:
    """The rule that chose ``loc`` (one of :data:`RULES`) in the reader's language."""
    if loc.rule.startswith("config file "):
        return _("config file {path}").format(path=loc.rule[len("config file "):])
    return _(loc.rule)
