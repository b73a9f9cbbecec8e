"""How a record's state reads where a person reads it (the rule book's refusals, the command line's
tables, cards and the lines it prints after an act); the database, JSON and CSV keep the code.

Kept apart from the rule book (boclerk.domain.acts) so that a quick lookup can say a state without
loading the rule book.
"""

from __future__ import annotations

from boclerk.i18n import N_, _

#: how a state reads when its record says nothing of its own (the code with spaces, for the catalogue)
STATE_WORDS: dict[str, str] = {
    "draft": N_("draft"), "confirmed": N_("confirmed"), "partially_shipped": N_("partially shipped"),
    "shipped": N_("shipped"), "delivered": N_("delivered"), "cancelled": N_("cancelled"), "sent": N_("sent"),
    "partially_received": N_("partially received"), "received": N_("received"), "billed": N_("billed"),
    "closed": N_("closed"), "held": N_("held"), "posted": N_("posted"), "paid": N_("paid"),
    "rejected": N_("rejected"), "reversed": N_("reversed"), "open": N_("open"), "inbox": N_("inbox"),
    "reviewed": N_("reviewed"), "filed": N_("filed"), "archived": N_("archived"), "unmatched": N_("unmatched"),
    "proposed": N_("proposed"), "ignored": N_("ignored"), "active": N_("active"), "approved": N_("approved"),
    "ordered": N_("ordered"), "in_use": N_("in use"), "needs_repair": N_("needs repair"),
    "in_repair": N_("in repair"), "in_store": N_("in store"), "written_off": N_("written off"),
    "with_lawyer": N_("with lawyer"), "signed": N_("signed"), "expired": N_("expired"),
    "terminated": N_("terminated"), "left": N_("left"), "ended": N_("ended"), "unknown": N_("unknown"),
}


def state_word(code: str) -> str:
    """A record's state in the interface language (``partially_shipped``: "partially shipped")."""
    return _(STATE_WORDS[code]) if code in STATE_WORDS else code.replace("_", " ")
