"""The interface's catalogues (``<lang>/LC_MESSAGES/*.po``) and the code that builds them.

``python -m boclerk.cli.catalogue`` extracts the messages of the code into ``boclerk.pot``,
updates the catalogues from it and compiles them; a wheel compiles them as it is built
(:mod:`boclerk.locale.build`). boclerk.i18n reads them.
"""
