"""A screen of one record offers on its key bar only the acts the record's state allows.

A list dims an act its highlighted row's state does not allow (the cursor moves on, and the key
still runs to say why not). A screen of one record knows the record and its state: an act the
rule book does not allow in that state is left off its key bar, and its key does nothing. The
question is the rule book's (:meth:`boclerk.tui.base.Services.offer`, which reads
:data:`boclerk.domain.acts.ACTS`), asked through the screen's ``offered``: no second list of rules.
"""

from __future__ import annotations


class StateKeyBar:
    """Mixed into a screen of one record, before :class:`boclerk.tui.base.AreaScreen`."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # offered: True (on offer), None (the record's state does not allow it), False (the role may not)
        return self.offered(action) is True  # type: ignore[attr-defined]
