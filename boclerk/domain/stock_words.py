"""What a stock move's kind is called where a person reads it (the product's card in the app, the
command line's moves); the books, JSON and CSV keep the stored code."""

from __future__ import annotations

from boclerk.i18n import N_, _, pgettext

#: a move's kind, short enough for a column
KINDS = {
    "receipt": N_("receipt"), "shipment": N_("shipped"), "transfer_out": N_("transfer out"),
    "transfer_in": N_("transfer in"), "adjustment": N_("adjustment"), "write_off": N_("write-off"),
    "count_gain": N_("count +"), "count_loss": N_("count -"), "customer_return": N_("cust. return"),
    "supplier_return": N_("supp. return"),
}


def kind_word(kind: str) -> str:
    """A stock move's kind in the interface language ("shipped" of a move is not an order's state)."""
    if kind == "shipment":
        return pgettext("stock move", "shipped")
    return _(KINDS[kind]) if kind in KINDS else kind
