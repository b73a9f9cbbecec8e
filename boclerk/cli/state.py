"""What a command knows before typer is involved: the options of the root command (the
database, the demo), who runs it, the sentence and exit code of a refusal, and plain output.

Nothing here imports typer (or click, or rich): the quick lookups (:mod:`boclerk.cli.quick`)
run on this alone, and :mod:`boclerk.cli.common` builds the typer commands on it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from boclerk.domain.state_words import state_word  # noqa: F401 - the states as messages say them (codes stay stored)
from boclerk.i18n import _, pick_language, use


def err(message: str) -> None:
    """A message for the human, on stderr."""
    print(message, file=sys.stderr)


def pick_from_config() -> str:
    """Use the language the config files ask for (else LANG's); a config that cannot be read is
    reported later, by the command, in English until then."""
    from boclerk.errors import BoclerkError
    from boclerk.settings import load_config

    try:
        configured = load_config().locale
    except BoclerkError:
        configured = None
    return use(pick_language(configured))


#: the company's fields as ``boclerk company set`` names its options
COMPANY_OPTIONS = {"tax_id": "--tax-id", "bik": "--bik", "bank_account": "--account", "bank_name": "--bank",
                   "corr_account": "--corr-account", "director": "--director", "kpp": "--kpp", "ogrn": "--ogrn",
                   "legal_address": "--address", "chief_accountant": "--accountant", "name": "--name"}


def company_set(fields: tuple[str, ...], may_set: bool = True) -> str:
    """The command that sets the company's missing ``fields`` (after a sentence that names them), or "";
    for a person who may not run it, whom to ask to run it."""
    if not fields:
        return ""
    options = " ".join(f"{COMPANY_OPTIONS.get(f, '--' + f.replace('_', '-'))} ..." for f in fields)
    if not may_set:
        return " " + _("Ask an administrator to set them: boclerk company set {options}.").format(options=options)
    return " " + _("Set them first: boclerk company set {options}.").format(options=options)


def refusal(exc: BaseException) -> tuple[str, int] | None:
    """The sentence and exit code of an exception a command turns into words (DESIGN.md section 6:
    1 refused, 2 bad input, 3 not permitted, 4 not found; 130 interrupted), else None."""
    from boclerk.errors import BoclerkError, CompanyDetailsMissing, PartnerArchived, ProductArchived

    if isinstance(exc, BoclerkError):
        if isinstance(exc, CompanyDetailsMissing):
            return exc.message + company_set(exc.fields, exc.may_set), exc.exit_code
        if isinstance(exc, PartnerArchived):
            return exc.message + " " + _("To restore them: boclerk {side} restore {code}.").format(
                side=exc.side, code=exc.code), exc.exit_code
        if isinstance(exc, ProductArchived):
            return exc.message + " " + _("To restore it: boclerk product restore {sku}.").format(sku=exc.sku), exc.exit_code
        return exc.message, exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return _("Interrupted; nothing more was written."), 130
    if isinstance(exc, PermissionError):  # the OS said no where no service expected it: a sentence all the same
        said = (_("boclerk may not open {path}: permission denied for this account.").format(path=exc.filename)
                if exc.filename else _("boclerk may not open: permission denied for this account."))
        return said, 2
    return None


@dataclass
class State:
    """Options of the root command, shared with every subcommand."""

    db: str | None = None
    demo: bool = False
    #: say which database a command uses when it is not the one the app last ran on
    announce: bool = False
    _database: Any = field(default=None, repr=False)
    _actor: str | None = field(default=None, repr=False)
    _location: Any = field(default=None, repr=False)
    _reader: Any = field(default=None, repr=False)

    def location(self):
        if self._location is None:
            from boclerk.settings import resolve_db

            loc = resolve_db(self.db, demo=self.demo)
            if (self.db or self.demo) and loc.path is not None:  # a path the person named: their rights apply
                from boclerk.services.platform.identity import person

                if person() is not None:  # acting for someone through sudo (else the kernel alone decides)
                    from boclerk.services.platform.paths import check_named_database

                    check_named_database(loc.path)
            self._location = loc
            if self.announce and not (self.db or self.demo):  # a database named on the line is known
                from boclerk.cli.which_db import announce_database

                announce_database(loc)
        return self._location

    def built_location(self):
        """The database a command reads or writes: with --demo, one that has been built (the app
        builds it on first use; a command names what builds it)."""
        loc = self.location()
        if self.demo and loc.path is not None and not loc.path.exists():
            from boclerk.errors import DatabaseUnavailable

            raise DatabaseUnavailable(_("There is no demo shop at {place} yet; build it with: boclerk demo "
                                        "(or open the app on it: boclerk --demo).").format(place=loc.display()))
        return loc

    def database(self):
        """The opened database, checked to be at the code's revision."""
        if self._database is None:
            from boclerk.db.database import Database

            self._database = Database.open(self.built_location())
        return self._database

    def reader(self):
        """For a plain-SQL read: the database read with sqlite3 or psycopg alone (no SQLAlchemy
        loaded, see boclerk/db/plain.py and plain_pg.py) unless it is open already."""
        if self._database is None:
            if self._reader is None:
                from boclerk.db.quick import open_plain

                self._reader = open_plain(self.built_location())
            return self._reader
        return self.database()

    def actor(self) -> str:
        """Who runs this command (see services/platform/identity.py for the rule)."""
        if self._actor is None:
            from boclerk.services.platform import identity

            self._actor = identity.os_user_name(identity.database_owner(self.location()))
        return self._actor

    def lookup(self, fn, *args: Any, **kwargs: Any) -> Any:
        """A quick lookup (a plain-SQL query service) as the invoking OS user, without loading
        SQLAlchemy."""
        return self.reader().run(self.actor(), fn, *args, write=False, **kwargs)

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None


STATE = State()
_current: list[State] = [STATE]


def begin(st: State) -> None:
    """Make ``st`` the state of the command now running (the root command calls this)."""
    _current[0] = st


def current() -> State:
    """The state of the command now running."""
    return _current[0]


def actor() -> str:
    """The invoking OS user, as boclerk knows them, for the database of the running command."""
    return current().actor()


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def plain(value: Any, currency: str) -> Any:
    from boclerk.services.rows import to_plain

    return to_plain(value, currency)
