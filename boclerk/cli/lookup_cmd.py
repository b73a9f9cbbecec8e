"""``boclerk find`` and ``boclerk show``: the quick lookups (they never import textual)."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import _
from boclerk.cli.common import run_lookup, state
from boclerk.cli.options import JsonOpt
from boclerk.errors import InvalidInput

SHOW_KINDS = ("order", "product", "customer", "supplier", "po", "bill", "entry", "document", "request", "equipment",
              "contract")


def find(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A number, name, SKU, barcode, email, phone or tax id.")],
    kind: Annotated[str | None, typer.Option("--kind", help="Only records of this kind: order, customer, product, "
                                                                     "supplier, po, bill, entry, document, request, "
                                                                     "equipment or contract.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="At most this many per kind.")] = 10,
    json_: JsonOpt = False,
) -> None:
    """Find records across the shop: best matches first, grouped by kind."""
    from boclerk.cli.lookup_out import find as find_out

    code = find_out(state(ctx), text, kind, limit, json_)
    if code:
        raise typer.Exit(code)


def show(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="What it is: order, product, customer, supplier, po, bill, entry, "
                                                  "document, request, equipment or contract.")],
    key: Annotated[str, typer.Argument(help="The record's number, SKU or code.")],
    json_: JsonOpt = False,
) -> None:
    """One record in full."""
    kind = kind.strip().lower()
    if kind not in SHOW_KINDS:
        raise InvalidInput(_("'{kind}' is not something boclerk shows; choose one of: {kinds}.").format(
            kind=kind, kinds=", ".join(SHOW_KINDS)))
    if kind in ("order", "product", "po", "bill", "entry"):  # printed as the quick path prints them
        from boclerk.cli.show_out import show as show_out

        return show_out(state(ctx), kind, key, json_)
    from boclerk.cli import lookup_office_out

    if kind in lookup_office_out.KINDS:  # printed as the quick path prints them
        return lookup_office_out.show_by_key(state(ctx), kind, key, json_)
    from boclerk.services.lookup import expand_number, whole_number

    key = whole_number(kind, key)  # so-2026-484: SO-2026-000484
    if key.strip().replace("-", "").isdigit():  # a short number: 484 or 2025-484
        key = run_lookup(ctx, expand_number, kind, key)
    if kind == "customer":
        from boclerk.cli.partner_cmd import c_show

        return c_show(ctx, key, json_)
    if kind == "supplier":
        from boclerk.cli.partner_cmd import s_show

        return s_show(ctx, key, json_)
    raise AssertionError(kind)  # every kind in SHOW_KINDS is answered above
