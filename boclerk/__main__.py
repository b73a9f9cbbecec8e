"""``python -m boclerk`` runs the command line."""

from boclerk.cli.main import main

if __name__ == "__main__":
    main()
