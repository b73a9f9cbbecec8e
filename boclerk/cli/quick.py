"""What is answered before typer is loaded: ``boclerk find``, ``boclerk show`` of the kinds in
:data:`QUICK_SHOWS` (orders, customers, suppliers, products, purchase orders, bills, entries),
``boclerk company show``, each also with ``--demo`` once the demo shop is built (:func:`demo_built`),
and the app (``boclerk`` with no command: ``[--db X] [--demo] [--no-mouse] [--open AREA]``).

Over SSH a lookup should take about the time Python takes to start, and importing typer
(with click) and building the command tree is a third of it. So :func:`run` recognises the
command lines of the lookups it can answer alone and answers them through the same
functions the typer commands call (:mod:`boclerk.cli.lookup_out`), with the same refusals
and exit codes. Anything it does not recognise exactly (``--help``, an option it does not
know, a value out of range, a missing argument, another kind of record) goes to typer, which
says what it always says.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: the options of each quick command: name -> whether it takes a value
_FIND_OPTIONS = {"--kind": True, "--limit": True, "--json": False}
_SHOW_OPTIONS = {"--json": False}


@dataclass(frozen=True)
class Line:
    """A command line the quick path answers."""

    command: str  # "find", "show" or "company" (its show)
    db: str | None
    demo: bool
    arguments: tuple[str, ...]
    options: dict[str, str | bool]


def _split(tokens: Sequence[str], known: dict[str, bool]) -> tuple[list[str], dict[str, str | bool]] | None:
    """The arguments and options of a command's tokens, or None for anything typer should read."""
    arguments: list[str] = []
    options: dict[str, str | bool] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("-"):  # an option (or "-", "--", an argument that looks like one): typer's
            name, has_value, value = token.partition("=")
            if name not in known or name in options:
                return None
            if known[name]:
                if not has_value:
                    if i + 1 >= len(tokens):
                        return None
                    i += 1
                    value = tokens[i]
                if value.startswith("-"):
                    return None
                options[name] = value
            elif has_value:
                return None
            else:
                options[name] = True
        else:
            arguments.append(token)
        i += 1
    return arguments, options


def parse(args: Sequence[str]) -> Line | None:
    """The quick lookup that ``args`` (the command line with ``--db`` moved to the front, see
    :func:`boclerk.cli.main.hoist_global_options`) asks for, or None."""
    db: str | None = None
    demo = False
    i = 0
    while i < len(args) and (args[i] == "--demo" or args[i].split("=", 1)[0] == "--db"):
        if args[i] == "--demo":  # the root's flag, before the command (typer's place for it)
            if demo:
                return None
            demo = True
        elif db is not None:
            return None
        elif args[i].startswith("--db="):
            db = args[i][len("--db="):]
        elif i + 1 < len(args):
            i += 1
            db = args[i]
        else:
            return None
        i += 1
    if i >= len(args) or args[i] not in ("find", "show", "company"):
        return None
    command = args[i]
    if command == "company":  # only its show: ``company show [--json]``
        if args[i + 1:i + 2] != ["show"]:
            return None
        i += 1
    split = _split(args[i + 1:], _FIND_OPTIONS if command == "find" else _SHOW_OPTIONS)
    if split is None:
        return None
    arguments, options = split
    if command == "find":
        if len(arguments) != 1:
            return None
        if "--limit" in options:
            try:
                limit = int(options["--limit"])  # as click reads an int
            except ValueError:
                return None
            if not 1 <= limit <= 200:
                return None
    elif command == "company":
        if arguments:
            return None
    elif len(arguments) != 2 or arguments[0].strip().lower() not in QUICK_SHOWS:
        return None
    return Line(command, db, demo, tuple(arguments), options)


