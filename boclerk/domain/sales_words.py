"""What an order's channel, a payment's method and a shipment's kind are called where a person
reads them (the app's lists and screens, the command line's tables and cards); the database, JSON
and CSV keep the stored code."""

from __future__ import annotations

from boclerk.i18n import NP_, N_, _, pgettext

#: a channel as the lists show it (the code is stored)
CHANNEL_WORDS = {"website": N_("website"), "marketplace": N_("marketplace"), "phone": N_("phone"), "shop": N_("shop")}


def channel_word(channel: str) -> str:
    """A channel in the interface language; a code without a word stays as stored."""
    return _(CHANNEL_WORDS[channel]) if channel in CHANNEL_WORDS else channel


#: how a payment was made, and what moved goods, as an order's screen and card say them (codes are stored)
METHOD_WORDS = {"card": N_("card"), "bank": N_("bank"), "cash": N_("cash")}
MOVE_WORDS = {"ship": NP_("stock move", "ship"), "return": NP_("stock move", "return")}


def method_word(method: str) -> str:
    return _(METHOD_WORDS[method]) if method in METHOD_WORDS else method


def move_word(kind: str) -> str:
    return pgettext("stock move", MOVE_WORDS[kind]) if kind in MOVE_WORDS else kind
