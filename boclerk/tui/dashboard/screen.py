"""Home: what needs doing today, money at a glance, sales of the last 30 days."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Static

from boclerk.dates import format_day
from boclerk.db.plain import plain_sql
from boclerk.i18n import N_, _
from boclerk.tui.base import AreaScreen
from boclerk.tui.dashboard import office, shop

BARS = " ▁▂▃▄▅▆▇█"


class Figure(Static, can_focus=True):
    """A number that opens the list behind it (Enter)."""

    BINDINGS = [
        Binding("enter", "open", N_("Open list"), id="dashboard.open"),
        Binding("a", "queue", N_("Ages"), show=False, id="dashboard.queue"),
    ]
    #: the figure -> the queue behind it, with ages and lateness (boclerk.services.quality.queues)
    QUEUES = {"to-confirm": "to_confirm", "to-ship": "to_ship", "backorders": "backorders",
              "po-awaiting": "po_awaiting", "bills-held": "bills_held", "docs-inbox": "inbox",
              "bank-waiting": "bank_lines", "maintenance-overdue": "maintenance", "maintenance-due": "maintenance"}

    def __init__(self, label: str, mode: str, filters: dict, *, fig_id: str) -> None:
        super().__init__(classes="figure", id=fig_id)
        self.label, self.mode, self.filters = label, mode, filters
        self.value = "…"
        #: what the figure shows now: (width, label, value)
        self._shown: tuple[int, str, str] | None = None

    def set_value(self, value: str) -> None:
        """Show ``value`` after the label and a dotted leader as wide as the figure. Made as
        Content from its parts rather than parsed from markup (some 75 us a parse, for each of
        16 figures at its mount, its first size and its value, all before Home's figures are on
        screen), and not made again when width, label and value are those shown."""
        self.value = value
        width = max(self.size.width - 2, 30)
        label = _(self.label)
        if self._shown == (width, label, value):
            return
        self._shown = (width, label, value)
        dots = max(width - len(label) - len(value) - 2, 1)
        # a figure is one line of its grid cell whatever it says: drawn again, not laid out again
        self.update(Content.assemble(f"{label} ", ("." * dots, "dim"), " ", (value, "b")), layout=False)

    def on_resize(self) -> None:
        self.set_value(self.value)

    def on_mount(self) -> None:
        self.set_value(self.value)

    def action_open(self) -> None:
        self.app.open_list(self.mode, **self.filters)

    def on_click(self) -> None:
        self.action_open()

    def action_queue(self) -> None:
        from boclerk.tui.quality.queues import QueueScreen

        self.app.push_screen(QueueScreen(self.QUEUES.get(self.id or "")))


class SalesChart(Static):
    """Net revenue per day, as a bar chart of block characters, drawn again whenever it changes size."""

    _data: tuple[list, object] | None = None

    def on_resize(self) -> None:
        if self._data is not None:
            self.show(*self._data)

    def show(self, days: list, money) -> None:
        self._data = (days, money)
        width = max(self.size.width - 4, 30)
        values = [v for _, v in days]
        top = max(values) if values and max(values) > 0 else 1
        height = max(self.size.height - 3, 3)
        step = max(len(days) * 2 // width, 1) if len(days) * 2 > width else 1
        cols = values[::step] if step > 1 else values
        lines = []
        for level in range(height, 0, -1):
            row = ""
            for v in cols:
                filled = v * height * 8 // top
                cell = max(min(filled - (level - 1) * 8, 8), 0)
                row += BARS[cell] * 2
            lines.append(row)
        first, last = days[0][0], days[-1][0]
        total = sum(values)
        first, last = (format_day(day, self.app.locale) for day in (first, last))
        lines.append(f"{first}{' ' * max(len(cols) * 2 - len(first) - len(last), 1)}{last}")
        self.update(_("Sales, last 30 days: {total} net (peak {peak})").format(
            total=money(total), peak=money(max(values) if values else 0)) + "\n"
                    + "\n".join(lines), layout=False)  # the chart fills the space left, whatever it draws


@plain_sql
def _figures(uow) -> tuple:
    """Home's figures, the office's and the website's line, in one unit. Three units at once (each
    its own connection and actor check, in threads taking turns for the interpreter with the
    screen's first layout) kept the figures waiting: on PostgreSQL the figures' unit took 59-74 ms
    at the app's start, where the three take some 3.5 ms in turn on an open connection. The chart,
    which grows with the day's trade, has a read of its own."""
    from boclerk.services.dashboard import home_figures, web_dashboard
    from boclerk.services.office.reminders import office_dashboard

    return home_figures(uow), office_dashboard(uow), web_dashboard(uow)


