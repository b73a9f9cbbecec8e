"""boclerk: the back office of an online store, in a terminal."""

__version__ = "0.1.0"
