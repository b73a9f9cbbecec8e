"""The service report on screen: each step's median and 90th percentile in working time, the
share within its level, a chart of the median month by month (Textual's Sparkline: the months
before the period, then the period's), and the rework counted.

``b`` groups the table by month, channel or person; ``[`` and ``]`` move the period (three
months ending with the current one) a month back or on.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Sparkline, Static

from boclerk.i18n import N_, _, pgettext
from boclerk.tui.base import AreaScreen, today

BY = ("step", "month", "channel", "person")
UNITS = {"hours": N_("h"), "days": N_("wd")}
#: how the grouping and the rework counts read on screen
def group_name(by: str) -> str:
    return {"month": _("Month"), "channel": _("Channel"), "person": pgettext("done by", "Person")}.get(by) \
        or by.capitalize()


GROUPED = {"month": N_(" by month"), "channel": N_(" by channel"), "person": N_(" by person")}
REWORK = {"orders_cancelled_after_confirmation": N_("orders cancelled after confirmation"), "returns": N_("returns"),
          "entries_reversed": N_("entries reversed"), "bills_rejected": N_("bills rejected"),
          "documents_refiled": N_("documents refiled")}
MONTHS = 3


def _shift(day: date, months: int) -> date:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(y, m + 1, 1)


def _month_end(day: date) -> date:
    return date.fromordinal(_shift(day, 1).toordinal() - 1)


class ServiceScreen(AreaScreen):
    TITLE = N_("Service")
    AUTO_FOCUS = "#service-table"
    HELP = N_("How long each step of the work took, in working time (h: working hours, wd: working days; "
            "weekends and public holidays do not count): the median, the 90th percentile, the share done "
            "within the service level, and the median month by month (the charts: the months before the "
            "period, then the period's). b groups by month, channel or the person who did the step; "
            "[ and ] move the period a month; s shows the service levels (and sets them, for admins). Rework: what was undone or done again.")
    BINDINGS = [
        Binding("b", "by", N_("Group by"), id="quality.by"),
        Binding("left_square_bracket", "shift(-1)", N_("Earlier"), id="quality.earlier"),
        Binding("right_square_bracket", "shift(1)", N_("Later"), id="quality.later"),
        Binding("s", "levels", N_("Levels"), id="quality.levels"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]
    DEFAULT_CSS = """
    ServiceScreen #service-title { height: 1; padding: 0 1; text-style: bold; }
    ServiceScreen #service-table { height: 1fr; min-height: 5; }
    ServiceScreen #service-charts { height: auto; max-height: 12; }
    ServiceScreen .trend { height: 1; }
    ServiceScreen .trend-label { width: 34; padding: 0 1; }
    ServiceScreen .trend Sparkline { width: 1fr; height: 1; }
    ServiceScreen #service-rework { height: auto; padding: 0 1; }
    """

    def __init__(self, *, by: str = "step", end: date | None = None) -> None:
        super().__init__()
        self.TITLE = pgettext("service levels", "Service")  # the report's own word (maintenance is said otherwise)
        self.by, self.end = by, end

    def body(self) -> ComposeResult:
        with Vertical(classes="area-body"):
            yield Static("", id="service-title")
            yield DataTable(id="service-table", cursor_type="row", zebra_stripes=True)
            yield VerticalScroll(id="service-charts")
            yield Static("", id="service-rework")

    def on_mount(self) -> None:
        self.end = self.end or today(self.app)
        self.load()

    @property
    def start(self) -> date:
        return _shift(self.end, -(MONTHS - 1))

    def load(self) -> None:
        from boclerk.services.quality.report import trend_months
        from boclerk.services.quality.store import needs_keeping

        self.query_one("#service-title", Static).update(
            _("Service {start} to {end}").format(start=self.day(self.start), end=self.day(self.end)) + "  " + _("(loading…)"))
        months = trend_months(self.start, self.end)
        self.read(needs_keeping, months, then=lambda new: self._keep_up(new, months))

    def _keep_up(self, new: bool, months: list[int]) -> None:
        """Keep the new workflow steps and the closed months' histograms first (when there are
        any to keep), then report."""
        from boclerk.services.quality.store import keep

        if new:
            self.write(keep, months, then=lambda _n: self._report())
        else:
            self._report()

    def _report(self) -> None:
        from boclerk.services.quality.report import service_report

        self.read(service_report, self.start, self.end, by=self.by, then=self.show)

    def show(self, r) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column(_("Step"), key="step")
        if r.by != "step":
            table.add_column(group_name(r.by), key="key")
        for key, label in (("count", N_("Done")), ("median", N_("Median")), ("p90", "90%"), ("within", N_("Within")),
                           ("level", N_("Level"))):
            table.add_column(_(label), key=key)
        for x in r.rows:
            u = _(UNITS[x.unit])
            table.add_row(x.step, *([x.key] if r.by != "step" else []), str(x.count), f"{self.figure(x.median)} {u}",
                          f"{self.figure(x.p90)} {u}", f"{x.share:.0%}", f"{x.level} {u}")
        charts = self.query_one("#service-charts", VerticalScroll)
        charts.remove_children()
        rows = []
        for t in r.trends:
            data = [v or 0.0 for _month, v in t.months]
            change = ""
            if t.before is not None and t.now is not None:
                change = (f" {'↑' if t.now > t.before else '↓' if t.now < t.before else '='} "
                          f"{self.figure(t.before)}→{self.figure(t.now)}")
            rows.append(Horizontal(Static(f"{t.step}{change}", classes="trend-label"), Sparkline(data),
                                   classes="trend"))
        if rows:
            charts.mount(*rows)
        rework = "  ".join(f"{_(REWORK[k]) if k in REWORK else k.replace('_', ' ')} {v}" for k, v in r.rework.items())
        self.query_one("#service-rework", Static).update(_("Rework: {counts}").format(counts=rework))
        grouped = (_(GROUPED[r.by]) if r.by in GROUPED else f" by {r.by}") if r.by != "step" else ""
        months = _("  charts: {first} .. {last}").format(first=r.trends[0].months[0][0],
                                                         last=r.trends[0].months[-1][0]) if r.trends else ""
        self.query_one("#service-title", Static).update(
            _("Service {start} to {end}").format(start=self.day(r.start), end=self.day(r.end)) + grouped + months)

    def action_levels(self) -> None:
        from boclerk.tui.quality.levels import LevelsScreen

        self.app.push_screen(LevelsScreen())

    def action_by(self) -> None:
        self.by = BY[(BY.index(self.by) + 1) % len(BY)]
        self.load()

    def action_shift(self, months: int) -> None:
        moved = _shift(self.end, months)
        self.end = min(_month_end(moved), today(self.app))
        self.load()
