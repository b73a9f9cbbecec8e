"""The kinds of record the rule book's acts work on (boclerk.domain.acts), and how their states
read in a sentence ("Cannot ship SO-...: it is a draft")."""

from __future__ import annotations

from dataclasses import dataclass, field

from boclerk.domain.state_words import STATE_WORDS
from boclerk.i18n import N_, _


@dataclass(frozen=True)
class Record:
    """A kind of record acts work on, and how its states read in a sentence."""

    kind: str
    noun: str  # "order"
    states: tuple[str, ...]  # in the order of the record's life
    #: how a state reads after "it is" ("a draft"); default: the state's words
    words: dict[str, str] = field(default_factory=dict)
    by_id: bool = False  # named by a bare id ("bank line 12"), not by a number of its own

    def state_message(self, state: str) -> str:
        """How ``state`` reads in a sentence, as written in the code (a catalogue message): what
        :meth:`state_words` says in the interface language, and a stored text in the books'."""
        return self.words.get(state) or STATE_WORDS.get(state) or state.replace("_", " ")

    def state_words(self, state: str) -> str:
        """How ``state`` reads in a sentence, in the interface language."""
        return _(self.state_message(state))

    def later(self, state: str, than: tuple[str, ...]) -> bool:
        """Whether ``state`` comes after every one of ``than`` in the record's life."""
        order = self.states
        return state in order and all(s in order and order.index(state) > order.index(s) for s in than)


_ACTIVE = ("active", "archived")
RECORDS: dict[str, Record] = {r.kind: r for r in (
    Record("order", N_("order"), ("draft", "confirmed", "partially_shipped", "shipped", "delivered", "cancelled"),
           {"draft": N_("a draft")}),
    Record("po", N_("purchase order"),
           ("draft", "sent", "partially_received", "received", "billed", "closed", "cancelled"),
           {"draft": N_("a draft"), "received": N_("received in full"), "closed": N_("closed (received, billed and paid in full)")}),
    Record("bill", N_("supplier bill"), ("held", "posted", "paid", "rejected", "reversed"),
           {"held": N_("held as an exception"), "paid": N_("paid in full")}),
    Record("entry", N_("journal entry"), ("draft", "posted", "reversed"),
           {"draft": N_("a draft"), "posted": N_("posted and not reversed")}),
    Record("draft", N_("draft entry"), ("draft", "posted"), {"draft": N_("a draft")}, by_id=True),
    Record("count", N_("stock count"), ("open", "posted", "cancelled")),
    Record("document", N_("document"), ("inbox", "reviewed", "filed", "archived"), {"inbox": N_("in the inbox")}),
    Record("bank_line", N_("bank line"), ("unmatched", "proposed", "confirmed", "ignored"),
           {"proposed": N_("a proposed match"), "confirmed": N_("confirmed and posted")}, by_id=True),
    Record("product", N_("product"), _ACTIVE),
    Record("customer", N_("customer"), _ACTIVE),
    Record("supplier", N_("supplier"), _ACTIVE),
    Record("request", N_("supply request"),
           ("open", "approved", "ordered", "partially_received", "received", "rejected", "cancelled"),
           {"open": N_("waiting for a decision"), "received": N_("received in full")}),
    Record("equipment", N_("item"), ("in_use", "needs_repair", "in_repair", "in_store", "written_off")),
    Record("contract", N_("contract"), ("draft", "with_lawyer", "signed", "expired", "terminated"),
           {"draft": N_("a draft"), "with_lawyer": N_("with the lawyer")}),
    Record("staff", N_("staff member"), ("active", "left"), {"active": N_("on the staff"), "left": N_("marked as gone")}),
    Record("deal", N_("internal deal"), ("active", "ended")),
)}
