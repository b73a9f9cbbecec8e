"""A screen of one record offers on its key bar only the acts that can be done to it now.

A list dims an act its highlighted row's state does not allow (the cursor moves on, and the key
still runs to say why not). A screen of one record knows the record and its state: an act the
rule book does not allow in that state is left off its key bar, and its key does nothing. The
question is the rule book's (:meth:`boclerk.tui.base.Services.offer`, which reads
:data:`boclerk.domain.acts.ACTS`), asked through the screen's ``offered``: no second list of rules.

Some acts need more than the state (something left to pay for a payment): the services answer
that (:mod:`boclerk.services.acts_now`), read with the record on its screen and for the rows near
a list's cursor (:class:`ActsNow`). Such an act is dimmed on a list, whose key says
why, and left off the record's own key bar.

:class:`OneRecordScreen` is what every screen of one record shares: its number and state, a body
that shows the record, the read of both, and the key bar by state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from boclerk.i18n import _
from boclerk.tui.base import AreaScreen


class StateKeyBar:
    """Mixed into a screen of one record, before :class:`boclerk.tui.base.AreaScreen` (and before its acts)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # offered: True (on offer), None (the record's state does not allow it), False (the role may not)
        return self.offered(action) is True  # type: ignore[attr-defined]


class ActsNow:
    """The services' answer for the current record: which acts its state allows cannot be done now.

    A list asks when the acts on offer are looked at, for the highlighted record and the rows below
    it at once (:data:`AHEAD`), so moving down the list asks again only now and then; one question
    at a time (when the answer comes and the cursor has moved beyond it meanwhile, it asks for the
    new rows). The answers are kept while the list is not read again from its start or end (paging
    on keeps them) and the screen is not left.
    A screen of one record reads its answer with the record (:meth:`keep_now`)."""

    #: rows above and below the highlighted one asked about with it
    BEHIND, AHEAD = 10, 60

    _now: dict[Any, dict[str, str]] | None = None  # key -> {act id: why not}
    _now_kind = ""
    _now_rows: tuple | None = None  # the reading of the list's rows the answers are for (see _reading)
    _now_asking = False

    def not_now(self, act_id: str, kind: str, key: Any) -> bool:
        """Whether the services said ``act_id`` cannot be done now to ``key``; False while not known."""
        from boclerk.services.acts_now import ASKED

        if act_id not in ASKED or key is None:
            return False
        reading = self._reading()
        if self._now is None or self._now_kind != kind or self._now_rows != reading:
            self._now, self._now_kind, self._now_rows = {}, kind, reading
        answers = self._now.get(key)
        if answers is None:
            self._ask_now(kind, key)
            return False
        return act_id in answers

    def on_screen_resume(self) -> None:
        """Back from another screen, where the record may have changed: ask again."""
        self.forget_now()
        self.refresh_acts()  # type: ignore[attr-defined]

    def keep_now(self, kind: str, key: Any, answers: dict[str, str]) -> None:
        self._now, self._now_kind, self._now_rows = {key: answers}, kind, self._reading()

    def forget_now(self) -> None:
        """An act changed the record: ask again when the acts are next looked at."""
        self._now = None

    def _reading(self) -> tuple | None:
        """Which reading of a list's rows the answers are for: the table and its count of readings
        from the start or end (paging on keeps them; a list read again asks again); None on a
        screen of one record."""
        table = getattr(self, "table", None)
        if not callable(table):
            return None
        try:
            shown = table()
        except Exception:  # noqa: BLE001 - not composed yet
            return None
        return id(shown), getattr(shown, "reading", 0)

    def _rows_shown(self) -> list | None:
        """The rows of a list's table (a new list each time the list is read again); None on a
        screen of one record."""
        table = getattr(self, "table", None)
        if not callable(table):
            return None
        try:
            return table().rows_data
        except Exception:  # noqa: BLE001 - not composed yet: no rows
            return None

    def _keys_near(self, key: Any) -> list:
        rows = self._rows_shown()
        if not rows:
            return [key]
        keys = [getattr(r, "number", None) for r in rows]
        at = keys.index(key) if key in keys else 0
        near = [k for k in keys[max(at - self.BEHIND, 0):at + self.AHEAD] if k is not None]
        return near if key in near else [key, *near]

    def _ask_now(self, kind: str, key: Any) -> None:
        if self._now_asking:
            return
        self._now_asking = True
        from boclerk.services.acts_now import acts_not_now_of

        asked = self._now

        def got(answers: dict) -> None:
            if asked is not None and self._now is asked:  # not forgotten meanwhile, nor the list read again
                asked.update(answers)

        def settled() -> None:
            self._now_asking = False
            self.refresh_acts()  # type: ignore[attr-defined]

        self.read(acts_not_now_of, kind, self._keys_near(key), then=got, settled=settled)  # type: ignore[attr-defined]


class OneRecordScreen(StateKeyBar, ActsNow, AreaScreen):
    """One record on its own screen (narrow terminals, or opened from elsewhere).

    A screen says what kind of record it shows (``RECORD``, a kind of the rule book), how it reads
    it (:meth:`reader`), its state (:meth:`state_of`) and how it shows it (:meth:`render_record`); its
    ``offered`` says which of its actions are acts on the record and asks its acts class about them
    (whose ``act_allowed`` asks the rule book, then :class:`ActsNow`)."""

    RECORD = ""  # the kind of record, as the rule book names it ("order")
    DETAIL_ID = "record-detail"  # the id of the Static that shows the record

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.status: str | None = None

    def body(self) -> ComposeResult:
        with VerticalScroll(classes="area-body"):
            yield Static(_("Loading…"), id=self.DETAIL_ID)

    def on_mount(self) -> None:  # Textual also runs AreaScreen's own on_mount
        self.refresh_detail()

    def reader(self) -> Callable[..., Any]:  # pragma: no cover - overridden
        """``fn(uow, number)``: the record as the screen shows it."""
        raise NotImplementedError

    def state_of(self, record: Any) -> str:
        return record.status

    def render_record(self, record: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def refresh_detail(self) -> None:
        from boclerk.services.acts_now import acts_not_now

        read, kind, number = self.reader(), self.RECORD, self.number

        def both(uow) -> tuple[Any, dict[str, str]]:
            return read(uow, number), acts_not_now(uow, kind, number)

        self.read(both, then=self._shown)

    def _shown(self, got: tuple[Any, dict[str, str]]) -> None:
        record, answers = got
        self.keep_now(self.RECORD, self.number, answers)
        self.status = self.state_of(record)
        self.show(record)
        self.query_one(f"#{self.DETAIL_ID}", Static).update(self.render_record(record))
        self.refresh_bindings()

    def _ask_now(self, kind: str, key: Any) -> None:
        """Until the record is read the answer is on its way with it (:meth:`refresh_detail`)."""
        if self.status is not None:
            super()._ask_now(kind, key)

    def show(self, record: Any) -> None:
        """Keep what else the screen needs of the record (before it is drawn)."""

    def current_status(self) -> str | None:
        return self.status

    #: an act changed the record here: Esc answers True, so the list it was opened from reads its rows again
    changed = False

    def after_act(self, *_args: Any) -> None:
        self.changed = True
        self.forget_now()
        self.refresh_detail()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss(self.changed)
