"""Files named on the command line: read and written through services/platform/paths.py.

Every file boclerk writes where a command tells it to (``-o PATH``) is written beside its
target and renamed into place in the same transaction as the audit event that records it;
an existing file is replaced only with ``--force``. Output can always go to stdout instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import typer

from boclerk.cli.common import actor, state


def own_files(ctx: typer.Context):
    from boclerk.services.platform.paths import own_files as own

    return own(state(ctx).location())


def read_input(ctx: typer.Context, path: Path, *, cap: int, too_big: str) -> bytes:
    """A regular file's bytes, read with the rights of the person who named it (a path that is
    not there is bad input, exit 2: services/platform/paths.py MissingPath; so is a file the
    system cannot read, an I/O error, said in one sentence rather than a traceback)."""
    from boclerk.errors import InvalidInput
    from boclerk.i18n import _
    from boclerk.services.platform.paths import read_bytes

    try:
        return read_bytes(path, cap=cap, too_big=too_big, own=own_files(ctx))
    except PermissionError:
        raise
    except OSError as exc:
        raise InvalidInput(_("Cannot read {file}: {strerror}.").format(file=path, strerror=exc.strerror)) from None


def write_output(ctx: typer.Context, path: Path, what: str, produce: Callable[[IO], Any], *,
                 force: bool = False, text: bool = False) -> Any:
    """Write ``produce(file)`` to ``path`` and record it in the audit trail; returns what ``produce`` returns."""
    from boclerk.services.platform.audit import record_file_write
    from boclerk.services.platform.outputs import write_file

    database = state(ctx).database()

    def publish(target) -> None:
        with database.write(actor()) as uow:
            record_file_write(uow, target.path, what, replaced=target.replaces)
            target.commit()

    return write_file(path, produce, force=force, own=own_files(ctx), text=text, publish=publish)
