"""What the office's kinds are called where a person reads them: what is attached to a contract,
an item of equipment's events, an internal deal's kind and key, and a contract's other party
(the app's Office screen, the command line's cards and lists). The database, JSON and CSV keep the
stored code, and the commands take it."""

from __future__ import annotations

from collections.abc import Callable

from boclerk.i18n import NP_, N_, _, pgettext

#: what is attached to a contract (contract_link.target_kind)
LINK_WORDS = {
    "document": NP_("contract link", "document"), "annex": NP_("contract link", "annex"),
    "po": NP_("contract link", "purchase order"), "bill": NP_("contract link", "supplier bill"),
    "order": NP_("contract link", "customer order"),
}
#: an event in an item's history (equipment_event.kind)
EVENT_WORDS = {
    "registered": NP_("equipment event", "registered"), "moved": NP_("equipment event", "moved"),
    "condition": NP_("equipment event", "condition"), "service": NP_("equipment event", "service"),
    "planned": NP_("equipment event", "planned"), "written_off": NP_("equipment event", "written off"),
}
#: an internal deal's kind (internal_deal.kind), short for a column and in full for a card
DEAL_WORDS = {"allocation": N_("rule"), "service": N_("agreement")}
DEAL_FULL_WORDS = {"allocation": N_("allocation rule"), "service": N_("service agreement")}
#: an allocation rule's key (internal_deal.basis); "account" reads with the account's code
BASIS_WORDS = {"area": N_("area"), "headcount": N_("headcount"), "fixed": N_("fixed")}
#: the keys as a refusal offers them, another account's amounts among them
BASIS_CHOICES = {**BASIS_WORDS, "account": N_("another account's amounts")}
#: a contract's other party (contract.party_kind)
PARTY_WORDS = {"supplier": N_("supplier"), "customer": N_("customer"), "other": N_("other")}


def _said(context: str | None, table: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    if code not in table:
        return code.replace("_", " ")
    return pgettext(context, table[code]) if context else _(table[code])


def link_word(kind: str) -> str:
    return _said("contract link", LINK_WORDS, kind)


def condition_word(code: str) -> str:
    """An item of equipment's condition in the interface language ("needs repair", not its code)."""
    from boclerk.domain.state_words import state_word

    return state_word(code)


def event_word(kind: str) -> str:
    return _said("equipment event", EVENT_WORDS, kind)


def deal_word(kind: str, *, full: bool = False) -> str:
    return _said(None, DEAL_FULL_WORDS if full else DEAL_WORDS, kind)


def party_word(kind: str) -> str:
    return _said(None, PARTY_WORDS, kind)


def basis_word(basis: str | None, account: str | None = None) -> str:
    """A rule's key: "floor area", or "amounts of 44.01" for another account's amounts."""
    if basis == "account":
        return _("amounts of {account}").format(account=account or "")
    return _said(None, BASIS_WORDS, basis)


def deal_terms(deal, money: Callable[[int | None], str]) -> str:
    """An internal deal's terms in a sentence: who pays whom a month, or what is split over whom by
    which key (``deal``: a row with kind, source, target, fee, shares, basis and basis_account)."""
    if deal.kind == "service":
        return _("{target} pays {source} {fee} a month").format(target=deal.target, source=deal.source,
                                                                 fee=money(deal.fee))
    shares = ", ".join(f"{d} {w}".strip() for d, w in deal.shares) or _("every department with any")
    return _("{source} -> {shares}, by {by}").format(source=deal.source or _("no department"), shares=shares,
                                                     by=basis_word(deal.basis, deal.basis_account))
