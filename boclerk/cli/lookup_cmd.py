"""``boclerk find`` and ``boclerk show``: the quick lookups (they never import textual)."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import (
    emit_json,
    plain,
    print_table,
    run_lookup,
    run_read,
    state,
)
from boclerk.errors import InvalidInput

SHOW_KINDS = ("order", "product", "customer", "supplier", "po", "bill", "entry", "document", "request", "equipment",
              "contract")


def find(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A number, name, SKU, barcode, email, phone or tax id.")],
    kind: Annotated[str | None, typer.Option("--kind", help="order, customer, product, supplier, po, bill, entry, document, "
                                                                     "request, equipment or contract.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="At most this many per kind.")] = 10,
    json_: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find records across the shop: best matches first, grouped by kind."""
    from boclerk.cli.lookup_out import find as find_out

    code = find_out(state(ctx), text, kind, limit, json_)
    if code:
        raise typer.Exit(code)


def show(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="order, product, customer, supplier, po, bill, entry, document, request, "
                                                  "equipment or contract.")],
    key: Annotated[str, typer.Argument(help="The record's number, SKU or code.")],
    json_: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """One record in full."""
    kind = kind.strip().lower()
    if kind not in SHOW_KINDS:
        raise InvalidInput(_("'{kind}' is not something boclerk shows; choose one of: {kinds}.").format(
            kind=kind, kinds=", ".join(SHOW_KINDS)))
    if kind == "order":
        from boclerk.cli.lookup_out import show_order_by_key

        return show_order_by_key(state(ctx), key, json_)
    from boclerk.cli import lookup_office_out

    if kind in lookup_office_out.KINDS:
        return lookup_office_out.show_by_key(state(ctx), kind, key, json_)
    if key.strip().replace("-", "").isdigit():  # a short number: 484 or 2025-484
        from boclerk.services.lookup import expand_number

        key = run_lookup(ctx, expand_number, kind, key)
    if kind == "po":
        from boclerk.cli.purchase_cmd import show as po_show

        return po_show(ctx, key, json_)
    if kind == "bill":
        from boclerk.cli.purchase_cmd import bill_show

        return bill_show(ctx, key, json_)
    if kind == "entry":
        from boclerk.cli.ledger_cmd import show as entry_show

        return entry_show(ctx, key, json_)
    if kind == "customer":
        from boclerk.cli.partner_cmd import c_show

        return c_show(ctx, key, json_)
    if kind == "supplier":
        from boclerk.cli.partner_cmd import s_show

        return s_show(ctx, key, json_)
    return _show_product(ctx, key, json_)


def _show_product(ctx: typer.Context, key: str, json_: bool) -> None:
    from boclerk.cli.output import shop
    from boclerk.services.catalog.products import get_product
    from boclerk.services.stock.queries import levels, product_moves

    def load(uow):
        product = get_product(uow, key)
        return product, levels(uow, sku=product.sku), product_moves(uow, product.sku, limit=10)

    product, lv, moves = run_read(ctx, load)
    sh = shop(state(ctx))
    if json_:
        emit_json({"product": plain(product, sh.currency), "levels": plain(lv, sh.currency),
                   "moves": plain(moves, sh.currency)})
        return
    from boclerk.cli.catalog_cmd import _print_product

    _print_product(ctx, product, False)
    if lv:
        print_table(N_("Stock"), [N_("warehouse"), N_("on hand"), N_("reserved"), N_("available")],
                    [(r.warehouse, r.on_hand, r.reserved, r.available) for r in lv],
                    right=[N_("on hand"), N_("reserved"), N_("available")])
    if moves:
        print_table(N_("Last moves"), [N_("date"), N_("wh"), N_("kind"), N_("qty"), N_("value"), N_("after"), N_("source")],
                    [(m.move_date, m.warehouse, m.kind, f"{m.qty:+}", sh.money(m.value), m.running_qty, m.source)
                     for m in moves], right=[N_("qty"), N_("value"), N_("after")])
