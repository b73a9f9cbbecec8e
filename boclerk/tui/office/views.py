"""What the Office screen shows of one record: a request with each line's decision, an item of
equipment with its plans and history, a contract with what was billed under it, a person, a
deal; and a dialog that shows one of them on a narrow terminal."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from boclerk.domain.office_words import deal_terms, deal_word, event_word, link_word, party_word
from boclerk.domain.state_words import state_word
from boclerk.i18n import N_, _, ngettext, pgettext
from boclerk.tui.flow import GAP, NAME_AT_LEAST, ByWidth
from boclerk.tui.history import add_history

STATE_STYLES = {"open": "bold yellow", "approved": "cyan", "rejected": "dim", "cancelled": "dim",
                "received": "green", "needs_repair": "bold yellow", "in_repair": "yellow", "written_off": "dim",
                "with_lawyer": "cyan", "expired": "dim", "terminated": "dim", "left": "dim", "ended": "dim"}


def words(state: str) -> str:
    """How the office's stored states read on screen (requests and their lines, equipment, contracts,
    deals; the office's own words: the deals' list has 7 columns for them)."""
    said = {
        "open": pgettext("office", "open"), "decided": pgettext("office", "decided"),
        "pending": pgettext("office", "pending"), "approved": pgettext("office", "approved"),
        "ordered": pgettext("office", "ordered"), "partially_received": pgettext("office", "partially received"),
        "received": pgettext("office", "received"), "rejected": pgettext("office", "rejected"),
        "cancelled": pgettext("office", "cancelled"), "in_use": pgettext("office", "in use"),
        "needs_repair": pgettext("office", "needs repair"), "in_repair": pgettext("office", "in repair"),
        "in_store": pgettext("office", "in store"), "written_off": pgettext("office", "written off"),
        "draft": pgettext("office", "draft"), "with_lawyer": pgettext("office", "with lawyer"),
        "signed": pgettext("office", "signed"), "live": pgettext("office", "live"),
        "expired": pgettext("office", "expired"), "terminated": pgettext("office", "terminated"),
        "active": pgettext("office", "active"), "ended": pgettext("office", "ended"), "left": pgettext("office", "left"),
    }
    return said.get(state) or state.replace("_", " ")


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    return grid


def _title(grid: Table, head: str, state: str) -> None:
    line = Text(head + "  ", style="bold")
    line.append(words(state), style="bold " + STATE_STYLES.get(state, ""))
    grid.add_row(line)


def render_request(d, money, quantity, day, locale: str) -> Table:
    grid = _grid()
    _title(grid, d.number, d.state)
    grid.add_row(_("{dept}, asked by {who}").format(dept=d.department, who=d.asked_by)
                 + (_(", wanted by {day}").format(day=day(d.wanted_by)) if d.wanted_by else ""))
    if d.note:
        grid.add_row(Text(d.note, style="dim"))
    rows = []
    for ln in d.lines:
        decision = Text(words(ln.status), style=STATE_STYLES.get(ln.status, ""))
        if ln.reason:
            decision.append(f": {ln.reason}", style="dim")
        rows.append([str(ln.line_no), ln.sku, quantity(ln.qty, ln.unit), money(ln.value), decision, ln.po or "",
                     "" if ln.received is None else quantity(ln.received, ln.unit)])
    grid.add_row(ByWidth(lambda width: _request_lines(rows, [ln.name for ln in d.lines], width)))
    grid.add_row(Text(_("Estimate {amount} net of VAT").format(amount=money(d.total)), style="bold"))
    add_history(grid, d.history, locale=locale, heading_when_empty=False)
    return grid


def _request_lines(rows: list[list], names: list[str], width: int) -> Table:
    """A request's lines ``width`` wide at most: each item's name after its SKU where the width leaves
    it :data:`boclerk.tui.flow.NAME_AT_LEAST` columns (cut with an ellipsis), else without it; the
    decision, with its reason, wraps."""
    heads = (("#", "right"), (_("SKU"), "left"), (_("Qty"), "right"), (_("Estimate"), "right"),
             (_("Decision"), "left"), (pgettext("narrow column", "PO"), "left"), (_("In"), "right"))
    wide = [max([cell_len(h), *(cell_len(r[i]) if isinstance(r[i], str) else len(r[i].plain.split(":")[0])
                                for r in rows)]) for i, (h, _j) in enumerate(heads)]
    room = width - sum(wide) - len(GAP) * len(heads)
    named = room >= NAME_AT_LEAST
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for i, (head, justify) in enumerate(heads):
        table.add_column(head, justify=justify, no_wrap=i != 4)
        if i == 1 and named:
            table.add_column(_("Name"), no_wrap=True, overflow="ellipsis",
                             max_width=min(room, max(cell_len(n) for n in names)))
    for row, name in zip(rows, names, strict=True):
        table.add_row(*row[:2], *([Text(name, no_wrap=True, overflow="ellipsis")] if named else []), *row[2:])
    return table


def render_equipment(d, money, day) -> Table:
    grid = _grid()
    _title(grid, f"{d.number} {d.name}", d.condition)
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim")
    facts.add_column()
    for label, value in ((_("Category"), d.category), (_("Model"), d.model), (_("Serial"), d.serial),
                         (_("Department"), d.department),
                         (_("Holder"), f"{d.holder_name} ({d.holder})" if d.holder else ""),
                         (_("Room"), d.location), (_("Bought"), " ".join(x for x in (d.supplier, d.bill) if x)),
                         (_("Acquired"), day(d.acquired_on)),
                         (_("Warranty"), _("until {day}").format(day=day(d.warranty_until))
                          if d.warranty_until else ""),
                         (_("Cost"), money(d.cost))):
        if value:
            facts.add_row(label, value)
    if d.fixed_asset:
        facts.add_row(_("Fixed asset"), ngettext(
            "{n} month, depreciated {depreciated}, book value {book}",
            "{n} months, depreciated {depreciated}, book value {book}", d.useful_life_months).format(
            n=d.useful_life_months, depreciated=money(d.depreciated), book=money(d.book_value)))
    if d.written_off_on:
        facts.add_row(_("Written off"), f"{day(d.written_off_on)}: {d.write_off_reason}"
                      + (_(" (act {document})").format(document=d.write_off_document) if d.write_off_document else ""))
    grid.add_row(facts)
    if d.plans:
        grid.add_row(Text(_("Maintenance"), style="bold"))
        for p in d.plans:
            grid.add_row(Text(f"{p.id}. " + _("{what} every {n} mo., next {day}").format(
                what=p.what, n=p.every_months, day=day(p.next_due))
                + (_(", last {day}").format(day=day(p.last_done)) if p.last_done else ""),
                style="" if p.active else "dim"))
    grid.add_row(Text(_("History"), style="bold"))
    for e in d.events:
        grid.add_row(Text(f"{day(e.day)} {event_word(e.kind)}: {e.what}" + (f" ({e.done_by})" if e.done_by else "")
                          + (f" {money(e.cost)}" if e.cost else "") + (f" {e.entry}" if e.entry else ""),
                          style="dim"))
    return grid


def render_contract(d, money, day, locale: str) -> Table:
    grid = _grid()
    _title(grid, d.number, d.state)
    grid.add_row(Text(d.subject, style="bold"))
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim")
    facts.add_column()
    dates = " .. ".join(day(x) for x in (d.valid_from, d.valid_to) if x)
    for label, value in ((_("With"), f"{d.party} ({party_word(d.party_kind)})"),
                         (_("Their no."), d.their_number),
                         (_("Signed"), day(d.signed_on) if d.signed_on else ""), (_("Valid"), dates),
                         (_("Renews"), _("every {months} mo., {days} days' notice").format(
                             months=d.renewal_months, days=d.notice_days) if d.auto_renew else ""),
                         (_("Term ends"), day(d.term_end) if d.term_end and d.term_end != d.valid_to else ""),
                         (_("Notice by"), day(d.notice_by) if d.notice_by else ""),
                         (_("Responsible"), d.responsible or "")):
        if value:
            facts.add_row(label, value)
    if d.amount is not None:
        facts.add_row(_("Limit"), _("{amount}; billed {billed}, ordered {ordered}, left {left}").format(
            amount=money(d.amount), billed=money(d.billed), ordered=money(d.ordered), left=money(d.left)))
    elif d.billed or d.ordered:
        facts.add_row(_("Under it"), _("billed {billed}, ordered {ordered}").format(
            billed=money(d.billed), ordered=money(d.ordered)))
    grid.add_row(facts)
    if d.links:
        grid.add_row(Text(_("Attached"), style="bold"))
        for ln in d.links:
            grid.add_row(f"{link_word(ln.kind)} {ln.ref}" + (f" {day(ln.day)}" if ln.day else "") + f" {state_word(ln.status)}"
                         + (f" {money(ln.amount)}" if ln.amount is not None else ""))
    if d.notes:
        grid.add_row(Text(d.notes, style="dim"))
    add_history(grid, d.history, locale=locale, heading_when_empty=False)
    return grid


def render_staff(r) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_row(Text(r.code, style="bold"), Text(r.name + ("" if r.active else _(" (gone)")), style="bold"))
    for label, value in ((_("Department"), r.department), (_("Position"), r.position),
                         (_("boclerk login"), r.login or ""), (_("Email"), r.email), (_("Phone"), r.phone)):
        grid.add_row(label, value or "-")
    return grid


def render_deal(r, money, day) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_row(Text(r.code, style="bold"), Text(r.name, style="bold"))
    valid = " .. ".join(day(x) for x in (r.valid_from, r.valid_to) if x) or _("always")
    for label, value in ((_("Kind"), deal_word(r.kind, full=True)),
                         (_("Account"), r.account), (_("Terms"), deal_terms(r, money)), (_("In force"), valid),
                         (_("State"), words(r.state)), (_("Posted"), ", ".join(r.posted) or "-")):
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
    BINDINGS = [Binding("escape,enter,q", "close", N_("Close"), id="office.close_detail")]

    def __init__(self, renderable) -> None:
        super().__init__()
        self.renderable = renderable

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.renderable)
            yield Static(Text(_("Esc closes; the acts are on the list."), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
