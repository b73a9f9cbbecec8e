"""What ``boclerk show document|request|equipment|contract`` print, without typer.

The typer commands (``boclerk doc show``, ``boclerk office request``, ``office equipment show``,
``office contract show`` and ``boclerk show KIND``) and the quick path that answers ``boclerk show
KIND`` before typer is loaded (:mod:`boclerk.cli.quick`) print through these functions, so the two
cannot say different things.

Their tables look as the rich tables of the other commands look (:func:`boclerk.cli.output.
print_table`), written without loading rich (as long to import as typer) wherever the same bytes
can be written plainly (:mod:`boclerk.cli.boxed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from boclerk.cli.state import State, emit_json, plain, state_word
from boclerk.i18n import N_, _


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, right: Sequence[str] = ()) -> None:
    """A table without a title, as :func:`boclerk.cli.output.print_table` prints it (without loading
    rich where the same bytes can be written plainly: :mod:`boclerk.cli.boxed`)."""
    from boclerk.cli.boxed import print_boxed_table

    print_boxed_table(None, columns, rows, right=right)


def _shop(st: State):
    from boclerk.cli.output import shop

    return shop(st)


def show_contract(st: State, number: str, json_: bool) -> None:
    """One contract: its terms, documents, and what was billed or ordered under it against its limit."""
    from boclerk.services.office.contract_view import contract_detail

    d = st.lookup(contract_detail, number)
    sh = _shop(st)
    if json_:
        emit_json(plain(d, sh.currency))
        return
    from boclerk.domain.office_words import link_word, party_word

    print(f"{d.number}  {state_word(d.state)}  {d.party} ({party_word(d.party_kind)})  {d.subject}")
    for label, value in ((N_("their no."), d.their_number), (N_("signed"), sh.day(d.signed_on)),
                         (N_("valid from"), sh.day(d.valid_from)), (N_("valid to"), sh.day(d.valid_to)),
                         (N_("term ends"), sh.day(d.term_end) if d.term_end != d.valid_to else None),
                         (N_("renews"), _("every {months} months, {days} days' notice").format(
                             months=d.renewal_months, days=d.notice_days) if d.auto_renew else None),
                         (N_("notice by"), sh.day(d.notice_by)), (N_("responsible"), d.responsible), (N_("notes"), d.notes)):
        if value:
            print(f"  {_(label):<11} {value}")
    if d.amount is not None:
        print("  " + _("limit").ljust(11) + " " + _("{limit}; billed {billed}, ordered {ordered}, left {left}").format(
            limit=sh.money(d.amount), billed=sh.money(d.billed), ordered=sh.money(d.ordered), left=sh.money(d.left)))
    else:
        print("  " + _("billed").ljust(11) + " " + _("{billed}, ordered {ordered}").format(
            billed=sh.money(d.billed), ordered=sh.money(d.ordered)))
    if d.links:
        table([N_("kind"), N_("ref"), N_("date"), N_("state"), N_("amount")],
              ((link_word(ln.kind), ln.ref, sh.day(ln.day), state_word(ln.status), sh.money(ln.amount) if ln.amount is not None else "")
               for ln in d.links), right=[N_("amount")])


def show_equipment(st: State, number: str, json_: bool) -> None:
    """One item: where it is, who holds it, its plans, its history and, for a fixed asset, its depreciation."""
    from boclerk.domain.office_words import event_word
    from boclerk.services.office.equipment_view import equipment_detail

    d = st.lookup(equipment_detail, number)
    sh = _shop(st)
    if json_:
        emit_json(plain(d, sh.currency))
        return
    print(f"{d.number}  {d.name}  {state_word(d.condition)}")
    for label, value in ((N_("category"), d.category), (N_("model"), d.model), (N_("serial"), d.serial),
                         (N_("department"), d.department), (N_("holder"), f"{d.holder} {d.holder_name}" if d.holder else ""),
                         (N_("room"), d.location), (N_("supplier"), d.supplier), (N_("bill"), d.bill),
                         (N_("acquired"), sh.day(d.acquired_on)), (N_("warranty"), sh.day(d.warranty_until)), (N_("cost"), sh.money(d.cost))):
        if value:
            print(f"  {_(label):<11} {value}")
    if d.fixed_asset:
        print("  " + _("fixed asset").ljust(11) + " " + _("{months} months; depreciated {depreciated}, book value {book}, "
                                               "this month {monthly}").format(
            months=d.useful_life_months, depreciated=sh.money(d.depreciated), book=sh.money(d.book_value),
            monthly=sh.money(d.monthly)))
    if d.written_off_on:
        print(_("  written off {day}: {reason}").format(day=sh.day(d.written_off_on), reason=d.write_off_reason)
              + (_(" (act {document})").format(document=d.write_off_document) if d.write_off_document else ""))
    for p in d.plans:
        print(_("  plan {id}: {what} every {months} months, next due {due}").format(
            id=p.id, what=p.what, months=p.every_months, due=sh.day(p.next_due))
              + (_(", last {day}").format(day=sh.day(p.last_done)) if p.last_done else "") + ("" if p.active else _(" (stopped)")))
    table([N_("day"), N_("event"), N_("what"), N_("by"), N_("cost"), N_("entry")],
          ((sh.day(e.day), event_word(e.kind), e.what, e.done_by or e.by, sh.money(e.cost) if e.cost else "", e.entry or "")
           for e in d.events), right=[N_("cost")])


def show_request(st: State, number: str, json_: bool) -> None:
    """One request: each line's decision and reason, its purchase order and what came in."""
    from boclerk.domain.audit_words import action_word
    from boclerk.services.office.request_view import request_detail

    d = st.lookup(request_detail, number)
    sh = _shop(st)
    if json_:
        emit_json(plain(d, sh.currency))
        return
    print(f"{d.number}  {state_word(d.state)}  {d.department}  "
          + _("asked by {who}").format(who=d.asked_by)
          + ("  " + _("wanted by {day}").format(day=sh.day(d.wanted_by)) if d.wanted_by else ""))
    if d.note:
        print(f"  {d.note}")
    table([N_("#"), N_("sku"), N_("name"), N_("qty"), N_("estimate"), N_("decision"), N_("po"), N_("received")],
          ((ln.line_no, ln.sku, ln.name, ln.qty, sh.money(ln.value),
            state_word(ln.status) + (f": {ln.reason}" if ln.reason else ""), ln.po or "", "" if ln.received is None else ln.received)
           for ln in d.lines), right=[N_("qty"), N_("estimate"), N_("received")])
    for h in d.history:
        print(f"  {sh.moment(h.at)} {h.actor} {action_word(h.action)}")


