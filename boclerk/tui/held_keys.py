"""Keys typed while a dialog is on its way wait for it.

Many keys open their dialog only once a read in a thread worker has answered (``w`` asks which
documents the order has to produce, ``e`` reads the record it edits, every act is first checked
against the rule book as the record is now). On a loaded machine or a slow link that takes a
moment, even seconds, and a clerk who types on meanwhile (``w`` then Enter, ``x`` then ``y``)
had those keys acted on by the screen beneath: Enter opened the order, ``j`` moved the cursor.

A read that opens a dialog holds the keys that come while it runs (``BoclerkApp.hold_keys``,
``release_keys``: nested holds count, so a check followed by a read holds until both are over).
Once the last hold is released, the keys go, in the order they came, to the dialog that was
pushed meanwhile, after it has been drawn (and so has its focus). If no dialog came (the act was
refused, or there was nothing to ask), they are dropped: the toast says why, and keys meant for a
dialog do not act on the screen beneath. A read that asks only perhaps (a part of a name finds
one customer, taken at once, or several, asked about) holds with ``perhaps``: without a dialog
its keys go on to the screen they were typed on, in order (the SKU typed after the customer). Quitting is never held; a hold that outlasts
``HOLD_AT_MOST`` seconds lets go of the keys (dropped) so that a stuck read never takes the
keyboard away.

A field whose Enter starts such a read (the order form's customer and item fields: their widgets
carry ``search_on_enter``) holds from the Enter on, as it arrives: the field answers Enter in its
own turn, after the keys typed behind it had already been handed to it, so without the hold they
reached the field before its search began. The screen says when it has started the search, or
found nothing to search for (``enter_answered``), and the search's own hold takes over.
"""

from __future__ import annotations

from textual import events

#: never held: the app's own way out
PASSING = frozenset({"ctrl+q", "ctrl+c"})
#: seconds a hold may last before the keys it holds are let go of (dropped)
HOLD_AT_MOST = 30.0


class HeldKeys:
    """For an App: keys typed while a dialog is on its way are held for it."""

    _holds = 0
    _held: list[events.Key] | None = None
    _held_on = None  # the screen the keys were typed on
    _hold_timer = None
    _drop = False  # without a dialog, the held keys are dropped (not sent on to the screen)
    _enter_holds = 0  # holds taken by an Enter in a field that searches on Enter, not yet answered

    def hold_keys(self, *, perhaps: bool = False) -> None:
        """A read that opens a dialog (``perhaps``: that may open one) has started: hold the keys
        typed from now until it is over."""
        if self._holds == 0 and self._held is None:
            self._held, self._held_on, self._drop = [], self.screen, False
            self._hold_timer = self.set_timer(HOLD_AT_MOST, self._let_go)
        self._holds += 1
        self._drop = self._drop or not perhaps

    def release_keys(self) -> None:
        """The read is over (answered or refused): once no hold is left, the keys go to the dialog
        it opened, or are dropped if it opened none."""
        self._holds = max(self._holds - 1, 0)
        if self._holds or self._held is None:
            return
        if self.screen is self._held_on and self._drop:
            self._let_go()
        else:  # after the dialog is drawn: its widgets are mounted and it has the focus
            self.call_after_refresh(self._replay)

    def enter_answered(self) -> None:
        """The screen has acted on an Enter in a field that searches on it (started its search, or
        had nothing to search for): the hold the Enter took is over."""
        if self._enter_holds:
            self._enter_holds -= 1
            self.release_keys()

    @property
    def holding_keys(self) -> bool:
        return self._held is not None

    def _let_go(self) -> None:
        self._holds, self._held, self._held_on, self._enter_holds = 0, None, None, 0
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None

    async def _replay(self) -> None:
        if self._holds or self._held is None:
            return  # a new hold began meanwhile: its release replays them all
        held = self._held
        self._let_go()
        for key in held:
            if self._held is not None:  # a held key opened a dialog by a read in turn: the rest wait again
                self._held.append(key)
                continue
            await self.on_event(events.Key(key.key, key.character))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and event.key not in PASSING:
            if self._held is not None:
                self._held.append(event)
                return
            if event.key == "enter" and getattr(self.focused, "search_on_enter", False):
                self.hold_keys(perhaps=True)  # before the keys behind it reach the field
                self._enter_holds += 1
            elif self._screen_key(event):
                # the screen's act, run as the key arrives: Textual would hand the key to the
                # focused widget first and run the screen's binding only once it came back,
                # after the keys typed behind it had gone to that widget; a read the act starts
                # now holds them (priority bindings first, as Textual checks them)
                if await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key):
                    return
        await super().on_event(event)

    def _screen_key(self, event: events.Key) -> bool:
        """Whether the key is one of the screen's own (an act's), with the focus on a widget that
        neither takes it (a text box takes letters) nor binds it itself (a list binds j and k)."""
        from textual.widgets import Input, TextArea

        focused, screen = self.focused, self.screen
        if focused is None or isinstance(focused, (Input, TextArea)) or focused.screen is not screen:
            return False
        if focused.check_consume_key(event.key, event.character):
            return False
        for node in focused.ancestors_with_self:
            if node is screen:
                return event.key in node._bindings.key_to_bindings
            if event.key in node._bindings.key_to_bindings:
                return False
        return False
