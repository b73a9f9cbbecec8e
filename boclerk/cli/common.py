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
from typing import Any

import typer

from boclerk.cli.state import (  # noqa: F401 - the typer-free part, used by the commands from here
    STATE,
    State,
    actor,
    begin,
    current,
    emit_json,
    err,
    plain,
    refusal,
    state_word,
)
from boclerk.cli.output import print_table  # noqa: F401 - used by the commands from here
from boclerk.errors import BoclerkError
from boclerk.i18n import _


def fail(message: str, code: int) -> typer.Exit:
    err(message)
    return typer.Exit(code)


def _guard(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (BoclerkError, KeyboardInterrupt, PermissionError) as exc:
            said, code = refusal(exc)  # type: ignore[misc]
            raise fail(said, code) from None

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


def state(ctx: typer.Context | None = None) -> State:
    if ctx is not None:
        root = ctx.find_root()
        if isinstance(root.obj, State):
            return root.obj
    return current()


# -- output -------------------------------------------------------------------


def emit_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: Iterable[str] = ()) -> None:
    """CSV on stdout through the one writer of ``export csv``: numbers stay numbers (integers
    and Decimals, and the amounts of the ``numeric`` columns); text a spreadsheet would run
    as a formula is neutralised."""
    from boclerk.formats.csvout import write_table

    write_table(columns, rows, sys.stdout, numeric_columns=numeric)


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
    return state(ctx).lookup(fn, *args, **kwargs)


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
