"""What ``boclerk find`` and ``boclerk show order`` print, without typer.

The typer commands (:mod:`boclerk.cli.lookup_cmd`, :mod:`boclerk.cli.order_cmd`) and the quick
path that answers them before typer is loaded (:mod:`boclerk.cli.quick`) both print through
these functions, so the two cannot say different things.
"""

from __future__ import annotations

import sys

from boclerk.cli.state import State, emit_json, err, plain, state_word
from boclerk.i18n import N_, _


def find(st: State, text: str, kind: str | None, limit: int, json_: bool) -> int:
    """Find records across the shop; the exit code (4: nothing matches, as ``show`` of a record that
    is not there, with its sentence on stderr; with --json an empty list on stdout all the same, so
    that what reads it always gets a JSON document)."""
    from boclerk.services.lookup import find as svc

    kinds = tuple(k.strip() for k in kind.split(",")) if kind else None
    found = st.lookup(svc, text, kinds=kinds, limit=limit)
    if json_:
        emit_json(plain(found, ""))
    if not found:
        err(_("Nothing matches '{text}'.").format(text=text))
        return 4
    if json_:
        return 0
    groups: dict[str, list] = {}
    for f in found:
        groups.setdefault(f.kind, []).append(f)
    from boclerk.cli.output import print_plain_table

    # plain aligned text, fitted to a terminal: loading rich would be a third of a lookup's time
    terminal = sys.stdout.isatty()
    for kind_name, rows in groups.items():
        print_plain_table(kind_name, [N_("key"), N_("what"), N_("details")],
                          [(f.key, _after_key(f.title, f.key), _after_key(f.detail, f.key)) for f in rows],
                          terminal=terminal)
    return 0


def _after_key(text: str, key: str) -> str:
    """``text`` without the record's key in front (the palette's label names it; the table's first
    column already does)."""
    head, _space, rest = text.partition(" ")
    return rest if head == key and rest else text


def show_order(st: State, number: str, json_: bool) -> None:
    """One order: lines, reservations, payments, shipments and history."""
    from decimal import Decimal

    from boclerk.cli.output import shop
    from boclerk.domain.audit_words import action_word
    from boclerk.domain.sales_words import channel_word, method_word, move_word
    from boclerk.services.sales.view import order_detail

    d = st.lookup(order_detail, number)
    sh = shop(st)
    if json_:
        emit_json(plain(d, sh.currency))
        return
    print(f"{d.number}  {sh.day(d.order_date)}  {state_word(d.status)}" + (_(" (backorder)") if d.backorder else "")
          + (_("  (imported history: no stock moves, no postings)") if d.historical else ""))
    print(_("  customer {code} {name}; {channel}; warehouse {warehouse}").format(
        code=d.customer, name=d.customer_name, channel=channel_word(d.channel) + (" " + d.channel_ref if d.channel_ref else ""),
        warehouse=d.warehouse or "-"))
    if d.delivery_address:
        print(_("  deliver to {address}").format(address=d.delivery_address))
    print(_("  total {total} (VAT {vat}), paid {paid}, shipped {shipped}, due {due}").format(
        total=sh.money(d.total), vat=sh.money(d.vat_total), paid=sh.money(d.paid), shipped=sh.money(d.invoiced),
        due=sh.money(d.due)))
    for ln in d.lines:
        off = Decimal(ln.discount_percent)  # as the shop writes a number: -12,5% in Russian
        off_text = f" -{sh.figure(off)}%" if off else ""
        print(f"  {ln.line_no:>2} {ln.sku:<14} {ln.name[:30]:<30} {ln.qty:>5} x {sh.money(ln.unit_price):>12}"
              f"{off_text} = {sh.money(ln.gross):>12}  "
              + _("shipped {shipped}, returned {returned}, reserved {reserved}").format(
                  shipped=ln.shipped, returned=ln.returned, reserved=ln.reserved))
    # the payments' and shipments' words in one column, as wide as the widest of them
    whats = [_("payment") if p.amount > 0 else _("refund") for p in d.payments] + [move_word(s.kind) for s in d.shipments]
    wide = max([7, *map(len, whats)])
    for p, what in zip(d.payments, whats, strict=False):
        print(f"  {what:<{wide}} {sh.day(p.paid_on)} {method_word(p.method):<5} {sh.money(p.amount):>12} {p.entry or ''}")
    for s, what in zip(d.shipments, whats[len(d.payments):], strict=True):
        damaged = _("damaged") + " " if s.damaged else ""
        print(f"  {what:<{wide}} {sh.day(s.day)} {sh.money(s.net + s.vat):>12} {damaged}{s.entry or ''}")
    print(_("  history:"))
    for h in d.history:
        print(f"    {sh.moment(h.at)} {h.actor:<10} {action_word(h.action)}")


def show_partner(st: State, side: str, code: str, json_: bool) -> None:
    """One customer or supplier: each field on a line (``--json``: the row)."""
    from boclerk.services.lookup import partner

    from boclerk.cli.output import print_card, shop
    from boclerk.domain.card_words import CUSTOMER_LABELS, SUPPLIER_LABELS

    row = st.lookup(partner, side, code)
    if json_:
        emit_json(plain(row, shop(st).currency))
        return
    print_card(shop(st), row, CUSTOMER_LABELS if side == "customer" else SUPPLIER_LABELS)



def show_company(st: State, json_: bool) -> None:
    """``boclerk company show``: the company's details, each on a line (``--json``: the row)."""
    from boclerk.services.platform.company import company_details

    from boclerk.cli.output import print_card, shop
    from boclerk.domain.card_words import COMPANY_LABELS

    row = st.lookup(company_details)
    if json_:
        emit_json(plain(row, shop(st).currency))
        return
    print_card(shop(st), row, COMPANY_LABELS)
