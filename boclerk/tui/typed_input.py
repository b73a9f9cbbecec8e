"""A text field whose editing keys act in the order they were typed.

Textual's ``Input`` takes a typed character in its own key handler, but runs its bound keys
(backspace, delete, the arrows, home/end, enter) only once the key has bubbled up to the app.
Keys that arrive together (a fast typist, a laggy SSH link that delivers a burst, a key macro)
then act out of order: "12", backspace, "5" became "125" less its last character, "12", where
the clerk meant "15" (textual#6605). Here the field runs its own bindings as the key comes, in
line with the characters around it; keys bound anywhere else bubble up as before.

Tab and shift+tab are bound on the screen, so they would travel up too, and "SKU", tab, "3" typed
at once put the 3 in the SKU field. The field moves the focus as the key comes, and the keys of
the same burst that still reach it afterwards go on to the field the focus went to."""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input


#: the keys that move the focus; the screen binds them, and a field runs them as they come
FOCUS_KEYS = ("tab", "shift+tab")


class TypedInput(Input):
    #: where a focus key typed here sent the focus, while keys typed before it moved still come here
    _handed_to: Widget | None = None

    async def _on_key(self, event: events.Key) -> None:
        # Textual runs the key handlers down the class tree until one prevents the default: a
        # character goes on to Input's own handler, a key this field binds stops here.
        if self._handed_to is not None and self.screen.focused is not self:
            if self.screen.focused is self._handed_to:
                event.stop()
                event.prevent_default()
                self._handed_to._forward_event(events.Key(event.key, event.character))
                return
            self._handed_to = None
        if event.is_printable:
            return
        if event.key in FOCUS_KEYS and not self._bindings.key_to_bindings.get(event.key):
            # what the app does with the key once it has bubbled up, done now
            if await self.app._check_bindings(event.key):
                event.stop()
                event.prevent_default()
                if self.screen.focused not in (self, None):
                    self._handed_to = self.screen.focused
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return

    def _on_focus(self, event: events.Focus) -> None:
        # Input's own handler runs after this one, as Textual runs each class's handler in turn
        self._handed_to = None
