"""What the Office screen shows of one record: a request with each line's decision, an item of
equipment with its plans and history, a contract with what was billed under it, a person, a
deal; and a dialog that shows one of them on a narrow terminal."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

STATE_STYLES = {"open": "bold yellow", "approved": "cyan", "rejected": "dim", "cancelled": "dim",
                "received": "green", "needs_repair": "bold yellow", "in_repair": "yellow", "written_off": "dim",
                "with_lawyer": "cyan", "expired": "dim", "terminated": "dim", "left": "dim", "ended": "dim"}


def words(state: str) -> str:
    return state.replace("_", " ")


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    return grid


def _title(grid: Table, head: str, state: str) -> None:
    line = Text(head + "  ", style="bold")
    line.append(words(state), style="bold " + STATE_STYLES.get(state, ""))
    grid.add_row(line)


def _history(grid: Table, history) -> None:
    if history:
        grid.add_row(Text("History", style="bold"))
    for h in history:
        grid.add_row(Text(f"{h.at.astimezone():%d.%m %H:%M} {h.actor} {h.action.split('.', 1)[-1]}", style="dim"))


def render_request(d, money, quantity) -> Table:
    grid = _grid()
    _title(grid, d.number, d.state)
    grid.add_row(f"{d.department}, asked by {d.asked_by}" + (f", wanted by {d.wanted_by:%d.%m.%Y}" if d.wanted_by
                                                             else ""))
    if d.note:
        grid.add_row(Text(d.note, style="dim"))
    lines = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for col, justify in (("#", "right"), ("SKU", "left"), ("Qty", "right"), ("Estimate", "right"),
                         ("Decision", "left"), ("PO", "left"), ("In", "right")):
        lines.add_column(col, justify=justify, no_wrap=col != "Decision")
    for ln in d.lines:
        decision = Text(ln.status, style=STATE_STYLES.get(ln.status, ""))
        if ln.reason:
            decision.append(f": {ln.reason}", style="dim")
        lines.add_row(str(ln.line_no), ln.sku, quantity(ln.qty, ln.unit), money(ln.value), decision, ln.po or "",
                      "" if ln.received is None else quantity(ln.received, ln.unit))
    grid.add_row(lines)
    grid.add_row(Text(f"Estimate {money(d.total)} net of VAT", style="bold"))
    _history(grid, d.history)
    return grid


def render_equipment(d, money) -> Table:
    grid = _grid()
    _title(grid, f"{d.number} {d.name}", d.condition)
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim")
    facts.add_column()
    for label, value in (("Category", d.category), ("Model", d.model), ("Serial", d.serial),
                         ("Department", d.department), ("Holder", f"{d.holder_name} ({d.holder})" if d.holder else ""),
                         ("Room", d.location), ("Bought", " ".join(x for x in (d.supplier, d.bill) if x)),
                         ("Acquired", f"{d.acquired_on:%d.%m.%Y}"),
                         ("Warranty", f"until {d.warranty_until:%d.%m.%Y}" if d.warranty_until else ""),
                         ("Cost", money(d.cost))):
        if value:
            facts.add_row(label, value)
    if d.fixed_asset:
        facts.add_row("Fixed asset", f"{d.useful_life_months} months, depreciated {money(d.depreciated)}, "
                                     f"book value {money(d.book_value)}")
    if d.written_off_on:
        facts.add_row("Written off", f"{d.written_off_on:%d.%m.%Y}: {d.write_off_reason}"
                      + (f" (act {d.write_off_document})" if d.write_off_document else ""))
    grid.add_row(facts)
    if d.plans:
        grid.add_row(Text("Maintenance", style="bold"))
        for p in d.plans:
            grid.add_row(Text(f"{p.id}. {p.what} every {p.every_months} mo., next {p.next_due:%d.%m.%Y}"
                              + (f", last {p.last_done:%d.%m.%Y}" if p.last_done else ""),
                              style="" if p.active else "dim"))
    grid.add_row(Text("History", style="bold"))
    for e in d.events:
        grid.add_row(Text(f"{e.day:%d.%m.%Y} {e.kind}: {e.what}" + (f" ({e.done_by})" if e.done_by else "")
                          + (f" {money(e.cost)}" if e.cost else "") + (f" {e.entry}" if e.entry else ""),
                          style="dim"))
    return grid


def render_contract(d, money) -> Table:
    grid = _grid()
    _title(grid, d.number, d.state)
    grid.add_row(Text(d.subject, style="bold"))
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim")
    facts.add_column()
    dates = " .. ".join(f"{x:%d.%m.%Y}" for x in (d.valid_from, d.valid_to) if x)
    for label, value in (("With", f"{d.party} ({d.party_kind})"), ("Their no.", d.their_number),
                         ("Signed", f"{d.signed_on:%d.%m.%Y}" if d.signed_on else ""), ("Valid", dates),
                         ("Renews", f"every {d.renewal_months} mo., {d.notice_days} days' notice" if d.auto_renew
                          else ""),
                         ("Term ends", f"{d.term_end:%d.%m.%Y}" if d.term_end and d.term_end != d.valid_to else ""),
                         ("Notice by", f"{d.notice_by:%d.%m.%Y}" if d.notice_by else ""),
                         ("Responsible", d.responsible or "")):
        if value:
            facts.add_row(label, value)
    if d.amount is not None:
        facts.add_row("Limit", f"{money(d.amount)}; billed {money(d.billed)}, ordered {money(d.ordered)}, "
                               f"left {money(d.left)}")
    elif d.billed or d.ordered:
        facts.add_row("Under it", f"billed {money(d.billed)}, ordered {money(d.ordered)}")
    grid.add_row(facts)
    if d.links:
        grid.add_row(Text("Attached", style="bold"))
        for ln in d.links:
            grid.add_row(f"{ln.kind} {ln.ref}" + (f" {ln.day:%d.%m.%Y}" if ln.day else "") + f" {ln.status}"
                         + (f" {money(ln.amount)}" if ln.amount is not None else ""))
    if d.notes:
        grid.add_row(Text(d.notes, style="dim"))
    _history(grid, d.history)
    return grid


def render_staff(r) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_row(Text(r.code, style="bold"), Text(r.name + ("" if r.active else " (gone)"), style="bold"))
    for label, value in (("Department", r.department), ("Position", r.position), ("boclerk login", r.login or ""),
                         ("Email", r.email), ("Phone", r.phone)):
        grid.add_row(label, value or "-")
    return grid


def deal_terms(r, money) -> str:
    if r.kind == "service":
        return f"{r.target} pays {r.source} {money(r.fee)} a month"
    shares = ", ".join(f"{d} {w}".strip() for d, w in r.shares) or "every department with any"
    by = f"amounts of {r.basis_account}" if r.basis == "account" else r.basis
    return f"{r.source or 'no department'} -> {shares}, by {by}"


def render_deal(r, money) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_row(Text(r.code, style="bold"), Text(r.name, style="bold"))
    valid = " .. ".join(f"{x:%d.%m.%Y}" for x in (r.valid_from, r.valid_to) if x) or "always"
    for label, value in (("Kind", "service agreement" if r.kind == "service" else "allocation rule"),
                         ("Account", r.account), ("Terms", deal_terms(r, money)), ("In force", valid),
                         ("State", r.state), ("Posted", ", ".join(r.posted) or "-")):
        grid.add_row(label, value)
    return grid


class DetailDialog(ModalScreen[None]):
    """One record in full, over the list (Esc closes)."""

    DEFAULT_CSS = """
    DetailDialog > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="office.close_detail")]

    def __init__(self, renderable) -> None:
        super().__init__()
        self.renderable = renderable

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.renderable)
            yield Static(Text("Esc closes; the acts are on the list.", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
