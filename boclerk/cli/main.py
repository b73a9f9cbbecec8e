"""Entry point of the ``boclerk`` console script."""

from __future__ import annotations

import sys
from collections.abc import Sequence

#: Options of the root command that may stand anywhere on the command line.
_HOISTED = ("--db",)


def hoist_global_options(argv: Sequence[str]) -> list[str]:
    """Move ``--db X`` / ``--db=X`` to the front so it works after a subcommand too."""
    front: list[str] = []
    rest: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if name in _HOISTED:
            if "=" in arg:
                front.append(arg)
            else:
                front.append(arg)
                if i + 1 < len(args):
                    front.append(args[i + 1])
                    i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


def command_of(args: Sequence[str]) -> str | None:
    """The subcommand named on a hoisted command line, if any."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--db":
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return arg
    return None


def main(argv: Sequence[str] | None = None, *, quick: bool = True) -> None:
    """Run the command line ``argv`` (else the process's); ``quick=False`` sends even the quick
    lookups through typer (to compare the two)."""
    from boclerk.cli.state import pick_from_config

    pick_from_config()  # before the commands are imported: some of their words are made then
    args = hoist_global_options(sys.argv[1:] if argv is None else argv)
    if quick:
        from boclerk.cli.quick import run

        code = run(args)  # find and show order, answered without loading typer
        if code is not None:
            sys.exit(code)
    from boclerk.cli.app import COMMANDS, GROUPS, build

    name = command_of(args)
    only = name if name in GROUPS or name in COMMANDS else None
    if name is None and "--help" not in args:
        only = ""  # the app: the root command alone (the tree would load the ORM schema before the screen)
    build(only)(args=args, prog_name="boclerk")
