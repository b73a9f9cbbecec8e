"""Kill -9 at a chosen point of a boclerk command, in a process of its own.

``python tests/crash.py N FILES -- ARGS`` runs ``boclerk ARGS`` and sends itself SIGKILL just
before the N-th line executed in the modules named by FILES (a comma-separated list of
path endings); with N = 0 it runs to the end and writes how many such lines there were to
the file named by BOCLERK_CRASH_COUNT. A seeded random choice of N over that count gives
kill points spread over the whole act, the same in every run.
"""

from __future__ import annotations

import os
import signal
import sys

_count = 0


def main() -> None:
    target = int(sys.argv[1])
    watched = tuple(sys.argv[2].split(","))
    args = sys.argv[sys.argv.index("--") + 1:]

    def local(frame, event, arg):
        global _count
        if event == "line":
            _count += 1
            if _count == target:
                os.kill(os.getpid(), signal.SIGKILL)
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename.endswith(watched) else None

    sys.settrace(calls)
    try:
        from boclerk.cli.main import main as boclerk

        boclerk(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    else:
        code = 0
    finally:
        sys.settrace(None)
        if target == 0:
            with open(os.environ["BOCLERK_CRASH_COUNT"], "w") as fh:
                fh.write(str(_count))
    sys.exit(code)


if __name__ == "__main__":
    main()
