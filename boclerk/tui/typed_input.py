"""A text field whose editing keys act in the order they were typed.

Textual's ``Input`` takes a typed character in its own key handler, but runs its bound keys
(backspace, delete, the arrows, home/end, enter) only once the key has bubbled up to the app.
Keys that arrive together (a fast typist, a laggy SSH link that delivers a burst, a key macro)
then act out of order: "12", backspace, "5" became "125" less its last character, "12", where
the clerk meant "15" (textual#6605). Here the field runs its own bindings as the key comes, in
line with the characters around it; keys bound anywhere else bubble up as before. (Tab and
shift+tab move the focus as they come for every widget: see ``boclerk.tui.key_order``.)"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TypedInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        # Textual runs the key handlers down the class tree until one prevents the default: a
        # character goes on to Input's own handler, a key this field binds stops here.
        if event.is_printable:
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
