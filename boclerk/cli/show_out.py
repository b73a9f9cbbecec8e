"""What ``boclerk show`` prints for a product, a purchase order, a supplier bill and a journal
entry, without typer (and, off a terminal, without rich).

The typer commands (``boclerk show``, ``purchase show``, ``purchase bill-show``, ``ledger show``,
``product show``) and the quick path that answers ``boclerk show`` before typer is loaded
(:mod:`boclerk.cli.quick`) both print through these functions, so the two cannot say different
things. The records are read by plain-SQL services (:mod:`boclerk.services.purchasing.view`,
:mod:`boclerk.services.ledger.entry_view`, :mod:`boclerk.services.catalog.product_view`).
"""

from __future__ import annotations

from boclerk.cli.output import Shop, shop
from boclerk.cli.state import State, emit_json, plain, state_word
from boclerk.i18n import N_, _


def show(st: State, kind: str, key: str, json_: bool) -> None:
    """``boclerk show KIND KEY`` for an order, product, purchase order, bill or entry: a short
    number (484, 2025-484) made whole first."""
    from boclerk.services.lookup import expand_number, whole_number

    key = whole_number(kind, key)  # so-2026-484: SO-2026-000484
    if key.strip().replace("-", "").isdigit():  # a short number: 484 or 2025-484
        key = st.lookup(expand_number, kind, key)
    if kind == "order":
        from boclerk.cli.lookup_out import show_order

        return show_order(st, key, json_)
    {"product": show_product, "po": show_po, "bill": show_bill, "entry": show_entry}[kind](st, key, json_)


def print_product(sh: Shop, row) -> None:
    """A product's fields, a line each (what ``product show`` prints)."""
    from boclerk.domain.units import unit_symbol
    from boclerk.domain.tax_rules import rate_label
    from boclerk.domain.tax_words import category_word
    from boclerk.i18n import language
    from boclerk.services.lookup import product_kind

    print(f"{row.sku}  {row.name}")
    print(_("  kind {kind}, unit {unit}, category {category}, {active}").format(
        kind=product_kind(row.kind), unit=unit_symbol(row.unit, language()), category=row.category or "-", active=_("active") if row.active else _("archived")))
    print((_("  price {price} (VAT {rate} included, {category}), standard cost {cost}") if row.prices_include_vat else
           _("  price {price} (VAT {rate} on top, {category}), standard cost {cost}")).format(
        price=sh.money(row.sale_price), rate=rate_label(row.vat_rate), category=category_word(row.vat_category),
        cost=sh.money(row.standard_cost)))
    print(_("  reorder below {point}, order {qty}").format(point=row.reorder_point, qty=row.reorder_qty)
          + (_(", supplier {code}").format(code=row.preferred_supplier) if row.preferred_supplier else ""))
    if row.barcodes:
        print(_("  barcodes {barcodes}").format(barcodes=", ".join(row.barcodes)))
    if row.description:
        print("  " + row.description.replace("\n", "\n  "))


def show_product(st: State, key: str, json_: bool) -> None:
    """One product: its fields, its stock in each warehouse and its last ten moves."""
    from boclerk.cli.boxed import print_boxed_table
    from boclerk.domain.stock_words import kind_word
    from boclerk.services.catalog.product_view import product_card

    card = st.lookup(product_card, key)
    sh = shop(st)
    if json_:
        emit_json(plain(card, sh.currency))
        return
    print_product(sh, card.product)
    if card.levels:
        print_boxed_table(N_("Stock"), [N_("warehouse"), N_("on hand"), N_("reserved"), N_("available")],
                          [(r.warehouse, r.on_hand, r.reserved, r.available) for r in card.levels],
                          right=[N_("on hand"), N_("reserved"), N_("available")])
    if card.moves:
        print_boxed_table(N_("Last moves"), [N_("date"), N_("wh"), N_("kind"), N_("qty"), N_("value"), N_("after"),
                                             N_("source")],
                          [(sh.day(m.move_date), m.warehouse, kind_word(m.kind), f"{m.qty:+}", sh.money(m.value), m.running_qty, m.source)
                           for m in card.moves], right=[N_("qty"), N_("value"), N_("after")])


