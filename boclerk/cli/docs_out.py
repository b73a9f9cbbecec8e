"""Writing the documents a command produced: to ``-o PATH``, or under their own names here.

A UPD is two files, its XML and its PDF; with ``-o PATH`` the first goes to PATH and the
others beside it with the same stem and their own extension. Nothing is written over
without ``--force`` (see :mod:`boclerk.cli.files`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.i18n import _
from boclerk.cli.common import err

OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here (default: under the document's "
                                                "own name in the current folder).", readable=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]


def targets(produced, output: Path | None) -> list[Path]:
    if output is None:
        return [Path(p.file_name) for p in produced]
    first = Path(output)
    return [first] + [first.with_suffix(Path(p.file_name).suffix) for p in produced[1:]]


def write_produced(ctx: typer.Context, produced, output: Path | None, force: bool) -> None:
    from boclerk.cli.files import write_output

    for p, path in zip(produced, targets(produced, output), strict=True):
        write_output(ctx, path, f"document {p.number}", lambda fh, data=p.data: fh.write(data), force=force)
        state = _("registered as") if p.new else _("already registered as")
        err(_("Wrote {path} ({n} bytes), {state} {number}.").format(path=path, n=len(p.data), state=state, number=p.number))
    numbers = " ".join(p.number for p in produced)
    err(_("Another copy at any time: boclerk doc open {number} -o PATH ({numbers}).").format(number=produced[0].number, numbers=numbers))
