"""The service levels on screen: each measure's level in force (by channel where one differs), and
the admin's act that sets one (the rule book's ``quality.level``, as ``boclerk service set-level``).

Opened from the service report (``s``). ``e`` sets the highlighted level: for every channel or, for
a measure that can differ by channel, for one channel.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from boclerk.domain.acts import ACTS
from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _
from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.dialogs import Field, FormDialog

ALL = ""  # a level for every channel, as the service keeps it
EVERY = "*"  # the same in the form's choice (a select cannot hold "")
#: the units as the service report writes them (h: working hours, wd: working days)
SHORT_UNITS = {"hours": N_("h"), "days": N_("wd"), "due": N_("wd past due")}


def channel_word(channel: str) -> str:
    """A level's channel as the orders' screens name it ("all channels" for a level of every one)."""
    from boclerk.tui.orders.words import channel_word as order_channel

    return _("all channels") if channel == ALL else order_channel(channel)


class LevelsScreen(AreaScreen):
    TITLE = N_("Service levels")
    AUTO_FOCUS = "#levels-table"
    HELP = N_("The levels the service report and the queues compare the work with, in working hours or "
              "working days (h, wd; weekends and public holidays do not count), boclerk's own or set by an admin. "
              "e sets the highlighted level (admins), for every channel or for one.")
    BINDINGS = [
        *act_bindings("quality.level"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]
    DEFAULT_CSS = """
    LevelsScreen #levels-title { height: 1; padding: 0 1; text-style: bold; }
    LevelsScreen #levels-table { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []

    def body(self) -> ComposeResult:
        with Vertical(classes="area-body"):
            yield Static(_("Service levels"), id="levels-title")
            yield DataTable(id="levels-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.load()

    def load(self, then_at: tuple[str, str] | None = None) -> None:
        from boclerk.services.quality.settings import levels

        self.read(levels, then=lambda rows: self.show(rows, then_at))

    def show(self, rows: list, at: tuple[str, str] | None = None) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key, label in (("level", N_("Level")), ("channel", N_("Channel")), ("source", N_("Set by")),
                           ("what", N_("What"))):
            table.add_column(_(label), key=key)
        for r in rows:
            table.add_row(f"{r.amount} {_(SHORT_UNITS[r.unit])}", channel_word(r.channel),
                          "boclerk" if r.default else _("admin"), r.label)
        if at is not None:
            for i, r in enumerate(rows):
                if (r.measure, r.channel) == at:
                    table.move_cursor(row=i)
        self.refresh_acts()

    def current(self):
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def offered(self, action: str) -> bool | None:
        if action == "level":
            return self.offer("quality.level")
        return True

    def action_level(self) -> None:
        row = self.current()
        if row is not None:
            self.begin("quality.level", None, lambda: self._ask(row))

    def _ask(self, row) -> None:
        from boclerk.domain.quality import MEASURES
        from boclerk.domain.sales import Channel
        from boclerk.services.quality.settings import UNIT_WORDS

        fields = [Field("amount", _(UNIT_WORDS[row.unit]).capitalize(), value=str(row.amount))]
        if MEASURES[row.measure].per_channel:
            options = ((_("all channels"), EVERY), *((c.value, c.value) for c in Channel))
            fields.append(Field("channel", _("Channel"), "select", row.channel or EVERY, options))

        def go(values: dict | None) -> None:
            if values is None:
                return
            text = (values["amount"] or "").strip()
            if not text.isdigit():  # said on the form, which stays open
                raise InvalidInput(_("A service level is a whole number from 0 to 1000."))
            chosen = values.get("channel") or EVERY
            self._set(row.measure, int(text), ALL if chosen == EVERY else chosen)

        self.app.push_screen(FormDialog(_("Level: {what}").format(what=row.label), fields, act=ACTS["quality.level"],
                                        hint=_("The report and the queues use the new level at once; the "
                                               "old one is kept in the audit trail.")), go)

    def _set(self, measure: str, amount: int, channel: str) -> None:
        from boclerk.services.quality.settings import UNIT_WORDS, set_level

        def said(r) -> None:
            self.app.notify(_("{what} ({channel}): {amount} {unit}").format(
                what=r.label, channel=channel_word(r.channel), amount=r.amount, unit=_(UNIT_WORDS[r.unit])))
            self.load(then_at=(r.measure, r.channel))

        self.write(set_level, measure, amount, channel=channel, then=said)
