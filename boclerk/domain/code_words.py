"""The codes one may type, as a refusal lists them after "choose": typed in English in any language
("bank", "sole_trader"), and said in words beside them where the sentence is not in English, as the
command line's help says them: «bank (банковский перевод), card (карта) или cash (наличные)». In
English the codes are words already: "bank, card or cash".

One way to say it for every refusal that lists codes, so that a clerk who reads no English is never
left to guess what "partially_received" or "usn_vat7" stands for."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from boclerk.i18n import N_, NP_, _, pgettext, words_language

#: a way to pay as a choice says it (the tables' "bank" is short for this)
PAY_WORDS = {"bank": N_("bank transfer"), "card": N_("card"), "cash": N_("cash")}

#: what one finds, imports or exports, as a choice says it
_DATA_WORDS = {
    "order": NP_("data kind", "orders"), "orders": NP_("data kind", "orders"),
    "order-lines": NP_("data kind", "order lines"), "customer": NP_("data kind", "customers"),
    "customers": NP_("data kind", "customers"), "product": NP_("data kind", "products"),
    "products": NP_("data kind", "products"), "supplier": NP_("data kind", "suppliers"),
    "suppliers": NP_("data kind", "suppliers"), "po": NP_("data kind", "purchase orders"),
    "bill": NP_("data kind", "supplier bills"), "entry": NP_("data kind", "journal entries"),
    "entries": NP_("data kind", "journal entries"), "postings": NP_("data kind", "postings"),
    "document": NP_("data kind", "documents"), "request": NP_("data kind", "supply requests"),
    "equipment": NP_("data kind", "equipment"), "contract": NP_("data kind", "contracts"),
    "stock": NP_("data kind", "stock levels"), "stock-count": NP_("data kind", "stock count"),
}


def data_word(code: str) -> str:
    """What a kind of data one finds, imports or exports is, in the language spoken now."""
    return pgettext("data kind", _DATA_WORDS[code]) if code in _DATA_WORDS else code


def choices(codes: Iterable[str], words: Callable[[str], str] | Mapping[str, str] | None = None) -> str:
    """``codes`` joined as a choice ("a, b or c"), each with its meaning in parentheses when the
    sentence is said in another language than English. ``words`` gives a code's meaning: a function
    that says it in the language spoken now (``state_word``), or a table of messages marked with
    ``N_``; a code it does not know, or says as the code itself, stands alone."""
    codes = list(codes)
    if words_language() != "en" and words is not None:
        said = []
        for code in codes:
            if callable(words):
                meaning = words(code)
            else:
                meaning = _(words[code]) if code in words else ""
            said.append(f"{code} ({meaning})" if meaning and meaning != code else code)
    else:
        said = codes
    if len(said) < 2:
        return "".join(said)
    return _("{codes} or {last}").format(codes=", ".join(said[:-1]), last=said[-1])
