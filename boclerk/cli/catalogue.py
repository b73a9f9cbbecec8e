"""Keep the interface's catalogues in step with the code (for developers, with Babel):

    python -m boclerk.cli.catalogue update   # extract into boclerk/locale/boclerk.pot, update ru
    python -m boclerk.cli.catalogue check    # what the Russian catalogue lacks; exit 1 if anything
    python -m boclerk.cli.catalogue compile  # write the .mo files (a build does this itself)

The command line's help texts join the messages found in the code (see boclerk/cli/words.py).
"""

from __future__ import annotations

import sys


def template():
    import typer

    from boclerk.cli.app import build
    from boclerk.cli.words import help_texts
    from boclerk.locale.catalogue import extract

    return extract(help_texts(typer.main.get_command(build())))


def main(argv: list[str]) -> int:
    from boclerk.locale import catalogue

    what = argv[0] if argv else "check"
    if what == "update":
        t = template()
        print(catalogue.write_template(t))
        print(catalogue.update(t, "ru"))
    elif what == "compile":
        for path in catalogue.compile_all():
            print(path)
    elif what == "check":
        found = catalogue.problems(template(), "ru")
        print("\n".join(found) or "The Russian catalogue has every message the code uses.")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
