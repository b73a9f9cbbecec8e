"""F1 (and ?): what the screen is for and the keys it answers to, in three groups: the
screen's own acts, moving around, and the keys that work everywhere. Textual's internals
(copy, scrolling sideways) are left out; keys doing the same thing share a line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from boclerk.i18n import N_, _

#: Textual's own bindings worth a line, by action (the rest are its internals)
MOVES = {"cursor_up": N_("Up"), "cursor_down": N_("Down"), "page_up": N_("Page up"), "page_down": N_("Page down"),
         "select_cursor": N_("Open"), "app.focus_next": N_("Next field"),
         "app.focus_previous": N_("Previous field")}
#: the groups, marked N_: help_sections names them in English, the screen shows them translated
GROUPS = (N_("On this screen"), N_("Moving around"), N_("Everywhere"))


def help_sections(app, screen) -> list[tuple[str, list[tuple[str, str]]]]:
    """The keys ``screen`` answers to now, as (group, [(keys, what)]) in the key bar's order, the
    descriptions in the interface language (the groups' names are translated where shown)."""
    lines: dict[str, dict[str, list[str]]] = {group: {} for group in GROUPS}
    screens: list[str] = []
    for binding in screen.active_bindings.values():
        b = binding.binding
        key = app.get_key_display(b)
        if b.action.startswith("goto("):
            screens.append(_(b.description))
            continue
        if b.id is None:
            if b.action == "command_palette":
                group, what = "Everywhere", _("Find records and run acts")
            elif b.action in MOVES:
                group, what = "Moving around", _(MOVES[b.action])
            else:
                continue
        elif b.id.startswith("app."):
            group, what = "Everywhere", _(b.description)
        elif b.id.startswith(("list.", "screen.")):
            group, what = "Moving around", _(b.description)
        else:
            group, what = "On this screen", _(b.description)
        if what:
            keys = lines[group].setdefault(what, [])
            if key not in keys:
                keys.append(key)
    sections = [(group, [(", ".join(keys), what) for what, keys in lines[group].items()]) for group in GROUPS]
    if screens:
        sections[1][1].append(("1-7", _("Screens: {names}").format(names=", ".join(screens))))
    return [(group, rows) for group, rows in sections if rows]


class HelpScreen(ModalScreen[None]):
    """What the screen is for and every key it answers to."""

    BINDINGS = [Binding("escape,f1,q,question_mark", "close", N_("Close"), id="help.close")]

    def __init__(self, title: str, text: str, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.title_text, self.text, self.sections = title, text, sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(_("Help: {title}").format(title=_(self.title_text)), classes="title")
            if self.text:
                yield Static(_(self.text))
            for group, rows in self.sections:
                width = max(len(keys) for keys, _ in rows) + 2
                yield Static(f"\n{_(group)}:\n" + "\n".join(f"  {keys:<{width}}{what}" for keys, what in rows))

    def action_close(self) -> None:
        self.dismiss(None)
