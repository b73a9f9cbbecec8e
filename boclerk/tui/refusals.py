"""A refusal's sentence as the app says it: the service's words, and the app's own way to what
they ask for where the service names no face's (the command line adds its commands instead)."""

from __future__ import annotations

from boclerk.domain.acts import ACTS
from boclerk.errors import BoclerkError, CompanyDetailsMissing, PartnerArchived, ProductArchived
from boclerk.i18n import _

#: the partner card's restore binding: its id (a person's keymap may give it another key) and key
RESTORE_ID, RESTORE_KEY = "card.restore", "r"


def refusal_words(exc: BoclerkError, app=None) -> str:
    """A refusal's sentence as the app says it: with the app's own way to what it asks for (the
    company's missing details: the palette's Company details, or to a person the rule book does not
    let open it, an administrator; an archived partner or product: their card's restore key, to a
    person ``app``'s role lets restore them), where the service names no face's."""
    if isinstance(exc, PartnerArchived):
        restore = ACTS["customers.restore" if exc.side == "customer" else "purchases.restore_supplier"]
        if app is None or not restore.may(getattr(app, "role", None)):
            return exc.message
        return exc.message + " " + _("To restore them: {key} on their card.").format(key=restore_key(app))
    if isinstance(exc, ProductArchived):
        restore = ACTS["stock.restore_product"]
        if app is None or not restore.may(getattr(app, "role", None)):
            return exc.message
        return exc.message + " " + _("To restore it: {key} on the product's card.").format(
            key=restore_key(app, restore.id, restore.key))

    if isinstance(exc, CompanyDetailsMissing):
        form = _(ACTS["ledger.company"].label)
        if not exc.may_set:
            return exc.message + " " + _("Ask an administrator to fill them in under {form}.").format(form=form)
        return exc.message + " " + _("Fill them in under {form} (ctrl+p).").format(form=form)
    return exc.message


def restore_key(app, binding: str = RESTORE_ID, key: str = RESTORE_KEY) -> str:
    """The key that restores an archived record on its card (a partner's unless told another
    ``binding`` id and its ``key``), as the person's keymap has it."""
    keys = getattr(app, "keymap_overrides", {}).get(binding) or key
    return keys.split(",")[0].strip()