def show_document(st: State, number: str, json_: bool, text: bool = False) -> None:
    """One document: metadata, links, statement lines, the start of its text (``text``: all of it)."""
    from boclerk.domain.document_words import file_kind_words, party_words, record_words, state_words, type_words
    from boclerk.services.documents.document_view import show_document as detail

    d = st.lookup(detail, number, preview_chars=10**9 if text else 2000)
    sh = _shop(st)
    if json_:
        emit_json(plain(d, sh.currency))
        return
    print(f"{d.number}  {type_words(d.doc_type)}  {state_words(d.status)}  {d.original_name} "
          + _("({kind}, {size} bytes)").format(kind=file_kind_words(d.kind), size=d.size))
    if d.counterparty:
        print("  " + party_words(d.counterparty, d.counterparty_name))
    said = [_("their no. {number}").format(number=d.their_number) if d.their_number else "",
            _("of {day}").format(day=sh.day(d.their_date)) if d.their_date else "",
            _("amount {amount}").format(amount=sh.money(d.amount)) if d.amount is not None else ""]
    if any(said):
        print("  " + ", ".join(part for part in said if part))
    if d.reason:
        print(_("  waits: {reason}").format(reason=d.reason))
    if d.notes:
        print(_("  notes: {notes}").format(notes=d.notes))
    print(_("  registered {at} UTC by {created_by}; sha256 {sha256}").format(
        at=sh.moment(d.created_at, utc=True), created_by=d.created_by, sha256=d.sha256))
    if d.parent:
        print(_("  unpacked from {parent}").format(parent=d.parent))
    linked = [record_words(r.kind, r.key, r.name, missing_id=r.target_id) for r in d.linked]
    for label, values in ((_("links"), linked), (_("members"), d.members)):
        if values:
            print(f"  {label}: {', '.join(values)}")
    if d.statement:
        from boclerk.formats.bank import FORMAT_NAMES

        s = d.statement
        for a in s.get("accounts") or [s]:  # a file of several accounts: a statement each
            opening, closing = (_("not given") if a[k] is None else a[k] for k in ("opening", "closing"))
            print(_("  statement {format} of {account} {start}..{end}: {opening} -> {closing} {currency}, "
                    "{lines} lines ({new} new)").format(
                format=FORMAT_NAMES.get(s["format"], s["format"]), account=a["account"], start=sh.day(s["period_start"]),
                end=sh.day(s["period_end"]), opening=opening, closing=closing, currency=a["currency"], lines=a["lines"],
                new=a["new_lines"]))
        for ln in d.bank_lines:
            print(f"  {ln.id:>6} {ln.line_no:>3} {sh.day(ln.booked)} {sh.money(ln.amount):>14} {state_words(ln.status):<9} "
                  f"{ln.match or '-':<16} {ln.counterparty[:30]}")
    if d.text_preview:
        print(_("  --- text (first {shown} of {length} characters) ---").format(shown=len(d.text_preview), length=d.text_length)
              if len(d.text_preview) < d.text_length else _("  --- text ---"))
        print(d.text_preview)


_SHOWS = {"document": show_document, "request": show_request, "equipment": show_equipment, "contract": show_contract}
#: the kinds printed here, as ``boclerk show`` names them
KINDS = tuple(_SHOWS)


def show_by_key(st: State, kind: str, key: str, json_: bool) -> None:
    """``boclerk show KIND KEY`` for the kinds here: a short number (484, 2025-484) made whole first."""
    from boclerk.services.lookup import expand_number, whole_number

    key = whole_number(kind, key)  # so-2026-484: SO-2026-000484
    if key.strip().replace("-", "").isdigit():  # a short number: 484 or 2025-484
        key = st.lookup(expand_number, kind, key)
    _SHOWS[kind](st, key, json_)
