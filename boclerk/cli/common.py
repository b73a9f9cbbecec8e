"""What every command shares: the app class, the opened database, output helpers.

Data goes to stdout, messages to stderr. A :class:`BoclerkError` becomes its sentence
on stderr and its exit code (DESIGN.md section 6): 1 refused, 2 bad input, 3 not
permitted, 4 not found.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import typer

from boclerk.errors import BoclerkError
from boclerk.i18n import N_, _


def fail(message: str, code: int) -> typer.Exit:
    err(message)
    return typer.Exit(code)


def err(message: str) -> None:
    """A message for the human, on stderr."""
    print(message, file=sys.stderr)


def _guard(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BoclerkError as exc:
            raise fail(exc.message, exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail(_("Interrupted; nothing more was written."), 130) from None
        except PermissionError as exc:  # the OS said no where no service expected it: a sentence all the same
            said = (_("boclerk may not open {path}: permission denied for this account.").format(path=exc.filename)
                    if exc.filename else _("boclerk may not open: permission denied for this account."))
            raise fail(said, 2) from None

    return wrapper


class App(typer.Typer):
    """A Typer whose commands turn boclerk's refusals into sentences and exit codes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("pretty_exceptions_show_locals", False)
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("add_completion", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable:
        register = super().command(*args, **kwargs)

        def decorator(fn: Callable) -> Callable:
            register(_guard(fn))
            return fn

        return decorator

    def act(self, name: str, act_id: str, *, key: str | None = "number", unless: str | None = None,
            **kwargs: Any) -> Callable:
        """A command that does an act of the rule book (boclerk.domain.acts).

        Once the command has read its input, and before it writes anything (its first
        :func:`run_write`, or an explicit :func:`pass_gate`), the record named by its ``key``
        parameter is checked against the rule book (permission, then state), so a state that
        does not allow the act is refused before any question; an irreversible act then asks, or
        takes ``--yes`` (added to the command here), and without a terminal and without ``--yes``
        it refuses (exit 2). ``unless`` names a flag of the command that makes it another,
        reversible act (``ledger entry --draft``).
        """
        from boclerk.domain.acts import ACTS

        the_act = ACTS[act_id]

        def decorator(fn: Callable) -> Callable:
            import inspect

            from boclerk.cli.options import YesOpt

            signature = inspect.signature(fn, eval_str=True)
            params = list(signature.parameters.values())
            own_yes = "yes" in signature.parameters
            if the_act.irreversible and not own_yes:
                params.append(inspect.Parameter("yes", inspect.Parameter.KEYWORD_ONLY, default=False,
                                                annotation=YesOpt))

            @functools.wraps(fn)
            def wrapper(*args: Any, **kw: Any) -> Any:
                yes = kw.get("yes", False) if own_yes else kw.pop("yes", False)
                ctx = kw["ctx"]
                if not (unless and kw.get(unless)):
                    expect_act(ctx, act_id, kw.get(key) if key else None, yes=yes)
                try:
                    return fn(*args, **kw)
                finally:
                    ctx.meta.pop(_GATE, None)

            wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
            ACT_COMMANDS.setdefault(act_id, []).append((self, name))
            self.command(name, **kwargs)(wrapper)
            return fn

        return decorator

    def callback(self, *args: Any, **kwargs: Any) -> Callable:
        register = super().callback(*args, **kwargs)

        def decorator(fn: Callable) -> Callable:
            register(_guard(fn))
            return fn

        return decorator


#: act id -> the commands (group, name) that do it
ACT_COMMANDS: dict[str, list[tuple[App, str]]] = {}


_GATE = "boclerk.gate"


def interactive() -> bool:
    """Whether a person can answer a question (stdin is a terminal)."""
    return sys.stdin.isatty()


def expect_act(ctx: typer.Context, act_id: str, key: Any = None, *, yes: bool = False) -> None:
    """The command does ``act_id``: its first write passes the rule book first (see :meth:`App.act`)."""
    ctx.meta[_GATE] = (act_id, key, yes)


def pass_gate(ctx: typer.Context) -> None:
    """Check the command's act against the rule book now, if it has not been checked yet."""
    pending = ctx.meta.pop(_GATE, None)
    if pending is not None:
        act_id, key, yes = pending
        gate(ctx, act_id, key, yes=yes)


def gate(ctx: typer.Context, act_id: str, key: Any = None, *, yes: bool = False, question: str | None = None) -> None:
    """Check an act against the rule book on the record as it is, then ask if it cannot be undone."""
    from boclerk.domain.acts import ACTS
    from boclerk.services.acts import check_act

    act = ACTS[act_id]
    run_read(ctx, check_act, act_id, key)
    if not act.irreversible or yes:
        return
    question = question or act.ask(key.upper() if isinstance(key, str) and key[:1].isalpha() else key)
    if not interactive():
        raise fail(_("{question} boclerk cannot ask without a terminal: add --yes to go ahead.").format(question=question), 2)
    if not typer.confirm(question, err=True):
        raise fail(_("Nothing was done."), 1)


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
                from boclerk.services.platform.paths import check_named_database

                check_named_database(loc.path)
            self._location = loc
            if self.announce and not (self.db or self.demo):  # a database named on the line is known
                from boclerk.cli.which_db import announce_database

                announce_database(loc)
        return self._location

    def database(self):
        """The opened database, checked to be at the code's revision."""
        if self._database is None:
            from boclerk.db.database import Database

            self._database = Database.open(self.location())
        return self._database

    def reader(self):
        """For a plain-SQL read: on SQLite, the database read with sqlite3 alone (no SQLAlchemy
        loaded, see boclerk/db/plain.py) unless it is open already; else the database."""
        if self._database is None and self.location().is_sqlite:
            if self._reader is None:
                from boclerk.db.plain import PlainDatabase

                self._reader = PlainDatabase.open(self.location())
            return self._reader
        return self.database()

    def actor(self) -> str:
        """Who runs this command (see services/platform/identity.py for the rule)."""
        if self._actor is None:
            from boclerk.services.platform import identity

            self._actor = identity.os_user_name(identity.database_owner(self.location()))
        return self._actor

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None


#: the states of records as messages say them (the stored code stays as it is)
STATES = {
    "draft": N_("draft"), "confirmed": N_("confirmed"), "partially_shipped": N_("partially shipped"),
    "shipped": N_("shipped"), "delivered": N_("delivered"), "cancelled": N_("cancelled"), "sent": N_("sent"),
    "partially_received": N_("partially received"), "received": N_("received"), "billed": N_("billed"),
    "closed": N_("closed"), "held": N_("held"), "posted": N_("posted"), "paid": N_("paid"),
    "rejected": N_("rejected"), "reversed": N_("reversed"),
}


def state_word(code: str) -> str:
    """A record's state in the interface language (``partially_shipped``: "partially shipped")."""
    return _(STATES[code]) if code in STATES else code.replace("_", " ")


STATE = State()
_current: list[State] = [STATE]


def begin(st: State) -> None:
    """Make ``st`` the state of the command now running (the root command calls this)."""
    _current[0] = st


def state(ctx: typer.Context | None = None) -> State:
    if ctx is not None:
        root = ctx.find_root()
        if isinstance(root.obj, State):
            return root.obj
    return _current[0]


def actor() -> str:
    """The invoking OS user, as boclerk knows them, for the database of the running command."""
    return state().actor()




# -- output -------------------------------------------------------------------

def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def plain(value: Any, currency: str) -> Any:
    from boclerk.services.rows import to_plain

    return to_plain(value, currency)


def emit_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: Iterable[str] = ()) -> None:
    """CSV on stdout through the one writer of ``export csv``: numbers stay numbers (integers
    and Decimals, and the amounts of the ``numeric`` columns); text a spreadsheet would run
    as a formula is neutralised."""
    from boclerk.formats.csvout import write_table

    write_table(columns, rows, sys.stdout, numeric_columns=numeric)


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                *, right: Sequence[str] = ()) -> None:
    """A rich table on stdout. Short and numeric columns keep their width; long text
    columns are cut with an ellipsis when the terminal is narrow. Off a terminal the
    table is as wide as it needs to be."""
    from rich.console import Console
    from rich.table import Table

    from boclerk.domain.bounds import shown

    cells = [["" if v is None else shown(str(v)) for v in row] for row in rows]
    if not cells:
        err(_("{title}: none.").format(title=_(title)) if title else _("Nothing: none."))
        return
    title = _(title) if title else title
    columns = [_(col) if col else col for col in columns]
    right = [_(col) for col in right]
    table = Table(title=title, show_edge=False, header_style="bold", pad_edge=False)
    for i, col in enumerate(columns):
        widest = max([len(col)] + [len(r[i]) for r in cells])
        fixed = col in right or widest <= 16
        table.add_column(col, justify="right" if col in right else "left", no_wrap=True,
                         min_width=widest if fixed else min(widest, 12), overflow="ellipsis")
    for row in cells:
        table.add_row(*row)
    console = Console(soft_wrap=False) if sys.stdout.isatty() else Console(width=max(100, _natural_width(cells, columns)))
    console.print(table)


