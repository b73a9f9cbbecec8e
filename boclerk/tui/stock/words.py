"""A stocktake's state in words of the interface language (the code is stored)."""

from __future__ import annotations

from boclerk.i18n import N_, _

#: a stocktake's state in words (the code is stored)
COUNT_STATES = {"open": N_("open"), "posted": N_("posted"), "cancelled": N_("cancelled")}


def count_state(status: str) -> str:
    return _(COUNT_STATES[status]) if status in COUNT_STATES else status