class DashboardScreen(AreaScreen):
    TITLE = N_("Home")
    HELP = N_("The day's work at a glance. Move between the figures with Tab or the arrow keys and press "
            "Enter to open the list behind a figure, a to see its queue oldest first with how long each item "
            "has waited in working time and whether it is late. l shows everything late; v the service report "
            "(cycle times, service levels, trend, rework). y runs an exchange with the website now (boclerk "
            "shop sync: catalogue out, orders in, statuses back), its steps shown as they pass.")
    BINDINGS = [
        Binding("r", "refresh", N_("Refresh"), id="dashboard.refresh"),
        Binding("y", "sync", N_("Sync site"), id="dashboard.sync"),
        Binding("down,j", "app.focus_next", N_("Next"), show=False, id="dashboard.next"),
        Binding("up,k", "app.focus_previous", N_("Previous"), show=False, id="dashboard.previous"),
        Binding("l", "late", N_("Late"), show=False, id="dashboard.late"),
        Binding("v", "service", N_("Service levels"), show=False, id="dashboard.service"),
    ]

    FIGURES = (
        ("to-confirm", N_("Orders to confirm"), "orders", {"status": "draft"}),
        ("to-ship", N_("Orders to ship"), "orders", {"status": "open", "backorder": False}),
        ("backorders", N_("Backorders"), "orders", {"status": "open", "backorder": True}),
        ("below-reorder", N_("Products below reorder point"), "stock", {"below_reorder": True}),
        ("po-awaiting", N_("Purchase orders to receive"), "purchases", {"status": "open"}),
        ("bills-held", N_("Bills held as exceptions"), "purchases", {"bills": "held"}),
        ("docs-inbox", N_("Documents in the inbox"), "documents", {"view": "docs", "status": "inbox"}),
        ("bank-waiting", N_("Bank lines to reconcile"), "documents", {"view": "bank", "lines": "waiting"}),
        ("receivables", N_("Open receivables"), "orders", {"status": "open"}),
        ("payables", N_("Open payables"), "purchases", {"bills": "posted"}),
        ("bank", N_("Bank"), "ledger", {"account": "1010"}),
        ("cash", N_("Cash"), "ledger", {"account": "1000"}),
        *office.FIGURES,
    )

    def body(self) -> ComposeResult:
        with Vertical(classes="area-body"):
            with Grid(classes="figures"):
                for fig_id, label, mode, filters in self.FIGURES:
                    yield Figure(label, mode, filters, fig_id=fig_id)
            yield office.OfficeNotes(id="office-notes")
            yield shop.WebNotes(id="web-notes")
            yield SalesChart(id="sales-chart")

    #: reads of the last refresh not yet answered (or refused)
    _pending = 0
    #: whether the list screens' styles were parsed ahead (BoclerkApp.warm_list_styles)
    _warmed = False

    def on_mount(self) -> None:
        self.action_refresh()
        self.query_one(Figure).focus()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read the figures again: the figures (from indexes and summaries) with the office's notes
        and the website's line in one read (``_figures``), the chart (30 days of postings) in
        another. A refresh asked for while the last one's answers are still coming (the mount and
        Textual's two resumes of a new screen come together) is the same read: it is not sent again."""
        if self._pending:
            return
        from boclerk.services.dashboard import sales_days

        reads = ((_figures, self.show_figures),
                 (sales_days, lambda days: self.query_one(SalesChart).show(days, self.money)))
        self._pending = len(reads)
        for fn, then in reads:
            self.read(fn, then=then, settled=self._answered)

    def _answered(self) -> None:
        self._pending -= 1

    def action_late(self) -> None:
        from boclerk.tui.quality.queues import QueueScreen

        self.app.push_screen(QueueScreen(late_only=True))

    def action_service(self) -> None:
        from boclerk.tui.quality.report import ServiceScreen

        self.app.push_screen(ServiceScreen())

    def offered(self, action: str) -> bool | None:
        if action == "sync":  # on the key bar only for those who may run an exchange
            from boclerk.domain.acts import ACTS

            return True if ACTS["exchange.shop_sync"].may(self.app.role) else False
        return True

    def action_sync(self) -> None:
        shop.sync_now(self, self.action_refresh)

    def show(self, d) -> None:
        values = {
            "to-confirm": str(d.to_confirm), "to-ship": str(d.to_ship), "backorders": str(d.backorders),
            "below-reorder": str(d.below_reorder), "po-awaiting": str(d.po_awaiting), "bills-held": str(d.bills_held),
            "docs-inbox": str(d.docs_inbox), "bank-waiting": str(d.bank_waiting),
            "receivables": self.money(d.receivables), "payables": self.money(d.payables),
            "bank": self.money(d.bank), "cash": self.money(d.cash),
        }
        for fig in self.query(Figure):
            if fig.id in values:
                fig.set_value(values[fig.id])
        warm = getattr(self.app, "warm_list_styles", None)
        if warm is not None and not self._warmed:  # once the figures are drawn: the list screens' styles
            self._warmed = True
            self.call_after_refresh(warm, self)
        if d.sales_days:  # the chart has a read of its own (sales_days); a Dashboard read whole draws it too
            self.query_one(SalesChart).show(d.sales_days, self.money)

    def show_figures(self, read: tuple) -> None:
        figures, office_read, web = read
        self.show(figures)
        self.show_office(office_read)
        self.query_one(shop.WebNotes).show(web)

    def show_office(self, d) -> None:
        values = office.values(d)
        for fig in self.query(Figure):
            if fig.id in values:
                fig.set_value(values[fig.id])
        self.query_one(office.OfficeNotes).show(d)