def show_po(st: State, number: str, json_: bool) -> None:
    """One purchase order with its lines, bills and history."""
    from boclerk.services.purchasing.view import po_detail

    d = st.lookup(po_detail, number)
    sh = shop(st)
    if json_:
        emit_json(plain(d, sh.currency))
        return
    print(f"{d.number}  {sh.day(d.order_date)}  {state_word(d.status)}  {d.supplier} {d.supplier_name}  -> {d.warehouse}")
    for ln in d.lines:
        print(f"  {ln.line_no:>2} {ln.sku:<14} {ln.name[:30]:<30} {ln.qty:>5} x {sh.money(ln.unit_price):>12}  "
              + _("received {received}, billed {billed}").format(received=ln.received, billed=ln.billed))
    for b in d.bills:
        print(_("  bill {number} ({supplier_ref}) {status} {total} paid {paid}").format(
            number=b.number, supplier_ref=b.supplier_ref, status=state_word(b.status), total=sh.money(b.total),
            paid=sh.money(b.paid)))
    print(_("  total {total} net").format(total=sh.money(d.total)))


def show_bill(st: State, number: str, json_: bool) -> None:
    """One supplier bill: its lines, allowances and charges, the supplier's notes, what is owed."""
    from boclerk.services.purchasing.view import bill_detail

    d = st.lookup(bill_detail, number)
    sh = shop(st)
    if json_:
        emit_json(plain(d, sh.currency))
        return
    b = d.bill
    print(_("{number}  {supplier} bill {ref} of {day}, due {due}, {state}").format(
        number=b.number, supplier=b.supplier, ref=b.supplier_ref, day=sh.day(b.bill_date), due=sh.day(b.due_date),
        state=state_word(b.status)) + (f" ({b.hold_reason})" if b.hold_reason else ""))
    for ln in d.lines:
        print(_("  {line_no:>2} {sku:<14} {qty:>5} x {unit_price:>12} net {net} VAT {vat}").format(
            line_no=ln.line_no, sku=ln.sku, qty=ln.qty, unit_price=sh.money(ln.unit_price), net=sh.money(ln.net),
            vat=sh.money(ln.vat)))
    for a in d.adjustments:
        what = (_("charge") if a.charge else _("allowance")) + (_(" on line {line}").format(line=a.line) if a.line else "")
        print(_("     {what}: {reason} net {net} VAT {vat}").format(what=what, reason=a.reason[:40], net=sh.money(a.net),
                                                                    vat=sh.money(a.vat)))
    print(_("  net {net}, VAT {vat}, total {total}, paid {paid}").format(
        net=sh.money(d.net), vat=sh.money(d.vat), total=sh.money(b.total), paid=sh.money(b.paid))
          + (_("; entry {number}").format(number=d.entry) if d.entry else ""))
    for n in d.notes:
        print((_("  credit note {number} ({ref}) of {day}: net {net} VAT {vat} total {total}") if n.kind == "credit" else
               _("  debit note {number} ({ref}) of {day}: net {net} VAT {vat} total {total}")).format(
            number=n.number, ref=n.supplier_ref, day=sh.day(n.note_date), net=sh.money(n.net), vat=sh.money(n.vat),
            total=sh.money(n.total)) + (_("; entry {number}").format(number=n.entry) if n.entry else ""))
    if d.notes:
        print(_("  owed after its notes and payments: {owed}").format(owed=sh.money(d.owed)))
    if d.prepaid:
        print((_("  the supplier's invoice says {amount} was paid ahead") if b.paid >= d.prepaid else
               _("  the supplier's invoice says {amount} was paid ahead; match that payment's bank line to this bill"))
              .format(amount=sh.money(d.prepaid)))


def show_entry(st: State, key: str, json_: bool) -> None:
    """One journal entry with its lines (a draft by its #id)."""
    from boclerk.services.ledger.entry_view import entry_detail

    d = st.lookup(entry_detail, key)
    sh = shop(st)
    if json_:
        emit_json(plain(d, sh.currency))
        return
    print(f"{d.number or '#' + str(d.id)}  {sh.day(d.entry_date)}  {state_word(d.status)}  {d.memo}")
    if d.source:
        print(_("  source {source}").format(source=d.source))
    if d.reverses:
        print(_("  reverses {reverses}").format(reverses=d.reverses))
    if d.reversed_by:
        print(_("  reversed by {reversed_by}").format(reversed_by=d.reversed_by))
    for line in d.lines:
        print(f"  {line.account:<8} {line.account_name:<36} {line.department or '':<6} "
              f"{sh.money(line.debit) if line.debit else '':>16} {sh.money(line.credit) if line.credit else '':>16}")
