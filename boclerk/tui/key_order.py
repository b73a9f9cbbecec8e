"""Tab and shift+tab move the focus as they come, before the keys typed after them.

The app hands each key to the focused widget's queue as the key arrives, and the screen binds
tab: a tab travels up to the screen only once the widget has handled it, and by then the keys
typed after it (a burst from a fast typist, a scanner or a laggy SSH link) are already queued
for the widget it was leaving. "SKU", tab, "3" put the 3 in the SKU field; after a choice, the
characters meant for the field after it were lost in the choice. The app runs the focus keys'
bindings itself as they arrive, so the next keys go to the widget the focus went to. A widget
that takes tab as its own key (a text area that indents) still gets it.
"""

from __future__ import annotations

from textual import events

#: the keys that move the focus
FOCUS_KEYS = frozenset({"tab", "shift+tab"})


class KeysInOrder:
    """For an App: the focus keys acted on in the order they were typed."""

    async def on_event(self, event: events.Event) -> None:
        if (isinstance(event, events.Key) and event.key in FOCUS_KEYS and not event.is_forwarded
                and self._focus_key_is_ours(event)):
            # what Textual does with the key (bindings marked priority first, then the bindings
            # from the focused widget up), done in the order the keys came
            if await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key):
                return
        await super().on_event(event)

    def _focus_key_is_ours(self, event: events.Key) -> bool:
        focused = self.focused
        return focused is None or not focused.check_consume_key(event.key, event.character)
