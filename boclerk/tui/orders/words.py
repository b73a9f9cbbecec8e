"""An order's codes in words of the interface language: its state, its channel (the codes are
stored; the words are marked N_ here and translated where shown)."""

from __future__ import annotations

from boclerk.domain.sales_words import CHANNEL_WORDS, channel_word  # noqa: F401 - the one table, read by both faces
from boclerk.i18n import N_, _

#: an order's state as the list shows it (short: the column is 14 wide)
STATE_WORDS = {"draft": N_("draft"), "confirmed": N_("confirmed"), "partially_shipped": N_("part. shipped"),
               "shipped": N_("shipped"), "delivered": N_("delivered"), "cancelled": N_("cancelled")}
#: an order's state in full (its own screen)
FULL_STATE_WORDS = {"draft": N_("draft"), "confirmed": N_("confirmed"), "partially_shipped": N_("partially shipped"),
                    "shipped": N_("shipped"), "delivered": N_("delivered"), "cancelled": N_("cancelled")}


#: the states an order waiting for stock (a backorder) is in, with the mark, short enough for the column
BACKORDER_WORDS = {"confirmed": N_("confirmed BO"), "partially_shipped": N_("part. shipped BO")}


def state_word(status: str, backorder: bool = False) -> str:
    """An order's state in the interface language, short (``BO``: it waits for stock)."""
    if backorder and status in BACKORDER_WORDS:
        return _(BACKORDER_WORDS[status])
    word = _(STATE_WORDS[status]) if status in STATE_WORDS else status.replace("_", " ")
    return word + " " + _("BO") if backorder else word