#: the kinds ``boclerk show`` answers with sqlite3 alone, each with the function that prints it
#: ("module:function", called with the state, the kind, the key and whether --json was given), the
#: same the typer command calls; the other kinds go through typer
QUICK_SHOWS = {
    "order": "boclerk.cli.show_out:show",
    "customer": "boclerk.cli.lookup_out:show_partner",
    "supplier": "boclerk.cli.lookup_out:show_partner",
    "product": "boclerk.cli.show_out:show",
    "po": "boclerk.cli.show_out:show",
    "bill": "boclerk.cli.show_out:show",
    "entry": "boclerk.cli.show_out:show",
    "document": "boclerk.cli.lookup_office_out:show_by_key",
    "request": "boclerk.cli.lookup_office_out:show_by_key",
    "equipment": "boclerk.cli.lookup_office_out:show_by_key",
    "contract": "boclerk.cli.lookup_office_out:show_by_key",
}

#: the options of ``boclerk`` alone (the app), each at most once
_APP_OPTIONS = {"--db": True, "--demo": False, "--no-mouse": False, "--open": True}


def parse_app(args: Sequence[str]) -> dict[str, str | bool] | None:
    """The options of a command line that opens the app, or None for anything else (a command,
    ``--help``, ``--version``, an unknown or repeated option, an argument)."""
    split = _split(args, _APP_OPTIONS)
    if split is None or split[0]:
        return None
    return split[1]


def _answer(line: Line) -> Callable[..., int | None]:
    from importlib import import_module

    from boclerk.cli import lookup_out

    if line.command == "find":
        (text,) = line.arguments
        kind = line.options.get("--kind")
        limit = int(line.options.get("--limit", 10))
        return lambda st: lookup_out.find(st, text, kind, limit, bool(line.options.get("--json")))
    if line.command == "company":
        return lambda st: lookup_out.show_company(st, bool(line.options.get("--json")))
    kind, key = line.arguments[0].strip().lower(), line.arguments[1]
    module, _, name = QUICK_SHOWS[kind].partition(":")
    show = getattr(import_module(module), name)
    return lambda st: show(st, kind, key, bool(line.options.get("--json")))


def run(args: Sequence[str]) -> int | None:
    """Answer ``args`` if it is a quick lookup or opens the app: its exit code; None when typer
    should run it."""
    if "_BOCLERK_COMPLETE" in os.environ:
        return None  # shell completion asks typer
    line = parse(args)
    if line is not None and (not line.demo or demo_built(line.db)):
        return _run(line.db, line.demo, True, _answer(line))
    app = parse_app(args)
    if app is not None:
        from boclerk.cli.front import open_front

        no_mouse, area = bool(app.get("--no-mouse")), app.get("--open")
        return _run(app.get("--db"), bool(app.get("--demo")), False,  # type: ignore[arg-type]
                    lambda st: open_front(st, no_mouse=no_mouse, area=area))  # type: ignore[arg-type]
    return None


def demo_built(db: str | None) -> bool:
    """Whether the database ``--demo`` names (``--db``'s when both are given) is there, whole: a
    lookup on it is answered here; one not built yet, or whose build was stopped half way, goes to
    typer, which says what it says of it."""
    from boclerk.errors import BoclerkError
    from boclerk.settings import resolve_db

    try:
        loc = resolve_db(db, demo=True)
    except BoclerkError:
        return False  # typer's command says why
    if loc.path is None:
        return True  # a server: nothing to build here
    marker = loc.path.with_name(loc.path.name + ".building")  # boclerk.demo.shop.building_marker (which loads the ORM)
    try:
        return loc.path.stat().st_size > 0 and not marker.exists()
    except OSError:
        return False


def _run(db: str | None, demo: bool, announce: bool, answer: Callable[..., int | None]) -> int:
    """``answer(state)`` with the root command's state, its refusals said as typer's commands say them."""
    from boclerk.cli.state import State, begin, err, refusal

    st = State(db=db, demo=demo, announce=announce)
    begin(st)
    try:
        return answer(st) or 0
    except (Exception, KeyboardInterrupt) as exc:
        said = refusal(exc)
        if said is not None:
            err(said[0])
            return said[1]
        if isinstance(exc, BrokenPipeError):  # a reader that stopped early (| head): as click says it
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
        raise
    finally:
        st.close()
