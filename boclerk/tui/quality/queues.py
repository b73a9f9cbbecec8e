"""Queues with ages: what waits, for how long in working time, and what is late, oldest first.

Opened from the home screen: ``a`` on a figure opens its queue, ``l`` the late items of every
queue. Enter on an item opens the list it belongs to, as the figure does.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from boclerk.i18n import N_, _, ngettext, pgettext
from boclerk.tui.base import AreaScreen

#: a queue -> the area and filters of the list its items live in (as the home screen's figures)
LISTS = {
    "to_confirm": ("orders", {"status": "draft"}),
    "to_ship": ("orders", {"status": "open", "backorder": False}),
    "backorders": ("orders", {"status": "open", "backorder": True}),
    "po_awaiting": ("purchases", {"status": "open"}),
    "bills_held": ("purchases", {"bills": "held"}),
    "bank_lines": ("documents", {"view": "bank", "lines": "waiting"}),
    "inbox": ("documents", {"view": "docs", "status": "inbox"}),
    "requests": ("office", {"view": "requests", "state": "open"}),
    "maintenance": ("office", {"view": "equipment", "state": "due"}),
}
UNITS = {"hours": N_("h"), "days": N_("wd"), "days past due": N_("wd late")}


def short_name(name: str) -> str:
    """A queue's name on its heading row (the Number column: 17 wide)."""
    return {"to_confirm": pgettext("queue", "To confirm"), "to_ship": pgettext("queue", "To ship"),
            "backorders": pgettext("queue", "Backorders"), "po_awaiting": pgettext("queue", "POs awaiting"),
            "bills_held": pgettext("queue", "Bills held"), "bank_lines": pgettext("queue", "Bank lines"),
            "inbox": pgettext("queue", "Inbox"), "requests": pgettext("queue", "Requests"),
            "maintenance": pgettext("queue", "Maintenance")}.get(name, name)


def full_name(name: str, label: str) -> str:
    """A queue's full name (the service's label) as the title says it."""
    return {"to_confirm": pgettext("queue", "Orders to confirm"), "to_ship": pgettext("queue", "Orders to ship"),
            "backorders": pgettext("queue", "Backorders"),
            "po_awaiting": pgettext("queue", "Purchase orders awaiting receipt"),
            "bills_held": pgettext("queue", "Bills held as exceptions"),
            "bank_lines": pgettext("queue", "Bank lines to reconcile"),
            "inbox": pgettext("queue", "Documents in the inbox"),
            "requests": pgettext("queue", "Supply requests waiting for a decision"),
            "maintenance": pgettext("queue", "Maintenance due")}.get(name, label)


#: (key, heading, width): fits 80 columns
COLUMNS = (("number", N_("Number"), 17), ("detail", N_("Waiting"), 16), ("since", N_("Since"), 11),
           ("age", N_("Age"), 11), ("level", N_("Lvl"), 3), ("late", "", 6))


class QueueScreen(AreaScreen):
    TITLE = N_("Queues")
    AUTO_FOCUS = "#queue-table"
    HELP = N_("What waits, oldest first, with how long it has waited in working time (h: working hours, "
            "wd: working days; weekends and holidays do not count) against its service level. "
            "l shows only what is late or everything; Enter opens the list the item belongs to. "
            "The levels and the working calendar are set with 'boclerk service'.")
    BINDINGS = [
        Binding("l", "late_only", N_("Late only"), id="quality.late_only"),
        Binding("r", "refresh", N_("Refresh"), id="quality.refresh"),
        Binding("enter", "open_item", N_("Open list"), show=False, id="quality.open_item"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]
    DEFAULT_CSS = """
    QueueScreen #queue-title { height: 1; padding: 0 1; text-style: bold; }
    QueueScreen #queue-table { height: 1fr; }
    """

    def __init__(self, name: str | None = None, *, late_only: bool = False) -> None:
        super().__init__()
        self.queue_name, self.late_only = name, late_only
        self.row_queue: dict[str, str] = {}

    def body(self) -> ComposeResult:
        with Vertical(classes="area-body"):
            yield Static("", id="queue-title")
            yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label, width in COLUMNS:
            table.add_column(_(label), key=key, width=width)
        self.action_refresh()

    def action_refresh(self) -> None:
        from boclerk.services.quality.queues import queue, queues

        self.query_one("#queue-title", Static).update(_("Queues (loading…)"))
        if self.queue_name:
            self.read(queue, self.queue_name, late_only=self.late_only, then=lambda v: self.show([v]))
        else:
            self.read(queues, late_only=self.late_only, then=self.show)

    def show(self, views) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.row_queue = {}
        waiting = late = 0
        late_word = _("LATE")
        for v in views:
            waiting += v.total
            late += v.late
            if not v.items and not self.queue_name:
                continue
            counts = _("{waiting} wait, {late} late").format(waiting=v.total, late=v.late)
            table.add_row(f"[b]{short_name(v.name)}[/b]", f"[b]{counts}[/b]", "", "", "",
                          "", key=f"head:{v.name}")
            self.row_queue[f"head:{v.name}"] = v.name
            for i in v.items:
                key = f"{v.name}:{i.number}"
                unit = _(UNITS.get(i.unit, i.unit))
                table.add_row(i.number, i.detail, self.moment(i.since), f"{self.figure(i.age)} {unit}",
                              f"{i.level}", f"[b red]{late_word}[/b red]" if i.late else "", key=key)
                self.row_queue[key] = v.name
        what = full_name(views[0].name, views[0].label) if self.queue_name and views else _("Every queue")
        self.query_one("#queue-title", Static).update(
            what + (_("  late only") if self.late_only else "") + ": "
            + ngettext("{n} waiting", "{n} waiting", waiting).format(n=waiting) + ", "
            + ngettext("{n} late", "{n} late", late).format(n=late) + "  " + _("(oldest first)"))

    def action_late_only(self) -> None:
        self.late_only = not self.late_only
        self.action_refresh()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_item()

    def action_open_item(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        name = self.row_queue.get(key or "")
        if name in LISTS:
            mode, filters = LISTS[name]
            self.app.pop_screen()
            self.app.open_list(mode, **filters)

    def moment(self, since: str) -> str:
        """When an item started waiting: the day as the screens write it, with the local time when
        it is an instant (stored in UTC)."""
        from datetime import UTC, datetime

        from boclerk.dates import format_day

        at = datetime.fromisoformat(since.replace("Z", "+00:00"))
        if len(since) <= 10:
            return format_day(at.date(), self.app.locale)
        local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone()
        return f"{format_day(local.date(), self.app.locale)} {local:%H:%M}"
