"""What a document's type and a document's or bank line's state are called where a person reads
them (the app's Documents screen, the command line's lists and cards); JSON and CSV keep the code."""

from __future__ import annotations

from boclerk.i18n import NP_, N_, _, pgettext

#: a type as a list and a document's heading say it, short
_TYPE_WORDS = {
    "supplier_invoice": NP_("document type", "supplier invoice"),
    "upd": NP_("document type", "UPD"),
    "waybill": NP_("document type", "waybill"),
    "act": NP_("document type", "act"),
    "contract": NP_("document type", "contract"),
    "receipt": NP_("document type", "receipt"),
    "bank_statement": NP_("document type", "bank statement"),
    "customer_invoice": NP_("document type", "customer invoice"),
    "packing_slip": NP_("document type", "packing slip"),
    "purchase_order": NP_("document type", "purchase order"),
    "reconciliation": NP_("document type", "reconciliation"),
    "other": NP_("document type", "other"),
}
#: how a document's and a bank line's state read (the stored code is not translated)
STATE_WORDS = {"inbox": N_("inbox"), "reviewed": N_("reviewed"), "filed": N_("filed"), "archived": N_("archived"),
               "unmatched": N_("unmatched"), "proposed": N_("proposed"), "confirmed": N_("confirmed"),
               "ignored": N_("ignored"), "partial": N_("partial")}
#: what a bank line list may be asked for: a line's state, or those still waiting, or all of them
LINE_STATUS_WORDS = {"unmatched": N_("unmatched"), "proposed": N_("match proposed"),
                     "confirmed": N_("match confirmed"), "ignored": N_("set aside"),
                     "waiting": N_("unmatched or proposed"), "all": N_("all lines")}


def type_words(code: str) -> str:
    """A document type as the interface names it (the stored code stays as it is)."""
    label = _TYPE_WORDS.get(code)
    return pgettext("document type", label) if label else code.replace("_", " ")


def state_words(code: str) -> str:
    label = STATE_WORDS.get(code)
    return _(label) if label else code.replace("_", " ")


#: what a bank line was matched with, where it is not a document's number (an order's or a bill's)
_MATCH_WORDS = {"fee": NP_("bank match", "bank fee"), "account": NP_("bank match", "account"),
                "order": NP_("bank match", "order"), "bill": NP_("bank match", "bill")}
#: what a registered file was read as (sniffed from its bytes); the formats' own names stay as they are
_FILE_KIND_WORDS = {"text": NP_("file kind", "text"), "image": NP_("file kind", "image"),
                    "other": NP_("file kind", "other")}


def match_words(label: str) -> str:
    """A bank line's match as a list shows it: the number of its order or bill, or what it is."""
    word = _MATCH_WORDS.get(label)
    return pgettext("bank match", word) if word else label


def file_kind_words(kind: str) -> str:
    """A file's kind as a document's card says it: PDF, XML, CSV, ZIP, or text, image, other in words."""
    word = _FILE_KIND_WORDS.get(kind)
    return pgettext("file kind", word) if word else kind.upper()


#: the kind of a record a document is linked to, or of its customer or supplier (LinkKind)
_RECORD_WORDS = {"order": NP_("linked record", "order"), "po": NP_("linked record", "purchase order"),
                 "bill": NP_("linked record", "supplier bill"), "entry": NP_("linked record", "journal entry"),
                 "customer": NP_("linked record", "customer"), "supplier": NP_("linked record", "supplier")}


def record_kind_words(kind: str) -> str:
    word = _RECORD_WORDS.get(kind)
    return pgettext("linked record", word) if word else kind.replace("_", " ")


def record_words(kind: str, key: str, name: str = "", *, missing_id: int | None = None) -> str:
    """A record a document concerns as its card names it: an order, purchase order, bill or entry
    by its kind and number ("order SO-2026-000042"), a customer or supplier by its kind, name and
    code ("supplier Romashka LLC (S022)"); ``key`` is what the command line takes (``supplier:S022``),
    empty for a record that is gone (``missing_id``)."""
    what = record_kind_words(kind)
    if not key:
        return _("{kind} #{target_id} (missing)").format(kind=what, target_id=missing_id)
    if ":" in key:  # customer:CODE, supplier:CODE
        code = key.split(":", 1)[1]
        return _("{kind} {name} ({code})").format(kind=what, name=name, code=code) if name else f"{what} {code}"
    return f"{what} {key}"


def party_words(key: str, name: str = "") -> str:
    """A document's customer or supplier (``customer:CODE``) on a line of its own: "Supplier
    Romashka LLC (S022)"; nothing for none."""
    if not key:
        return ""
    said = record_words(key.split(":", 1)[0], key, name)
    return said[:1].upper() + said[1:]
