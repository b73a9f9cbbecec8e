"""The command line in the interface language: help texts translated as they are shown.

Commands keep their help where typer reads it (docstrings, ``help=`` of options); the tree that
click runs is translated in place just before it runs (:class:`Translated`), and the same walk
gives the catalogue those texts (:func:`help_texts`).
"""

from __future__ import annotations

from collections.abc import Iterator

from typer.core import TyperGroup

from boclerk.cli.state import pick_from_config  # noqa: F401 - where it was
from boclerk.i18n import N_, _, language, pgettext


def _parts(cmd) -> Iterator[tuple[object, str]]:
    yield cmd, "help"
    yield cmd, "short_help"
    yield cmd, "epilog"
    for param in cmd.params:
        yield param, "help"
    for sub in getattr(cmd, "commands", {}).values():  # a group (typer carries its own click)
        yield from _parts(sub)


def help_texts(cmd) -> list[str]:
    """Every help text of ``cmd`` and the commands under it, as written (English)."""
    return [text for holder, name in _parts(cmd) if (text := getattr(holder, name, None))]


def translate(cmd) -> None:
    """Put ``cmd``'s help texts, and those of every command under it, in the interface language."""
    if language() == "en":
        return
    for holder, name in _parts(cmd):
        text = getattr(holder, name, None)
        if text:
            setattr(holder, name, _(text))


def name_values(cmd) -> None:
    """Call the values that ``cmd`` and the commands under it take as :data:`boclerk.cli.options.METAVARS`
    says (else as :data:`~boclerk.cli.options.TYPE_METAVARS` says for their type), in the interface
    language: an argument "NUMBER" (where typer shows "number <number>"), an option "--line LINE"
    (where typer shows "<str>"), "--limit N" (where it shows "<int range>"). A metavar a command
    gives itself stays."""
    import copy

    from boclerk.cli.options import METAVARS, TYPE_METAVARS

    for param in cmd.params:
        english = getattr(param, "_boclerk_metavar", None)
        if english is None:
            if (param.metavar is not None or getattr(param, "is_flag", False) or getattr(param, "count", False)
                    or param.type.name not in TYPE_METAVARS):
                continue
            english = param._boclerk_metavar = METAVARS.get(param.name) or TYPE_METAVARS[param.type.name]
            if param.param_type_name == "argument":  # its word says what it is: no "<str>" beside it
                quiet = copy.copy(param.type)
                quiet.get_metavar = lambda param, ctx: ""
                param.type = quiet
        param.metavar = pgettext("value", english)
    for sub in getattr(cmd, "commands", {}).values():
        name_values(sub)


class Translated(TyperGroup):
    """The root group: translates the tree once it is built, before it parses anything."""

    def main(self, *args, **kwargs):
        speak()
        translate(self)
        name_values(self)
        return super().main(*args, **kwargs)


# -- typer's and click's own words ---------------------------------------------------------------

#: rich_utils' module constants (made when typer is imported) -> their English
_RICH = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
}
#: what typer.core passes to gettext as it runs (looked up here instead)
_CORE = (N_("(dynamic)"), N_("Aborted!"), N_("default: {default}"), N_("required"), N_("env var: {var}"),
         N_("Missing command."), N_("No such command {name!r}."))
USAGE = N_("Usage: ")
HELP_OPTION = N_("Show this message and exit.")
#: click's error sentences, written as f-strings in its code: the pattern -> the message
_ERRORS = (
    (r"(?P<said>.+)\. Did you mean (?P<suggestions>.+)\?", N_("{said}. Did you mean {suggestions}?")),
    (r"Missing argument (?P<what>.+)\.", N_("Missing argument {what}.")),
    (r"Missing option (?P<what>.+)\.", N_("Missing option {what}.")),
    (r"Missing parameter (?P<what>.+)\.", N_("Missing parameter {what}.")),
    (r"No such option: (?P<what>\S+) \(Possible options: (?P<options>.*)\)",
     N_("No such option: {what} (possible options: {options})")),
    (r"No such option: (?P<what>\S+)", N_("No such option: {what}")),
    (r"Got unexpected extra argument\(s\) \((?P<what>.*)\)", N_("Got unexpected extra argument(s) ({what})")),
    (r"Option (?P<what>'[^']+') requires an argument\.", N_("Option {what} requires an argument.")),
    (r"Option (?P<what>'[^']+') does not take a value\.", N_("Option {what} does not take a value.")),
    (r"Invalid value for (?P<what>.+?): (?P<why>.*)", N_("Invalid value for {what}: {why}")),
    (r"Invalid value: (?P<why>.*)", N_("Invalid value: {why}")),
    # click names its types "int", "int range", "float", "float range" in these sentences
    (r"(?P<value>'.*') is not a valid int(?:eger)?(?: range)?\.", N_("{value} is not a whole number.")),
    (r"(?P<value>'.*') is not a valid float(?: range)?\.", N_("{value} is not a number.")),
    (r"(?P<value>\S+) is not in the range (?P<range>\S+)\.", N_("{value} is not in the range {range}.")),
    (r"(?P<value>'.*') is not one of (?P<choices>.*)\.", N_("{value} is not one of {choices}.")),
    (r"(?P<value>'.*') is not a valid boolean\..*", N_("{value} is neither yes nor no.")),
)


def said(message: str) -> str:
    """One of click's error sentences in the interface language (parts of it too: the reason
    of an invalid value is a sentence of its own)."""
    import re

    for pattern, template in _ERRORS:
        m = re.fullmatch(pattern, message, flags=re.S)
        if m:
            parts = {k: said(v) if k in ("why", "said") else v for k, v in m.groupdict().items()}
            return _(template).format(**parts)
    return message


def speak() -> None:
    """Put typer's and click's own words (panel titles, "Usage:", error sentences) in the
    interface language; in English they are typer's own again."""
    import typer.core
    from typer._click import decorators, formatting

    typer.core._ = _  # type: ignore[attr-defined]  # typer.core asks gettext for each word as it runs
    if not getattr(formatting, "_boclerk_speaks", False):
        formatting._boclerk_speaks = True  # type: ignore[attr-defined]
        write_usage = formatting.HelpFormatter.write_usage

        def usage(self, prog, args="", prefix=None):
            return write_usage(self, prog, args, _(USAGE) if prefix is None else prefix)

        formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]
        help_option = decorators.help_option

        def translated_help_option(param_decls):
            add = help_option(param_decls)

            def apply(cmd):
                cmd = add(cmd)
                cmd.params[-1].help = _(HELP_OPTION)
                return cmd

            return apply

        decorators.help_option = translated_help_option
    # typer's rich part (and markdown, pygments) is loaded only to show help or an error: its
    # words are put in place when it is, so the app's start does not load it
    from boclerk.cli.late import when_imported

    when_imported("typer.rich_utils", _speak_rich)


def _speak_rich(ru) -> None:
    from typer._click import exceptions

    for name, english in _RICH.items():
        setattr(ru, name, _(english))
    if not getattr(ru, "_boclerk_speaks", False):
        ru._boclerk_speaks = True  # type: ignore[attr-defined]
        ru.OptionHighlighter.highlights = [*ru.OptionHighlighter.highlights, r"(?P<usage>Использование: )"]
        shown_error = ru.rich_format_error

        def rich_format_error(exc):
            if language() != "en" and isinstance(exc, exceptions.ClickException):
                message = said(exc.format_message())
                exc.format_message = lambda: message  # type: ignore[method-assign]
            return shown_error(exc)

        ru.rich_format_error = rich_format_error
