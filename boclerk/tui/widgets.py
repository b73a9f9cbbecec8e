"""Widgets shared by the screens."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Static

from boclerk.i18n import N_, _
from boclerk.tui.typed_input import TypedInput

#: the words of keys Textual's own widgets bind that the key bar shows (Esc in a choice's open list),
#: written here so that the catalogue has them and the bar says them in the interface's language
TEXTUAL_KEYS = (N_("Dismiss menu"),)


class ScanInput(TypedInput):
    """The item field. Enter is handled in the field itself, in turn with the characters:
    a scanner types the next code before a bound Enter would have travelled up to the app,
    so the code is taken and the field emptied at once. Pasted lines count one by one."""

    class Scanned(Message):
        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def take(self) -> None:
        code, self.value = self.value.strip(), ""
        if code:
            self.post_message(self.Scanned(code))
        elif getattr(self, "search_on_enter", False):  # nothing to look up: the keys held since Enter go on
            answered = getattr(self.app, "enter_answered", None)
            if answered is not None:
                answered()

    async def _on_key(self, event: events.Key) -> None:
        # Handlers run down the class tree until one prevents the default: other keys go on
        # to Input's own handler.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.take()

    def _on_paste(self, event: events.Paste) -> None:
        lines = event.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if len(lines) == 1:
            return  # Input's own handler pastes it
        event.stop()
        event.prevent_default()
        self.insert_text_at_cursor(lines[0])
        self.take()
        for line in lines[1:-1]:
            if line.strip():
                self.post_message(self.Scanned(line.strip()))
        self.value = lines[-1].strip()  # a last line without its Enter waits in the field


class LineEditing:
    """+, - and Delete on the highlighted line of an entry form's lines table.

    The form keeps its lines in ``self.lines`` (each with a ``qty``), shows them in the
    DataTable named by ``LINES_TABLE`` and redraws them with ``redraw()``.
    """

    LINES_TABLE = "#lines"
    lines: list

    def redraw(self) -> None:  # pragma: no cover - provided by the form
        raise NotImplementedError

    def _selected(self):
        from textual.widgets import DataTable

        table = self.query_one(self.LINES_TABLE, DataTable)  # type: ignore[attr-defined]
        if not self.lines or not table.has_focus:
            return None
        return self.lines[min(table.cursor_row, len(self.lines) - 1)]

    def action_more(self) -> None:
        line = self._selected()
        if line:
            line.qty += 1
            self.redraw()

    def action_less(self) -> None:
        line = self._selected()
        if line and line.qty > 1:
            line.qty -= 1
            self.redraw()

    def action_remove(self) -> None:
        line = self._selected()
        if line:
            self.lines.remove(line)
            self.redraw()


class KeyBar(Static):
    """The keys of the focused screen on the last line, in one widget, in the interface language
    (binding descriptions are marked ``N_`` where they are written and translated here).

    Textual's Footer rebuilds a widget per key whenever the bindings change (several times
    while a screen opens); one line of text redrawn is all a keyboard user needs.
    Acts the state does not allow are dimmed; those the role may not do are not shown.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $text;
    }
    """

    def on_mount(self) -> None:
        self._screen = self.screen
        self._screen.bindings_updated_signal.subscribe(self, self._changed)
        self._changed(self._screen)

    def on_unmount(self) -> None:
        self._screen.bindings_updated_signal.unsubscribe(self)

    _stale = True  # the keys changed since the line was last built

    def _changed(self, _screen) -> None:
        # built as the next frame draws it: once, however often the keys changed before it (four
        # times while the Orders screen opens: its mount, its size, the focus, the first rows)
        self._stale = True
        self.refresh()

    @property
    def content(self):
        """The line as the next frame shows it."""
        return self.render()

    def render(self):
        screen = getattr(self, "_screen", None)  # set as it mounts
        if self._stale and screen is not None and self.is_attached and screen.is_attached:
            self._line = self._draw()
        return getattr(self, "_line", "")

    def on_resize(self) -> None:
        self._changed(None)

    def _draw(self):
        from rich.text import Text

        self._stale = False
        colours = self.app.get_css_variables()
        key_style = f"bold {colours.get('footer-key-foreground') or colours.get('accent', '')}".strip()
        acts, tail = self.keys()
        width = (self.size.width or self.app.size.width) - 1
        # the help key always shows, last; before it the screen's acts in the rule book's order
        # while they fit, then quit and the palette if room is left (F1 and the palette list
        # whatever is left out)
        room = width - sum(len(k) + len(d) + 3 for k, d, _ in tail[:1])
        shown = []
        for key, what, enabled in acts:
            need = len(key) + len(what) + 3
            if need > room:
                break
            shown.append((key, what, enabled))
            room -= need
        for item in tail[1:]:
            need = len(item[0]) + len(item[1]) + 3
            if need <= room:
                shown.append(item)
                room -= need
        shown += tail[:1]
        text = Text(no_wrap=True, overflow="ellipsis")
        for key, what, enabled in shown:
            text.append(f" {key} ", style=key_style if enabled else "dim")
            text.append(f"{what} ", style="" if enabled else "dim")
        return text

    def keys(self) -> tuple[list[tuple[str, str, bool]], list[tuple[str, str, bool]]]:
        """The screen's keys to show, (key, what, enabled), and the app's: help, quit, palette."""
        seen: set[str] = set()
        offered = getattr(self._screen, "offered", None)
        key_word = getattr(self._screen, "key_word", None)  # a dialog names a key by what it does there
        acts, app_keys = [], {}
        for active in self._screen.active_bindings.values():
            binding = active.binding
            if binding.id in ("app.help", "app.quit"):
                app_keys[binding.id] = (self.app.get_key_display(binding), _(binding.description), True)
                continue
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            enabled = active.enabled and (offered is None or offered(binding.action.split("(", 1)[0]) is not None)
            what = (key_word(binding.action) if key_word else None) or _(binding.description)
            acts.append((self.app.get_key_display(binding), what, enabled))
        tail = [app_keys[k] for k in ("app.help", "app.quit") if k in app_keys]
        from textual.screen import ModalScreen

        if not isinstance(self._screen, ModalScreen):  # over a form, question or choice ctrl+p does nothing
            tail.append(("^p", _("Palette"), True))  # a capital, as every other key's word
        return acts, tail
