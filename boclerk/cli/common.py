"""What every command shares: the app class, the opened database, output helpers.

Data goes to stdout, messages to stderr. A :class:`BoclerkError` becomes its sentence
on stderr and its exit code (DESIGN.md section 6): 1 refused, 2 bad input, 3 not
permitted, 4 not found.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import typer

from boclerk.errors import BoclerkError


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
            raise fail("Interrupted; nothing more was written.", 130) from None
        except PermissionError as exc:  # the OS said no where no service expected it: a sentence all the same
            where = f" {exc.filename}" if exc.filename else ""
            raise fail(f"boclerk may not open{where}: permission denied for this account.", 2) from None
        except Exception as exc:
            from sqlalchemy.exc import DBAPIError, IntegrityError

            if isinstance(exc, IntegrityError):  # a concurrent act won a uniqueness race
                raise fail("This conflicts with a change saved a moment ago by someone else; nothing was written. "
                           "Look again and retry.", 1) from None
            if isinstance(exc, DBAPIError) and exc.connection_invalidated:
                raise fail(f"Lost the connection to the database: {exc.orig}.", 2) from None
            raise

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

    def callback(self, *args: Any, **kwargs: Any) -> Callable:
        register = super().callback(*args, **kwargs)

        def decorator(fn: Callable) -> Callable:
            register(_guard(fn))
            return fn

        return decorator


@dataclass
class State:
    """Options of the root command, shared with every subcommand."""

    db: str | None = None
    demo: bool = False
    _database: Any = field(default=None, repr=False)
    _actor: str | None = field(default=None, repr=False)
    _location: Any = field(default=None, repr=False)

    def location(self):
        if self._location is None:
            from boclerk.settings import resolve_db

            loc = resolve_db(self.db, demo=self.demo)
            if (self.db or self.demo) and loc.path is not None:  # a path the person named: their rights apply
                from boclerk.services.platform.paths import check_named_database

                check_named_database(loc.path)
            self._location = loc
        return self._location

    def database(self):
        """The opened database, checked to be at the code's revision."""
        if self._database is None:
            from boclerk.db.database import Database

            self._database = Database.open(self.location())
        return self._database

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


def neutralise_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r\x00":
        return "'" + text
    return text


def emit_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise_cell(v) for v in row])


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
        err(f"{title or 'Nothing'}: none.")
        return
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


def run_write(ctx: typer.Context, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a write service in one unit of work as the invoking OS user."""
    with state(ctx).database().write(actor()) as uow:
        return fn(uow, *args, **kwargs)


def run_read(ctx: typer.Context, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a query service in one read unit of work as the invoking OS user."""
    from boclerk.db.uow import is_core_only

    with state(ctx).database().read(actor(), core_only=is_core_only(fn)) as uow:
        return fn(uow, *args, **kwargs)


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
                             for k in keys] for row in data))
        return
    assert cells is not None
    print_table(title, columns, (cells(r, sh) for r in rows), right=right)
