"""A stocktake in progress: scan or type what is on the shelves, review the differences, post.

A scanner types fast and ends with Enter: each Enter in the item field counts one of the
product (or the quantity typed in Qty) and clears the field, so the cursor stays there for
the next item. Entries queue and are saved one short write each, in order (added to what is
already counted), so nothing is lost when the clerk walks away and an unknown barcode is
refused alone; the differences table follows when the queue is empty.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, DataTable, Input, Label, Static
from textual.worker import Worker, WorkerState

from boclerk.domain.acts import ACTS
from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _, ngettext
from boclerk.tui.base import AreaScreen, act_bindings
from boclerk.tui.dialogs import ConfirmDialog
from boclerk.tui.typed_input import TypedInput
from boclerk.tui.validators import QtyValidator
from boclerk.tui.one_record import StateKeyBar
from boclerk.tui.stock.words import count_state
from boclerk.tui.widgets import ScanInput

SHOWN = 1000  # lines shown at most in the table (a count may have tens of thousands)


def scan(uow, number: str, code: str, qty: int, replace: bool) -> tuple[Any, Any, int, bool]:
    """Count ``qty`` of the product with this SKU or barcode (added, unless ``replace``)."""
    from boclerk.services.catalog.products import get_product
    from boclerk.services.stock.stocktake import enter_counts

    info = enter_counts(uow, number, [(code, qty)], add=not replace)
    return info, get_product(uow, code), qty, replace


class CountScreen(StateKeyBar, AreaScreen):
    """One stock count: its key bar offers Post and Cancel only while the count is open (the rule
    book's states), as every screen of one record does."""

    TITLE = N_("Stocktake")
    AUTO_FOCUS = "#scan"
    HELP = N_("Count what is on the shelves. Scan a barcode or type a SKU or barcode and press Enter: each "
            "entry counts one of the product, or the quantity typed in Qty first (0: none found). Tick 'Set' "
            "to replace what was counted instead of adding (one correction; the next entries add again). "
            "The cursor stays in the item field for the next one.\n\nThe table shows the differences "
            "between what was counted and what is on hand now (ctrl+t: every line of the count; f2 moves between the item field and the table, "
            "where Enter on a line lets you set its count). Lines nobody counted are left as they are. "
            "ctrl+s posts the differences as stock moves and one journal entry (asks first); f8 cancels the "
            "count. Esc goes back to the stock list and leaves the count open; c and its number return to it.")
    DEFAULT_CSS = """
    CountScreen #count-info {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    CountScreen .scan-row {
        height: auto;
        padding: 0 1;
    }
    CountScreen .scan-row Input {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
    }
    CountScreen .scan-row #qty {
        width: 8;
    }
    CountScreen .scan-row Label {
        padding: 0 1;
    }
    CountScreen .scan-row Checkbox {
        height: 1;
        border: none;
        padding: 0 1;
    }
    CountScreen #last {
        height: 1;
        padding: 0 1;
    }
    CountScreen #diffs {
        height: 1fr;
    }
    CountScreen #count-totals {
        height: 1;
        padding: 0 1;
        text-align: right;
    }
    """
    BINDINGS = [
        *act_bindings("stock.count_post", "stock.count_cancel"),
        Binding("f2", "review", N_("Scan/Review"), id="stock.count_review"),
        Binding("ctrl+t", "all_lines", N_("All lines"), id="stock.count_all"),
        Binding("f5", "refresh_lines", N_("Refresh"), show=False, id="stock.count_refresh"),
        Binding("escape", "back", N_("Back"), id="screen.back"),
    ]

    def __init__(self, info) -> None:
        super().__init__()
        self.info = info
        self.number: str = info.number
        self.all_lines = False
        self.dirty = False
        self.queue: list[tuple[str, int, bool]] = []  # entries typed or scanned, not yet saved
        self.in_flight = False

    def body(self) -> ComposeResult:
        with Vertical(classes="form-screen area-body"):
            yield Static("", id="count-info")
            with Horizontal(classes="scan-row"):
                yield ScanInput(placeholder=_("SKU or barcode + Enter"), id="scan",
                                disabled=not self.offer("stock.count_enter"))
                yield Label(_("Qty"))
                yield TypedInput(placeholder="1", id="qty", validators=[QtyValidator(allow_zero=True)],
                                 disabled=not self.offer("stock.count_enter"))
                yield Checkbox(_("Set"), id="replace", disabled=not self.offer("stock.count_enter"))
            yield Static(_("Scan or type a SKU or barcode and press Enter."), id="last", classes="muted")
            table = DataTable(id="diffs", cursor_type="row", zebra_stripes=True)
            for label, width in ((N_("SKU"), 12), (N_("Name"), 14), (N_("Exp."), 5), (N_("On hand"), 7),
                                 (N_("Counted"), 7), (N_("Diff"), 5), (N_("Value"), 11)):
                table.add_column(_(label), width=width, key=label)
            yield table
            yield Static("", id="count-totals")

    def on_mount(self) -> None:
        self.show_info(self.info)
        self.refresh_lines()

    def show_info(self, info) -> None:
        self.info = info
        what = f"{info.warehouse}, {info.category or _('all categories')}"
        counted = ngettext("{counted} of {n} line counted", "{counted} of {n} lines counted", info.lines).format(
            counted=info.counted, n=info.lines)
        self.query_one("#count-info", Static).update(f"{info.number}  {what}  {count_state(info.status)}  ·  {counted}")
        self.refresh_bindings()

    # -- entering counts ------------------------------------------------------------------------
    def on_scan_input_scanned(self, event: ScanInput.Scanned) -> None:
        self.enter(event.code)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "qty":  # Enter in Qty counts what is in the item field
            event.stop()
            item = self.query_one("#scan", ScanInput)
            code, item.value = item.value.strip(), ""
            item.focus()
            if code:
                self.enter(code)

    def enter(self, code: str) -> None:
        from boclerk.quantity import parse as parse_quantity

        qty_input = self.query_one("#qty", Input)
        try:
            qty = parse_quantity(qty_input.value.strip() or "1")
        except InvalidInput as exc:
            self.app.notify(_("Qty: {reason} {code} was not counted.").format(reason=exc.message, code=code), severity="error")
            return
        box = self.query_one("#replace", Checkbox)
        replace = box.value
        qty_input.value = ""
        box.value = False  # 'Set' is for one correction; the next scans add again
        self.queue.append((code, qty, replace))
        self.save_next()

    def save_next(self) -> None:
        """Save the entries one at a time, in the order they came: each is its own short write
        (an unknown barcode is refused alone), and no two of them race on the same line."""
        if self.in_flight or not self.queue:
            return
        code, qty, replace = self.queue.pop(0)
        self.in_flight = self.dirty = True
        self.write(scan, self.number, code, qty, replace, then=self.scanned)

    def scanned(self, result) -> None:
        info, product, qty, replace = result
        self.show_info(info)
        self.query_one("#last", Static).update(
            Text.assemble((f"{product.sku}", "bold"), f" {product.name}  ",
                          (_("counted = {qty}").format(qty=qty) if replace else f"+{qty}", "bold green")))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An entry has landed (saved or refused): save the next; when none is left, bring the
        differences up to date."""
        if event.worker.group != "db" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR,
                                                                 WorkerState.CANCELLED):
            return
        if any(w.group == "db" and w.node is self and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
               for w in self.app.workers):
            return
        self.in_flight = False
        if self.queue:
            self.save_next()
        elif self.dirty:
            self.dirty = False
            self.refresh_lines()

    def saving(self) -> bool:
        if self.queue or self.in_flight:
            waiting = len(self.queue) + self.in_flight
            self.app.notify(ngettext("Still saving {n} entry; a moment.", "Still saving {n} entries; a moment.",
                                     waiting).format(n=waiting),
                            severity="warning")
            return True
        return False

    # -- differences ----------------------------------------------------------------------------
    def refresh_lines(self) -> None:
        from boclerk.services.stock.stocktake import differences

        self.read(differences, self.number, all_lines=self.all_lines, then=self.fill)

    def action_refresh_lines(self) -> None:
        self.refresh_lines()

    def fill(self, rows: list) -> None:
        money = self.money
        table = self.query_one("#diffs", DataTable)
        keep = table.cursor_row
        table.clear()
        for r in rows[:SHOWN]:
            style = "green" if r.difference > 0 else "red" if r.difference < 0 else ""
            table.add_row(r.sku, r.name, Text(str(r.expected), justify="right"), Text(str(r.on_hand), justify="right"),
                          Text("" if r.counted is None else str(r.counted), justify="right"),
                          Text(f"{r.difference:+}" if r.difference else "0", style=style, justify="right"),
                          Text(money(r.value), style=style, justify="right"), key=r.sku)
        if rows:
            table.move_cursor(row=min(keep, len(rows[:SHOWN]) - 1))
        differing = [r for r in rows if r.difference]
        gain = sum(r.value for r in differing if r.value > 0)
        loss = -sum(r.value for r in differing if r.value < 0)
        what = _("every line") if self.all_lines else _("differences")
        more = " " + _("(first {shown} of {n})").format(shown=SHOWN, n=len(rows)) if len(rows) > SHOWN else ""
        self.query_one("#count-totals", Static).update(
            _("{what}{more}: {n} differ  ·  gain {gain}  ·  loss {loss}").format(
                what=what, more=more, n=len(differing), gain=money(gain), loss=money(loss)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a line: correct it (its SKU in the item field, 'Set' ticked, the cursor in Qty)."""
        item = self.query_one("#scan", Input)
        if item.disabled or event.row_key.value is None:
            return
        item.value = event.row_key.value
        self.query_one("#replace", Checkbox).value = True
        self.query_one("#qty", Input).focus()

    def action_all_lines(self) -> None:
        self.all_lines = not self.all_lines
        self.refresh_lines()

    def action_review(self) -> None:
        table = self.query_one("#diffs", DataTable)
        if table.has_focus and not self.query_one("#scan", Input).disabled:
            self.query_one("#scan", Input).focus()
        else:
            table.focus()

    # -- post, cancel, leave ----------------------------------------------------------------------
    def offered(self, action: str) -> bool | None:
        if action in ("count_post", "count_cancel"):
            return self.offer(f"stock.{action}", self.info.status)
        return True

    def action_count_post(self) -> None:
        if self.saving():
            return
        from boclerk.services.stock.stocktake import differences, post_count

        def ask(rows: list) -> None:
            gain = sum(r.value for r in rows if r.value > 0)
            loss = -sum(r.value for r in rows if r.value < 0)
            info = self.info
            uncounted = info.lines - info.counted
            question = (_("Post {number}: {n} difference(s), gain {gain}, loss {loss}? {counted} of {lines} lines "
                          "were counted").format(number=self.number, n=len(rows), gain=self.money(gain),
                                                 loss=self.money(loss), counted=info.counted, lines=info.lines)
                        + (_("; the {n} not counted stay as they are").format(n=uncounted) if uncounted else "")
                        + _(". Posted counts cannot be changed."))

            def go(yes: bool | None) -> None:
                if yes:
                    self.write(post_count, self.number, then=self.posted)

            self.app.push_screen(ConfirmDialog(question, act=ACTS["stock.count_post"]), go)

        self.begin("stock.count_post", self.number, lambda: self.read(differences, self.number, then=ask, asks=True))

    def posted(self, info) -> None:
        self.app.notify(_("Posted {number} ({entry}).").format(number=info.number, entry=info.entry) if info.entry
                        else _("Posted {number}; nothing differed.").format(number=info.number))
        self.dismiss(info.status)

    def action_count_cancel(self) -> None:
        from boclerk.services.stock.stocktake import cancel_count

        self.confirm_act("stock.count_cancel", self.number, lambda: self.write(
            cancel_count, self.number, done=_("Cancelled {number}; nothing was posted.").format(number=self.number),
            then=lambda info: self.dismiss(info.status)))

    def action_back(self) -> None:
        if not self.saving():
            self.dismiss(self.info.status)