def _natural_width(cells: list[list[str]], columns: Sequence[str]) -> int:
    return sum(max([len(c)] + [len(r[i]) for r in cells]) + 3 for i, c in enumerate(columns))


def writing(ctx: typer.Context):
    """The database, for a command that writes through it itself (past the rule book's gate)."""
    pass_gate(ctx)
    return state(ctx).database()


def run_write(ctx: typer.Context, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a write service in one unit of work as the invoking OS user (an act's command passes
    the rule book first: see :meth:`App.act`)."""
    pass_gate(ctx)
    return state(ctx).database().run(actor(), fn, *args, write=True, **kwargs)


def run_read(ctx: typer.Context, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a query service in one read unit of work as the invoking OS user."""
    return state(ctx).database().run(actor(), fn, *args, write=False, **kwargs)


def run_lookup(ctx: typer.Context, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """A quick lookup (a plain-SQL query service): on SQLite without loading SQLAlchemy."""
    return state(ctx).reader().run(actor(), fn, *args, write=False, **kwargs)


def emit_rows(ctx: typer.Context, rows: Any, *, json_: bool = False, csv_: bool = False,
              title: str | None = None, columns: Sequence[str] = (), cells: Callable | None = None,
              right: Sequence[str] = ()) -> None:
    """Print service rows as JSON, CSV or a table (``cells`` turns a row into table cells)."""
    from boclerk.cli.output import shop

    sh = shop(state(ctx))
    if json_:
        emit_json(plain(rows, sh.currency))
        return
    if csv_:
        data = plain(rows, sh.currency)
        if data:
            keys = list(data[0].keys())
            emit_csv(keys, ([row[k] if not isinstance(row[k], (list, dict)) else json.dumps(row[k], ensure_ascii=False)
                             for k in keys] for row in data), numeric=_money_fields(rows[0]))
        return
    assert cells is not None
    print_table(title, columns, (cells(r, sh) for r in rows), right=right)


def _money_fields(row: Any) -> list[str]:
    """The fields of a service row that hold numbers written as text: money (decimal strings) and
    quantities (exact Decimals in the product's unit), so that CSV keeps them numbers."""
    import dataclasses
    from decimal import Decimal

    from boclerk.services.rows import is_money

    if not dataclasses.is_dataclass(row):
        return []
    return [f.name for f in dataclasses.fields(row) if is_money(f) or isinstance(getattr(row, f.name), Decimal)]
